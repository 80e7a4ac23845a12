/* tests/host/host_stack.h - host stand-in for the stack recorder. */
#ifndef TESTS_HOST_HOST_STACK_H
#define TESTS_HOST_HOST_STACK_H

#include <stdint.h>

/* Stacks kmemcheck_stack_save_trap() and _caller() were asked for. */
extern int host_stack_saves;
/* The one frame kmemcheck_stack_save_caller() records. */
extern uint32_t host_stack_caller;

#endif
