/* tests/host/host_stack.h - host stand-in for the fault path's stack recorder. */
#ifndef TESTS_HOST_HOST_STACK_H
#define TESTS_HOST_HOST_STACK_H

/* Stacks kmemcheck_stack_save_trap() was asked for. */
extern int host_stack_saves;

#endif
