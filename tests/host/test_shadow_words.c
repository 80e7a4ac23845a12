/* tests/host/test_shadow_words.c - shadow and origins against a byte model. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/mmu.h"
#include "kmemcheck/origin.h"
#include "kmemcheck/shadow.h"
#include "kmemcheck/stackdepot.h"
#include "mm/memlayout.h"
#include "tests/host/harness.h"
#include "tests/host/host_pages.h"

/*
 * Five heap pages, the middle one untracked, and the last page of the
 * heap with the untracked top of memory above it. The model keeps one
 * state per byte (UNTRACKED where there is no shadow) and one origin per
 * granule, changed one byte at a time as the functions are specified;
 * after every operation the whole shadow and every origin must agree.
 */
#define BASE		(HEAP_START + 0x80000u)
#define NR_LOW		5
#define UNTRACKED_PAGE	2
#define TOP		(HEAP_END - PAGE_SIZE)
#define MODEL_BYTES	((NR_LOW + 1) * PAGE_SIZE)
#define UNTRACKED	0xff
#define ROUNDS		10000

static uint8_t model[MODEL_BYTES];
static uint32_t model_origin[MODEL_BYTES / KMEMCHECK_ORIGIN_GRANULE];

/* The model's index of a heap address, or -1 outside both regions. */
static long index_of(uint32_t addr)
{
	if (addr >= BASE && addr - BASE < NR_LOW * PAGE_SIZE)
		return (long)(addr - BASE);
	if (addr >= TOP && addr < HEAP_END)
		return (long)(NR_LOW * PAGE_SIZE + addr - TOP);
	return -1;
}

static uint8_t model_get(uint32_t addr)
{
	long i = index_of(addr);

	return i < 0 ? UNTRACKED : model[i];
}

static void model_put(uint32_t addr, uint8_t state)
{
	long i = index_of(addr);

	if (i >= 0 && model[i] != UNTRACKED)
		model[i] = state;
}

static uint32_t page_va(unsigned int p)
{
	return p < NR_LOW ? BASE + p * PAGE_SIZE : TOP;
}

static void setup(void)
{
	unsigned int p;

	memset(model, KMEMCHECK_SHADOW_UNALLOCATED, sizeof(model));
	memset(model_origin, 0, sizeof(model_origin));
	for (p = 0; p <= NR_LOW; p++) {
		if (p == UNTRACKED_PAGE) {
			memset(model + p * PAGE_SIZE, UNTRACKED, PAGE_SIZE);
			continue;
		}
		if (kmemcheck_shadow_page_add(page_va(p)) != 0 ||
		    kmemcheck_origin_page_add(page_va(p)) != 0)
			host_fail("page_add(0x%x) failed", page_va(p));
	}
}

static void teardown(void)
{
	unsigned int p;

	for (p = 0; p <= NR_LOW; p++) {
		kmemcheck_shadow_page_remove(page_va(p));
		kmemcheck_origin_page_remove(page_va(p));
	}
	if (host_pages_live != 0)
		host_fail("%d host pages left", host_pages_live);
}

/* Every byte of the shadow (and every origin) as the model has it. */
static void compare(const char *op, uint32_t a, uint32_t b, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < MODEL_BYTES; i++) {
		uint32_t addr = i < NR_LOW * PAGE_SIZE ?
				BASE + i : TOP + i - NR_LOW * PAGE_SIZE;
		const uint8_t *s = kmemcheck_shadow_lookup(addr);
		uint8_t got = s ? *s : UNTRACKED;

		if (got != model[i]) {
			host_fail("%s(0x%x, 0x%x, %u): byte 0x%x is %u, the "
				  "model says %u", op, a, b, n, addr, got,
				  model[i]);
			return;
		}
		if (i % KMEMCHECK_ORIGIN_GRANULE == 0 && s &&
		    kmemcheck_origin_get(addr) !=
		    model_origin[i / KMEMCHECK_ORIGIN_GRANULE]) {
			host_fail("%s(0x%x, 0x%x, %u): origin at 0x%x is %u, "
				  "the model says %u", op, a, b, n, addr,
				  kmemcheck_origin_get(addr),
				  model_origin[i / KMEMCHECK_ORIGIN_GRANULE]);
			return;
		}
	}
}

/* Addresses near the edges that matter: a page's start and end, a word
   boundary either side, or anywhere. */
static uint32_t random_addr(void)
{
	uint32_t page = page_va((unsigned int)rand() % (NR_LOW + 1));

	switch (rand() % 4) {
	case 0:
		return page + (uint32_t)rand() % 9;
	case 1:
		return page + PAGE_SIZE - 1 - (uint32_t)rand() % 9;
	default:
		return page + (uint32_t)rand() % PAGE_SIZE;
	}
}

/* Lengths: a few bytes, up to three pages, or exactly to a page end (the
   heap's end included). */
static uint32_t random_len(uint32_t addr)
{
	switch (rand() % 4) {
	case 0:
		return (uint32_t)rand() % 10;
	case 1:
		return PAGE_SIZE - PGOFF(addr) +
		       (rand() % 2 ? PAGE_SIZE : 0) * (addr < TOP);
	case 2:
		return (uint32_t)rand() % 64;
	default:
		return (uint32_t)rand() % (3 * PAGE_SIZE);
	}
}

static enum kmemcheck_shadow random_state(void)
{
	return (enum kmemcheck_shadow)(rand() % KMEMCHECK_SHADOW_NR_STATES);
}

static void set(uint32_t addr, uint32_t n, enum kmemcheck_shadow state)
{
	uint32_t i;

	kmemcheck_shadow_set(addr, n, state);
	for (i = 0; i < n; i++)
		model_put(addr + i, (uint8_t)state);
}

static void do_set(uint32_t addr, uint32_t n)
{
	enum kmemcheck_shadow state = random_state();

	set(addr, n, state);
	compare("set", addr, state, n);
}

static void do_replace(uint32_t addr, uint32_t n)
{
	enum kmemcheck_shadow from = random_state(), to = random_state();
	uint32_t i;

	kmemcheck_shadow_replace(addr, n, from, to);
	for (i = 0; i < n; i++)
		if (model_get(addr + i) == from)
			model_put(addr + i, (uint8_t)to);
	compare("replace", addr, from * 4 + to, n);
}

static void do_find(uint32_t addr, uint32_t n)
{
	bool only_invalid = rand() % 2, want = false, got;
	enum kmemcheck_shadow state = KMEMCHECK_SHADOW_NR_STATES;
	uint32_t i, where = 0, want_where = 0;
	uint8_t s = 0;

	for (i = 0; i < n && !want; i++) {
		s = model_get(addr + i);
		if (s == UNTRACKED || s == KMEMCHECK_SHADOW_INITIALIZED ||
		    (only_invalid && s == KMEMCHECK_SHADOW_UNINITIALIZED))
			continue;
		want = true;
		want_where = addr + i;
	}
	got = kmemcheck_shadow_find(addr, n, only_invalid, &where, &state);
	if (got != want || (want && (where != want_where || state != s)))
		host_fail("find(0x%x, %u, %d): %d at 0x%x (%u), the model "
			  "says %d at 0x%x (%u)", addr, n, only_invalid, got,
			  where, state, want, want_where, s);
}

/* The model's copy: every source state read before any is written, as
   memmove moves bytes. */
static void do_copy(uint32_t dst, uint32_t src, uint32_t n)
{
	static uint8_t from[3 * PAGE_SIZE];
	uint32_t i;

	for (i = 0; i < n; i++)
		from[i] = model_get(src + i);
	kmemcheck_shadow_copy(dst, src, n);
	for (i = 0; i < n; i++) {
		uint8_t d = model_get(dst + i);

		if (d != KMEMCHECK_SHADOW_UNINITIALIZED &&
		    d != KMEMCHECK_SHADOW_INITIALIZED)
			continue;
		model_put(dst + i, from[i] == KMEMCHECK_SHADOW_UNINITIALIZED ?
			  KMEMCHECK_SHADOW_UNINITIALIZED :
			  KMEMCHECK_SHADOW_INITIALIZED);
	}
	compare("copy", dst, src, n);
}

static void do_origin_set(uint32_t addr, uint32_t n)
{
	uint32_t origin = (uint32_t)rand(), i;

	kmemcheck_origin_set(addr, n, origin);
	for (i = 0; i < n; i++) {
		long k = index_of(addr + i);

		if (k >= 0)
			model_origin[k / KMEMCHECK_ORIGIN_GRANULE] = origin;
	}
	compare("origin_set", addr, origin, n);
}

/* Small random ranges, so that the words the tests meet hold mixed
   states; compared once at the end. */
static void scramble(void)
{
	unsigned int k;

	for (k = 0; k < 500; k++)
		set(random_addr(), (uint32_t)rand() % 7, random_state());
	compare("scramble", 0, 0, 0);
}

static void test_random_ranges(void)
{
	unsigned int k;

	setup();
	scramble();
	for (k = 0; k < ROUNDS && !host_case_failed(); k++) {
		uint32_t addr = random_addr(), n = random_len(addr);
		uint32_t src;

		if (addr >= TOP && n > HEAP_END - addr)
			n = HEAP_END - addr;
		switch (rand() % 6) {
		case 0:
			do_set(addr, n);
			break;
		case 1:
			do_replace(addr, n);
			break;
		case 2:
			do_find(addr, n);
			break;
		case 3:
			/* Near the destination half the time: overlaps both
			   ways, at word distances and not. */
			src = rand() % 2 ? random_addr() :
			      addr + (uint32_t)(rand() % 17) - 8;
			if (src >= TOP && n > HEAP_END - src)
				n = HEAP_END - src;
			if (addr >= TOP && n > HEAP_END - addr)
				n = HEAP_END - addr;
			do_copy(addr, src, n);
			break;
		case 4:
			do_origin_set(addr, n);
			break;
		default:
			if (rand() % 4 == 0)
				scramble();
			break;
		}
	}
	teardown();
	host_finish("random_ranges_match_the_byte_model");
}

/* trust_all and for_each_page over the same pages. */
static void test_trust_all(void)
{
	uint32_t i;

	setup();
	scramble();
	kmemcheck_shadow_trust_all();
	for (i = 0; i < MODEL_BYTES; i++)
		if (model[i] == KMEMCHECK_SHADOW_UNINITIALIZED)
			model[i] = KMEMCHECK_SHADOW_INITIALIZED;
	compare("trust_all", 0, 0, 0);
	teardown();
	host_finish("trust_all_matches_the_byte_model");
}

int main(void)
{
	srand(9);
	test_random_ranges();
	test_trust_all();
	return host_summary();
}
