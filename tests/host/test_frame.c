/* tests/host/test_frame.c - host unit tests of the physical frame allocator. */
#include <stdint.h>
#include <stdlib.h>

#include "kernel/mmu.h"
#include "mm/frame.h"
#include "mm/memlayout.h"
#include "tests/host/harness.h"

#define MAX_FRAMES	(DIRECT_MAX / PAGE_SIZE)

static void expect_counts(uint32_t free_count, uint32_t total)
{
	if (frame_free_count() != free_count || frame_total_count() != total)
		host_fail("free %u total %u, want free %u total %u",
			  frame_free_count(), frame_total_count(), free_count,
			  total);
}

/*
 * Allocates until frame_alloc() returns 0, checking every address it gives:
 * page aligned, in [1 frame, limit), never twice. Returns how many it gave
 * and leaves them in out[] when out is not NULL.
 */
static uint32_t drain(physaddr_t limit, physaddr_t *out, uint32_t max)
{
	uint8_t *seen = calloc(MAX_FRAMES, 1);
	uint32_t n = 0;
	physaddr_t pa;

	while ((pa = frame_alloc()) != 0) {
		if (pa % PAGE_SIZE || pa < PAGE_SIZE || pa >= limit) {
			host_fail("frame_alloc gave 0x%x (limit 0x%x)", pa,
				  limit);
			break;
		}
		if (seen[pa / PAGE_SIZE]++) {
			host_fail("frame 0x%x given twice", pa);
			break;
		}
		if (out && n < max)
			out[n] = pa;
		if (++n > MAX_FRAMES) {
			host_fail("more frames than exist");
			break;
		}
	}
	free(seen);
	return n;
}

static void test_init(void)
{
	frame_init(16u << 20);
	expect_counts(0, 0);
	if (frame_alloc() != 0)
		host_fail("a frame before any was added");
	if (frame_free(0x5000) != -1)
		host_fail("freed a frame never added");
	host_finish("init_everything_in_use");

	frame_init(16u << 20);
	frame_add_free(0x100000, 0x200000);
	frame_init(16u << 20);
	expect_counts(0, 0);
	if (frame_alloc() != 0)
		host_fail("a frame survived frame_init");
	host_finish("init_forgets_previous_state");
}

static void test_add_free(void)
{
	physaddr_t got[4] = { 0 };
	uint32_t n;

	frame_init(16u << 20);
	frame_add_free(0x1001, 0x5fff);
	expect_counts(3, 3);
	n = drain(16u << 20, got, 4);
	if (n != 3)
		host_fail("gave %u frames, want 3", n);
	if (got[0] != 0x2000 || got[1] != 0x3000 || got[2] != 0x4000)
		host_fail("gave 0x%x 0x%x 0x%x, want 0x2000 0x3000 0x4000",
			  got[0], got[1], got[2]);
	host_finish("add_free_rounds_inwards");

	frame_init(16u << 20);
	frame_add_free(0x1000, 0x3000);
	expect_counts(2, 2);
	host_finish("add_free_aligned_edges");

	frame_init(16u << 20);
	frame_add_free(0x1001, 0x1fff);
	frame_add_free(0x3000, 0x3000);
	frame_add_free(0x5000, 0x4000);
	expect_counts(0, 0);
	host_finish("add_free_less_than_a_frame_adds_none");

	frame_init(16u << 20);
	frame_add_free(0x10000, 0x20000);
	frame_add_free(0x18000, 0x28000);
	expect_counts(24, 24);
	host_finish("add_free_overlap_counted_once");

	frame_init(0x10000);
	frame_add_free(0x8000, 0x100000);
	frame_add_free(0x100000000ull, 0x200000000ull);
	expect_counts(8, 8);
	if (drain(0x10000, NULL, 0) != 8)
		host_fail("frames beyond the limit given out");
	host_finish("add_free_clipped_at_limit");
}

static void test_frame_zero(void)
{
	frame_init(16u << 20);
	frame_add_free(0, 0x4000);
	expect_counts(3, 3);
	if (drain(16u << 20, NULL, 0) != 3)
		host_fail("wrong number of frames");
	if (frame_free(0) != -1)
		host_fail("frame_free(0) accepted");
	expect_counts(0, 3);
	host_finish("frame_zero_never_given_out");
}

static void test_reserve(void)
{
	uint8_t *seen = calloc(16, 1);
	physaddr_t pa;

	frame_init(16u << 20);
	frame_add_free(0x1000, 0x10000);
	frame_reserve(0x2fff, 0x4001);
	expect_counts(12, 12);
	while ((pa = frame_alloc()) != 0)
		if (pa < 0x10000)
			seen[pa / PAGE_SIZE] = 1;
	if (seen[2] || seen[3] || seen[4])
		host_fail("a reserved frame was given out");
	if (!seen[1] || !seen[5] || !seen[15])
		host_fail("a frame next to the reserved range was lost");
	free(seen);
	host_finish("reserve_rounds_outwards");

	frame_init(16u << 20);
	frame_add_free(0x1000, 0x10000);
	frame_reserve(0x2000, 0x4000);
	frame_reserve(0x3000, 0x5000);
	frame_reserve(0x20000, 0x30000);
	frame_reserve(0x6000, 0x6000);
	expect_counts(12, 12);
	host_finish("reserve_counts_each_free_frame_once");

	frame_init(DIRECT_MAX);
	frame_add_free(0, DIRECT_MAX);
	frame_reserve(DIRECT_MAX - 0x2000, 0x100000000ull);
	expect_counts(MAX_FRAMES - 3, MAX_FRAMES - 3);
	host_finish("reserve_end_above_4g");

	frame_init(16u << 20);
	frame_add_free(0x1000, 0x4000);
	frame_reserve(0x2000, 0x3000);
	if (frame_free(0x2000) != -1)
		host_fail("a reserved frame was freed into the pool");
	expect_counts(2, 2);
	host_finish("free_reserved_frame_fails");
}

static void test_exhaustion(void)
{
	physaddr_t got[8];
	uint32_t i;

	frame_init(16u << 20);
	frame_add_free(0x40000, 0x48000);
	if (drain(16u << 20, got, 8) != 8)
		host_fail("did not give all 8 frames");
	expect_counts(0, 8);
	if (frame_alloc() != 0)
		host_fail("alloc after exhaustion did not return 0");
	for (i = 0; i < 8; i++)
		if (frame_free(got[i]) != 0)
			host_fail("freeing 0x%x failed", got[i]);
	expect_counts(8, 8);
	if (drain(16u << 20, NULL, 0) != 8)
		host_fail("frames lost after freeing them all");
	host_finish("exhaustion_then_free_restores_counts");
}

static void test_bad_free(void)
{
	physaddr_t pa;

	frame_init(16u << 20);
	frame_add_free(0x1000, 0x10000);
	pa = frame_alloc();
	if (frame_free(pa) != 0)
		host_fail("first free failed");
	if (frame_free(pa) != -1)
		host_fail("double free accepted");
	expect_counts(15, 15);
	host_finish("double_free_fails");

	frame_init(16u << 20);
	frame_add_free(0x1000, 0x10000);
	pa = frame_alloc();
	if (frame_free(pa == 0x1000 ? 0x2000 : 0x1000) != -1)
		host_fail("free of a never allocated frame accepted");
	if (frame_free(pa + 1) != -1 || frame_free(pa + PAGE_SIZE - 1) != -1)
		host_fail("unaligned free accepted");
	if (frame_free(16u << 20) != -1 || frame_free(0xfffff000u) != -1)
		host_fail("free beyond the limit accepted");
	expect_counts(14, 15);
	if (frame_free(pa) != 0)
		host_fail("the allocated frame could not be freed");
	expect_counts(15, 15);
	host_finish("free_of_unallocated_or_bad_address_fails");
}

static void test_reuse(void)
{
	physaddr_t got[4], pa;

	frame_init(16u << 20);
	frame_add_free(0x100000, 0x104000);
	drain(16u << 20, got, 4);
	if (frame_free(got[2]) != 0)
		host_fail("free failed");
	pa = frame_alloc();
	if (pa != got[2])
		host_fail("alloc gave 0x%x, want the freed 0x%x", pa, got[2]);
	if (frame_alloc() != 0)
		host_fail("one more frame than freed");
	host_finish("alloc_after_free_reuses_frame");
}

static void test_limits(void)
{
	frame_init(0xffffffffu);
	frame_add_free(0, 0x200000000ull);
	expect_counts(MAX_FRAMES - 1, MAX_FRAMES - 1);
	if (drain(DIRECT_MAX, NULL, 0) != MAX_FRAMES - 1)
		host_fail("did not give every frame below DIRECT_MAX");
	if (frame_free(DIRECT_MAX) != -1)
		host_fail("freed the frame at DIRECT_MAX");
	if (frame_free(DIRECT_MAX - PAGE_SIZE) != 0)
		host_fail("the last frame was not allocated");
	expect_counts(1, MAX_FRAMES - 1);
	host_finish("limit_clamped_to_direct_max");

	/* A limit that ends inside a bitmap word. */
	frame_init(0x5000 + 0x123);
	frame_add_free(0, DIRECT_MAX);
	expect_counts(4, 4);
	if (drain(0x5000, NULL, 0) != 4)
		host_fail("wrong number of frames");
	host_finish("limit_inside_a_bitmap_word");
}

int main(void)
{
	test_init();
	test_add_free();
	test_frame_zero();
	test_reserve();
	test_exhaustion();
	test_bad_free();
	test_reuse();
	test_limits();
	return host_summary();
}
