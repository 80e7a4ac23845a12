/* kmemcheck/bench.c - make bench's figures, one a line for tests/bench.py. */
#include "kernel/mmu.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "kmemcheck/bench.h"
#include "kmemcheck/internal.h"
#include "kmemcheck/kmemcheck.h"
#include "mm/heap.h"

#define ITERATIONS	1000
/* Distinct load (and store) instructions for the cold figure. */
#define COLD_SITES	64
#define STR(x)		#x
#define XSTR(x)		STR(x)
#define BIG_ALLOC	(1u << 20)

/*
 * Under QEMU's -icount each guest instruction advances the virtual clock
 * by a fixed step, and rdtsc reads that clock: the figures count guest
 * work, the same on every run and host. Interrupts stay off while
 * measuring so no timer tick lands inside a loop. The kernel prints raw
 * figures; tests/bench.py makes the table and build/bench.tsv.
 */
enum access_kind { READ, WRITE, MOVS };

/* Keeps the workloads' results, so the compiler keeps their accesses. */
static volatile uint32_t sink;

static uint32_t measure(enum access_kind kind, uint32_t *p, uint32_t *q)
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

/*
 * The first access of an instruction never executed before: COLD_SITES
 * copies of the load, each at its own EIP, run once in the boot (this
 * function has one caller and is called once). What the fault path keeps
 * per instruction (a decode cache) has not seen any of them; the steady
 * state is measure(READ), the same EIP a thousand times.
 */
static uint32_t measure_cold_read(uint32_t *p)
{
	uint64_t start = rdtsc();
	uint32_t v;

	asm volatile(".rept " XSTR(COLD_SITES) "\n\t"
		     "movl (%1), %0\n\t"
		     ".endr"
		     : "=&r"(v) : "r"(p) : "memory");
	(void)v;
	return (uint32_t)(rdtsc() - start) / COLD_SITES;
}

static uint32_t measure_cold_write(uint32_t *p)
{
	uint64_t start = rdtsc();

	asm volatile(".rept " XSTR(COLD_SITES) "\n\t"
		     "movl %0, (%1)\n\t"
		     ".endr"
		     : : "r"(0), "r"(p) : "memory");
	return (uint32_t)(rdtsc() - start) / COLD_SITES;
}

/* Each run starts from the same heap: what the last one freed is
   released, not waiting in quarantine. */
static uint32_t time_workload(const struct bench_workload *w,
			      struct bench_bufs *b, bool on)
{
	uint64_t start;

	heap_drain_quarantine();
	kmemcheck_set_enabled(on);
	start = rdtsc();
	sink = w->run(b);
	return (uint32_t)(rdtsc() - start);
}

/* Booted with kmemcheck=0 (the heap keeps no shadow, no origins, no
   stacks), on is false: the workloads without any of kmemcheck. */
static void workloads(struct bench_bufs *b, bool on)
{
	unsigned int i;

	for (i = 0; i < bench_nr_workloads; i++) {
		const struct bench_workload *w = &bench_workloads[i];
		uint32_t off;

		/* A first run maps the slab pages its sizes need: not part
		   of the figures. */
		time_workload(w, b, false);
		off = time_workload(w, b, false);
		if (on)
			printk("bench: workload %s %u %u %s\n", w->name, off,
			       time_workload(w, b, true), w->what);
		else
			printk("bench: base %s %u\n", w->name, off);
	}
}

/* kmalloc and kfree of 1 MiB, off and (when on) on: no access faults,
   the shadow is what they cost. Pages are mapped afresh each time (the
   quarantine is drained). */
static void big_alloc(bool on)
{
	uint32_t alloc[2], release[2];
	uint64_t start;
	unsigned int i;
	void *p;

	for (i = 0; i <= on; i++) {
		heap_drain_quarantine();
		kmemcheck_set_enabled(i);
		start = rdtsc();
		p = kmalloc(BIG_ALLOC);
		alloc[i] = (uint32_t)(rdtsc() - start);
		if (!p) {
			printk("bench: note kmalloc(%u) failed\n", BIG_ALLOC);
			return;
		}
		start = rdtsc();
		kfree(p);
		release[i] = (uint32_t)(rdtsc() - start);
	}
	heap_drain_quarantine();
	if (!on) {
		printk("bench: base kmalloc_1m %u\n", alloc[0]);
		printk("bench: base kfree_1m %u\n", release[0]);
		return;
	}
	printk("bench: workload kmalloc_1m %u %u kmalloc(1 MiB)\n", alloc[0],
	       alloc[1]);
	printk("bench: workload kfree_1m %u %u kfree(1 MiB)\n", release[0],
	       release[1]);
}

/* kmemcheck=0 from boot: the baseline of every workload, no more. */
static void run_baseline(void)
{
	struct bench_bufs b = {
		.src = kmalloc(BENCH_BUF_SIZE),
		.dst = kmalloc(BENCH_BUF_SIZE),
	};
	uint32_t flags = read_eflags();

	if (b.src && b.dst) {
		memset(b.src, 0x5a, BENCH_BUF_SIZE);
		cli();
		workloads(&b, false);
		big_alloc(false);
		if (flags & EFLAGS_IF)
			sti();
	}
	kfree(b.src);
	kfree(b.dst);
}

static void row(const char *name, uint32_t insns)
{
	printk("bench: %s %u\n", name, insns);
}

static void notes(void)
{
	struct kmemcheck_stats s;
	uint32_t tracked;

	kmemcheck_get_stats(&s);
	tracked = s.pages_tracked * PAGE_SIZE;
	printk("bench: note shadow: %u bytes for %u tracked pages = %u.%02u "
	       "bytes per tracked byte\n", s.shadow_bytes, s.pages_tracked,
	       s.shadow_bytes / tracked, s.shadow_bytes % tracked * 100 /
	       tracked);
	printk("bench: note report data: %u origin + %u object bytes for %u "
	       "tracked pages, %u of %u depot bytes\n", s.origin_bytes,
	       s.object_bytes, s.pages_tracked, s.depot_bytes,
	       s.depot_reserved);
	if (kmemcheck_pending())
		printk("bench: note %u kmemcheck reports during the bench: a "
		       "workload has a bug\n", kmemcheck_pending());
}

static void run_checked(void)
{
	uint32_t *p = kzalloc(64), *q = kzalloc(64), *u = kmalloc(64);
	void *page = kmalloc_notrack(PAGE_SIZE);
	struct bench_bufs b = {
		.src = kmalloc(BENCH_BUF_SIZE),
		.dst = kmalloc(BENCH_BUF_SIZE),
	};
	uint32_t untracked, roundtrip, floor, read, write, movs, movs_uninit;
	uint32_t cold_read, cold_write, flags = read_eflags();

	if (!kmemcheck_enabled() || !p || !q || !u || !page || !b.src ||
	    !b.dst) {
		printk("bench: note needs kmemcheck on (kmemcheck=1) and a few "
		       "heap objects\n");
		return;
	}
	printk("bench: iterations %u\n", ITERATIONS);
	cli();
	kmemcheck_set_enabled(false);
	untracked = measure(READ, p, q);
	memset(b.src, 0x5a, BENCH_BUF_SIZE);
	/* With kmemcheck off no page is hidden, so the only #PF is the
	   floor's own. */
	bench_floor_begin(page);
	roundtrip = measure(READ, page, q);
	bench_floor_end();

	kmemcheck_set_enabled(true);
	cold_read = measure_cold_read(p);
	cold_write = measure_cold_write(q);
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

	row("untracked_read", untracked);
	row("roundtrip_floor", roundtrip);
	row("floor", floor);
	row("tracked_read", read);
	row("tracked_write", write);
	row("tracked_movsl", movs);
	row("tracked_movsl_uninit", movs_uninit);
	row("cold_read", cold_read);
	row("cold_write", cold_write);
	workloads(&b, true);
	big_alloc(true);
	kmemcheck_set_enabled(true);
	if (flags & EFLAGS_IF)
		sti();
	notes();
	kfree(p);
	kfree(q);
	kfree(u);
	kfree(page);
	kfree(b.src);
	kfree(b.dst);
}

void kmemcheck_bench_run(void)
{
	if (kmemcheck_boot_mode() == KMEMCHECK_MODE_OFF)
		run_baseline();
	else
		run_checked();
}
