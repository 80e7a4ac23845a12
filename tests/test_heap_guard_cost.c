/* tests/test_heap_guard_cost.c - what the red zones cost is counted, object
   by object, and given back when the objects go. */
#include "kernel/mmu.h"
#include "tests/ktest.h"

/*
 * Each size with the heap bytes its red zones add (kmemcheck keeping a
 * shadow): the slot or pages it takes with them, less those it would take
 * without them.
 */
static const struct {
	size_t size;
	uint32_t cost;
} cases[] = {
	{ 1, 32 - 16 },			/* 17 bytes: the 32-byte class */
	{ 16, 32 - 16 },
	{ 100, 128 - 128 },		/* 116 bytes: the same class */
	{ 2032, 2048 - 2048 },		/* the largest that stays small */
	{ 2048, PAGE_SIZE - 2048 },	/* a page instead of a slot */
	{ PAGE_SIZE, PAGE_SIZE },	/* one more page */
	{ 5000, 0 },			/* the slack of its last page */
};

#define NR_CASES	(sizeof(cases) / sizeof(cases[0]))

KTEST(heap_guard_cost_counted)
{
	struct heap_stats before, during, after;
	bool guarded = kmemcheck_redzone() != 0;
	uint32_t cost = 0;
	void *p[NR_CASES], *untracked;
	unsigned int i;

	heap_drain_quarantine();
	heap_get_stats(&before);
	for (i = 0; i < NR_CASES; i++) {
		p[i] = kmalloc(cases[i].size);
		KEXPECT(p[i] != NULL);
		cost += cases[i].cost;
	}
	/* Untracked objects have no red zones. */
	untracked = kmalloc_notrack(PAGE_SIZE);
	heap_get_stats(&during);
	heap_print_stats();
	KEXPECT_EQ(during.objects - before.objects, NR_CASES + 1);
	KEXPECT_EQ(during.redzone_bytes - before.redzone_bytes,
		   guarded ? NR_CASES * 2 * KMEMCHECK_REDZONE : 0);
	KEXPECT_EQ(during.redzone_cost - before.redzone_cost,
		   guarded ? cost : 0);
	KEXPECT(during.sizes_bytes > 0);
	/* Quarantined objects still hold their memory; released, not. */
	for (i = 0; i < NR_CASES; i++)
		kfree(p[i]);
	kfree(untracked);
	heap_get_stats(&after);
	KEXPECT_EQ(after.redzone_cost, during.redzone_cost);
	heap_drain_quarantine();
	heap_get_stats(&after);
	KEXPECT_EQ(after.objects, before.objects);
	KEXPECT_EQ(after.redzone_bytes, before.redzone_bytes);
	KEXPECT_EQ(after.redzone_cost, before.redzone_cost);
}
