/* tests/host/test_shadow.c - host unit tests of kmemcheck's shadow bytes. */
#include <stdint.h>
#include <string.h>

#include "kernel/mmu.h"
#include "kmemcheck/shadow.h"
#include "mm/memlayout.h"
#include "tests/host/harness.h"
#include "tests/host/host_pages.h"

/* Two heap pages the tests track, and the untracked page after them. */
#define PAGE_A		(HEAP_START + 0x40000u)
#define PAGE_B		(PAGE_A + PAGE_SIZE)
#define PAGE_U		(PAGE_B + PAGE_SIZE)
#define LAST_PAGE	(HEAP_END - PAGE_SIZE)

/* The pages a case added, so that it can clean up without relying on
   for_each_page, which has a test of its own. */
static uint32_t added[8];
static unsigned int nr_added;

static void add(uint32_t va)
{
	if (kmemcheck_shadow_page_add(va) != 0)
		host_fail("page_add(0x%x) failed", va);
	else if (nr_added < sizeof(added) / sizeof(added[0]))
		added[nr_added++] = va;
}

/* Every case starts and ends with no shadow at all. */
static void remove_all(void)
{
	while (nr_added)
		kmemcheck_shadow_page_remove(added[--nr_added]);
	if (kmemcheck_shadow_page_count() != 0 || host_pages_live != 0)
		host_fail("%u pages, %d host pages left after removing all",
			  kmemcheck_shadow_page_count(), host_pages_live);
}

static char letter(const uint8_t *s)
{
	if (!s)
		return '-';
	if (*s >= KMEMCHECK_SHADOW_NR_STATES)
		return '?';
	return "auif"[*s];
}

/* The shadow of [addr, addr + n) as letters, '-' for untracked. */
static void expect_shadow(uint32_t addr, const char *want)
{
	char got[64];
	size_t i, n = strlen(want);

	for (i = 0; i < n && i < sizeof(got) - 1; i++)
		got[i] = letter(kmemcheck_shadow_lookup(addr + (uint32_t)i));
	got[i] = '\0';
	if (strcmp(got, want) != 0)
		host_fail("shadow at 0x%x \"%s\", want \"%s\"", addr, got,
			  want);
}

static void set_letters(uint32_t addr, const char *letters)
{
	static const char order[] = "auif";

	for (; *letters; letters++, addr++)
		kmemcheck_shadow_set(addr, 1, (enum kmemcheck_shadow)
				     (strchr(order, *letters) - order));
}

static void test_page_add(void)
{
	uint32_t i, bad = 0;

	add(PAGE_A);
	if (kmemcheck_shadow_page_count() != 1 || host_pages_live != 1)
		host_fail("page_count %u", kmemcheck_shadow_page_count());
	for (i = 0; i < PAGE_SIZE; i++) {
		uint8_t *s = kmemcheck_shadow_lookup(PAGE_A + i);

		if (!s || *s != KMEMCHECK_SHADOW_UNALLOCATED)
			bad++;
		else if (s != kmemcheck_shadow_lookup(PAGE_A) + i)
			bad++;
	}
	if (bad)
		host_fail("%u bytes not unallocated or not contiguous", bad);
	remove_all();
	host_finish("page_add_all_unallocated");

	add(PAGE_A + 0x123);
	expect_shadow(PAGE_A - 1, "-a");
	expect_shadow(PAGE_A + 0xffe, "aa-");
	remove_all();
	host_finish("page_add_unaligned_tracks_its_page");

	add(HEAP_START);
	add(LAST_PAGE);
	expect_shadow(HEAP_START - 1, "-a");
	expect_shadow(HEAP_END - 2, "aa-");
	remove_all();
	host_finish("page_add_first_and_last_heap_page");

	if (kmemcheck_shadow_page_add(HEAP_START - PAGE_SIZE) != -1 ||
	    kmemcheck_shadow_page_add(HEAP_END) != -1 ||
	    kmemcheck_shadow_page_add(0) != -1 ||
	    kmemcheck_shadow_page_add(0xfffff000u) != -1)
		host_fail("a page outside the heap was accepted");
	if (kmemcheck_shadow_page_count() != 0 || host_pages_live != 0)
		host_fail("a page outside the heap took a shadow page");
	remove_all();
	host_finish("page_add_outside_heap_fails");

	host_pages_exhausted = true;
	if (kmemcheck_shadow_page_add(PAGE_A) != -1)
		host_fail("page_add succeeded with no page left");
	host_pages_exhausted = false;
	if (kmemcheck_shadow_page_count() != 0)
		host_fail("page_count %u", kmemcheck_shadow_page_count());
	expect_shadow(PAGE_A, "-");
	remove_all();
	host_finish("page_add_exhausted_leaves_page_untracked");
}

static void test_lookup(void)
{
	static const uint32_t untracked[] = {
		0, 0x1000, HEAP_START - 1, HEAP_START, PAGE_A - 1, PAGE_U,
		LAST_PAGE, HEAP_END - 1, HEAP_END, 0xfffff000u, 0xffffffffu,
	};

	add(PAGE_A);
	for (size_t i = 0; i < sizeof(untracked) / sizeof(untracked[0]); i++)
		if (kmemcheck_shadow_lookup(untracked[i]))
			host_fail("0x%x has a shadow", untracked[i]);
	if (!kmemcheck_shadow_lookup(PAGE_A) ||
	    !kmemcheck_shadow_lookup(PAGE_A + PAGE_SIZE - 1))
		host_fail("tracked page has no shadow");
	remove_all();
	host_finish("lookup_null_when_untracked_or_outside");
}

static void test_set(void)
{
	add(PAGE_A);
	kmemcheck_shadow_set(PAGE_A + 0xffe, 4, KMEMCHECK_SHADOW_INITIALIZED);
	expect_shadow(PAGE_A + 0xffd, "aii--");
	remove_all();
	host_finish("set_skips_untracked_next_page");

	add(PAGE_B);
	kmemcheck_shadow_set(PAGE_B - 2, 4, KMEMCHECK_SHADOW_FREED);
	expect_shadow(PAGE_B - 2, "--ffa");
	remove_all();
	host_finish("set_skips_untracked_previous_page");

	add(PAGE_A);
	add(PAGE_B);
	kmemcheck_shadow_set(PAGE_A + 0xffe, 4, KMEMCHECK_SHADOW_UNINITIALIZED);
	expect_shadow(PAGE_A + 0xffd, "auuuua");
	kmemcheck_shadow_set(PAGE_A, 2 * PAGE_SIZE,
			     KMEMCHECK_SHADOW_INITIALIZED);
	expect_shadow(PAGE_A - 1, "-ii");
	expect_shadow(PAGE_B + 0xffe, "ii-");
	kmemcheck_shadow_set(PAGE_A + 5, 0, KMEMCHECK_SHADOW_FREED);
	expect_shadow(PAGE_A + 4, "iii");
	remove_all();
	host_finish("set_across_two_tracked_pages");
}

static void test_tracked(void)
{
	add(PAGE_B);
	if (!kmemcheck_shadow_tracked(PAGE_B + 0xffe, 4))
		host_fail("range starting in a tracked page");
	if (!kmemcheck_shadow_tracked(PAGE_B - 2, 3))
		host_fail("range ending in a tracked page");
	if (kmemcheck_shadow_tracked(PAGE_B - 2, 2))
		host_fail("range ending before a tracked page");
	if (kmemcheck_shadow_tracked(PAGE_U, PAGE_SIZE))
		host_fail("untracked page");
	if (kmemcheck_shadow_tracked(PAGE_B, 0))
		host_fail("empty range");
	if (kmemcheck_shadow_tracked(0x00200000, 16))
		host_fail("address outside the heap");
	remove_all();
	host_finish("tracked");
}

static void expect_find(uint32_t addr, uint32_t n, bool only_invalid,
			bool found, uint32_t where, enum kmemcheck_shadow state)
{
	enum kmemcheck_shadow got_state = KMEMCHECK_SHADOW_NR_STATES;
	uint32_t got_where = 0xdeadbeef;
	bool got = kmemcheck_shadow_find(addr, n, only_invalid, &got_where,
					 &got_state);

	if (got != found)
		host_fail("find(0x%x, %u, %d) returned %d", addr, n,
			  only_invalid, got);
	else if (!found && (got_where != 0xdeadbeef ||
			    got_state != KMEMCHECK_SHADOW_NR_STATES))
		host_fail("find(0x%x, %u) wrote its outputs", addr, n);
	else if (found && (got_where != where || got_state != state))
		host_fail("find(0x%x, %u, %d) gave 0x%x %s, want 0x%x %s",
			  addr, n, only_invalid, got_where,
			  kmemcheck_shadow_name[got_state], where,
			  kmemcheck_shadow_name[state]);
}

static void test_find(void)
{
	add(PAGE_A);
	kmemcheck_shadow_set(PAGE_A, 32, KMEMCHECK_SHADOW_INITIALIZED);
	set_letters(PAGE_A + 5, "u");
	set_letters(PAGE_A + 9, "f");
	set_letters(PAGE_A + 12, "a");
	expect_find(PAGE_A, 5, false, false, 0, 0);
	expect_find(PAGE_A, 16, false, true, PAGE_A + 5,
		    KMEMCHECK_SHADOW_UNINITIALIZED);
	expect_find(PAGE_A, 16, true, true, PAGE_A + 9,
		    KMEMCHECK_SHADOW_FREED);
	expect_find(PAGE_A + 6, 16, false, true, PAGE_A + 9,
		    KMEMCHECK_SHADOW_FREED);
	expect_find(PAGE_A + 10, 16, true, true, PAGE_A + 12,
		    KMEMCHECK_SHADOW_UNALLOCATED);
	expect_find(PAGE_A, 9, true, false, 0, 0);
	expect_find(PAGE_A + 5, 0, false, false, 0, 0);
	remove_all();
	host_finish("find_first_bad_byte_and_state");

	add(PAGE_A);
	kmemcheck_shadow_set(PAGE_A, 16, KMEMCHECK_SHADOW_INITIALIZED);
	kmemcheck_shadow_set(PAGE_A + 0xff0, 16, KMEMCHECK_SHADOW_INITIALIZED);
	expect_find(PAGE_A + 0xff0, 32, false, false, 0, 0);
	expect_find(PAGE_A - 16, 32, false, false, 0, 0);
	expect_find(PAGE_A - 16, 33, false, true, PAGE_A + 16,
		    KMEMCHECK_SHADOW_UNALLOCATED);
	remove_all();
	host_finish("find_skips_untracked_bytes");
}

/* MOVS's rule: only "uninitialized" travels; freed and unallocated
   destination bytes keep their state. */
static void test_copy(void)
{
	add(PAGE_A);
	add(PAGE_B);
	set_letters(PAGE_A, "auif");
	set_letters(PAGE_B, "iiuuuuii");
	kmemcheck_shadow_copy(PAGE_B + 2, PAGE_A, 4);
	expect_shadow(PAGE_B, "iiiuiiii");
	expect_shadow(PAGE_A, "auifa");
	set_letters(PAGE_B, "iiuafiii");
	kmemcheck_shadow_copy(PAGE_B + 2, PAGE_A, 4);
	expect_shadow(PAGE_B, "iiiafiii");
	remove_all();
	host_finish("copy_tracked_to_tracked");

	add(PAGE_A);
	add(PAGE_B);
	set_letters(PAGE_A + 0xffe, "ii");
	set_letters(PAGE_B, "uu");
	set_letters(PAGE_B + 0xffe, "uu");
	/* Across pages both ways: the source runs into the untracked
	   page, whose bytes arrive initialized. */
	kmemcheck_shadow_copy(PAGE_A + 0xffe, PAGE_B + 0xffe, 4);
	expect_shadow(PAGE_A + 0xffe, "uuii");
	set_letters(PAGE_A + 0x10, "uuu");
	kmemcheck_shadow_copy(PAGE_A + 0x10, 0x00200000, 3);
	expect_shadow(PAGE_A + 0xf, "aiiia");
	remove_all();
	host_finish("copy_untracked_source_is_initialized");

	add(PAGE_A);
	set_letters(PAGE_A, "uf");
	set_letters(PAGE_A + 0xfff, "i");
	kmemcheck_shadow_copy(PAGE_U, PAGE_A, 2);
	kmemcheck_shadow_copy(PAGE_A + 0xfff, PAGE_A, 2);
	expect_shadow(PAGE_A + 0xfff, "u-");
	expect_shadow(PAGE_A, "ufa");
	remove_all();
	host_finish("copy_to_untracked_skipped");
}

/* What MOVS of one element must do to a byte's state: the rule of
   test_copy, applied to the states before the copy. */
static char moved(char dst, char src)
{
	if (dst == 'a' || dst == 'f')
		return dst;
	return src == 'u' ? 'u' : 'i';
}

/*
 * Overlap, every element size and distance, both directions: the CPU
 * reads the whole element first, so the result is the rule applied to
 * the states as they were before, as memmove would move them.
 */
static void test_copy_overlap(void)
{
	static const char states[] = "auif";
	static const uint32_t sizes[] = { 1, 2, 4, 8 };
	char before[32], want[32];
	uint32_t seed = 1, si, n;
	int dist, round, i;

	add(PAGE_A);
	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		n = sizes[si];
		for (dist = -(int)n; dist <= (int)n; dist++) {
			for (round = 0; round < 16 && !host_case_failed();
			     round++) {
				uint32_t src = PAGE_A + 0x100 + 8;

				for (i = 0; i < 31; i++) {
					seed = seed * 1103515245u + 12345u;
					before[i] = states[(seed >> 16) & 3];
				}
				before[31] = '\0';
				set_letters(PAGE_A + 0x100, before);
				memcpy(want, before, sizeof(want));
				for (i = 0; i < (int)n; i++)
					want[8 + dist + i] =
						moved(before[8 + dist + i],
						      before[8 + i]);
				kmemcheck_shadow_copy(src + (uint32_t)dist,
						      src, n);
				expect_shadow(PAGE_A + 0x100, want);
			}
		}
	}
	remove_all();
	host_finish("copy_overlap_moves_like_memmove");
}

static void test_trust_all(void)
{
	add(PAGE_A);
	add(LAST_PAGE);
	set_letters(PAGE_A, "auifu");
	set_letters(LAST_PAGE + 0xffc, "uufu");
	kmemcheck_shadow_trust_all();
	expect_shadow(PAGE_A, "aiifi");
	expect_shadow(LAST_PAGE + 0xffc, "iifi");
	if (kmemcheck_shadow_page_count() != 2)
		host_fail("page_count changed");
	remove_all();
	host_finish("trust_all_only_uninitialized_changes");
}

static uint32_t visited[8];
static unsigned int nr_visited;

static void visit(uint32_t va)
{
	if (nr_visited < sizeof(visited) / sizeof(visited[0]))
		visited[nr_visited] = va;
	nr_visited++;
}

static void test_for_each_page(void)
{
	add(LAST_PAGE);
	add(PAGE_B + 0x800);
	add(HEAP_START);
	if (kmemcheck_shadow_page_count() != 3)
		host_fail("page_count %u, want 3",
			  kmemcheck_shadow_page_count());
	nr_visited = 0;
	kmemcheck_shadow_for_each_page(visit);
	if (nr_visited != 3 || visited[0] != HEAP_START ||
	    visited[1] != PAGE_B || visited[2] != LAST_PAGE)
		host_fail("visited %u pages: 0x%x 0x%x 0x%x", nr_visited,
			  visited[0], visited[1], visited[2]);
	remove_all();
	nr_visited = 0;
	kmemcheck_shadow_for_each_page(visit);
	if (nr_visited != 0)
		host_fail("visited %u pages after removing all", nr_visited);
	host_finish("for_each_page_and_page_count");
}

static void test_page_remove(void)
{
	add(PAGE_A);
	add(PAGE_B);
	kmemcheck_shadow_set(PAGE_A, 2 * PAGE_SIZE, KMEMCHECK_SHADOW_FREED);
	kmemcheck_shadow_page_remove(PAGE_A + 0xabc);
	if (kmemcheck_shadow_page_count() != 1 || host_pages_live != 1)
		host_fail("page_count %u, %d host pages, want 1",
			  kmemcheck_shadow_page_count(), host_pages_live);
	expect_shadow(PAGE_A + 0xfff, "-f");
	kmemcheck_shadow_page_remove(PAGE_A);
	kmemcheck_shadow_page_remove(PAGE_U);
	kmemcheck_shadow_page_remove(HEAP_END);
	kmemcheck_shadow_page_remove(0xffffffffu);
	if (kmemcheck_shadow_page_count() != 1 || host_pages_live != 1)
		host_fail("removing an untracked page changed the count");
	add(PAGE_A);
	expect_shadow(PAGE_A, "aaaa");
	remove_all();
	host_finish("page_remove");
}

static void test_tables(void)
{
	static const char *const names[] = {
		[KMEMCHECK_SHADOW_UNALLOCATED] = "unallocated",
		[KMEMCHECK_SHADOW_UNINITIALIZED] = "uninitialized",
		[KMEMCHECK_SHADOW_INITIALIZED] = "initialized",
		[KMEMCHECK_SHADOW_FREED] = "freed",
	};
	static const char letters[] = {
		[KMEMCHECK_SHADOW_UNALLOCATED] = 'a',
		[KMEMCHECK_SHADOW_UNINITIALIZED] = 'u',
		[KMEMCHECK_SHADOW_INITIALIZED] = 'i',
		[KMEMCHECK_SHADOW_FREED] = 'f',
	};

	for (int s = 0; s < KMEMCHECK_SHADOW_NR_STATES; s++) {
		if (!kmemcheck_shadow_name[s] ||
		    strcmp(kmemcheck_shadow_name[s], names[s]) != 0)
			host_fail("name of state %d", s);
		if (kmemcheck_shadow_letter[s] != letters[s])
			host_fail("letter of state %d is '%c'", s,
				  kmemcheck_shadow_letter[s]);
	}
	host_finish("name_and_letter_tables");
}

/*
 * Ranges that end at the top of the address space: an "addr + n" end
 * would wrap to 0 and make them look empty.
 */
static void test_top_of_address_space(void)
{
	uint32_t to_top = 0u - (HEAP_END - 2);	/* [HEAP_END - 2, 2^32) */

	add(LAST_PAGE);
	set_letters(HEAP_END - 2, "uf");
	if (!kmemcheck_shadow_tracked(HEAP_END - 2, to_top))
		host_fail("tracked() missed the last heap page");
	expect_find(HEAP_END - 2, to_top, false, true, HEAP_END - 2,
		    KMEMCHECK_SHADOW_UNINITIALIZED);
	expect_find(HEAP_END - 2, to_top, true, true, HEAP_END - 1,
		    KMEMCHECK_SHADOW_FREED);
	if (kmemcheck_shadow_tracked(0xffffff00u, 0x100))
		host_fail("tracked() at the top");
	expect_find(0xffffff00u, 0x100, false, false, 0, 0);
	kmemcheck_shadow_set(0xffffff00u, 0x100, KMEMCHECK_SHADOW_FREED);
	kmemcheck_shadow_copy(0xffffff00u, HEAP_END - 2, 0x100);
	set_letters(HEAP_END - 4, "uu");
	kmemcheck_shadow_copy(HEAP_END - 4, 0xfffffffeu, 2);
	expect_shadow(HEAP_END - 4, "ii");
	kmemcheck_shadow_set(HEAP_END - 3, to_top + 1,
			     KMEMCHECK_SHADOW_INITIALIZED);
	expect_shadow(HEAP_END - 4, "iiii-");
	remove_all();
	host_finish("ranges_ending_at_0xffffffff");
}

int main(void)
{
	test_page_add();
	test_lookup();
	test_set();
	test_tracked();
	test_find();
	test_copy();
	test_copy_overlap();
	test_trust_all();
	test_for_each_page();
	test_page_remove();
	test_tables();
	test_top_of_address_space();
	return host_summary();
}
