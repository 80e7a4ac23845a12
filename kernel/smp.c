/* kernel/smp.c - the other CPUs: found, started, and given work. */
#include "kernel/apic.h"
#include "kernel/cpus.h"
#include "kernel/gdt.h"
#include "kernel/idt.h"
#include "kernel/lapic.h"
#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/timer.h"
#include "kernel/x86.h"
#include "mm/frame.h"
#include "mm/memlayout.h"
#include "mm/paging.h"

/* How long an AP has to say it is up after its start-up IPIs. */
#define AP_START_TIMEOUT_US	1000000
#define AP_START_POLL_US	1000

/* Everything here is static: CPUs look at each other's entries from trap
   handlers, where no heap memory (tracked by kmemcheck) may be touched. */
struct cpu {
	uint8_t apic_id;
	volatile uint32_t online;
	/* smp_start(): busy from the start until fn returned; fn is set
	   last and taken by the CPU's idle loop; starter is woken then. */
	volatile uint32_t busy;
	void (*volatile fn)(void *arg);
	void *volatile arg;
	volatile uint32_t starter;
	/* smp_call_others() from this CPU: what to run, and how many CPUs
	   have still to run it. */
	void (*volatile call_fn)(void *arg);
	void *volatile call_arg;
	volatile uint32_t calls_left;
	/* Calls waiting for this CPU: bit n for CPU n's call_fn. */
	volatile uint32_t calls_from;
};

static struct cpu cpus[SMP_MAX_CPUS];
static unsigned int nr_online = 1;
/* Slots of APSTACKS_START with their stacks mapped: 1 .. nr_stacks - 1. */
static unsigned int nr_stacks = 1;

/* The trampoline's copy, and what its 32-bit part reads
   (boot/trampoline.asm). */
extern const uint8_t trampoline_start[], trampoline_end[], trampoline_gdtr[];
uint32_t smp_boot_cr3, smp_boot_cr0, smp_boot_esp, smp_boot_cpu;
/* Called by the trampoline on the AP's own stack. */
void smp_ap_main(unsigned int cpu) __attribute__((noreturn));

unsigned int smp_this_cpu(void)
{
	unsigned int cpu;

	asm volatile("movl %%gs:0, %0" : "=r"(cpu));
	return cpu;
}

unsigned int smp_cpus(void)
{
	return nr_online;
}

/* A CPU's slot: a guard page, the kernel stack, a guard page, the
   double-fault stack. The guards stay unmapped: an overflow faults there,
   and then the double-fault task takes over with its own stack. */
static uint32_t slot(unsigned int cpu)
{
	return APSTACKS_START + cpu * AP_STACK_SLOT;
}

static uint32_t ap_stack_top(unsigned int cpu)
{
	return slot(cpu) + PAGE_SIZE + AP_STACK_SIZE;
}

static uint32_t ap_df_stack_top(unsigned int cpu)
{
	return slot(cpu) + AP_STACK_SLOT;
}

bool smp_on_ap_stack(uint32_t lo, uint32_t hi)
{
	uint32_t cpu, s;

	if (lo < slot(1) || hi <= lo)
		return false;
	cpu = (lo - APSTACKS_START) / AP_STACK_SLOT;
	if (cpu >= nr_stacks)
		return false;
	s = slot(cpu);
	return (lo >= s + PAGE_SIZE && hi <= ap_stack_top(cpu)) ||
	       (lo >= ap_stack_top(cpu) + PAGE_SIZE &&
		hi <= ap_df_stack_top(cpu));
}

/* Frames of their own, not the heap's: kmemcheck hides heap pages, and a
   push to a hidden page faults. */
static void map_stacks(unsigned int cpu)
{
	uint32_t va;

	for (va = slot(cpu); va < slot(cpu) + AP_STACK_SLOT; va += PAGE_SIZE) {
		physaddr_t pa;

		if (va == slot(cpu) || va == ap_stack_top(cpu))
			continue;
		pa = frame_alloc();
		if (!pa || paging_map(va, pa, PTE_P | PTE_W) < 0)
			panic("smp: no frame for the stacks of CPU %u at %08x",
			      cpu, va);
	}
	nr_stacks = cpu + 1;
}

/* Runs the calls other CPUs queued for this one; interrupts off. */
static void run_calls(unsigned int self)
{
	uint32_t from = xchg(&cpus[self].calls_from, 0);

	while (from) {
		struct cpu *caller = &cpus[__builtin_ctz(from)];

		from &= from - 1;
		caller->call_fn(caller->call_arg);
		__atomic_fetch_sub(&caller->calls_left, 1, __ATOMIC_SEQ_CST);
	}
}

void smp_poll_calls(void)
{
	if (nr_online > 1)
		run_calls(smp_this_cpu());
}

void smp_interrupt(uint32_t vector)
{
	/* A spurious interrupt is not in service: no EOI (SDM Vol. 3A,
	   10.9). */
	if (vector == VEC_APIC_SPURIOUS)
		return;
	run_calls(smp_this_cpu());
	lapic_eoi();
}

static void send_ipi(unsigned int cpu)
{
	lapic_send(cpus[cpu].apic_id, ICR_DM_FIXED | VEC_IPI);
}

/*
 * An AP's life after the trampoline: its TSS and the shared IDT, its
 * APIC, then work. The check for work and the halt run with interrupts
 * off up to sti; hlt, whose sti takes effect only after hlt has begun
 * (SDM Vol. 2B, STI): an IPI sent after the check wakes the halt instead
 * of being taken before it.
 */
void smp_ap_main(unsigned int cpu)
{
	struct cpu *me = &cpus[cpu];

	gdt_load_tss();
	idt_load();
	lapic_enable();
	__atomic_store_n(&me->online, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		void (*fn)(void *arg);

		cli();
		fn = me->fn;
		if (!fn) {
			sti_hlt();
			continue;
		}
		sti();
		fn(me->arg);
		me->fn = NULL;
		__atomic_store_n(&me->busy, 0, __ATOMIC_SEQ_CST);
		send_ipi(me->starter);
	}
}

int smp_start(unsigned int cpu, void (*fn)(void *arg), void *arg)
{
	struct cpu *c;

	if (cpu >= nr_online || cpu == smp_this_cpu())
		return -1;
	c = &cpus[cpu];
	if (xchg(&c->busy, 1))
		return -1;
	c->arg = arg;
	c->starter = smp_this_cpu();
	/* x86 keeps stores in order: once fn is seen, so are the others. */
	barrier();
	c->fn = fn;
	send_ipi(cpu);
	return 0;
}

void smp_wait(unsigned int cpu)
{
	uint32_t flags = read_eflags();
	unsigned int self = smp_this_cpu();

	/* The BSP never takes work, so there is nothing to wait for. */
	if (cpu == 0 || cpu >= nr_online || cpu == self)
		return;
	for (;;) {
		cli();
		if (!cpus[cpu].busy)
			break;
		/* The CPU sends an IPI when fn returns; with interrupts off
		   nothing would wake a halt: spin, running calls meanwhile. */
		if (flags & EFLAGS_IF) {
			sti_hlt();
		} else {
			run_calls(self);
			pause();
		}
	}
	if (flags & EFLAGS_IF)
		sti();
}

void smp_call_others(void (*fn)(void *arg), void *arg)
{
	uint32_t flags = read_eflags();
	unsigned int self, cpu;
	struct cpu *me;

	cli();
	self = smp_this_cpu();
	me = &cpus[self];
	me->call_fn = fn;
	me->call_arg = arg;
	me->calls_left = nr_online - 1;
	for (cpu = 0; cpu < nr_online; cpu++) {
		if (cpu == self)
			continue;
		/* Locked, a full barrier: the call is seen before the bit. */
		__atomic_fetch_or(&cpus[cpu].calls_from, 1u << self,
				  __ATOMIC_SEQ_CST);
		send_ipi(cpu);
	}
	/* Another CPU may be waiting in here for this one, with interrupts
	   off too: run its call, or both would wait forever. */
	while (__atomic_load_n(&me->calls_left, __ATOMIC_SEQ_CST)) {
		run_calls(self);
		pause();
	}
	if (flags & EFLAGS_IF)
		sti();
}

static void flush_here(void *arg)
{
	uint32_t va = (uint32_t)(uintptr_t)arg;

	if (va == PAGING_FLUSH_ALL)
		lcr3(rcr3());	/* drops every non-global entry */
	else
		invlpg(va);
}

/* The TLB shootdown: every other CPU drops va from its TLB (or all it
   holds) before the page is reused (SDM Vol. 3A, 4.10.5). */
static void flush_others(uint32_t va)
{
	smp_call_others(flush_here, (void *)(uintptr_t)va);
}

/* INIT, then two start-up IPIs naming the trampoline's page, with the
   waits the SDM gives (Vol. 3A, 8.4.4.1); then the AP has a while to say
   it is up. Returns whether it did. */
static bool start_ap(unsigned int cpu, uint8_t apic_id)
{
	uint8_t *gdtr = (uint8_t *)TRAMPOLINE_BASE +
			(trampoline_gdtr - trampoline_start);
	struct descriptor_pointer p;
	uint32_t waited;
	pde_t *dir;
	int i;

	if (nr_stacks <= cpu)
		map_stacks(cpu);
	p = gdt_setup_ap(cpu, (uint8_t *)ap_df_stack_top(cpu));
	memcpy(gdtr, &p, sizeof(p));
	cpus[cpu].apic_id = apic_id;
	/* The AP's own page directory: the kernel's tables, its own copy
	   of the heap's, where kmemcheck shows pages for its steps alone
	   (mm/paging.c). */
	dir = paging_new_cpu_dir();
	if (!dir) {
		printk("smp: no frame left for the page directory of CPU %u\n",
		       cpu);
		return false;
	}
	smp_boot_cr3 = (uint32_t)dir;
	smp_boot_cr0 = rcr0();
	smp_boot_esp = ap_stack_top(cpu);
	smp_boot_cpu = cpu;

	lapic_send(apic_id, ICR_DM_INIT | ICR_LEVEL_ASSERT);
	timer_udelay(INIT_DELAY_US);
	for (i = 0; i < 2; i++) {
		lapic_send(apic_id, ICR_DM_STARTUP |
				    (TRAMPOLINE_BASE >> PAGE_SHIFT));
		timer_udelay(SIPI_DELAY_US);
	}
	for (waited = 0; waited < AP_START_TIMEOUT_US;
	     waited += AP_START_POLL_US) {
		if (__atomic_load_n(&cpus[cpu].online, __ATOMIC_SEQ_CST))
			return true;
		timer_udelay(AP_START_POLL_US);
	}
	printk("smp: the CPU with APIC ID %u did not start\n", apic_id);
	return false;
}

void smp_init(void)
{
	struct cpus_found found;
	unsigned int i;
	uint8_t self;

	/* The BSP runs kmain and the tests: smp_start() finds it busy. */
	cpus[0].online = 1;
	cpus[0].busy = 1;
	if (cpus_find_acpi(&found) || cpus_find_mp(&found)) {
		lapic_map(found.lapic_base);
		lapic_enable();
		self = lapic_id();
		cpus[0].apic_id = self;
		if (found.n > 1)
			memcpy((void *)TRAMPOLINE_BASE, trampoline_start,
			       trampoline_end - trampoline_start);
		for (i = 0; i < found.n && nr_online < SMP_MAX_CPUS; i++)
			if (found.apic_id[i] != self &&
			    start_ap(nr_online, found.apic_id[i]))
				nr_online++;
		if (found.listed > found.n)
			printk("smp: %u CPUs left offline: the kernel takes "
			       "SMP_MAX_CPUS (%u)\n", found.listed - found.n,
			       SMP_MAX_CPUS);
	}
	if (nr_online > 1)
		paging_set_flush_others(flush_others);
	printk("smp: %u CPUs online\n", nr_online);
}
