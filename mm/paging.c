/* mm/paging.c - the page directory, page tables and the TLB. */
#include <stdbool.h>
#include <stddef.h>

#include "kernel/gdt.h"
#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "mm/memlayout.h"
#include "mm/paging.h"

extern uint8_t _text_start[], _rodata_end[];

pde_t kernel_pgdir[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static physaddr_t direct_top;

void *phys_to_virt(physaddr_t pa)
{
	if (pa >= direct_top)
		panic("phys_to_virt: %08x is above the identity map (%08x)",
		      pa, direct_top);
	return (void *)pa;
}

physaddr_t paging_direct_top(void)
{
	return direct_top;
}

/* The page table covering va, made on demand when create is set. Page
   tables live in identity-mapped frames, so they are reachable as is. */
static pte_t *page_table(uint32_t va, bool create)
{
	pde_t *pde = &kernel_pgdir[PDX(va)];
	physaddr_t pa;

	if (*pde & PTE_P)
		return phys_to_virt(*pde & PTE_ADDR_MASK);
	if (!create)
		return NULL;
	pa = frame_alloc();
	if (!pa)
		return NULL;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	/* Permissions are checked at both levels; the PDE allows all and the
	   PTEs decide (SDM Vol. 3A, 4.6.1). */
	*pde = pa | PTE_P | PTE_W;
	return phys_to_virt(pa);
}

uint8_t *paging_alias(uint32_t va)
{
	pte_t *pte = paging_lookup(va);

	if (!pte || !(*pte & (PTE_P | PTE_HIDDEN)))
		return NULL;
	return (uint8_t *)phys_to_virt(*pte & PTE_ADDR_MASK) + PGOFF(va);
}

int paging_map(uint32_t va, physaddr_t pa, uint32_t flags)
{
	pte_t *pt = page_table(va, true);

	if (!pt || (pt[PTX(va)] & (PTE_P | PTE_HIDDEN)))
		return -1;
	pt[PTX(va)] = (pa & PTE_ADDR_MASK) | flags;
	invlpg(va);
	return 0;
}

physaddr_t paging_unmap(uint32_t va)
{
	pte_t *pte = paging_lookup(va);
	physaddr_t pa;

	if (!pte || !(*pte & (PTE_P | PTE_HIDDEN)))
		return 0;
	pa = *pte & PTE_ADDR_MASK;
	*pte = 0;
	invlpg(va);
	return pa;
}

/* Firmware tables and device registers may lie anywhere in the 4 GiB: each
   call takes fresh pages of the window, for good (boot-time uses only). */
void *paging_map_phys(physaddr_t pa, uint32_t len, uint32_t flags)
{
	static uint32_t next = IOMAP_START;
	physaddr_t first = PAGE_ROUND_DOWN(pa);
	uint32_t pages = (PAGE_ROUND_UP(pa + len) - first) / PAGE_SIZE;
	uint32_t va = next, i;

	if (pages > (IOMAP_END - next) / PAGE_SIZE)
		panic("paging_map_phys: no room in the window for %u pages "
		      "at %08x", pages, pa);
	for (i = 0; i < pages; i++)
		if (paging_map(va + i * PAGE_SIZE, first + i * PAGE_SIZE,
			       flags) < 0)
			panic("paging_map_phys: no page table for %08x",
			      va + i * PAGE_SIZE);
	next += pages * PAGE_SIZE;
	return (void *)(va + PGOFF(pa));
}

void paging_init(physaddr_t top)
{
	uint32_t va;

	direct_top = top;
	for (va = PAGE_SIZE; va < top; va += PAGE_SIZE) {
		uint32_t flags = PTE_P | PTE_W;

		if (va == (uint32_t)boot_stack_guard ||
		    va == (uint32_t)df_stack_guard)
			continue;
		if (va >= (uint32_t)_text_start && va < (uint32_t)_rodata_end)
			flags = PTE_P;
		if (paging_map(va, va, flags) < 0)
			panic("paging_init: no frame for the page table of %08x",
			      va);
	}

	lcr3((uint32_t)kernel_pgdir);
	/* WP makes read-only pages read-only for ring 0 too (SDM Vol. 3A,
	   4.6.1): a stray write into kernel text faults. */
	lcr0(rcr0() | CR0_PG | CR0_WP);
	gdt_set_double_fault_cr3((uint32_t)kernel_pgdir);
}
