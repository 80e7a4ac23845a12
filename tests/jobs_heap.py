"""tests/jobs_heap.py - boots for the heap: its tests with kmemcheck=0, the
format of its reports, and the panic of a stack on a tracked heap page."""
import re

# What the double fault of a kmalloc'd stack must say.
HEAP_STACK_PANIC = [
    r'^KERNEL PANIC: double fault \(#DF double fault\): the stack pointer '
    r'[0-9a-f]{8} is on a heap page kmemcheck tracks',
    r'allocate stacks with kmalloc_notrack\(\)$',
    r'^EIP: [0-9a-f]{8} ', r'Call Trace:',
]

# First lines of the heap's own reports (DESIGN.md).
HEAP_REPORT_LINES = [
    ('double-free', r'^WARNING: kmemcheck: Caught double free '
                    r'\(0x[0-9a-f]{8}\)$'),
    ('invalid-free', r'^WARNING: kmemcheck: Caught invalid free '
                     r'\(0x[0-9a-f]{8}\)$'),
    ('krealloc-freed', r'^WARNING: kmemcheck: Caught krealloc of freed '
                       r'memory \(0x[0-9a-f]{8}\)$'),
    ('ksize-invalid', r'^WARNING: kmemcheck: Caught ksize of invalid '
                      r'pointer \(0x[0-9a-f]{8}\)$'),
]


def job_heap_stack(run):
    res = run.Result()
    name = 'panic:crash_heap_stack'
    status, text = run.boot(name, 'ktest=crash_heap_stack')
    log = run.log_path(name)
    res.add(name + ':exit-status', status == run.QEMU_FAIL,
            'QEMU exit status %s, expected %d; see %s'
            % (status, run.QEMU_FAIL, log))
    for pat in HEAP_STACK_PANIC:
        res.add(name + ':' + pat[:40], re.search(pat, text, re.M)
                is not None, 'panic output lacks /%s/; see %s' % (pat, log))
    res.add(name + ':not-overflow', 'stack overflow' not in text,
            'the panic still blames a stack overflow; see %s' % log)
    return res


def job_heap_without_shadow(run):
    """The heap's own tests with kmemcheck=0: no shadow, no red zones, and
    bad pointers still reported."""
    res = run.Result()
    name = 'heap-kmemcheck=0'
    status, text = run.boot(name, 'kmemcheck=0 ktest=heap_')
    log = run.log_path(name)
    run.parse_ktest(res, name + ':', status, text, log)
    for label, pat in HEAP_REPORT_LINES:
        res.add(name + ':report-' + label, re.search(pat, text, re.M)
                is not None, 'no line /%s/; see %s' % (pat, log))
    return res


def job_heap_start(run):
    """The first object of the heap, in a boot where nothing was
    allocated before it, is guarded like any other."""
    res = run.Result()
    name = 'heap-start'
    status, text = run.boot(name, 'ktest=kmemcheck_guard_heap_start')
    log = run.log_path(name)
    run.parse_ktest(res, name + ':', status, text, log)
    res.add(name + ':first-object', re.search(
        r"^kmemcheck_guard: the heap's first object is at 0xd0000008$",
        text, re.M) is not None,
        'the test did not get the heap\'s first object; see %s' % log)
    return res


def jobs(run):
    return [(lambda: job_heap_stack(run), 'panic:crash_heap_stack'),
            (lambda: job_heap_start(run), 'heap-start'),
            (lambda: job_heap_without_shadow(run), 'heap-kmemcheck=0')]
