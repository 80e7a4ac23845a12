#!/usr/bin/env python3
"""tools/gdb/free_port.py - a TCP port on 127.0.0.1 free right now, for
QEMU's gdb stub (make debug).

Tries a port of this user's own first (20000 + uid % 10000, then the next
ones), so that each user keeps getting the same one and two users do not
collide; a port someone holds is skipped, never waited on. An argument
gives another first port to try (the tests use one of their own).
"""
import os
import socket
import sys

TRIES = 100


def free(port):
    s = socket.socket()
    try:
        s.bind(('127.0.0.1', port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def main():
    first = int(sys.argv[1]) if len(sys.argv) > 1 else \
        20000 + os.getuid() % 10000
    for port in range(first, first + TRIES):
        if free(port):
            print(port)
            return 0
    print('error: no free port in %d-%d' % (first, first + TRIES - 1),
          file=sys.stderr)
    return 1


if __name__ == '__main__':
    sys.exit(main())
