/* mm/heap.c - the kernel heap: size-class slabs and whole-page objects. */
#include <stdbool.h>

#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/stacktrace.h"
#include "kernel/string.h"
#include "kernel/symbols.h"
#include "kmemcheck/error.h"
#include "kmemcheck/kmemcheck.h"
#include "mm/heap.h"
#include "mm/memlayout.h"
#include "mm/paging.h"

#define SLOTS_MAX	(PAGE_SIZE >> HEAP_MIN_SHIFT)
#define BITMAP_WORDS	(SLOTS_MAX / 32)

enum heap_page_kind {
	PAGE_FREE,		/* not mapped */
	PAGE_SLAB,		/* slots of one size class */
	PAGE_LARGE,		/* first page of a large object */
	PAGE_LARGE_TAIL,	/* the other pages of a large object */
};

/*
 * The bookkeeping of every heap page lives here, in .bss, never inside the
 * heap pages: kmemcheck hides those, and the allocator must not fault on
 * its own data. A slot is live when its bit is set in in_use and clear in
 * quarantined; it is quarantined when set in both.
 */
struct heap_page {
	uint8_t kind;
	uint8_t size_class;		/* PAGE_SLAB */
	uint16_t used;			/* PAGE_SLAB: live + quarantined */
	uint32_t npages;		/* PAGE_LARGE */
	bool large_quarantined;		/* PAGE_LARGE */
	uint32_t in_use[BITMAP_WORDS];
	uint32_t quarantined[BITMAP_WORDS];
};

static struct heap_page pages[HEAP_PAGES];
static uint32_t class_hint[HEAP_NR_CLASSES];
static void *quarantine[HEAP_QUARANTINE];
static uint32_t quarantine_head, quarantine_count;
static struct heap_stats stats;

static uint32_t page_index(const void *p)
{
	return ((uint32_t)p - HEAP_START) / PAGE_SIZE;
}

static void *page_addr(uint32_t index)
{
	return (void *)(HEAP_START + index * PAGE_SIZE);
}

static uint32_t class_size(unsigned int c)
{
	return 1u << (HEAP_MIN_SHIFT + c);
}

static unsigned int size_class(size_t size)
{
	unsigned int c = 0;

	while (class_size(c) < size)
		c++;
	return c;
}

static bool test_bit(const uint32_t *map, uint32_t i)
{
	return map[i / 32] & (1u << (i % 32));
}

static void assign_bit(uint32_t *map, uint32_t i, bool v)
{
	if (v)
		map[i / 32] |= 1u << (i % 32);
	else
		map[i / 32] &= ~(1u << (i % 32));
}

/* Writes through the frame's identity mapping, so the heap never faults
   on a page kmemcheck has hidden. */
static void fill(void *p, int byte, size_t n)
{
	uint32_t va = (uint32_t)p;

	while (n) {
		uint32_t chunk = PAGE_SIZE - PGOFF(va);

		if (chunk > n)
			chunk = n;
		memset(paging_alias(va), byte, chunk);
		va += chunk;
		n -= chunk;
	}
}

static void unmap_pages(uint32_t first, uint32_t n)
{
	uint32_t i;

	for (i = first; i < first + n; i++) {
		kmemcheck_page_untrack((uint32_t)page_addr(i));
		BUG_ON(frame_free(paging_unmap((uint32_t)page_addr(i))) < 0);
		pages[i].kind = PAGE_FREE;
		stats.pages--;
	}
}

/* Maps n fresh pages at the first free run; returns the first index. */
static int map_pages(uint32_t n)
{
	uint32_t first, i, run = 0;

	for (first = 0, i = 0; i < HEAP_PAGES && run < n; i++) {
		if (pages[i].kind != PAGE_FREE) {
			run = 0;
			first = i + 1;
			continue;
		}
		run++;
	}
	if (run < n)
		return -1;
	for (i = first; i < first + n; i++) {
		physaddr_t pa = frame_alloc();

		if (!pa || paging_map((uint32_t)page_addr(i), pa,
				      PTE_P | PTE_W) < 0) {
			if (pa)
				frame_free(pa);
			unmap_pages(first, i - first);
			return -1;
		}
		memset(&pages[i], 0, sizeof(pages[i]));
		pages[i].kind = PAGE_LARGE_TAIL;
		stats.pages++;
		/* From here on the page belongs to kmemcheck too. */
		kmemcheck_page_track((uint32_t)page_addr(i));
	}
	return (int)first;
}

static bool slab_has_room(uint32_t i, unsigned int c)
{
	return pages[i].kind == PAGE_SLAB && pages[i].size_class == c &&
	       pages[i].used < PAGE_SIZE / class_size(c);
}

static int find_slab(unsigned int c)
{
	uint32_t i;
	int fresh;

	if (slab_has_room(class_hint[c], c))
		return (int)class_hint[c];
	for (i = 0; i < HEAP_PAGES; i++) {
		if (slab_has_room(i, c)) {
			class_hint[c] = i;
			return (int)i;
		}
	}
	fresh = map_pages(1);
	if (fresh < 0)
		return -1;
	pages[fresh].kind = PAGE_SLAB;
	pages[fresh].size_class = (uint8_t)c;
	class_hint[c] = (uint32_t)fresh;
	return fresh;
}

static void *alloc_small(size_t size)
{
	unsigned int c = size_class(size);
	struct heap_page *pg;
	uint32_t slot;
	int i = find_slab(c);

	if (i < 0)
		return NULL;
	pg = &pages[i];
	for (slot = 0; test_bit(pg->in_use, slot); slot++)
		;
	assign_bit(pg->in_use, slot, true);
	pg->used++;
	return (uint8_t *)page_addr((uint32_t)i) + slot * class_size(c);
}

static void *alloc_large(size_t size)
{
	uint32_t n = PAGE_ROUND_UP(size) / PAGE_SIZE;
	int i;

	if (size > HEAP_END - HEAP_START)
		return NULL;
	i = map_pages(n);
	if (i < 0)
		return NULL;
	pages[i].kind = PAGE_LARGE;
	pages[i].npages = n;
	return page_addr((uint32_t)i);
}

/* Really frees an object that has served its time in quarantine. */
static void release(void *p)
{
	struct heap_page *pg = &pages[page_index(p)];
	uint32_t size, slot;

	if (pg->kind == PAGE_LARGE) {
		unmap_pages(page_index(p), pg->npages);
		return;
	}
	size = class_size(pg->size_class);
	slot = PGOFF(p) / size;

	assign_bit(pg->in_use, slot, false);
	assign_bit(pg->quarantined, slot, false);
	kmemcheck_release(p, size);
	if (--pg->used == 0)
		unmap_pages(page_index(p), 1);
}

void heap_drain_quarantine(void)
{
	while (quarantine_count) {
		uint32_t oldest = (quarantine_head + HEAP_QUARANTINE -
				   quarantine_count) % HEAP_QUARANTINE;

		quarantine_count--;
		release(quarantine[oldest]);
	}
}

static void quarantine_push(void *p)
{
	if (quarantine_count == HEAP_QUARANTINE) {
		uint32_t oldest = quarantine_head;	/* the ring is full */

		quarantine_count--;
		release(quarantine[oldest]);
	}
	quarantine[quarantine_head] = p;
	quarantine_head = (quarantine_head + 1) % HEAP_QUARANTINE;
	quarantine_count++;
}

static void *alloc_once(size_t need)
{
	return need > HEAP_SMALL_MAX ? alloc_large(need) : alloc_small(need);
}

/* The shadow of a slot that is not live is all unallocated (fresh pages
   start so, and release() puts it back), so only the object's own bytes
   need marking. */
static void *alloc(size_t size, bool zeroed)
{
	size_t need;
	void *p;

	if (size == 0)
		return NULL;
	if (size > HEAP_END - HEAP_START) {
		stats.failed++;
		return NULL;
	}
	/* With kmemcheck on, a red zone follows every small object: an
	   overflow even of an object that fills its size class is caught.
	   Large objects keep the slack of their last page, if any. */
	need = size + kmemcheck_redzone();
	if (need > HEAP_SMALL_MAX)
		need = size;
	p = alloc_once(need);
	if (!p && quarantine_count) {
		/* Memory held only to catch use after free is the first to
		   go when it runs out. */
		heap_drain_quarantine();
		p = alloc_once(need);
	}
	if (!p) {
		stats.failed++;
		return NULL;
	}
	stats.allocations++;
	if (zeroed)
		fill(p, 0, size);
	kmemcheck_alloc(p, size, zeroed);
	return p;
}

void *kmalloc(size_t size)
{
	return alloc(size, false);
}

void *kzalloc(size_t size)
{
	return alloc(size, true);
}

/* The bytes a live object owns: its slot, or its pages. */
static uint32_t slot_size(const struct heap_page *pg)
{
	if (pg->kind == PAGE_LARGE)
		return pg->npages * PAGE_SIZE;
	return class_size(pg->size_class);
}

/* Why p is not a live object, or NULL when it is one. */
static const char *check_live(const void *p)
{
	struct heap_page *pg;
	uint32_t size;

	if ((uint32_t)p < HEAP_START || (uint32_t)p >= HEAP_END)
		return "not a heap address";
	pg = &pages[page_index(p)];
	switch (pg->kind) {
	case PAGE_SLAB:
		size = class_size(pg->size_class);
		if (PGOFF(p) % size)
			return "not the start of an object";
		if (!test_bit(pg->in_use, PGOFF(p) / size))
			return "never allocated";
		if (test_bit(pg->quarantined, PGOFF(p) / size))
			return "double free";
		return NULL;
	case PAGE_LARGE:
		if (PGOFF(p))
			return "not the start of an object";
		return pg->large_quarantined ? "double free" : NULL;
	case PAGE_LARGE_TAIL:
		return "inside a large object";
	default:
		return "never allocated";
	}
}

size_t heap_slot_size(const void *p)
{
	return check_live(p) ? 0 : slot_size(&pages[page_index(p)]);
}

void kfree(void *p)
{
	const char *why;
	struct heap_page *pg;

	if (!p)
		return;
	why = check_live(p);
	if (why) {
		/* A report like any other, printed where reports are, with
		   the object's allocation and free when there is one. */
		stats.bad_frees++;
		kmemcheck_error_save_call(strcmp(why, "double free") == 0 ?
					  KMEMCHECK_ERROR_DOUBLE_FREE :
					  KMEMCHECK_ERROR_INVALID_FREE,
					  (uint32_t)p, "kfree",
					  (uint32_t)__builtin_return_address(0),
					  *(uint32_t *)__builtin_frame_address(0));
		return;
	}
	pg = &pages[page_index(p)];
	kmemcheck_free(p, slot_size(pg));
	if (pg->kind == PAGE_LARGE) {
		pg->large_quarantined = true;
	} else {
		assign_bit(pg->quarantined, PGOFF(p) /
			   class_size(pg->size_class), true);
	}
	stats.frees++;
	quarantine_push(p);
}

uint32_t heap_size_class(uint32_t addr)
{
	if (addr < HEAP_START || addr >= HEAP_END ||
	    pages[page_index((void *)addr)].kind != PAGE_SLAB)
		return 0;
	return class_size(pages[page_index((void *)addr)].size_class);
}

void heap_get_stats(struct heap_stats *out)
{
	*out = stats;
}

void heap_init(void)
{
	memset(pages, 0, sizeof(pages));
	memset(&stats, 0, sizeof(stats));
}
