/* kmemcheck/report.c - what a report says beyond the access: the bug, the object, the stacks. */
#include <stddef.h>

#include "kernel/printk.h"
#include "kernel/symbols.h"
#include "kmemcheck/origin.h"
#include "kmemcheck/report.h"
#include "kmemcheck/stack.h"
#include "kmemcheck/stackdepot.h"

static bool about_memory(const struct kmemcheck_error *e)
{
	return e->kind == KMEMCHECK_ERROR_ACCESS ||
	       e->kind == KMEMCHECK_ERROR_DOUBLE_FREE ||
	       e->kind == KMEMCHECK_ERROR_INVALID_FREE ||
	       e->kind == KMEMCHECK_ERROR_FREED_POINTER ||
	       e->kind == KMEMCHECK_ERROR_INVALID_POINTER;
}

/* The first uninitialized byte of the access is the one whose origin
   the report shows (an access rarely mixes two). */
static uint32_t origin_of(const struct kmemcheck_error *e)
{
	unsigned int i;

	for (i = 0; i < e->size; i++) {
		const uint8_t *s = kmemcheck_shadow_lookup(e->address + i);

		if (s && *s == KMEMCHECK_SHADOW_UNINITIALIZED)
			return kmemcheck_origin_get(e->address + i);
	}
	return KMEMCHECK_DEPOT_NONE;
}

void kmemcheck_report_describe(struct kmemcheck_error *e)
{
	e->has_object = about_memory(e) &&
			kmemcheck_object_find(e->address, &e->object);
	e->origin = KMEMCHECK_DEPOT_NONE;
	if (e->kind == KMEMCHECK_ERROR_ACCESS &&
	    e->state == KMEMCHECK_SHADOW_UNINITIALIZED)
		e->origin = origin_of(e);
}

uint32_t kmemcheck_report_window(const struct kmemcheck_error *e)
{
	if (e->has_object && e->address - e->object.start < KMEMCHECK_SNAPSHOT)
		return e->object.start;
	return e->address & ~(uint32_t)(KMEMCHECK_SNAPSHOT - 1);
}

static const char *const state_type[KMEMCHECK_SHADOW_NR_STATES] = {
	[KMEMCHECK_SHADOW_UNALLOCATED] = "out-of-bounds",
	[KMEMCHECK_SHADOW_UNINITIALIZED] = "uninit-value",
	[KMEMCHECK_SHADOW_FREED] = "use-after-free",
};

const char *kmemcheck_report_type(const struct kmemcheck_error *e)
{
	switch (e->kind) {
	case KMEMCHECK_ERROR_ACCESS:
		return e->state < KMEMCHECK_SHADOW_NR_STATES ?
		       state_type[e->state] : NULL;
	case KMEMCHECK_ERROR_DOUBLE_FREE:
		return "double-free";
	/* krealloc and ksize of a pointer kmalloc never gave: named as a
	   free of it would be, the nearest of the contract's types. */
	case KMEMCHECK_ERROR_INVALID_FREE:
	case KMEMCHECK_ERROR_INVALID_POINTER:
		return "invalid-free";
	/* krealloc or ksize of a freed object uses it after the free. */
	case KMEMCHECK_ERROR_FREED_POINTER:
		return "use-after-free";
	default:
		return NULL;
	}
}

static void print_location(const struct kmemcheck_error *e)
{
	const struct kmemcheck_object *o = &e->object;
	uint32_t n;
	const char *where;

	if (e->address < o->start) {
		n = o->start - e->address;
		where = "to the left of";
	} else if (e->address - o->start < o->size) {
		n = e->address - o->start;
		where = "inside of";
	} else {
		n = e->address - (o->start + o->size);
		where = "to the right of";
	}
	printk("The address is located %u bytes %s the %u-byte object at "
	       "0x%08x", n, where, o->size, o->start);
	if (o->size_class)
		printk(" (size class %u)", o->size_class);
	printk("\n");
}

void kmemcheck_report_print_head(const struct kmemcheck_error *e)
{
	const char *type = kmemcheck_report_type(e);

	if (type) {
		/* A free's report stands at the call of kfree: a return
		   address. An access stands at the faulting instruction. */
		printk("BUG: kmemcheck: %s in ", type);
		if (e->kind == KMEMCHECK_ERROR_ACCESS)
			print_symbol(e->regs.eip);
		else
			print_return_symbol(e->regs.eip);
		printk("\n");
	}
	if (e->has_object)
		print_location(e);
}

unsigned int kmemcheck_report_origin_stacks(uint32_t origin,
					    uint32_t *stacks,
					    unsigned int max)
{
	uint32_t links[KMEMCHECK_ORIGIN_CHAIN_MAX + 1], copy, previous;
	unsigned int n = 0, out = 0;

	/* The chain runs from the newest copy back to the allocation. */
	while (n < KMEMCHECK_ORIGIN_CHAIN_MAX &&
	       kmemcheck_origin_link(origin, &copy, &previous)) {
		links[n++] = copy;
		origin = previous;
	}
	if (out < max)
		stacks[out++] = origin;
	while (n && out < max)
		stacks[out++] = links[--n];
	return out;
}

static void print_origin(uint32_t origin)
{
	uint32_t stacks[KMEMCHECK_ORIGIN_CHAIN_MAX + 1];
	unsigned int n = kmemcheck_report_origin_stacks(origin, stacks,
							KMEMCHECK_ORIGIN_CHAIN_MAX + 1);
	unsigned int i;

	kmemcheck_stack_print("Uninit was created at:", stacks[0]);
	for (i = 1; i < n; i++)
		kmemcheck_stack_print("Uninit was stored to memory at:",
				      stacks[i]);
}

void kmemcheck_report_print_stacks(const struct kmemcheck_error *e)
{
	if (e->has_object) {
		kmemcheck_stack_print("Allocated at:", e->object.alloc_stack);
		if (e->object.state == KMEMCHECK_OBJECT_FREED)
			kmemcheck_stack_print("Freed at:",
					      e->object.free_stack);
	}
	if (e->kind == KMEMCHECK_ERROR_ACCESS &&
	    e->state == KMEMCHECK_SHADOW_UNINITIALIZED)
		print_origin(e->origin);
}
