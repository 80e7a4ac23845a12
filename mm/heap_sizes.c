/* mm/heap_sizes.c - the size asked for of every slab object, kept outside
   the heap pages. */
#include <stddef.h>

#include "kernel/panic.h"
#include "mm/frame.h"
#include "mm/heap_sizes.h"
#include "mm/memlayout.h"
#include "mm/paging.h"

/*
 * A slab page of the smallest class holds 256 objects: a size each, two
 * bytes, in .bss for every possible heap page, would be 8 MiB. Tables are
 * cut instead from identity-mapped frames, several to a frame, only for the
 * slab pages that exist. They are never inside heap pages: kmemcheck hides
 * those, and kfree must know an object's size without faulting (and
 * without trusting bytes a buggy caller may have overwritten).
 */
#define TABLE_BYTES		(HEAP_SLOTS_MAX * sizeof(uint16_t))
#define TABLES_PER_FRAME	(PAGE_SIZE / TABLE_BYTES)
#define FRAMES_MAX		(HEAP_PAGES / TABLES_PER_FRAME)

_Static_assert(TABLES_PER_FRAME <= 8, "one bit per table in a uint8_t");

static struct {
	uint16_t *base;		/* NULL: no frame */
	uint8_t used;		/* one bit per table */
} frames[FRAMES_MAX];
static uint32_t nr_frames;

static uint16_t *take(unsigned int f)
{
	unsigned int t = 0;

	while (frames[f].used & (1u << t))
		t++;
	frames[f].used |= (uint8_t)(1u << t);
	return frames[f].base + t * HEAP_SLOTS_MAX;
}

uint16_t *heap_sizes_get(void)
{
	unsigned int f, empty = FRAMES_MAX;
	const uint8_t full = (uint8_t)((1u << TABLES_PER_FRAME) - 1);
	physaddr_t pa;

	for (f = 0; f < FRAMES_MAX; f++) {
		if (frames[f].base && frames[f].used != full)
			return take(f);
		if (!frames[f].base && empty == FRAMES_MAX)
			empty = f;
	}
	/* There are never more slab pages than heap pages. */
	BUG_ON(empty == FRAMES_MAX);
	pa = frame_alloc();
	if (!pa)
		return NULL;
	frames[empty].base = phys_to_virt(pa);
	frames[empty].used = 0;
	nr_frames++;
	return take(empty);
}

void heap_sizes_put(uint16_t *table)
{
	uint16_t *base = (uint16_t *)PAGE_ROUND_DOWN(table);
	unsigned int f, t = (unsigned int)(table - base) / HEAP_SLOTS_MAX;

	for (f = 0; f < FRAMES_MAX && frames[f].base != base; f++)
		;
	BUG_ON(f == FRAMES_MAX || !(frames[f].used & (1u << t)));
	frames[f].used &= (uint8_t)~(1u << t);
	if (frames[f].used)
		return;
	BUG_ON(frame_free((physaddr_t)base) < 0);
	frames[f].base = NULL;
	nr_frames--;
}

uint32_t heap_sizes_bytes(void)
{
	return nr_frames * PAGE_SIZE;
}
