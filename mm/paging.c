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

/*
 * Every CPU's page directory; [0] is kernel_pgdir, the boot CPU's. They
 * share every page table but the heap's: each CPU has page tables of its
 * own for the heap, copies kept equal except for the present bit of pages
 * kmemcheck hides. So kmemcheck shows a page for one CPU's single step in
 * that CPU's copy alone, and every other CPU still faults on it.
 */
static pde_t *dirs[PAGING_MAX_DIRS] = { kernel_pgdir };
static unsigned int nr_dirs = 1;

static bool is_heap(uint32_t va)
{
	return va - HEAP_START < HEAP_END - HEAP_START;
}

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

/* The page table covering va in dir, or NULL. Page tables live in
   identity-mapped frames, so they are reachable as is. */
static pte_t *table_in(pde_t *dir, uint32_t va)
{
	pde_t pde = dir[PDX(va)];

	return pde & PTE_P ? phys_to_virt(pde & PTE_ADDR_MASK) : NULL;
}

static physaddr_t new_table(void)
{
	physaddr_t pa = frame_alloc();

	if (pa)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

/*
 * The page table covering va, made on demand, in every directory: the
 * heap's tables are all made at boot (paging_init) and copied for each
 * CPU (paging_new_cpu_dir), so a table made later is never the heap's and
 * one table serves every CPU.
 */
static pte_t *page_table(uint32_t va)
{
	pte_t *pt = table_in(kernel_pgdir, va);
	physaddr_t pa;
	unsigned int i;

	if (pt)
		return pt;
	pa = new_table();
	if (!pa)
		return NULL;
	/* Permissions are checked at both levels; the PDE allows all and the
	   PTEs decide (SDM Vol. 3A, 4.6.1). */
	for (i = 0; i < nr_dirs; i++)
		dirs[i][PDX(va)] = pa | PTE_P | PTE_W;
	return phys_to_virt(pa);
}

unsigned int paging_nr_dirs(void)
{
	return nr_dirs;
}

pte_t *paging_lookup_in(unsigned int dir, uint32_t va)
{
	pte_t *pt = table_in(dirs[dir], va);

	return pt ? &pt[PTX(va)] : NULL;
}

uint8_t *paging_alias(uint32_t va)
{
	pte_t *pte = paging_lookup(va);

	if (!pte || !(*pte & (PTE_P | PTE_HIDDEN)))
		return NULL;
	return (uint8_t *)phys_to_virt(*pte & PTE_ADDR_MASK) + PGOFF(va);
}

/* Mapping and unmapping take no lock of their own: after boot the heap
   maps and unmaps its pages under its lock (mm/heap.c), and everything
   else is mapped at boot, before the other CPUs run. */
int paging_map(uint32_t va, physaddr_t pa, uint32_t flags)
{
	pte_t *pt = page_table(va);
	unsigned int i, n = is_heap(va) ? nr_dirs : 1;

	if (!pt || (pt[PTX(va)] & (PTE_P | PTE_HIDDEN)))
		return -1;
	/* A heap page goes into every CPU's copy of its table. The entry
	   was not present, so no TLB holds it (SDM Vol. 3A, 4.10.4.3). */
	for (i = 0; i < n; i++)
		*paging_lookup_in(i, va) = (pa & PTE_ADDR_MASK) | flags;
	return 0;
}

physaddr_t paging_unmap(uint32_t va)
{
	pte_t *pte = paging_lookup_in(0, va);
	unsigned int i, n = is_heap(va) ? nr_dirs : 1;
	physaddr_t pa;

	if (!pte || !(*pte & (PTE_P | PTE_HIDDEN)))
		return 0;
	pa = *pte & PTE_ADDR_MASK;
	for (i = 0; i < n; i++)
		*paging_lookup_in(i, va) = 0;
	paging_flush(va);
	return pa;
}

/* Every CPU's TLB loses va: this CPU's by invlpg, the others' through
   the hook smp_init installs (an IPI to each, which invlpg there too). */
static void (*flush_others)(uint32_t va);

void paging_flush(uint32_t va)
{
	invlpg(va);
	if (flush_others && nr_dirs > 1)
		flush_others(va);
}

void paging_flush_others_all(void)
{
	if (flush_others && nr_dirs > 1)
		flush_others(PAGING_FLUSH_ALL);
}

void paging_set_flush_others(void (*fn)(uint32_t va))
{
	flush_others = fn;
}

pde_t *paging_new_cpu_dir(void)
{
	physaddr_t pa;
	pde_t *dir;
	uint32_t va;

	if (nr_dirs == PAGING_MAX_DIRS || !(pa = new_table()))
		return NULL;
	dir = phys_to_virt(pa);
	memcpy(dir, kernel_pgdir, PAGE_SIZE);
	/* The heap's tables as they are now: hidden pages hidden. */
	for (va = HEAP_START; is_heap(va); va += PT_ENTRIES * PAGE_SIZE) {
		physaddr_t t = new_table();

		if (!t)
			return NULL;
		memcpy(phys_to_virt(t), table_in(kernel_pgdir, va), PAGE_SIZE);
		dir[PDX(va)] = t | PTE_P | PTE_W;
	}
	dirs[nr_dirs++] = dir;
	return dir;
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
	/* The heap's page tables, all made now, so that each CPU can have
	   copies of its own (paging_new_cpu_dir). */
	for (va = HEAP_START; is_heap(va); va += PT_ENTRIES * PAGE_SIZE)
		if (!page_table(va))
			panic("paging_init: no frame for the heap's page table "
			      "at %08x", va);

	lcr3((uint32_t)kernel_pgdir);
	/* WP makes read-only pages read-only for ring 0 too (SDM Vol. 3A,
	   4.6.1): a stray write into kernel text faults. */
	lcr0(rcr0() | CR0_PG | CR0_WP);
	gdt_set_double_fault_cr3((uint32_t)kernel_pgdir);
}
