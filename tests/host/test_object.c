/* tests/host/test_object.c - host unit tests of kmemcheck's object records and lookup. */
#include <stdint.h>

#include "kernel/mmu.h"
#include "kmemcheck/object.h"
#include "kmemcheck/stackdepot.h"
#include "mm/heap.h"
#include "mm/memlayout.h"
#include "tests/host/harness.h"
#include "tests/host/host_pages.h"

/* Three heap pages: a slab of 64-byte slots, then a large object's two. */
#define SLAB		(HEAP_START + 0x100000u)
#define LARGE		(SLAB + PAGE_SIZE)
#define RZ		8	/* objects start after their red zone */

/* The heap's answer, as mm/heap.c gives it for this layout. */
uint32_t heap_size_class(uint32_t addr)
{
	return addr >= SLAB && addr < SLAB + PAGE_SIZE ? 64 : 0;
}

static void setup(void)
{
	if (kmemcheck_object_page_add(SLAB) ||
	    kmemcheck_object_page_add(LARGE) ||
	    kmemcheck_object_page_add(LARGE + PAGE_SIZE))
		host_fail("no pages for the records");
}

static void teardown(void)
{
	kmemcheck_object_page_remove(SLAB);
	kmemcheck_object_page_remove(LARGE);
	kmemcheck_object_page_remove(LARGE + PAGE_SIZE);
	if (kmemcheck_object_page_count() || host_pages_live)
		host_fail("%u record pages, %d host pages left",
			  kmemcheck_object_page_count(), host_pages_live);
}

/* addr is found in or next to the object at start. */
static void expect(uint32_t addr, uint32_t start, uint32_t size,
		   uint8_t state)
{
	struct kmemcheck_object o;

	if (!kmemcheck_object_find(addr, &o)) {
		host_fail("0x%x: no object, want the one at 0x%x", addr, start);
		return;
	}
	if (o.start != start || o.size != size || o.state != state)
		host_fail("0x%x: object at 0x%x of %u bytes state %u, want "
			  "0x%x of %u state %u", addr, o.start, o.size, o.state,
			  start, size, state);
}

static void expect_none(uint32_t addr)
{
	struct kmemcheck_object o;

	if (kmemcheck_object_find(addr, &o))
		host_fail("0x%x: object at 0x%x, want none", addr, o.start);
}

/* Inside, in either red zone and in the slack: the slot's own object. */
static void test_slot_owner(void)
{
	setup();
	kmemcheck_object_alloc(SLAB + 64 + RZ, 20, 0x1000);
	expect(SLAB + 64 + RZ + 5, SLAB + 64 + RZ, 20, KMEMCHECK_OBJECT_LIVE);
	expect(SLAB + 64, SLAB + 64 + RZ, 20, KMEMCHECK_OBJECT_LIVE);
	expect(SLAB + 64 + RZ + 20, SLAB + 64 + RZ, 20, KMEMCHECK_OBJECT_LIVE);
	expect(SLAB + 127, SLAB + 64 + RZ, 20, KMEMCHECK_OBJECT_LIVE);
	/* A free slot on either side: the object is the nearest. */
	expect(SLAB + 10, SLAB + 64 + RZ, 20, KMEMCHECK_OBJECT_LIVE);
	expect(SLAB + 130, SLAB + 64 + RZ, 20, KMEMCHECK_OBJECT_LIVE);
	teardown();
	host_finish("slot_owner");
}

/* A free slot between two objects: the nearer one, by their ends. */
static void test_nearest_between_two(void)
{
	setup();
	kmemcheck_object_alloc(SLAB + RZ, 40, 0x1000);
	kmemcheck_object_alloc(SLAB + 128 + RZ, 16, 0x2000);
	expect(SLAB + 64 + 2, SLAB + RZ, 40, KMEMCHECK_OBJECT_LIVE);
	expect(SLAB + 64 + 60, SLAB + 128 + RZ, 16, KMEMCHECK_OBJECT_LIVE);
	teardown();
	host_finish("nearest_between_two");
}

static void test_free_and_release(void)
{
	struct kmemcheck_object o;

	setup();
	kmemcheck_object_alloc(SLAB + RZ, 40, 0x1000);
	kmemcheck_object_free(SLAB + RZ, 0x2000);
	if (!kmemcheck_object_find(SLAB + RZ, &o) ||
	    o.state != KMEMCHECK_OBJECT_FREED || o.alloc_stack != 0x1000 ||
	    o.free_stack != 0x2000)
		host_fail("freed object: state %u, stacks 0x%x 0x%x", o.state,
			  o.alloc_stack, o.free_stack);
	/* The heap releases the whole slot, red zones included. */
	kmemcheck_object_release(SLAB, 64);
	expect_none(SLAB + RZ);
	/* A new object there is live with fresh stacks. */
	kmemcheck_object_alloc(SLAB + RZ, 8, 0x3000);
	if (!kmemcheck_object_find(SLAB + RZ, &o) ||
	    o.free_stack != KMEMCHECK_DEPOT_NONE || o.alloc_stack != 0x3000)
		host_fail("reused slot kept the old free stack");
	teardown();
	host_finish("free_and_release");
}

/* krealloc shrinking releases the tail: the object is cut there. */
static void test_shrink(void)
{
	setup();
	kmemcheck_object_alloc(SLAB + RZ, 40, 0x1000);
	kmemcheck_object_release(SLAB + RZ + 10, 30);
	expect(SLAB + RZ + 12, SLAB + RZ, 10, KMEMCHECK_OBJECT_LIVE);
	teardown();
	host_finish("shrink");
}

/* A large object is found from any of its pages, and past its end. */
static void test_large(void)
{
	setup();
	kmemcheck_object_alloc(LARGE + RZ, 6000, 0x1000);
	expect(LARGE + 100, LARGE + RZ, 6000, KMEMCHECK_OBJECT_LIVE);
	expect(LARGE + PAGE_SIZE + 500, LARGE + RZ, 6000,
	       KMEMCHECK_OBJECT_LIVE);
	expect(LARGE + 2 * PAGE_SIZE - 1, LARGE + RZ, 6000,
	       KMEMCHECK_OBJECT_LIVE);
	expect(LARGE + 2, LARGE + RZ, 6000, KMEMCHECK_OBJECT_LIVE);
	kmemcheck_object_page_remove(LARGE + PAGE_SIZE);
	expect_none(LARGE + PAGE_SIZE + 500);	/* untracked page */
	kmemcheck_object_page_add(LARGE + PAGE_SIZE);
	teardown();
	host_finish("large");
}

static void test_outside(void)
{
	setup();
	expect_none(SLAB + 100);	/* nothing allocated */
	expect_none(HEAP_START - 4);
	expect_none(HEAP_END);
	kmemcheck_object_alloc(HEAP_START - 16, 8, 1);	/* ignored */
	teardown();
	host_finish("outside");
}

int main(void)
{
	test_slot_owner();
	test_nearest_between_two();
	test_free_and_release();
	test_shrink();
	test_large();
	test_outside();
	return host_summary();
}
