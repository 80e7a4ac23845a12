/* mm/frame.c - the physical frame allocator: one bit per 4 KiB frame. */
#include <stdbool.h>

#include "kernel/mmu.h"
#include "mm/frame.h"
#include "mm/memlayout.h"

#define MAX_FRAMES	(DIRECT_MAX / PAGE_SIZE)
#define WORD_BITS	32

static uint32_t used[MAX_FRAMES / WORD_BITS];	/* 1: in use or absent */
/* 1: handed out by frame_alloc. Without it frame_free could not tell an
   allocated frame from a reserved one, and would put the kernel image or
   the loader's data into the pool. */
static uint32_t allocated[MAX_FRAMES / WORD_BITS];
static uint32_t nr_frames;
static uint32_t nr_free;
static uint32_t nr_total;
static uint32_t next_search;			/* a word index */

static bool test_bit(const uint32_t *map, uint32_t f)
{
	return map[f / WORD_BITS] & (1u << (f % WORD_BITS));
}

static void assign_bit(uint32_t *map, uint32_t f, bool v)
{
	if (v)
		map[f / WORD_BITS] |= 1u << (f % WORD_BITS);
	else
		map[f / WORD_BITS] &= ~(1u << (f % WORD_BITS));
}

void frame_init(physaddr_t limit)
{
	uint32_t i;

	nr_frames = limit / PAGE_SIZE;
	if (nr_frames > MAX_FRAMES)
		nr_frames = MAX_FRAMES;
	for (i = 0; i < MAX_FRAMES / WORD_BITS; i++) {
		used[i] = ~0u;
		allocated[i] = 0;
	}
	nr_free = nr_total = next_search = 0;
}

void frame_add_free(uint64_t start, uint64_t end)
{
	uint64_t f = (start + PAGE_SIZE - 1) / PAGE_SIZE;

	/* Frame 0 stays in use so that 0 can mean "no frame". */
	if (f == 0)
		f = 1;
	for (; f < end / PAGE_SIZE && f < nr_frames; f++) {
		if (!test_bit(used, (uint32_t)f))
			continue;
		assign_bit(used, (uint32_t)f, false);
		nr_free++;
		nr_total++;
	}
}

void frame_reserve(uint64_t start, uint64_t end)
{
	uint64_t f;

	for (f = start / PAGE_SIZE;
	     f < (end + PAGE_SIZE - 1) / PAGE_SIZE && f < nr_frames; f++) {
		if (test_bit(used, (uint32_t)f))
			continue;
		assign_bit(used, (uint32_t)f, true);
		nr_free--;
		nr_total--;
	}
}

/* No lock of its own: after boot every frame is taken and given back on
   the heap's paths (pages, page tables of kmemcheck's records), under the
   heap's lock (mm/heap.c); before the other CPUs start, only the boot CPU
   runs. */
physaddr_t frame_alloc(void)
{
	uint32_t words = (nr_frames + WORD_BITS - 1) / WORD_BITS;
	uint32_t n, w, bit;

	if (nr_free == 0)
		return 0;
	/* Next fit over whole words: skip 32 used frames at a time. */
	for (n = 0; n < words; n++) {
		w = (next_search + n) % words;
		if (used[w] == ~0u)
			continue;
		bit = (uint32_t)__builtin_ctz(~used[w]);
		if (w * WORD_BITS + bit >= nr_frames)
			continue;
		assign_bit(used, w * WORD_BITS + bit, true);
		assign_bit(allocated, w * WORD_BITS + bit, true);
		nr_free--;
		next_search = w;
		return (w * WORD_BITS + bit) * PAGE_SIZE;
	}
	return 0;
}

int frame_free(physaddr_t pa)
{
	uint32_t f = pa / PAGE_SIZE;

	if (pa % PAGE_SIZE || f == 0 || f >= nr_frames ||
	    !test_bit(allocated, f))
		return -1;
	assign_bit(used, f, false);
	assign_bit(allocated, f, false);
	nr_free++;
	return 0;
}

uint32_t frame_free_count(void)
{
	return nr_free;
}

uint32_t frame_total_count(void)
{
	return nr_total;
}
