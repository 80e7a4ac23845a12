/* kernel/gdt.c - per CPU: a flat GDT, a TSS and a double-fault task. */
#include "kernel/gdt.h"
#include "kernel/mmu.h"
#include "kernel/smp.h"
#include "kernel/x86.h"

struct gdt_entry {
	uint16_t limit_low;
	uint16_t base_low;
	uint8_t base_mid;
	uint8_t access;
	uint8_t limit_high_flags;	/* limit 19:16 in 3:0, flags in 7:4 */
	uint8_t base_high;
} __attribute__((packed));

_Static_assert(sizeof(struct gdt_entry) == 8, "descriptor is 8 bytes");

/* Each CPU has its own GDT: a TSS descriptor is marked busy by the CPU
   that loads it (SDM Vol. 3A, 7.2.2), and the double-fault task gate of the
   shared IDT names SEL_DF_TSS, which must lead every CPU to a task and a
   stack of its own. */
static struct gdt_entry gdt[SMP_MAX_CPUS][GDT_ENTRIES];
struct tss kernel_tss[SMP_MAX_CPUS];
static struct tss df_tss[SMP_MAX_CPUS];
/* The per-CPU segment of CPU n (SEL_PERCPU, in GS) starts at
   cpu_number[n]: %gs:0 is the CPU's number, one load from static memory. */
static uint32_t cpu_number[SMP_MAX_CPUS];

void double_fault_task_entry(void);

/* Segment descriptor encoding: SDM Vol. 3A, 3.4.5, Figure 3-8. */
static struct gdt_entry gdt_entry(uint32_t base, uint32_t limit,
				  uint8_t access, uint8_t flags)
{
	return (struct gdt_entry){
		.limit_low = limit & 0xffff,
		.base_low = base & 0xffff,
		.base_mid = (base >> 16) & 0xff,
		.access = access,
		.limit_high_flags = ((limit >> 16) & 0xf) | (flags << 4),
		.base_high = base >> 24,
	};
}

static struct gdt_entry tss_entry(struct tss *t)
{
	return gdt_entry((uint32_t)t, sizeof(*t) - 1,
			 SEG_ACCESS_P | SEG_TYPE_TSS32_AVAIL, 0);
}

static void load_segments(void)
{
	/* A far jump reloads CS; the data segments take plain moves. */
	asm volatile("ljmp %0, $1f\n"
		     "1:\n"
		     "movw %w1, %%ax\n"
		     "movw %%ax, %%ds\n"
		     "movw %%ax, %%es\n"
		     "movw %%ax, %%fs\n"
		     "movw %%ax, %%ss\n"
		     "movw %w2, %%ax\n"
		     "movw %%ax, %%gs\n"
		     : : "i"(SEL_KERNEL_CODE), "i"(SEL_KERNEL_DATA),
		       "i"(SEL_PERCPU) : "eax");
}

/* Builds CPU cpu's GDT, kernel TSS and double-fault task, whose stack
   ends at df_top and whose page directory is cr3. */
static void setup(unsigned int cpu, uint8_t *df_top, uint32_t cr3)
{
	struct gdt_entry *g = gdt[cpu];
	struct tss *df = &df_tss[cpu];

	/* Flat 4 GiB segments: base 0, limit 0xfffff pages. */
	g[SEL_KERNEL_CODE / 8] = gdt_entry(0, SEG_LIMIT_4G,
		SEG_ACCESS_P | SEG_ACCESS_S | SEG_TYPE_CODE_XR,
		SEG_FLAG_G | SEG_FLAG_DB);
	g[SEL_KERNEL_DATA / 8] = gdt_entry(0, SEG_LIMIT_4G,
		SEG_ACCESS_P | SEG_ACCESS_S | SEG_TYPE_DATA_RW,
		SEG_FLAG_G | SEG_FLAG_DB);
	cpu_number[cpu] = cpu;
	g[SEL_PERCPU / 8] = gdt_entry((uint32_t)&cpu_number[cpu],
		sizeof(cpu_number[cpu]) - 1,
		SEG_ACCESS_P | SEG_ACCESS_S | SEG_TYPE_DATA_RW, SEG_FLAG_DB);

	/* The CPU saves the current task's state here on a task switch, so a
	   task gate (the double fault's) needs a TSS loaded first. No I/O
	   bitmap: its offset points past the limit. */
	kernel_tss[cpu].iomap_base = sizeof(struct tss);
	g[SEL_TSS / 8] = tss_entry(&kernel_tss[cpu]);

	/* The double-fault task: its own stack, so an overflowed kernel stack
	   still gets a panic message instead of a triple fault and reset. */
	df->eip = (uint32_t)double_fault_task_entry;
	df->esp = (uint32_t)df_top;
	df->eflags = EFLAGS_RESERVED1;
	df->cr3 = cr3;
	df->cs = SEL_KERNEL_CODE;
	df->ds = df->es = df->fs = df->ss = SEL_KERNEL_DATA;
	df->gs = SEL_PERCPU;
	df->iomap_base = sizeof(struct tss);
	g[SEL_DF_TSS / 8] = tss_entry(df);
}

static struct descriptor_pointer pointer(unsigned int cpu)
{
	return (struct descriptor_pointer){
		.limit = sizeof(gdt[cpu]) - 1,
		.base = (uint32_t)gdt[cpu],
	};
}

void gdt_init(void)
{
	struct descriptor_pointer p = pointer(0);

	/* Paging is off yet: paging_init() gives the task its CR3. */
	setup(0, df_stack_top, 0);
	lgdt(&p);
	load_segments();
	ltr(SEL_TSS);
}

struct descriptor_pointer gdt_setup_ap(unsigned int cpu, uint8_t *df_top)
{
	setup(cpu, df_top, rcr3());
	return pointer(cpu);
}

void gdt_load_tss(void)
{
	ltr(SEL_TSS);
}

void gdt_set_double_fault_cr3(uint32_t cr3)
{
	df_tss[0].cr3 = cr3;
}
