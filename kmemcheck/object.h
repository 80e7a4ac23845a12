/* kmemcheck/object.h - each heap object's size, state and alloc and free stacks. */
#ifndef KMEMCHECK_OBJECT_H
#define KMEMCHECK_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

/* Two objects never start within this many bytes of each other (the
   smallest slot of the heap). */
#define KMEMCHECK_OBJECT_ALIGN	16

enum kmemcheck_object_state {
	KMEMCHECK_OBJECT_NONE,
	KMEMCHECK_OBJECT_LIVE,
	KMEMCHECK_OBJECT_FREED,		/* freed, waiting in quarantine */
};

/* What a report says about the object at or next to an address. */
struct kmemcheck_object {
	uint32_t start;
	uint32_t size;			/* bytes asked for */
	uint32_t size_class;		/* the heap's slot size; 0 if large */
	uint8_t state;			/* enum kmemcheck_object_state */
	uint32_t alloc_stack;		/* stack depot handles */
	uint32_t free_stack;		/* NONE while live */
};

/* Gives the heap page at va its records: 0, or -1 when no page was left. */
int kmemcheck_object_page_add(uint32_t va);
void kmemcheck_object_page_remove(uint32_t va);
uint32_t kmemcheck_object_page_count(void);

/* The heap's hooks, through kmemcheck_alloc, _free and _release. */
void kmemcheck_object_alloc(uint32_t start, uint32_t size, uint32_t stack);
void kmemcheck_object_free(uint32_t start, uint32_t stack);
/* [addr, addr + n) belongs to no object any more: objects starting there
   are forgotten, one reaching into it is cut short (krealloc shrinking). */
void kmemcheck_object_release(uint32_t addr, uint32_t n);

/*
 * The object addr lies in or next to: the one in the heap slot of addr,
 * else the nearest one before or after it (an address in a red zone, the
 * slack of a slot, a free slot). False when no object is near. Reads only
 * kmemcheck's records: safe in the fault path.
 */
bool kmemcheck_object_find(uint32_t addr, struct kmemcheck_object *out);

#endif
