/* kmemcheck/shadow.h - one state byte for every byte of every heap page. */
#ifndef KMEMCHECK_SHADOW_H
#define KMEMCHECK_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/mmu.h"
#include "mm/memlayout.h"

enum kmemcheck_shadow {
	KMEMCHECK_SHADOW_UNALLOCATED,
	KMEMCHECK_SHADOW_UNINITIALIZED,
	KMEMCHECK_SHADOW_INITIALIZED,
	KMEMCHECK_SHADOW_FREED,
	KMEMCHECK_SHADOW_NR_STATES,
};

/* The report's words and letters for each state. */
extern const char *const kmemcheck_shadow_name[KMEMCHECK_SHADOW_NR_STATES];
extern const char kmemcheck_shadow_letter[KMEMCHECK_SHADOW_NR_STATES];

/* kmemcheck's own page allocator (kmemcheck/pages.c; a stand-in in the
   host tests): whole pages that are never tracked. */
void *kmemcheck_page_alloc(void);
void kmemcheck_page_free(void *page);

/* Gives the heap page at va a shadow, all unallocated: 0, or -1 when no
   page was left for it (the page then goes untracked). */
int kmemcheck_shadow_page_add(uint32_t va);
void kmemcheck_shadow_page_remove(uint32_t va);
/* One page of shadow per heap page, found by the heap page's index. The
   array itself is kmemcheck's, in .bss: never tracked. */
extern uint8_t *kmemcheck_shadow_pages[HEAP_PAGES];

/* The shadow byte of addr, or NULL when addr is not tracked. Inline: the
   fault path asks on every access. */
static inline uint8_t *kmemcheck_shadow_lookup(uint32_t addr)
{
	uint8_t *page;

	if (addr - HEAP_START >= HEAP_END - HEAP_START)
		return NULL;
	page = kmemcheck_shadow_pages[(addr - HEAP_START) / PAGE_SIZE];
	return page ? page + PGOFF(addr) : NULL;
}
/* Sets the tracked bytes of [addr, addr + n); untracked ones are skipped. */
void kmemcheck_shadow_set(uint32_t addr, uint32_t n,
			  enum kmemcheck_shadow state);
/* The tracked bytes of [addr, addr + n) in state from change to to. */
void kmemcheck_shadow_replace(uint32_t addr, uint32_t n,
			      enum kmemcheck_shadow from,
			      enum kmemcheck_shadow to);
/* True when some byte of [addr, addr + n) is tracked. */
bool kmemcheck_shadow_tracked(uint32_t addr, uint32_t n);
/* Finds the first tracked byte of [addr, addr + n) whose state is not
   initialized, or (with only_invalid) that is freed or unallocated. */
bool kmemcheck_shadow_find(uint32_t addr, uint32_t n, bool only_invalid,
			   uint32_t *where, enum kmemcheck_shadow *state);
/* What MOVS does to the shadow: each destination byte that is allocated
   becomes uninitialized when its source byte is, else initialized (an
   untracked source byte was written by the CPU unseen; a freed or
   unallocated one is reported by the caller, and one bug is reported
   once). Freed and unallocated destination bytes keep their state.
   Overlapping ranges behave as memmove: every state moves with its byte. */
void kmemcheck_shadow_copy(uint32_t dst, uint32_t src, uint32_t n);
/* Every uninitialized byte becomes initialized (see set_enabled). */
void kmemcheck_shadow_trust_all(void);
/* Calls fn for each heap page that has a shadow; fn adds or removes none. */
void kmemcheck_shadow_for_each_page(void (*fn)(uint32_t va));
uint32_t kmemcheck_shadow_page_count(void);

#endif
