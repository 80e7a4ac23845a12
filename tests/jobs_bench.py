"""tests/jobs_bench.py - make bench still gives every figure DESIGN.md names.

Runs tests/bench.py --quick (the bench boots, not the test suite's) and
checks only that its tsv has each required row with a positive number:
never a threshold on a figure or on wall time.
"""
import os
import subprocess
import sys


def job_bench(run):
    res = run.Result()
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    import bench
    tsv = run.log_path('bench-quick').replace('.log', '.tsv')
    if os.path.exists(tsv):
        os.remove(tsv)
    p = subprocess.run([sys.executable, os.path.join(here, 'bench.py'),
                        '--quick', '--build', run.ARGS.build,
                        '--qemu', run.ARGS.qemu, '--out', tsv],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=2 * run.BOOT_TIMEOUT)
    text = p.stdout.decode('utf-8', 'replace')
    with open(run.log_path('bench-quick'), 'w') as f:
        f.write(text)
    rows = {}
    if os.path.exists(tsv):
        with open(tsv) as f:
            for line in f:
                fields = line.rstrip('\n').split('\t')
                if len(fields) == 3:
                    rows[fields[0]] = fields[1]
    for name in bench.REQUIRED:
        try:
            ok = float(rows.get(name, '')) > 0
        except ValueError:
            ok = False
        res.add('bench:' + name, ok,
                'row %r in %s (bench.py exit %d); see %s'
                % (rows.get(name), tsv, p.returncode,
                   run.log_path('bench-quick')))
    return res


def jobs(run):
    return [(lambda: job_bench(run), 'bench')]
