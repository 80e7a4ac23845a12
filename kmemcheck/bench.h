/* kmemcheck/bench.h - the parts of make bench's measurement. */
#ifndef KMEMCHECK_BENCH_H
#define KMEMCHECK_BENCH_H

#include <stdint.h>

/*
 * bench_floor.c: until bench_floor_end, #PF and #DB go to two minimal
 * handlers (kmemcheck/bench_floor_entry.asm) that show and hide one page, and
 * that page is hidden: each load from it is one bare round trip. The page
 * must be whole, present and untracked, and nothing else may fault in
 * between: every #PF would show that page and no other.
 */
void bench_floor_begin(void *page);
void bench_floor_end(void);

/* bench_workloads.c: ordinary kernel code, timed with kmemcheck off and
   on. Each returns a value computed from the memory it used, so that the
   compiler keeps every access. */
#define BENCH_BUF_SIZE	4096u

/* Two heap buffers of BENCH_BUF_SIZE, src filled: made outside the timing
   for the workloads that only use memory (memset, memcpy). */
struct bench_bufs {
	uint8_t *src;
	uint8_t *dst;
};

struct bench_workload {
	const char *name;	/* the stem of its rows in build/bench.tsv */
	const char *what;	/* what it does, for the table */
	uint32_t (*run)(struct bench_bufs *b);
};

extern const struct bench_workload bench_workloads[];
extern const unsigned int bench_nr_workloads;

#endif
