/* tests/test_crash.c - deliberate crashes that prove the panic paths. */
#include "tests/ktest.h"

/*
 * Each of these ends the machine: the runner only runs them when the
 * prefix names them (ktest=crash_...), and tests/run.py checks what the
 * panic printed.
 */

KTEST(crash_null_read)
{
	volatile uint32_t *null = NULL;

	printk("crash: read of %p\n", (void *)null);
	(void)*null;
	ktest_fail("reading NULL did not fault");
}

/*
 * Each call keeps a buffer on the stack and uses the result after the
 * call, so the compiler can neither turn the recursion into a loop nor
 * drop it. It runs into the unmapped guard page below the boot stack; the
 * #PF then cannot push its frame there either, and that double fault is
 * delivered through its own task and stack. The way out is never taken,
 * but being volatile, it keeps gcc from calling the recursion infinite.
 */
static volatile bool stack_is_endless = true;

static __attribute__((noinline)) uint32_t recurse(uint32_t depth)
{
	volatile uint8_t buf[64];

	if (!stack_is_endless)
		return depth;
	buf[0] = (uint8_t)depth;
	buf[sizeof(buf) - 1] = (uint8_t)(depth >> 8);
	return recurse(depth + 1) + buf[0] + buf[sizeof(buf) - 1];
}

KTEST(crash_stack_overflow)
{
	printk("crash: recursing until the stack runs out\n");
	printk("crash: recursion returned %u\n", recurse(0));
	ktest_fail("the stack never ran out");
}

KTEST(crash_text_write)
{
	volatile uint8_t *text = (volatile uint8_t *)(uintptr_t)kmalloc;

	printk("crash: writing to kernel text at %p\n", (void *)text);
	*text = 0xcc;
	ktest_fail("kernel text is writable");
}

KTEST(crash_divide)
{
	volatile int zero = 0;
	int ten = 10;

	printk("crash: dividing by zero\n");
	printk("crash: 10 / 0 = %d\n", ten / zero);
	ktest_fail("dividing by zero did not trap");
}
