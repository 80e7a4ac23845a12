/* kmemcheck/check_fast.h - the check's shortcut for the common access. */
#ifndef KMEMCHECK_CHECK_FAST_H
#define KMEMCHECK_CHECK_FAST_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/mmu.h"
#include "kmemcheck/opcode.h"
#include "kmemcheck/shadow.h"

/*
 * Nearly every tracked access is one load or store, inside one page, of
 * bytes that are initialized (or, for a store, about to be). For those
 * kmemcheck_check_insn (check.c), the reference, reports nothing and at
 * most turns the written bytes from uninitialized into initialized.
 *
 * This shortcut does exactly that for exactly those accesses, and answers
 * true. For anything else it changes nothing and answers false, and the
 * caller takes the general path: two operands (MOVS, CMPS), the bit-level
 * policy of BITOP, an operand that crosses a page or is not tracked, and
 * every byte whose state calls for a report or for an origin. So it can
 * only ever accept; every report comes from check.c.
 * tests/host/test_check_fast.c runs both on random shadows and demands the
 * same shadow and no report wherever the shortcut accepts.
 */

/* The instructions the shortcut may take: one operand whose address is
   base + index * scale + disp, with no policy of its own in check.c, and
   no REP prefix (a REP string instruction is one range, kmemcheck/rep.c).
   Decided once per instruction, when it is decoded (insn_cache.c). */
static inline bool kmemcheck_check_fast_form(const struct kmemcheck_insn *insn)
{
	const struct kmemcheck_operand *op = &insn->op[0];

	return insn->nr_operands == 1 && !insn->rep &&
	       insn->insn_class != KMEMCHECK_INSN_BITOP && !insn->loads_ss &&
	       !insn->addr16 && op->kind == KMEMCHECK_ADDR_MODRM &&
	       op->bit_offset_reg == KMEMCHECK_REG_NONE && !op->esp_adjust;
}

/* For an instruction of that form whose operand starts at addr. */
static inline bool kmemcheck_check_fast(const struct kmemcheck_insn *insn,
					uint32_t addr)
{
	const struct kmemcheck_operand *op = &insn->op[0];
	unsigned int i, size = op->size;
	uint8_t *s;

	if (PGOFF(addr) + size > PAGE_SIZE)
		return false;
	s = kmemcheck_shadow_lookup(addr);
	if (!s)
		return false;
	/* An aligned 32-bit access to initialized bytes, the most common
	   case by far: one compare, and nothing to change. */
	if (size == 4 && !(addr & 3) &&
	    *(const uint32_t *)s == KMEMCHECK_SHADOW_INITIALIZED * 0x01010101u)
		return true;
	if (op->access & KMEMCHECK_ACCESS_READ) {
		/* A read, or the read half of a read-modify-write: every
		   byte initialized, and then the write half changes none. */
		for (i = 0; i < size; i++)
			if (s[i] != KMEMCHECK_SHADOW_INITIALIZED)
				return false;
		return true;
	}
	if (!(op->access & KMEMCHECK_ACCESS_WRITE))
		return true;		/* touches no byte's state */
	/* A write: allowed on allocated bytes, which it initializes. */
	for (i = 0; i < size; i++)
		if (s[i] != KMEMCHECK_SHADOW_INITIALIZED &&
		    s[i] != KMEMCHECK_SHADOW_UNINITIALIZED)
			return false;
	for (i = 0; i < size; i++)
		s[i] = KMEMCHECK_SHADOW_INITIALIZED;
	return true;
}

/* MOVS without REP, the shortcut's other case (REP MOVS is a range). */
static inline bool kmemcheck_check_fast_movs_form(
	const struct kmemcheck_insn *insn)
{
	return insn->insn_class == KMEMCHECK_INSN_MOVS && !insn->rep &&
	       !insn->addr16;
}

/*
 * One MOVS element of size bytes from src to dst, each inside one page:
 * accepted when every source byte is initialized and every destination
 * byte allocated. check_movs (check.c) then reports nothing, gives no
 * byte an origin (only uninitialized bytes carry one) and leaves the
 * destination initialized, overlap or not: so does this.
 */
static inline bool kmemcheck_check_fast_movs(unsigned int size, uint32_t src,
					     uint32_t dst)
{
	uint8_t *s, *d;
	unsigned int i;

	if (PGOFF(src) + size > PAGE_SIZE || PGOFF(dst) + size > PAGE_SIZE)
		return false;
	s = kmemcheck_shadow_lookup(src);
	d = kmemcheck_shadow_lookup(dst);
	if (!s || !d)
		return false;
	for (i = 0; i < size; i++)
		if (s[i] != KMEMCHECK_SHADOW_INITIALIZED ||
		    (d[i] != KMEMCHECK_SHADOW_INITIALIZED &&
		     d[i] != KMEMCHECK_SHADOW_UNINITIALIZED))
			return false;
	for (i = 0; i < size; i++)
		d[i] = KMEMCHECK_SHADOW_INITIALIZED;
	return true;
}

#endif
