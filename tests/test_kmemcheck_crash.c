/* tests/test_kmemcheck_crash.c - a panic in the middle of a single step. */
#include "tests/ktest.h"

/*
 * MOVS from a tracked object to page 0, which is never mapped: kmemcheck
 * shows the source and single-steps the instruction, whose write then
 * faults with kmemcheck's TF set and IF clear in the frame. The panic
 * must print the flags of the code that ran (IF set, TF clear);
 * tests/jobs_checker.py reads them.
 */
KTEST(crash_kmemcheck_panic_in_step)
{
	uint32_t *src = kzalloc(4);
	const void *s = src;
	void *d = NULL;

	printk("crash: movsl from %p to NULL\n", (void *)src);
	asm volatile("movsl" : "+S"(s), "+D"(d) : : "memory");
	ktest_fail("writing to NULL did not fault");
}
