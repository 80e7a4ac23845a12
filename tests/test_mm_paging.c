/* tests/test_mm_paging.c - map, look up, unmap; unmapped pages fault. */
#include "kernel/extable.h"
#include "kernel/mmu.h"
#include "mm/frame.h"
#include "mm/memlayout.h"
#include "mm/paging.h"
#include "tests/ktest.h"

/* Far from the identity map and the heap: nothing else maps here. */
#define TEST_VA		0xe0000000u

extern uint8_t _text_start[];

KTEST(paging_map_write_unmap)
{
	volatile uint32_t *p = (volatile uint32_t *)TEST_VA;
	struct extable_fault f;
	physaddr_t pa = frame_alloc();
	pte_t *pte;

	KEXPECT(pa != 0);
	if (!pa)
		return;
	KEXPECT_EQ(paging_map(TEST_VA, pa, PTE_P | PTE_W), 0);
	pte = paging_lookup(TEST_VA);
	KEXPECT(pte != NULL);
	if (!pte)
		return;
	KEXPECT_EQ(*pte & PTE_ADDR_MASK, pa);
	KEXPECT_EQ(*pte & (PTE_P | PTE_W | PTE_U), PTE_P | PTE_W);

	/* Both views of the frame see the same bytes. */
	p[0] = 0x12345678;
	p[PAGE_SIZE / 4 - 1] = 0x9abcdef0;
	KEXPECT_EQ(p[0], 0x12345678);
	KEXPECT_EQ(*(uint32_t *)phys_to_virt(pa), 0x12345678);
	KEXPECT_EQ(((uint32_t *)phys_to_virt(pa))[PAGE_SIZE / 4 - 1],
		   0x9abcdef0);
	KEXPECT(*pte & PTE_A);
	KEXPECT(*pte & PTE_D);
	KEXPECT_EQ(probe_read8((const void *)(TEST_VA + 5), NULL), -1);

	/* A second mapping of the same page is refused. */
	KEXPECT_EQ(paging_map(TEST_VA, pa, PTE_P | PTE_W), -1);

	KEXPECT_EQ(paging_unmap(TEST_VA), pa);
	KEXPECT_EQ(*pte, 0);
	/* The TLB must have forgotten it too. */
	KEXPECT_EQ(probe_read8((const void *)TEST_VA, &f), VEC_PF);
	KEXPECT_EQ(f.cr2, TEST_VA);
	KEXPECT_EQ(f.error_code, 0);
	KEXPECT_EQ(probe_write8((void *)(TEST_VA + 0x123), 1, &f), VEC_PF);
	KEXPECT_EQ(f.cr2, TEST_VA + 0x123);
	KEXPECT_EQ(f.error_code, PF_ERR_W);
	KEXPECT_EQ(paging_unmap(TEST_VA), 0);
	KEXPECT_EQ(frame_free(pa), 0);
}

/* A read-only mapping can be read, and a write to it faults: CR0.WP holds
   in ring 0 too. */
KTEST(paging_read_only)
{
	struct extable_fault f;
	physaddr_t pa = frame_alloc();

	KEXPECT(pa != 0);
	if (!pa)
		return;
	*(volatile uint8_t *)phys_to_virt(pa) = 0x5a;
	KEXPECT_EQ(paging_map(TEST_VA, pa, PTE_P), 0);
	KEXPECT_EQ(*(volatile uint8_t *)TEST_VA, 0x5a);
	KEXPECT_EQ(probe_write8((void *)TEST_VA, 0xa5, &f), VEC_PF);
	KEXPECT_EQ(f.error_code, PF_ERR_P | PF_ERR_W);
	KEXPECT_EQ(f.cr2, TEST_VA);
	KEXPECT_EQ(*(volatile uint8_t *)phys_to_virt(pa), 0x5a);
	KEXPECT_EQ(paging_unmap(TEST_VA), pa);
	KEXPECT_EQ(frame_free(pa), 0);
}

/* The layout paging_init promised (mm/memlayout.h). */
KTEST(paging_kernel_layout)
{
	pte_t *pte;

	pte = paging_lookup(0);
	KEXPECT(pte == NULL || !(*pte & PTE_P));
	pte = paging_lookup((uint32_t)_text_start);
	KEXPECT(pte != NULL && (*pte & PTE_P) && !(*pte & PTE_W));
	pte = paging_lookup(LOW_MEMORY_END - PAGE_SIZE);
	KEXPECT(pte != NULL && (*pte & PTE_P) && (*pte & PTE_W));
	/* Identity mapped below the top, and nothing above it. */
	pte = paging_lookup(paging_direct_top() - PAGE_SIZE);
	KEXPECT(pte != NULL);
	if (pte)
		KEXPECT_EQ(*pte & PTE_ADDR_MASK,
			   paging_direct_top() - PAGE_SIZE);
	pte = paging_lookup(paging_direct_top());
	KEXPECT(pte == NULL || !(*pte & PTE_P));
	KEXPECT_EQ(paging_unmap(HEAP_END), 0);
}
