/* kmemcheck/stack.h - recording call stacks into the depot, and printing them. */
#ifndef KMEMCHECK_STACK_H
#define KMEMCHECK_STACK_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/trap.h"

/* The stack of whoever called the heap entry (kmalloc, kzalloc, kfree)
   that the current call chain runs in: the allocator's own frames are
   left out. Called from the heap's hooks, never from the fault path. */
uint32_t kmemcheck_stack_save_caller(void);
/* The stack of the code a trap interrupted: its EIP, then its callers.
   Allocates nothing and prints nothing: made for the fault path. */
uint32_t kmemcheck_stack_save_trap(const struct trap_frame *tf);
/* The frames of a stack record, innermost first; 0 when the handle names
   none. first_is_eip says whether frame 0 is an instruction address
   rather than a return address. */
unsigned int kmemcheck_stack_frames(uint32_t handle, const uint32_t **frames,
				    bool *first_is_eip);
/* Prints heading, then one symbolized line per frame, or why there is
   no stack to show. */
void kmemcheck_stack_print(const char *heading, uint32_t handle);
/* True when one of the stack's frames lies in the function called name. */
bool kmemcheck_stack_has_function(uint32_t handle, const char *name);

#endif
