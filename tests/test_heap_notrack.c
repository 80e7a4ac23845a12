/* tests/test_heap_notrack.c - memory kmemcheck does not track: never hidden,
   no shadow, usable as a stack; and what a tracked stack does. */
#include "kernel/mmu.h"
#include "tests/heap_expect.h"
#include "tests/ktest.h"

#define STACK_BYTES	(2 * PAGE_SIZE)

static uint32_t faults(void)
{
	struct kmemcheck_stats s;

	kmemcheck_get_stats(&s);
	return s.faults;
}

/* Untracked objects of every kind of size: no access to them faults, and
   those of a page or more are page-aligned. */
KTEST(heap_notrack_never_faults)
{
	static const size_t sizes[] = { 1, 20, 2048, PAGE_SIZE, 3 * PAGE_SIZE };
	struct heap_stats before, during;
	unsigned int i;
	uint32_t f;

	heap_drain_quarantine();
	heap_get_stats(&before);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t size = sizes[i];
		volatile uint8_t *p = kmalloc_notrack(size);
		volatile uint8_t *z = kzalloc_notrack(size);

		KEXPECT(p && z);
		if (!p || !z)
			continue;
		f = faults();
		p[size - 1] = 2;
		p[0] = 1;
		KEXPECT_EQ(p[0], 1);
		KEXPECT_EQ(p[size - 1], size == 1 ? 1 : 2);
		KEXPECT_EQ(z[0] + z[size - 1], 0);
		KEXPECT_EQ(faults(), f);
		KEXPECT_EQ(ksize((void *)p), size);
		if (size >= PAGE_SIZE)
			KEXPECT_EQ(PGOFF(p), 0);
		heap_get_stats(&during);
		KEXPECT(during.notrack_pages > before.notrack_pages);
		kfree((void *)p);
		kfree((void *)z);
	}
	KEXPECT_NO_REPORT();
	heap_drain_quarantine();
	heap_get_stats(&during);
	KEXPECT_EQ(during.notrack_pages, before.notrack_pages);
}

/* Tracked and untracked objects of one size class never share a page. */
KTEST(heap_notrack_own_pages)
{
	uint8_t *t = kmalloc(40), *u = kmalloc_notrack(40);

	KEXPECT(t && u);
	KEXPECT(PAGE_ROUND_DOWN(t) != PAGE_ROUND_DOWN(u));
	kfree(t);
	kfree(u);
	kfree(u);
	KEXPECT_HEAP_REPORT(DOUBLE_FREE, u, "kfree");
}

/* Runs on whatever stack it is given: a few frames deep, with locals. */
static __attribute__((noinline)) uint32_t deep(uint32_t n, uint32_t *low)
{
	volatile uint32_t local[16];

	local[0] = n;
	local[15] = n * 3;
	if ((uint32_t)local < *low)
		*low = (uint32_t)local;
	if (n == 0)
		return local[0] + local[15];
	return deep(n - 1, low) + local[0] + local[15];
}

static uint32_t lowest;

static __attribute__((noinline)) uint32_t on_new_stack(void)
{
	return deep(8, &lowest);
}

/* Switches ESP to top, calls fn there and switches back. */
static uint32_t call_on_stack(void *top, uint32_t (*fn)(void))
{
	uint32_t ret;

	asm volatile("movl %%esp, %%esi\n\t"
		     "movl %1, %%esp\n\t"
		     "call *%2\n\t"
		     "movl %%esi, %%esp"
		     : "=a"(ret)
		     : "r"(top), "r"(fn)
		     : "esi", "ecx", "edx", "memory", "cc");
	return ret;
}

KTEST(heap_notrack_stack)
{
	uint8_t *stack = kmalloc_notrack(STACK_BYTES);
	uint32_t f, got;

	KEXPECT(stack != NULL);
	if (!stack)
		return;
	lowest = 0xffffffff;
	f = faults();
	got = call_on_stack(stack + STACK_BYTES, on_new_stack);
	KEXPECT_EQ(faults(), f);
	KEXPECT_EQ(got, 4 * (8 * 9 / 2));
	/* The frames were on that stack, not on the boot stack. */
	KEXPECT(lowest >= (uint32_t)stack &&
		lowest < (uint32_t)stack + STACK_BYTES);
	KEXPECT_NO_REPORT();
	kfree(stack);
}

/*
 * A stack from kmalloc: its pages are hidden, so the first push faults,
 * and the CPU cannot push that fault's frame either: a double fault. The
 * panic must say so, and point to kmalloc_notrack (tests/jobs_heap.py
 * checks what it prints). With kmemcheck=0 the pages are not hidden and
 * the call returns.
 */
KTEST(crash_heap_stack)
{
	uint8_t *stack = kmalloc(STACK_BYTES);
	uint8_t *top = (uint8_t *)((uint32_t)(stack + STACK_BYTES) & ~15u);

	printk("crash: running on a stack from kmalloc at %p\n", top);
	call_on_stack(top, on_new_stack);
	ktest_fail("a tracked stack did not fault");
}
