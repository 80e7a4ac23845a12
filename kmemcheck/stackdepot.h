/* kmemcheck/stackdepot.h - call stacks stored once, named by a 32-bit handle. */
#ifndef KMEMCHECK_STACKDEPOT_H
#define KMEMCHECK_STACKDEPOT_H

#include <stdint.h>

/* Frames kept per stack, counted from the caller of the allocator; a
   build may change it with -DKMEMCHECK_STACK_DEPTH=N. */
#ifndef KMEMCHECK_STACK_DEPTH
#define KMEMCHECK_STACK_DEPTH	8
#endif
/* The depot's budget: pages taken once, at init, from kmemcheck's own. */
#ifndef KMEMCHECK_DEPOT_PAGES
#define KMEMCHECK_DEPOT_PAGES	32
#endif

/* Handles that name no record. */
#define KMEMCHECK_DEPOT_NONE	0u	/* nothing was recorded */
#define KMEMCHECK_DEPOT_LOST	1u	/* recorded, but the depot was full */

/* What a record holds: its words mean different things. */
enum kmemcheck_depot_kind {
	KMEMCHECK_DEPOT_STACK,	/* return addresses, innermost first */
	KMEMCHECK_DEPOT_TRAP,	/* a faulting EIP, then return addresses */
	KMEMCHECK_DEPOT_CHAIN,	/* an origin link: see kmemcheck/origin.h */
};

struct kmemcheck_depot_stats {
	uint32_t records;	/* distinct records kept */
	uint32_t saves;		/* saves asked for */
	uint32_t lost;		/* saves that found the depot full */
	uint32_t bytes_used;	/* of the records, headers included */
	uint32_t bytes_reserved;	/* the pool, taken at init */
};

/* Takes the pool (up to pages pages; fewer when frames run out). Called
   again, it gives the old pool back first and starts empty. */
void kmemcheck_depot_init(unsigned int pages);
/* The handle of the record (kind, words[0..n)), stored the first time it
   is seen. n is at most KMEMCHECK_DEPOT_MAX_WORDS. Allocates nothing,
   prints nothing: safe in the fault path. The caller holds
   kmemcheck_lock (kmemcheck/internal.h). KMEMCHECK_DEPOT_LOST when the
   record is new and no room is left; NONE when n is 0. */
#define KMEMCHECK_DEPOT_MAX_WORDS	32
uint32_t kmemcheck_depot_save(enum kmemcheck_depot_kind kind,
			      const uint32_t *words, unsigned int n);
/* The record of handle: its words (in the pool) and how many, or 0 for
   NONE, LOST or a handle the depot never gave out. */
unsigned int kmemcheck_depot_fetch(uint32_t handle,
				   enum kmemcheck_depot_kind *kind,
				   const uint32_t **words);
void kmemcheck_depot_get_stats(struct kmemcheck_depot_stats *out);
/* For tests: no new record once bytes_used would pass limit (the pool
   size when limit is larger). Returns the previous limit. */
uint32_t kmemcheck_depot_set_limit(uint32_t limit);

#endif
