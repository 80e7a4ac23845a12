"""tests/jobs_emulate.py - the kernel suite again with kmemcheck.emulate=1.

The single-stepped path stays the reference: every in-kernel test must
pass with plain moves emulated in the fault handler too. The same boot
shows trace mode naming both paths (kmemcheck_emulate_trace_paths does
one emulated and one stepped access), and a bad value is warned about.
"""


def job_emulate_suite(run):
    res = run.Result()
    name = 'kmemcheck.emulate=1'
    status, text = run.boot(name, 'ktest kmemcheck.emulate=1')
    log = run.log_path(name)
    run.parse_ktest(res, 'kernel-emulate:', status, text, log)
    res.add(name + ':banner',
            'plain moves emulated in the fault handler' in text,
            'boot log lacks the emulation banner; see %s' % log)
    res.add(name + ':trace-emulated',
            'trace:   emulated through the alias, no single step' in text,
            'no trace step says it was emulated; see %s' % log)
    res.add(name + ':trace-stepped', 'trace: #DB dr6 ' in text,
            'no trace step says it was single-stepped; see %s' % log)
    return res


def job_emulate_bad_value(run):
    res = run.Result()
    name = 'kmemcheck.emulate=7'
    status, text = run.boot(name, 'kmemcheck.emulate=7 '
                            'ktest=kmemcheck_emulate_refusals')
    log = run.log_path(name)
    run.parse_ktest(res, name + ':', status, text, log)
    boot_log = text.split('ktest: running tests')[0]
    res.add(name + ':warning',
            "cmdline: warning: ignoring 'kmemcheck.emulate'" in boot_log,
            'no warning naming kmemcheck.emulate; see %s' % log)
    res.add(name + ':default-off',
            'plain moves emulated' not in boot_log,
            'a bad value turned emulation on; see %s' % log)
    return res


def jobs(run):
    return [(lambda: job_emulate_suite(run), 'kmemcheck.emulate=1'),
            (lambda: job_emulate_bad_value(run), 'kmemcheck.emulate=7')]
