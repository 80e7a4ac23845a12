/* tests/test_smp.c - the other CPUs: bring-up, work, calls, a lock. */
#include "kernel/cpus.h"
#include "kernel/mmu.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/x86.h"
#include "tests/ktest.h"

/*
 * With one CPU (QEMU's default, the rest of make test) each test checks
 * what it can: that nothing can be started on a CPU that is not there.
 * tests/jobs_smp.py boots these with -smp 4. Everything the CPUs share
 * here is static; tests/test_smp_kmemcheck.c shares the heap. Waits on
 * another CPU are bounded (ktest_spin_until), so that a lost IPI fails a
 * test rather than hanging the suite.
 */
static void nothing(void *arg)
{
	(void)arg;
}

static bool listed(const struct cpus_found *f, uint8_t apic_id)
{
	unsigned int i;

	for (i = 0; i < f->n; i++)
		if (f->apic_id[i] == apic_id)
			return true;
	return false;
}

KTEST(smp_cpus_online)
{
	struct cpus_found acpi, mp;
	unsigned int i;

	KEXPECT(smp_cpus() >= 1 && smp_cpus() <= SMP_MAX_CPUS);
	KEXPECT_EQ(smp_this_cpu(), 0);
	/* QEMU (SeaBIOS) gives both tables; every CPU of the MADT started. */
	KEXPECT(cpus_find_acpi(&acpi));
	KEXPECT_EQ(acpi.n, smp_cpus());
	/* SeaBIOS's MP table lists the first CPU of each package only:
	   with -smp 4 (four cores of one package) just the BSP. */
	KEXPECT(cpus_find_mp(&mp));
	KEXPECT(mp.n >= 1 && mp.n <= acpi.n);
	for (i = 0; i < mp.n; i++)
		KEXPECT(listed(&acpi, mp.apic_id[i]));
	KEXPECT_EQ(acpi.lapic_base, mp.lapic_base);
}

static volatile uint32_t ids[SMP_MAX_CPUS];

static void record_cpu(void *arg)
{
	*(volatile uint32_t *)arg = smp_this_cpu();
}

KTEST(smp_this_cpu_each)
{
	unsigned int cpu;

	for (cpu = 1; cpu < smp_cpus(); cpu++) {
		ids[cpu] = 0xffffffff;
		KEXPECT_EQ(smp_start(cpu, record_cpu, (void *)&ids[cpu]), 0);
		smp_wait(cpu);
		KEXPECT_EQ(ids[cpu], cpu);
	}
}

/* Every AP arrives, then waits until all have: they run at once. */
static volatile uint32_t arrived, release;

static void meet(void *arg)
{
	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	if (ktest_spin_until(&release, 1))
		*(volatile uint32_t *)arg = smp_this_cpu();
}

KTEST(smp_start_all_at_once)
{
	unsigned int cpu;

	arrived = release = 0;
	for (cpu = 1; cpu < smp_cpus(); cpu++) {
		ids[cpu] = 0xffffffff;
		KEXPECT_EQ(smp_start(cpu, meet, (void *)&ids[cpu]), 0);
	}
	KEXPECT(ktest_spin_until(&arrived, smp_cpus() - 1));
	__atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
	for (cpu = 1; cpu < smp_cpus(); cpu++) {
		smp_wait(cpu);
		KEXPECT_EQ(ids[cpu], cpu);
	}
}

static volatile uint32_t hold;

static void held(void *arg)
{
	(void)arg;
	ktest_spin_until(&hold, 0);
}

KTEST(smp_start_busy_or_offline)
{
	KEXPECT_EQ(smp_start(0, nothing, NULL), -1);		/* the caller */
	KEXPECT_EQ(smp_start(smp_cpus(), nothing, NULL), -1);
	KEXPECT_EQ(smp_start(SMP_MAX_CPUS, nothing, NULL), -1);
	smp_wait(smp_cpus());		/* offline: returns at once */
	if (smp_cpus() < 2)
		return;
	hold = 1;
	KEXPECT_EQ(smp_start(1, held, NULL), 0);
	KEXPECT_EQ(smp_start(1, nothing, NULL), -1);		/* busy */
	__atomic_store_n(&hold, 0, __ATOMIC_SEQ_CST);
	smp_wait(1);
	KEXPECT_EQ(smp_start(1, nothing, NULL), 0);		/* free again */
	smp_wait(1);
}

/* Which CPUs ran a call, how often, and whether with interrupts off. */
static volatile uint32_t calls[SMP_MAX_CPUS], calls_with_if;

static void count_call(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&calls[smp_this_cpu()], 1, __ATOMIC_SEQ_CST);
	if (read_eflags() & EFLAGS_IF)
		__atomic_fetch_add(&calls_with_if, 1, __ATOMIC_SEQ_CST);
}

static void reset_calls(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < SMP_MAX_CPUS; cpu++)
		calls[cpu] = 0;
	calls_with_if = 0;
}

static void expect_calls(const uint32_t *want)
{
	unsigned int cpu;

	for (cpu = 0; cpu < SMP_MAX_CPUS; cpu++)
		if (calls[cpu] != want[cpu])
			ktest_fail("CPU %u ran %u calls, expected %u", cpu,
				   calls[cpu], want[cpu]);
	KEXPECT_EQ(calls_with_if, 0);
}

KTEST(smp_call_others_reaches_all)
{
	uint32_t want[SMP_MAX_CPUS] = { 0 };
	unsigned int cpu;

	for (cpu = 1; cpu < smp_cpus(); cpu++)
		want[cpu] = 1;
	reset_calls();
	smp_call_others(count_call, NULL);
	expect_calls(want);
	KEXPECT(read_eflags() & EFLAGS_IF);

	/* With interrupts off on the caller, and they stay off. */
	reset_calls();
	cli();
	smp_call_others(count_call, NULL);
	KEXPECT(!(read_eflags() & EFLAGS_IF));
	sti();
	expect_calls(want);
}

/* The BSP and CPU 1 call all others at the same moment, both with
   interrupts off: each must run the other's call while it waits. */
static volatile uint32_t go;

static void call_when_told(void *arg)
{
	(void)arg;
	cli();
	if (ktest_spin_until(&go, 1))
		smp_call_others(count_call, NULL);
	sti();
}

KTEST(smp_call_others_crossed)
{
	uint32_t want[SMP_MAX_CPUS] = { 0 };
	unsigned int cpu;

	if (smp_cpus() < 2)
		return;
	want[0] = want[1] = 1;
	for (cpu = 2; cpu < smp_cpus(); cpu++)
		want[cpu] = 2;
	reset_calls();
	go = 0;
	KEXPECT_EQ(smp_start(1, call_when_told, NULL), 0);
	cli();
	__atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
	smp_call_others(count_call, NULL);
	sti();
	smp_wait(1);
	expect_calls(want);
}

/* A read-modify-write that is not atomic by itself: only the lock keeps
   increments from being lost. */
#define LOCK_ROUNDS	2000

static struct spinlock counter_lock = SPINLOCK_INIT;
static volatile uint32_t counter, if_inside;

static void count_locked(void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < LOCK_ROUNDS; i++) {
		uint32_t flags = spin_lock_irqsave(&counter_lock);
		uint32_t v = counter;

		if (read_eflags() & EFLAGS_IF)
			if_inside++;
		pause();
		counter = v + 1;
		spin_unlock_irqrestore(&counter_lock, flags);
	}
}

KTEST(smp_spinlock_counts)
{
	unsigned int cpu;

	counter = if_inside = 0;
	for (cpu = 1; cpu < smp_cpus(); cpu++)
		KEXPECT_EQ(smp_start(cpu, count_locked, NULL), 0);
	count_locked(NULL);
	for (cpu = 1; cpu < smp_cpus(); cpu++)
		smp_wait(cpu);
	KEXPECT_EQ(counter, LOCK_ROUNDS * smp_cpus());
	KEXPECT_EQ(if_inside, 0);
	KEXPECT(read_eflags() & EFLAGS_IF);
}

/*
 * Ends the machine (tests/jobs_smp.py): a stack overflow on CPU 1 runs
 * into the guard page below its stack, and the double fault goes to CPU
 * 1's own task and stack. Each call keeps a buffer on the stack and uses
 * the result after the call, so the recursion stays a recursion.
 */
static volatile bool stack_is_endless = true;

static __attribute__((noinline)) uint32_t ap_recurse(uint32_t depth)
{
	volatile uint8_t buf[64];

	if (!stack_is_endless)
		return depth;
	buf[0] = (uint8_t)depth;
	buf[sizeof(buf) - 1] = (uint8_t)(depth >> 8);
	return ap_recurse(depth + 1) + buf[0] + buf[sizeof(buf) - 1];
}

static void overflow(void *arg)
{
	*(volatile uint32_t *)arg = ap_recurse(0);
}

KTEST(crash_smp_ap_stack_overflow)
{
	static volatile uint32_t result;

	printk("crash: recursing on CPU 1 until its stack runs out\n");
	if (smp_start(1, overflow, (void *)&result) < 0) {
		ktest_fail("no CPU 1 to run on");
		return;
	}
	smp_wait(1);
	ktest_fail("the stack of CPU 1 never ran out");
}
