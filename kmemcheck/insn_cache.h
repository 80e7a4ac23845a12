/* kmemcheck/insn_cache.h - decoded instructions kept by their address. */
#ifndef KMEMCHECK_INSN_CACHE_H
#define KMEMCHECK_INSN_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/smp.h"
#include "kmemcheck/emulate.h"
#include "kmemcheck/opcode.h"

/*
 * A loop that walks a heap object faults at the same few instructions over
 * and over; decoding each again is most of what a fault costs. The cache
 * keeps the decoder's answer per EIP, direct-mapped: a slot holds the last
 * instruction whose address hashed to it.
 *
 * Only kernel text is cached, and nothing is ever invalidated: the text is
 * mapped read-only once paging is on, with CR0.WP set so ring 0 cannot
 * write it either (mm/paging.c), and the kernel loads no code, so the bytes
 * at a text address never change while the kernel runs. Code run from
 * anywhere else (the heap, which is a bug kmemcheck reports) is decoded
 * every time.
 */
#define KMEMCHECK_INSN_CACHE_SLOTS	256	/* a power of two */

struct kmemcheck_insn_cache_slot {
	uint32_t eip;			/* 0: empty (page 0 is never text) */
	bool fast;			/* of the form the fast path takes
					   (kmemcheck_check_fast_form) */
	bool fast_movs;			/* a MOVS the fast path takes
					   (kmemcheck_check_fast_movs_form) */
	bool move;			/* a move kmemcheck_move_do can
					   carry out, described by move */
	struct kmemcheck_move move_form;
	struct kmemcheck_insn insn;
};

/* One cache per CPU: a CPU fills its slots while others read theirs,
   with no lock and no torn slot. */
extern struct kmemcheck_insn_cache_slot
	kmemcheck_insn_cache[SMP_MAX_CPUS][KMEMCHECK_INSN_CACHE_SLOTS];

static inline struct kmemcheck_insn_cache_slot *
kmemcheck_insn_cache_slot(uint32_t eip)
{
	/* Instructions of one loop sit within a few dozen bytes: the low
	   bits alone spread them over the slots. */
	return &kmemcheck_insn_cache[smp_this_cpu()]
				    [eip & (KMEMCHECK_INSN_CACHE_SLOTS - 1)];
}

/* The cached instruction at eip, or NULL when it is not cached. */
static inline const struct kmemcheck_insn_cache_slot *
kmemcheck_insn_cache_find(uint32_t eip)
{
	struct kmemcheck_insn_cache_slot *slot = kmemcheck_insn_cache_slot(eip);

	return slot->eip == eip ? slot : NULL;
}

/* True when eip is kernel text, whose bytes never change. */
bool kmemcheck_insn_cacheable(uint32_t eip);
/* Decodes the instruction whose len bytes at code are those at eip: into
   its cache slot when eip is cacheable, else into *local. NULL when the
   decoder does not know it. */
const struct kmemcheck_insn *
kmemcheck_insn_cache_decode(uint32_t eip, const uint8_t *code,
			    unsigned int len, struct kmemcheck_insn *local);
/* Forgets every instruction. */
void kmemcheck_insn_cache_clear(void);

#endif
