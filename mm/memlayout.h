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
 * DIRECT_MAX +------------------------------+ 0x40000000 (at most)
 *            | RAM, identity mapped: free   | RW; page tables, kmemcheck's
 *            | frames                       | shadow, never heap objects
 *            +------------------------------+ _kernel_end
 *            | .data .bss                   | RW; the boot stack's guard
 *            |                              | page is left unmapped
 *            | .text .rodata                | R (CR0.WP: also for ring 0)
 * 0x00100000 +------------------------------+ _kernel_start
 *            | low memory: BIOS, VGA        | RW, never allocated
 * 0x00001000 +------------------------------+
 *            | page 0: unmapped             | NULL dereferences fault
 * 0x00000000 +------------------------------+
 */
#define LOW_MEMORY_END		0x00100000u
#define DIRECT_MAX		0x40000000u
#define HEAP_START		0xd0000000u
#define HEAP_END		0xd4000000u
#define HEAP_PAGES		((HEAP_END - HEAP_START) / PAGE_SIZE)

#endif
