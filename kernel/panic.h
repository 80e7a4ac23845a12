/* kernel/panic.h - the end of the line: say everything, stop with failure. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/trap.h"

void panic(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
/* An exception nobody handled. */
void panic_trap(const struct trap_frame *tf) __attribute__((noreturn));
/* Entered from the double-fault task (boot/vectors.asm). */
void panic_double_fault(void) __attribute__((noreturn));
void print_eflags(uint32_t eflags);
void print_registers(const struct trap_frame *tf, uint32_t esp);
/* " (not present, read, kernel)": a #PF error code in words. */
void print_page_fault_error(uint32_t err);

/* panic() with the file and line, when a condition that must hold does not. */
#define BUG_ON(cond)							\
	do {								\
		if (cond)						\
			panic("BUG at %s:%d: %s", __FILE__, __LINE__,	\
			      #cond);					\
	} while (0)

#endif
