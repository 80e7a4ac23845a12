/* mm/heap.h - the kernel heap: kmalloc, kzalloc, krealloc, ksize, kfree. */
#ifndef MM_HEAP_H
#define MM_HEAP_H

#include <stddef.h>
#include <stdint.h>

/* Objects up to HEAP_SMALL_MAX bytes, red zones included, come from slabs
   of one size class (16, 32, ... 2048 bytes); larger ones get whole pages
   of their own. */
#define HEAP_MIN_SHIFT		4
#define HEAP_NR_CLASSES		8
#define HEAP_SMALL_MAX		(1u << (HEAP_MIN_SHIFT + HEAP_NR_CLASSES - 1))
/* Freed objects wait this many frees before their memory is reused, so a
   use after free still finds them marked freed. */
#define HEAP_QUARANTINE		64

struct heap_stats {
	uint32_t allocations;
	uint32_t frees;
	uint32_t failed;	/* kmalloc returned NULL */
	uint32_t bad_frees;	/* double frees and foreign pointers */
	uint32_t pages;		/* heap pages mapped now */
	uint32_t notrack_pages;	/* of those, pages of untracked objects */
	uint32_t objects;	/* objects live or quarantined now */
	/* What guarding them costs (tracked objects, kmemcheck on): */
	uint32_t redzone_bytes;	/* the red zones themselves, both sides */
	uint32_t redzone_cost;	/* heap bytes taken beyond what the same
				   objects would take without red zones: the
				   larger size classes and extra pages */
	uint32_t sizes_bytes;	/* outside the heap: the tables of slab
				   objects' sizes */
};

void heap_init(void);
/* NULL when size is 0 or no memory is left. With kmemcheck on, the
   object is tracked: every access is checked, and KMEMCHECK_REDZONE
   unallocated bytes on each side catch an overflow or underflow. */
void *kmalloc(size_t size);
/* kmalloc, zero-filled. */
void *kzalloc(size_t size);
/*
 * Memory kmemcheck never tracks (Linux's __GFP_NOTRACK): its pages are
 * never hidden and have no shadow, so no access to it faults. For what
 * the CPU or a device uses behind the checker's back: stacks (a push to a
 * hidden page would fault while delivering its own fault), DMA buffers,
 * page tables. Objects of a page or more are page-aligned. Freed by kfree.
 */
void *kmalloc_notrack(size_t size);
void *kzalloc_notrack(size_t size);
/* NULL is a no-op; a pointer kmalloc did not return (or returned and was
   freed already) is a kmemcheck report (invalid free, double free) and is
   otherwise ignored. */
void kfree(void *ptr);
/*
 * Resizes a live object: krealloc(NULL, n) is kmalloc(n), krealloc(p, 0)
 * is kfree(p) and gives NULL. Shrinking keeps the object where it is and
 * makes the bytes cut off unallocated; growing moves it into a new object
 * (the old one goes to quarantine, so a stale pointer is caught), bytes and
 * shadow states both. NULL when no memory is left (p is then untouched),
 * or when p is not a live object (a kmemcheck report).
 */
void *krealloc(void *ptr, size_t size);
/* The size the live object was asked for (by kmalloc or krealloc). A
   freed or foreign pointer is a kmemcheck report and gives 0; NULL gives
   0. */
size_t ksize(const void *ptr);
/* The bytes the heap holds for a live object, red zones included: its slot
   or its pages. 0 otherwise, silently: a question, not a use. */
size_t heap_slot_size(const void *ptr);
void heap_get_stats(struct heap_stats *out);
/* The statistics, and what the guards cost, in a few lines. */
void heap_print_stats(void);
/* The slot size of the slab page holding addr; 0 when addr is not on one
   (a large object's page, a free page). For kmemcheck's reports. */
uint32_t heap_size_class(uint32_t addr);
/* Releases every quarantined object now. */
void heap_drain_quarantine(void);

#endif
