/* tests/host/host_stack.c - host stand-in for the stack recorder. */
#include "kmemcheck/stack.h"
#include "kmemcheck/stackdepot.h"
#include "tests/host/host_stack.h"

int host_stack_saves;
uint32_t host_stack_caller = 0x100000;

/* The host has no kernel stack to walk: the "stack" is the trapped EIP,
   enough to tell one copy's record from another's. */
uint32_t kmemcheck_stack_save_trap(const struct trap_frame *tf)
{
	host_stack_saves++;
	return kmemcheck_depot_save(KMEMCHECK_DEPOT_TRAP, &tf->eip, 1);
}

uint32_t kmemcheck_stack_save_caller(void)
{
	host_stack_saves++;
	return kmemcheck_depot_save(KMEMCHECK_DEPOT_STACK, &host_stack_caller,
				    1);
}
