/* kernel/stacktrace.h - call chains walked by frame pointers. */
#ifndef KERNEL_STACKTRACE_H
#define KERNEL_STACKTRACE_H

#include <stdint.h>

/* Saves up to max return addresses of the chain starting at frame pointer
   ebp; returns how many. Stops at the first frame outside a known stack. */
unsigned int stacktrace_save(uint32_t ebp, uint32_t *out, unsigned int max);
/* Prints "Call Trace:" and one symbolized line per address. */
void stacktrace_print_saved(const uint32_t *addrs, unsigned int n);
/* Prints the trace of the code at eip whose frame pointer is ebp. */
void stacktrace_print(uint32_t eip, uint32_t ebp);

#endif
