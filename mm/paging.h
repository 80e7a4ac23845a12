/* mm/paging.h - the page directory, page tables and the TLB. */
#ifndef MM_PAGING_H
#define MM_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/mmu.h"
#include "kernel/x86.h"
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
/* The boot CPU's page directory. */
extern pde_t kernel_pgdir[PT_ENTRIES];

/* Page directories: one per CPU (paging.c says why). */
#define PAGING_MAX_DIRS		8

/*
 * The PTE of va in this CPU's page directory, or NULL when no page table
 * covers it. Inline: the kmemcheck fault path walks it on every tracked
 * access. CR3 holds the directory's physical address, and page tables
 * and directories live in identity-mapped frames (paging.c checks that
 * when it makes one), so a physical address is where its table is.
 */
static inline pte_t *paging_lookup(uint32_t va)
{
	pde_t pde = ((const pde_t *)(uintptr_t)(rcr3() & PTE_ADDR_MASK))
		[PDX(va)];

	if (!(pde & PTE_P))
		return NULL;
	return (pte_t *)(uintptr_t)(pde & PTE_ADDR_MASK) + PTX(va);
}
/* The PTE of va in directory dir (0: the boot CPU's), or NULL. A heap
   page has one PTE in each directory; any other page one for all. */
pte_t *paging_lookup_in(unsigned int dir, uint32_t va);
unsigned int paging_nr_dirs(void);
/* A page directory for another CPU: the kernel's tables shared, the
   heap's copied. NULL when none is left. Called before that CPU runs. */
pde_t *paging_new_cpu_dir(void);
/* Drops va from every CPU's TLB. */
void paging_flush(uint32_t va);
/* Every other CPU's TLB loses every page. */
void paging_flush_others_all(void);
/* How the flushes reach the other CPUs (kernel/smp.c): fn(va) flushes
   va on each of them, or everything for PAGING_FLUSH_ALL. */
#define PAGING_FLUSH_ALL	0xffffffffu	/* never a page's address */
void paging_set_flush_others(void (*fn)(uint32_t va));
/* The identity-mapped alias of the byte mapped at va, present or not:
   the same memory, reached without the PTE of va. NULL when unmapped. */
uint8_t *paging_alias(uint32_t va);
/* The identity-mapped address of a physical address; panics on one that
   is not mapped that way. */
void *phys_to_virt(physaddr_t pa);
physaddr_t paging_direct_top(void);

#endif
