#!/usr/bin/env python3
"""tools/symbolize.py - adds file:line to every frame of a saved serial log.

Reads a log written by the kernel (build/serial.log, a test log) and prints
it again with the source position after each stack frame and EIP, found by
the cross binutils' addr2line in the kernel's ELF, as Linux's
scripts/decode_stacktrace.sh does. Functions inlined at a frame get a line
each, marked "(inlined)", above the frame of the function they are in.

  tools/symbolize.py [--elf build/kernel.elf] [--addr2line CMD] [LOG]

Frames are return addresses (the call is the byte before), except the
first frame of a Call Trace and of a copy's stack and the EIP line, which
are the faulting instruction itself.
"""
import argparse
import os
import re
import subprocess
import sys

FRAME = re.compile(r'^(\s*\[<([0-9a-f]{8})>\] \S+)(.*)$')
EIP = re.compile(r'^(EIP: ([0-9a-f]{8}) \S+)(.*)$')
# Stacks whose first frame is an instruction, not a return address.
EXACT_FIRST = ('Call Trace:', 'Uninit was stored to memory at:')


def lookups(lines):
    """(line index, address to look up) for every frame and EIP line."""
    out = []
    first = False
    for i, line in enumerate(lines):
        text = line.rstrip('\r\n')
        m = FRAME.match(text)
        if m:
            addr = int(m.group(2), 16)
            out.append((i, addr if first else addr - 1))
            first = False
            continue
        m = EIP.match(text)
        if m:
            out.append((i, int(m.group(2), 16)))
        first = text.strip() in EXACT_FIRST
    return out


def shorten(path):
    """Paths under the current directory are shown relative to it. NASM
    names a file by its directory and its path from the top both
    (boot//boot/entry.asm): a path that names no file is tried without
    its leading parts, and the first that exists is shown."""
    if not os.path.exists(path):
        parts = os.path.normpath(path).split(os.sep)
        for k in range(1, len(parts)):
            candidate = os.path.join(*parts[k:])
            if os.path.exists(candidate):
                return candidate
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if not rel.startswith('..'):
            return rel
    return path


def addr2line(cmd, elf, addrs):
    """{address: [(function, file:line), ...]}, innermost inline first."""
    if not addrs:
        return {}
    uniq = sorted(set(addrs))
    p = subprocess.run([cmd, '-e', elf, '-a', '-i', '-f'] +
                       ['0x%08x' % a for a in uniq],
                       stdout=subprocess.PIPE, check=True,
                       universal_newlines=True)
    result, cur, pending = {}, None, None
    for line in p.stdout.splitlines():
        if re.match(r'^0x[0-9a-f]+$', line):
            cur = int(line, 16)
            result[cur] = []
        elif cur is not None and pending is None:
            pending = line
        elif cur is not None:
            where = line.split(' (discriminator')[0]
            if ':' in where:
                path, _, num = where.rpartition(':')
                where = shorten(path) + ':' + num
            result[cur].append((pending, where))
            pending = None
    return result


def symbolize(lines, table, todo):
    out = list(lines)
    extra = {}
    for i, addr in todo:
        locs = [l for l in table.get(addr, []) if not l[1].startswith('??')]
        if not locs:
            continue
        text = lines[i].rstrip('\r\n')
        m = FRAME.match(text) or EIP.match(text)
        out[i] = '%s %s%s\n' % (m.group(1), locs[-1][1], m.group(3))
        indent = re.match(r'^\s*', text).group(0)
        extra[i] = ['%s[<%s>] %s (inlined) %s\n' % (indent, m.group(2), fn,
                                                     where)
                    for fn, where in locs[:-1]] if FRAME.match(text) else []
    result = []
    for i, line in enumerate(out):
        result.extend(extra.get(i, []))
        result.append(line)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--elf', default='build/kernel.elf')
    ap.add_argument('--addr2line', default='i686-linux-gnu-addr2line')
    ap.add_argument('log', nargs='?', default='build/serial.log')
    args = ap.parse_args()
    with open(args.log, errors='replace') as f:
        lines = [l.replace('\r', '') for l in f]
    todo = lookups(lines)
    table = addr2line(args.addr2line, args.elf, [a for _, a in todo])
    sys.stdout.writelines(symbolize(lines, table, todo))
    return 0


if __name__ == '__main__':
    sys.exit(main())
