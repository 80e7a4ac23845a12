/* tests/test_kmemcheck_movss.c - MOV SS from tracked memory. */
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define WRITE	KMEMCHECK_ACCESS_WRITE

/*
 * MOV SS holds the single-step trap off for one more instruction (SDM
 * Vol. 3A, 6.8.3): the load after it runs inside kmemcheck's step. It must
 * be checked all the same, whether its data lies on the page kmemcheck
 * showed for MOV SS (it used to go unchecked) or on another hidden page
 * (it used to fault in the middle of the step: "BUG: nested fault").
 */
static uint32_t ss_then_load(const uint16_t *sel, const uint32_t *p)
{
	uint32_t v;

	asm volatile("movw (%1), %%ss\n\t"
		     "movl (%2), %0"
		     : "=r"(v) : "r"(sel), "r"(p) : "memory");
	return v;
}

static void ss_then_store(const uint16_t *sel, uint32_t *p)
{
	asm volatile("movw (%0), %%ss\n\t"
		     "movl $1, (%1)"
		     : : "r"(sel), "r"(p) : "memory");
}

static uint16_t *ss_selector(void)
{
	uint16_t *sel = kmalloc(64), ss;

	asm volatile("movw %%ss, %0" : "=r"(ss));
	*(volatile uint16_t *)sel = ss;
	return sel;
}

KTEST(kmemcheck_movss_next_load_same_page)
{
	uint16_t *sel = ss_selector();
	uint32_t *p = (uint32_t *)(sel + 8);

	struct kmemcheck_error e;

	ss_then_load(sel, p);
	/* The report is the load's: its EIP and its bytes (8b /r). */
	if (ktest_take_report(&e, __FILE__, __LINE__)) {
		KEXPECT_EQ(e.address, (uint32_t)p);
		KEXPECT_EQ(e.access, READ);
		KEXPECT_EQ(e.code[0], 0x8b);
		KEXPECT_EQ(*(const uint8_t *)e.regs.eip, 0x8b);
	}
	KEXPECT_NO_REPORT();
	kfree(sel);
}

KTEST(kmemcheck_movss_next_load_other_page)
{
	uint16_t *sel = ss_selector();
	uint32_t *p = kmalloc(4096);

	ss_then_load(sel, p);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, p);
	KEXPECT_NO_REPORT();
	kfree(sel);
	kfree(p);
}

KTEST(kmemcheck_movss_next_store_freed)
{
	uint16_t *sel = ss_selector();
	uint32_t *p = kzalloc(4096);

	kfree(p);
	ss_then_store(sel, p);
	KEXPECT_REPORT(WRITE, KMEMCHECK_SHADOW_FREED, 32, p);
	/* The step is over and every page hidden again: a plain load of
	   the selector's object is checked as before. */
	(void)*(volatile uint32_t *)(sel + 16);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, sel + 16);
	kfree(sel);
}

/* An initialized load after MOV SS is silent, and does initialize a
   write. */
KTEST(kmemcheck_movss_next_clean)
{
	uint16_t *sel = ss_selector();
	uint32_t *p = kzalloc(4096), *q = kmalloc(8);

	p[0] = 42;
	KEXPECT_EQ(ss_then_load(sel, p), 42);
	ss_then_store(sel, q);
	KEXPECT(kmemcheck_is_initialized(q, 4));
	KEXPECT_NO_REPORT();
	kfree(sel);
	kfree(p);
	kfree(q);
}
