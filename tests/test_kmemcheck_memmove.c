/* tests/test_kmemcheck_memmove.c - memmove carries the shadow both ways. */
#include "kernel/mmu.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define UNINIT	KMEMCHECK_SHADOW_UNINITIALIZED

/* Bytes 0..6 written, 7..31 not: a copy up by 5 over 13 bytes moves the
   boundary with the bytes and uses none of them. */
KTEST(kmemcheck_memmove_up_copies_shadow)
{
	uint8_t *p = kmalloc(32), i;

	for (i = 0; i < 7; i++)
		((volatile uint8_t *)p)[i] = i;
	memmove(p + 5, p, 13);
	KEXPECT_NO_REPORT();
	KEXPECT(!(read_eflags() & EFLAGS_DF));
	KEXPECT(kmemcheck_is_initialized(p, 12));
	KEXPECT(!kmemcheck_is_initialized(p + 12, 1));
	KEXPECT(!kmemcheck_is_initialized(p + 17, 1));
	for (i = 0; i < 7; i++)
		KEXPECT_EQ(((volatile uint8_t *)p)[5 + i], i);
	(void)((volatile uint8_t *)p)[12];
	KEXPECT_REPORT(READ, UNINIT, 8, p + 12);
	kfree(p);
}

/* The other direction, and memcpy of the same bytes, are as silent. */
KTEST(kmemcheck_memmove_down_and_memcpy_agree)
{
	uint8_t *p = kmalloc(32), *q = kmalloc(32);

	((volatile uint8_t *)p)[9] = 9;
	memmove(p, p + 8, 16);
	memcpy(q, p + 8, 16);
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(p + 1, 1));
	KEXPECT(!kmemcheck_is_initialized(p, 1));
	KEXPECT(!kmemcheck_is_initialized(p + 2, 1));
	KEXPECT(!kmemcheck_is_initialized(q, 16));
	kfree(p);
	kfree(q);
}

/* Untracked memory: every length and overlap gives memmove's bytes. */
KTEST(kmemcheck_memmove_bytes)
{
	static uint8_t buf[40], want[40];
	unsigned int n, off, i;

	for (n = 0; n < 12; n++) {
		for (off = 1; off < 6; off++) {
			for (i = 0; i < sizeof(buf); i++)
				buf[i] = want[i] = (uint8_t)i;
			for (i = n; i; i--)
				want[10 + off + i - 1] = (uint8_t)(10 + i - 1);
			memmove(buf + 10 + off, buf + 10, n);
			KEXPECT(memcmp(buf, want, sizeof(buf)) == 0);
		}
	}
	KEXPECT(!(read_eflags() & EFLAGS_DF));
}
