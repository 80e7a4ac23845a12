/* kmemcheck/pte.c - hiding and showing tracked heap pages. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/x86.h"
#include "kmemcheck/pte.h"

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

const uint8_t *kmemcheck_pte_alias(uint32_t addr)
{
	return kmemcheck_pte_lookup(addr) ? paging_alias(addr) : NULL;
}
