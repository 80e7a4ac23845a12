#!/usr/bin/env python3
"""tests/bench.py - `make bench`: boots the kernel with `bench` under -icount.

With -icount shift=0 every guest instruction advances QEMU's virtual clock
by 1 ns, so the figures the kernel prints count guest work: the same on
every run and every host. Prints the kernel's table; asserts nothing.
"""
import argparse
import os
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--build', default='build')
    ap.add_argument('--qemu', default='qemu-system-i386')
    args = ap.parse_args()
    cmd = [args.qemu, '-m', '128M', '-no-reboot', '-display', 'none',
           '-icount', 'shift=0,sleep=off',
           '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
           '-serial', 'stdio', '-monitor', 'none',
           '-kernel', os.path.join(args.build, 'kernel.elf'),
           '-append', 'bench']
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=120)
    text = p.stdout.decode('utf-8', 'replace').replace('\r', '')
    lines = [l[len('bench: '):] for l in text.splitlines()
             if l.startswith('bench: ')]
    if p.returncode != 33 or not lines:
        sys.stdout.write(text)
        print('bench: QEMU exit status %d' % p.returncode, file=sys.stderr)
        return 1
    print('\n'.join(lines))
    return 0


if __name__ == '__main__':
    sys.exit(main())
