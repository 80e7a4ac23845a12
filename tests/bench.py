#!/usr/bin/env python3
"""tests/bench.py - `make bench`: the kernel's figures under -icount.

With -icount shift=0 every guest instruction advances QEMU's virtual clock
by 1 ns and rdtsc reads that clock, so the figures count guest
instructions: the same on every run and every host. Five boots, side by
side: `bench`, `bench kmemcheck.emulate=1`, `bench kmemcheck=0` (the
workloads with no kmemcheck at all), `bench=smp` with -smp 4 (one access
with one and with four CPUs reading) and `ktest` (the kernel test suite,
for its virtual time; left out with --quick). Prints a table and
writes one `name<TAB>value<TAB>unit` row per figure (DESIGN.md, "Bench.")
to build/bench.tsv. Asserts nothing about the figures: it fails only when
a boot does not give them.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

QEMU_PASS = 33
BENCH_TIMEOUT = 60
SUITE_TIMEOUT = 110

# Rows every bench.tsv has (DESIGN.md); tests/jobs_bench.py checks them.
REQUIRED = ['floor', 'tracked_read', 'tracked_write', 'tracked_movsl',
            'emulated_read', 'emulated_write', 'list_slowdown',
            'hash_slowdown', 'string_slowdown', 'memset_4k_slowdown',
            'memcpy_4k_slowdown']

ACCESS_ROWS = [
    ('untracked_read', 'untracked heap read'),
    ('roundtrip_floor', 'round trip alone: minimal #PF + #DB handlers'),
    ('floor', "floor: kmemcheck's show, step, hide only"),
    ('tracked_read', 'tracked read, steady state'),
    ('cold_read', 'tracked read, cold (each instruction once)'),
    ('tracked_write', 'tracked write, steady state'),
    ('cold_write', 'tracked write, cold'),
    ('tracked_movsl', 'tracked movsl, both tracked'),
    ('tracked_movsl_uninit', 'tracked movsl, uninitialized source'),
]
# From the kmemcheck.emulate=1 boot: its name there, the row's name here.
EMULATED_ROWS = [
    ('tracked_read', 'emulated_read', 'read, kmemcheck.emulate=1'),
    ('cold_read', 'emulated_cold_read', 'read, cold, kmemcheck.emulate=1'),
    ('tracked_write', 'emulated_write', 'write, kmemcheck.emulate=1'),
    ('tracked_movsl', 'emulated_movsl', 'movsl, kmemcheck.emulate=1'),
]
SMP_CPUS = 4
SMP_ROWS = [
    ('smp1_read', 'tracked read, 1 CPU reading'),
    ('smp%d_read' % SMP_CPUS,
     'tracked read, %d CPUs at once, each its own' % SMP_CPUS),
]


def qemu_cmd(args, append, extra=()):
    return [args.qemu, '-m', '128M', '-no-reboot', '-display', 'none',
            '-icount', 'shift=0,sleep=off',
            '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
            '-serial', 'stdio', '-monitor', 'none',
            '-kernel', os.path.join(args.build, 'kernel.elf'),
            '-append', append] + list(extra)


def boot(args, name, append, timeout, extra=()):
    """Returns (QEMU exit status or 'timeout', serial output); the output
    is kept in build/bench-logs/name.log."""
    try:
        p = subprocess.run(qemu_cmd(args, append, extra),
                           stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=timeout)
        status, out = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        status, out = 'timeout', e.stdout or b''
    text = out.decode('utf-8', 'replace').replace('\r', '')
    logs = os.path.join(args.build, 'bench-logs')
    os.makedirs(logs, exist_ok=True)
    with open(os.path.join(logs, name + '.log'), 'w') as f:
        f.write(text)
    return status, text


def parse_bench(text):
    """The kernel's `bench:` lines: figures, workloads, notes; a
    kmemcheck=0 boot's `base` lines are figures named <workload>_boot0."""
    figures, workloads, notes = {}, [], []
    for line in text.splitlines():
        if not line.startswith('bench: '):
            continue
        words = line[len('bench: '):].split(' ', 4)
        if words[0] == 'note':
            notes.append(line[len('bench: note '):])
        elif words[0] == 'workload' and len(words) == 5:
            workloads.append((words[1], int(words[2]), int(words[3]),
                              words[4]))
        elif words[0] == 'base' and len(words) == 3:
            figures[words[1] + '_boot0'] = int(words[2])
        elif len(words) == 2 and words[1].isdigit():
            figures[words[0]] = int(words[1])
    return figures, workloads, notes


def ratio(a, b):
    return a / b if b else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--build', default='build')
    ap.add_argument('--qemu', default='qemu-system-i386')
    ap.add_argument('--out', help='the tsv (default: BUILD/bench.tsv)')
    ap.add_argument('--quick', action='store_true',
                    help='leave out the test suite boot (make test)')
    args = ap.parse_args()
    out = args.out or os.path.join(args.build, 'bench.tsv')

    boots = {'bench': ('bench', BENCH_TIMEOUT, ()),
             'emulate': ('bench kmemcheck.emulate=1', BENCH_TIMEOUT, ()),
             'base': ('bench kmemcheck=0', BENCH_TIMEOUT, ()),
             'smp': ('bench=smp', BENCH_TIMEOUT, ('-smp', str(SMP_CPUS)))}
    if not args.quick:
        boots['ktest'] = ('ktest', SUITE_TIMEOUT, ())
    with concurrent.futures.ThreadPoolExecutor(len(boots)) as pool:
        futures = {k: pool.submit(boot, args, k, a, t, x)
                   for k, (a, t, x) in boots.items()}
        results = {k: f.result() for k, f in futures.items()}

    errors = []
    plain, emul, base, smp = {}, {}, {}, {}
    for key, store in (('bench', plain), ('emulate', emul), ('base', base),
                       ('smp', smp)):
        status, text = results[key]
        figures, workloads, notes = parse_bench(text)
        store.update(figures=figures, notes=notes, text=text,
                     workloads={w[0]: w for w in workloads},
                     order=[w[0] for w in workloads])
        if status != QEMU_PASS or not figures:
            errors.append('boot `%s`: QEMU exit status %s, %d figures; see '
                          '%s/bench-logs/%s.log' % (boots[key][0], status,
                                                    len(figures),
                                                    args.build, key))

    rows = []       # (name, value, unit)
    lines = []
    f, ef = plain['figures'], emul['figures']
    floor, rt = f.get('floor', 0), f.get('roundtrip_floor', 0)
    lines.append('make bench: guest instructions under QEMU -icount '
                 'shift=0 (1 instruction = 1 virtual ns),')
    lines.append('exact and the same on every run; an exception, an iret, '
                 'an invlpg count 1 each, like a mov.')
    lines.append('')
    lines.append('%-48s %9s %9s %13s' % (
        'one access, averaged over %d' % f.get('iterations', 0),
        'insns', 'x floor', 'x round trip'))
    access = [(name, what, f.get(name)) for name, what in ACCESS_ROWS]
    access += [(row, what, ef.get(src)) for src, row, what in EMULATED_ROWS]
    for name, what, v in access:
        if v is None:
            continue
        rows.append((name, v, 'insns'))
        lines.append('%-48s %9d %9.2f %13.2f' % (what, v, ratio(v, floor),
                                                 ratio(v, rt)))

    sf = smp['figures']
    lines.append('')
    lines.append('%-48s %9s %9s %13s' % (
        '-smp %d, %d reads per CPU' % (SMP_CPUS, sf.get('smp_iterations', 0)),
        'insns', 'x floor', 'x 1 CPU'))
    for name, what in SMP_ROWS:
        v = sf.get(name)
        if v is None:
            continue
        rows.append((name, v, 'insns'))
        lines.append('%-48s %9d %9.2f %13.2f' % (
            what, v, ratio(v, floor), ratio(v, sf.get('smp1_read', 0))))
    lines.append('under -icount the CPUs run in turn on one virtual clock: '
                 'each figure is the')
    lines.append("run's virtual ns (first CPU's start to the last one's "
                 "end) over all CPUs' reads;")
    lines.append("QEMU's round robin gives each CPU long slices (to a timer "
                 "deadline or a hlt), so")
    lines.append('the loops hardly overlap: they price the per-CPU paths, '
                 'not contention.')
    lines += smp['notes']

    lines.append('')
    lines.append('%-44s %11s %11s %9s %9s %11s' % (
        'workload, one run (insns)', 'kmemcheck 0', 'kmemcheck 1',
        'slowdown', 'emulate=1', 'x boot k=0'))
    for name in plain['order']:
        _, off, on, what = plain['workloads'][name]
        slow = ratio(on, off)
        rows += [(name + '_off', off, 'insns'), (name + '_on', on, 'insns'),
                 (name + '_slowdown', '%.2f' % slow, 'x')]
        col = col0 = ''
        if name in emul['workloads']:
            _, eoff, eon, _ = emul['workloads'][name]
            rows.append((name + '_emulated_slowdown',
                         '%.2f' % ratio(eon, eoff), 'x'))
            col = '%.2fx' % ratio(eon, eoff)
        b0 = base['figures'].get(name + '_boot0')
        if b0:
            rows += [(name + '_boot0', b0, 'insns'),
                     (name + '_slowdown_boot0', '%.2f' % ratio(on, b0), 'x')]
            col0 = '%.2fx' % ratio(on, b0)
        lines.append('%-44s %11s %11s %8.2fx %9s %11s' % (
            what, '{:,}'.format(off), '{:,}'.format(on), slow, col, col0))
    lines.append('kmemcheck 0/1: kmemcheck_set_enabled(false/true) in one '
                 'boot (the heap still keeps')
    lines.append('shadow, origins and stacks while off); emulate=1: the '
                 'same with kmemcheck.emulate=1;')
    lines.append('x boot k=0: kmemcheck 1 over a boot with kmemcheck=0, '
                 'where the heap keeps none.')

    if 'ktest' in results:
        status, text = results['ktest']
        m = re.search(r'^time: (\d+) TSC cycles', text, re.M)
        summary = re.search(r'^(\d+) passed, (\d+) failed$', text, re.M)
        if m:
            rows.append(('ktest_suite', int(m.group(1)), 'ns'))
            lines.append('')
            lines.append('kernel test suite (ktest), first test to summary: '
                         '{:,} virtual ns ({};'.format(
                             int(m.group(1)),
                             summary.group(0) if summary else 'no summary'))
            lines.append('time halted waiting for timer ticks included: '
                         'the clock jumps to the next tick)')
        else:
            errors.append('boot `ktest`: QEMU exit status %s, no time line; '
                          'see %s/bench-logs/ktest.log' % (status, args.build))

    lines.append('')
    lines += plain['notes']
    if "ignoring 'kmemcheck.emulate'" in emul['text']:
        lines.append('this kernel ignores kmemcheck.emulate: its figures '
                     'are the single-stepped path')
    print('\n'.join(lines))

    with open(out, 'w') as fp:
        for name, value, unit in rows:
            fp.write('%s\t%s\t%s\n' % (name, value, unit))
    print('(%d rows in %s)' % (len(rows), out))

    have = {r[0] for r in rows}
    missing = [r for r in REQUIRED if r not in have]
    if missing:
        errors.append('no figure for %s' % ', '.join(missing))
    for e in errors:
        print('bench: ' + e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
