/* kmemcheck/origin.c - where uninitialized bytes came from. */
#include <stdbool.h>
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/string.h"
#include "kmemcheck/origin.h"
#include "kmemcheck/shadow.h"
#include "kmemcheck/stack.h"
#include "kmemcheck/stackdepot.h"
#include "mm/memlayout.h"

/*
 * Precision: one origin per aligned 4-byte granule, 4 bytes of origin for
 * 4 bytes of heap (the shadow's cost again). Objects start at least
 * 16-byte aligned, so two objects never share a granule and an object's
 * allocation origin is exact; fields of 4 bytes and more, and most copies
 * (memcpy moves 4 bytes at a time), own whole granules. Only bytes of two
 * different histories within one granule (a char copied next to a char
 * allocated in place) share one origin: the last one written wins. A byte
 * granule would cost four times as much for that rare case.
 *
 * The origins sit on kmemcheck's own pages, one per tracked heap page,
 * beside the shadow, found by the heap page's index.
 */
#define PER_PAGE	(PAGE_SIZE / KMEMCHECK_ORIGIN_GRANULE)

/* The words of a link record in the depot. */
enum { LINK_COPY, LINK_PREVIOUS, LINK_DEPTH, LINK_WORDS };

static uint32_t *origin_pages[HEAP_PAGES];
static uint32_t nr_pages;

static uint32_t **slot_of(uint32_t addr)
{
	if (addr < HEAP_START || addr >= HEAP_END)
		return NULL;
	return &origin_pages[(addr - HEAP_START) / PAGE_SIZE];
}

static uint32_t *lookup(uint32_t addr)
{
	uint32_t **slot = slot_of(addr);

	if (!slot || !*slot)
		return NULL;
	return *slot + PGOFF(addr) / KMEMCHECK_ORIGIN_GRANULE;
}

int kmemcheck_origin_page_add(uint32_t va)
{
	uint32_t **slot = slot_of(va);
	uint32_t *page;

	if (!slot)
		return -1;
	page = kmemcheck_page_alloc();
	if (!page)
		return -1;
	memset32(page, KMEMCHECK_DEPOT_NONE, PER_PAGE);
	*slot = page;
	nr_pages++;
	return 0;
}

void kmemcheck_origin_page_remove(uint32_t va)
{
	uint32_t **slot = slot_of(va);

	if (!slot || !*slot)
		return;
	kmemcheck_page_free(*slot);
	*slot = NULL;
	nr_pages--;
}

uint32_t kmemcheck_origin_page_count(void)
{
	return nr_pages;
}

uint32_t kmemcheck_origin_get(uint32_t addr)
{
	uint32_t *o = lookup(addr);

	return o ? *o : KMEMCHECK_DEPOT_NONE;
}

/* The granules a range touches are counted rather than compared with
   an end, so a range may end at the top of memory; those of one page are
   set together, after one lookup. */
void kmemcheck_origin_set(uint32_t addr, uint32_t n, uint32_t origin)
{
	uint32_t g = addr & ~(uint32_t)(KMEMCHECK_ORIGIN_GRANULE - 1);
	uint32_t last = (addr + n - 1) &
			~(uint32_t)(KMEMCHECK_ORIGIN_GRANULE - 1);
	uint32_t count = (last - g) / KMEMCHECK_ORIGIN_GRANULE + 1;

	if (!n)
		return;
	while (count) {
		uint32_t len = (PAGE_SIZE - PGOFF(g)) /
			       KMEMCHECK_ORIGIN_GRANULE;
		uint32_t *o = lookup(g);

		if (len > count)
			len = count;
		if (o)
			memset32(o, origin, len);
		g += len * KMEMCHECK_ORIGIN_GRANULE;
		count -= len;
	}
}

static uint32_t depth_of(uint32_t origin)
{
	enum kmemcheck_depot_kind kind;
	const uint32_t *w;

	if (kmemcheck_depot_fetch(origin, &kind, &w) != LINK_WORDS ||
	    kind != KMEMCHECK_DEPOT_CHAIN)
		return 0;
	return w[LINK_DEPTH];
}

/* The origin of bytes copied by the stack copy from bytes of origin
   previous. When the chain is as long as we keep, the bytes keep their
   history up to there. */
static uint32_t link(uint32_t copy, uint32_t previous)
{
	uint32_t w[LINK_WORDS];

	w[LINK_DEPTH] = depth_of(previous) + 1;
	if (w[LINK_DEPTH] > KMEMCHECK_ORIGIN_CHAIN_MAX)
		return previous;
	w[LINK_COPY] = copy;
	w[LINK_PREVIOUS] = previous;
	return kmemcheck_depot_save(KMEMCHECK_DEPOT_CHAIN, w, LINK_WORDS);
}

static bool uninitialized(uint32_t addr)
{
	const uint8_t *s = kmemcheck_shadow_lookup(addr);

	return s && *s == KMEMCHECK_SHADOW_UNINITIALIZED;
}

/* MOVS leaves freed and unallocated destination bytes as they are (see
   kmemcheck_shadow_copy): so do their origins. */
static bool allocated(uint32_t addr)
{
	const uint8_t *s = kmemcheck_shadow_lookup(addr);

	return s && (*s == KMEMCHECK_SHADOW_UNINITIALIZED ||
		     *s == KMEMCHECK_SHADOW_INITIALIZED);
}

/* The common case in one shadow lookup: a MOVS element within a page. */
static bool any_uninitialized(uint32_t src, uint32_t n)
{
	const uint8_t *s = kmemcheck_shadow_lookup(src);
	uint32_t i;

	if (s && PGOFF(src) + n <= PAGE_SIZE) {
		for (i = 0; i < n; i++)
			if (s[i] == KMEMCHECK_SHADOW_UNINITIALIZED)
				return true;
		return false;
	}
	for (i = 0; i < n; i++)
		if (uninitialized(src + i))
			return true;
	return false;
}

void kmemcheck_origin_copy(uint32_t dst, uint32_t src, uint32_t n,
			   const struct trap_frame *tf)
{
	/* Overlapping with the destination above: copy from the end, as
	   the bytes themselves were, so no origin is read after it was
	   overwritten. */
	bool backward = dst > src && dst - src < n;
	uint32_t copy = KMEMCHECK_DEPOT_NONE, from = KMEMCHECK_DEPOT_NONE;
	uint32_t to = KMEMCHECK_DEPOT_NONE, k;

	/* Most copies move initialized bytes, which need no origin: that
	   case costs one scan of the source's shadow. */
	if (!any_uninitialized(src, n))
		return;
	for (k = 0; k < n; k++) {
		uint32_t i = backward ? n - 1 - k : k, o;
		uint32_t *d;

		if (!uninitialized(src + i) || !allocated(dst + i))
			continue;
		d = lookup(dst + i);
		if (!d)
			continue;
		o = kmemcheck_origin_get(src + i);
		/* One stack per instruction, one link per source origin:
		   the bytes of one MOVS nearly always share both. */
		if (copy == KMEMCHECK_DEPOT_NONE) {
			copy = tf ? kmemcheck_stack_save_trap(tf) :
				    kmemcheck_stack_save_caller();
			to = link(copy, o);
			from = o;
		} else if (o != from) {
			to = link(copy, o);
			from = o;
		}
		*d = to;
	}
}

bool kmemcheck_origin_link(uint32_t origin, uint32_t *copy_stack,
			  uint32_t *previous)
{
	enum kmemcheck_depot_kind kind;
	const uint32_t *w;

	if (kmemcheck_depot_fetch(origin, &kind, &w) != LINK_WORDS ||
	    kind != KMEMCHECK_DEPOT_CHAIN)
		return false;
	*copy_stack = w[LINK_COPY];
	*previous = w[LINK_PREVIOUS];
	return true;
}
