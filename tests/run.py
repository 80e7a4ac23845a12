#!/usr/bin/env python3
"""tests/run.py - every test of `make test`, one closing line for all.

Runs the host unit tests, the in-kernel suite in QEMU (and again with
kmemcheck=0 and kmemcheck=2), the panic paths, a boot through GRUB from
build/kernel.iso, the serial shell and demo, a GDB session against QEMU's
stub, and the decoder CLI. Each check prints `PASS name` or
`FAIL name: why`; the last line is `N passed, M failed`. Logs of every
QEMU boot are kept in build/test-logs/.
"""
import argparse
import concurrent.futures
import os
import re
import socket
import subprocess
import sys
import threading
import time

QEMU_PASS = 33          # isa-debug-exit: (0x10 << 1) | 1
QEMU_FAIL = 35          # (0x11 << 1) | 1
BOOT_TIMEOUT = 60

ARGS = None


class Result:
    def __init__(self):
        self.checks = []    # (name, ok, why)

    def add(self, name, ok, why=''):
        self.checks.append((name, ok, why))


def kernel_elf():
    return os.path.join(ARGS.build, 'kernel.elf')


def log_path(name):
    d = os.path.join(ARGS.build, 'test-logs')
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, re.sub(r'[^A-Za-z0-9_.=-]', '_', name) + '.log')


def qemu_cmd(kernel_args, extra=()):
    return [ARGS.qemu, '-m', '128M', '-no-reboot', '-display', 'none',
            '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
            '-serial', 'stdio', '-monitor', 'none'] + list(extra) + kernel_args


def boot(name, append, extra=(), timeout=BOOT_TIMEOUT, kernel=None):
    """Boots build/kernel.elf with a command line; returns (status, log)."""
    kernel = kernel or kernel_elf()
    cmd = qemu_cmd(['-kernel', kernel, '-append', append], extra)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        status, out = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        status, out = 'timeout', e.stdout or b''
    text = out.decode('utf-8', 'replace').replace('\r', '')
    with open(log_path(name), 'w') as f:
        f.write(text)
    return status, text


class Interactive:
    """QEMU with its serial console on pipes: wait for text, then type."""

    def __init__(self, name, cmd):
        self.name = name
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.buf = ''
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(4096)
            if not chunk:
                return
            with self.lock:
                self.buf += chunk.decode('utf-8', 'replace').replace('\r', '')

    def text(self):
        with self.lock:
            return self.buf

    def wait_for(self, needle, start=0, timeout=BOOT_TIMEOUT):
        """Index just past needle's first occurrence after start, or -1."""
        end = time.time() + timeout
        while time.time() < end:
            i = self.text().find(needle, start)
            if i >= 0:
                return i + len(needle)
            if self.proc.poll() is not None:
                time.sleep(0.1)
                i = self.text().find(needle, start)
                return i + len(needle) if i >= 0 else -1
            time.sleep(0.05)
        return -1

    def type(self, s):
        self.proc.stdin.write(s.encode())
        self.proc.stdin.flush()

    def finish(self, timeout=BOOT_TIMEOUT):
        try:
            status = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            status = 'timeout'
        self.reader.join(timeout=5)
        with open(log_path(self.name), 'w') as f:
            f.write(self.text())
        return status


def parse_ktest(res, prefix, status, text, log):
    """Counts the runner's PASS/FAIL lines and checks the verdict."""
    passed = failed = 0
    for m in re.finditer(r'^ktest: (PASS|FAIL) (\S+?)(?::(.*))?$', text, re.M):
        ok = m.group(1) == 'PASS'
        res.add(prefix + m.group(2), ok, (m.group(3) or '').strip())
        passed += ok
        failed += not ok
    summary = re.search(r'^(\d+) passed, (\d+) failed$', text, re.M)
    expected = QEMU_PASS if failed == 0 else QEMU_FAIL
    if not summary or (int(summary.group(1)), int(summary.group(2))) != \
            (passed, failed) or status != expected or passed == 0:
        res.add(prefix + 'run', False,
                'QEMU exit status %s, %d passed, %d failed, summary %s; '
                'see %s' % (status, passed, failed,
                            summary.group(0) if summary else 'missing', log))
    return passed, failed


def job_host(binary):
    res = Result()
    name = 'host:' + os.path.basename(binary)
    try:
        p = subprocess.run([binary], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120)
        status, text = p.returncode, p.stdout.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        status, text = 'timeout', ''
    with open(log_path(name), 'w') as f:
        f.write(text)
    n = 0
    for m in re.finditer(r'^(PASS|FAIL) (\S+)(?::(.*))?$', text, re.M):
        res.add(name + ':' + m.group(2), m.group(1) == 'PASS',
                (m.group(3) or '').strip())
        n += 1
    if status != 0 or n == 0 or not re.search(r'^\d+ passed, \d+ failed$',
                                              text, re.M):
        res.add(name, False, 'exit status %s after %d cases; see %s'
                % (status, n, log_path(name)))
    return res


def job_kernel_suite():
    res = Result()
    status, text = boot('kernel-suite', 'ktest')
    parse_ktest(res, 'kernel:', status, text, log_path('kernel-suite'))
    return res


def job_mode(mode, banner):
    res = Result()
    name = 'kmemcheck=%d' % mode
    status, text = boot(name, 'kmemcheck=%d ktest=mode_' % mode)
    parse_ktest(res, name + ':', status, text, log_path(name))
    res.add(name + ':banner', banner in text,
            'boot log lacks %r' % banner)
    return res


def job_cmdline_warnings():
    res = Result()
    name = 'cmdline-warnings'
    status, text = boot(name, 'bogus kmemcheck=7 =x ktest=cmdline_')
    parse_ktest(res, name + ':', status, text, log_path(name))
    # The boot's own warnings come before the tests, which print more.
    boot_log = text.split('ktest: running tests')[0]
    for token in ('bogus', 'kmemcheck', '=x'):
        res.add(name + ':names-' + token,
                re.search(r"^cmdline: warning: ignoring '%s': "
                          % re.escape(token), boot_log, re.M) is not None,
                'no warning naming %r; see %s' % (token, log_path(name)))
    res.add(name + ':default-mode', 'checking heap accesses' in boot_log,
            'kmemcheck=7 did not leave the default mode on')
    return res


def job_extra_ktests():
    """make EXTRA_KTESTS=... adds a test file from outside tests/."""
    res = Result()
    name = 'extra-ktests'
    build = os.path.join(ARGS.build, 'extra-ktests')
    p = subprocess.run(['make', '--no-print-directory', 'BUILD=' + build,
                        'EXTRA_KTESTS=tests/extra_example.c',
                        os.path.join(build, 'kernel.elf')],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=300)
    res.add(name + ':build', p.returncode == 0, p.stdout.decode()[-2000:])
    if p.returncode != 0:
        return res
    status, text = boot(name, 'ktest=my_',
                        kernel=os.path.join(build, 'kernel.elf'))
    passed, _ = parse_ktest(res, name + ':', status, text, log_path(name))
    res.add(name + ':registered', passed == 1,
            'expected exactly the one extra test to run; see %s'
            % log_path(name))
    return res


# Each deliberate crash: the test to run, and what the panic must say.
CRASHES = {
    'crash_null_read': [
        r'KERNEL PANIC: unhandled exception 14 \(#PF page fault\), '
        r'error code 0x0 \(not present, read, kernel\)',
        r'^CR2: 00000000$', r'^EIP: [0-9a-f]{8} ',
        r'^EAX: [0-9a-f]{8} EBX', r'^EFLAGS: [0-9a-f]{8} \[.* IF .*\]$',
        r'Call Trace:', r'ktest_fn_crash_null_read\+0x[0-9a-f]+/0x[0-9a-f]+',
        r'ktest_run\+0x', r'kmain\+0x'],
    'crash_stack_overflow': [
        r'KERNEL PANIC: double fault', r'^CR2: [0-9a-f]{8}',
        r'^EIP: [0-9a-f]{8} recurse', r'Call Trace:'],
    'crash_text_write': [
        r'KERNEL PANIC: unhandled exception 14 \(#PF page fault\), '
        r'error code 0x3 \(protection violation, write, kernel\)',
        r'Call Trace:', r'ktest_fn_crash_text_write\+0x'],
    'crash_divide': [
        r'KERNEL PANIC: unhandled exception 0 \(#DE divide error\)',
        r'ktest_fn_crash_divide\+0x'],
}


def job_crash(test):
    res = Result()
    name = 'panic:' + test
    status, text = boot(name, 'ktest=' + test)
    res.add(name + ':exit-status', status == QEMU_FAIL,
            'QEMU exit status %s, expected %d; see %s'
            % (status, QEMU_FAIL, log_path(name)))
    for pat in CRASHES[test]:
        res.add(name + ':' + pat[:40], re.search(pat, text, re.M) is not None,
                'panic output lacks /%s/; see %s' % (pat, log_path(name)))
    return res


def job_iso():
    res = Result()
    name = 'iso-grub'
    iso = os.path.join(ARGS.build, 'kernel.iso')
    q = Interactive(name, qemu_cmd(['-cdrom', iso, '-boot', 'd']))
    # GRUB's menu is on the serial line too (boot/grub.cfg): pick the
    # test-suite entry by its hotkey once the menu is drawn.
    at = q.wait_for('run the test suite', timeout=BOOT_TIMEOUT)
    if at >= 0:
        q.type('t')
    status = q.finish()
    text = q.text()
    res.add(name + ':menu', at >= 0, 'no GRUB menu on serial; see %s'
            % log_path(name))
    p, f = parse_ktest(Result(), '', status, text, log_path(name))
    res.add(name + ':suite', status == QEMU_PASS and f == 0 and p > 0,
            'QEMU exit status %s, %d passed, %d failed; see %s'
            % (status, p, f, log_path(name)))
    res.add(name + ':cmdline', re.search(r"^cmdline: '.*ktest'$", text, re.M)
            is not None, 'GRUB did not pass the command line')
    return res


DEMO_REPORTS = [
    r'Caught 32-bit read from uninitialized memory',
    r'Caught 32-bit read from freed memory',
    r'Caught 32-bit read from unallocated memory',
    r'Caught 32-bit read from uninitialized memory',
]


def job_shell():
    res = Result()
    name = 'shell'
    q = Interactive(name, qemu_cmd(['-kernel',
                                    kernel_elf()]))
    pos = q.wait_for('kmemcheck> ')
    res.add(name + ':prompt', pos >= 0, 'no shell prompt; see %s'
            % log_path(name))
    answers = [('help', '[on|off]: switch checking'),
               ('nonsense', 'nonsense: unknown command'),
               ('kmemcheck off', 'kmemcheck: off;'),
               ('kmemcheck on', 'kmemcheck: on;'),
               ('mem', 'frames: '),
               ('ticks', ' ticks at 100 Hz')]
    for cmd, expect in answers:
        if pos < 0:
            break
        q.type(cmd + '\r')
        got = q.wait_for(expect, pos, timeout=20)
        res.add(name + ':' + cmd.replace(' ', '-'), got >= 0,
                'typing %r gave no %r; see %s' % (cmd, expect, log_path(name)))
        pos = q.wait_for('kmemcheck> ', max(got, pos), timeout=20)
    q.type('halt\r')
    status = q.finish(timeout=20)
    res.add(name + ':halt', status == QEMU_PASS,
            'halt: QEMU exit status %s' % status)
    text = q.text()
    demo = text.split('shell: type')[0]
    found = re.findall(r'^WARNING: kmemcheck: (.*) \(0x[0-9a-f]{8}\)$',
                       demo, re.M)
    ok = len(found) == len(DEMO_REPORTS) and all(
        re.match(p, f) for p, f in zip(DEMO_REPORTS, found))
    res.add('demo:reports', ok, 'demo reports were %r; see %s'
            % (found, log_path(name)))
    res.add('demo:stack-traces', demo.count('Call Trace:') >= 4 and
            'demo.c' not in demo and re.search(
                r'uninitialized_read\+0x[0-9a-f]+/0x[0-9a-f]+', demo)
            is not None, 'reports lack symbolized traces')
    res.add('demo:statistics', re.search(
        r'^kmemcheck: on; \d+ faults handled, 4 reports \(0 dropped\)',
        demo, re.M) is not None, 'no statistics line after the demo')
    return res


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def gdb_boot(name, append, commands):
    """Boots QEMU paused with its gdb stub and runs GDB's commands after
    connecting; returns QEMU's exit status, the serial output (in
    name.log) and GDB's own output (in name-gdb.log)."""
    port = free_port()
    cmd = qemu_cmd(['-kernel', kernel_elf(),
                    '-append', append],
                   ['-S', '-gdb', 'tcp:127.0.0.1:%d' % port])
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    gdb = [ARGS.gdb, '-batch', '-n', '-x', '.gdbinit',
           '-ex', 'target remote 127.0.0.1:%d' % port]
    for c in commands:
        gdb += ['-ex', c]
    try:
        g = subprocess.run(gdb, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=BOOT_TIMEOUT)
        gdb_text = g.stdout.decode('utf-8', 'replace')
        out, _ = qemu.communicate(timeout=BOOT_TIMEOUT)
        status = qemu.returncode
    except subprocess.TimeoutExpired:
        qemu.kill()
        out, _ = qemu.communicate()
        status, gdb_text = 'timeout', 'timeout'
    text = out.decode('utf-8', 'replace').replace('\r', '')
    with open(log_path(name), 'w') as f:
        f.write(text)
    with open(log_path(name + '-gdb'), 'w') as f:
        f.write(gdb_text)
    return status, text, gdb_text


def job_gdb():
    """A breakpoint in the kernel, and a backtrace naming its callers."""
    res = Result()
    name = 'gdb'
    _, _, text = gdb_boot(name, 'ktest=heap_', [
        'break paging_init', 'continue', 'bt', 'info registers eip', 'kill'])
    log = log_path(name + '-gdb')
    res.add(name + ':breakpoint', re.search(r'Breakpoint 1, paging_init',
                                            text) is not None,
            'gdb did not stop at paging_init; see %s' % log)
    res.add(name + ':backtrace',
            re.search(r'^#0\s.*paging_init.*\n#1\s.* in kmain .*\n'
                      r'#2\s.* in _start', text, re.M) is not None,
            'backtrace does not name kmain and _start; see %s' % log)
    return res


def job_gdb_magic():
    """Entered by something that is not a multiboot loader (GDB changes
    EAX at the entry point), the kernel stops with a clear panic."""
    res = Result()
    name = 'boot-magic'
    status, text, _ = gdb_boot(name, '', ['break _start', 'continue',
                                       'set $eax = 0x12345678', 'continue'])
    res.add(name + ':panic', re.search(
        r'KERNEL PANIC: not started by a multiboot loader: EAX is 12345678',
        text) is not None and status == QEMU_FAIL,
        'QEMU exit status %s; see %s' % (status, log_path(name)))
    return res


def job_gdb_selftest():
    """A decoder that fails its self-test switches kmemcheck off rather
    than report false bugs: GDB spoils one case of the table at boot."""
    res = Result()
    name = 'selftest-failure'
    status, text, _ = gdb_boot(name, 'ktest=mode_', [
        'break kmemcheck_init', 'continue',
        'set var kmemcheck_selftest_cases[0].len = 99', 'continue'])
    res.add(name + ':names-case', re.search(
        r'^kmemcheck: self-test case 0 failed: ', text, re.M) is not None,
        'no line naming the failed case; see %s' % log_path(name))
    res.add(name + ':switched-off', re.search(
        r'^kmemcheck: decoder self-test FAILED: kmemcheck switched off$',
        text, re.M) is not None and 'checking heap accesses' not in text,
        'kmemcheck did not switch itself off; see %s' % log_path(name))
    parse_ktest(res, name + ':', status, text, log_path(name))
    return res


DECODER_CASES = [
    ('8b 43 08', 'len=3 r4'),
    ('8b4308', 'len=3 r4'),
    ('a5', 'len=1 r4 w4'),
    ('8d 43 08', 'len=3'),
    ('89 03', 'len=2 w4'),
    ('01 03', 'len=2 rw4'),
    ('0f b6 03', 'len=3 r1'),
    ('66 a5', 'len=2 r2 w2'),
    ('f3 a4', 'len=2 r1 w1'),
    ('ff 33', 'len=2 r4'),
    ('0f 01 13', 'len=3 r6'),
    ('0f c7 0b', 'len=3 rw8'),
    ('d9 03', 'unsupported'),
    ('0f 58 03', 'unsupported'),
]


def job_decoder():
    res = Result()
    tool = os.path.join(ARGS.build, 'tools', 'kmemcheck-decode')
    text_in = '# comment\n\n' + '\n'.join(c for c, _ in DECODER_CASES) + '\n'
    p = subprocess.run([tool], input=text_in.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=30)
    lines = p.stdout.decode().splitlines()
    res.add('decode-cli:lines', len(lines) == len(DECODER_CASES) and
            p.returncode == 0, 'exit %d, %d lines for %d instructions'
            % (p.returncode, len(lines), len(DECODER_CASES)))
    for (code, want), got in zip(DECODER_CASES, lines):
        res.add('decode-cli:' + code.replace(' ', ''), got == want,
                'got %r, expected %r' % (got, want))
    p = subprocess.run([tool], input=b'8b 4\nzz\n', stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=30)
    out = p.stdout.decode().splitlines()
    res.add('decode-cli:bad-hex', p.returncode != 0 and len(out) == 2 and
            all(line.startswith('error: ') for line in out),
            'bad hex: exit %d, output %r' % (p.returncode, out))
    return res


def plugin_jobs():
    """Jobs from tests/jobs_*.py: each module defines jobs(run), given this
    module (boot, Interactive, gdb_boot, parse_ktest, Result, ...), and
    returns (callable, label) pairs. One file per area, so areas grow
    without editing this list."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    jobs = []
    for fname in sorted(os.listdir(here)):
        if not (fname.startswith('jobs_') and fname.endswith('.py')):
            continue
        modname = fname[:-3]
        try:
            mod = __import__(modname)
            jobs += list(mod.jobs(sys.modules[__name__]))
        except Exception as e:      # noqa: BLE001 - a broken file fails
            jobs.append((lambda e=e: _raise(e), modname))
    return jobs


def _raise(e):
    raise e


def guarded(job, label):
    """A job that raises (a missing binary, say) is a failure, not a crash."""
    try:
        return job()
    except Exception as e:      # noqa: BLE001 - every error is a verdict
        res = Result()
        res.add(label, False, '%s: %s' % (type(e).__name__, e))
        return res


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--build', default='build')
    ap.add_argument('--qemu', default='qemu-system-i386')
    ap.add_argument('--gdb', default='gdb')
    ap.add_argument('host_tests', nargs='*')
    ARGS = ap.parse_args()

    jobs = [(job_kernel_suite, 'kernel'), (job_iso, 'iso-grub'),
            (job_shell, 'shell'), (job_gdb, 'gdb'),
            (job_gdb_magic, 'boot-magic'),
            (job_gdb_selftest, 'selftest-failure'),
            (lambda: job_mode(0, 'kmemcheck: off (kmemcheck=0)'),
             'kmemcheck=0'),
            (lambda: job_mode(2, 'until the first report'), 'kmemcheck=2'),
            (job_cmdline_warnings, 'cmdline-warnings'),
            (job_decoder, 'decode-cli'),
            (job_extra_ktests, 'extra-ktests')]
    jobs += [(lambda t=t: job_crash(t), 'panic:' + t) for t in CRASHES]
    jobs += plugin_jobs()
    jobs += [(lambda b=b: job_host(b), 'host:' + b) for b in ARGS.host_tests]

    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        for fut in [pool.submit(guarded, j, label) for j, label in jobs]:
            for name, ok, why in fut.result().checks:
                if ok:
                    print('PASS %s' % name)
                    passed += 1
                else:
                    print('FAIL %s: %s' % (name, why))
                    failed += 1
            sys.stdout.flush()
    print('%d passed, %d failed' % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
