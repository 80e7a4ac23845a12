/* kernel/gdt.c - the flat GDT, the kernel TSS and the double-fault task. */
#include "kernel/gdt.h"
#include "kernel/mmu.h"
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

static struct gdt_entry gdt[GDT_ENTRIES];
struct tss kernel_tss;
static struct tss df_tss;

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
		     "movw %%ax, %%gs\n"
		     "movw %%ax, %%ss\n"
		     : : "i"(SEL_KERNEL_CODE), "i"(SEL_KERNEL_DATA) : "eax");
}

void gdt_init(void)
{
	struct descriptor_pointer p = {
		.limit = sizeof(gdt) - 1,
		.base = (uint32_t)gdt,
	};

	/* Flat 4 GiB segments: base 0, limit 0xfffff pages. */
	gdt[SEL_KERNEL_CODE / 8] = gdt_entry(0, SEG_LIMIT_4G,
		SEG_ACCESS_P | SEG_ACCESS_S | SEG_TYPE_CODE_XR,
		SEG_FLAG_G | SEG_FLAG_DB);
	gdt[SEL_KERNEL_DATA / 8] = gdt_entry(0, SEG_LIMIT_4G,
		SEG_ACCESS_P | SEG_ACCESS_S | SEG_TYPE_DATA_RW,
		SEG_FLAG_G | SEG_FLAG_DB);

	/* The CPU saves the current task's state here on a task switch, so a
	   task gate (the double fault's) needs a TSS loaded first. No I/O
	   bitmap: its offset points past the limit. */
	kernel_tss.iomap_base = sizeof(struct tss);
	gdt[SEL_TSS / 8] = tss_entry(&kernel_tss);

	/* The double-fault task: its own stack, so an overflowed kernel stack
	   still gets a panic message instead of a triple fault and reset. */
	df_tss.eip = (uint32_t)double_fault_task_entry;
	df_tss.esp = (uint32_t)df_stack_top;
	df_tss.eflags = EFLAGS_RESERVED1;
	df_tss.cs = SEL_KERNEL_CODE;
	df_tss.ds = df_tss.es = df_tss.fs = df_tss.gs = df_tss.ss =
		SEL_KERNEL_DATA;
	df_tss.iomap_base = sizeof(struct tss);
	gdt[SEL_DF_TSS / 8] = tss_entry(&df_tss);

	lgdt(&p);
	load_segments();
	ltr(SEL_TSS);
}

void gdt_set_double_fault_cr3(uint32_t cr3)
{
	df_tss.cr3 = cr3;
}
