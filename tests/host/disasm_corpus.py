#!/usr/bin/env python3
"""tests/host/disasm_corpus.py - the decoder's test instructions as a C table.

Reads C sources and writes, on stdout, one C initializer line per
instruction written in them as a string of \\x escapes (adjacent literals
joined, as the compiler joins them), each once: { "file", "bytes", len },
for tests/host/disasm_vs_objdump.c to include.
"""
import re
import sys

LITERALS = re.compile(r'(?:"(?:\\x[0-9a-fA-F]{2})+"\s*)+')
BYTE = re.compile(r'\\x([0-9a-fA-F]{2})')


def main():
    seen = set()
    for path in sys.argv[1:]:
        with open(path) as f:
            text = f.read()
        for m in LITERALS.finditer(text):
            code = bytes(int(b, 16) for b in BYTE.findall(m.group(0)))
            if code in seen:
                continue
            seen.add(code)
            print('{ "%s", "%s", %d },' % (
                path, ''.join('\\x%02x' % b for b in code), len(code)))


if __name__ == '__main__':
    main()
