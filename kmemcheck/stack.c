/* kmemcheck/stack.c - recording call stacks into the depot, and printing them. */
#include <stdbool.h>
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/printk.h"
#include "kernel/stacktrace.h"
#include "kernel/string.h"
#include "kernel/symbols.h"
#include "kernel/x86.h"
#include "kmemcheck/stack.h"
#include "kmemcheck/stackdepot.h"
#include "mm/heap.h"

/* Frames that may lie between the recorder and the caller of kmalloc:
   the kmemcheck hook, the heap's inner helpers (kfree goes through three)
   and the entry itself, with room for one more. */
#define ALLOCATOR_FRAMES	6

_Static_assert(KMEMCHECK_STACK_DEPTH + 1 <= KMEMCHECK_DEPOT_MAX_WORDS,
	       "a trap's stack (EIP and callers) fits one depot record");

/* The heap's entry points: the kept stack starts at their caller. */
static void *const heap_entries[] = {
	(void *)kmalloc, (void *)kzalloc, (void *)kfree, (void *)krealloc,
};

static bool in_heap_entry(uint32_t ret)
{
	const struct ksym *s = ksym_lookup(ret - 1);
	unsigned int i;

	for (i = 0; s && i < sizeof(heap_entries) / sizeof(heap_entries[0]);
	     i++)
		if (s->addr == (uint32_t)heap_entries[i])
			return true;
	return false;
}


uint32_t kmemcheck_stack_save_caller(void)
{
	uint32_t frames[ALLOCATOR_FRAMES + KMEMCHECK_STACK_DEPTH];
	unsigned int n, i, first = 0;

	n = stacktrace_save((uint32_t)__builtin_frame_address(0), frames,
			    sizeof(frames) / sizeof(frames[0]));
	/* The first return address into a heap entry is where that entry
	   called its helper; the one after it is in kmalloc's caller. */
	for (i = 0; i < n && i < ALLOCATOR_FRAMES; i++) {
		if (in_heap_entry(frames[i])) {
			first = i + 1;
			break;
		}
	}
	if (n - first > KMEMCHECK_STACK_DEPTH)
		n = first + KMEMCHECK_STACK_DEPTH;
	return kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, frames + first,
				    n - first);
}

uint32_t kmemcheck_stack_save_trap(const struct trap_frame *tf)
{
	uint32_t frames[1 + KMEMCHECK_STACK_DEPTH];
	unsigned int n;

	frames[0] = tf->eip;
	n = 1 + stacktrace_save(tf->ebp, frames + 1, KMEMCHECK_STACK_DEPTH);
	return kmemcheck_depot_save(KMEMCHECK_DEPOT_TRAP, frames, n);
}

unsigned int kmemcheck_stack_frames(uint32_t handle, const uint32_t **frames,
				    bool *first_is_eip)
{
	enum kmemcheck_depot_kind kind;
	unsigned int n = kmemcheck_depot_fetch(handle, &kind, frames);

	if (!n || kind == KMEMCHECK_DEPOT_CHAIN)
		return 0;
	*first_is_eip = kind == KMEMCHECK_DEPOT_TRAP;
	return n;
}

void kmemcheck_stack_print(const char *heading, uint32_t handle)
{
	const uint32_t *frames;
	bool first_is_eip;
	unsigned int n = kmemcheck_stack_frames(handle, &frames,
						&first_is_eip), i;

	printk("%s\n", heading);
	if (handle == KMEMCHECK_DEPOT_LOST)
		printk(" (stack not kept: the stack depot was full)\n");
	else if (!n)
		printk(" (no stack recorded)\n");
	for (i = 0; i < n; i++) {
		printk(" [<%08x>] ", frames[i]);
		if (i == 0 && first_is_eip)
			print_symbol(frames[i]);
		else
			print_return_symbol(frames[i]);
		printk("\n");
	}
}

bool kmemcheck_stack_has_function(uint32_t handle, const char *name)
{
	const uint32_t *frames;
	bool first_is_eip;
	unsigned int n = kmemcheck_stack_frames(handle, &frames,
						&first_is_eip), i;

	for (i = 0; i < n; i++) {
		const struct ksym *s = ksym_lookup(i == 0 && first_is_eip ?
						   frames[i] : frames[i] - 1);

		if (s && strcmp(s->name, name) == 0)
			return true;
	}
	return false;
}
