/* mm/pte_flags.c - a page table entry's flags by name. */
#include "kernel/mmu.h"
#include "kernel/printk.h"
#include "mm/pte_flags.h"

/* In bit order, as the SDM's figure of a 4-KByte PTE draws them (Vol. 3A,
   4.3); PS is meaningful only in a PDE. */
static const struct {
	pte_t bit;
	const char *name;
} flags[] = {
	{ PTE_P, "P" }, { PTE_W, "W" }, { PTE_U, "U" }, { PTE_PWT, "PWT" },
	{ PTE_PCD, "PCD" }, { PTE_A, "A" }, { PTE_D, "D" }, { PTE_PS, "PS" },
	{ PTE_G, "G" }, { PTE_HIDDEN, "HIDDEN" },
};

void pte_print_flags(pte_t pte)
{
	unsigned int i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (pte & flags[i].bit)
			printk(" %s", flags[i].name);
}
