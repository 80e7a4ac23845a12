/* tests/test_kmemcheck_api.c - marking API, bitfields, statistics, switch. */
#include "kernel/mmu.h"
#include "mm/paging.h"
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ
#define WRITE	KMEMCHECK_ACCESS_WRITE

static uint32_t read32(const void *p)
{
	uint32_t v;

	asm volatile("movl (%1), %0" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static void write32(void *p, uint32_t v)
{
	asm volatile("movl %1, (%0)" : : "r"(p), "r"(v) : "memory");
}

static bool page_present(const void *p)
{
	pte_t *pte = paging_lookup((uint32_t)p);

	return pte && (*pte & PTE_P);
}

/* For memory filled behind the CPU's back (DMA, another mapping). */
KTEST(kmemcheck_api_mark_initialized)
{
	uint8_t *p = kmalloc(16);

	kmemcheck_mark_initialized(p + 4, 8);
	KEXPECT(kmemcheck_is_initialized(p + 4, 8));
	read32(p + 4);
	read32(p + 8);
	KEXPECT_NO_REPORT();
	read32(p + 12);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, p + 12);
	kfree(p);
}

KTEST(kmemcheck_api_mark_uninitialized)
{
	uint8_t *p = kzalloc(16);

	kmemcheck_mark_uninitialized(p + 2, 2);
	KEXPECT(kmemcheck_is_initialized(p, 2));
	KEXPECT(!kmemcheck_is_initialized(p, 3));
	read32(p);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, p);
	kfree(p);
}

KTEST(kmemcheck_api_mark_freed)
{
	uint8_t *p = kzalloc(16);

	kmemcheck_mark_freed(p + 8, 4);
	read32(p + 4);
	KEXPECT_NO_REPORT();
	read32(p + 8);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_FREED, 32, p + 8);
	write32(p + 8, 0);
	KEXPECT_REPORT(WRITE, KMEMCHECK_SHADOW_FREED, 32, p + 8);
	kmemcheck_mark_initialized(p + 8, 4);
	read32(p + 8);
	KEXPECT_NO_REPORT();
	kfree(p);
}

KTEST(kmemcheck_api_mark_unallocated)
{
	uint8_t *p = kzalloc(16);

	kmemcheck_mark_unallocated(p + 12, 4);
	write32(p + 12, 0);
	KEXPECT_REPORT(WRITE, KMEMCHECK_SHADOW_UNALLOCATED, 32, p + 12);
	read32(p + 12);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNALLOCATED, 32, p + 12);
	KEXPECT(!kmemcheck_is_initialized(p + 12, 1));
	kfree(p);
}

/* Untracked memory (the stack, .data) is always taken as initialized;
   freed and unallocated bytes never are. */
KTEST(kmemcheck_api_is_initialized)
{
	uint8_t *p = kmalloc(16);
	uint32_t local;

	KEXPECT(kmemcheck_is_initialized(&local, sizeof(local)));
	KEXPECT(!kmemcheck_is_initialized(p, 1));
	KEXPECT(kmemcheck_is_initialized(p, 0));
	write32(p, 0);
	KEXPECT(kmemcheck_is_initialized(p, 4));
	KEXPECT(!kmemcheck_is_initialized(p, 5));
	KEXPECT(!kmemcheck_is_initialized(p + 15, 2));
	kfree(p);
	KEXPECT(!kmemcheck_is_initialized(p, 4));
	KEXPECT_NO_REPORT();
}

struct flags_obj {
	int id;
	KMEMCHECK_BITFIELD_BEGIN(flags);
	unsigned int up : 1, mode : 3, count : 4;
	KMEMCHECK_BITFIELD_END(flags);
	int after;
};

/*
 * Setting a bitfield reads the word around it. Without the annotation
 * that read of a fresh object reports; with it, the bitfield's bytes
 * (and no others) are initialized and the update is silent.
 */
KTEST(kmemcheck_api_bitfield_annotation)
{
	struct flags_obj *bare = kmalloc(sizeof(*bare));
	struct flags_obj *p = kmalloc(sizeof(*p));
	volatile struct flags_obj *vp = p;
	uint32_t *word = (uint32_t *)bare->flags_begin, tmp;

	/* What the compiler may emit for bare->up = 1. */
	asm volatile("movl (%1), %0\n\t"
		     "orl $1, %0\n\t"
		     "movl %0, (%1)" : "=&r"(tmp) : "r"(word) : "memory", "cc");
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, word);

	kmemcheck_annotate_bitfield(p, flags);
	KEXPECT(kmemcheck_is_initialized(p->flags_begin,
					 (char *)p->flags_end -
					 (char *)p->flags_begin));
	KEXPECT(!kmemcheck_is_initialized(&p->id, sizeof(p->id)));
	KEXPECT(!kmemcheck_is_initialized(&p->after, sizeof(p->after)));
	vp->up = 1;
	vp->mode = 5;
	vp->count = 9;
	KEXPECT_EQ(vp->up, 1);
	KEXPECT_EQ(vp->mode, 5);
	KEXPECT_EQ(vp->count, 9);
	KEXPECT_NO_REPORT();
	kfree(bare);
	kfree(p);
}

/* One tracked access is one fault and one single-step trap, or, with
   kmemcheck.emulate=1, one fault whose plain move the handler does. */
KTEST(kmemcheck_stats_fault_and_trap_counters)
{
	struct kmemcheck_stats before, after;
	uint8_t *p = kzalloc(16), *q = kmalloc(16);
	uint32_t emulated = kmemcheck_emulating() ? 2 : 0;

	kmemcheck_get_stats(&before);
	read32(p);
	write32(p + 4, 1);
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(after.faults - before.faults, 2);
	KEXPECT_EQ(after.traps - before.traps, 2 - emulated);
	KEXPECT_EQ(after.emulated - before.emulated, emulated);
	KEXPECT_EQ(after.reports, before.reports);

	read32(q);
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(after.reports - before.reports, 1);
	KEXPECT_EQ(after.queued - before.queued, 1);
	KEXPECT_EQ(after.dropped, before.dropped);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, q);
	kfree(p);
	kfree(q);
}

KTEST(kmemcheck_stats_shadow_size)
{
	struct kmemcheck_stats before, after;
	uint8_t *p;

	kmemcheck_get_stats(&before);
	KEXPECT(before.pages_tracked > 0);
	KEXPECT_EQ(before.shadow_bytes, before.pages_tracked * PAGE_SIZE);
	/* A large object gets pages of its own, fresh ones. */
	p = kmalloc(3 * PAGE_SIZE);
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(after.pages_tracked - before.pages_tracked,
		   heap_slot_size(p) / PAGE_SIZE);
	KEXPECT_EQ(after.shadow_bytes, after.pages_tracked * PAGE_SIZE);
	kfree(p);
}

/*
 * Off: pages shown, nothing checked. On again: every byte that was
 * uninitialized is trusted, since writes made meanwhile were not seen;
 * freed memory stays freed.
 */
KTEST(kmemcheck_runtime_switch)
{
	struct kmemcheck_stats before, after;
	uint8_t *p = kmalloc(16), *q = kzalloc(16), *r, *big;

	KEXPECT(kmemcheck_enabled());
	KEXPECT(!page_present(p));
	KEXPECT_EQ(kmemcheck_set_enabled(false), 0);
	KEXPECT(!kmemcheck_enabled());
	KEXPECT(page_present(p));
	kmemcheck_get_stats(&before);
	read32(p);
	write32(p + 4, 0x44);
	kfree(q);
	/* Fresh pages while off: tracked, with a shadow, but not hidden. */
	big = kmalloc(2 * PAGE_SIZE);
	KEXPECT(page_present(big));
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(after.faults, before.faults);
	KEXPECT_NO_REPORT();
	KEXPECT_EQ(kmemcheck_set_enabled(false), 0);

	KEXPECT_EQ(kmemcheck_set_enabled(true), 0);
	KEXPECT(kmemcheck_enabled());
	KEXPECT(!page_present(p));
	KEXPECT_EQ(read32(p + 4), 0x44);
	read32(p + 8);
	KEXPECT(!page_present(big));
	KEXPECT(!page_present(big + PAGE_SIZE));
	read32(big + PAGE_SIZE);
	KEXPECT_NO_REPORT();
	read32(q);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_FREED, 32, q);
	r = kmalloc(16);
	read32(r);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, r);
	kfree(p);
	kfree(r);
	kfree(big);
}
