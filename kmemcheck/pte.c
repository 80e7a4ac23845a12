/* kmemcheck/pte.c - hiding and showing tracked heap pages. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/x86.h"
#include "kmemcheck/pte.h"

/* A heap page has one PTE in each CPU's page directory (mm/paging.c):
   tracking, untracking, hiding and showing it for good change them all. */

void kmemcheck_pte_track(uint32_t va)
{
	unsigned int i;

	for (i = 0; i < paging_nr_dirs(); i++) {
		pte_t *pte = paging_lookup_in(i, va);

		if (pte && (*pte & PTE_P))
			*pte |= PTE_HIDDEN;
	}
}

void kmemcheck_pte_untrack(uint32_t va)
{
	unsigned int i;

	for (i = 0; i < paging_nr_dirs(); i++) {
		pte_t *pte = paging_lookup_in(i, va);

		if (pte && (*pte & PTE_HIDDEN))
			*pte = (*pte | PTE_P) & ~PTE_HIDDEN;
	}
}

/* Not present on any CPU. This CPU's TLB forgets it here; the caller
   flushes the other CPUs' (kmemcheck_pte_hide_all says when). */
void kmemcheck_pte_hide_all(uint32_t va)
{
	unsigned int i;

	for (i = 0; i < paging_nr_dirs(); i++)
		*paging_lookup_in(i, va) &= ~PTE_P;
	invlpg(va);
}

/* Present on every CPU: no TLB holds a not-present entry, so none needs
   flushing (SDM Vol. 3A, 4.10.4.3). */
void kmemcheck_pte_show_all(uint32_t va)
{
	unsigned int i;

	for (i = 0; i < paging_nr_dirs(); i++)
		*paging_lookup_in(i, va) |= PTE_P;
}

const uint8_t *kmemcheck_pte_alias(uint32_t addr)
{
	return kmemcheck_pte_lookup(addr) ? paging_alias(addr) : NULL;
}
