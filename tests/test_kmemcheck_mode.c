/* tests/test_kmemcheck_mode.c - kmemcheck=0, 1, 2: run.py boots each. */
#include "kernel/mmu.h"
#include "mm/paging.h"
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define UNINIT	KMEMCHECK_SHADOW_UNINITIALIZED

static uint32_t read32(const void *p)
{
	uint32_t v;

	asm volatile("movl (%1), %0" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static bool page_present(const void *p)
{
	pte_t *pte = paging_lookup((uint32_t)p);

	return pte && (*pte & PTE_P);
}

/*
 * 0: nothing is checked. 1: every bad access is reported. 2: the first
 * one is, and then kmemcheck turns itself off; switched on again by hand,
 * it stays on. The only test here that makes reports, so that in mode 2
 * the one shot is this test's whatever order the tests run in.
 */
KTEST(mode_bad_accesses)
{
	uint8_t *p = kmalloc(16), *q = kzalloc(20), *r = kzalloc(16);

	switch (kmemcheck_boot_mode()) {
	case KMEMCHECK_MODE_OFF:
		read32(p);
		read32(q + 20);
		kfree(r);
		read32(r);
		KEXPECT_NO_REPORT();
		KEXPECT(!kmemcheck_enabled());
		break;
	case KMEMCHECK_MODE_ON:
		read32(p);
		KEXPECT_REPORT(READ, UNINIT, 32, p);
		read32(q + 20);
		KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNALLOCATED, 32, q + 20);
		kfree(r);
		read32(r);
		KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_FREED, 32, r);
		KEXPECT(kmemcheck_enabled());
		break;
	case KMEMCHECK_MODE_ONESHOT:
		KEXPECT(kmemcheck_enabled());
		KEXPECT(!page_present(p));
		read32(p);
		KEXPECT_REPORT(READ, UNINIT, 32, p);
		KEXPECT(!kmemcheck_enabled());
		KEXPECT(page_present(p));
		read32(p + 4);
		read32(q + 20);
		KEXPECT_NO_REPORT();
		KEXPECT_EQ(kmemcheck_set_enabled(true), 0);
		read32(q + 20);
		KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNALLOCATED, 32, q + 20);
		kfree(r);
		read32(r);
		KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_FREED, 32, r);
		KEXPECT(kmemcheck_enabled());
		break;
	}
	kfree(p);
	kfree(q);
}

/* Off from boot: no shadow is kept, heap pages are never hidden, and
   checking cannot be switched on later. */
KTEST(mode_heap_pages)
{
	struct kmemcheck_stats s;
	uint8_t *p = kmalloc(16);

	kmemcheck_get_stats(&s);
	if (kmemcheck_boot_mode() == KMEMCHECK_MODE_OFF) {
		KEXPECT(page_present(p));
		KEXPECT_EQ(s.pages_tracked, 0);
		KEXPECT_EQ(s.shadow_bytes, 0);
		KEXPECT_EQ(s.faults, 0);
		KEXPECT_EQ(kmemcheck_set_enabled(true), -1);
		KEXPECT_EQ(kmemcheck_set_enabled(false), -1);
		KEXPECT(!kmemcheck_enabled());
		KEXPECT(page_present(p));
		KEXPECT(kmemcheck_is_initialized(p, 16));
	} else {
		KEXPECT(kmemcheck_enabled());
		KEXPECT(!page_present(p));
		KEXPECT(s.pages_tracked > 0);
		KEXPECT_EQ(s.shadow_bytes, s.pages_tracked * PAGE_SIZE);
		KEXPECT(!kmemcheck_is_initialized(p, 16));
	}
	kfree(p);
}

/* Correct code is silent in every mode. */
KTEST(mode_clean_workload)
{
	struct item {
		struct item *next;
		int value;
	} *head = NULL, *n, *next;
	int i, sum = 0;

	for (i = 0; i < 20; i++) {
		n = kzalloc(sizeof(*n));
		KEXPECT(n != NULL);
		if (!n)
			break;
		n->value = i;
		n->next = head;
		head = n;
	}
	for (n = head; n; n = n->next)
		sum += n->value;
	for (n = head; n; n = next) {
		next = n->next;
		kfree(n);
	}
	KEXPECT_EQ(sum, 19 * 20 / 2);
	KEXPECT_NO_REPORT();
}
