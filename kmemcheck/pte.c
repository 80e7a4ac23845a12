/* kmemcheck/pte.c - hiding and showing tracked heap pages. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/x86.h"
#include "kmemcheck/pte.h"

pte_t *kmemcheck_pte_lookup(uint32_t addr)
{
	pte_t *pte = paging_lookup(addr);

	return pte && (*pte & PTE_HIDDEN) ? pte : NULL;
}

void kmemcheck_pte_track(uint32_t va)
{
	pte_t *pte = paging_lookup(va);

	if (pte && (*pte & PTE_P))
		*pte |= PTE_HIDDEN;
}

void kmemcheck_pte_untrack(uint32_t va)
{
	pte_t *pte = kmemcheck_pte_lookup(va);

	if (!pte)
		return;
	*pte = (*pte | PTE_P) & ~PTE_HIDDEN;
	invlpg(va);
}

/* A stale TLB entry would let accesses through unseen, so each change of
   PTE_P is followed by invlpg (SDM Vol. 3A, 4.10.4.1). */
void kmemcheck_pte_hide(pte_t *pte, uint32_t va)
{
	*pte &= ~PTE_P;
	invlpg(va);
}

void kmemcheck_pte_show(pte_t *pte, uint32_t va)
{
	*pte |= PTE_P;
	invlpg(va);
}

const uint8_t *kmemcheck_pte_alias(uint32_t addr)
{
	return kmemcheck_pte_lookup(addr) ? paging_alias(addr) : NULL;
}
