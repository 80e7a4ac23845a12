/* kernel/smp.h - the other CPUs: bring-up, and running work on them. */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <stdbool.h>
#include <stdint.h>

#define SMP_MAX_CPUS 8

/* BSP, in kmain after the heap, kmemcheck_init and the timer (the waits
   of INIT-SIPI-SIPI read the PIT); prints "smp: N CPUs online". */
void smp_init(void);
/* CPUs online, BSP included. */
unsigned int smp_cpus(void);
/* 0 for the BSP, 1.. for APs in start order. One load through GS (the
   per-CPU segment, kernel/gdt.c): callable from any trap handler, touches
   no heap memory. Inline, as the fault path asks on every access; a
   macro, so that as a function's first instruction it does not put gdb's
   `break f` in this header. Not volatile: the number never changes under
   the code that asks, so the compiler may read it once per function. */
#define smp_this_cpu() ({						\
	unsigned int __cpu;						\
									\
	asm("movl %%gs:0, %0" : "=r"(__cpu));				\
	__cpu;								\
})

/* Runs fn(arg) on that CPU, with interrupts on, and returns at once; -1 if
   cpu is not online, is the caller (or the BSP, which never idles), or is
   still busy with the last fn. */
int smp_start(unsigned int cpu, void (*fn)(void *arg), void *arg);
/* Until fn returned on that CPU. */
void smp_wait(unsigned int cpu);
/* Runs fn(arg) on every other online CPU from an IPI handler with
   interrupts off, and returns when all have run it. Usable with
   interrupts off: while waiting, the caller runs the calls other CPUs send
   it, so two CPUs calling each other do not deadlock. */
void smp_call_others(void (*fn)(void *arg), void *arg);

/* Runs the calls other CPUs sent this one (smp_call_others) now, as
   their IPI would: for loops that wait with interrupts off, so that a CPU
   waiting for this one's answer is never waited for in turn. */
void smp_poll_calls(void);
/* For the trap dispatcher: VEC_IPI and VEC_APIC_SPURIOUS. */
void smp_interrupt(uint32_t vector);
/* Whether [lo, hi) lies within one AP's kernel or double-fault stack: for
   stack traces, which follow frames on known stacks only. */
bool smp_on_ap_stack(uint32_t lo, uint32_t hi);

#endif
