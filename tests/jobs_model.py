"""tests/jobs_model.py - the kmemcheck model test: replay one seed, or soak.

The kernel suite runs the model test with its own seeds. This job boots it
once more with ktest.seed= and ktest.ops= to prove that one seed replays
alone, as a failure message tells the reader to do. A longer soak is one
make variable away:

    make test MODEL_OPS=200000 [MODEL_SEED=N]

boots the model test with ktest.ops=MODEL_OPS (and ktest.seed=MODEL_SEED),
its time limit grown to match.
"""
import os
import re

REPLAY_SEED = 12345
REPLAY_OPS = 400
# Guest operations per second under TCG, well on the slow side.
OPS_PER_SECOND = 1000

SUMMARY = re.compile(r'^model: (\d+) seeds, (\d+) operations, (\d+) reports, '
                     r'(\d+) errors, (\d+) disagreements$', re.M)


def _model_boot(run, name, append, seeds, ops, timeout):
    res = run.Result()
    status, text = run.boot(name, append, timeout=timeout)
    run.parse_ktest(res, name + ':', status, text, run.log_path(name))
    m = SUMMARY.search(text)
    want = (seeds, ops, 0)
    got = (int(m.group(1)), int(m.group(2)), int(m.group(5))) if m else None
    res.add(name + ':summary', got == want,
            'summary %s, expected %d seeds, %d operations, 0 disagreements;'
            ' see %s' % (m.group(0) if m else 'missing', seeds, ops,
                         run.log_path(name)))
    return res


def jobs(run):
    replay = 'model-replay'
    out = [(lambda: _model_boot(
        run, replay, 'ktest=kmemcheck_model ktest.seed=%d ktest.ops=%d'
        % (REPLAY_SEED, REPLAY_OPS), 1, REPLAY_OPS, run.BOOT_TIMEOUT),
        replay)]
    ops = os.environ.get('MODEL_OPS', '')
    if ops:
        seed = os.environ.get('MODEL_SEED', '')
        append = 'ktest=kmemcheck_model ktest.ops=%d' % int(ops)
        seeds = 4
        if seed:
            append += ' ktest.seed=%d' % int(seed)
            seeds = 1
        timeout = run.BOOT_TIMEOUT + seeds * int(ops) // OPS_PER_SECOND
        out.append((lambda: _model_boot(run, 'model-soak', append, seeds,
                                        seeds * int(ops), timeout),
                    'model-soak'))
    return out
