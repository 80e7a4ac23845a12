/* kmemcheck/pte.h - hiding and showing tracked heap pages. */
#ifndef KMEMCHECK_PTE_H
#define KMEMCHECK_PTE_H

#include <stdint.h>

#include "mm/paging.h"

/*
 * A tracked page has PTE_HIDDEN set for as long as kmemcheck tracks it;
 * PTE_P says whether it is shown right now. Hidden = tracked and not
 * present: every access to it faults.
 */

/* The PTE of addr's page when kmemcheck tracks it, else NULL. */
pte_t *kmemcheck_pte_lookup(uint32_t addr);
void kmemcheck_pte_track(uint32_t va);		/* marks; leaves it present */
void kmemcheck_pte_untrack(uint32_t va);	/* present, unmarked */
/* Clear or set PTE_P of a tracked page's pte, which maps va. */
void kmemcheck_pte_hide(pte_t *pte, uint32_t va);
void kmemcheck_pte_show(pte_t *pte, uint32_t va);
/* The identity-mapped alias of addr's frame, hidden or not: how the fault
   path reads tracked bytes for a report without showing the page. */
const uint8_t *kmemcheck_pte_alias(uint32_t addr);

#endif
