/* tests/test_smp_kmemcheck.c - kmemcheck on every CPU at once. */
#include "kernel/extable.h"
#include "kernel/mmu.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/symbols.h"
#include "kernel/x86.h"
#include "mm/paging.h"
#include "tests/ktest.h"

/*
 * tests/jobs_smp.py boots these with -smp 4; the rest of make test boots
 * one CPU, where each test does the same work on the BSP alone. Waits on
 * other CPUs are bounded: a lost IPI or a deadlock in the checker fails a
 * test rather than hanging the suite.
 */

#define READ		KMEMCHECK_ACCESS_READ
#define UNINIT		KMEMCHECK_SHADOW_UNINITIALIZED

/* Every CPU arrives before any goes on, so the work after it overlaps. */
static volatile uint32_t arrived, late;

static void meet(void)
{
	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	if (!ktest_spin_until(&arrived, smp_cpus()))
		__atomic_fetch_add(&late, 1, __ATOMIC_SEQ_CST);
}

/* fn(arg) on every CPU at once, the BSP's own last; back when all are
   done. */
static void on_every_cpu(void (*fn)(void *arg), void *arg)
{
	unsigned int cpu;

	arrived = late = 0;
	for (cpu = 1; cpu < smp_cpus(); cpu++)
		KEXPECT_EQ(smp_start(cpu, fn, arg), 0);
	fn(arg);
	for (cpu = 1; cpu < smp_cpus(); cpu++)
		smp_wait(cpu);
}

/* fn(arg) on each AP in turn, or on the BSP when it is alone. */
static void on_each_ap(void (*fn)(void *arg), void *arg)
{
	unsigned int cpu;

	if (smp_cpus() == 1) {
		fn(arg);
		return;
	}
	for (cpu = 1; cpu < smp_cpus(); cpu++) {
		KEXPECT_EQ(smp_start(cpu, fn, arg), 0);
		smp_wait(cpu);
	}
}

static bool in_function(uint32_t eip, const char *name)
{
	const struct ksym *s = ksym_lookup(eip);

	return s && strcmp(s->name, name) == 0;
}

/*
 * Every CPU catches its own bug: each kmallocs an object and reads a byte
 * of it it never wrote, the same instruction on every CPU. One report per
 * CPU, each naming that CPU and that CPU's object.
 */
#define OWN_SIZE	24
#define OWN_OFFSET	5

static uint8_t *own[SMP_MAX_CPUS];

static __attribute__((noinline)) uint8_t own_read(const uint8_t *p)
{
	uint8_t v;

	asm volatile("movb (%1), %0" : "=q"(v) : "r"(p) : "memory");
	return v;
}

static void make_own_bug(void *arg)
{
	uint8_t *p = kmalloc(OWN_SIZE);

	(void)arg;
	own[smp_this_cpu()] = p;
	meet();
	if (p)
		own_read(p + OWN_OFFSET);
}

KTEST(smp_kmemcheck_each_cpu_catches_its_own)
{
	bool seen[SMP_MAX_CPUS] = { false };
	struct kmemcheck_error e;
	unsigned int i, n = smp_cpus();

	memset(own, 0, sizeof(own));
	on_every_cpu(make_own_bug, NULL);
	KEXPECT_EQ(late, 0);
	for (i = 0; i < n; i++) {
		if (!own[i])
			ktest_fail("CPU %u: kmalloc failed", i);
		if (!ktest_take_report(&e, __FILE__, __LINE__))
			break;
		if (e.kind != KMEMCHECK_ERROR_ACCESS || e.access != READ ||
		    e.state != UNINIT || e.size != 1 || e.repeat != 0 ||
		    !in_function(e.regs.eip, "own_read")) {
			ktest_fail("report %u: kind %u access %u state %u size "
				   "%u repeat %u at %08x, expected one "
				   "uninitialized byte read in own_read", i,
				   e.kind, e.access, e.state, e.size, e.repeat,
				   e.regs.eip);
			continue;
		}
		if (e.cpu >= n || seen[e.cpu]) {
			ktest_fail("report %u names CPU %u: offline, or named "
				   "already", i, e.cpu);
			continue;
		}
		seen[e.cpu] = true;
		if (e.address != (uint32_t)(own[e.cpu] + OWN_OFFSET))
			ktest_fail("CPU %u's report is about %08x, its byte is "
				   "%p", e.cpu, e.address,
				   own[e.cpu] + OWN_OFFSET);
	}
	KEXPECT_NO_REPORT();
	for (i = 0; i < n; i++)
		kfree(own[i]);
}

/*
 * Several CPUs hammer one tracked page at once: CPUs 1.. read an
 * initialized word HAMMER_N times each, the BSP reads HAMMER_N different
 * uninitialized words of the same object at one instruction. Every bad
 * read is an error, folded into one report (1 + its repeats = HAMMER_N),
 * no clean read is, and every read of every CPU faulted: had a page shown
 * for one CPU's single step been shown to the others, their reads in that
 * window would have gone unseen and the fault count would fall short.
 * Alone, the BSP runs one clean loop, then the bad one.
 */
#define HAMMER_N	200

struct hammer {
	uint32_t clean;			/* initialized */
	uint32_t bad[HAMMER_N];		/* uninitialized */
};

static __attribute__((noinline)) void hammer_clean(const struct hammer *h)
{
	uint32_t v, n = HAMMER_N;

	asm volatile("1: movl (%2), %0\n\t"
		     "decl %1\n\t"
		     "jnz 1b"
		     : "=&r"(v), "+r"(n) : "r"(&h->clean) : "memory", "cc");
}

static __attribute__((noinline)) void hammer_bad(const struct hammer *h)
{
	uint32_t v, i = 0;

	asm volatile("1: movl (%2,%1,4), %0\n\t"
		     "incl %1\n\t"
		     "cmpl %3, %1\n\t"
		     "jb 1b"
		     : "=&r"(v), "+r"(i)
		     : "r"(h->bad), "i"(HAMMER_N) : "memory", "cc");
}

static void hammer(void *arg)
{
	meet();
	if (smp_this_cpu() != 0)
		hammer_clean(arg);
	else
		hammer_bad(arg);
}

KTEST(smp_kmemcheck_hammer_one_page)
{
	struct hammer *h = kzalloc(sizeof(*h));
	struct kmemcheck_stats before, after;
	struct kmemcheck_error e;
	uint32_t loops = smp_cpus() > 1 ? smp_cpus() : 2;

	if (!h) {
		ktest_fail("kzalloc failed");
		return;
	}
	KEXPECT_EQ(PAGE_ROUND_DOWN(h), PAGE_ROUND_DOWN((uint32_t)(h + 1) - 1));
	kmemcheck_mark_uninitialized(h->bad, sizeof(h->bad));
	kmemcheck_get_stats(&before);
	if (smp_cpus() == 1)
		hammer_clean(h);
	on_every_cpu(hammer, h);
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(late, 0);

	if (ktest_take_report(&e, __FILE__, __LINE__)) {
		KEXPECT(in_function(e.regs.eip, "hammer_bad"));
		KEXPECT_EQ(e.kind, KMEMCHECK_ERROR_ACCESS);
		KEXPECT_EQ(e.access, READ);
		KEXPECT_EQ(e.state, UNINIT);
		KEXPECT_EQ(e.address, (uint32_t)h->bad);
		KEXPECT_EQ(e.cpu, 0);
		KEXPECT_EQ(1 + e.repeat, HAMMER_N);
	}
	KEXPECT_NO_REPORT();
	KEXPECT_EQ(after.reports - before.reports, HAMMER_N);
	KEXPECT_EQ(after.queued - before.queued, 1);
	KEXPECT_EQ(after.dropped, before.dropped);
	if (after.faults - before.faults < loops * HAMMER_N)
		ktest_fail("%u faults for %u tracked reads",
			   after.faults - before.faults, loops * HAMMER_N);
	kfree(h);
}

/*
 * Every CPU allocates and frees at once, sizes from 1 byte to three
 * pages: slab slots, whole slab pages and large objects mapped and
 * unmapped (each unmap a shootdown). Each object is filled with its
 * CPU's mark and checked before it is freed, so objects two CPUs were
 * given at once would show. No report, and the heap and kmemcheck end as
 * they began.
 */
#define CHURN_OPS	400	/* allocations per CPU, and as many frees */
#define CHURN_LIVE	8	/* objects a CPU holds at most */

static volatile uint32_t churn_bad[SMP_MAX_CPUS];

static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* Mostly small objects; one in 64 of a page or more, whose release
   unmaps its pages: a shootdown each, slow under QEMU when its CPUs
   outnumber the host's. */
static size_t churn_size(uint32_t r)
{
	if (r % 64 == 0)
		return PAGE_SIZE + r / 64 % (2 * PAGE_SIZE);
	if (r % 64 < 16)
		return 1 + r / 64 % HEAP_SMALL_MAX;
	return 1 + r / 64 % 64;
}

static bool churn_check(const uint8_t *p, size_t size, uint8_t mark)
{
	size_t i;

	for (i = 0; i < size; i += 1 + size / 8)
		if (p[i] != mark)
			return false;
	return p[size - 1] == mark;
}

static void churn(void *arg)
{
	unsigned int cpu = smp_this_cpu(), i, slot;
	uint32_t seed = 0x9e3779b9u * (cpu + 1);
	uint8_t *live[CHURN_LIVE] = { NULL };
	size_t size[CHURN_LIVE] = { 0 };
	uint8_t mark = (uint8_t)(0xa0 + cpu);

	(void)arg;
	meet();
	for (i = 0; i < CHURN_OPS + CHURN_LIVE; i++) {
		slot = i % CHURN_LIVE;
		if (live[slot]) {
			if (!churn_check(live[slot], size[slot], mark))
				churn_bad[cpu]++;
			kfree(live[slot]);
			live[slot] = NULL;
		}
		if (i >= CHURN_OPS)
			continue;
		size[slot] = churn_size(next_random(&seed));
		live[slot] = kmalloc(size[slot]);
		if (!live[slot]) {
			churn_bad[cpu]++;
			continue;
		}
		memset(live[slot], mark, size[slot]);
	}
}

KTEST(smp_kmemcheck_heap_churn)
{
	struct kmemcheck_stats kb, ka;
	struct heap_stats hb, ha;
	unsigned int cpu;

	memset((void *)churn_bad, 0, sizeof(churn_bad));
	heap_drain_quarantine();
	heap_get_stats(&hb);
	kmemcheck_get_stats(&kb);
	on_every_cpu(churn, NULL);
	heap_drain_quarantine();
	heap_get_stats(&ha);
	kmemcheck_get_stats(&ka);
	KEXPECT_EQ(late, 0);
	for (cpu = 0; cpu < smp_cpus(); cpu++)
		if (churn_bad[cpu])
			ktest_fail("CPU %u: %u objects failed or changed under "
				   "it", cpu, churn_bad[cpu]);
	KEXPECT_NO_REPORT();
	KEXPECT_EQ(ha.allocations - hb.allocations, CHURN_OPS * smp_cpus());
	KEXPECT_EQ(ha.frees - hb.frees, CHURN_OPS * smp_cpus());
	KEXPECT_EQ(ha.failed, hb.failed);
	KEXPECT_EQ(ha.bad_frees, hb.bad_frees);
	KEXPECT_EQ(ha.objects, hb.objects);
	KEXPECT_EQ(ha.pages, hb.pages);
	KEXPECT_EQ(ha.redzone_bytes, hb.redzone_bytes);
	KEXPECT_EQ(ka.reports, kb.reports);
	KEXPECT_EQ(ka.dropped, kb.dropped);
	KEXPECT_EQ(ka.pages_tracked, kb.pages_tracked);
	KEXPECT_EQ(ka.pages_untracked, kb.pages_untracked);
}

/*
 * TLB shootdown: every AP reads a page (its TLB now holds the entry),
 * the BSP frees it (unmapped, so every other TLB must drop it), and every
 * AP's next read takes a #PF. Without the shootdown an AP would read the
 * freed frame through its stale entry. An untracked object, so that no
 * read faults while the page is mapped; page-aligned, a page of its own.
 * The probes use one record of the last fixed-up fault: one CPU at a
 * time.
 */
#define SHOOT_VALUE	0x5eed1e55u

struct shoot {
	volatile uint32_t *page;
	int result[SMP_MAX_CPUS];
	uint32_t value[SMP_MAX_CPUS];
	struct extable_fault fault[SMP_MAX_CPUS];
};

static void shoot_read(void *arg)
{
	struct shoot *s = arg;
	unsigned int cpu = smp_this_cpu();

	s->result[cpu] = probe_read(s->page, 4, &s->value[cpu],
				    &s->fault[cpu]);
}

KTEST(smp_kmemcheck_tlb_shootdown)
{
	static struct shoot shoot;
	struct shoot *s = &shoot;
	unsigned int cpu, first = smp_cpus() > 1 ? 1 : 0;

	memset(s, 0, sizeof(*s));
	s->page = kmalloc_notrack(PAGE_SIZE);
	if (!s->page) {
		ktest_fail("kmalloc_notrack failed");
		return;
	}
	KEXPECT_EQ(PGOFF(s->page), 0);
	*s->page = SHOOT_VALUE;
	on_each_ap(shoot_read, s);
	for (cpu = first; cpu < smp_cpus(); cpu++) {
		if (s->result[cpu] != -1 || s->value[cpu] != SHOOT_VALUE)
			ktest_fail("CPU %u: the live page read %08x, probe %d",
				   cpu, s->value[cpu], s->result[cpu]);
		s->result[cpu] = -1;
	}

	kfree((void *)s->page);
	heap_drain_quarantine();	/* unmapped now */
	KEXPECT(paging_lookup((uint32_t)s->page) == NULL ||
		*paging_lookup((uint32_t)s->page) == 0);
	on_each_ap(shoot_read, s);
	for (cpu = first; cpu < smp_cpus(); cpu++) {
		if (s->result[cpu] != VEC_PF ||
		    s->fault[cpu].cr2 != (uint32_t)s->page)
			ktest_fail("CPU %u: the freed page read %08x, probe %d "
				   "(a stale TLB entry?)", cpu, s->value[cpu],
				   s->result[cpu]);
	}
}

/*
 * Each CPU's own view (its page directory, through its CR3) of a tracked
 * page: hidden, not present. Then every CPU reads it at once, and after
 * each read looks at its own PTE again: the page its read showed is
 * hidden again, and the others' steps never show it to this CPU. Had
 * they, some reads would have found the page present and gone unseen:
 * kmemcheck counted a fault for every read. Each CPU goes on reading
 * until every CPU has read VIEW_READS times, so that all steps overlap
 * however the host schedules QEMU's CPU threads.
 */
#define VIEW_READS	500

struct view {
	uint32_t *obj;
	pte_t pte[SMP_MAX_CPUS];
	uint32_t reads[SMP_MAX_CPUS];
	uint32_t shown[SMP_MAX_CPUS];	/* reads after which it was present */
	uint32_t done;			/* CPUs that read VIEW_READS times */
};

static void view_pte(void *arg)
{
	struct view *v = arg;
	pte_t *pte = paging_lookup((uint32_t)v->obj);

	v->pte[smp_this_cpu()] = pte ? *pte : 0;
}

static void view_read(void *arg)
{
	struct view *v = arg;
	volatile pte_t *pte = paging_lookup((uint32_t)v->obj);
	unsigned int cpu = smp_this_cpu();
	uint32_t x;

	meet();
	while (__atomic_load_n(&v->done, __ATOMIC_SEQ_CST) < smp_cpus() &&
	       v->reads[cpu] < KTEST_SPIN_LIMIT) {
		asm volatile("movl (%1), %0" : "=r"(x) : "r"(v->obj)
			     : "memory");
		if (*pte & PTE_P)
			v->shown[cpu]++;
		if (++v->reads[cpu] == VIEW_READS)
			__atomic_fetch_add(&v->done, 1, __ATOMIC_SEQ_CST);
	}
}

KTEST(smp_kmemcheck_page_hidden_on_every_cpu)
{
	static struct view v;
	struct kmemcheck_stats before, after;
	unsigned int cpu;
	uint32_t reads = 0;

	memset(&v, 0, sizeof(v));
	v.obj = kzalloc(sizeof(uint32_t));
	if (!v.obj) {
		ktest_fail("kzalloc failed");
		return;
	}
	view_pte(&v);
	for (cpu = 1; cpu < smp_cpus(); cpu++) {
		KEXPECT_EQ(smp_start(cpu, view_pte, &v), 0);
		smp_wait(cpu);
	}
	for (cpu = 0; cpu < smp_cpus(); cpu++)
		if ((v.pte[cpu] & (PTE_P | PTE_HIDDEN)) != PTE_HIDDEN)
			ktest_fail("CPU %u: the tracked page's PTE is %08x, "
				   "expected hidden and not present", cpu,
				   v.pte[cpu]);

	kmemcheck_get_stats(&before);
	on_every_cpu(view_read, &v);
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(late, 0);
	for (cpu = 0; cpu < smp_cpus(); cpu++) {
		if (v.shown[cpu])
			ktest_fail("CPU %u saw the page present after %u of "
				   "its %u reads", cpu, v.shown[cpu],
				   v.reads[cpu]);
		reads += v.reads[cpu];
	}
	KEXPECT_EQ(after.faults - before.faults, reads);
	KEXPECT_NO_REPORT();
	kfree(v.obj);
}
