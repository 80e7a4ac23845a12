/* mm/pte_flags.h - a page table entry's flags by name. */
#ifndef MM_PTE_FLAGS_H
#define MM_PTE_FLAGS_H

#include "mm/paging.h"

/* Prints " P W A HIDDEN": a space before each flag that is set. */
void pte_print_flags(pte_t pte);

#endif
