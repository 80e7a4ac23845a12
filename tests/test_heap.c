/* tests/test_heap.c - kmalloc and kfree: sizes, reuse, misuse, exhaustion. */
#include "kernel/mmu.h"
#include "mm/frame.h"
#include "mm/heap.h"
#include "mm/memlayout.h"
#include "tests/heap_expect.h"
#include "tests/ktest.h"

/*
 * Every access to a heap object traps while kmemcheck is on, and all of
 * this runs under TCG: the tests touch a few bytes of each object, never
 * all of a big one.
 */

#define MANY		64
#define BIG		(1024 * 1024)
#define BIG_MAX		(((HEAP_END - HEAP_START) / BIG) + 1)
#define OBJS_MAX	2048

/* Room for every 1 MiB object the heap could hold, and one more. */
_Static_assert(BIG_MAX <= OBJS_MAX, "objs[] is too small");
static void *objs[OBJS_MAX];

/* A byte to tell object i from its neighbours. */
static uint8_t tag(unsigned int i)
{
	return (uint8_t)(0x40 + i * 7);
}

static bool in_heap(const void *p)
{
	return (uint32_t)p >= HEAP_START && (uint32_t)p < HEAP_END;
}

/* Sizes from 1 to 5000: every small class and its edges, and objects of
   whole pages. */
static size_t size_of(unsigned int i)
{
	static const size_t edges[] = {
		1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129,
		255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 2047, 2048,
		2049, 4095, 4096, 4097, 5000,
	};

	if (i < sizeof(edges) / sizeof(edges[0]))
		return edges[i];
	return 1 + (i * 157) % 5000;
}

/* Writes the first and the last byte of each object, then checks every
   one: overlapping objects would clobber each other's tags. */
KTEST(heap_many_sizes)
{
	unsigned int i;

	for (i = 0; i < MANY; i++) {
		size_t size = size_of(i);
		uint8_t *p = kmalloc(size);

		objs[i] = p;
		KEXPECT(p != NULL);
		if (!p)
			continue;
		KEXPECT(in_heap(p));
		KEXPECT(heap_slot_size(p) >= size + 2 * kmemcheck_redzone());
		KEXPECT_EQ(ksize(p), size);
		/* Slots are aligned to their class size, pages to pages; the
		   object starts after its left red zone. */
		KEXPECT_EQ(((uint32_t)p - kmemcheck_redzone()) %
			   (heap_slot_size(p) > HEAP_SMALL_MAX ? PAGE_SIZE :
			    heap_slot_size(p)), 0);
		p[0] = tag(i);
		p[size - 1] = tag(i);
	}
	for (i = 0; i < MANY; i++) {
		uint8_t *p = objs[i];

		if (!p)
			continue;
		if (p[0] != tag(i) || p[size_of(i) - 1] != tag(i))
			ktest_fail("object %u (%u bytes at %p) was overwritten",
				   i, (unsigned int)size_of(i), p);
	}
	/* Freed in an order other than the one they came in. */
	for (i = 0; i < MANY; i += 2)
		kfree(objs[i]);
	for (i = 1; i < MANY; i += 2) {
		uint8_t *p = objs[i];

		if (p && (p[0] != tag(i) || p[size_of(i) - 1] != tag(i)))
			ktest_fail("object %u lost its tag to a free", i);
		kfree(p);
	}
	heap_drain_quarantine();
}

/* Frees and allocations interleaved: every live object keeps its tag. */
KTEST(heap_interleaved)
{
	uint8_t *live[8] = { 0 };
	unsigned int round, i;

	for (round = 0; round < 40; round++) {
		i = (round * 5) % 8;
		if (live[i]) {
			if (live[i][0] != tag(i))
				ktest_fail("round %u: slot %u lost its tag",
					   round, i);
			kfree(live[i]);
		}
		live[i] = kmalloc(size_of(round));
		KEXPECT(live[i] != NULL);
		if (live[i])
			live[i][0] = tag(i);
	}
	for (i = 0; i < 8; i++) {
		if (live[i])
			KEXPECT_EQ(live[i][0], tag(i));
		kfree(live[i]);
	}
	heap_drain_quarantine();
}

/*
 * A freed object is not handed out again while it is quarantined: a use
 * after free must still find it marked freed. Its slot comes back once
 * the quarantine lets go of it. A neighbour kept live holds the page.
 */
KTEST(heap_quarantine_then_reuse)
{
	uint8_t *keep, *p;
	unsigned int i, n = 0;
	bool reused = false;

	keep = kmalloc(24);
	p = kmalloc(24);
	KEXPECT(keep && p);
	if (!keep || !p)
		return;
	if (PAGE_ROUND_DOWN(keep) != PAGE_ROUND_DOWN(p)) {
		/* keep filled its page: p started a page with room. */
		kfree(keep);
		keep = p;
		p = kmalloc(24);
		KEXPECT_EQ(PAGE_ROUND_DOWN(keep), PAGE_ROUND_DOWN(p));
	}
	heap_drain_quarantine();
	kfree(p);
	for (i = 0; i < HEAP_QUARANTINE - 1; i++) {
		objs[i] = kmalloc(24);
		KEXPECT(objs[i] != p);
	}
	for (i = 0; i < HEAP_QUARANTINE - 1; i++)
		kfree(objs[i]);
	/* p and those 63 fill the quarantine: p is still in it. */
	objs[0] = kmalloc(24);
	KEXPECT(objs[0] != p);
	kfree(objs[0]);
	/* That free pushed p, the oldest, out: now it may come back. */
	while (n < sizeof(objs) / sizeof(objs[0]) && !reused) {
		objs[n] = kmalloc(24);
		reused = objs[n++] == p;
	}
	KEXPECT(reused);
	for (i = 0; i < n; i++)
		kfree(objs[i]);
	kfree(keep);
	heap_drain_quarantine();
}

/* Allocates and frees 8 objects of 3 pages, and empties the quarantine. */
static void three_page_round(void)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		objs[i] = kmalloc(3 * PAGE_SIZE);
	for (i = 0; i < 8; i++) {
		KEXPECT(objs[i] != NULL);
		kfree(objs[i]);
	}
}

KTEST(heap_drain_releases_pages)
{
	struct heap_stats before, full, after;
	uint32_t frames;

	/* A first round makes the page tables the second one needs: those
	   stay, the heap's frames must not. */
	three_page_round();
	heap_drain_quarantine();
	heap_get_stats(&before);
	frames = frame_free_count();
	three_page_round();
	heap_get_stats(&full);
	KEXPECT_EQ(full.pages, before.pages + 8 * PAGE_ROUND_UP(3 * PAGE_SIZE +
		   2 * kmemcheck_redzone()) / PAGE_SIZE);
	KEXPECT(frame_free_count() < frames);
	heap_drain_quarantine();
	heap_get_stats(&after);
	KEXPECT_EQ(after.pages, before.pages);
	KEXPECT_EQ(after.frees, before.frees + 8);
	KEXPECT_EQ(after.allocations, before.allocations + 8);
	/* The frames went back, the shadow ones too. */
	KEXPECT_EQ(frame_free_count(), frames);
}

KTEST(heap_large_objects)
{
	static const size_t sizes[] = {
		HEAP_SMALL_MAX + 1, PAGE_SIZE, PAGE_SIZE + 1, 5 * PAGE_SIZE,
		BIG, 3 * BIG + 17,
	};
	uint8_t *p;
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t size = sizes[i];

		p = kmalloc(size);
		KEXPECT(p != NULL);
		if (!p)
			continue;
		KEXPECT_EQ(PGOFF(p), kmemcheck_redzone());
		KEXPECT_EQ(heap_slot_size(p), PAGE_ROUND_UP(size + 2 *
			   kmemcheck_redzone()));
		/* The first and the last byte of every page are there. */
		p[0] = 1;
		p[size - 1] = 2;
		p[size / 2] = 3;
		KEXPECT_EQ(p[0] + p[size - 1] + p[size / 2], 6);
		kfree(p);
		KEXPECT_EQ(heap_slot_size(p), 0);
	}
	heap_drain_quarantine();
}

/* kzalloc is zero even where the memory held other bytes before. */
KTEST(heap_kzalloc_zero)
{
	static const size_t sizes[] = { 1, 13, 64, 100, 2048, 3000 };
	uint8_t *p, *keep;
	unsigned int i, j;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		keep = kmalloc(sizes[i]);
		p = kmalloc(sizes[i]);
		KEXPECT(keep && p);
		if (!keep || !p)
			continue;
		for (j = 0; j < sizes[i]; j += 7)
			p[j] = 0xa5;
		kfree(p);
		heap_drain_quarantine();
		p = kzalloc(sizes[i]);
		KEXPECT(p != NULL);
		if (p) {
			/* Every byte of small ones; spread for big ones. */
			for (j = 0; j < sizes[i]; j += sizes[i] > 128 ? 61 : 1)
				if (p[j])
					break;
			if (j < sizes[i])
				ktest_fail("kzalloc(%u): byte %u is %02x",
					   (unsigned int)sizes[i], j, p[j]);
			KEXPECT_EQ(p[sizes[i] - 1], 0);
		}
		kfree(p);
		kfree(keep);
	}
	p = kzalloc(2 * PAGE_SIZE + 5);
	KEXPECT(p != NULL);
	if (p) {
		KEXPECT_EQ(p[0] | p[PAGE_SIZE] | p[2 * PAGE_SIZE + 4], 0);
		kfree(p);
	}
	heap_drain_quarantine();
}

KTEST(heap_zero_size_and_null)
{
	struct heap_stats before, after;

	heap_get_stats(&before);
	KEXPECT(kmalloc(0) == NULL);
	KEXPECT(kzalloc(0) == NULL);
	kfree(NULL);
	heap_get_stats(&after);
	KEXPECT_EQ(after.allocations, before.allocations);
	KEXPECT_EQ(after.frees, before.frees);
	KEXPECT_EQ(after.bad_frees, before.bad_frees);
	KEXPECT_EQ(heap_slot_size(NULL), 0);
}

/* Asking for more than there is gives NULL, and the heap lives on. */
KTEST(heap_exhaustion)
{
	struct heap_stats before, after;
	unsigned int n = 0, i;
	uint8_t *p;

	heap_drain_quarantine();
	heap_get_stats(&before);
	while (n < BIG_MAX && (objs[n] = kmalloc(BIG)) != NULL) {
		/* One byte each: they are real, and not one big page. */
		((uint8_t *)objs[n])[BIG - 1] = tag(n);
		n++;
	}
	KEXPECT(n < BIG_MAX);
	KEXPECT(n > 0);
	heap_get_stats(&after);
	KEXPECT_EQ(after.failed, before.failed + 1);
	/* Something larger than all of the heap fails at once. */
	KEXPECT(kmalloc(HEAP_END - HEAP_START + 1) == NULL);
	printk("heap: %u objects of 1 MiB before NULL\n", n);
	for (i = 0; i < n; i++) {
		if (((uint8_t *)objs[i])[BIG - 1] != tag(i))
			ktest_fail("object %u of 1 MiB lost its last byte", i);
		kfree(objs[i]);
	}
	heap_get_stats(&after);
	KEXPECT_EQ(after.failed, before.failed + 2);
	KEXPECT_EQ(after.frees, before.frees + n);

	/* Without draining first: a failing kmalloc empties the quarantine
	   itself. */
	p = kmalloc(BIG);
	KEXPECT(p != NULL);
	kfree(p);
	p = kmalloc(40);
	KEXPECT(p != NULL);
	if (p) {
		p[39] = 1;
		KEXPECT_EQ(p[39], 1);
	}
	kfree(p);
	heap_drain_quarantine();
	heap_get_stats(&after);
	KEXPECT_EQ(after.pages, before.pages);
}

/* A second free is caught and counted, and changes nothing. */
KTEST(heap_double_free)
{
	struct heap_stats before, after;
	uint8_t *p = kmalloc(32), *big = kmalloc(2 * PAGE_SIZE);

	KEXPECT(p && big);
	heap_get_stats(&before);
	kfree(p);
	kfree(p);
	KEXPECT_HEAP_REPORT(DOUBLE_FREE, p, "kfree");
	kfree(big);
	kfree(big);
	KEXPECT_HEAP_REPORT(DOUBLE_FREE, big, "kfree");
	heap_get_stats(&after);
	KEXPECT_EQ(after.bad_frees, before.bad_frees + 2);
	KEXPECT_EQ(after.frees, before.frees + 2);
	/* Also once the quarantine has released it: then the heap can no
	   longer tell it from a pointer it never gave out. */
	heap_drain_quarantine();
	kfree(p);
	KEXPECT_HEAP_REPORT(INVALID_FREE, p, "kfree");
	kfree(big);
	KEXPECT_HEAP_REPORT(INVALID_FREE, big, "kfree");
	heap_get_stats(&after);
	KEXPECT_EQ(after.bad_frees, before.bad_frees + 4);
	KEXPECT_EQ(after.frees, before.frees + 2);
}

/* Pointers kmalloc never returned are refused, not freed: each is a
   report. */
KTEST(heap_foreign_free)
{
	struct heap_stats before, after;
	uint8_t *p = kmalloc(64), *big = kmalloc(3 * PAGE_SIZE);
	uint32_t local;
	void *bad[6];
	unsigned int i;

	KEXPECT(p && big);
	if (!p || !big)
		return;
	bad[0] = &local;			/* the stack */
	bad[1] = objs;				/* .bss */
	bad[2] = p + 8;				/* inside a small object */
	bad[3] = big + 100;			/* inside a large object */
	bad[4] = big + PAGE_SIZE;		/* its second page */
	bad[5] = (void *)(HEAP_END - PAGE_SIZE);	/* a page not in use */
	heap_get_stats(&before);
	for (i = 0; i < 6; i++) {
		kfree(bad[i]);
		KEXPECT_HEAP_REPORT(INVALID_FREE, bad[i], "kfree");
	}
	heap_get_stats(&after);
	KEXPECT_EQ(after.bad_frees, before.bad_frees + 6);
	KEXPECT_EQ(after.frees, before.frees);
	/* The real objects are untouched and still free properly. */
	p[63] = 7;
	KEXPECT_EQ(p[63], 7);
	KEXPECT(heap_slot_size(p) >= 64);
	KEXPECT_EQ(ksize(big), 3 * PAGE_SIZE);
	kfree(p);
	kfree(big);
	heap_get_stats(&after);
	KEXPECT_EQ(after.bad_frees, before.bad_frees + 6);
	KEXPECT_EQ(after.frees, before.frees + 2);
	heap_drain_quarantine();
}
