"""tests/jobs_shell.py - the serial shell's commands and trace mode, typed
over the serial line in one boot (with kmemcheck.trace=1, so the boot's
demo is narrated too)."""
import re

PROMPT = 'kmemcheck> '


class Session:
    """Types one line at a time and keeps what it printed up to the next
    prompt; after a missing prompt every later command gives None."""

    def __init__(self, run, q, res, name):
        self.run, self.q, self.res, self.name = run, q, res, name
        self.pos = q.wait_for(PROMPT)
        self.boot = q.text()[:self.pos] if self.pos >= 0 else q.text()

    def cmd(self, keys):
        if self.pos < 0:
            return None
        self.q.type(keys + '\r')
        end = self.q.wait_for(PROMPT, self.pos, timeout=20)
        if end < 0:
            self.pos = -1
            return None
        out = self.q.text()[self.pos:end - len(PROMPT)]
        self.pos = end
        return out

    def check(self, label, out, patterns, absent=()):
        """Each pattern (a regex, in order) found in out, none of absent."""
        why, at = '', 0
        if out is None:
            why = 'no prompt came back'
        else:
            for p in patterns:
                m = re.compile(p, re.M).search(out, at)
                if not m:
                    why = 'lacks /%s/' % p
                    break
                at = m.end()
            for p in absent:
                if re.search(p, out, re.M):
                    why = 'has /%s/' % p
        self.res.add('%s:%s' % (self.name, label), not why,
                     '%s; output %r; see %s'
                     % (why, (out or '')[:600], self.run.log_path(self.name)))

    def address(self, out):
        m = re.search(r'^\d+ bytes at 0x([0-9a-f]{8})$', out or '', re.M)
        return int(m.group(1), 16) if m else None


def h(a):
    return '0x%08x' % a


def esc(a):
    return re.escape(h(a))


def check_commands(s):
    out = s.cmd('help')
    s.check('help', out, [r'^  %s ' % c for c in (
        'help', 'kmemcheck', 'mem', 'ticks', 'demo', 'halt', 'alloc',
        'zalloc', 'free', 'read', 'write', 'copy', 'shadow', 'pte',
        'trace')])
    # The guards' memory cost is part of the heap's statistics.
    s.check('mem', s.cmd('mem'), [
        r'^frames: \d+ free', r'^heap: \d+ pages',
        r'^heap: \d+ objects live or quarantined; their red zones: \d+ '
        r'bytes, making the heap hold \d+ bytes more than without them'])
    s.check('ticks', s.cmd('ticks'), [r'^\d+ ticks at 100 Hz$'])
    s.check('demo-1', s.cmd('demo 1'), [
        r'demo 1: ', r'^WARNING: kmemcheck: Caught 32-bit read from '
        r'uninitialized memory'], [r'demo 2: '])

    out = s.cmd('alloc 16')
    a = s.address(out)
    s.check('alloc', out, [r'^16 bytes at 0x[0-9a-f]{8}$'])
    if a is None:
        return
    s.check('read-uninit-reports', s.cmd('read %s' % h(a)), [
        r'^4 bytes at %s: 0x[0-9a-f]{8} \(\d+\)$' % esc(a),
        r'^WARNING: kmemcheck: Caught 32-bit read from uninitialized '
        r'memory \(%s\)$' % esc(a), r'probe_read\+0x'])
    s.check('write-1', s.cmd('write %s 1 0x7f' % h(a + 4)),
            [r'^wrote 0x7f to 1 byte at %s$' % esc(a + 4)], [r'WARNING'])
    s.check('read-1', s.cmd('read %s 1' % h(a + 4)),
            [r'^1 byte at %s: 0x7f \(127\)$' % esc(a + 4)], [r'WARNING'])
    s.check('write-2-read-2', s.cmd('write %s 2 0x1234' % h(a + 6)) +
            (s.cmd('read %s 2' % h(a + 6)) or ''),
            [r'^2 bytes at %s: 0x1234 \(4660\)$' % esc(a + 6)],
            [r'WARNING'])
    s.check('shadow', s.cmd('shadow %s 24' % h(a)),
            [r'^%s: iiiiiuiiuuuuuuuuaaaaaaaa$' % esc(a)])
    s.check('pte-hidden', s.cmd('pte %s' % h(a)), [
        r'^pte of %s: 0x[0-9a-f]{8} W( A)?( D)? HIDDEN \(tracked by '
        r'kmemcheck: hidden, every access faults\)$'
        % esc(a & ~0xfff)], [r' P '])
    s.check('pte-unmapped', s.cmd('pte 0'),
            [r'^pte of 0x00000000: 0x00000000 \(not mapped\)$'])
    out = s.cmd('zalloc 8')
    b = s.address(out)
    s.check('zalloc', out, [r'^8 bytes at 0x[0-9a-f]{8}$'])
    if b is None:
        return
    s.check('read-zeroed', s.cmd('read %s' % h(b)),
            [r'^4 bytes at %s: 0x00000000 \(0\)$' % esc(b)], [r'WARNING'])
    s.check('copy', s.cmd('copy %s %s 4' % (h(b), h(a + 4))),
            [r'^copied 4 bytes from %s to %s$' % (esc(a + 4), esc(b))],
            [r'WARNING'])
    # The copy carried a+5's uninitialized shadow along: the use of the
    # copy is what is reported.
    s.check('copy-moved-bytes', s.cmd('read %s' % h(b)), [
        r'^4 bytes at %s: 0x1234..7f ' % esc(b),
        r'^WARNING: kmemcheck: Caught 32-bit read from uninitialized '
        r'memory \(%s\)$' % esc(b)])
    s.check('free', s.cmd('free %s' % h(a)), [], [r'WARNING', 'usage'])
    s.check('read-after-free', s.cmd('read %s' % h(a)), [
        r'^WARNING: kmemcheck: Caught 32-bit read from freed memory '
        r'\(%s\)$' % esc(a)])
    s.check('free-again', s.cmd('free %s' % h(a)),
            [r'^free: %s is not a live object$' % esc(a)])
    s.check('read-unmapped', s.cmd('read 0'), [
        r'^read: #PF at 0x00000000, error code 0x0 \(not present, read, '
        r'kernel\): no such memory$'])
    s.check('read-unmapped-heap', s.cmd('read 0xd3fff000 2'), [
        r'^read: #PF at 0xd3fff000, error code 0x0 '])
    s.check('write-outside-heap', s.cmd('write 0x00200000 4 1'),
            [r'^write: only the heap '])


BAD_INPUT = [
    ('unknown', 'frobnicate 1', r'^frobnicate: unknown command'),
    ('read-no-addr', 'read', r'^usage: read ADDR \[1\|2\|4\]$'),
    ('read-size-3', 'read 0xd0000000 3', r'^usage: read ADDR'),
    ('read-extra', 'read 0xd0000000 4 5', r'^usage: read ADDR'),
    ('read-bad-hex', 'read 0xzz', r'^usage: read ADDR'),
    ('read-bare-0x', 'read 0x', r'^usage: read ADDR'),
    ('alloc-junk', 'alloc 12abc', r'^usage: alloc SIZE$'),
    ('alloc-overflow', 'alloc 0x100000000', r'^usage: alloc SIZE$'),
    ('alloc-zero', 'alloc 0', r'^usage: alloc SIZE$'),
    ('alloc-negative', 'alloc -4', r'^usage: alloc SIZE$'),
    ('write-too-big', 'write 0xd0000000 1 0x100',
     r'^write: 0x100 does not fit in 1 byte\nusage: write '),
    ('copy-missing', 'copy 0xd0000000 0xd0000010', r'^usage: copy DST SRC'),
    ('copy-zero', 'copy 0xd0000000 0xd0000010 0', r'^usage: copy DST SRC'),
    ('shadow-long', 'shadow 0xd0000000 100000', r'^usage: shadow ADDR'),
    ('help-extra', 'help me', r'^usage: help$'),
    ('halt-extra', 'halt now', r'^usage: halt$'),
    ('demo-range', 'demo 9', r'^usage: demo \[N \[CPU\]\]$'),
    ('demo-cpu-range', 'demo 1 7', r'^demo: the CPUs are 0 to 0$'),
    ('kmemcheck-bad', 'kmemcheck 3', r'^usage: kmemcheck \[0\|1\|2\|on'),
    ('trace-bad', 'trace maybe', r'^usage: trace on\|off$'),
]


def check_bad_input(s):
    for label, line, pattern in BAD_INPUT:
        s.check('bad:' + label, s.cmd(line), [pattern], [r'WARNING'])


def check_one_shot(s):
    a = s.address(s.cmd('alloc 16'))
    s.check('oneshot:on', s.cmd('kmemcheck 2'),
            [r'^kmemcheck: mode one-shot', r'^kmemcheck: on;'])
    if a is None:
        return
    out = (s.cmd('read %s' % h(a)) or '') + (s.cmd('read %s' % h(a + 8))
                                              or '')
    s.check('oneshot:one-report', out, [
        r'^WARNING: kmemcheck: Caught 32-bit read from uninitialized '
        r'memory \(%s\)' % esc(a),
        r'^kmemcheck: one-shot: switched off after the first report$'],
        [r'Caught 32-bit read from uninitialized memory \(%s\)'
         % esc(a + 8)])
    s.check('oneshot:off', s.cmd('kmemcheck'), [r'^kmemcheck: off;'])
    s.check('oneshot:back-on', s.cmd('kmemcheck 1'),
            [r'^kmemcheck: mode on', r'^kmemcheck: on;'])


def check_line_editing(s):
    ticks = [r' ticks at 100 Hz$']
    bad = [r'unknown command', r'usage:']
    s.check('edit:backspace', s.cmd('tickz\x08s'), ticks, bad)
    s.check('edit:delete', s.cmd('tickz\x7fs'), ticks, bad)
    s.check('edit:ctrl-u', s.cmd('garbage words\x15ticks'), ticks, bad)
    s.check('edit:arrow-ignored', s.cmd('tic\x1b[Dks\x1b[C'), ticks, bad)
    s.check('edit:function-key', s.cmd('tic\x1bOPks\x1b[5~'), ticks, bad)
    s.check('edit:escape-enter', s.cmd('ticks\x1b'), ticks, bad)
    s.check('edit:leading-spaces', s.cmd('   ticks'), ticks, bad)
    s.cmd('mem')
    s.check('edit:history-up', s.cmd('\x1b[A\x1b[A'), ticks, bad)
    s.check('edit:history-down', s.cmd('\x1b[A\x1b[A\x1b[A\x1b[B'),
            [r'^frames: '], bad)


# One narrated step: #PF ... #DB, as trace.c prints it.
def step_lines(eip_fn, cr2, err, pages):
    pats = [r'^trace: #PF \(fault \d+\) at eip 0x[0-9a-f]{8} %s\+0x' % eip_fn,
            r'^trace:   cr2 %s, error code %s$' % (esc(cr2), err)]
    pats += [r'^trace:   found pte of %s: 0x[0-9a-f]{8} W( A)?( D)? HIDDEN$'
             % esc(p) for p in pages]
    return pats


def step_tail(pages):
    pats = [r'^trace:   shown pte of %s: 0x[0-9a-f]{7}[1357bdf] P W( A)?'
            r'( D)? HIDDEN$' % esc(p) for p in pages]
    pats += [r'^trace:   iret to run one instruction: EFLAGS 0x[0-9a-f]{8} '
             r'-> 0x[0-9a-f]{8} \(TF set, IF clear\)$',
             r'^trace: #DB dr6 0x[0-9a-f]{8} \(BS: single step\)$']
    pats += [r'^trace:   hidden pte of %s: 0x[0-9a-f]{7}[02468ace] W A( D)? '
             r'HIDDEN$' % esc(p) for p in pages]
    pats += [r'^trace:   iret: EFLAGS 0x[0-9a-f]{8} -> 0x[0-9a-f]{8} '
             r'\(TF clear, IF set\)$']
    return pats


def check_trace(s):
    s.check('trace:on', s.cmd('trace on'), [r'^trace: on$'])
    a = s.address(s.cmd('alloc 16'))
    e = s.address(s.cmd('zalloc 16'))
    f = s.address(s.cmd('alloc 8192'))
    if None in (a, e, f):
        s.check('trace:alloc', None, [])
        return
    pa, pe = a & ~0xfff, e & ~0xfff
    s.check('trace:read', s.cmd('read %s' % h(a)),
            step_lines('probe_read', a, r'0x0 \(not present, read, kernel\)',
                       [pa]) +
            [r'^trace:   insn 8b [0-9a-f ]+ mov \(%e[a-z]{2}\),%e[a-z]{2}$',
             r'^trace:   operand 0: read 4 bytes at %s, shadow uuuu -> '
             r'iiii$' % esc(a), r'^trace:   report: 1 saved'] +
            step_tail([pa]) +
            [r'^WARNING: kmemcheck: Caught 32-bit read from uninitialized '
             r'memory \(%s\)' % esc(a)])
    s.check('trace:write', s.cmd('write %s 2 5' % h(a + 4)),
            step_lines('probe_write', a + 4,
                       r'0x2 \(not present, write, kernel\)', [pa]) +
            [r'^trace:   insn 66 89 [0-9a-f ]+ mov %[a-d]x,\(%e[a-z]{2}\)$',
             r'^trace:   operand 0: write 2 bytes at %s, shadow uu -> ii$'
             % esc(a + 4)] + step_tail([pa]), [r'report:', r'WARNING'])
    movs = [r'^trace:   insn f3 a4  rep movsb %ds:\(%esi\),%es:\(%edi\)$',
            r'^trace:   operand 0 \(source, esi\): read 1 byte at %s, '
            r'shadow u -> u$', r'^trace:   operand 1 \(destination, edi\): '
            r'write 1 byte at %s, shadow i -> u$']
    s.check('trace:movs', s.cmd('copy %s %s 2' % (h(e), h(a + 8))),
            step_lines('probe_copy', a + 8,
                       r'0x0 \(not present, read, kernel\)',
                       [pa] if pa == pe else [pa, pe]) +
            [movs[0], movs[1] % esc(a + 8), movs[2] % esc(e)] +
            step_tail([pa] if pa == pe else [pa, pe]) +
            [r'^trace: #PF', movs[1] % esc(a + 9), movs[2] % esc(e + 1)],
            [r'WARNING'])
    # The object starts after its red zone: cross the end of its first
    # page.
    pf = f & ~0xfff
    cross = pf + 0xffe
    s.check('trace:page-crossing', s.cmd('read %s' % h(cross)),
            step_lines('probe_read', cross,
                       r'0x0 \(not present, read, kernel\)',
                       [pf, pf + 0x1000]) +
            [r'^trace:   operand 0: read 4 bytes at %s, shadow uuuu -> '
             r'iiii$' % esc(cross)] + step_tail([pf, pf + 0x1000]) +
            [r'^WARNING: kmemcheck: Caught 32-bit read from uninitialized '
             r'memory \(%s\)' % esc(cross)])
    out = s.cmd('copy %s %s 40' % (h(f), h(f + 0x100)))
    s.check('trace:overflow', out,
            [r'^trace: 8 steps dropped: the ring of 32 was full$'])
    n = (out or '').count('trace: #PF')
    s.res.add('%s:trace:ring-holds-32' % s.name, n == 32,
              '%d steps printed; see %s' % (n, s.run.log_path(s.name)))
    s.check('trace:off', s.cmd('trace off'), [r'^trace: off$'])
    s.check('trace:off-silent', s.cmd('read %s' % h(f + 0x200)), [],
            [r'^trace:'])


def job_shell_commands(run):
    res = run.Result()
    name = 'shell-commands'
    q = run.Interactive(name, run.qemu_cmd(
        ['-kernel', run.kernel_elf(), '-append', 'kmemcheck.trace=1']))
    s = Session(run, q, res, name)
    s.check('prompt', s.boot if s.pos >= 0 else None, [])
    s.check('cmdline-trace', s.boot.split('shell: type')[0],
            [r'^trace: #PF \(fault \d+\) at eip 0x[0-9a-f]{8} '
             r'uninitialized_read\+0x', r'^trace: #DB ',
             r'^WARNING: kmemcheck: Caught'])
    s.check('trace-off-first', s.cmd('trace off'), [r'^trace: off$'])
    check_commands(s)
    check_bad_input(s)
    check_one_shot(s)
    check_line_editing(s)
    check_trace(s)
    if s.pos >= 0:
        q.type('halt\r')
    status = q.finish(timeout=20)
    res.add(name + ':halt', status == run.QEMU_PASS and
            'halting\n' in q.text()[max(s.pos, 0):],
            'halt: QEMU exit status %s; see %s'
            % (status, run.log_path(name)))
    return res


def job_boot_one_shot(run):
    """Booted with kmemcheck=2, the kernel says when it switched off."""
    res = run.Result()
    name = 'oneshot-boot'
    status, text = run.boot(name, 'kmemcheck=2 ktest=mode_bad')
    run.parse_ktest(res, name + ':', status, text, run.log_path(name))
    res.add(name + ':says-switched-off', re.search(
        r'^WARNING: kmemcheck: Caught (.*\n)+kmemcheck: one-shot: switched '
        r'off after the first report\nktest: PASS mode_bad_accesses$',
        text, re.M) is not None and text.count('one-shot: switched') == 1,
        'no single switched-off line after the report; see %s'
        % run.log_path(name))
    return res


def jobs(run):
    return [(lambda: job_shell_commands(run), 'shell-commands'),
            (lambda: job_boot_one_shot(run), 'oneshot-boot')]
