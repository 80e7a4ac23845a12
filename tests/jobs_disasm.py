"""tests/jobs_disasm.py - kmemcheck-decode -v: tokens, then the disassembly."""
import os
import subprocess

# Input line, expected output line (DESIGN.md's decoder CLI contract, then
# two spaces and the instruction as objdump -d writes it).
CASES = [
    ('8b 53 04', 'len=3 r4  mov 0x4(%ebx),%edx'),
    ('89 43 08', 'len=3 w4  mov %eax,0x8(%ebx)'),
    ('a5', 'len=1 r4 w4  movsl %ds:(%esi),%es:(%edi)'),
    ('f3 ab', 'len=2 w4  rep stos %eax,%es:(%edi)'),
    ('8d 44 b3 10', 'len=4  lea 0x10(%ebx,%esi,4),%eax'),
    ('c7 00 01 00 00 00', 'len=6 w4  movl $0x1,(%eax)'),
    ('0f b6 46 ff', 'len=4 r1  movzbl -0x1(%esi),%eax'),
    ('f0 0f c1 43 08', 'len=5 rw4  lock xadd %eax,0x8(%ebx)'),
    ('e8 fb ff ff ff', 'len=5  call 0x0'),
    ('8b 43 08 90 90', 'len=3 r4  mov 0x8(%ebx),%eax'),
    ('d9 03', 'unsupported'),
]


def job_decode_verbose(run):
    res = run.Result()
    tool = os.path.join(run.ARGS.build, 'tools', 'kmemcheck-decode')
    text_in = '# comment\n\n' + '\n'.join(c for c, _ in CASES) + '\n'
    p = subprocess.run([tool, '-v'], input=text_in.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=30)
    lines = p.stdout.decode().splitlines()
    res.add('decode-cli-v:lines', len(lines) == len(CASES) and
            p.returncode == 0, 'exit %d, %d lines for %d instructions'
            % (p.returncode, len(lines), len(CASES)))
    for (code, want), got in zip(CASES, lines):
        res.add('decode-cli-v:' + code.replace(' ', ''), got == want,
                'got %r, expected %r' % (got, want))
    return res


def jobs(run):
    return [(lambda: job_decode_verbose(run), 'decode-cli-v')]
