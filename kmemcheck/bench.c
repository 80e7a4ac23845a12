/* kmemcheck/bench.c - the guest cost of one access, tracked and not. */
#include "kernel/mmu.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "kmemcheck/internal.h"
#include "kmemcheck/kmemcheck.h"
#include "mm/heap.h"

#define ITERATIONS	1000

/*
 * Under QEMU's -icount each guest instruction advances the virtual clock
 * by a fixed step, and rdtsc reads that clock: the figures count guest
 * work, the same on every run and host. Interrupts stay off while
 * measuring so no timer tick lands inside a loop.
 */
enum access_kind { READ, WRITE, MOVS };

static uint64_t measure(enum access_kind kind, uint32_t *p, uint32_t *q)
{
	uint64_t start = rdtsc();
	unsigned int i;
	uint32_t v;

	for (i = 0; i < ITERATIONS; i++) {
		switch (kind) {
		case READ:
			asm volatile("movl (%1), %0" : "=r"(v) : "r"(p) : "memory");
			break;
		case WRITE:
			asm volatile("movl %0, (%1)" : : "r"(i), "r"(p) : "memory");
			break;
		case MOVS: {
			uint32_t *src = p, *dst = q;

			asm volatile("movsl" : "+S"(src), "+D"(dst) : : "memory");
			break;
		}
		}
	}
	(void)v;
	return (uint32_t)(rdtsc() - start) / ITERATIONS;
}

static void row(const char *what, uint64_t cost, uint64_t floor)
{
	uint32_t c = (uint32_t)cost, f = (uint32_t)floor;

	printk("bench: %-34s %8u  %4u.%02u\n", what, c, c / f,
	       (c % f) * 100 / f);
}

void kmemcheck_bench_run(void)
{
	uint32_t *p = kzalloc(64), *q = kzalloc(64), *u = kmalloc(64);
	uint64_t untracked, floor, read, write, movs, movs_uninit;
	struct kmemcheck_stats s;
	uint32_t flags = read_eflags();

	if (!kmemcheck_enabled() || !p || !q || !u) {
		printk("bench: needs kmemcheck on (kmemcheck=1) and two heap "
		       "objects\n");
		return;
	}
	cli();
	kmemcheck_set_enabled(false);
	untracked = measure(READ, p, q);
	kmemcheck_set_enabled(true);
	kmemcheck_bare = true;
	floor = measure(READ, p, q);
	kmemcheck_bare = false;
	read = measure(READ, p, q);
	write = measure(WRITE, p, q);
	movs = measure(MOVS, p, q + 4);
	/* Uninitialized bytes carry their origin: a stack walk and a depot
	   lookup per copy (kmemcheck/origin.c). Switching kmemcheck on
	   above trusted every byte: make the source uninitialized again. */
	kmemcheck_mark_uninitialized(u, 64);
	movs_uninit = measure(MOVS, u, q + 8);
	if (flags & EFLAGS_IF)
		sti();

	printk("bench: guest time per access, averaged over %u accesses "
	       "(-icount: virtual ns)\n", ITERATIONS);
	printk("bench: %-34s %8s  %7s\n", "access", "ns", "x floor");
	row("untracked heap read", untracked, floor);
	row("floor: hide/show + single-step only", floor, floor);
	row("tracked read, initialized", read, floor);
	row("tracked write", write, floor);
	row("tracked movsl, both tracked", movs, floor);
	row("tracked movsl, uninitialized source", movs_uninit, floor);
	kmemcheck_get_stats(&s);
	printk("bench: shadow: %u bytes for %u tracked pages = %u.%02u bytes "
	       "per tracked byte\n", s.shadow_bytes, s.pages_tracked,
	       s.shadow_bytes / (s.pages_tracked * PAGE_SIZE),
	       s.shadow_bytes % (s.pages_tracked * PAGE_SIZE) * 100 /
	       (s.pages_tracked * PAGE_SIZE));
	printk("bench: report data: %u origin + %u object bytes for %u "
	       "tracked pages, %u of %u depot bytes\n", s.origin_bytes,
	       s.object_bytes, s.pages_tracked, s.depot_bytes,
	       s.depot_reserved);
	kfree(p);
	kfree(q);
	kfree(u);
}
