/* kernel/stacktrace.c - call chains walked by frame pointers. */
#include <stdbool.h>

#include "kernel/gdt.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/stacktrace.h"
#include "kernel/symbols.h"

#define STACKTRACE_MAX	16

/* With -fno-omit-frame-pointer every function starts with push %ebp;
   mov %esp, %ebp: [ebp] is the caller's ebp, [ebp+4] the return address.
   A frame is only followed when it lies on one of our stacks, so a corrupt
   chain ends the trace instead of faulting inside a panic. */
static bool on_a_stack(uint32_t ebp)
{
	uint32_t lo = (uint32_t)boot_stack_bottom, hi = (uint32_t)boot_stack_top;
	uint32_t dlo = (uint32_t)df_stack_bottom, dhi = (uint32_t)df_stack_top;

	if (ebp & 3)
		return false;
	return (ebp >= lo && ebp + 8 <= hi) ||
	       (ebp >= dlo && ebp + 8 <= dhi) ||
	       smp_on_ap_stack(ebp, ebp + 8);
}

unsigned int stacktrace_save(uint32_t ebp, uint32_t *out, unsigned int max)
{
	unsigned int n = 0;

	while (n < max && on_a_stack(ebp)) {
		const uint32_t *frame = (const uint32_t *)ebp;

		if (frame[1] == 0)
			break;
		out[n++] = frame[1];
		/* Stacks grow down: a caller's frame is always higher. */
		if (frame[0] <= ebp)
			break;
		ebp = frame[0];
	}
	return n;
}

void stacktrace_print_saved(const uint32_t *addrs, unsigned int n)
{
	unsigned int i;

	printk("Call Trace:\n");
	for (i = 0; i < n; i++) {
		unsigned int same = 0;

		printk(" [<%08x>] ", addrs[i]);
		if (i == 0)
			print_symbol(addrs[i]);
		else
			print_return_symbol(addrs[i]);
		printk("\n");
		/* Deep recursion: one line, and how often it repeats. */
		while (i + 1 < n && i > 0 && addrs[i + 1] == addrs[i]) {
			same++;
			i++;
		}
		if (same)
			printk(" ... the same return address %u more times\n",
			       same);
	}
}

void stacktrace_print(uint32_t eip, uint32_t ebp)
{
	uint32_t addrs[STACKTRACE_MAX];
	unsigned int n;

	addrs[0] = eip;
	n = 1 + stacktrace_save(ebp, addrs + 1, STACKTRACE_MAX - 1);
	stacktrace_print_saved(addrs, n);
}
