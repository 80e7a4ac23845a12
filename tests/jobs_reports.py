"""tests/jobs_reports.py - the printed lines of each kind of report, and the log symbolizer.

One boot runs the report tests (tests/test_kmemcheck_report.c); their log
is read line by line against the Reports contract in DESIGN.md, then fed
to tools/symbolize.py, whose output must give every frame a file:line.
"""
import os
import re
import shutil
import subprocess
import sys

RULE = re.compile(r'^={20,}$')
WARNING = re.compile(r'^WARNING: kmemcheck: Caught (.*) \(0x([0-9a-f]{8})\)$')
BUG = re.compile(r'^BUG: kmemcheck: (uninit-value|use-after-free|'
                 r'out-of-bounds|double-free|invalid-free) in '
                 r'(\w+)\+0x[0-9a-f]+/0x[0-9a-f]+$')
LOCATED = re.compile(r'^The address is located (\d+) bytes (inside of|to the '
                     r'right of|to the left of) the (\d+)-byte object at '
                     r'0x([0-9a-f]{8})( \(size class \d+\))?$')
FRAME = re.compile(r'^ \[<[0-9a-f]{8}>\] (\w+)\+0x[0-9a-f]+/0x[0-9a-f]+$')

# Test -> (bug type, function of the BUG line, location words, the
# headings with a function their stack must name).
EXPECTED = {
    'kmemcheck_report_uninit': (
        'uninit-value', 'report_reader', '4 bytes inside of the 24-byte',
        [('Allocated at:', 'report_alloc_site'),
         ('Uninit was created at:', 'report_alloc_site')]),
    'kmemcheck_report_use_after_free': (
        'use-after-free', 'report_reader', '8 bytes inside of the 40-byte',
        [('Allocated at:', 'report_alloc_site'),
         ('Freed at:', 'report_free_site')]),
    'kmemcheck_report_out_of_bounds_right': (
        'out-of-bounds', 'report_reader', '2 bytes to the right of the 40-byte',
        [('Allocated at:', 'report_alloc_site')]),
    'kmemcheck_report_out_of_bounds_left': (
        'out-of-bounds', 'report_reader', '1948 bytes to the left of the 1500-byte',
        [('Allocated at:', 'report_other_alloc_site')]),
    'kmemcheck_report_double_free': (
        'double-free', 'report_free_again', '0 bytes inside of the 32-byte',
        [('Allocated at:', 'report_alloc_site'),
         ('Freed at:', 'report_free_site')]),
    'kmemcheck_report_free_of_the_middle': (
        'invalid-free', 'report_free_site', '8 bytes inside of the 32-byte',
        [('Allocated at:', 'report_alloc_site')]),
    'kmemcheck_report_free_never_allocated': (
        'invalid-free', 'report_free_site', None, []),
    'kmemcheck_report_origin_one_copy': (
        'uninit-value', 'report_reader', '8 bytes inside of the 16-byte',
        [('Allocated at:', 'report_other_alloc_site'),
         ('Uninit was created at:', 'report_alloc_site'),
         ('Uninit was stored to memory at:', 'report_copy_site')]),
    'kmemcheck_report_origin_two_copies': (
        'uninit-value', 'report_reader', '4 bytes inside of the 16-byte',
        [('Allocated at:', 'ktest_fn_kmemcheck_report_origin_two_copies'),
         ('Uninit was created at:', 'report_alloc_site'),
         ('Uninit was stored to memory at:', 'report_copy_site'),
         ('Uninit was stored to memory at:', 'report_copy_again')]),
    'kmemcheck_report_origin_through_memmove': (
        'uninit-value', 'report_reader', '12 bytes inside of the 32-byte',
        [('Allocated at:', 'report_alloc_site'),
         ('Uninit was created at:', 'report_alloc_site'),
         ('Uninit was stored to memory at:', 'report_move_site')]),
    'kmemcheck_report_origin_through_krealloc': (
        'uninit-value', 'report_reader', '4 bytes inside of the 64-byte',
        [('Allocated at:', 'report_realloc_site'),
         ('Uninit was created at:', 'report_alloc_site'),
         ('Uninit was stored to memory at:', 'report_realloc_site')]),
}


def tests_of(text):
    """{test name: the lines it printed}."""
    out = {}
    for m in re.finditer(r'^ktest: RUN (\S+)\n(.*?)^ktest: (?:PASS|FAIL) \1',
                         text, re.M | re.S):
        out[m.group(1)] = m.group(2).splitlines()
    return out


def stacks_of(lines):
    """[(heading, [functions])] in the order printed."""
    out = []
    for line in lines:
        if line.endswith(':') and not line.startswith(' '):
            out.append((line, []))
        elif out:
            m = FRAME.match(line)
            if m:
                out[-1][1].append(m.group(1))
    return out


def check_report(res, name, lines, expected):
    """The lines of the one report a test printed."""
    label = 'reports:' + name
    if not (len(lines) > 4 and RULE.match(lines[0]) and
            WARNING.match(lines[1])):
        res.add(label + ':frame', False, 'no ==== line, then WARNING')
        return
    end = next((i for i in range(2, len(lines)) if RULE.match(lines[i])),
               None)
    res.add(label + ':frame', end is not None and
            lines[end + 1:end + 2] == ['ktest: expected report above'],
            'no closing ==== line followed by the expected-report mark')
    body = lines[2:end]
    btype, fn, where, stacks = expected
    m = BUG.match(body[0]) if body else None
    res.add(label + ':bug-line', m is not None and m.group(1) == btype and
            m.group(2) == fn, 'line after WARNING is %r, want %s in %s'
            % (body[0] if body else None, btype, fn))
    loc = [LOCATED.match(l) for l in body if l.startswith('The address')]
    if where is None:
        res.add(label + ':located', not loc, 'an object line for a pointer '
                'never allocated')
    else:
        res.add(label + ':located', len(loc) == 1 and loc[0] is not None and
                loc[0].group(0).startswith('The address is located ' + where),
                'object line %r, want %r' % (loc, where))
    got = stacks_of(body)
    heads = [h for h, _ in got if h != 'Call Trace:']
    res.add(label + ':headings', heads == [h for h, _ in stacks],
            'headings %r, want %r' % (heads, [h for h, _ in stacks]))
    want = list(stacks)
    for head, fns in got:
        if want and head == want[0][0]:
            res.add(label + ':' + head.rstrip(':').replace(' ', '-') +
                    ':' + want[0][1], want[0][1] in fns,
                    '%s names %r' % (head, fns))
            want.pop(0)


def check_columns(res, text):
    """Each shadow letter stands above its byte's second digit."""
    m = re.search(r'^shadow at ([0-9a-f]{8}):(.*)\n(.*\^)\nmemory at \1:(.*)$',
                  text, re.M)
    if not m:
        res.add('reports:columns', False, 'no shadow/memory lines')
        return
    letters = [i for i, c in enumerate(m.group(2)) if c.isalpha()]
    digits = [i + 1 for i in range(0, len(m.group(4)), 3)]
    pairs = [m.group(4)[i:i + 2] for i in digits]
    res.add('reports:columns', letters == [d + 1 for d in digits] and
            len(letters) == 32 and all(re.match(r'^[0-9a-f]{2}$', p)
                                       for p in pairs),
            'letters at %r, bytes at %r' % (letters[:4], digits[:4]))


NOT_KEPT = ' (stack not kept: the stack depot was full)'


def check_not_kept(res, tests):
    """With the depot full, the report says so under each heading whose
    stack was not kept, and shows no frame there."""
    name = 'kmemcheck_report_depot_full'
    lines = tests.get(name, [])
    for head in ('Allocated at:', 'Uninit was created at:'):
        at = [i for i, l in enumerate(lines) if l == head]
        res.add('reports:%s:%s-not-kept' % (name, head.rstrip(':')
                                            .replace(' ', '-')),
                len(at) == 1 and lines[at[0] + 1:at[0] + 2] == [NOT_KEPT],
                '%r followed by %r, want %r' % (
                    head, lines[at[0] + 1] if at and at[0] + 1 < len(lines)
                    else None, NOT_KEPT))


def addr2line_cmd():
    for cmd in ('i686-elf-addr2line', 'i686-linux-gnu-addr2line'):
        if shutil.which(cmd):
            return cmd
    return 'addr2line'


def check_symbolizer(run, res, log):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = subprocess.run([sys.executable, os.path.join(root, 'tools',
                                                     'symbolize.py'),
                        '--elf', run.kernel_elf(), '--addr2line',
                        addr2line_cmd(), log], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True,
                       timeout=60)
    out = p.stdout.splitlines()
    frames = [l for l in out if re.match(r'^ +\[<[0-9a-f]{8}>\] ', l)]
    bare = [l for l in frames if not re.search(r' \S+\.(c|asm):\d+', l)]
    res.add('symbolize:every-frame', p.returncode == 0 and frames and
            not bare, 'exit %d, %d frames, without file:line: %r'
            % (p.returncode, len(frames), bare[:3]))
    alloc = [l for l in frames if ' report_alloc_site+' in l]
    res.add('symbolize:alloc-site', alloc and all(
        re.search(r' tests/test_kmemcheck_report\.c:\d+$', l) for l in alloc),
        'report_alloc_site frames: %r' % alloc[:2])
    copy = [l for l in frames if ' memcpy+' in l]
    res.add('symbolize:copy-in-memcpy', copy and all(
        re.search(r' kernel/string\.c:\d+$', l) for l in copy),
        'memcpy frames: %r' % copy[:2])
    with open(log) as f:
        raw = f.read().replace('\r', '').splitlines()
    res.add('symbolize:other-lines-kept', [l for l in out if not re.match(
        r'^ +\[<', l) and not l.startswith('EIP: ')] == [
        l for l in raw if not re.match(r'^ +\[<', l) and
        not l.startswith('EIP: ')], 'lines other than frames changed')


def job_reports(run):
    res = run.Result()
    name = 'reports'
    status, text = run.boot(name, 'ktest=kmemcheck_report')
    log = run.log_path(name)
    run.parse_ktest(res, 'reports-boot:', status, text, log)
    tests = tests_of(text)
    for test, expected in EXPECTED.items():
        if test not in tests:
            res.add('reports:' + test, False, 'test did not run; see ' + log)
            continue
        check_report(res, test, tests[test], expected)
    check_not_kept(res, tests)
    check_columns(res, text)
    check_symbolizer(run, res, log)
    return res


def jobs(run):
    return [(lambda: job_reports(run), 'reports')]
