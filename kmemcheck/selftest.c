/* kmemcheck/selftest.c - instructions the decoder must get right. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kmemcheck/opcode.h"
#include "kmemcheck/selftest.h"

const struct kmemcheck_regs kmemcheck_selftest_regs = {
	.gpr = {
		[KMEMCHECK_REG_EAX] = 0x12345678,	/* AL = 0x78 */
		[KMEMCHECK_REG_ECX] = 0x00000100,	/* bit 256 */
		[KMEMCHECK_REG_EDX] = 0xffffffdf,	/* bit -33 */
		[KMEMCHECK_REG_EBX] = 0x00402000,
		[KMEMCHECK_REG_ESP] = 0x0009f000,
		[KMEMCHECK_REG_EBP] = 0x00403000,
		[KMEMCHECK_REG_ESI] = 0x00404010,
		[KMEMCHECK_REG_EDI] = 0x00405020,
	},
};

#define CODE(bytes)	.code = bytes, .code_len = sizeof(bytes) - 1

#define R(n)	{ KMEMCHECK_ACCESS_READ, (n) }
#define W(n)	{ KMEMCHECK_ACCESS_WRITE, (n) }
#define RW(n)	{ KMEMCHECK_ACCESS_READ | KMEMCHECK_ACCESS_WRITE, (n) }

/* Decoded with no memory operand, one or two; or refused. */
#define NONE(nm, bytes, l)						\
	{ .name = (nm), CODE(bytes), .len = (l) }
#define ONE(nm, bytes, l, o0, ...)					\
	{ .name = (nm), CODE(bytes), .len = (l), .nr_operands = 1,	\
	  .op = { o0 }, __VA_ARGS__ }
#define TWO(nm, bytes, l, o0, o1, ...)					\
	{ .name = (nm), CODE(bytes), .len = (l), .nr_operands = 2,	\
	  .op = { o0, o1 }, __VA_ARGS__ }
#define BAD(nm, bytes)							\
	{ .name = (nm), CODE(bytes), .len = -1 }

/* Optional expectations for ONE() and TWO(). */
#define AT(a0)		.check_address = true, .address = { (a0) }
#define AT2(a0, a1)	.check_address = true, .address = { (a0), (a1) }
#define CLASS(c)	.insn_class = KMEMCHECK_INSN_##c
#define REP		.rep = true

const struct kmemcheck_selftest_case kmemcheck_selftest_cases[] = {
	/* MOV and the ModRM/SIB forms (SDM Vol. 2A, Tables 2-2, 2-3). */
	ONE("mov eax, [ebx+8]", "\x8b\x43\x08", 3, R(4), AT(0x402008)),
	ONE("mov [ebx+8], eax", "\x89\x43\x08", 3, W(4)),
	ONE("mov al, [ebx]", "\x8a\x03", 2, R(1)),
	ONE("mov [ebx], al", "\x88\x03", 2, W(1)),
	ONE("mov ax, [ebx]", "\x66\x8b\x03", 3, R(2)),
	NONE("mov eax, ebx", "\x89\xd8", 2),
	ONE("mov eax, [0x1000]", "\x8b\x05\x00\x10\x00\x00", 6, R(4),
	    AT(0x1000)),
	ONE("mov eax, [esp]", "\x8b\x04\x24", 3, R(4), AT(0x9f000)),
	ONE("mov eax, [esp+4]", "\x8b\x44\x24\x04", 4, R(4), AT(0x9f004)),
	ONE("mov eax, [ebx+esi*4+0x10]", "\x8b\x44\xb3\x10", 4, R(4),
	    AT(0x1412050)),
	ONE("mov eax, [esi*8+0x12345678]",
	    "\x8b\x04\xf5\x78\x56\x34\x12", 7, R(4), AT(0x143656f8)),
	ONE("mov eax, [ebp-4]", "\x8b\x45\xfc", 3, R(4), AT(0x402ffc)),
	ONE("mov eax, [ebp+0x100]", "\x8b\x85\x00\x01\x00\x00", 6, R(4),
	    AT(0x403100)),
	ONE("mov byte [ebx], 0x12", "\xc6\x03\x12", 3, W(1)),
	ONE("mov dword [ebx+4], 0x12345678",
	    "\xc7\x43\x04\x78\x56\x34\x12", 7, W(4)),
	ONE("mov word [ebx], 0x1234", "\x66\xc7\x03\x34\x12", 5, W(2)),
	BAD("mov /1 (C7 /1 is undefined)", "\xc7\x0b\x00\x00\x00\x00"),
	ONE("mov eax, [0x1000] (moffs)", "\xa1\x00\x10\x00\x00", 5, R(4),
	    AT(0x1000)),
	ONE("mov [0x1000], al (moffs)", "\xa2\x00\x10\x00\x00", 5, W(1)),
	ONE("mov ax, [0x1234] (moffs16)", "\x67\x66\xa1\x34\x12", 5, R(2),
	    AT(0x1234)),
	NONE("mov eax, 0x12345678", "\xb8\x78\x56\x34\x12", 5),
	NONE("mov ax, 0x1234", "\x66\xb8\x34\x12", 4),
	NONE("mov cl, 1", "\xb1\x01", 2),

	/* ALU: read-modify-write destinations, read-only CMP and TEST. */
	ONE("add [ebx], eax", "\x01\x03", 2, RW(4)),
	ONE("add eax, [ebx]", "\x03\x03", 2, R(4)),
	NONE("add al, 5", "\x04\x05", 2),
	NONE("add eax, 0x12345678", "\x05\x78\x56\x34\x12", 5),
	NONE("add ax, 0x1234", "\x66\x05\x34\x12", 4),
	ONE("adc [ebx], al", "\x10\x03", 2, RW(1)),
	ONE("sbb eax, [ebx]", "\x1b\x03", 2, R(4)),
	ONE("or [ebx], eax", "\x09\x03", 2, RW(4), CLASS(BITOP)),
	ONE("and [ebx], al", "\x20\x03", 2, RW(1), CLASS(BITOP)),
	ONE("xor [ebx], ax", "\x66\x31\x03", 3, RW(2), CLASS(BITOP)),
	ONE("or eax, [ebx]", "\x0b\x03", 2, R(4)),
	NONE("xor eax, eax", "\x31\xc0", 2),
	ONE("cmp [ebx], eax", "\x39\x03", 2, R(4)),
	ONE("sub dword [ebx], 1", "\x83\x2b\x01", 3, RW(4)),
	ONE("and dword [ebx], -16", "\x83\x23\xf0", 3, RW(4), CLASS(BITOP)),
	ONE("or dword [ebx], 0x100", "\x81\x0b\x00\x01\x00\x00", 6, RW(4),
	    CLASS(BITOP)),
	ONE("xor byte [ebx], 1", "\x80\x33\x01", 3, RW(1), CLASS(BITOP)),
	ONE("cmp byte [ebx], 1", "\x80\x3b\x01", 3, R(1)),
	ONE("add word [ebx], 0x1234", "\x66\x81\x03\x34\x12", 5, RW(2)),
	ONE("test [ebx], eax", "\x85\x03", 2, R(4)),
	ONE("test byte [ebx], 1", "\xf6\x03\x01", 3, R(1)),
	ONE("test dword [ebx], 0x12345678", "\xf7\x03\x78\x56\x34\x12", 6,
	    R(4)),
	ONE("test word [ebx], 0x1234", "\x66\xf7\x03\x34\x12", 5, R(2)),
	ONE("test dword [ebx], imm (F7 /1)", "\xf7\x0b\x78\x56\x34\x12", 6,
	    R(4)),
	ONE("not dword [ebx]", "\xf7\x13", 2, RW(4)),
	ONE("neg byte [ebx]", "\xf6\x1b", 2, RW(1)),
	ONE("mul dword [ebx]", "\xf7\x23", 2, R(4)),
	ONE("idiv dword [ebx]", "\xf7\x3b", 2, R(4)),
	ONE("inc byte [ebx]", "\xfe\x03", 2, RW(1)),
	ONE("dec word [ebx]", "\x66\xff\x0b", 3, RW(2)),
	BAD("FE /2 (undefined)", "\xfe\x13"),
	ONE("shl dword [ebx], 1", "\xd1\x23", 2, RW(4)),
	ONE("sar byte [ebx], cl", "\xd2\x3b", 2, RW(1)),
	ONE("rol dword [ebx], 4", "\xc1\x03\x04", 3, RW(4)),
	BAD("D1 /6 (not in Table A-6)", "\xd1\x33"),
	ONE("xchg [ebx], eax", "\x87\x03", 2, RW(4)),
	NONE("xchg eax, ecx", "\x91", 1),
	ONE("imul eax, [ebx], 0x12345678", "\x69\x03\x78\x56\x34\x12", 6,
	    R(4)),
	ONE("imul eax, [ebx], 4", "\x6b\x03\x04", 3, R(4)),
	ONE("imul eax, [ebx]", "\x0f\xaf\x03", 3, R(4)),
	ONE("shld [ebx], eax, 4", "\x0f\xa4\x03\x04", 4, RW(4)),
	ONE("shrd [ebx], eax, cl", "\x0f\xad\x03", 3, RW(4)),

	/* LOCK only on a read-modify-write memory destination. */
	ONE("lock add [ebx], eax", "\xf0\x01\x03", 3, RW(4)),
	ONE("lock inc dword [ebx]", "\xf0\xff\x03", 3, RW(4)),
	BAD("lock mov [ebx], eax", "\xf0\x89\x03"),
	BAD("lock add eax, ebx", "\xf0\x01\xd8"),
	BAD("lock cmp [ebx], eax", "\xf0\x39\x03"),

	/* The stack itself is not an operand; PUSH m and POP m are. */
	ONE("push dword [ebx]", "\xff\x33", 2, R(4)),
	ONE("push word [ebx]", "\x66\xff\x33", 3, R(2)),
	ONE("pop dword [ebx]", "\x8f\x03", 2, W(4), AT(0x402000)),
	ONE("pop dword [esp+4]", "\x8f\x44\x24\x04", 4, W(4), AT(0x9f008)),
	ONE("pop word [esp]", "\x66\x8f\x04\x24", 4, W(2), AT(0x9f002)),
	NONE("push eax", "\x50", 1),
	NONE("push 0x12345678", "\x68\x78\x56\x34\x12", 5),
	NONE("push word 0x1234", "\x66\x68\x34\x12", 4),
	NONE("push 8", "\x6a\x08", 2),
	NONE("pusha", "\x60", 1),
	NONE("enter 16, 0", "\xc8\x10\x00\x00", 4),
	NONE("leave", "\xc9", 1),
	NONE("ret 8", "\xc2\x08\x00", 3),
	NONE("retf", "\xcb", 1),

	/* Control transfers. */
	ONE("call [ebx]", "\xff\x13", 2, R(4)),
	ONE("call word [ebx]", "\x66\xff\x13", 3, R(2)),
	ONE("jmp [ebx+4]", "\xff\x63\x04", 3, R(4)),
	ONE("call far [ebx]", "\xff\x1b", 2, R(6)),
	ONE("jmp far word [ebx]", "\x66\xff\x2b", 3, R(4)),
	BAD("call far eax (FF /3 needs memory)", "\xff\xd8"),
	NONE("call rel32", "\xe8\x00\x00\x00\x00", 5),
	NONE("call rel16", "\x66\xe8\x00\x00", 4),
	NONE("call 0x8:0x12345678", "\x9a\x78\x56\x34\x12\x08\x00", 7),
	NONE("jmp 0x8:0x1234", "\x66\xea\x34\x12\x08\x00", 6),
	NONE("jne rel8", "\x75\xfe", 2),
	NONE("jne rel32", "\x0f\x85\x00\x00\x00\x00", 6),
	NONE("jne rel16", "\x66\x0f\x85\x00\x00", 5),
	NONE("loop rel8", "\xe2\xfe", 2),
	NONE("int 0x80", "\xcd\x80", 2),
	NONE("iret", "\xcf", 1),

	/* String instructions: ESI first, EDI second. */
	TWO("movsb", "\xa4", 1, R(1), W(1), CLASS(MOVS),
	    AT2(0x404010, 0x405020)),
	TWO("movsd", "\xa5", 1, R(4), W(4), CLASS(MOVS)),
	TWO("rep movsd", "\xf3\xa5", 2, R(4), W(4), CLASS(MOVS), REP),
	TWO("movsw", "\x66\xa5", 2, R(2), W(2), CLASS(MOVS)),
	TWO("cmpsb", "\xa6", 1, R(1), R(1), CLASS(CMPS),
	    AT2(0x404010, 0x405020)),
	TWO("repe cmpsd", "\xf3\xa7", 2, R(4), R(4), CLASS(CMPS), REP),
	ONE("repne scasb", "\xf2\xae", 2, R(1), CLASS(SCAS), REP,
	    AT(0x405020)),
	ONE("stosd", "\xab", 1, W(4), CLASS(STOS), AT(0x405020)),
	ONE("lodsd", "\xad", 1, R(4), CLASS(LODS), AT(0x404010)),
	ONE("rep stosb (a16)", "\x67\xf3\xaa", 3, W(1), CLASS(STOS), REP,
	    AT(0x5020)),
	ONE("insb", "\x6c", 1, W(1), CLASS(INS), AT(0x405020)),
	ONE("outsd", "\x6f", 1, R(4), CLASS(OUTS), AT(0x404010)),
	ONE("rep outsw", "\xf3\x66\x6f", 3, R(2), CLASS(OUTS), REP),
	ONE("xlatb", "\xd7", 1, R(1), AT(0x402078)),
	ONE("xlatb (a16)", "\x67\xd7", 2, R(1), AT(0x2078)),

	/* 16-bit addressing (SDM Vol. 2A, Table 2-1). */
	ONE("mov ax, [bx+si]", "\x67\x66\x8b\x00", 4, R(2), AT(0x6010)),
	ONE("mov eax, [bp+di+0x10]", "\x67\x8b\x43\x10", 4, R(4),
	    AT(0x8030)),
	ONE("mov eax, [0x1234] (a16)", "\x67\x8b\x06\x34\x12", 5, R(4),
	    AT(0x1234)),
	ONE("mov eax, [bx+0x1234]", "\x67\x8b\x87\x34\x12", 5, R(4),
	    AT(0x3234)),
	ONE("mov eax, [si]", "\x67\x8b\x04", 3, R(4), AT(0x4010)),
	ONE("mov eax, [bx-2]", "\x67\x8b\x47\xfe", 4, R(4), AT(0x1ffe)),
	ONE("mov eax, [bp+8]", "\x67\x8b\x46\x08", 4, R(4), AT(0x3008)),

	/* Sizes fixed by the instruction rather than by 66. */
	ONE("movzx eax, byte [ebx]", "\x0f\xb6\x03", 3, R(1)),
	ONE("movzx eax, word [ebx]", "\x0f\xb7\x03", 3, R(2)),
	ONE("movsx eax, byte [ebx]", "\x0f\xbe\x03", 3, R(1)),
	ONE("movsx ax, byte [ebx]", "\x66\x0f\xbe\x03", 4, R(1)),
	ONE("movsx eax, word [ebx]", "\x0f\xbf\x03", 3, R(2)),
	NONE("lea eax, [ebx+8]", "\x8d\x43\x08", 3),
	NONE("lea eax, [ebx+esi*4+0x10]", "\x8d\x44\xb3\x10", 4),
	BAD("lea eax, eax", "\x8d\xc0"),
	ONE("lds eax, [ebx]", "\xc5\x03", 2, R(6)),
	ONE("les ax, [ebx]", "\x66\xc4\x03", 3, R(4)),
	ONE("lss esp, [ebx]", "\x0f\xb2\x23", 3, R(6)),
	ONE("lfs eax, [ebx]", "\x0f\xb4\x03", 3, R(6)),
	ONE("lgs eax, [ebx]", "\x0f\xb5\x03", 3, R(6)),
	ONE("bound eax, [ebx]", "\x62\x03", 2, R(8)),
	ONE("bound ax, [ebx]", "\x66\x62\x03", 3, R(4)),
	ONE("arpl [ebx], ax", "\x63\x03", 2, RW(2)),
	ONE("mov [ebx], ds", "\x8c\x1b", 2, W(2)),
	ONE("mov ds, [ebx]", "\x8e\x1b", 2, R(2)),
	NONE("mov eax, ds", "\x8c\xd8", 2),
	BAD("mov cs, ax", "\x8e\xc8"),
	BAD("mov [ebx], sreg6", "\x8c\x33"),

	/* System instructions. */
	ONE("sgdt [ebx]", "\x0f\x01\x03", 3, W(6)),
	ONE("lidt [ebx]", "\x0f\x01\x1b", 3, R(6)),
	ONE("lgdt [ebx] (o16)", "\x66\x0f\x01\x13", 4, R(6)),
	ONE("smsw [ebx]", "\x0f\x01\x23", 3, W(2)),
	ONE("lmsw [ebx]", "\x0f\x01\x33", 3, R(2)),
	NONE("invlpg [ebx]", "\x0f\x01\x3b", 3),
	ONE("sldt [ebx]", "\x0f\x00\x03", 3, W(2)),
	ONE("str [ebx]", "\x0f\x00\x0b", 3, W(2)),
	ONE("lldt [ebx]", "\x0f\x00\x13", 3, R(2)),
	NONE("ltr ax", "\x0f\x00\xd8", 3),
	ONE("verr [ebx]", "\x0f\x00\x23", 3, R(2)),
	ONE("verw [ebx]", "\x0f\x00\x2b", 3, R(2)),
	ONE("lar eax, [ebx]", "\x0f\x02\x03", 3, R(2)),
	ONE("lsl eax, [ebx]", "\x0f\x03\x03", 3, R(2)),
	NONE("mov cr0, eax", "\x0f\x22\xc0", 3),
	NONE("mov eax, cr3", "\x0f\x20\xd8", 3),
	NONE("mov eax, cr3 (mod ignored)", "\x0f\x20\x18", 3),
	BAD("mov cr1, eax", "\x0f\x22\xc8"),
	NONE("mov dr7, eax", "\x0f\x23\xf8", 3),
	NONE("cpuid", "\x0f\xa2", 2),
	NONE("rdtsc", "\x0f\x31", 2),
	NONE("rdmsr", "\x0f\x32", 2),
	NONE("wrmsr", "\x0f\x30", 2),
	NONE("sysenter", "\x0f\x34", 2),
	NONE("wbinvd", "\x0f\x09", 2),
	NONE("ud2", "\x0f\x0b", 2),
	NONE("hlt", "\xf4", 1),
	NONE("cli", "\xfa", 1),
	NONE("in al, 0x60", "\xe4\x60", 2),
	NONE("out dx, al", "\xee", 1),
	NONE("push fs", "\x0f\xa0", 2),

	/* i486 and Pentium additions. */
	ONE("cmpxchg [ebx], ecx", "\x0f\xb1\x0b", 3, RW(4)),
	ONE("lock cmpxchg [ebx], cl", "\xf0\x0f\xb0\x0b", 4, RW(1)),
	ONE("xadd [ebx], eax", "\x0f\xc1\x03", 3, RW(4)),
	NONE("bswap eax", "\x0f\xc8", 2),
	ONE("cmpxchg8b [ebx]", "\x0f\xc7\x0b", 3, RW(8)),
	ONE("lock cmpxchg8b [ebx]", "\xf0\x0f\xc7\x0b", 4, RW(8)),
	BAD("cmpxchg8b eax", "\x0f\xc7\xc8"),
	ONE("cmove eax, [ebx]", "\x0f\x44\x03", 3, R(4)),
	ONE("cmovne ax, [ebx]", "\x66\x0f\x45\x03", 4, R(2)),
	ONE("sete [ebx]", "\x0f\x94\x03", 3, W(1)),
	NONE("setne al", "\x0f\x95\xc0", 3),

	/* BT*: a register bit offset moves the operand (SDM BT). */
	ONE("bt [ebx], ecx", "\x0f\xa3\x0b", 3, R(4), AT(0x402020)),
	ONE("bts [ebx], edx", "\x0f\xab\x13", 3, RW(4), AT(0x401ff8),
	    CLASS(BITOP)),
	ONE("btr [ebx], dx", "\x66\x0f\xb3\x13", 4, RW(2), AT(0x401ffa),
	    CLASS(BITOP)),
	ONE("btc [ebx], eax", "\x0f\xbb\x03", 3, RW(4), AT(0x286aacc),
	    CLASS(BITOP)),
	ONE("bt dword [ebx], 3", "\x0f\xba\x23\x03", 4, R(4), AT(0x402000)),
	ONE("bts dword [ebx], 40", "\x0f\xba\x2b\x28", 4, RW(4),
	    AT(0x402000), CLASS(BITOP)),
	BAD("0F BA /0 (undefined)", "\x0f\xba\x03\x03"),
	ONE("bsf eax, [ebx]", "\x0f\xbc\x03", 3, R(4)),
	ONE("tzcnt eax, [ebx]", "\xf3\x0f\xbc\x03", 4, R(4)),
	ONE("popcnt eax, [ebx]", "\xf3\x0f\xb8\x03", 4, R(4)),
	BAD("jmpe (0F B8 without F3)", "\x0f\xb8\x03"),

	/* Hints that touch no memory. */
	NONE("nop dword [eax+eax+0]", "\x0f\x1f\x44\x00\x00", 5),
	NONE("nop word [eax+eax+0]", "\x66\x0f\x1f\x44\x00\x00", 6),
	NONE("prefetchnta [ebx]", "\x0f\x18\x03", 3),
	NONE("prefetchw [ebx]", "\x0f\x0d\x0b", 3),
	NONE("nop", "\x90", 1),
	NONE("pause", "\xf3\x90", 2),

	/* Prefixes in any order, up to 15 bytes (SDM Vol. 2A, 2.1.1). */
	ONE("mov eax, [ebx] with six segment overrides",
	    "\x26\x2e\x36\x3e\x64\x65\x8b\x03", 8, R(4)),
	ONE("mov ax, [ebx] with 66 66 66", "\x66\x66\x66\x8b\x03", 5, R(2)),
	ONE("mov ax, [si] with 67 66 67 66", "\x67\x66\x67\x66\x8b\x04", 6,
	    R(2), AT(0x4010)),
	NONE("nop with 14 prefixes (15 bytes)",
	     "\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x90",
	     15),
	BAD("nop with 15 prefixes (16 bytes)",
	    "\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x90"),
	ONE("xacquire lock add [ebx], eax", "\xf2\xf0\x01\x03", 4, RW(4)),
	ONE("xrelease mov [ebx], eax", "\xf3\x89\x03", 3, W(4)),
	BAD("rep add [ebx], eax (reserved)", "\xf3\x01\x03"),

	/* Families left out on purpose, and bytes that run out. */
	BAD("fld dword [ebx] (x87)", "\xd9\x03"),
	BAD("movaps xmm0, [ebx] (SSE)", "\x0f\x28\x03"),
	BAD("movq mm0, [ebx] (MMX)", "\x0f\x6f\x03"),
	BAD("fxsave [ebx]", "\x0f\xae\x03"),
	BAD("pfadd mm0, [ebx] (3DNow!)", "\x0f\x0f\x03\x9e"),
	BAD("salc (not in the SDM)", "\xd6"),
	BAD("mov eax, [ebx] without its ModRM", "\x8b"),
	BAD("mov eax, [0x1000] short of its disp32", "\x8b\x05\x00\x10"),
	BAD("mov dword [ebx], imm short of its imm32",
	    "\xc7\x03\x78\x56\x34"),
	BAD("a lone 66", "\x66"),
	BAD("a lone 0F", "\x0f"),
};

const unsigned int kmemcheck_selftest_nr_cases =
	sizeof(kmemcheck_selftest_cases) / sizeof(kmemcheck_selftest_cases[0]);

const char *kmemcheck_selftest_check(unsigned int index)
{
	static const char *const wrong_access[] = {
		"operand 0 access", "operand 1 access"
	};
	static const char *const wrong_size[] = {
		"operand 0 size", "operand 1 size"
	};
	static const char *const wrong_address[] = {
		"operand 0 address", "operand 1 address"
	};
	const struct kmemcheck_selftest_case *t =
		&kmemcheck_selftest_cases[index];
	struct kmemcheck_insn insn;
	unsigned int i;

	if (kmemcheck_opcode_decode(t->code, t->code_len, &insn) < 0)
		return t->len < 0 ? NULL : "refused";
	if (t->len < 0)
		return "decoded an instruction it must refuse";
	if (insn.len != t->len)
		return "length";
	if (insn.nr_operands != t->nr_operands)
		return "number of operands";
	if (insn.insn_class != t->insn_class)
		return "insn_class";
	if (insn.rep != t->rep)
		return "rep";
	for (i = 0; i < t->nr_operands; i++) {
		if (insn.op[i].access != t->op[i].access)
			return wrong_access[i];
		if (insn.op[i].size != t->op[i].size)
			return wrong_size[i];
		if (t->check_address &&
		    kmemcheck_opcode_address(&insn, i,
					     &kmemcheck_selftest_regs) !=
		    t->address[i])
			return wrong_address[i];
	}
	return NULL;
}

int kmemcheck_selftest_run(void (*report)(const char *what,
					  unsigned int index))
{
	unsigned int i;
	const char *what;
	int failures = 0;

	for (i = 0; i < kmemcheck_selftest_nr_cases; i++) {
		what = kmemcheck_selftest_check(i);
		if (!what)
			continue;
		failures++;
		if (report)
			report(what, i);
	}
	return failures;
}
