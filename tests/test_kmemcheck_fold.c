/* tests/test_kmemcheck_fold.c - repeats of one bug, and a flush that ends. */
#include "kernel/ports.h"
#include "kernel/timer.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "tests/heap_expect.h"
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define WRITE	KMEMCHECK_ACCESS_WRITE
#define UNINIT	KMEMCHECK_SHADOW_UNINITIALIZED
#define FREED	KMEMCHECK_SHADOW_FREED

/* One load instruction at one EIP, however often it is called. */
static __attribute__((noinline)) uint32_t site_a(const void *p)
{
	return *(const volatile uint32_t *)p;
}

static __attribute__((noinline)) uint32_t site_b(const void *p)
{
	return *(const volatile uint32_t *)p;
}

static void expect_repeat(uint8_t access, enum kmemcheck_shadow state,
			  uint32_t addr, uint32_t repeat, int line)
{
	struct kmemcheck_error e;

	if (!ktest_take_report(&e, __FILE__, line))
		return;
	if (e.kind != KMEMCHECK_ERROR_ACCESS || e.access != access ||
	    e.state != state || e.address != addr || e.repeat != repeat)
		ktest_fail("%s:%d: expected access %u state %u at %08x "
			   "repeated %u times, got kind %u access %u state %u "
			   "at %08x repeated %u times", __FILE__, line, access,
			   state, addr, repeat, e.kind, e.access, e.state,
			   e.address, e.repeat);
}

/* The report was printed already: its repeats are counted and the next
   flush says so in one line, rather than queueing the bug again. */
KTEST(kmemcheck_fold_repeat_after_print)
{
	uint32_t *p = kmalloc(8), announced;
	struct kmemcheck_stats before, after;

	kmemcheck_get_stats(&before);
	site_a(p);
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	kmemcheck_mark_uninitialized(p, 4);
	site_a(p);
	kmemcheck_mark_uninitialized(p, 4);
	site_a(p);
	KEXPECT_NO_REPORT();
	announced = kmemcheck_error_repeats_announced();
	kmemcheck_flush();
	KEXPECT_EQ(kmemcheck_error_repeats_announced() - announced, 2);
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(after.reports - before.reports, 3);
	KEXPECT_EQ(after.queued - before.queued, 1);
	kfree(p);
}

/* Folding follows the sequence: an error at another EIP in between
   makes the next one a report of its own again. */
KTEST(kmemcheck_fold_only_the_error_just_before)
{
	uint32_t *p = kmalloc(8), *q = kmalloc(8);

	site_a(p);
	site_b(q);
	kmemcheck_mark_uninitialized(p, 4);
	site_a(p);
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	KEXPECT_REPORT(READ, UNINIT, 32, q);
	KEXPECT_REPORT(READ, UNINIT, 32, p);
	kfree(p);
	kfree(q);
}

/* A bad free is an error in the sequence too: the load after it, at the
   same EIP as the one before it, is a report of its own again, so the
   reports stay in the order the bugs came. */
KTEST(kmemcheck_fold_bad_free_in_between)
{
	uint32_t *p = kmalloc(8), *q = kmalloc(8);

	site_a(p);
	kfree(q);
	kfree(q);
	kmemcheck_mark_uninitialized(p, 4);
	site_a(p);
	expect_repeat(READ, UNINIT, (uint32_t)p, 0, __LINE__);
	KEXPECT_HEAP_REPORT(DOUBLE_FREE, q, "kfree");
	expect_repeat(READ, UNINIT, (uint32_t)p, 0, __LINE__);
	KEXPECT_NO_REPORT();
	kfree(p);
}

/* What the test runner does between tests: the next error is new. */
KTEST(kmemcheck_fold_forget_last)
{
	uint32_t *p = kmalloc(8);

	site_a(p);
	kmemcheck_mark_uninitialized(p, 4);
	kmemcheck_forget_last_error();
	site_a(p);
	expect_repeat(READ, UNINIT, (uint32_t)p, 0, __LINE__);
	expect_repeat(READ, UNINIT, (uint32_t)p, 0, __LINE__);
	kfree(p);
}

/* One REP MOVS from freed into freed memory: one report per operand,
   whatever the count (it used to alternate write and read reports per
   element, 32 for 16 elements, and drop half). */
KTEST(kmemcheck_fold_rep_movs_freed_to_freed)
{
	uint32_t *a = kzalloc(64), *b = kzalloc(64), n = 16;
	uint32_t dropped = kmemcheck_error_dropped();
	const void *s = a;
	void *d = b;

	kfree(a);
	kfree(b);
	asm volatile("rep movsl" : "+S"(s), "+D"(d), "+c"(n) : : "memory");
	expect_repeat(WRITE, FREED, (uint32_t)b, 15, __LINE__);
	expect_repeat(READ, FREED, (uint32_t)a, 15, __LINE__);
	KEXPECT_NO_REPORT();
	KEXPECT_EQ(kmemcheck_error_dropped(), dropped);
}

/* Both operands of one CMPS are two reports; the next elements repeat
   each of them. */
KTEST(kmemcheck_fold_rep_cmps_two_operands)
{
	uint32_t *a = kzalloc(16), *b = kzalloc(16), n = 4;
	const void *s = a, *d = b;

	kmemcheck_mark_uninitialized(a, 16);
	kmemcheck_mark_uninitialized(b, 16);
	asm volatile("repe cmpsl"
		     : "+S"(s), "+D"(d), "+c"(n) : : "memory", "cc");
	KEXPECT_EQ(n, 0);
	expect_repeat(READ, UNINIT, (uint32_t)a, 3, __LINE__);
	expect_repeat(READ, UNINIT, (uint32_t)b, 3, __LINE__);
	KEXPECT_NO_REPORT();
	kfree(a);
	kfree(b);
}

/*
 * An interrupt storm: a timer handler, at 2 kHz, keeps making the
 * same error while the reports are flushed. The flush must print what was
 * queued when it began and return while the storm goes on; every error is
 * counted, once, in the report or in the line announcing its repeats.
 */
#define STORM_HZ	2000
#define STORM_ERRORS	1000u

static volatile uint32_t storm_made;
static void *storm_obj;

static void storm_irq(struct trap_frame *tf)
{
	(void)tf;
	if (storm_made < STORM_ERRORS) {
		kmemcheck_mark_uninitialized(storm_obj, 4);
		site_a(storm_obj);
		storm_made++;
	}
}

static void storm_start(void)
{
	uint32_t divisor = PIT_INPUT_HZ / STORM_HZ;

	irq_register(0, storm_irq);
	outb(PIT_CMD, PIT_CMD_CH0_RATE);
	outb(PIT_CH0_DATA, divisor & 0xff);
	outb(PIT_CH0_DATA, divisor >> 8);
}

/* Halts until the storm has made n errors; a dead storm fails, not hangs. */
static void storm_wait(uint32_t n)
{
	uint32_t i;

	for (i = 0; i < 4 * STORM_ERRORS && storm_made < n; i++)
		sti_hlt();
}

KTEST(kmemcheck_fold_interrupt_storm)
{
	struct kmemcheck_stats before, after;
	struct kmemcheck_error e = { 0 };
	uint32_t announced, made_at_return;

	storm_obj = kmalloc(4);
	storm_made = 0;
	announced = kmemcheck_error_repeats_announced();
	kmemcheck_get_stats(&before);
	storm_start();
	storm_wait(4);
	/* Printed while the storm goes on: its later repeats come after. */
	ktest_take_report(&e, __FILE__, __LINE__);
	storm_wait(8);
	kmemcheck_flush();
	made_at_return = storm_made;
	storm_wait(STORM_ERRORS);
	timer_init();		/* the tick at its own rate and handler */
	kmemcheck_flush();
	kmemcheck_get_stats(&after);

	KEXPECT_EQ(storm_made, STORM_ERRORS);
	KEXPECT(made_at_return < STORM_ERRORS);
	KEXPECT_EQ(e.address, (uint32_t)storm_obj);
	KEXPECT_EQ(after.queued - before.queued, 1);
	KEXPECT_EQ(after.reports - before.reports, STORM_ERRORS);
	KEXPECT_EQ(e.repeat + kmemcheck_error_repeats_announced() - announced,
		   STORM_ERRORS - 1);
	KEXPECT_NO_REPORT();
	kfree(storm_obj);
}
