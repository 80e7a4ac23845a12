/* tests/test_mm_frame.c - the frame allocator: alloc, free, exhaustion. */
#include "kernel/mmu.h"
#include "mm/frame.h"
#include "mm/paging.h"
#include "tests/ktest.h"

extern uint8_t _kernel_start[];

KTEST(frame_alloc_free)
{
	uint32_t before = frame_free_count();
	physaddr_t a = frame_alloc(), b = frame_alloc();

	KEXPECT(a != 0);
	KEXPECT(b != 0);
	KEXPECT(a != b);
	KEXPECT_EQ(PGOFF(a), 0);
	KEXPECT_EQ(PGOFF(b), 0);
	KEXPECT(a < paging_direct_top());
	KEXPECT_EQ(frame_free_count(), before - 2);
	KEXPECT_EQ(frame_free(a), 0);
	KEXPECT_EQ(frame_free(b), 0);
	KEXPECT_EQ(frame_free_count(), before);
	KEXPECT(frame_free_count() <= frame_total_count());
}

KTEST(frame_free_rejects_bad_frames)
{
	uint32_t before = frame_free_count();
	physaddr_t a = frame_alloc();

	KEXPECT(a != 0);
	KEXPECT_EQ(frame_free(a), 0);
	/* A double free must not count the frame twice. */
	KEXPECT_EQ(frame_free(a), -1);
	KEXPECT_EQ(frame_free_count(), before);
	/* Frame 0 is never handed out; nor is a misaligned address a frame. */
	KEXPECT_EQ(frame_free(0), -1);
	KEXPECT_EQ(frame_free(a + 4), -1);
	/* The kernel image is reserved, not allocated. */
	KEXPECT_EQ(frame_free((physaddr_t)_kernel_start), -1);
	KEXPECT_EQ(frame_free_count(), before);
}

/*
 * Takes every free frame, chaining them through their own identity-mapped
 * memory (first word: the previous frame) so that no other memory is
 * needed to remember them, then gives them all back. Nothing else may
 * allocate frames meanwhile: no heap use, no printk that could.
 */
KTEST(frame_exhaustion)
{
	uint32_t before = frame_free_count();
	uint32_t n = 0, freed = 0;
	physaddr_t head = 0, pa;

	while ((pa = frame_alloc()) != 0) {
		if (pa >= paging_direct_top()) {
			/* It cannot be chained (and is lost): stop here. */
			ktest_fail("frame %08x above the identity map", pa);
			break;
		}
		*(physaddr_t *)phys_to_virt(pa) = head;
		head = pa;
		n++;
	}
	KEXPECT_EQ(n, before);
	KEXPECT_EQ(frame_free_count(), 0);
	/* Stays empty: no frame appears from nowhere. */
	KEXPECT_EQ(frame_alloc(), 0);

	while (head) {
		pa = head;
		head = *(physaddr_t *)phys_to_virt(pa);
		if (frame_free(pa) == 0)
			freed++;
	}
	KEXPECT_EQ(freed, n);
	KEXPECT_EQ(frame_free_count(), before);

	pa = frame_alloc();
	KEXPECT(pa != 0);
	KEXPECT_EQ(frame_free(pa), 0);
}
