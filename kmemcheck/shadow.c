/* kmemcheck/shadow.c - one state byte for every byte of every heap page. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kmemcheck/shadow.h"
#include "mm/memlayout.h"

const char *const kmemcheck_shadow_name[KMEMCHECK_SHADOW_NR_STATES] = {
	[KMEMCHECK_SHADOW_UNALLOCATED] = "unallocated",
	[KMEMCHECK_SHADOW_UNINITIALIZED] = "uninitialized",
	[KMEMCHECK_SHADOW_INITIALIZED] = "initialized",
	[KMEMCHECK_SHADOW_FREED] = "freed",
};

const char kmemcheck_shadow_letter[KMEMCHECK_SHADOW_NR_STATES] = {
	[KMEMCHECK_SHADOW_UNALLOCATED] = 'a',
	[KMEMCHECK_SHADOW_UNINITIALIZED] = 'u',
	[KMEMCHECK_SHADOW_INITIALIZED] = 'i',
	[KMEMCHECK_SHADOW_FREED] = 'f',
};

uint8_t *kmemcheck_shadow_pages[HEAP_PAGES];
static uint32_t nr_pages;

static uint8_t **slot_of(uint32_t addr)
{
	if (addr < HEAP_START || addr >= HEAP_END)
		return NULL;
	return &kmemcheck_shadow_pages[(addr - HEAP_START) / PAGE_SIZE];
}

int kmemcheck_shadow_page_add(uint32_t va)
{
	uint8_t **slot = slot_of(va);
	uint8_t *page;
	uint32_t i;

	if (!slot)
		return -1;
	page = kmemcheck_page_alloc();
	if (!page)
		return -1;
	for (i = 0; i < PAGE_SIZE; i++)
		page[i] = KMEMCHECK_SHADOW_UNALLOCATED;
	*slot = page;
	nr_pages++;
	return 0;
}

void kmemcheck_shadow_page_remove(uint32_t va)
{
	uint8_t **slot = slot_of(va);

	if (!slot || !*slot)
		return;
	kmemcheck_page_free(*slot);
	*slot = NULL;
	nr_pages--;
}

/*
 * The range helpers walk [addr, addr + n) one page at a time: the bytes of
 * a page share one shadow page, or none. n counts down rather than
 * comparing addresses, so a range may end at the top of the address space.
 */
static uint32_t chunk(uint32_t addr, uint32_t n)
{
	uint32_t room = PAGE_SIZE - PGOFF(addr);

	return n < room ? n : room;
}

void kmemcheck_shadow_set(uint32_t addr, uint32_t n,
			  enum kmemcheck_shadow state)
{
	while (n) {
		uint32_t len = chunk(addr, n), i;
		uint8_t *s = kmemcheck_shadow_lookup(addr);

		for (i = 0; s && i < len; i++)
			s[i] = (uint8_t)state;
		addr += len;
		n -= len;
	}
}

void kmemcheck_shadow_replace(uint32_t addr, uint32_t n,
			      enum kmemcheck_shadow from,
			      enum kmemcheck_shadow to)
{
	while (n) {
		uint32_t len = chunk(addr, n), i;
		uint8_t *s = kmemcheck_shadow_lookup(addr);

		for (i = 0; s && i < len; i++)
			if (s[i] == from)
				s[i] = (uint8_t)to;
		addr += len;
		n -= len;
	}
}

bool kmemcheck_shadow_tracked(uint32_t addr, uint32_t n)
{
	while (n) {
		uint32_t len = chunk(addr, n);

		if (kmemcheck_shadow_lookup(addr))
			return true;
		addr += len;
		n -= len;
	}
	return false;
}

bool kmemcheck_shadow_find(uint32_t addr, uint32_t n, bool only_invalid,
			   uint32_t *where, enum kmemcheck_shadow *state)
{
	while (n) {
		uint32_t len = chunk(addr, n), i;
		uint8_t *s = kmemcheck_shadow_lookup(addr);

		for (i = 0; s && i < len; i++) {
			if (s[i] == KMEMCHECK_SHADOW_INITIALIZED)
				continue;
			if (only_invalid &&
			    s[i] == KMEMCHECK_SHADOW_UNINITIALIZED)
				continue;
			*where = addr + i;
			*state = (enum kmemcheck_shadow)s[i];
			return true;
		}
		addr += len;
		n -= len;
	}
	return false;
}

static void copy_byte(uint32_t dst, uint32_t src)
{
	uint8_t *d = kmemcheck_shadow_lookup(dst);
	uint8_t *s = kmemcheck_shadow_lookup(src);

	if (!d || *d == KMEMCHECK_SHADOW_FREED ||
	    *d == KMEMCHECK_SHADOW_UNALLOCATED)
		return;
	*d = s && *s == KMEMCHECK_SHADOW_UNINITIALIZED ?
	     KMEMCHECK_SHADOW_UNINITIALIZED : KMEMCHECK_SHADOW_INITIALIZED;
}

/*
 * The CPU reads a whole MOVS element before it writes any of it, so when
 * source and destination overlap every byte's state must travel with the
 * byte, as memmove moves bytes: a destination above the source is walked
 * from its end, so that no source state is overwritten before it is read.
 */
void kmemcheck_shadow_copy(uint32_t dst, uint32_t src, uint32_t n)
{
	uint32_t i;

	if (dst - src < n) {
		for (i = n; i; i--)
			copy_byte(dst + i - 1, src + i - 1);
		return;
	}
	for (i = 0; i < n; i++)
		copy_byte(dst + i, src + i);
}

void kmemcheck_shadow_trust_all(void)
{
	kmemcheck_shadow_replace(HEAP_START, HEAP_END - HEAP_START,
				 KMEMCHECK_SHADOW_UNINITIALIZED,
				 KMEMCHECK_SHADOW_INITIALIZED);
}

void kmemcheck_shadow_for_each_page(void (*fn)(uint32_t va))
{
	uint32_t p;

	for (p = 0; p < HEAP_PAGES; p++)
		if (kmemcheck_shadow_pages[p])
			fn(HEAP_START + p * PAGE_SIZE);
}

uint32_t kmemcheck_shadow_page_count(void)
{
	return nr_pages;
}
