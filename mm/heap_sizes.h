/* mm/heap_sizes.h - the size asked for of every slab object, kept outside
   the heap pages. */
#ifndef MM_HEAP_SIZES_H
#define MM_HEAP_SIZES_H

#include <stdint.h>

#include "kernel/mmu.h"
#include "mm/heap.h"

/* The most slots a slab page has: objects of the smallest class. */
#define HEAP_SLOTS_MAX		(PAGE_SIZE >> HEAP_MIN_SHIFT)

/* A table of HEAP_SLOTS_MAX sizes for one slab page, or NULL when no
   frame is left for it. */
uint16_t *heap_sizes_get(void);
void heap_sizes_put(uint16_t *table);
/* The memory the tables take now. */
uint32_t heap_sizes_bytes(void);

#endif
