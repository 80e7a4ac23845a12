/* tests/test_kmemcheck_faults.c - interrupts, nested faults, the queue. */
#include "kernel/mmu.h"
#include "kernel/timer.h"
#include "kernel/x86.h"
#include "mm/paging.h"
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define UNINIT	KMEMCHECK_SHADOW_UNINITIALIZED

/* Enough to see interrupts arrive between tracked accesses, and bounded
   should the timer not run at all. */
#define TICKS_WANTED	3
#define MAX_ROUNDS	1000000u

static bool page_present(uint32_t va)
{
	pte_t *pte = paging_lookup(va);

	return pte && (*pte & PTE_P);
}

/*
 * IF is cleared while a page is shown and restored by the trap that hides
 * it: the timer must keep ticking through a stream of tracked accesses,
 * and the code being checked must get its own IF back, with TF clear.
 */
KTEST(kmemcheck_interrupts_during_tracked_accesses)
{
	volatile uint32_t *p = kmalloc(16 * sizeof(uint32_t));
	struct kmemcheck_stats before, after;
	uint32_t start, i;

	KEXPECT(read_eflags() & EFLAGS_IF);
	kmemcheck_get_stats(&before);
	start = timer_ticks();
	for (i = 0; i < MAX_ROUNDS && timer_ticks() - start < TICKS_WANTED;
	     i++) {
		p[i % 16] = i;
		KEXPECT_EQ(p[i % 16], i);
	}
	kmemcheck_get_stats(&after);
	printk("%u tracked accesses over %u timer ticks\n", 2 * i,
	       timer_ticks() - start);
	KEXPECT(timer_ticks() - start >= TICKS_WANTED);
	KEXPECT(read_eflags() & EFLAGS_IF);
	KEXPECT(!(read_eflags() & EFLAGS_TF));
	KEXPECT(after.faults - before.faults >= 2 * i);
	/* Each fault ends in a single-step trap, or was emulated. */
	KEXPECT_EQ((after.traps - before.traps) +
		   (after.emulated - before.emulated),
		   after.faults - before.faults);
	KEXPECT_NO_REPORT();
	kfree((void *)p);
}

/* With IF clear before the access, it stays clear after: the trap
   restores what the code had, not what the kernel usually has. */
KTEST(kmemcheck_interrupts_stay_off)
{
	volatile uint32_t *p = kzalloc(16);
	uint32_t v;

	cli();
	v = p[1];
	p[2] = v;
	KEXPECT(!(read_eflags() & EFLAGS_IF));
	sti();
	KEXPECT(read_eflags() & EFLAGS_IF);
	KEXPECT_NO_REPORT();
	kfree((void *)p);
}

/*
 * The decoder does not know x87 instructions: FLDT is let through once,
 * with only the faulting page shown, and reported as unsupported. Its ten
 * bytes at offset 4092 reach into the next page, which faults while the
 * step is under way: that nested fault is reported too, and the step
 * still completes, with both pages hidden again after it.
 */
KTEST(kmemcheck_nested_fault_unsupported_across_pages)
{
	uint8_t *p = kzalloc(8192);
	/* 4 bytes before the end of the object's first page (the object
	   starts after its red zone). */
	uint8_t *at = (uint8_t *)PAGE_ROUND_DOWN(p) + PAGE_SIZE - 4;
	struct kmemcheck_error e;
	uint32_t first = 0, second = 0;

	asm volatile("fninit\n\t"
		     "fldt (%0)\n\t"
		     "fstp %%st(0)" : : "r"(at) : "memory");
	if (ktest_take_report(&e, __FILE__, __LINE__)) {
		KEXPECT_EQ(e.kind, KMEMCHECK_ERROR_UNSUPPORTED);
		first = e.address;
	}
	if (ktest_take_report(&e, __FILE__, __LINE__)) {
		KEXPECT_EQ(e.kind, KMEMCHECK_ERROR_NESTED);
		second = e.address;
	}
	/* Which page the CPU faults on first is its own business; the two
	   faults are on the two pages the operand covers. */
	KEXPECT(first - (uint32_t)at < 10);
	KEXPECT(second - (uint32_t)at < 10);
	KEXPECT(PAGE_ROUND_DOWN(first) != PAGE_ROUND_DOWN(second));
	KEXPECT(!page_present((uint32_t)at));
	KEXPECT(!page_present((uint32_t)at + 4));
	/* Execution goes on, and kmemcheck with it. */
	KEXPECT_EQ(*(volatile uint32_t *)(at + 4), 0);
	KEXPECT_NO_REPORT();
	kfree(p);
}

/* On one page, an unsupported instruction is one report, and the access
   itself happens: 1.0 in the x87 80-bit format is loaded and stored. */
KTEST(kmemcheck_unsupported_one_page)
{
	volatile uint32_t *p = kmalloc(16);
	struct kmemcheck_error e;
	int32_t one = 0;

	p[0] = 0;
	p[1] = 0x80000000;		/* explicit integer bit */
	p[2] = 0x3fff;			/* biased exponent of 2^0 */
	asm volatile("fninit\n\t"
		     "fldt (%1)\n\t"
		     "fistpl %0" : "=m"(one) : "r"(p) : "memory");
	KEXPECT_EQ(one, 1);
	if (ktest_take_report(&e, __FILE__, __LINE__)) {
		KEXPECT_EQ(e.kind, KMEMCHECK_ERROR_UNSUPPORTED);
		KEXPECT_EQ(e.address, p);
		KEXPECT_EQ(e.code[0], 0xdb);	/* FLD m80fp: DB /5 */
	}
	KEXPECT_NO_REPORT();
	kfree((void *)p);
}

/* One asm statement per read: each has an EIP of its own, so no two
   reports fold. */
#define READ_WORD(i)							\
	asm volatile("movl %c1(%2), %0"					\
		     : "=r"(v) : "i"(4 * (i)), "r"(p) : "memory")
#define READ_4_WORDS(i)							\
	do {								\
		READ_WORD(i);						\
		READ_WORD((i) + 1);					\
		READ_WORD((i) + 2);					\
		READ_WORD((i) + 3);					\
	} while (0)
#define DISTINCT_READS	20

/* More reports than the queue holds: the excess is counted, not lost
   silently, and the queue keeps the oldest ones. */
KTEST(kmemcheck_queue_overflow_counted)
{
	uint32_t *p = kmalloc(DISTINCT_READS * sizeof(uint32_t)), v;
	struct kmemcheck_stats before, after;
	unsigned int i;

	_Static_assert(DISTINCT_READS > KMEMCHECK_ERROR_QUEUE,
		       "the test must overflow the queue");
	KEXPECT_NO_REPORT();
	kmemcheck_get_stats(&before);
	READ_4_WORDS(0);
	READ_4_WORDS(4);
	READ_4_WORDS(8);
	READ_4_WORDS(12);
	READ_4_WORDS(16);
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(after.reports - before.reports, DISTINCT_READS);
	KEXPECT_EQ(after.queued - before.queued, KMEMCHECK_ERROR_QUEUE);
	KEXPECT_EQ(after.dropped - before.dropped,
		   DISTINCT_READS - KMEMCHECK_ERROR_QUEUE);
	KEXPECT_EQ(kmemcheck_pending(), KMEMCHECK_ERROR_QUEUE);
	for (i = 0; i < KMEMCHECK_ERROR_QUEUE; i++)
		KEXPECT_REPORT(READ, UNINIT, 32, p + i);
	KEXPECT_NO_REPORT();
	(void)v;
	kfree(p);
}

/* A loop over an array faults at the same EIP each time: one report,
   with the others counted in it. */
KTEST(kmemcheck_repeats_fold_into_one_report)
{
	enum { N = 12 };
	uint32_t *p = kmalloc(N * sizeof(uint32_t)), n = N;
	struct kmemcheck_error e;
	const uint32_t *s = p;

	asm volatile("1:\tmovl (%1), %%eax\n\t"
		     "addl $4, %1\n\t"
		     "loop 1b"
		     : "+c"(n), "+r"(s) : : "eax", "memory");
	if (ktest_take_report(&e, __FILE__, __LINE__)) {
		KEXPECT_EQ(e.kind, KMEMCHECK_ERROR_ACCESS);
		KEXPECT_EQ(e.address, p);
		KEXPECT_EQ(e.repeat, N - 1);
	}
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(p, N * sizeof(uint32_t)));
	kfree(p);
}
