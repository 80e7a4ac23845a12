/* tests/host/test_stackdepot.c - host unit tests of the stack depot. */
#include <stdint.h>

#include "kernel/mmu.h"
#include "kmemcheck/stackdepot.h"
#include "tests/host/harness.h"
#include "tests/host/host_pages.h"

static const uint32_t stack_a[] = { 0x100123, 0x100456, 0x100789 };
static const uint32_t stack_b[] = { 0x100123, 0x100456, 0x10078a };

static void expect_words(uint32_t h, enum kmemcheck_depot_kind want_kind,
			 const uint32_t *want, unsigned int n)
{
	enum kmemcheck_depot_kind kind;
	const uint32_t *w;
	unsigned int got = kmemcheck_depot_fetch(h, &kind, &w), i;

	if (got != n || kind != want_kind) {
		host_fail("handle 0x%x: %u words of kind %d, want %u of %d", h,
			  got, (int)kind, n, (int)want_kind);
		return;
	}
	for (i = 0; i < n; i++)
		if (w[i] != want[i])
			host_fail("handle 0x%x word %u: 0x%x, want 0x%x", h, i,
				  w[i], want[i]);
}

static void test_same_stack_stored_once(void)
{
	struct kmemcheck_depot_stats st;
	uint32_t h1, h2;

	kmemcheck_depot_init(4);
	h1 = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_a, 3);
	h2 = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_a, 3);
	if (h1 <= KMEMCHECK_DEPOT_LOST || h1 != h2)
		host_fail("handles 0x%x and 0x%x for one stack", h1, h2);
	kmemcheck_depot_get_stats(&st);
	if (st.records != 1 || st.saves != 2 || st.lost)
		host_fail("%u records, %u saves, %u lost; want 1, 2, 0",
			  st.records, st.saves, st.lost);
	if (st.bytes_used == 0 || st.bytes_reserved != 4 * PAGE_SIZE)
		host_fail("%u bytes used of %u", st.bytes_used,
			  st.bytes_reserved);
	expect_words(h1, KMEMCHECK_DEPOT_STACK, stack_a, 3);
	host_finish("same_stack_stored_once");
}

static void test_distinct_stacks(void)
{
	uint32_t a, b, a2, t, shorter;

	kmemcheck_depot_init(4);
	a = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_a, 3);
	b = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_b, 3);
	/* Same words, other kind; a prefix of a stack: other records. */
	t = kmemcheck_depot_save(KMEMCHECK_DEPOT_TRAP, stack_a, 3);
	shorter = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_a, 2);
	a2 = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_a, 3);
	if (a == b || a == t || a == shorter || b == t || a2 != a)
		host_fail("handles a 0x%x b 0x%x trap 0x%x prefix 0x%x a 0x%x",
			  a, b, t, shorter, a2);
	expect_words(a, KMEMCHECK_DEPOT_STACK, stack_a, 3);
	expect_words(b, KMEMCHECK_DEPOT_STACK, stack_b, 3);
	expect_words(t, KMEMCHECK_DEPOT_TRAP, stack_a, 3);
	expect_words(shorter, KMEMCHECK_DEPOT_STACK, stack_a, 2);
	if (kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_a, 0) !=
	    KMEMCHECK_DEPOT_NONE)
		host_fail("an empty stack got a handle");
	host_finish("distinct_stacks");
}

/* Many stacks, whose hashes share buckets: each found again. */
static void test_many_stacks_found_again(void)
{
	uint32_t handles[3000], w[4];
	unsigned int i;

	kmemcheck_depot_init(KMEMCHECK_DEPOT_PAGES);
	for (i = 0; i < 3000; i++) {
		w[0] = 0x100000 + i * 16;
		w[1] = w[2] = w[3] = 0x200000;
		handles[i] = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, w, 4);
		if (handles[i] <= KMEMCHECK_DEPOT_LOST)
			host_fail("stack %u not kept", i);
	}
	for (i = 0; i < 3000 && !host_case_failed(); i++) {
		w[0] = 0x100000 + i * 16;
		w[1] = w[2] = w[3] = 0x200000;
		if (kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, w, 4) !=
		    handles[i])
			host_fail("stack %u got a second handle", i);
		expect_words(handles[i], KMEMCHECK_DEPOT_STACK, w, 4);
	}
	host_finish("many_stacks_found_again");
}

/* A full depot says so: a new stack is LOST, never another's handle,
   and stacks kept before are still found. */
static void test_exhaustion(void)
{
	struct kmemcheck_depot_stats st;
	uint32_t w[KMEMCHECK_DEPOT_MAX_WORDS], first, h;
	unsigned int i, kept = 0;

	kmemcheck_depot_init(1);
	for (i = 0; i < KMEMCHECK_DEPOT_MAX_WORDS; i++)
		w[i] = 0x100000 + i;
	first = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, w, 8);
	for (i = 1; i < 1000; i++) {
		w[0] = 0x300000 + i;
		h = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, w, 8);
		if (h == KMEMCHECK_DEPOT_LOST)
			break;
		kept++;
	}
	if (i == 1000)
		host_fail("one page held 1000 stacks of 8 frames");
	kmemcheck_depot_get_stats(&st);
	if (st.lost != 1 || st.records != kept + 1 ||
	    st.bytes_used > st.bytes_reserved)
		host_fail("%u lost, %u records (%u kept), %u of %u bytes",
			  st.lost, st.records, kept + 1, st.bytes_used,
			  st.bytes_reserved);
	w[0] = 0x100000;
	if (kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, w, 8) != first)
		host_fail("a stack kept before the depot filled was lost");
	expect_words(first, KMEMCHECK_DEPOT_STACK, w, 8);
	if (kmemcheck_depot_fetch(KMEMCHECK_DEPOT_LOST, &(enum
	    kmemcheck_depot_kind){0}, &(const uint32_t *){0}) != 0)
		host_fail("LOST fetched a record");
	host_finish("exhaustion");
}

/* The test limit, and no pool at all (no frame left at init). */
static void test_limit_and_no_pool(void)
{
	uint32_t old, h;

	kmemcheck_depot_init(2);
	old = kmemcheck_depot_set_limit(0);
	h = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_a, 3);
	if (h != KMEMCHECK_DEPOT_LOST)
		host_fail("a zero limit kept a stack: 0x%x", h);
	kmemcheck_depot_set_limit(old);
	h = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_a, 3);
	if (h <= KMEMCHECK_DEPOT_LOST)
		host_fail("the restored limit kept nothing");
	host_pages_exhausted = true;
	kmemcheck_depot_init(4);
	host_pages_exhausted = false;
	if (kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_a, 3) !=
	    KMEMCHECK_DEPOT_LOST)
		host_fail("a depot without pages kept a stack");
	if (host_pages_live != 0)
		host_fail("%d pages live after init without frames",
			  host_pages_live);
	host_finish("limit_and_no_pool");
}

/* Handles that are not the depot's are refused, not read. */
static void test_foreign_handles(void)
{
	enum kmemcheck_depot_kind kind;
	const uint32_t *w;
	uint32_t h;

	kmemcheck_depot_init(1);
	h = kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, stack_a, 3);
	if (kmemcheck_depot_fetch(h + 4096, &kind, &w) ||
	    kmemcheck_depot_fetch(h + 400, &kind, &w) ||
	    kmemcheck_depot_fetch(0x12345, &kind, &w) ||
	    kmemcheck_depot_fetch(KMEMCHECK_DEPOT_NONE, &kind, &w))
		host_fail("a handle the depot never gave fetched a record");
	host_finish("foreign_handles");
}

int main(void)
{
	test_same_stack_stored_once();
	test_distinct_stacks();
	test_many_stacks_found_again();
	test_exhaustion();
	test_limit_and_no_pool();
	test_foreign_handles();
	kmemcheck_depot_init(0);
	return host_summary();
}
