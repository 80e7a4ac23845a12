/* kmemcheck/object.c - each heap object's size and its alloc and free stacks. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kmemcheck/object.h"
#include "kmemcheck/shadow.h"
#include "mm/memlayout.h"

/*
 * The heap knows slots, not what was asked for, and no stacks: a report
 * needs both. One record per possible object start, on a kmemcheck page
 * beside the heap page's shadow, so the heap's own pages (hidden) and its
 * bookkeeping stay as they are. A large object's record is the one at the
 * start of its first page.
 */
#define PER_PAGE	(PAGE_SIZE / KMEMCHECK_OBJECT_ALIGN)

_Static_assert(PER_PAGE * sizeof(struct kmemcheck_object) <= PAGE_SIZE,
	       "one page of records per heap page");

static struct kmemcheck_object *record_pages[HEAP_PAGES];
static uint32_t nr_pages;

static struct kmemcheck_object **slot_of(uint32_t addr)
{
	if (addr < HEAP_START || addr >= HEAP_END)
		return NULL;
	return &record_pages[(addr - HEAP_START) / PAGE_SIZE];
}

int kmemcheck_object_page_add(uint32_t va)
{
	struct kmemcheck_object **slot = slot_of(va), *page;
	uint32_t i;

	if (!slot)
		return -1;
	page = kmemcheck_page_alloc();
	if (!page)
		return -1;
	for (i = 0; i < PER_PAGE; i++)
		page[i] = (struct kmemcheck_object){ 0, 0, 0 };
	*slot = page;
	nr_pages++;
	return 0;
}

void kmemcheck_object_page_remove(uint32_t va)
{
	struct kmemcheck_object **slot = slot_of(va);

	if (!slot || !*slot)
		return;
	kmemcheck_page_free(*slot);
	*slot = NULL;
	nr_pages--;
}

uint32_t kmemcheck_object_page_count(void)
{
	return nr_pages;
}

struct kmemcheck_object *kmemcheck_object_lookup(uint32_t start)
{
	struct kmemcheck_object **slot = slot_of(start);

	if (!slot || !*slot)
		return NULL;
	return *slot + PGOFF(start) / KMEMCHECK_OBJECT_ALIGN;
}
