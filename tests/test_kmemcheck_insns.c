/* tests/test_kmemcheck_insns.c - each instruction family on tracked memory. */
#include "kernel/string.h"
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define WRITE	KMEMCHECK_ACCESS_WRITE
#define UNINIT	KMEMCHECK_SHADOW_UNINITIALIZED
#define FREED	KMEMCHECK_SHADOW_FREED

KTEST(kmemcheck_insn_mov_load_store)
{
	uint32_t *p = kmalloc(16), v = 0;
	uint8_t b = 0;

	asm volatile("movl %1, (%0)" : : "r"(p), "r"(7u) : "memory");
	asm volatile("movl (%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_EQ(v, 7);
	KEXPECT_NO_REPORT();
	asm volatile("movl 4(%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 1);
	/* Base + index * scale + displacement, as the compiler forms it. */
	asm volatile("movb 1(%1,%2,4), %0"
		     : "=q"(b) : "r"(p), "r"(2) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 8, (uint8_t *)p + 9);
	asm volatile("movw $5, 12(%0)" : : "r"(p) : "memory");
	KEXPECT(kmemcheck_is_initialized(p + 3, 2));
	KEXPECT(!kmemcheck_is_initialized((uint8_t *)p + 14, 1));
	asm volatile("movl $5, 12(%0)" : : "r"(p) : "memory");
	KEXPECT(kmemcheck_is_initialized(p + 3, 4));
	KEXPECT_NO_REPORT();
	(void)b;
	kfree(p);
}

/*
 * MOV AL/EAX, moffs (A0, A1) and MOV moffs, AL/EAX (A2, A3) carry the
 * address as an immediate, which only a compile-time constant can give
 * in inline asm: build each as a tiny routine in .data (mapped writable
 * and, without NX, executable), then call it.
 */
static uint8_t moffs_thunk[8] __attribute__((aligned(8)));

static uint32_t moffs_call(uint8_t opcode, const void *addr, uint32_t eax)
{
	uint32_t a = (uint32_t)addr;

	moffs_thunk[0] = opcode;
	memcpy(&moffs_thunk[1], &a, sizeof(a));
	moffs_thunk[5] = 0xc3;		/* ret */
	asm volatile("call *%1"
		     : "+a"(eax) : "r"(moffs_thunk) : "memory", "cc");
	return eax;
}

KTEST(kmemcheck_insn_mov_moffs)
{
	uint8_t *p = kmalloc(16);

	moffs_call(0xa0, p + 1, 0);
	KEXPECT_REPORT(READ, UNINIT, 8, p + 1);
	moffs_call(0xa1, p + 4, 0);
	KEXPECT_REPORT(READ, UNINIT, 32, p + 4);
	moffs_call(0xa3, p + 8, 0xcafef00d);
	KEXPECT(kmemcheck_is_initialized(p + 8, 4));
	KEXPECT_EQ(moffs_call(0xa1, p + 8, 0), 0xcafef00d);
	moffs_call(0xa2, p + 12, 0x5a);
	KEXPECT(kmemcheck_is_initialized(p + 12, 1));
	KEXPECT(!kmemcheck_is_initialized(p + 13, 1));
	KEXPECT_EQ(moffs_call(0xa0, p + 12, 0) & 0xff, 0x5a);
	KEXPECT_NO_REPORT();
	kfree(p);
	moffs_call(0xa3, p, 0);
	KEXPECT_REPORT(WRITE, FREED, 32, p);
}

KTEST(kmemcheck_insn_movzx_movsx)
{
	uint8_t *p = kmalloc(16);
	uint32_t v;

	asm volatile("movzbl (%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 8, p);
	asm volatile("movzwl 2(%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 16, p + 2);
	asm volatile("movsbl 4(%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 8, p + 4);
	asm volatile("movswl 6(%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 16, p + 6);
	/* Only the byte or word named is read, not the register's width. */
	asm volatile("movb $0x80, 8(%0)" : : "r"(p) : "memory");
	asm volatile("movsbl 8(%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_EQ(v, 0xffffff80);
	KEXPECT_NO_REPORT();
	kfree(p);
}

KTEST(kmemcheck_insn_push_pop_memory)
{
	uint32_t *p = kmalloc(16), v;

	asm volatile("pushl (%1)\n\tpopl %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	asm volatile("pushl %1\n\tpopl (%0)"
		     : : "r"(p + 1), "r"(0x1234u) : "memory");
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(p + 1, 4));
	asm volatile("pushl (%1)\n\tpopl %0"
		     : "=r"(v) : "r"(p + 1) : "memory");
	KEXPECT_EQ(v, 0x1234);
	KEXPECT_NO_REPORT();
	kfree(p);
	asm volatile("pushl $0\n\tpopl (%0)" : : "r"(p + 2) : "memory");
	KEXPECT_REPORT(WRITE, FREED, 32, p + 2);
}

/* Arithmetic on memory uses the old value: on uninitialized memory it is
   a read of it, reported once, after which the bytes are initialized. */
KTEST(kmemcheck_insn_rmw_arith)
{
	uint32_t *p = kmalloc(32);

	asm volatile("addl $1, (%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	asm volatile("subl %1, 4(%0)" : : "r"(p), "r"(3) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 1);
	asm volatile("incl 8(%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 2);
	asm volatile("negl 12(%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 3);
	asm volatile("decw 16(%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 16, p + 4);
	asm volatile("lock addb $1, 20(%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 8, p + 5);
	KEXPECT(kmemcheck_is_initialized(p, 16));
	/* Initialized: the same instructions are silent. */
	asm volatile("addl $1, (%0)\n\tincl 8(%0)"
		     : : "r"(p) : "memory", "cc");
	KEXPECT_NO_REPORT();
	kfree(p);
	asm volatile("incl (%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, FREED, 32, p);
}

KTEST(kmemcheck_insn_xchg)
{
	uint32_t *p = kmalloc(16), v = 9;

	asm volatile("xchgl %0, (%1)" : "+r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	v = 5;
	asm volatile("xchgl %0, (%1)" : "+r"(v) : "r"(p) : "memory");
	KEXPECT_EQ(v, 9);
	KEXPECT_NO_REPORT();
	kfree(p);
}

KTEST(kmemcheck_insn_cmpxchg)
{
	uint32_t *p = kmalloc(16), old = 0;

	asm volatile("lock cmpxchgl %2, (%1)"
		     : "+a"(old) : "r"(p), "r"(1u) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	asm volatile("movl $3, 4(%0)" : : "r"(p) : "memory");
	old = 3;
	asm volatile("lock cmpxchgl %2, 4(%1)"
		     : "+a"(old) : "r"(p), "r"(4u) : "memory", "cc");
	KEXPECT_EQ(old, 3);
	KEXPECT_EQ(((volatile uint32_t *)p)[1], 4);
	KEXPECT_NO_REPORT();
	kfree(p);
}

/*
 * AND, OR and XOR on memory are how bitfields are set and cleared: they
 * count as writes, report nothing on uninitialized memory, and leave it
 * initialized.
 */
KTEST(kmemcheck_insn_bitops_are_writes)
{
	uint32_t *p = kmalloc(16);

	asm volatile("orl $1, (%0)" : : "r"(p) : "memory", "cc");
	asm volatile("andl %1, 4(%0)" : : "r"(p), "r"(0u) : "memory", "cc");
	asm volatile("xorb $0xff, 8(%0)" : : "r"(p) : "memory", "cc");
	asm volatile("lock orw $2, 12(%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(p, 8));
	KEXPECT(kmemcheck_is_initialized(p + 2, 1));
	KEXPECT(!kmemcheck_is_initialized((uint8_t *)p + 9, 1));
	KEXPECT(kmemcheck_is_initialized(p + 3, 2));
	KEXPECT_EQ(((volatile uint32_t *)p)[1], 0);
	kfree(p);
	asm volatile("orl $1, (%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(WRITE, FREED, 32, p);
}

/* With memory as the source, AND, OR and XOR read it into a register:
   a real use of the value. */
KTEST(kmemcheck_insn_bitops_from_memory_read)
{
	uint32_t *p = kmalloc(16), v = ~0u;

	asm volatile("andl (%1), %0" : "+r"(v) : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	asm volatile("orb 4(%1), %b0" : "+q"(v) : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 8, p + 1);
	asm volatile("xorw 8(%1), %w0" : "+r"(v) : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 16, p + 2);
	kfree(p);
}

/*
 * BT and BTS with the bit offset in a register address the doubleword
 * the offset selects, which may be well past (or before) the operand
 * ModRM names.
 */
KTEST(kmemcheck_insn_bt_register_offset)
{
	uint32_t *p = kmalloc(16), bit = 33;

	asm volatile("movl $0, (%0)" : : "r"(p) : "memory");
	asm volatile("btl %1, (%0)" : : "r"(p), "r"(bit) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 1);
	/* BTS is a bit-level write (check.c): it initializes the dword
	   its offset selects, and reports nothing. */
	bit = 70;
	asm volatile("btsl %1, (%0)" : : "r"(p), "r"(bit) : "memory", "cc");
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(p + 2, 4));
	KEXPECT(!kmemcheck_is_initialized(p + 3, 1));
	/* A negative offset goes back: -1 is bit 31 of the dword before. */
	bit = -1;
	asm volatile("btl %1, (%0)"
		     : : "r"(p + 3), "r"(bit) : "memory", "cc");
	KEXPECT_NO_REPORT();
	asm volatile("btl %1, (%0)"
		     : : "r"(p + 4), "r"(bit) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 3);
	/* An immediate offset stays within the operand. */
	asm volatile("btl $40, (%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_NO_REPORT();
	kfree(p);
}

KTEST(kmemcheck_insn_setcc_writes)
{
	uint8_t *p = kmalloc(16);

	asm volatile("cmpl %0, %0\n\tsete 3(%1)"
		     : : "r"(0), "r"(p) : "memory", "cc");
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(p + 3, 1));
	KEXPECT(!kmemcheck_is_initialized(p + 2, 1));
	KEXPECT_EQ(((volatile uint8_t *)p)[3], 1);
	kfree(p);
	asm volatile("setne (%0)" : : "r"(p) : "memory");
	KEXPECT_REPORT(WRITE, FREED, 8, p);
}

/* CMOVcc reads its source whether or not the condition holds. */
KTEST(kmemcheck_insn_cmovcc_reads)
{
	uint32_t *p = kmalloc(16), v = 1;

	asm volatile("cmpl %1, %1\n\tcmovnel (%2), %0"
		     : "+r"(v) : "r"(0), "r"(p) : "memory", "cc");
	KEXPECT_EQ(v, 1);
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	asm volatile("cmpl %1, %1\n\tcmovel 4(%2), %0"
		     : "+r"(v) : "r"(0), "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 1);
	kfree(p);
}

/*
 * An access across a page boundary: the fault comes on one page, the
 * instruction needs both, and all four bytes are checked as one operand.
 */
KTEST(kmemcheck_insn_page_crossing_write_read)
{
	uint8_t *p = kmalloc(8192);

	asm volatile("movl %1, 4094(%0)"
		     : : "r"(p), "r"(0xa5a5a5a5u) : "memory");
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(p + 4094, 4));
	KEXPECT(!kmemcheck_is_initialized(p + 4093, 1));
	KEXPECT(!kmemcheck_is_initialized(p + 4098, 1));
	KEXPECT_EQ(*(volatile uint32_t *)(p + 4094), 0xa5a5a5a5);
	KEXPECT_NO_REPORT();
	kfree(p);
}

/* The uninitialized half is on the second page: still one 32-bit report
   at the first byte of the access. */
KTEST(kmemcheck_insn_page_crossing_uninit_second_page)
{
	uint8_t *p = kmalloc(8192);
	uint32_t v;

	asm volatile("movw $1, 4094(%0)" : : "r"(p) : "memory");
	asm volatile("movl 4094(%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 4094);
	kfree(p);
	asm volatile("movl 4094(%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, FREED, 32, p + 4094);
}

/* The same with the uninitialized half on the first page. */
KTEST(kmemcheck_insn_page_crossing_uninit_first_page)
{
	uint8_t *p = kmalloc(8192);
	uint32_t v;

	asm volatile("movw $1, 4096(%0)" : : "r"(p) : "memory");
	asm volatile("movl 4094(%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 4094);
	kfree(p);
}

/* A segment override changes nothing in the flat address space. */
KTEST(kmemcheck_insn_segment_override)
{
	uint32_t *p = kmalloc(16), v;

	asm volatile("movl %%es:4(%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 1);
	asm volatile("movl %%ss:8(%1), %0" : "=r"(v) : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 2);
	kfree(p);
}

/* CMP and TEST only read, but a read of uninitialized memory is what
   decides the branch after them. */
KTEST(kmemcheck_insn_cmp_test_read)
{
	uint32_t *p = kmalloc(16);

	asm volatile("cmpl $0, (%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	asm volatile("testb $1, 4(%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 8, p + 1);
	asm volatile("cmpw %1, 8(%0)" : : "r"(p), "r"((uint16_t)1)
		     : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 16, p + 2);
	KEXPECT(!kmemcheck_is_initialized((uint8_t *)p + 10, 1));
	kfree(p);
}

/* Shifts, NOT and XADD on memory read the old value, like arithmetic. */
KTEST(kmemcheck_insn_rmw_shift_not_xadd)
{
	uint32_t *p = kmalloc(16), v = 1;

	asm volatile("shll $2, (%0)" : : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	asm volatile("notl 4(%0)" : : "r"(p) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 1);
	asm volatile("lock xaddl %0, 8(%1)"
		     : "+r"(v) : "r"(p) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, p + 2);
	asm volatile("rorw %%cl, 12(%0)" : : "r"(p), "c"(3) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 16, p + 3);
	kfree(p);
}

/* CMPXCHG8B reads all eight bytes. */
KTEST(kmemcheck_insn_cmpxchg8b)
{
	uint32_t *p = kmalloc(16), lo = 0, hi = 0;

	asm volatile("movl $0, (%0)" : : "r"(p) : "memory");
	asm volatile("lock cmpxchg8b (%2)"
		     : "+a"(lo), "+d"(hi) : "r"(p), "b"(0), "c"(0)
		     : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 64, p);
	KEXPECT(kmemcheck_is_initialized(p, 8));
	kfree(p);
}

/* XLAT reads the byte at EBX + AL: a table lookup. */
KTEST(kmemcheck_insn_xlat)
{
	volatile uint8_t *table = kmalloc(64);
	uint32_t v = 10;

	table[10] = 0x42;
	asm volatile("xlatb" : "+a"(v) : "b"(table) : "memory");
	KEXPECT_EQ(v & 0xff, 0x42);
	KEXPECT_NO_REPORT();
	v = 200;
	asm volatile("xlatb" : "+a"(v) : "b"(table - 150) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 8, table + 50);
	kfree((void *)table);
}

static int called;

static void callee(void)
{
	called++;
}

/*
 * A function pointer read from the heap by CALL itself: through a freed
 * object it is the classic use after free. The quarantine keeps the
 * bytes, so the call still lands.
 */
KTEST(kmemcheck_insn_indirect_call)
{
	void (**ops)(void) = kmalloc(2 * sizeof(*ops));

	((void (*volatile *)(void))ops)[1] = callee;
	called = 0;
	asm volatile("call *4(%0)"
		     : : "r"(ops) : "memory", "cc", "eax", "ecx", "edx");
	KEXPECT_EQ(called, 1);
	KEXPECT_NO_REPORT();
	kfree(ops);
	asm volatile("call *4(%0)"
		     : : "r"(ops) : "memory", "cc", "eax", "ecx", "edx");
	KEXPECT_EQ(called, 2);
	KEXPECT_REPORT(READ, FREED, 32, ops + 1);
}

/* SGDT stores a 6-byte pseudo-descriptor; LGDT loads one. */
KTEST(kmemcheck_insn_descriptor_table_48bit)
{
	uint8_t *p = kmalloc(16);

	asm volatile("sgdt (%0)" : : "r"(p) : "memory");
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(p, 6));
	KEXPECT(!kmemcheck_is_initialized(p + 6, 1));
	asm volatile("lgdt (%0)" : : "r"(p) : "memory");
	KEXPECT_NO_REPORT();
	kfree(p);
	asm volatile("sidt (%0)" : : "r"(p + 8) : "memory");
	KEXPECT_REPORT(WRITE, FREED, 48, p + 8);
}
