/* mm/heap.c - the kernel heap: size-class slabs and whole-page objects. */
#include <stdbool.h>

#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kmemcheck/error.h"
#include "kmemcheck/kmemcheck.h"
#include "mm/heap.h"
#include "mm/heap_sizes.h"
#include "mm/memlayout.h"
#include "mm/paging.h"

#define BITMAP_WORDS	(HEAP_SLOTS_MAX / 32)

enum heap_page_kind {
	PAGE_FREE,		/* not mapped */
	PAGE_SLAB,		/* slots of one size class */
	PAGE_LARGE,		/* first page of a large object */
	PAGE_LARGE_TAIL,	/* the other pages of a large object */
};

/*
 * The bookkeeping of every heap page lives here, in .bss, and the sizes of
 * slab objects in tables outside the heap (heap_sizes.c), never inside the
 * heap pages: kmemcheck hides those, and the allocator must not fault on
 * its own data. A slot is live when its bit is set in in_use and clear in
 * quarantined; it is quarantined when set in both.
 */
struct heap_page {
	uint8_t kind;
	uint8_t size_class;		/* PAGE_SLAB */
	bool notrack;			/* kmalloc_notrack's: never tracked */
	bool large_quarantined;		/* PAGE_LARGE */
	uint16_t used;			/* PAGE_SLAB: live + quarantined */
	union {
		uint16_t *sizes;	/* PAGE_SLAB: size asked, per slot */
		struct {
			uint32_t npages;
			uint32_t size;	/* asked */
		} large;		/* PAGE_LARGE */
	};
	uint32_t in_use[BITMAP_WORDS];
	uint32_t quarantined[BITMAP_WORDS];
};

/*
 * An object in its slot (or its pages), with kmemcheck keeping a shadow:
 *
 *   start            p = start + rz       p + size       start + reserved
 *   | left red zone  | the object's bytes | right red zone and the slack
 *   | (rz bytes): a  | u or i; f if freed | of the class or pages: a
 *
 * Every object, the first of a page and of the heap included, has its own
 * red zone on each side, so the bytes just outside it belong to no object
 * whatever its neighbours are (or whether the page before is mapped at
 * all). Untracked objects and kmemcheck=0 have no shadow to read the red
 * zones with: there rz is 0, and objects of whole pages are page-aligned.
 */
struct object {
	struct heap_page *pg;
	uint32_t page;		/* index of its (first) page */
	uint32_t slot;		/* PAGE_SLAB */
	uint8_t *start;		/* the slot or the first page */
	uint32_t reserved;	/* bytes of the slot or of the pages */
};

enum object_state { OBJECT_LIVE, OBJECT_FREED, OBJECT_NONE };

/* Where a bad pointer came from: the report's stack trace starts there. */
struct caller {
	uint32_t eip;
	uint32_t ebp;
};

/* The return address into the caller of the public function, and the
   caller's frame pointer (saved first thing in the function's frame). */
#define THIS_CALLER()							\
	((struct caller){						\
		(uint32_t)__builtin_return_address(0),			\
		*(uint32_t *)__builtin_frame_address(0) })

static struct heap_page pages[HEAP_PAGES];
static uint32_t class_hint[2][HEAP_NR_CLASSES];	/* [notrack][class] */
static void *quarantine[HEAP_QUARANTINE];
static uint32_t quarantine_head, quarantine_count;
static struct heap_stats stats;

static uint32_t page_index(const void *p)
{
	return ((uint32_t)p - HEAP_START) / PAGE_SIZE;
}

static uint8_t *page_addr(uint32_t index)
{
	return (uint8_t *)(HEAP_START + index * PAGE_SIZE);
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

/* The bytes an object of n bytes, red zones included, takes. */
static uint32_t footprint(size_t n)
{
	if (n > HEAP_SMALL_MAX)
		return PAGE_ROUND_UP(n);
	return class_size(size_class(n));
}

static uint32_t redzone(bool notrack)
{
	return notrack ? 0 : kmemcheck_redzone();
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

/* Copies through both objects' frame aliases, as fill() writes. */
static void copy(void *dst, const void *src, size_t n)
{
	uint32_t d = (uint32_t)dst, s = (uint32_t)src;

	while (n) {
		uint32_t chunk = PAGE_SIZE - PGOFF(d);

		if (chunk > PAGE_SIZE - PGOFF(s))
			chunk = PAGE_SIZE - PGOFF(s);
		if (chunk > n)
			chunk = n;
		memcpy(paging_alias(d), paging_alias(s), chunk);
		d += chunk;
		s += chunk;
		n -= chunk;
	}
}

static void unmap_pages(uint32_t first, uint32_t n)
{
	uint32_t i;

	for (i = first; i < first + n; i++) {
		if (pages[i].notrack)
			stats.notrack_pages--;
		else
			kmemcheck_page_untrack((uint32_t)page_addr(i));
		BUG_ON(frame_free(paging_unmap((uint32_t)page_addr(i))) < 0);
		pages[i].kind = PAGE_FREE;
		stats.pages--;
	}
}

/* Maps n fresh pages at the first free run; returns the first index. */
static int map_pages(uint32_t n, bool notrack)
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
		pages[i].notrack = notrack;
		stats.pages++;
		if (notrack) {
			stats.notrack_pages++;
			continue;
		}
		/* From here on the page belongs to kmemcheck too. */
		kmemcheck_page_track((uint32_t)page_addr(i));
	}
	return (int)first;
}

static bool slab_has_room(uint32_t i, unsigned int c, bool notrack)
{
	return pages[i].kind == PAGE_SLAB && pages[i].size_class == c &&
	       pages[i].notrack == notrack &&
	       pages[i].used < PAGE_SIZE / class_size(c);
}

static int find_slab(unsigned int c, bool notrack)
{
	uint32_t *hint = &class_hint[notrack][c];
	uint16_t *sizes;
	uint32_t i;
	int fresh;

	if (slab_has_room(*hint, c, notrack))
		return (int)*hint;
	for (i = 0; i < HEAP_PAGES; i++) {
		if (slab_has_room(i, c, notrack)) {
			*hint = i;
			return (int)i;
		}
	}
	sizes = heap_sizes_get();
	if (!sizes)
		return -1;
	fresh = map_pages(1, notrack);
	if (fresh < 0) {
		heap_sizes_put(sizes);
		return -1;
	}
	pages[fresh].kind = PAGE_SLAB;
	pages[fresh].size_class = (uint8_t)c;
	pages[fresh].sizes = sizes;
	*hint = (uint32_t)fresh;
	return fresh;
}

static bool alloc_small(size_t need, bool notrack, struct object *o)
{
	unsigned int c = size_class(need);
	int i = find_slab(c, notrack);

	if (i < 0)
		return false;
	o->page = (uint32_t)i;
	o->pg = &pages[i];
	for (o->slot = 0; test_bit(o->pg->in_use, o->slot); o->slot++)
		;
	assign_bit(o->pg->in_use, o->slot, true);
	o->pg->used++;
	o->reserved = class_size(c);
	o->start = page_addr(o->page) + o->slot * o->reserved;
	return true;
}

static bool alloc_large(size_t need, bool notrack, struct object *o)
{
	uint32_t n = PAGE_ROUND_UP(need) / PAGE_SIZE;
	int i = map_pages(n, notrack);

	if (i < 0)
		return false;
	o->page = (uint32_t)i;
	o->pg = &pages[i];
	o->pg->kind = PAGE_LARGE;
	o->pg->large.npages = n;
	o->slot = 0;
	o->reserved = n * PAGE_SIZE;
	o->start = page_addr(o->page);
	return true;
}

static bool alloc_once(size_t need, bool notrack, struct object *o)
{
	return need > HEAP_SMALL_MAX ? alloc_large(need, notrack, o) :
				       alloc_small(need, notrack, o);
}

static uint32_t object_size(const struct object *o)
{
	return o->pg->kind == PAGE_LARGE ? o->pg->large.size :
					   o->pg->sizes[o->slot];
}

static void set_object_size(const struct object *o, uint32_t size)
{
	if (o->pg->kind == PAGE_LARGE)
		o->pg->large.size = size;
	else
		o->pg->sizes[o->slot] = (uint16_t)size;
}

/* What the red zones of an object of size bytes in o cost over the same
   object without them. */
static uint32_t redzone_cost(const struct object *o, uint32_t size)
{
	return o->reserved - footprint(size);
}

/* Which object p is the start of, if any, and whether it is live. */
static enum object_state find_object(const void *p, struct object *o)
{
	uint32_t rz;

	if ((uint32_t)p < HEAP_START || (uint32_t)p >= HEAP_END)
		return OBJECT_NONE;
	o->page = page_index(p);
	o->pg = &pages[o->page];
	rz = redzone(o->pg->notrack);
	switch (o->pg->kind) {
	case PAGE_SLAB:
		o->reserved = class_size(o->pg->size_class);
		if (PGOFF(p) % o->reserved != rz)
			return OBJECT_NONE;
		o->slot = PGOFF(p) / o->reserved;
		o->start = page_addr(o->page) + o->slot * o->reserved;
		if (!test_bit(o->pg->in_use, o->slot))
			return OBJECT_NONE;
		return test_bit(o->pg->quarantined, o->slot) ? OBJECT_FREED :
							       OBJECT_LIVE;
	case PAGE_LARGE:
		if (PGOFF(p) != rz)
			return OBJECT_NONE;
		o->slot = 0;
		o->reserved = o->pg->large.npages * PAGE_SIZE;
		o->start = page_addr(o->page);
		return o->pg->large_quarantined ? OBJECT_FREED : OBJECT_LIVE;
	default:
		return OBJECT_NONE;
	}
}

/*
 * A pointer that is not a live object is a kmemcheck report, with or
 * without a shadow (kmemcheck=0): the heap knows a double free from its
 * own bookkeeping, and silence would be worse. Once the quarantine has let
 * an object go, a second free of it can no longer be told from a pointer
 * never given out: it is an invalid free.
 */
static void bad_free(const void *p, enum object_state state, struct caller c)
{
	stats.bad_frees++;
	kmemcheck_error_save_call(state == OBJECT_FREED ?
				  KMEMCHECK_ERROR_DOUBLE_FREE :
				  KMEMCHECK_ERROR_INVALID_FREE,
				  (uint32_t)p, "kfree", c.eip, c.ebp);
}

/* The same for the other functions given an object: op is their name. */
static void bad_use(const void *p, enum object_state state, const char *op,
		    struct caller c)
{
	kmemcheck_error_save_call(state == OBJECT_FREED ?
				  KMEMCHECK_ERROR_FREED_POINTER :
				  KMEMCHECK_ERROR_INVALID_POINTER,
				  (uint32_t)p, op, c.eip, c.ebp);
}

/* Really frees an object that has served its time in quarantine. */
static void release(void *p)
{
	struct object o;
	uint32_t size;

	BUG_ON(find_object(p, &o) != OBJECT_FREED);
	size = object_size(&o);
	stats.objects--;
	stats.redzone_bytes -= 2 * redzone(o.pg->notrack);
	stats.redzone_cost -= redzone_cost(&o, size);
	if (o.pg->kind == PAGE_LARGE) {
		unmap_pages(o.page, o.pg->large.npages);
		return;
	}
	assign_bit(o.pg->in_use, o.slot, false);
	assign_bit(o.pg->quarantined, o.slot, false);
	/* The whole slot, red zones too, is unallocated again: a live
	   object finds them so, whatever was marked there meanwhile. */
	kmemcheck_release(o.start, o.reserved);
	if (--o.pg->used == 0) {
		heap_sizes_put(o.pg->sizes);
		unmap_pages(o.page, 1);
	}
}

static void drain_quarantine(void)
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

/* Into quarantine: only the object's own bytes become freed; its red
   zones stay unallocated, so an overflow next to a freed object is still
   called an overflow. */
static void free_object(void *p, const struct object *o)
{
	kmemcheck_free(p, object_size(o));
	if (o->pg->kind == PAGE_LARGE)
		o->pg->large_quarantined = true;
	else
		assign_bit(o->pg->quarantined, o->slot, true);
	stats.frees++;
	quarantine_push(p);
}

/* The shadow of a slot that is not live is all unallocated (fresh pages
   start so, and release() puts it back), so only the object's own bytes
   need marking. */
static void *alloc(size_t size, bool zeroed, bool notrack)
{
	uint32_t rz = redzone(notrack);
	struct object o;
	uint8_t *p;
	bool ok;

	if (size == 0)
		return NULL;
	if (size > HEAP_END - HEAP_START - 2 * rz) {
		stats.failed++;
		return NULL;
	}
	ok = alloc_once(size + 2 * rz, notrack, &o);
	if (!ok && quarantine_count) {
		/* Memory held only to catch use after free is the first to
		   go when it runs out. */
		drain_quarantine();
		ok = alloc_once(size + 2 * rz, notrack, &o);
	}
	if (!ok) {
		stats.failed++;
		return NULL;
	}
	p = o.start + rz;
	set_object_size(&o, size);
	stats.allocations++;
	stats.objects++;
	stats.redzone_bytes += 2 * rz;
	stats.redzone_cost += redzone_cost(&o, size);
	if (zeroed)
		fill(p, 0, size);
	if (!notrack)
		kmemcheck_alloc(p, size, zeroed);
	return p;
}

/*
 * Every CPU allocates and frees: each entry point takes heap_lock, inline
 * in its own frame (kmemcheck's stacks count the frames up to the caller
 * of kmalloc). Under it the heap calls kmemcheck's hooks, which take
 * kmemcheck_lock, and unmaps pages, which waits for the other CPUs' TLB
 * shootdown: a CPU spinning on either lock still answers it
 * (kernel/spinlock.h).
 */
static struct spinlock heap_lock = SPINLOCK_INIT;

static void *alloc_locked(size_t size, bool zeroed, bool notrack)
{
	uint32_t flags = spin_lock_irqsave(&heap_lock);
	void *p = alloc(size, zeroed, notrack);

	spin_unlock_irqrestore(&heap_lock, flags);
	return p;
}

void *kmalloc(size_t size)
{
	return alloc_locked(size, false, false);
}

void *kzalloc(size_t size)
{
	return alloc_locked(size, true, false);
}

void *kmalloc_notrack(size_t size)
{
	return alloc_locked(size, false, true);
}

void *kzalloc_notrack(size_t size)
{
	return alloc_locked(size, true, true);
}

void heap_drain_quarantine(void)
{
	uint32_t flags = spin_lock_irqsave(&heap_lock);

	drain_quarantine();
	spin_unlock_irqrestore(&heap_lock, flags);
}

size_t heap_slot_size(const void *p)
{
	uint32_t flags = spin_lock_irqsave(&heap_lock);
	struct object o;
	size_t n = find_object(p, &o) == OBJECT_LIVE ? o.reserved : 0;

	spin_unlock_irqrestore(&heap_lock, flags);
	return n;
}

static void free_checked(void *p, struct caller c)
{
	struct object o;
	enum object_state state = find_object(p, &o);

	if (state != OBJECT_LIVE) {
		bad_free(p, state, c);
		return;
	}
	free_object(p, &o);
}

void kfree(void *p)
{
	uint32_t flags;

	if (!p)
		return;
	flags = spin_lock_irqsave(&heap_lock);
	free_checked(p, THIS_CALLER());
	spin_unlock_irqrestore(&heap_lock, flags);
}

/*
 * Linux's ksize gives the usable size (the whole slot), inviting callers
 * to use bytes they never asked for. Here those bytes are the red zones
 * and the slack that catch overflows: ksize gives the size asked for, so
 * that code sizing its accesses by it stays inside the object.
 */
size_t ksize(const void *p)
{
	struct object o;
	enum object_state state;
	uint32_t flags;
	size_t n = 0;

	if (!p)
		return 0;
	flags = spin_lock_irqsave(&heap_lock);
	state = find_object(p, &o);
	if (state != OBJECT_LIVE)
		bad_use(p, state, "ksize", THIS_CALLER());
	else
		n = object_size(&o);
	spin_unlock_irqrestore(&heap_lock, flags);
	return n;
}

static void *realloc_locked(void *p, size_t size, struct caller c)
{
	struct object o;
	enum object_state state;
	uint32_t old;
	uint8_t *q;

	if (!p)
		return alloc(size, false, false);
	state = find_object(p, &o);
	if (state != OBJECT_LIVE) {
		bad_use(p, state, "krealloc", c);
		return NULL;
	}
	if (size == 0) {
		free_object(p, &o);
		return NULL;
	}
	old = object_size(&o);
	if (size <= old) {
		/* In place: the bytes cut off join the right red zone. */
		stats.redzone_cost -= redzone_cost(&o, old);
		stats.redzone_cost += redzone_cost(&o, size);
		set_object_size(&o, size);
		if (!o.pg->notrack)
			kmemcheck_release((uint8_t *)p + size, old - size);
		return p;
	}
	q = alloc(size, false, o.pg->notrack);
	if (!q)
		return NULL;
	copy(q, p, old);
	if (!o.pg->notrack)
		kmemcheck_copy(q, p, old);
	free_object(p, &o);
	return q;
}

void *krealloc(void *p, size_t size)
{
	uint32_t flags = spin_lock_irqsave(&heap_lock);
	void *q = realloc_locked(p, size, THIS_CALLER());

	spin_unlock_irqrestore(&heap_lock, flags);
	return q;
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
	uint32_t flags = spin_lock_irqsave(&heap_lock);

	*out = stats;
	out->sizes_bytes = heap_sizes_bytes();
	spin_unlock_irqrestore(&heap_lock, flags);
}

void heap_print_stats(void)
{
	struct heap_stats h;

	heap_get_stats(&h);
	printk("heap: %u pages (%u untracked), %u allocations, %u frees, "
	       "%u failed, %u bad frees\n", h.pages, h.notrack_pages,
	       h.allocations, h.frees, h.failed, h.bad_frees);
	printk("heap: %u objects live or quarantined; their red zones: "
	       "%u bytes, making the heap hold %u bytes more than without "
	       "them; size tables outside the heap: %u bytes\n", h.objects,
	       h.redzone_bytes, h.redzone_cost, h.sizes_bytes);
}

void heap_init(void)
{
	memset(pages, 0, sizeof(pages));
	memset(&stats, 0, sizeof(stats));
}
