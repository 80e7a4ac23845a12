/* tests/test_kmemcheck_bugs.c - each bug class kmemcheck exists to catch. */
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define WRITE	KMEMCHECK_ACCESS_WRITE

/*
 * One access each, in inline asm: the compiler may neither widen, split
 * nor drop it, so the report's size and address are known exactly.
 */
static uint8_t read8(const void *p)
{
	uint8_t v;

	asm volatile("movb (%1), %0" : "=q"(v) : "r"(p) : "memory");
	return v;
}

static uint16_t read16(const void *p)
{
	uint16_t v;

	asm volatile("movw (%1), %0" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static uint32_t read32(const void *p)
{
	uint32_t v;

	asm volatile("movl (%1), %0" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static void write8(void *p, uint8_t v)
{
	asm volatile("movb %1, (%0)" : : "r"(p), "q"(v) : "memory");
}

static void write32(void *p, uint32_t v)
{
	asm volatile("movl %1, (%0)" : : "r"(p), "r"(v) : "memory");
}

KTEST(kmemcheck_uninit_read_8)
{
	uint8_t *p = kmalloc(16);

	read8(p + 3);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 8, p + 3);
	kfree(p);
}

KTEST(kmemcheck_uninit_read_16)
{
	uint8_t *p = kmalloc(16);

	read16(p + 6);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 16, p + 6);
	kfree(p);
}

KTEST(kmemcheck_uninit_read_32)
{
	uint8_t *p = kmalloc(16);

	read32(p + 8);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, p + 8);
	kfree(p);
}

/* One bug, one report: the bytes read count as initialized afterwards. */
KTEST(kmemcheck_uninit_read_reported_once)
{
	uint8_t *p = kmalloc(16);

	read32(p);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, p);
	KEXPECT(kmemcheck_is_initialized(p, 4));
	read32(p);
	KEXPECT_NO_REPORT();
	kfree(p);
}

KTEST(kmemcheck_written_then_read_is_clean)
{
	uint8_t *p = kmalloc(16);

	write32(p + 4, 0x12345678);
	KEXPECT_EQ(read32(p + 4), 0x12345678);
	KEXPECT_NO_REPORT();
	kfree(p);
}

KTEST(kmemcheck_read_after_free)
{
	uint8_t *p = kzalloc(32);

	kfree(p);
	read32(p + 12);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_FREED, 32, p + 12);
}

/* kmalloc(20) gets a 64-byte slot, red zones included: bytes 20 to 31,
   and more, are nobody's. */
KTEST(kmemcheck_read_past_end)
{
	uint8_t *p = kzalloc(20);

	KEXPECT_EQ(heap_slot_size(p), 64);
	read32(p + 16);
	KEXPECT_NO_REPORT();
	read32(p + 20);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNALLOCATED, 32, p + 20);
	read8(p + 31);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNALLOCATED, 8, p + 31);
	kfree(p);
}

/* The last byte of the object and the first of the slack in one read. */
KTEST(kmemcheck_read_straddling_end)
{
	uint8_t *p = kzalloc(20);

	read16(p + 19);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNALLOCATED, 16, p + 19);
	kfree(p);
}

/* Beyond Linux: the write is reported, and it does not make the freed
   bytes valid, so the read that follows is caught too. */
KTEST(kmemcheck_write_after_free)
{
	uint8_t *p = kzalloc(32);

	kfree(p);
	write32(p + 8, 1);
	KEXPECT_REPORT(WRITE, KMEMCHECK_SHADOW_FREED, 32, p + 8);
	read32(p + 8);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_FREED, 32, p + 8);
	KEXPECT(!kmemcheck_is_initialized(p + 8, 4));
}

KTEST(kmemcheck_write_past_end)
{
	uint8_t *p = kmalloc(20);

	write8(p + 20, 0xaa);
	KEXPECT_REPORT(WRITE, KMEMCHECK_SHADOW_UNALLOCATED, 8, p + 20);
	read8(p + 20);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNALLOCATED, 8, p + 20);
	kfree(p);
}

/* A write that ends inside the slack is reported as a whole. */
KTEST(kmemcheck_write_straddling_end)
{
	uint8_t *p = kmalloc(20);

	write32(p + 18, 0);
	KEXPECT_REPORT(WRITE, KMEMCHECK_SHADOW_UNALLOCATED, 32, p + 18);
	KEXPECT(kmemcheck_is_initialized(p + 18, 2));
	KEXPECT(!kmemcheck_is_initialized(p + 20, 1));
	kfree(p);
}

/*
 * Stricter than Linux, which let a read pass when any byte of it was
 * initialized: a single uninitialized byte of the word is enough, in any
 * position.
 */
KTEST(kmemcheck_partially_initialized_word)
{
	uint8_t *p = kmalloc(16);
	unsigned int i;

	for (i = 0; i < 4; i++) {
		write8(p + 4 * i, 0x11);
		write8(p + 4 * i + 1, 0x22);
		write8(p + 4 * i + 2, 0x33);
		write8(p + 4 * i + 3, 0x44);
		kmemcheck_mark_uninitialized(p + 4 * i + i, 1);
		/* Each position is a case of its own, not a repeat of the
		   bug the last round found at the same read32. */
		kmemcheck_forget_last_error();
		read32(p + 4 * i);
		KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32,
			       p + 4 * i);
	}
	kfree(p);
}

/* Three of four bytes written by byte stores: the fourth still reports. */
KTEST(kmemcheck_partial_write_then_word_read)
{
	uint8_t *p = kmalloc(16);

	write8(p, 1);
	write8(p + 1, 2);
	write8(p + 2, 3);
	read32(p);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, p);
	read16(p + 4);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 16, p + 4);
	kfree(p);
}

/* kfree'd and reused: the new object starts uninitialized again, never
   inheriting the old object's initialized bytes. */
KTEST(kmemcheck_reused_memory_is_uninitialized)
{
	uint8_t *p = kzalloc(64);

	kfree(p);
	heap_drain_quarantine();
	p = kmalloc(64);
	read32(p);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, p);
	kfree(p);
}

/* A large object owns whole pages, its left red zone first; the rest of
   its last page is slack. */
KTEST(kmemcheck_read_past_end_large)
{
	uint8_t *p = kzalloc(5000);
	uint8_t *last = p - KMEMCHECK_REDZONE + 8191;

	KEXPECT_EQ(heap_slot_size(p), 8192);
	read8(p + 4999);
	KEXPECT_NO_REPORT();
	read32(p + 5000);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNALLOCATED, 32, p + 5000);
	write8(last, 0);
	KEXPECT_REPORT(WRITE, KMEMCHECK_SHADOW_UNALLOCATED, 8, last);
	kfree(p);
}
