/* kmemcheck/insn_cache.c - decoded instructions kept by their address. */
#include <stdbool.h>

#include "kmemcheck/check_fast.h"
#include "kmemcheck/insn_cache.h"

/* The linker's bounds of .text (linker.ld). */
extern uint8_t _text_start[], _text_end[];

struct kmemcheck_insn_cache_slot
	kmemcheck_insn_cache[KMEMCHECK_INSN_CACHE_SLOTS];

bool kmemcheck_insn_cacheable(uint32_t eip)
{
	return eip >= (uint32_t)_text_start && eip < (uint32_t)_text_end;
}

void kmemcheck_insn_cache_add(uint32_t eip, const struct kmemcheck_insn *insn)
{
	struct kmemcheck_insn_cache_slot *slot;

	if (!kmemcheck_insn_cacheable(eip))
		return;
	slot = kmemcheck_insn_cache_slot(eip);
	slot->eip = eip;
	slot->fast = kmemcheck_check_fast_form(insn);
	slot->insn = *insn;
}
