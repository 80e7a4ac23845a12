/* mm/heap.h - the kernel heap: kmalloc, kzalloc, kfree. */
#ifndef MM_HEAP_H
#define MM_HEAP_H

#include <stddef.h>
#include <stdint.h>

/* Objects up to HEAP_SMALL_MAX bytes come from slabs of one size class
   (16, 32, ... 2048 bytes); larger ones get whole pages of their own. */
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
};

void heap_init(void);
/* NULL when size is 0 or no memory is left. */
void *kmalloc(size_t size);
/* kmalloc, zero-filled. */
void *kzalloc(size_t size);
/* NULL is a no-op; a pointer kmalloc did not return (or returned and was
   freed already) is reported with its caller and otherwise ignored. */
void kfree(void *ptr);
/* The usable size of a live object: its slot or its pages. 0 otherwise. */
size_t heap_slot_size(const void *ptr);
void heap_get_stats(struct heap_stats *out);
/* The slot size of the slab page holding addr; 0 when addr is not on one
   (a large object's page, a free page). For kmemcheck's reports. */
uint32_t heap_size_class(uint32_t addr);

/* Releases every quarantined object now. */
void heap_drain_quarantine(void);

#endif
