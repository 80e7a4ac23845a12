/* tests/test_kmemcheck_string.c - the string instructions, REP or not. */
#include "kernel/string.h"
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define WRITE	KMEMCHECK_ACCESS_WRITE
#define UNINIT	KMEMCHECK_SHADOW_UNINITIALIZED
#define FREED	KMEMCHECK_SHADOW_FREED
#define UNALLOC	KMEMCHECK_SHADOW_UNALLOCATED

/* Initialized words 0 and 2 of four, words 1 and 3 not. */
static uint32_t *half_initialized(void)
{
	volatile uint32_t *a = kmalloc(16);

	a[0] = 0x10;
	a[2] = 0x12;
	return (uint32_t *)a;
}

/* Takes one report and checks it, and how many accesses of the same
   instruction were folded into it. */
#define EXPECT_FOLDED(access, state, bits, addr, repeat)		\
	expect_folded((access), (state), (bits), (uint32_t)(addr),	\
		      (repeat), __LINE__)

static void expect_folded(uint8_t access, enum kmemcheck_shadow state,
			  unsigned int bits, uint32_t addr, uint32_t repeat,
			  int line)
{
	struct kmemcheck_error e;

	if (!ktest_take_report(&e, __FILE__, line))
		return;
	if (e.kind != KMEMCHECK_ERROR_ACCESS || e.access != access ||
	    e.state != state || e.size * 8u != bits || e.address != addr ||
	    e.repeat != repeat)
		ktest_fail("%s:%d: expected a %u-bit %s of %s memory at %08x "
			   "repeated %u times, got kind %u: %u-bit access %u "
			   "state %u at %08x repeated %u times", __FILE__,
			   line, bits, access == READ ? "read" : "write",
			   kmemcheck_shadow_name[state], addr, repeat, e.kind,
			   e.size * 8u, e.access, e.state, e.address,
			   e.repeat);
}

/* Copying is not using: MOVS carries the shadow along, and only the use
   of the copy reports. */
KTEST(kmemcheck_string_movs_copies_shadow)
{
	uint32_t *a = half_initialized(), *b = kmalloc(16), v;
	void *s = a, *d = b;

	asm volatile("movsl\n\tmovsl\n\tmovsw\n\tmovsb\n\tmovsb"
		     : "+S"(s), "+D"(d) : : "memory");
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(b, 4));
	KEXPECT(!kmemcheck_is_initialized(b + 1, 1));
	KEXPECT(kmemcheck_is_initialized(b + 2, 4));
	KEXPECT(!kmemcheck_is_initialized(b + 3, 1));
	KEXPECT_EQ(b[0], 0x10);
	asm volatile("movl 4(%1), %0" : "=r"(v) : "r"(b) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, b + 1);
	kfree(a);
	kfree(b);
}

KTEST(kmemcheck_string_rep_movs_copies_shadow)
{
	uint32_t *a = half_initialized(), *b = kmalloc(16), v;
	void *s = a, *d = b;
	uint32_t n = 4;

	asm volatile("rep movsl" : "+S"(s), "+D"(d), "+c"(n) : : "memory");
	KEXPECT_NO_REPORT();
	KEXPECT_EQ(n, 0);
	KEXPECT(kmemcheck_is_initialized(b, 4));
	KEXPECT(kmemcheck_is_initialized(b + 2, 4));
	KEXPECT_EQ(b[2], 0x12);
	asm volatile("movl 12(%1), %0" : "=r"(v) : "r"(b) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, b + 3);
	/* The source was only copied: it still reports on a real use. */
	asm volatile("movl 4(%1), %0" : "=r"(v) : "r"(a) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, a + 1);
	kfree(a);
	kfree(b);
}

/* The same copy with DF set walks down from the last element. */
KTEST(kmemcheck_string_rep_movs_backwards)
{
	uint32_t *a = half_initialized(), *b = kmalloc(16), v;
	void *s = a + 3, *d = b + 3;
	uint32_t n = 4;

	asm volatile("std\n\trep movsl\n\tcld"
		     : "+S"(s), "+D"(d), "+c"(n) : : "memory", "cc");
	KEXPECT_NO_REPORT();
	KEXPECT_EQ(s, a - 1);
	KEXPECT(kmemcheck_is_initialized(b, 4));
	KEXPECT(!kmemcheck_is_initialized(b + 1, 4));
	KEXPECT(kmemcheck_is_initialized(b + 2, 4));
	KEXPECT(!kmemcheck_is_initialized(b + 3, 4));
	asm volatile("movl 4(%1), %0" : "=r"(v) : "r"(b) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, b + 1);
	kfree(a);
	kfree(b);
}

/* A destination kmemcheck cannot see takes the bytes out of its sight:
   there the copy is a use of the source, reported once per instruction. */
KTEST(kmemcheck_string_movs_to_untracked_is_read)
{
	uint32_t *a = kmalloc(16), buf[4];
	void *s = a, *d = buf;
	uint32_t n = 4;

	asm volatile("rep movsl" : "+S"(s), "+D"(d), "+c"(n) : : "memory");
	EXPECT_FOLDED(READ, UNINIT, 32, a, 3);
	KEXPECT(kmemcheck_is_initialized(a, 16));
	s = a;
	d = buf;
	asm volatile("movsb" : "+S"(s), "+D"(d) : : "memory");
	KEXPECT_NO_REPORT();
	kfree(a);
}

/* A copy into a live object from a freed one is the use after free; the
   live object must not inherit the freed state (its own writes would
   then be reported as writes to freed memory). */
KTEST(kmemcheck_string_movs_from_freed)
{
	uint32_t *a = kzalloc(16), *b = kmalloc(16);
	void *s = a, *d = b;
	uint32_t n = 4;

	kfree(a);
	asm volatile("rep movsl" : "+S"(s), "+D"(d), "+c"(n) : : "memory");
	EXPECT_FOLDED(READ, FREED, 32, a, 3);
	asm volatile("movl $1, (%0)" : : "r"(b) : "memory");
	KEXPECT_NO_REPORT();
	kfree(b);
}

/* Reading past the end of the source: the overflow is reported at the
   copy, not passed on to the destination. */
KTEST(kmemcheck_string_movs_past_source_end)
{
	uint8_t *a = kzalloc(20), *b = kzalloc(32);
	void *s = a, *d = b;
	uint32_t n = 6;

	asm volatile("rep movsl" : "+S"(s), "+D"(d), "+c"(n) : : "memory");
	KEXPECT_REPORT(READ, UNALLOC, 32, a + 20);
	asm volatile("movl $1, 20(%0)" : : "r"(b) : "memory");
	KEXPECT_NO_REPORT();
	kfree(a);
	kfree(b);
}

/* Both operands tracked and the destination freed: a write report. */
KTEST(kmemcheck_string_movs_into_freed)
{
	uint32_t *a = kzalloc(16), *b = kzalloc(16);
	void *s = a, *d = b;
	uint32_t n = 4;

	kfree(b);
	asm volatile("rep movsl" : "+S"(s), "+D"(d), "+c"(n) : : "memory");
	EXPECT_FOLDED(WRITE, FREED, 32, b, 3);
	KEXPECT(!kmemcheck_is_initialized(b, 16));
	kfree(a);
}

KTEST(kmemcheck_string_stos_initializes)
{
	uint32_t *p = kmalloc(32), n = 4;
	void *d = p;

	asm volatile("rep stosl" : "+D"(d), "+c"(n) : "a"(0x5a5a5a5au)
		     : "memory");
	asm volatile("stosw\n\tstosb" : "+D"(d) : "a"(0x77u) : "memory");
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(p, 19));
	KEXPECT(!kmemcheck_is_initialized((uint8_t *)p + 19, 1));
	KEXPECT_EQ(p[3], 0x5a5a5a5a);
	KEXPECT_EQ(((volatile uint8_t *)p)[18], 0x77);
	kfree(p);
	d = p;
	n = 2;
	asm volatile("rep stosl" : "+D"(d), "+c"(n) : "a"(0) : "memory");
	EXPECT_FOLDED(WRITE, FREED, 32, p, 1);
}

KTEST(kmemcheck_string_lods_reads)
{
	uint32_t *p = kmalloc(16), n = 3, v;
	const void *s = p;

	asm volatile("lodsl" : "+S"(s), "=a"(v) : : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	asm volatile("rep lodsl" : "+S"(s), "+c"(n), "=a"(v) : : "memory");
	EXPECT_FOLDED(READ, UNINIT, 32, p + 1, 2);
	s = p;
	asm volatile("lodsb" : "+S"(s), "=a"(v) : : "memory");
	KEXPECT_NO_REPORT();
	kfree(p);
}

/* With DF set LODS walks down: the first element reported is the last. */
KTEST(kmemcheck_string_lods_backwards)
{
	uint32_t *p = kmalloc(16), n = 4, v;
	const void *s = p + 3;

	asm volatile("std\n\trep lodsl\n\tcld"
		     : "+S"(s), "+c"(n), "=a"(v) : : "memory", "cc");
	EXPECT_FOLDED(READ, UNINIT, 32, p + 3, 3);
	kfree(p);
}

KTEST(kmemcheck_string_scas_reads)
{
	volatile uint8_t *p = kmalloc(16);
	uint32_t n = 16;
	void *d = (void *)p;

	p[0] = 1;
	p[1] = 2;
	p[2] = 3;
	/* Stops at the match: the bytes after it are never looked at. */
	asm volatile("repne scasb" : "+D"(d), "+c"(n) : "a"(3) : "memory",
		     "cc");
	KEXPECT_NO_REPORT();
	KEXPECT_EQ(n, 13);
	asm volatile("scasw" : "+D"(d) : "a"(0) : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 16, p + 3);
	kfree((void *)p);
}

KTEST(kmemcheck_string_cmps_reads_both)
{
	uint8_t *a = kzalloc(16), *b = kzalloc(16);
	void *s = a, *d = b;
	uint32_t n = 16;

	kmemcheck_mark_uninitialized(b + 5, 1);
	asm volatile("repe cmpsb" : "+S"(s), "+D"(d), "+c"(n) : : "memory",
		     "cc");
	KEXPECT_EQ(n, 0);
	KEXPECT_REPORT(READ, UNINIT, 8, b + 5);
	kmemcheck_mark_uninitialized(a + 8, 4);
	s = a + 8;
	d = b + 8;
	asm volatile("cmpsl" : "+S"(s), "+D"(d) : : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, a + 8);
	kfree(a);
	kfree(b);
}

/* REP with ECX = 0 performs no iteration: nothing is touched, not even
   freed memory, and no fault is taken. */
KTEST(kmemcheck_string_rep_zero_count)
{
	uint8_t *a = kzalloc(16), *b = kzalloc(16);
	struct kmemcheck_stats before, after;
	void *s = a, *d = b;
	uint32_t n = 0;

	kfree(a);
	kfree(b);
	kmemcheck_get_stats(&before);
	asm volatile("rep movsb\n\t"
		     "rep stosl\n\t"
		     "rep lodsw\n\t"
		     "repne scasb\n\t"
		     "repe cmpsl"
		     : "+S"(s), "+D"(d), "+c"(n) : "a"(0) : "memory", "cc");
	kmemcheck_get_stats(&after);
	KEXPECT_NO_REPORT();
	KEXPECT_EQ(after.faults, before.faults);
	KEXPECT_EQ(s, a);
	KEXPECT_EQ(d, b);
}

/* memset and memcpy are string instructions: kzalloc'd structures copied
   with an uninitialized field are silent until the field is used. */
KTEST(kmemcheck_string_memcpy_uninit_field)
{
	struct pair {
		int set;
		int unset;
	} *a = kmalloc(sizeof(*a)), *b = kmalloc(sizeof(*b));
	int v;

	((volatile struct pair *)a)->set = 1;
	memcpy(b, a, sizeof(*a));
	KEXPECT_NO_REPORT();
	KEXPECT_EQ(((volatile struct pair *)b)->set, 1);
	v = ((volatile struct pair *)b)->unset;
	KEXPECT_REPORT(READ, UNINIT, 32, &b->unset);
	memset(a, 0, sizeof(*a));
	KEXPECT(kmemcheck_is_initialized(a, sizeof(*a)));
	(void)v;
	kfree(a);
	kfree(b);
}

/* MOVS whose source and destination both cross a page boundary: all four
   pages are shown for the one step, and the shadow follows byte by byte. */
KTEST(kmemcheck_string_movs_across_pages)
{
	uint8_t *a = kmalloc(8192), *b = kmalloc(8192);
	void *s = a + 4094, *d = b + 4093;
	uint32_t v;

	asm volatile("movw $0x1111, 4094(%0)" : : "r"(a) : "memory");
	asm volatile("movsl" : "+S"(s), "+D"(d) : : "memory");
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(b + 4093, 2));
	KEXPECT(!kmemcheck_is_initialized(b + 4095, 1));
	KEXPECT(!kmemcheck_is_initialized(b + 4096, 1));
	asm volatile("movl 4093(%1), %0" : "=r"(v) : "r"(b) : "memory");
	KEXPECT_REPORT(READ, UNINIT, 32, b + 4093);
	kfree(a);
	kfree(b);
}
