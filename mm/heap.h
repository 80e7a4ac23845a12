/* mm/heap.h - the kernel heap: kmalloc, kzalloc, kfree. */
#ifndef MM_HEAP_H
#define MM_HEAP_H

#include <stdbool.h>
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

enum heap_object_state {
	HEAP_OBJECT_LIVE,
	HEAP_OBJECT_FREED,	/* freed, waiting in quarantine */
};

/* What a report says about the object at or next to an address. */
struct heap_object {
	uint32_t start;
	uint32_t size;		/* bytes asked for (the slot's without kmemcheck) */
	uint32_t slot_size;	/* bytes the heap set aside for it */
	uint32_t size_class;	/* the slab's class in bytes; 0 when large */
	uint8_t state;		/* enum heap_object_state */
	uint32_t alloc_stack;	/* kmemcheck stack depot handles */
	uint32_t free_stack;
};
/* The object whose slot holds addr or, when that slot is free, the one
   in the slot before it or else after it. False when there is none.
   Reads only the heap's bookkeeping: safe in the fault path. */
bool heap_find_object(uint32_t addr, struct heap_object *out);
/* Releases every quarantined object now. */
void heap_drain_quarantine(void);

#endif
