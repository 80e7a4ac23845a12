/* kernel/multiboot.h - what a multiboot (v1) loader hands the kernel. */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include <stdint.h>

/* In EAX at entry (Multiboot Specification 0.6.96, 3.2). */
#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002

/* multiboot_info.flags bits (3.3). */
#define MULTIBOOT_INFO_MEMORY		0x001	/* mem_lower, mem_upper */
#define MULTIBOOT_INFO_CMDLINE		0x004
#define MULTIBOOT_INFO_MEM_MAP		0x040	/* mmap_* */

#define MULTIBOOT_MEMORY_AVAILABLE	1

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;		/* KiB below 1 MiB */
	uint32_t mem_upper;		/* KiB above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;		/* physical address of a C string */
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
} __attribute__((packed));

/* One memory map entry; size does not count itself (3.3). */
struct multiboot_mmap_entry {
	uint32_t size;
	uint64_t addr;
	uint64_t len;
	uint32_t type;
} __attribute__((packed));

#endif
