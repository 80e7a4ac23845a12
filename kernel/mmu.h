/* kernel/mmu.h - architectural constants of the i386, named as in the Intel SDM. */
#ifndef KERNEL_MMU_H
#define KERNEL_MMU_H

/*
 * A 32-bit linear address with 4 KiB pages (SDM Vol. 3A, 4.3, Figure 4-2):
 *
 *  31                  22 21                  12 11                      0
 * +----------------------+----------------------+-------------------------+
 * | page directory index |   page table index   |    offset in the page   |
 * +----------------------+----------------------+-------------------------+
 *        PDX(la)                PTX(la)                 PGOFF(la)
 */
#define PAGE_SIZE		4096u
#define PAGE_SHIFT		12
#define PDX_SHIFT		22
#define PT_ENTRIES		1024u
#define PGOFF(la)		((uint32_t)(la) & (PAGE_SIZE - 1))
#define PTX(la)			(((uint32_t)(la) >> PAGE_SHIFT) & 0x3ff)
#define PDX(la)			(((uint32_t)(la) >> PDX_SHIFT) & 0x3ff)
#define PAGE_ROUND_DOWN(a)	((uint32_t)(a) & ~(PAGE_SIZE - 1))
#define PAGE_ROUND_UP(a)	PAGE_ROUND_DOWN((uint32_t)(a) + PAGE_SIZE - 1)

/* Page directory and page table entry bits (SDM Vol. 3A, 4.3, Table 4-6). */
#define PTE_P			0x001	/* Present */
#define PTE_W			0x002	/* Writable */
#define PTE_U			0x004	/* User */
#define PTE_PWT			0x008	/* Write-through */
#define PTE_PCD			0x010	/* Cache disable */
#define PTE_A			0x020	/* Accessed */
#define PTE_D			0x040	/* Dirty */
#define PTE_PS			0x080	/* Page size (PDE only) */
#define PTE_G			0x100	/* Global */
#define PTE_AVL_MASK		0xe00	/* Bits 9-11: ignored by the CPU, ours */
#define PTE_HIDDEN		0x200	/* AVL bit 9: page hidden by kmemcheck */
#define PTE_ADDR_MASK		0xfffff000u

/* CR0 bits (SDM Vol. 3A, 2.5). */
#define CR0_PE			0x00000001	/* Protection enable */
#define CR0_WP			0x00010000	/* Write protect, also in ring 0 */
#define CR0_PG			0x80000000	/* Paging */

/* EFLAGS bits (SDM Vol. 1, 3.4.3). */
#define EFLAGS_CF		0x00000001	/* Carry */
#define EFLAGS_RESERVED1	0x00000002	/* Always 1 */
#define EFLAGS_PF		0x00000004	/* Parity */
#define EFLAGS_AF		0x00000010	/* Auxiliary carry */
#define EFLAGS_ZF		0x00000040	/* Zero */
#define EFLAGS_SF		0x00000080	/* Sign */
#define EFLAGS_TF		0x00000100	/* Trap (single-step) */
#define EFLAGS_IF		0x00000200	/* Interrupt enable */
#define EFLAGS_DF		0x00000400	/* Direction */
#define EFLAGS_OF		0x00000800	/* Overflow */
#define EFLAGS_NT		0x00004000	/* Nested task */
#define EFLAGS_RF		0x00010000	/* Resume */

/* DR6 bits (SDM Vol. 3B, 17.2.3). */
#define DR6_B0			0x00000001	/* Breakpoint condition 0 met */
#define DR6_B_MASK		0x0000000f	/* Breakpoint conditions 0-3 */
#define DR6_BD			0x00002000	/* Debug register access */
#define DR6_BS			0x00004000	/* Single step */
#define DR6_BT			0x00008000	/* Task switch */

/* DR7 bits (SDM Vol. 3B, 17.2.4, Figure 17-2). */
#define DR7_L0			0x00000001	/* Local enable, breakpoint 0 */
#define DR7_G0			0x00000002	/* Global enable, breakpoint 0 */
#define DR7_ENABLE_MASK		0x000000ff	/* L0-L3 and G0-G3 */
#define DR7_LE			0x00000100	/* Local exact breakpoint */
#define DR7_GE			0x00000200	/* Global exact breakpoint */
#define DR7_GD			0x00002000	/* General detect */
#define DR7_RW0_MASK		0x00030000	/* R/W0: condition of breakpoint 0 */
#define DR7_RW0_EXEC		0x00000000	/*   00: instruction execution */
#define DR7_LEN0_MASK		0x000c0000	/* LEN0: must be 00 for R/W0 = 00 */

/* #PF error code bits (SDM Vol. 3A, 6.15, Interrupt 14). */
#define PF_ERR_P		0x1	/* 0: not present, 1: protection violation */
#define PF_ERR_W		0x2	/* 0: read, 1: write */
#define PF_ERR_U		0x4	/* 0: supervisor, 1: user mode */
#define PF_ERR_RSVD		0x8	/* Reserved bit set in a paging entry */

/* Exception vectors (SDM Vol. 3A, 6.3, Table 6-1). */
#define VEC_DE			0	/* Divide error */
#define VEC_DB			1	/* Debug */
#define VEC_NMI			2	/* Non-maskable interrupt */
#define VEC_BP			3	/* Breakpoint */
#define VEC_OF			4	/* Overflow */
#define VEC_BR			5	/* BOUND range exceeded */
#define VEC_UD			6	/* Invalid opcode */
#define VEC_NM			7	/* Device not available */
#define VEC_DF			8	/* Double fault */
#define VEC_CSO			9	/* Coprocessor segment overrun */
#define VEC_TS			10	/* Invalid TSS */
#define VEC_NP			11	/* Segment not present */
#define VEC_SS			12	/* Stack-segment fault */
#define VEC_GP			13	/* General protection */
#define VEC_PF			14	/* Page fault */
#define VEC_MF			16	/* x87 floating-point error */
#define VEC_AC			17	/* Alignment check */
#define VEC_MC			18	/* Machine check */
#define VEC_XM			19	/* SIMD floating-point */
#define VEC_VE			20	/* Virtualization */
#define VEC_CP			21	/* Control protection */
#define NR_EXCEPTIONS		32
#define VEC_IRQ_BASE		32	/* Where we remap the PIC's IRQ 0-15 */
#define NR_IRQS			16
/* Our local APIC vectors (kernel/smp.c), above the PIC's. The spurious
   vector's low four bits are 1111: P6 and Pentium APICs hardwire them
   (SDM Vol. 3A, 10.9). */
#define VEC_IPI			0x30	/* run queued calls, wake from hlt */
#define VEC_APIC_SPURIOUS	0x3f
#define NR_TRAP_STUBS		0x40	/* stubs in boot/vectors.asm */
#define NR_VECTORS		256

/* Segment descriptor fields (SDM Vol. 3A, 3.4.5 and 7.2.2). */
#define SEG_ACCESS_P		0x80	/* Present */
#define SEG_ACCESS_S		0x10	/* Code or data (not system) */
#define SEG_TYPE_CODE_XR	0x0a	/* Execute/read */
#define SEG_TYPE_DATA_RW	0x02	/* Read/write */
#define SEG_TYPE_TSS32_AVAIL	0x09	/* 32-bit TSS, available */
#define SEG_FLAG_G		0x8	/* Limit in 4 KiB units */
#define SEG_FLAG_DB		0x4	/* 32-bit segment */
#define SEG_LIMIT_4G		0xfffff	/* with SEG_FLAG_G: all 4 GiB */

/* IDT gate types (SDM Vol. 3A, 6.11, Figure 6-2). */
#define GATE_TASK		0x85	/* Present, task gate */
#define GATE_INTR32		0x8e	/* Present, DPL 0, 32-bit interrupt gate */

/* Our GDTs, one per CPU, all alike but for the TSSs and the per-CPU
   segment (kernel/gdt.c): selectors are index * 8, RPL 0. */
#define SEL_KERNEL_CODE		0x08
#define SEL_KERNEL_DATA		0x10
#define SEL_TSS			0x18
#define SEL_DF_TSS		0x20
#define SEL_PERCPU		0x28	/* GS: base is this CPU's own number */
#define GDT_ENTRIES		6

#endif
