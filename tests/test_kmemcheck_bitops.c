/* tests/test_kmemcheck_bitops.c - bit-level read-modify-writes. */
#include "tests/ktest.h"

/*
 * Setting, clearing and flipping bits of a fresh bitmap is not a use of
 * its other bits: BTS, BTR, BTC count as writes, as AND, OR and XOR do
 * (kmemcheck/check.c). Testing a bit with BT is a read.
 */
KTEST(kmemcheck_bitops_fresh_bitmap)
{
	uint32_t *map = kmalloc(32), bit = 3;

	asm volatile("btsl %1, (%0)" : : "r"(map), "r"(bit) : "memory", "cc");
	asm volatile("btrl $5, 4(%0)" : : "r"(map) : "memory", "cc");
	asm volatile("btcl %1, 8(%0)" : : "r"(map), "r"(bit) : "memory", "cc");
	asm volatile("lock btsl $1, 12(%0)" : : "r"(map) : "memory", "cc");
	asm volatile("orl $8, 16(%0)" : : "r"(map) : "memory", "cc");
	asm volatile("andl $8, 20(%0)" : : "r"(map) : "memory", "cc");
	asm volatile("xorb $8, 24(%0)" : : "r"(map) : "memory", "cc");
	KEXPECT_NO_REPORT();
	KEXPECT(kmemcheck_is_initialized(map, 25));
	asm volatile("btl %1, 28(%0)" : : "r"(map), "r"(bit) : "memory", "cc");
	KEXPECT_REPORT(KMEMCHECK_ACCESS_READ, KMEMCHECK_SHADOW_UNINITIALIZED,
		       32, map + 7);
	kfree(map);
}

/* A bit write into freed memory is still a write into freed memory. */
KTEST(kmemcheck_bitops_freed)
{
	uint32_t *map = kzalloc(8);

	kfree(map);
	asm volatile("btsl $0, (%0)" : : "r"(map) : "memory", "cc");
	KEXPECT_REPORT(KMEMCHECK_ACCESS_WRITE, KMEMCHECK_SHADOW_FREED, 32,
		       map);
}
