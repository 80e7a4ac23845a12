/* kmemcheck/origin.h - where uninitialized bytes came from. */
#ifndef KMEMCHECK_ORIGIN_H
#define KMEMCHECK_ORIGIN_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/trap.h"

/*
 * An origin is a depot handle: the stack of the allocation that made the
 * bytes (kind STACK), or a link (kind CHAIN) naming the stack of a copy
 * that moved them and the origin they had before it.
 */
/* One origin per this many bytes, aligned: see origin.c for why. */
#define KMEMCHECK_ORIGIN_GRANULE	4
/* Copies remembered per origin; later copies keep the chain as it is. */
#define KMEMCHECK_ORIGIN_CHAIN_MAX	8

/* Gives the heap page at va its origins (all NONE): 0, or -1 when no page
   was left for them. */
int kmemcheck_origin_page_add(uint32_t va);
void kmemcheck_origin_page_remove(uint32_t va);
uint32_t kmemcheck_origin_page_count(void);
/* The origin of addr's granule; NONE when untracked or never set. */
uint32_t kmemcheck_origin_get(uint32_t addr);
/* Every granule [addr, addr + n) touches gets origin. */
void kmemcheck_origin_set(uint32_t addr, uint32_t n, uint32_t origin);
/*
 * A MOVS of n bytes from src to dst, before the shadow is copied: each
 * allocated destination byte whose source byte is uninitialized gives its
 * granule a link to the source's origin through the copy's stack (taken
 * from tf, once, and only when such a byte exists). Fault-path safe.
 * With tf NULL, a copy made by the heap (krealloc): the stack is that of
 * the heap's caller.
 */
void kmemcheck_origin_copy(uint32_t dst, uint32_t src, uint32_t n,
			   const struct trap_frame *tf);
/* The link origin names: the copy's stack and the origin before it.
   False when origin is not a link (an allocation's stack, NONE, LOST). */
bool kmemcheck_origin_link(uint32_t origin, uint32_t *copy_stack,
			  uint32_t *previous);

#endif
