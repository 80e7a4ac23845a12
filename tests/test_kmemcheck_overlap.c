/* tests/test_kmemcheck_overlap.c - MOVS with overlapping operands. */
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define UNINIT	KMEMCHECK_SHADOW_UNINITIALIZED

static void movsl(const void *src, void *dst)
{
	asm volatile("movsl" : "+S"(src), "+D"(dst) : : "memory");
}

/* Only p[0] was written: after movsl from p to p + 1, p[1] holds it and
   p[2..4] hold bytes that were never written. */
KTEST(kmemcheck_overlap_movsl_up_keeps_uninitialized)
{
	volatile uint8_t *p = kmalloc(16);
	uint8_t v;

	p[0] = 7;
	movsl((const void *)p, (void *)(p + 1));
	KEXPECT(kmemcheck_is_initialized((const void *)(p + 1), 1));
	KEXPECT(!kmemcheck_is_initialized((const void *)(p + 2), 1));
	KEXPECT(!kmemcheck_is_initialized((const void *)(p + 4), 1));
	v = p[2];
	(void)v;
	KEXPECT_REPORT(READ, UNINIT, 8, p + 2);
	kfree((void *)p);
}

/* The mirror: p[1..4] written, p[0] not; the copy moves the hole up by
   one, and reading the written bytes stays silent. */
KTEST(kmemcheck_overlap_movsl_up_keeps_initialized)
{
	volatile uint8_t *p = kmalloc(16);
	uint8_t v;

	*(volatile uint32_t *)(p + 1) = 0x04030201;
	movsl((const void *)p, (void *)(p + 1));
	KEXPECT(!kmemcheck_is_initialized((const void *)(p + 1), 1));
	KEXPECT(kmemcheck_is_initialized((const void *)(p + 2), 3));
	v = p[3];
	(void)v;
	KEXPECT_NO_REPORT();
	kfree((void *)p);
}

/* A backward memmove: std; rep movsl from the last element down, the
   destination two bytes above the source. Of word 1 only byte 4 was
   written, so of the destination bytes 6..9 only byte 6 is initialized. */
KTEST(kmemcheck_overlap_rep_movsl_backwards)
{
	uint32_t *a = kmalloc(24), n = 4;
	uint8_t *b = (uint8_t *)a;
	const void *s = b + 12;
	void *d = b + 14;

	((volatile uint32_t *)a)[0] = 1;
	((volatile uint8_t *)a)[4] = 2;
	((volatile uint32_t *)a)[2] = 3;
	((volatile uint32_t *)a)[3] = 4;
	asm volatile("std\n\trep movsl\n\tcld"
		     : "+S"(s), "+D"(d), "+c"(n) : : "memory", "cc");
	KEXPECT_NO_REPORT();
	KEXPECT_EQ(n, 0);
	KEXPECT(kmemcheck_is_initialized(b, 7));
	KEXPECT(!kmemcheck_is_initialized(b + 7, 1));
	KEXPECT(!kmemcheck_is_initialized(b + 8, 1));
	KEXPECT(!kmemcheck_is_initialized(b + 9, 1));
	KEXPECT(kmemcheck_is_initialized(b + 10, 8));
	KEXPECT(!kmemcheck_is_initialized(b + 18, 1));
	kfree(a);
}

/* Forward: the destination below the source, one byte apart. */
KTEST(kmemcheck_overlap_rep_movsb_down)
{
	volatile uint8_t *p = kmalloc(8);
	const void *s = (const void *)(p + 1);
	void *d = (void *)p;
	uint32_t n = 6;

	p[1] = 1;
	p[3] = 3;
	asm volatile("rep movsb" : "+S"(s), "+D"(d), "+c"(n) : : "memory");
	KEXPECT(kmemcheck_is_initialized((const void *)p, 1));
	KEXPECT(!kmemcheck_is_initialized((const void *)(p + 1), 1));
	KEXPECT(kmemcheck_is_initialized((const void *)(p + 2), 1));
	KEXPECT(!kmemcheck_is_initialized((const void *)(p + 3), 3));
	kfree((void *)p);
}
