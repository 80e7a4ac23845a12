/* tests/test_heap_unchecked.c - a heap page that got no shadow is counted
   while it is mapped, and no longer once it is gone. */
#include "kernel/mmu.h"
#include "mm/frame.h"
#include "mm/paging.h"
#include "tests/ktest.h"

/* Takes every free frame, chained through their first words (frames are
   identity-mapped and never tracked); returns the chain. */
static physaddr_t take_all_frames(void)
{
	physaddr_t head = 0, pa;

	while ((pa = frame_alloc()) != 0) {
		*(physaddr_t *)phys_to_virt(pa) = head;
		head = pa;
	}
	return head;
}

static physaddr_t give_back_one(physaddr_t head)
{
	physaddr_t next = *(physaddr_t *)phys_to_virt(head);

	frame_free(head);
	return next;
}

/*
 * With frames handed back one at a time, the first page kmalloc can map
 * finds no frame left for its shadow: it goes unchecked, and is counted as
 * unchecked now. Unmapped again, it is no longer counted now, only in the
 * total since boot.
 */
KTEST(heap_unchecked_pages_counted_now)
{
	struct kmemcheck_stats before, during, after;
	physaddr_t chain;
	uint8_t *p = NULL;
	bool shadowed = kmemcheck_boot_mode() != KMEMCHECK_MODE_OFF;

	heap_drain_quarantine();
	kmemcheck_get_stats(&before);
	chain = take_all_frames();
	while (chain && !p) {
		chain = give_back_one(chain);
		/* Past the largest size class: a page of its own. */
		p = kmalloc(3000);
	}
	kmemcheck_get_stats(&during);
	while (chain)
		chain = give_back_one(chain);
	KEXPECT(p != NULL);
	KEXPECT_EQ(during.pages_untracked, before.pages_untracked + shadowed);
	KEXPECT_EQ(during.pages_untracked_total,
		   before.pages_untracked_total + shadowed);
	if (p)
		p[2999] = 1;	/* unchecked, but there */
	kfree(p);
	heap_drain_quarantine();
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(after.pages_untracked, before.pages_untracked);
	KEXPECT_EQ(after.pages_untracked_total,
		   before.pages_untracked_total + shadowed);
}
