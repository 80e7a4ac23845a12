/* tests/test_kmemcheck_redzone.c - red zones catch overflows of full objects;
   one instruction's two bad operands give two reports. */
#include "kernel/mmu.h"
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define WRITE	KMEMCHECK_ACCESS_WRITE
#define UNINIT	KMEMCHECK_SHADOW_UNINITIALIZED
#define UNALLOC	KMEMCHECK_SHADOW_UNALLOCATED

/* 16 bytes fill the 16-byte size class exactly: without a red zone the
   next word would belong to the neighbouring object. */
KTEST(kmemcheck_redzone_overflow_of_full_object)
{
	volatile uint32_t *p = kzalloc(16);

	p[4] = 1;
	KEXPECT_REPORT(WRITE, UNALLOC, 32, &p[4]);
	(void)p[5];
	KEXPECT_REPORT(READ, UNALLOC, 32, &p[5]);
	KEXPECT(heap_slot_size((void *)p) >= 16 + KMEMCHECK_REDZONE);
	kfree((void *)p);
}

/* The byte before an object is the red zone of the live object in the
   slot before it. */
KTEST(kmemcheck_redzone_underflow)
{
	volatile uint8_t *p[4];
	volatile uint8_t *q = NULL;
	unsigned int i, j;

	for (i = 0; i < 4; i++)
		p[i] = kzalloc(16);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			if (p[j] == p[i] + heap_slot_size((void *)p[i]))
				q = p[j];
	KEXPECT(q != NULL);
	if (q) {
		(void)q[-1];
		KEXPECT_REPORT(READ, UNALLOC, 8, q - 1);
	}
	for (i = 0; i < 4; i++)
		kfree((void *)p[i]);
}

/* Both CMPS operands uninitialized: two reports from one fault, not one
   folded into the other. */
KTEST(kmemcheck_cmps_two_reports)
{
	uint32_t *a = kmalloc(8), *b = kmalloc(8);
	void *s = a, *d = b;

	asm volatile("cmpsl" : "+S"(s), "+D"(d) : : "memory", "cc");
	KEXPECT_REPORT(READ, UNINIT, 32, a);
	KEXPECT_REPORT(READ, UNINIT, 32, b);
	kfree(a);
	kfree(b);
}
