/* kmemcheck/pte.h - hiding and showing tracked heap pages. */
#ifndef KMEMCHECK_PTE_H
#define KMEMCHECK_PTE_H

#include <stdint.h>

#include "kernel/mmu.h"
#include "kernel/x86.h"
#include "mm/paging.h"

/*
 * A tracked page has PTE_HIDDEN set for as long as kmemcheck tracks it;
 * PTE_P says whether it is shown right now. Hidden = tracked and not
 * present: every access to it faults.
 */

/* The PTE of addr's page when kmemcheck tracks it, else NULL. Inline,
   as the page walk: every tracked access starts here. */
static inline pte_t *kmemcheck_pte_lookup(uint32_t addr)
{
	pte_t *pte = paging_lookup(addr);

	return pte && (*pte & PTE_HIDDEN) ? pte : NULL;
}

void kmemcheck_pte_track(uint32_t va);		/* marks; leaves it present */
void kmemcheck_pte_untrack(uint32_t va);	/* present, unmarked */
/* A tracked page hidden from, or shown to, every CPU at once, where the
   fault path's kmemcheck_pte_hide and _show below change only this CPU's
   copy. hide_all flushes this CPU's TLB only: a page that was present
   on other CPUs needs paging_flush(va) too. */
void kmemcheck_pte_hide_all(uint32_t va);
void kmemcheck_pte_show_all(uint32_t va);
/* Clears PTE_P of a tracked page's pte, which maps va. The TLB may hold
   the translation from while it was shown, and a stale entry would let
   accesses through unseen: invlpg (SDM Vol. 3A, 4.10.4.1). */
static inline void kmemcheck_pte_hide(pte_t *pte, uint32_t va)
{
	*pte &= ~PTE_P;
	invlpg(va);
}

/* Sets PTE_P. No invlpg: the TLB never caches a translation whose P flag
   is 0, so there is nothing stale to drop (SDM Vol. 3A, 4.10.4.3). The
   next access walks the tables and finds the page present. */
static inline void kmemcheck_pte_show(pte_t *pte)
{
	*pte |= PTE_P;
}
/* The byte at addr through the identity-mapped alias of the frame pte
   maps: every frame lies in the identity map (mm/frame.c hands out only
   RAM below its top, kernel/main.c), so the frame's address is the
   alias's. Inline, for the fault path's emulation. */
static inline uint8_t *kmemcheck_pte_frame_alias(const pte_t *pte,
						 uint32_t addr)
{
	return (uint8_t *)(uintptr_t)(*pte & PTE_ADDR_MASK) + PGOFF(addr);
}

/* The identity-mapped alias of addr's frame, hidden or not: how the fault
   path reads tracked bytes for a report without showing the page. */
const uint8_t *kmemcheck_pte_alias(uint32_t addr);

#endif
