/* kernel/spinlock.h - a lock for data CPUs and interrupt handlers share. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdint.h>

#include "kernel/mmu.h"
#include "kernel/smp.h"
#include "kernel/x86.h"

struct spinlock {
	volatile uint32_t locked;	/* 1 while held */
};

#define SPINLOCK_INIT	{ 0 }

/*
 * xchg with memory is locked whatever its prefix (SDM Vol. 2B, XCHG), and
 * a locked instruction orders every load and store around it (SDM Vol.
 * 3A, 8.2.2): nothing of the critical section moves above it. The inner
 * loop only reads, so waiting CPUs do not keep pulling the line away from
 * the holder, and pause tells the CPU (and a hypervisor) that this is a
 * spin. Waiting with interrupts off, a CPU still runs the calls others
 * send it (a TLB shootdown, say): the holder may be waiting for exactly
 * that before it lets go.
 *
 * spin_lock() is for code that runs with interrupts off already (trap
 * handlers); elsewhere spin_lock_irqsave().
 */
static inline void spin_lock(struct spinlock *lock)
{
	while (xchg(&lock->locked, 1)) {
		while (lock->locked) {
			smp_poll_calls();
			pause();
		}
	}
}

static inline void spin_unlock(struct spinlock *lock)
{
	barrier();
	lock->locked = 0;
}

/* Interrupts go off first, so an interrupt handler on this CPU cannot spin
   on a lock its own interrupted code holds. Returns the EFLAGS to give
   back to spin_unlock_irqrestore(). */
static inline uint32_t spin_lock_irqsave(struct spinlock *lock)
{
	uint32_t flags = read_eflags();

	cli();
	spin_lock(lock);
	return flags;
}

/* x86 keeps stores in order (SDM Vol. 3A, 8.2.2): a plain store releases,
   once the compiler is kept from moving the section's accesses below it.
   IF comes back as it was, so nested sections keep interrupts off. */
static inline void spin_unlock_irqrestore(struct spinlock *lock,
					  uint32_t flags)
{
	spin_unlock(lock);
	if (flags & EFLAGS_IF)
		sti();
}

#endif
