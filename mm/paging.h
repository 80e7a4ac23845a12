/* mm/paging.h - the page directory, page tables and the TLB. */
#ifndef MM_PAGING_H
#define MM_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mmu.h"
#include "mm/frame.h"

typedef uint32_t pte_t;
typedef uint32_t pde_t;

/* Identity-maps RAM below direct_top (kernel text and rodata read-only,
   page 0 and the boot stack's guard page left out) and turns paging on. */
void paging_init(physaddr_t direct_top);
/* Maps one page; 0, or -1 when it is mapped already or no frame is left
   for a page table. */
int paging_map(uint32_t va, physaddr_t pa, uint32_t flags);
/* Maps [pa, pa + len) into a window of its own (mm/memlayout.h) with flags
   (PTE_P, PTE_W, PTE_PCD ...) and returns its address there: firmware
   tables above the identity map or in page 0, device registers. */
void *paging_map_phys(physaddr_t pa, uint32_t len, uint32_t flags);
/* Unmaps one page and returns the frame it mapped, or 0. */
physaddr_t paging_unmap(uint32_t va);
/* The page directory, for the lookup below. */
extern pde_t kernel_pgdir[PT_ENTRIES];

/*
 * The PTE of va, or NULL when no page table covers it. Inline: the
 * kmemcheck fault path walks it on every tracked access. Page tables live
 * in identity-mapped frames (page_table() in paging.c checks that when it
 * makes one), so a PDE's frame address is where its table is.
 */
static inline pte_t *paging_lookup(uint32_t va)
{
	pde_t pde = kernel_pgdir[PDX(va)];

	if (!(pde & PTE_P))
		return NULL;
	return (pte_t *)(uintptr_t)(pde & PTE_ADDR_MASK) + PTX(va);
}
/* The identity-mapped alias of the byte mapped at va, present or not:
   the same memory, reached without the PTE of va. NULL when unmapped. */
uint8_t *paging_alias(uint32_t va);
/* The identity-mapped address of a physical address; panics on one that
   is not mapped that way. */
void *phys_to_virt(physaddr_t pa);
physaddr_t paging_direct_top(void);

#endif
