"""tests/jobs_gdb.py - the gdb helper (tools/gdb/kmemcheck_gdb.py), the
unwinding through the entry stubs, and make debug / make gdb.

Each session is batch gdb against QEMU's stub (gdb_boot), booting the
tests of tests/test_gdb_targets.c: gdb looks at the heap while the kernel
is stopped, and the kernel's own verdict afterwards proves that nothing
it sees changed (its tests expect reports for reads after gdb's stops).
"""
import os
import pty
import re
import select
import signal
import socket
import subprocess
import threading
import time

MARK = '@@'


def gdb_boot(run, name, append, commands):
    """run.gdb_boot, with QEMU's serial output going to its log file as
    it comes rather than into a pipe read at the end: a long boot never
    blocks on a full pipe while gdb holds it stopped."""
    port = run.free_port()
    log = run.log_path(name)
    cmd = run.qemu_cmd(['-kernel', run.kernel_elf(), '-append', append],
                       ['-S', '-gdb', 'tcp:127.0.0.1:%d' % port])
    gdb = [run.ARGS.gdb, '-batch', '-n', '-x', '.gdbinit',
           '-ex', 'target remote 127.0.0.1:%d' % port]
    for c in commands:
        gdb += ['-ex', c]
    with open(log, 'wb') as serial:
        qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=serial, stderr=subprocess.STDOUT)
        try:
            g = subprocess.run(gdb, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               timeout=run.BOOT_TIMEOUT)
            gdb_text = g.stdout.decode('utf-8', 'replace')
            status = qemu.wait(timeout=run.BOOT_TIMEOUT)
        except subprocess.TimeoutExpired:
            qemu.kill()
            qemu.wait()
            status, gdb_text = 'timeout', 'timeout'
    with open(log, 'rb') as f:
        text = f.read().decode('utf-8', 'replace').replace('\r', '')
    with open(run.log_path(name + '-gdb'), 'w') as f:
        f.write(gdb_text)
    return status, text, gdb_text


def marked(commands):
    """gdb commands, each after an echo of its name, so that the output
    splits into one piece per command."""
    out = []
    for name, cmd in commands:
        out += ['echo %s%s\\n' % (MARK, name), cmd]
    return out


def pieces(text):
    parts = {}
    for chunk in text.split(MARK)[1:]:
        name, _, rest = chunk.partition('\n')
        parts[name] = rest
    return parts


SESSION = [
    ('stop', 'break gdb_sample_stop'),
    ('cont1', 'continue'),
    ('print', 'print *s'),
    ('x', 'x/4xw s'),
    ('shadow', 'kmc-shadow s 20'),
    ('pte', 'kmc-pte s'),
    ('pages', 'kmc-pages'),
    ('stats', 'kmc-stats'),
    ('bad-expr', 'kmc-pte no_such_symbol'),
    ('usage', 'kmc-shadow'),
    ('finish', 'finish'),
    ('next', 'next'),
    ('kmc-break', 'kmc-break'),
    ('cont2', 'continue'),
    ('locals', 'info locals'),
    ('bt-report', 'bt'),
    ('reports', 'kmc-reports'),
    ('break-off', 'kmc-break off'),
    ('fault', 'break kmemcheck_fault'),
    ('cont3', 'continue'),
    ('bt-fault', 'bt'),
    ('delete', 'delete'),
    ('cont4', 'continue'),
]

# What each command must print (regular expressions, in its piece).
EXPECT = {
    'print': [r'magic = 1802330913, count = 3, name = "gdb\\000',
              r'never_written = '],
    'x': [r'0xd[0-9a-f]{7}:\s+0x6b6d6321\s+0x00000003\s+0x00626467'],
    'shadow': [r'^0xd[0-9a-f]{7}: i i i i i i i i i i i i u u u u$',
               r'^0xd[0-9a-f]{7}: u u u u$'],
    'pte': [r'PDE 0x[0-9a-f]{8} at 0x[0-9a-f]{8} \[P W',
            r'PTE 0x[0-9a-f]{8} at 0x[0-9a-f]{8} \[W .*HIDDEN\] hidden: '
            r'tracked by kmemcheck, every access faults \(shown to gdb'],
    'pages': [r'^1 hidden heap page shown to gdb while stopped:$'],
    'stats': [r'^kmemcheck: on$', r'faults:\s+[1-9]', r'pages tracked:\s+1$'],
    'bad-expr': [r'^No symbol "no_such_symbol" in current context\.$'],
    'next': [r'^47\s+\(void\)\*never;$'],
    'usage': [r'^usage: kmc-shadow ADDR \[LEN\]$'],
    'kmc-break': [r'kmc-break: stopping when kmemcheck saves a report'],
    'cont2': [r'kmc-break: report saved: access read 32-bit uninitialized '
              r'0xd[0-9a-f]{7} at ktest_fn_gdb_hidden_object\+0x',
              r'^#\d+\s+ktest_fn_gdb_hidden_object \(\) at '
              r'tests/test_gdb_targets.c:\d+\n\d+\s+\(void\)\*never;'],
    'locals': [r'^s = 0xd[0-9a-f]{7}$', r'^never = 0xd[0-9a-f]{7}$'],
    'bt-report': [r'kmemcheck_error_save', r'kmemcheck_fault',
                  r'trap_dispatch',
                  r'trap_common \(tf=0x[0-9a-f]+, vector=14, '
                  r'error_code=0\) at boot/vectors.asm\n#\d+\s+'
                  r'ktest_fn_gdb_hidden_object \(\).*\n#\d+\s+.* in run_one'],
    'reports': [r'^1 pending report$', r'^  \[0\] access read 32-bit '
                r'uninitialized 0xd[0-9a-f]{7} at ktest_fn_gdb_hidden_object'
                r'\+0x[0-9a-f]+/0x[0-9a-f]+ repeated 0$'],
    'fault': [r'file kmemcheck/fault.c, line'],
    'bt-fault': [r'^#0\s+kmemcheck_fault .* at kmemcheck/fault.c',
                 r'trap_common \(tf=0x[0-9a-f]+, vector=14, error_code=2\) at '
                 r'boot/vectors.asm\n#\d+\s+(0x[0-9a-f]+ in )?'
                 r'ktest_fn_gdb_uninit_read \(\) at tests/test_gdb_targets'
                 r'.c:\d+\n#\d+\s+0x[0-9a-f]+ in run_one .*\n'
                 r'#\d+\s+0x[0-9a-f]+ in ktest_run .*\n'
                 r'#\d+\s+0x[0-9a-f]+ in kmain .*\n'
                 r'#\d+\s+0x[0-9a-f]+ in _start \(\) at boot/entry.asm:\d+$'],
}

# Never in any piece: what gdb prints when it unwinds stray stack words
# or cannot read the heap.
NEVER = [r'Cannot access memory', r'boot_stack_bottom', r'in \?\? \(\)',
         r'Python Exception', r'Backtrace stopped', r'<signal handler']


def job_gdb_helper(run):
    res = run.Result()
    name = 'gdb-helper'
    status, serial, text = gdb_boot(run, name, 'ktest=gdb_', marked(SESSION))
    log = run.log_path(name + '-gdb')
    got = pieces(text)
    for piece, patterns in EXPECT.items():
        out = got.get(piece, '')
        for pat in patterns:
            res.add('%s:%s:%s' % (name, piece, pat[:30]),
                    re.search(pat, out, re.M) is not None,
                    '%r printed no /%s/; see %s' % (piece, pat, log))
    after_boot = text.split(MARK, 1)[-1]
    for pat in NEVER:
        res.add('%s:never:%s' % (name, pat), re.search(pat, after_boot)
                is None, 'gdb printed /%s/; see %s' % (pat, log))
    run.parse_ktest(res, name + ':', status, serial, run.log_path(name))
    return res


def job_gdb_many_stops(run):
    """Sixty stops in the middle of kmemcheck's work, at #PF (the page
    hidden, shown to gdb) and at #DB (the page shown by kmemcheck for the
    step), each reading the faulting address: every test still reports
    exactly what it expects."""
    res = run.Result()
    name = 'gdb-many-stops'
    stops = ['break kmemcheck_fault', 'break kmemcheck_trap']
    for _ in range(30):
        stops += ['continue', 'x/xw $cr2', 'continue', 'x/xw $cr2']
    stops += ['delete', 'continue']
    status, serial, text = gdb_boot(run, name, 'ktest=kmemcheck_insn_', stops)
    log = run.log_path(name + '-gdb')
    hits = len(re.findall(r'^Breakpoint [12], ', text, re.M))
    res.add(name + ':stops', hits == 60, '%d stops, expected 60; see %s'
            % (hits, log))
    reads = len(re.findall(r'^0xd[0-9a-f]{7}:\s+0x[0-9a-f]{8}$', text, re.M))
    res.add(name + ':reads', reads == 60 and 'Cannot access' not in text,
            '%d of 60 reads of $cr2 worked; see %s' % (reads, log))
    run.parse_ktest(res, name + ':', status, serial, run.log_path(name))
    return res


def job_gdb_detach(run):
    """`step` over a line whose reads fault goes over the traps into the
    function called (ktest_expect); then gdb leaves at that stop with a
    page shown to it (batch mode detaches): the page is hidden again, the
    read after the stop is still caught."""
    res = run.Result()
    name = 'gdb-detach'
    status, serial, text = gdb_boot(run, name, 'ktest=gdb_hidden', [
        'break gdb_sample_stop', 'continue', 'finish', 'step',
        'print s->magic'])
    res.add(name + ':step', re.search(r'^ktest_expect \(ok=true, ', text,
                                      re.M) is not None,
            'step did not reach ktest_expect; see %s'
            % run.log_path(name + '-gdb'))
    run.parse_ktest(res, name + ':', status, serial, run.log_path(name))
    return res


def job_gdb_break_free(run):
    """kmc-break stops on a report the heap saves (a double free): the
    frame selected is the test's call of kfree."""
    res = run.Result()
    name = 'gdb-break-free'
    status, serial, text = gdb_boot(run, name, 'ktest=heap_double_free', [
        'kmc-break', 'continue', 'delete', 'continue'])
    res.add(name + ':stop', re.search(
        r'^kmc-break: report saved: double-free 0xd[0-9a-f]{7} at '
        r'ktest_fn_heap_double_free\+0x[0-9a-f]+/0x[0-9a-f]+ repeated 0\n'
        r'#\d+\s+0x[0-9a-f]+ in ktest_fn_heap_double_free \(\) at '
        r'tests/test_heap.c:\d+\n\d+\s+kfree\(p\);$', text, re.M)
        is not None, 'no stop at the double free; see %s'
        % run.log_path(name + '-gdb'))
    run.parse_ktest(res, name + ':', status, serial, run.log_path(name))
    return res


def job_gdb_bt_panic(run):
    """bt from the panic of an unhandled #PF goes through the trap frame
    to the crashing test; from the double-fault task it ends at the
    task's entry, with no stray stack words after it."""
    res = run.Result()
    for test, stop, want in (
            ('crash_null_read', 'panic_trap',
             r'^#1\s+0x[0-9a-f]+ in dispatch_rest .*\n'
             r'#2\s+0x[0-9a-f]+ in trap_dispatch .*\n'
             r'#3\s+trap_common \(tf=0x[0-9a-f]+, vector=14, error_code=0\) '
             r'at boot/vectors.asm\n#4\s+ktest_fn_crash_null_read \(\) at '
             r'tests/test_crash.c:\d+\n'),
            ('crash_stack_overflow', 'panic_double_fault',
             r'^#1\s+0x[0-9a-f]+ in double_fault_task_entry \(\) at '
             r'boot/vectors.asm:\d+\n(?!#)')):
        name = 'gdb-bt-' + test
        _, _, text = gdb_boot(run, name, 'ktest=' + test,
                              ['break ' + stop, 'continue', 'bt', 'kill'])
        bt = text.split('Breakpoint 1, ')[-1]
        res.add(name, re.search(want, bt, re.M) is not None and
                not re.search(r'in \?\? \(\)|boot_stack', bt),
                'bt from %s is not /%s/; see %s'
                % (stop, want, run.log_path(name + '-gdb')))
    return res


class Pty:
    """A command on a terminal of its own, as a person would run it; a
    thread reads the terminal all along, so the command never blocks on
    a full one."""

    def __init__(self, argv):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvp(argv[0], argv)
        self.buf = b''
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.buf += data

    def wait_for(self, needle, timeout):
        end = time.time() + timeout
        while time.time() < end:
            with self.lock:
                if needle.encode() in self.buf:
                    return True
            if not self.reader.is_alive():
                break
            time.sleep(0.05)
        with self.lock:
            return needle.encode() in self.buf

    def text(self):
        with self.lock:
            return self.buf.decode('utf-8', 'replace').replace('\r', '')

    def finish(self, timeout):
        """Waits for the command to end (the terminal closes), else kills
        its session, QEMU included (pty.fork made it a session leader)."""
        self.reader.join(timeout)
        timed_out = self.reader.is_alive()
        if timed_out:
            os.killpg(self.pid, signal.SIGKILL)
            self.reader.join(5)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return 'timeout' if timed_out else os.waitstatus_to_exitcode(status)


def job_make_debug(run):
    """make debug on one terminal, make gdb in batch on another: the
    console and the verdict are on the first, gdb finds the port."""
    res = run.Result()
    name = 'make-debug'
    make = ['make', '--no-print-directory', 'BUILD=' + run.ARGS.build,
            'QEMU=' + run.ARGS.qemu, 'GDB=' + run.ARGS.gdb]
    term = Pty(make + ['debug', 'CMDLINE=ktest=gdb_'])
    waiting = term.wait_for('make gdb', 60)
    res.add(name + ':says-how', waiting, 'no line saying to run make gdb')
    gdb_text = ''
    if waiting:
        g = subprocess.run(make + ['gdb'], input=b'break gdb_sum_pair\n'
                           b'continue\nbt 2\ncontinue\n',
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=60)
        gdb_text = g.stdout.decode('utf-8', 'replace')
    status = term.finish(30)
    text = term.text()
    with open(run.log_path(name), 'w') as f:
        f.write(text)
    with open(run.log_path(name + '-gdb'), 'w') as f:
        f.write(gdb_text)
    port = re.search(r'gdb on 127.0.0.1:(\d+)', text)
    res.add(name + ':port', port is not None and
            'Remote debugging using 127.0.0.1:%s' % port.group(1) in gdb_text,
            'make gdb did not attach to the port make debug chose; see %s'
            % run.log_path(name + '-gdb'))
    res.add(name + ':gdb-stops', re.search(
        r'#1\s+0x[0-9a-f]+ in ktest_fn_gdb_uninit_read', gdb_text)
        is not None, 'gdb did not stop in gdb_sum_pair; see %s'
        % run.log_path(name + '-gdb'))
    res.add(name + ':verdict', re.search(
        r'^2 passed, 0 failed$', text, re.M) is not None and
        'QEMU exited with 33' in text and status == 0,
        'make debug: status %s, no verdict on the console; see %s'
        % (status, run.log_path(name)))
    return res


def job_free_port(run):
    """make debug's port: the first one tried while free, the next one
    while another session holds it (no QEMU waits on a taken port). From
    a base of the test's own, so as not to race make debug's."""
    res = run.Result()
    tool = [run.sys.executable, os.path.join('tools', 'gdb', 'free_port.py')]
    first = int(subprocess.check_output(tool + ['45000'], timeout=10))
    held = socket.socket()
    try:
        held.bind(('127.0.0.1', first))
        held.listen(1)
        second = int(subprocess.check_output(tool + ['45000'], timeout=10))
    finally:
        held.close()
    res.add('free-port:first', 45000 <= first < 45100, 'port %d' % first)
    res.add('free-port:skips-held', second != first,
            'gave %d again while it was held' % first)
    return res


def job_gdb_break_files(run):
    """`break f` on each function of kmemcheck/ lands in f's own file,
    never in the header of a helper inlined at its first instruction
    (gdb on the ELF alone, no QEMU)."""
    res = run.Result()
    gdb = [run.ARGS.gdb, '-batch', '-n', run.kernel_elf()]
    listing = subprocess.run(gdb + ['-ex', 'info functions'],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             timeout=60).stdout.decode('utf-8', 'replace')
    funcs, where = [], None
    for line in listing.splitlines():
        m = re.match(r'^File (.*):$', line)
        if m:
            where = m.group(1)
        elif where and where.startswith('kmemcheck/'):
            m = re.match(r'^\d+:\s.*?\**(\w+)\(', line)
            if m:
                funcs.append((m.group(1), where))
    cmds = []
    for name, _ in funcs:
        cmds += ['-ex', 'break %s' % name]
    text = subprocess.run(gdb + cmds, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT,
                          timeout=60).stdout.decode('utf-8', 'replace')
    with open(run.log_path('gdb-break-files'), 'w') as f:
        f.write(text)
    wrong = re.findall(r'^Breakpoint \d+ at 0x[0-9a-f]+: file (?!kmemcheck/)'
                       r'(.*), line \d+\.$', text, re.M)
    res.add('gdb-break-files:found', len(funcs) > 50,
            'only %d functions of kmemcheck/ in gdb\'s list' % len(funcs))
    res.add('gdb-break-files:own-file', not wrong,
            'breakpoints in %s; see %s' % (', '.join(sorted(set(wrong))),
                                           run.log_path('gdb-break-files')))
    return res


def jobs(run):
    return [(lambda: job_gdb_helper(run), 'gdb-helper'),
            (lambda: job_gdb_many_stops(run), 'gdb-many-stops'),
            (lambda: job_gdb_detach(run), 'gdb-detach'),
            (lambda: job_gdb_break_free(run), 'gdb-break-free'),
            (lambda: job_gdb_bt_panic(run), 'gdb-bt-panic'),
            (lambda: job_make_debug(run), 'make-debug'),
            (lambda: job_gdb_break_files(run), 'gdb-break-files'),
            (lambda: job_free_port(run), 'free-port')]
