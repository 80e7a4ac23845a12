/* mm/memlayout.h - the kernel's one virtual address space. */
#ifndef MM_MEMLAYOUT_H
#define MM_MEMLAYOUT_H

/*
 * Everything runs in ring 0 in a single address space:
 *
 * 0xffffffff +------------------------------+
 *            | unused                       |
 * HEAP_END   +------------------------------+ 0xd4000000
 *            | kernel heap: kmalloc pages,  | RW; kmemcheck hides the pages
 *            | 4 KiB each, own PTEs         | of tracked objects
 * HEAP_START +------------------------------+ 0xd0000000
 *            | unused                       |
 *            +------------------------------+ IOMAP_END 0xcf800000
 *            | firmware tables above the    | R (tables) or RW uncached
 *            | identity map, local APIC     | (APIC), paging_map_phys()
 *            +------------------------------+ IOMAP_START 0xcf400000
 *            | unused                       |
 *            +------------------------------+ 0xcf040000
 *            | per CPU slot (AP_STACK_SLOT):| RW; guard pages unmapped
 *            | guard, kernel stack, guard,  | (kernel/smp.c); slot 0 is
 *            | double-fault stack           | empty: the BSP's are in .bss
 *            +------------------------------+ APSTACKS_START 0xcf000000
 *            | unused                       |
 * DIRECT_MAX +------------------------------+ 0x40000000 (at most)
 *            | RAM, identity mapped: free   | RW; page tables, kmemcheck's
 *            | frames                       | shadow, never heap objects
 *            +------------------------------+ _kernel_end
 *            | .data .bss                   | RW; the boot stack's guard
 *            |                              | page is left unmapped
 *            | .text .rodata                | R (CR0.WP: also for ring 0)
 * 0x00100000 +------------------------------+ _kernel_start
 *            | low memory: BIOS, VGA        | RW, never allocated
 * 0x00009000 +------------------------------+
 *            | AP start-up trampoline       | copied here by smp_init()
 * 0x00008000 +------------------------------+ TRAMPOLINE_BASE
 *            | low memory                   | RW, never allocated
 * 0x00001000 +------------------------------+
 *            | page 0: unmapped             | NULL dereferences fault
 * 0x00000000 +------------------------------+
 */
#define LOW_MEMORY_END		0x00100000u
#define DIRECT_MAX		0x40000000u
#define HEAP_START		0xd0000000u
#define HEAP_END		0xd4000000u
#define HEAP_PAGES		((HEAP_END - HEAP_START) / PAGE_SIZE)
#define IOMAP_START		0xcf400000u
#define IOMAP_END		0xcf800000u
/* A slot per CPU (the BSP's stays empty: its stacks are in .bss): a guard
   page, the kernel stack, a guard page, the double-fault stack. */
#define APSTACKS_START		0xcf000000u
#define AP_STACK_SIZE		0x4000u
#define AP_DF_STACK_SIZE	0x2000u
#define AP_STACK_SLOT		\
	(2 * PAGE_SIZE + AP_STACK_SIZE + AP_DF_STACK_SIZE)
/* A page below 1 MiB, so that a start-up IPI can name it (SDM Vol. 3A,
   10.6.1: vector V starts the AP at V * 4096 in real mode). */
#define TRAMPOLINE_BASE		0x8000u

#endif
