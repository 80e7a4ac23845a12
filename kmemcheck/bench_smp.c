/* kmemcheck/bench_smp.c - make bench's figures with several CPUs busy. */
#include "kernel/mmu.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/x86.h"
#include "kmemcheck/kmemcheck.h"
#include "mm/heap.h"

#define SMP_ITERATIONS	1000	/* reads per CPU */
#define SMP_BUSY_MAX	4	/* the most CPUs the figures name */

/*
 * Under -icount the CPUs do not run side by side: QEMU runs them in turn
 * on one virtual clock that every guest instruction advances by 1 ns. A
 * CPU's own rdtsc difference counts the others' instructions too, so the
 * figure is the run's virtual time, from the first CPU's start to the
 * last one's end, over every CPU's reads: guest instructions per access
 * when that many CPUs check at once, waits for shared locks included.
 */
struct smp_run {
	unsigned int busy;		/* CPUs 0 .. busy - 1 read */
	uint32_t arrived;
	uint32_t *obj[SMP_BUSY_MAX];
	uint64_t start[SMP_BUSY_MAX], end[SMP_BUSY_MAX];
};

static void read_loop(const uint32_t *p, uint32_t n)
{
	uint32_t v;

	asm volatile("1: movl (%2), %0\n\t"
		     "decl %1\n\t"
		     "jnz 1b"
		     : "=&r"(v), "+r"(n) : "r"(p) : "memory", "cc");
}

/* One CPU's part: a first read outside the timing (this CPU's decode
   cache learns the instruction), then all start together. */
static void reader(void *arg)
{
	struct smp_run *r = arg;
	unsigned int cpu = smp_this_cpu();
	uint32_t flags = read_eflags();

	cli();
	read_loop(r->obj[cpu], 1);
	__atomic_fetch_add(&r->arrived, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&r->arrived, __ATOMIC_SEQ_CST) != r->busy)
		pause();
	r->start[cpu] = rdtsc();
	read_loop(r->obj[cpu], SMP_ITERATIONS);
	r->end[cpu] = rdtsc();
	if (flags & EFLAGS_IF)
		sti();
}

/* The virtual time, summed over every pair of CPUs, during which both
   were between their start and their end: 0 when the loops ran one after
   another, as QEMU's round robin under -icount tends to run them. */
static uint32_t overlap(const struct smp_run *r, unsigned int busy)
{
	unsigned int i, j;
	uint64_t sum = 0, lo, hi;

	for (i = 0; i < busy; i++) {
		for (j = i + 1; j < busy; j++) {
			lo = r->start[i] > r->start[j] ? r->start[i] :
							 r->start[j];
			hi = r->end[i] < r->end[j] ? r->end[i] : r->end[j];
			if (hi > lo)
				sum += hi - lo;
		}
	}
	return (uint32_t)sum;
}

/* Guest instructions per access with CPUs 0 .. busy - 1 reading, each
   its own tracked object; 0 when a CPU could not be started. */
static uint32_t measure(struct smp_run *r, unsigned int busy)
{
	uint64_t first, last;
	unsigned int cpu;

	r->busy = busy;
	r->arrived = 0;
	for (cpu = 1; cpu < busy; cpu++)
		if (smp_start(cpu, reader, r) < 0)
			return 0;
	reader(r);
	for (cpu = 1; cpu < busy; cpu++)
		smp_wait(cpu);
	first = r->start[0];
	last = r->end[0];
	for (cpu = 1; cpu < busy; cpu++) {
		if (r->start[cpu] < first)
			first = r->start[cpu];
		if (r->end[cpu] > last)
			last = r->end[cpu];
	}
	if (busy > 1)
		printk("bench: note smp%u: loops overlapped %u of the run's %u "
		       "virtual ns\n", busy, overlap(r, busy),
		       (uint32_t)(last - first));
	return (uint32_t)(last - first) / (busy * SMP_ITERATIONS);
}

void kmemcheck_bench_smp_run(void)
{
	static struct smp_run r;
	unsigned int cpu;
	bool ok = kmemcheck_enabled() && smp_cpus() >= SMP_BUSY_MAX;

	for (cpu = 0; cpu < SMP_BUSY_MAX; cpu++) {
		r.obj[cpu] = kzalloc(sizeof(uint32_t));
		ok = ok && r.obj[cpu];
	}
	if (!ok) {
		printk("bench: note bench=smp needs kmemcheck on, %u CPUs "
		       "(qemu -smp %u) and a few heap objects\n", SMP_BUSY_MAX,
		       SMP_BUSY_MAX);
	} else {
		printk("bench: smp_iterations %u\n", SMP_ITERATIONS);
		printk("bench: smp1_read %u\n", measure(&r, 1));
		printk("bench: smp%u_read %u\n", SMP_BUSY_MAX,
		       measure(&r, SMP_BUSY_MAX));
		if (kmemcheck_pending())
			printk("bench: note %u kmemcheck reports during the "
			       "SMP bench\n", kmemcheck_pending());
	}
	for (cpu = 0; cpu < SMP_BUSY_MAX; cpu++)
		kfree(r.obj[cpu]);
}
