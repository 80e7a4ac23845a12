/* tests/host/test_origin.c - host unit tests of the origins of uninitialized bytes. */
#include <stdint.h>

#include "kernel/mmu.h"
#include "kmemcheck/origin.h"
#include "kmemcheck/shadow.h"
#include "kmemcheck/stackdepot.h"
#include "mm/memlayout.h"
#include "tests/host/harness.h"
#include "tests/host/host_pages.h"
#include "tests/host/host_stack.h"

#define PAGE_A		(HEAP_START + 0x80000u)
#define PAGE_B		(PAGE_A + PAGE_SIZE)

static uint32_t alloc_stack(uint32_t where)
{
	uint32_t w[2] = { where, 0x100000 };

	return kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, w, 2);
}

static void setup(void)
{
	kmemcheck_depot_init(4);
	if (kmemcheck_shadow_page_add(PAGE_A) || kmemcheck_origin_page_add(PAGE_A) ||
	    kmemcheck_shadow_page_add(PAGE_B) || kmemcheck_origin_page_add(PAGE_B))
		host_fail("no pages for the test");
}

static void teardown(void)
{
	kmemcheck_shadow_page_remove(PAGE_A);
	kmemcheck_origin_page_remove(PAGE_A);
	kmemcheck_shadow_page_remove(PAGE_B);
	kmemcheck_origin_page_remove(PAGE_B);
	kmemcheck_depot_init(0);
	if (kmemcheck_origin_page_count() || host_pages_live)
		host_fail("%u origin pages, %d host pages left",
			  kmemcheck_origin_page_count(), host_pages_live);
}

/* An object of n uninitialized bytes at addr, made at stack `where`. */
static uint32_t object(uint32_t addr, uint32_t n, uint32_t where)
{
	uint32_t o = alloc_stack(where);

	kmemcheck_shadow_set(addr, n, KMEMCHECK_SHADOW_UNINITIALIZED);
	kmemcheck_origin_set(addr, n, o);
	return o;
}

/* Copies like a MOVS at eip, shadow after origins as check.c does. */
static void copy(uint32_t dst, uint32_t src, uint32_t n, uint32_t eip)
{
	struct trap_frame tf = { .eip = eip };

	kmemcheck_origin_copy(dst, src, n, &tf);
	kmemcheck_shadow_copy(dst, src, n);
}

static void expect_link(uint32_t origin, uint32_t copy_eip,
			uint32_t want_previous)
{
	uint32_t stack, previous;
	enum kmemcheck_depot_kind kind;
	const uint32_t *w;

	if (!kmemcheck_origin_link(origin, &stack, &previous)) {
		host_fail("origin 0x%x is not a copy's link", origin);
		return;
	}
	if (previous != want_previous)
		host_fail("link 0x%x leads to 0x%x, want 0x%x", origin,
			  previous, want_previous);
	if (kmemcheck_depot_fetch(stack, &kind, &w) != 1 ||
	    kind != KMEMCHECK_DEPOT_TRAP || w[0] != copy_eip)
		host_fail("link 0x%x: the copy's stack is not at 0x%x", origin,
			  copy_eip);
}

static void test_granules(void)
{
	setup();
	kmemcheck_origin_set(PAGE_A + 5, 6, 77);	/* bytes 5..10 */
	if (kmemcheck_origin_get(PAGE_A + 3) != KMEMCHECK_DEPOT_NONE ||
	    kmemcheck_origin_get(PAGE_A + 4) != 77 ||
	    kmemcheck_origin_get(PAGE_A + 11) != 77 ||
	    kmemcheck_origin_get(PAGE_A + 12) != KMEMCHECK_DEPOT_NONE)
		host_fail("granules of bytes 5..10: %u %u %u %u",
			  kmemcheck_origin_get(PAGE_A + 3),
			  kmemcheck_origin_get(PAGE_A + 4),
			  kmemcheck_origin_get(PAGE_A + 11),
			  kmemcheck_origin_get(PAGE_A + 12));
	/* Across the page boundary, and nothing outside the heap. */
	kmemcheck_origin_set(PAGE_B - 2, 4, 78);
	if (kmemcheck_origin_get(PAGE_B - 4) != 78 ||
	    kmemcheck_origin_get(PAGE_B + 1) != 78)
		host_fail("a range across two pages set one of them");
	kmemcheck_origin_set(HEAP_START - 8, 16, 79);
	if (kmemcheck_origin_get(HEAP_START - 4) != KMEMCHECK_DEPOT_NONE)
		host_fail("an address below the heap has an origin");
	teardown();
	host_finish("granules");
}

static void test_one_copy(void)
{
	uint32_t a;

	setup();
	a = object(PAGE_A, 32, 0x1111);
	kmemcheck_shadow_set(PAGE_B, 32, KMEMCHECK_SHADOW_UNINITIALIZED);
	kmemcheck_origin_set(PAGE_B, 32, alloc_stack(0x2222));
	copy(PAGE_B + 8, PAGE_A + 4, 4, 0x3333);
	expect_link(kmemcheck_origin_get(PAGE_B + 8), 0x3333, a);
	if (kmemcheck_origin_get(PAGE_B + 12) != alloc_stack(0x2222))
		host_fail("a granule the copy did not touch changed");
	teardown();
	host_finish("one_copy");
}

static void test_two_chained_copies(void)
{
	uint32_t a, first;

	setup();
	a = object(PAGE_A, 16, 0x1111);
	object(PAGE_A + 64, 16, 0x2222);
	object(PAGE_B, 16, 0x4444);
	copy(PAGE_A + 64, PAGE_A, 4, 0x3333);
	first = kmemcheck_origin_get(PAGE_A + 64);
	copy(PAGE_B + 4, PAGE_A + 64, 4, 0x5555);
	expect_link(kmemcheck_origin_get(PAGE_B + 4), 0x5555, first);
	expect_link(first, 0x3333, a);
	teardown();
	host_finish("two_chained_copies");
}

/* Copying initialized bytes leaves origins alone and walks no stack:
   the common MOVS pays only for the shadow test. */
static void test_initialized_copy_is_cheap(void)
{
	uint32_t b;
	int saves;

	setup();
	kmemcheck_shadow_set(PAGE_A, 16, KMEMCHECK_SHADOW_INITIALIZED);
	b = object(PAGE_B, 16, 0x2222);
	saves = host_stack_saves;
	copy(PAGE_B, PAGE_A, 4, 0x3333);
	if (host_stack_saves != saves)
		host_fail("a copy of initialized bytes saved a stack");
	if (kmemcheck_origin_get(PAGE_B) != b)
		host_fail("a copy of initialized bytes changed the origin");
	teardown();
	host_finish("initialized_copy_is_cheap");
}

/* Freed and unallocated destinations keep their state, and so their
   origin; an untracked source gives nothing. */
static void test_destinations_that_keep_theirs(void)
{
	setup();
	object(PAGE_A, 16, 0x1111);
	kmemcheck_shadow_set(PAGE_B, 4, KMEMCHECK_SHADOW_FREED);
	kmemcheck_origin_set(PAGE_B, 4, 55);
	copy(PAGE_B, PAGE_A, 4, 0x3333);
	if (kmemcheck_origin_get(PAGE_B) != 55)
		host_fail("a freed destination took an origin");
	kmemcheck_shadow_set(PAGE_B + 8, 4, KMEMCHECK_SHADOW_UNINITIALIZED);
	kmemcheck_origin_set(PAGE_B + 8, 4, 56);
	copy(PAGE_B + 8, HEAP_END - PAGE_SIZE, 4, 0x3333);
	if (kmemcheck_origin_get(PAGE_B + 8) != 56)
		host_fail("an untracked source gave an origin");
	teardown();
	host_finish("destinations_that_keep_theirs");
}

/* A chain stops growing at its limit instead of filling the depot. */
static void test_chain_limit(void)
{
	uint32_t o, stack, previous, i, depth = 0;

	setup();
	object(PAGE_A, 8, 0x1111);
	object(PAGE_B, 8, 0x2222);
	for (i = 0; i < KMEMCHECK_ORIGIN_CHAIN_MAX + 4; i++) {
		copy(PAGE_B, PAGE_A, 4, 0x3000 + i);
		copy(PAGE_A, PAGE_B, 4, 0x4000 + i);
	}
	for (o = kmemcheck_origin_get(PAGE_A);
	     kmemcheck_origin_link(o, &stack, &previous); o = previous)
		depth++;
	if (depth != KMEMCHECK_ORIGIN_CHAIN_MAX)
		host_fail("chain of %u links, want %u", depth,
			  KMEMCHECK_ORIGIN_CHAIN_MAX);
	if (o != alloc_stack(0x1111))
		host_fail("the chain does not end at the allocation");
	teardown();
	host_finish("chain_limit");
}

/* memmove to a higher address copies backwards: every moved byte gets a
   link to its own source's origin, not to a link made by this copy. */
static void test_overlapping_copy(void)
{
	uint32_t a, stack, previous;

	setup();
	a = object(PAGE_A, 16, 0x1111);
	copy(PAGE_A + 4, PAGE_A, 8, 0x3333);
	if (!kmemcheck_origin_link(kmemcheck_origin_get(PAGE_A + 8), &stack,
				   &previous) || previous != a)
		host_fail("the upper granule links to 0x%x, want 0x%x",
			  previous, a);
	teardown();
	host_finish("overlapping_copy");
}

int main(void)
{
	test_granules();
	test_one_copy();
	test_two_chained_copies();
	test_initialized_copy_is_cheap();
	test_destinations_that_keep_theirs();
	test_chain_limit();
	test_overlapping_copy();
	return host_summary();
}
