/* kernel/gdt.h - per CPU: a flat GDT, a TSS and a double-fault task. */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#include <stdint.h>

#include "kernel/smp.h"
#include "kernel/x86.h"

/* 32-bit task-state segment (SDM Vol. 3A, 7.2.1, Figure 7-2). Selector
   fields are 16 bits followed by 16 reserved bits: stored as 32. */
struct tss {
	uint32_t prev_task_link;
	uint32_t esp0, ss0, esp1, ss1, esp2, ss2;
	uint32_t cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs;
	uint32_t ldt;
	uint16_t trap;
	uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "TSS is 104 bytes (SDM 7.2.1)");

/* The state the double fault interrupted, as the CPU saved it on the task
   switch: indexed by smp_this_cpu(). */
extern struct tss kernel_tss[SMP_MAX_CPUS];

/* The kernel's stacks and their unmapped guard pages (boot/entry.asm). */
extern uint8_t boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];
extern uint8_t df_stack_guard[], df_stack_bottom[], df_stack_top[];

/* The BSP's GDT, TSS and double-fault task, loaded; GS then gives
   smp_this_cpu() its 0. */
void gdt_init(void);
/* Builds an AP's GDT, TSS and double-fault task (stack below df_top, the
   current page directory) and returns the GDT's pointer, for the AP to
   load in the trampoline (kernel/smp.c); the AP then loads its TSS. */
struct descriptor_pointer gdt_setup_ap(unsigned int cpu, uint8_t *df_top);
void gdt_load_tss(void);
/* The double-fault task needs the page directory: call once paging is on. */
void gdt_set_double_fault_cr3(uint32_t cr3);

#endif
