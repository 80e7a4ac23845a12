/* tests/test_timer.c - the PIT tick comes with interrupts on, and only then. */
#include "kernel/mmu.h"
#include "kernel/timer.h"
#include "kernel/x86.h"
#include "tests/ktest.h"

/*
 * Busy waits are bounded by iterations, not time: a broken timer must fail
 * the test, not hang it. Under TCG a tick (10 ms) takes far fewer
 * iterations than this; TIMER_HZ itself cannot be checked without
 * -icount, so the tests only ask that ticks come.
 */
#define SPIN_MAX	200000000u
#define WANT_TICKS	3

/* Spins until ticks passes start + n; returns the ticks seen last. */
static uint32_t spin_for_ticks(uint32_t start, uint32_t n)
{
	uint32_t i, now = start;

	for (i = 0; i < SPIN_MAX && now - start < n; i++)
		now = timer_ticks();
	return now;
}

KTEST(timer_ticks_advance)
{
	uint32_t start = timer_ticks();

	KEXPECT(read_eflags() & EFLAGS_IF);
	KEXPECT(spin_for_ticks(start, WANT_TICKS) - start >= WANT_TICKS);
}

KTEST(timer_hlt_wakes)
{
	uint32_t start = timer_ticks();
	int i;

	/* Some interrupt ends each hlt; within a few, a tick must come. */
	for (i = 0; i < 100 && timer_ticks() == start; i++)
		sti_hlt();
	KEXPECT(timer_ticks() != start);
}

/* With IF clear no tick is counted; the pending one arrives after sti. */
KTEST(timer_stops_with_interrupts_off)
{
	uint32_t start, during, i;

	cli();
	start = timer_ticks();
	for (i = 0; i < 2000000; i++)
		during = timer_ticks();
	sti();
	KEXPECT_EQ(during, start);
	KEXPECT(spin_for_ticks(start, 1) != start);
}
