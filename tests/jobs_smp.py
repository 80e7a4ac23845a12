"""tests/jobs_smp.py - the kernel on four CPUs: bring-up, work, calls, locks.

The in-kernel tests smp_* (tests/test_smp.c, tests/test_smp_kmemcheck.c)
with -smp 4, whose printed reports must name each AP that made a bug, and
a stack overflow on CPU 1, whose double fault must reach CPU 1's own task
and stack and name CPU 1 in the panic.
"""

SMP = ('-smp', '4')

CRASH = 'crash_smp_ap_stack_overflow'
CRASH_PATTERNS = [
    r'^KERNEL PANIC on CPU 1: double fault',
    r'^CR2: cf0[0-9a-f]{5}',
    r'^EIP: [0-9a-f]{8} ap_recurse\+0x',
    r'Call Trace:\n \[<[0-9a-f]{8}>\] ap_recurse\+0x',
]


def job_smp_suite(run):
    res = run.Result()
    name = 'smp=4'
    status, text = run.boot(name, 'ktest=smp_', extra=SMP)
    log = run.log_path(name)
    run.parse_ktest(res, 'kernel-smp4:', status, text, log)
    res.add(name + ':online', 'smp: 4 CPUs online' in text,
            'no "smp: 4 CPUs online" line; see %s' % log)
    for cpu in range(1, 4):
        res.add('%s:report-names-cpu-%d' % (name, cpu),
                run.re.search(r'^CPU: %d$' % cpu, text, run.re.M)
                is not None,
                'no report says "CPU: %d"; see %s' % (cpu, log))
    return res


def job_smp_crash(run):
    res = run.Result()
    name = 'panic:' + CRASH
    status, text = run.boot(name, 'ktest=' + CRASH, extra=SMP)
    log = run.log_path(name)
    res.add(name + ':exit-status', status == run.QEMU_FAIL,
            'QEMU exit status %s, expected %d; see %s'
            % (status, run.QEMU_FAIL, log))
    for pat in CRASH_PATTERNS:
        res.add(name + ':' + pat[:40],
                run.re.search(pat, text, run.re.M) is not None,
                'panic output lacks /%s/; see %s' % (pat, log))
    return res


def job_smp_shell(run):
    """The shell on four CPUs: a demo run on CPU 2 reports there, and the
    report names CPU 2."""
    res = run.Result()
    name = 'smp-shell'
    q = run.Interactive(name, run.qemu_cmd(['-kernel', run.kernel_elf()],
                                           SMP))
    pos = q.wait_for('kmemcheck> ')
    res.add(name + ':prompt', pos >= 0, 'no shell prompt; see %s'
            % run.log_path(name))
    if pos >= 0:
        q.type('demo 1 2\r')
        end = q.wait_for('kmemcheck> ', pos, timeout=30)
        out = q.text()[pos:end] if end >= 0 else q.text()[pos:]
        res.add(name + ':report', run.re.search(
            r'^WARNING: kmemcheck: Caught 32-bit read from uninitialized',
            out, run.re.M) is not None, 'demo 1 on CPU 2 gave no report; '
            'see %s' % run.log_path(name))
        res.add(name + ':cpu', run.re.search(r'^CPU: 2$', out, run.re.M)
                is not None, 'the report does not name CPU 2; see %s'
                % run.log_path(name))
    q.type('halt\r')
    status = q.finish(timeout=20)
    res.add(name + ':halt', status == run.QEMU_PASS,
            'halt: QEMU exit status %s' % status)
    return res


def jobs(run):
    return [(lambda: job_smp_suite(run), 'smp=4'),
            (lambda: job_smp_crash(run), 'panic:' + CRASH),
            (lambda: job_smp_shell(run), 'smp-shell')]
