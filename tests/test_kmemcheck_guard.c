/* tests/test_kmemcheck_guard.c - every object, of every size, is guarded on
   both sides: the byte just past its end and the byte just before its start
   belong to no object and read as unallocated. */
#include "kernel/mmu.h"
#include "mm/memlayout.h"
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define WRITE	KMEMCHECK_ACCESS_WRITE
#define UNALLOC	KMEMCHECK_SHADOW_UNALLOCATED
#define FREED	KMEMCHECK_SHADOW_FREED

/* Objects of one size allocated back to back: the first of a page, its
   neighbours, and (for the small classes) objects further in. */
#define PER_SIZE	3

/* One access each, in inline asm, so its width and address are exact. */
static void read8(const volatile void *p)
{
	uint8_t v;

	asm volatile("movb (%1), %0" : "=q"(v) : "r"(p) : "memory");
}

static void write8(volatile void *p, uint8_t v)
{
	asm volatile("movb %1, (%0)" : : "r"(p), "q"(v) : "memory");
}

/* Every side of every size class and of whole pages: the sizes whose red
   zone used to be short (2041 to 2048) or missing (exact pages). */
static const size_t sizes[] = {
	1, 2, 3, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 48, 63, 64,
	65, 100, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1000, 1023,
	1024, 1025, 2032, 2040, 2041, 2042, 2044, 2047, 2048, 2049, 3000,
	4080, 4088, 4095, 4096, 4097, 8191, 8192, 8193, 3 * PAGE_SIZE,
};

/* Reads and writes one byte on each side of p: four reports, each of
   unallocated memory at exactly that byte. */
static void expect_guarded(volatile uint8_t *p, size_t size)
{
	read8(p + size);
	KEXPECT_REPORT(READ, UNALLOC, 8, p + size);
	write8(p + size, 0x5a);
	KEXPECT_REPORT(WRITE, UNALLOC, 8, p + size);
	read8(p - 1);
	KEXPECT_REPORT(READ, UNALLOC, 8, p - 1);
	write8(p - 1, 0x5a);
	KEXPECT_REPORT(WRITE, UNALLOC, 8, p - 1);
}

KTEST(kmemcheck_guard_every_size)
{
	volatile uint8_t *p[PER_SIZE];
	unsigned int i, j;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (j = 0; j < PER_SIZE; j++)
			p[j] = kzalloc(sizes[i]);
		for (j = 0; j < PER_SIZE; j++) {
			KEXPECT(p[j] != NULL);
			if (p[j])
				expect_guarded(p[j], sizes[i]);
		}
		/* The neighbours' bytes are untouched by the writes. */
		for (j = 0; j < PER_SIZE; j++) {
			if (p[j] && (p[j][0] || p[j][sizes[i] - 1]))
				ktest_fail("%u-byte object %u was overwritten",
					   (unsigned int)sizes[i], j);
			kfree((void *)p[j]);
		}
	}
	heap_drain_quarantine();
}

/* The first object of a fresh page: nothing of another object, nor an
   unmapped page, lies before it. */
KTEST(kmemcheck_guard_first_of_page)
{
	volatile uint8_t *p[40];
	unsigned int i, n = 0;

	heap_drain_quarantine();
	/* 2048-byte objects get a page each or share one with one other. */
	for (i = 0; i < 40; i++)
		p[i] = kzalloc(2048);
	for (i = 0; i < 40; i++) {
		if (!p[i])
			continue;
		if (PGOFF(p[i]) <= 2 * KMEMCHECK_REDZONE) {
			expect_guarded(p[i], 2048);
			n++;
		}
	}
	KEXPECT(n > 0);
	for (i = 0; i < 40; i++)
		kfree((void *)p[i]);
	heap_drain_quarantine();
}

/*
 * The heap's very first object, when its first page is free (it is in a
 * boot that runs this test first: tests/jobs_heap.py checks the line it
 * prints): the byte before it is below the heap, where nothing is mapped,
 * unless the object has a red zone of its own.
 */
KTEST(kmemcheck_guard_heap_start)
{
	volatile uint8_t *p = kzalloc(PAGE_SIZE);

	KEXPECT(p != NULL);
	if (!p)
		return;
	if (PAGE_ROUND_DOWN(p) == HEAP_START) {
		printk("kmemcheck_guard: the heap's first object is at %p\n",
		       (void *)p);
		expect_guarded(p, PAGE_SIZE);
	} else {
		printk("kmemcheck_guard: the heap's first page is in use\n");
	}
	kfree((void *)p);
}

/* An object of exactly one page, first in its page and ending at the end
   of one: the byte after it is not the next object's first byte. */
KTEST(kmemcheck_guard_exact_page_neighbours)
{
	volatile uint8_t *a = kzalloc(PAGE_SIZE), *b = kzalloc(PAGE_SIZE);

	KEXPECT(a && b);
	if (!a || !b)
		return;
	KEXPECT(a + PAGE_SIZE != b && b + PAGE_SIZE != a);
	read8(a + PAGE_SIZE);
	KEXPECT_REPORT(READ, UNALLOC, 8, a + PAGE_SIZE);
	read8(b - 1);
	KEXPECT_REPORT(READ, UNALLOC, 8, b - 1);
	kfree((void *)a);
	kfree((void *)b);
}

/* A freed object's own bytes read as freed, but its red zones stay
   unallocated: an overflow next to a quarantined object is still called
   an overflow. */
KTEST(kmemcheck_guard_freed_neighbour)
{
	static const size_t freed_sizes[] = { 20, 32, 2048, 5000 };
	unsigned int i;

	for (i = 0; i < sizeof(freed_sizes) / sizeof(freed_sizes[0]); i++) {
		size_t size = freed_sizes[i];
		volatile uint8_t *p = kzalloc(size);

		KEXPECT(p != NULL);
		if (!p)
			continue;
		kfree((void *)p);
		read8(p + size - 1);
		KEXPECT_REPORT(READ, FREED, 8, p + size - 1);
		read8(p + size);
		KEXPECT_REPORT(READ, UNALLOC, 8, p + size);
		read8(p - 1);
		KEXPECT_REPORT(READ, UNALLOC, 8, p - 1);
	}
	heap_drain_quarantine();
}
