"""tests/jobs_checker.py - checker boots the kernel suite cannot judge alone.

- A panic in the middle of a kmemcheck single step prints the EFLAGS of
  the code that ran, not kmemcheck's TF and cleared IF.
- The serial input tests pass while bytes keep arriving on the line.
"""
import re
import subprocess


def job_panic_in_step(run):
    res = run.Result()
    test = 'crash_kmemcheck_panic_in_step'
    name = 'panic:' + test
    status, text = run.boot(name, 'ktest=' + test)
    log = run.log_path(name)
    res.add(name + ':exit-status', status == run.QEMU_FAIL,
            'QEMU exit status %s; see %s' % (status, log))
    res.add(name + ':panic', re.search(
        r'KERNEL PANIC: unhandled exception 14 .*write', text) is not None,
        'no #PF panic on the write; see %s' % log)
    m = re.search(r'^EFLAGS: [0-9a-f]{8} \[(.*)\]$', text, re.M)
    flags = m.group(1).split() if m else []
    res.add(name + ':eflags', m is not None and 'IF' in flags and
            'TF' not in flags, 'EFLAGS line %r: want IF, no TF; see %s'
            % (m.group(0) if m else None, log))
    return res


def job_serial_noise(run):
    """Boots the serial tests with bytes streaming into the console."""
    res = run.Result()
    name = 'serial-noise'
    cmd = run.qemu_cmd(['-kernel', run.kernel_elf(), '-append',
                        'ktest=serial_'])
    noise = b'typed while testing\n' * 4000
    try:
        p = subprocess.run(cmd, input=noise, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT,
                           timeout=run.BOOT_TIMEOUT)
        status, out = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        status, out = 'timeout', e.stdout or b''
    text = out.decode('utf-8', 'replace').replace('\r', '')
    with open(run.log_path(name), 'w') as f:
        f.write(text)
    run.parse_ktest(res, name + ':', status, text, run.log_path(name))
    return res


def jobs(run):
    return [(lambda: job_panic_in_step(run), 'panic-in-step'),
            (lambda: job_serial_noise(run), 'serial-noise')]
