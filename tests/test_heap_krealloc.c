/* tests/test_heap_krealloc.c - krealloc and ksize: sizes, copies with their
   shadow, the tail of a shrunk object, and bad pointers as reports. */
#include "kernel/mmu.h"
#include "tests/heap_expect.h"
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define WRITE	KMEMCHECK_ACCESS_WRITE
#define UNINIT	KMEMCHECK_SHADOW_UNINITIALIZED
#define UNALLOC	KMEMCHECK_SHADOW_UNALLOCATED
#define FREED	KMEMCHECK_SHADOW_FREED

static uint32_t read32(const void *p)
{
	uint32_t v;

	asm volatile("movl (%1), %0" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static void write32(void *p, uint32_t v)
{
	asm volatile("movl %1, (%0)" : : "r"(p), "r"(v) : "memory");
}

static uint8_t read8(const void *p)
{
	uint8_t v;

	asm volatile("movb (%1), %0" : "=q"(v) : "r"(p) : "memory");
	return v;
}

static void write8(void *p, uint8_t v)
{
	asm volatile("movb %1, (%0)" : : "r"(p), "q"(v) : "memory");
}

KTEST(heap_ksize_is_the_size_asked)
{
	static const size_t sizes[] = { 1, 13, 16, 100, 2041, 4096, 5000 };
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		void *p = kmalloc(sizes[i]);

		KEXPECT_EQ(ksize(p), sizes[i]);
		kfree(p);
	}
	KEXPECT_EQ(ksize(NULL), 0);
	KEXPECT_NO_REPORT();
}

KTEST(heap_krealloc_null_and_zero)
{
	uint8_t *p = krealloc(NULL, 10);

	KEXPECT(p != NULL);
	KEXPECT_EQ(ksize(p), 10);
	KEXPECT(krealloc(p, 0) == NULL);
	/* That was a free: a second one is a double free. */
	kfree(p);
	KEXPECT_HEAP_REPORT(DOUBLE_FREE, p, "kfree");
}

/* Growing moves the object, bytes included, from small to large sizes;
   the old object is freed (a stale pointer is then caught). */
KTEST(heap_krealloc_grow_keeps_bytes)
{
	static const size_t steps[] = { 10, 100, 3000, 5000, 20000 };
	uint8_t *p = kmalloc(steps[0]), *q;
	unsigned int i, j;

	for (j = 0; j < steps[0]; j++)
		p[j] = (uint8_t)(0xa0 + j);
	for (i = 1; i < sizeof(steps) / sizeof(steps[0]); i++) {
		q = krealloc(p, steps[i]);
		KEXPECT(q != NULL && q != p);
		if (!q)
			return;
		KEXPECT_EQ(ksize(q), steps[i]);
		for (j = 0; j < steps[0]; j++)
			if (q[j] != (uint8_t)(0xa0 + j))
				ktest_fail("step %u: byte %u lost", i, j);
		kfree(p);
		KEXPECT_HEAP_REPORT(DOUBLE_FREE, p, "kfree");
		q[steps[i] - 1] = 1;
		p = q;
	}
	kfree(p);
}

/* Shrinking keeps the object where it is, and its bytes. */
KTEST(heap_krealloc_shrink_in_place)
{
	uint8_t *p = kzalloc(5000), *q;

	p[0] = 7;
	q = krealloc(p, 100);
	KEXPECT(q == p);
	KEXPECT_EQ(ksize(q), 100);
	KEXPECT_EQ(q[0] + q[99], 7);
	q = krealloc(q, 100);
	KEXPECT(q == p);
	kfree(q);
	KEXPECT_NO_REPORT();
}

/* An untracked object stays untracked when it moves. */
KTEST(heap_krealloc_notrack)
{
	uint8_t *p = kmalloc_notrack(10), *q;
	struct kmemcheck_stats before, after;

	p[9] = 3;
	q = krealloc(p, 2 * PAGE_SIZE);
	KEXPECT(q != NULL);
	if (!q)
		return;
	KEXPECT_EQ(PGOFF(q), 0);
	kmemcheck_get_stats(&before);
	q[2 * PAGE_SIZE - 1] = q[9];
	KEXPECT_EQ(q[2 * PAGE_SIZE - 1], 3);
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(after.faults, before.faults);
	kfree(q);
}

/* A dead or foreign pointer is a report, never a silent 0 or a copy of
   whatever lies there. */
KTEST(heap_krealloc_ksize_bad_pointers)
{
	uint8_t *dead = kzalloc(24), *live = kzalloc(24);
	uint32_t local;

	kfree(dead);
	KEXPECT(krealloc(dead, 48) == NULL);
	KEXPECT_HEAP_REPORT(FREED_POINTER, dead, "krealloc");
	KEXPECT_EQ(ksize(dead), 0);
	KEXPECT_HEAP_REPORT(FREED_POINTER, dead, "ksize");
	KEXPECT_EQ(ksize(live + 1), 0);
	KEXPECT_HEAP_REPORT(INVALID_POINTER, live + 1, "ksize");
	KEXPECT(krealloc(&local, 8) == NULL);
	KEXPECT_HEAP_REPORT(INVALID_POINTER, &local, "krealloc");
	/* The live object was left alone. */
	KEXPECT_EQ(ksize(live), 24);
	kfree(live);
}

/* Each byte takes its shadow state along: initialized ones stay so, and
   an uninitialized one is still reported when read from the new object. */
KTEST(kmemcheck_krealloc_carries_shadow)
{
	static const size_t grow[][2] = { { 16, 64 }, { 5000, 9000 } };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		size_t old = grow[i][0], size = grow[i][1];
		uint8_t *p = kmalloc(old), *q;
		uint32_t at = old > PAGE_SIZE ? PAGE_SIZE : 0;

		write32(p + at, 0x1234);
		q = krealloc(p, size);
		KEXPECT(q != NULL);
		if (!q)
			continue;
		KEXPECT_EQ(read32(q + at), 0x1234);
		KEXPECT_NO_REPORT();
		read32(q + at + 4);
		KEXPECT_REPORT(READ, UNINIT, 32, q + at + 4);
		read32(q + old);
		KEXPECT_REPORT(READ, UNINIT, 32, q + old);
		read8(q + size);
		KEXPECT_REPORT(READ, UNALLOC, 8, q + size);
		read8(p + at);
		KEXPECT_REPORT(READ, FREED, 8, p + at);
		kfree(q);
	}
}

/* The bytes a shrink cuts off are nobody's: accesses there are caught. */
KTEST(kmemcheck_krealloc_shrunk_tail)
{
	uint8_t *p = kzalloc(100);

	KEXPECT(krealloc(p, 40) == p);
	read8(p + 39);
	KEXPECT_NO_REPORT();
	read8(p + 40);
	KEXPECT_REPORT(READ, UNALLOC, 8, p + 40);
	write8(p + 99, 1);
	KEXPECT_REPORT(WRITE, UNALLOC, 8, p + 99);
	kfree(p);
	read8(p + 39);
	KEXPECT_REPORT(READ, FREED, 8, p + 39);
	read8(p + 40);
	KEXPECT_REPORT(READ, UNALLOC, 8, p + 40);
}
