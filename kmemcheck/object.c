/* kmemcheck/object.c - each heap object's size, state and alloc and free stacks. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/string.h"
#include "kmemcheck/object.h"
#include "kmemcheck/shadow.h"
#include "kmemcheck/stackdepot.h"
#include "mm/heap.h"
#include "mm/memlayout.h"

/*
 * The heap knows slots, not stacks: a report needs both. One record per
 * place an object may start (every 16 bytes), on a kmemcheck page beside
 * the heap page's shadow, so the heap's own pages (hidden) and its
 * bookkeeping stay as they are, and a report can describe an object the
 * heap has forgotten meanwhile. A large object's record is in its first
 * page; its other pages hold none.
 */
#define PER_PAGE	(PAGE_SIZE / KMEMCHECK_OBJECT_ALIGN)

struct record {
	uint32_t size;
	uint32_t alloc_stack;
	uint32_t free_stack;
	uint8_t state;
	uint8_t offset;		/* of the start within its 16 bytes */
	uint8_t reserved[2];
};

_Static_assert(PER_PAGE * sizeof(struct record) <= PAGE_SIZE,
	       "one page of records per heap page");
/* A page of records starts as zero words: no object, nothing recorded. */
_Static_assert(KMEMCHECK_OBJECT_NONE == 0 && KMEMCHECK_DEPOT_NONE == 0,
	       "a zeroed record is empty");
_Static_assert(sizeof(struct record) % sizeof(uint32_t) == 0,
	       "records fill whole words");

static struct record *record_pages[HEAP_PAGES];
static uint16_t nr_records[HEAP_PAGES];	/* objects starting in the page */
static uint32_t nr_pages;

static uint32_t page_of(uint32_t addr)
{
	return (addr - HEAP_START) / PAGE_SIZE;
}

/* The record for an object starting at start (or anywhere in its 16
   bytes: two objects never share them). */
static struct record *lookup(uint32_t start)
{
	if (start < HEAP_START || start >= HEAP_END ||
	    !record_pages[page_of(start)])
		return NULL;
	return record_pages[page_of(start)] +
	       PGOFF(start) / KMEMCHECK_OBJECT_ALIGN;
}

/* Where the object of record index of page starts: objects start 16
   bytes apart at least, but not on a 16-byte boundary (after a red zone). */
static uint32_t start_of(uint32_t page, uint32_t index)
{
	return HEAP_START + page * PAGE_SIZE +
	       index * KMEMCHECK_OBJECT_ALIGN + record_pages[page][index].offset;
}

int kmemcheck_object_page_add(uint32_t va)
{
	struct record *page;

	if (va < HEAP_START || va >= HEAP_END)
		return -1;
	page = kmemcheck_page_alloc();
	if (!page)
		return -1;
	memset32((uint32_t *)page, 0,
		 PER_PAGE * sizeof(struct record) / sizeof(uint32_t));
	record_pages[page_of(va)] = page;
	nr_records[page_of(va)] = 0;
	nr_pages++;
	return 0;
}

void kmemcheck_object_page_remove(uint32_t va)
{
	if (va < HEAP_START || va >= HEAP_END || !record_pages[page_of(va)])
		return;
	kmemcheck_page_free(record_pages[page_of(va)]);
	record_pages[page_of(va)] = NULL;
	nr_records[page_of(va)] = 0;
	nr_pages--;
}

uint32_t kmemcheck_object_page_count(void)
{
	return nr_pages;
}

void kmemcheck_object_alloc(uint32_t start, uint32_t size, uint32_t stack)
{
	struct record *r = lookup(start);

	if (!r)
		return;
	if (r->state == KMEMCHECK_OBJECT_NONE)
		nr_records[page_of(start)]++;
	*r = (struct record){ size, stack, KMEMCHECK_DEPOT_NONE,
			      KMEMCHECK_OBJECT_LIVE,
			      (uint8_t)(start % KMEMCHECK_OBJECT_ALIGN), { 0 } };
}

void kmemcheck_object_free(uint32_t start, uint32_t stack)
{
	struct record *r = lookup(start);

	if (!r || r->state != KMEMCHECK_OBJECT_LIVE)
		return;
	r->state = KMEMCHECK_OBJECT_FREED;
	r->free_stack = stack;
}

/* The last record starting at or before addr within addr's page; with
   cross, then in the pages before it as long as they hold none (a large
   object's tail pages). */
static bool find_before(uint32_t addr, bool cross, uint32_t *start)
{
	uint32_t page = page_of(addr), i = PGOFF(addr) / KMEMCHECK_OBJECT_ALIGN;

	for (;;) {
		const struct record *rs = record_pages[page];

		if (!rs)
			return false;
		if (nr_records[page]) {
			for (;; i--) {
				if (rs[i].state != KMEMCHECK_OBJECT_NONE &&
				    start_of(page, i) <= addr) {
					*start = start_of(page, i);
					return true;
				}
				if (i == 0)
					break;
			}
		}
		if (!cross || page == 0 || nr_records[page])
			return false;
		page--;
		i = PER_PAGE - 1;
	}
}

/* The first record starting after addr in its page; with cross, or in
   the next one. */
static bool find_after(uint32_t addr, bool cross, uint32_t *start)
{
	uint32_t page = page_of(addr), i = PGOFF(addr) / KMEMCHECK_OBJECT_ALIGN;
	unsigned int pages;

	for (pages = 0; pages < (cross ? 2u : 1u); pages++, page++, i = 0) {
		const struct record *rs;

		if (page >= HEAP_PAGES || !(rs = record_pages[page]) ||
		    !nr_records[page])
			continue;
		for (; i < PER_PAGE; i++) {
			if (rs[i].state != KMEMCHECK_OBJECT_NONE &&
			    start_of(page, i) > addr) {
				*start = start_of(page, i);
				return true;
			}
		}
	}
	return false;
}

/* Objects starting in [addr, addr + n) go; one reaching into it ends at
   addr. */
void kmemcheck_object_release(uint32_t addr, uint32_t n)
{
	uint32_t start, g;

	if (!n || addr < HEAP_START || addr >= HEAP_END)
		return;
	if (find_before(addr, true, &start) && start < addr) {
		struct record *r = lookup(start);

		if (r->size > addr - start)
			r->size = addr - start;
	}
	/* Every record whose start is in the range: the granule of addr
	   and those after it up to the range's end. */
	for (g = addr & ~(uint32_t)(KMEMCHECK_OBJECT_ALIGN - 1);
	     g < HEAP_END && (g < addr || g - addr < n);
	     g += KMEMCHECK_OBJECT_ALIGN) {
		struct record *r = lookup(g);

		if (r && r->state != KMEMCHECK_OBJECT_NONE &&
		    g + r->offset - addr < n) {
			r->state = KMEMCHECK_OBJECT_NONE;
			nr_records[page_of(g)]--;
		}
	}
}

static void describe(uint32_t start, struct kmemcheck_object *out)
{
	const struct record *r = lookup(start);

	*out = (struct kmemcheck_object){
		.start = start,
		.size = r->size,
		.size_class = heap_size_class(start),
		.state = r->state,
		.alloc_stack = r->alloc_stack,
		.free_stack = r->free_stack,
	};
}

bool kmemcheck_object_find(uint32_t addr, struct kmemcheck_object *out)
{
	uint32_t cls, slot, before = 0, after = 0;
	bool has_before, has_after;

	if (addr < HEAP_START || addr >= HEAP_END)
		return false;
	/* Slab objects never leave their page, nor their slot: the object
	   of addr's slot is the one, red zones and slack included. Only a
	   large object's pages are searched across. */
	cls = heap_size_class(addr);
	slot = addr - PGOFF(addr) % (cls ? cls : PAGE_SIZE);
	has_before = find_before(addr, !cls, &before);
	has_after = find_after(addr, !cls, &after);
	if (cls && has_before && before - slot < cls) {
		describe(before, out);
		return true;
	}
	if (cls && has_after && after - slot < cls) {
		describe(after, out);
		return true;
	}
	if (has_before) {
		describe(before, out);
		/* Inside it (a large one), or nearer its end than the next
		   object's start. */
		if (addr - before < out->size || !has_after ||
		    addr - (before + out->size) <= after - addr)
			return true;
	}
	if (has_after) {
		describe(after, out);
		return true;
	}
	return false;
}
