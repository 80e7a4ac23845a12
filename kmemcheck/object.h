/* kmemcheck/object.h - each heap object's size and its alloc and free stacks. */
#ifndef KMEMCHECK_OBJECT_H
#define KMEMCHECK_OBJECT_H

#include <stdint.h>

/* Objects start on this boundary at least (the smallest size class). */
#define KMEMCHECK_OBJECT_ALIGN	16

struct kmemcheck_object {
	uint32_t size;		/* bytes asked for */
	uint32_t alloc_stack;	/* depot handles */
	uint32_t free_stack;	/* NONE while live */
};

/* Gives the heap page at va its records: 0, or -1 when no page was left. */
int kmemcheck_object_page_add(uint32_t va);
void kmemcheck_object_page_remove(uint32_t va);
uint32_t kmemcheck_object_page_count(void);
/* The record of the object starting at start; NULL when untracked. */
struct kmemcheck_object *kmemcheck_object_lookup(uint32_t start);

#endif
