/* kmemcheck/insn_cache.c - decoded instructions kept by their address. */
#include <stdbool.h>

#include "kernel/string.h"

#include "kmemcheck/check_fast.h"
#include "kmemcheck/insn_cache.h"
#include "kmemcheck/opcode.h"

/* The linker's bounds of .text (linker.ld). */
extern uint8_t _text_start[], _text_end[];

struct kmemcheck_insn_cache_slot
	kmemcheck_insn_cache[SMP_MAX_CPUS][KMEMCHECK_INSN_CACHE_SLOTS];

bool kmemcheck_insn_cacheable(uint32_t eip)
{
	return eip >= (uint32_t)_text_start && eip < (uint32_t)_text_end;
}

const struct kmemcheck_insn *
kmemcheck_insn_cache_decode(uint32_t eip, const uint8_t *code,
			    unsigned int len, struct kmemcheck_insn *local)
{
	struct kmemcheck_insn_cache_slot *slot;

	if (!kmemcheck_insn_cacheable(eip))
		return kmemcheck_opcode_decode(code, len, local) == 0 ?
		       local : NULL;
	/* Straight into the slot: no copy. Emptied first, so a decode
	   that fails leaves no half-written instruction behind. */
	slot = kmemcheck_insn_cache_slot(eip);
	slot->eip = 0;
	if (kmemcheck_opcode_decode(code, len, &slot->insn) < 0)
		return NULL;
	slot->fast = kmemcheck_check_fast_form(&slot->insn);
	slot->fast_movs = kmemcheck_check_fast_movs_form(&slot->insn);
	/* Asked only while emulating: a first access pays for it only
	   then (kmemcheck_set_emulate empties the cache when it changes). */
	slot->move = kmemcheck_emulate_enabled &&
		     kmemcheck_move_decode(&slot->insn, code,
					   &slot->move_form);
	slot->eip = eip;
	return &slot->insn;
}

void kmemcheck_insn_cache_clear(void)
{
	memset(kmemcheck_insn_cache, 0, sizeof(kmemcheck_insn_cache));
}
