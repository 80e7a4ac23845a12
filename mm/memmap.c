/* mm/memmap.c - RAM as the boot loader describes it, into the frame allocator. */
#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/memlayout.h"
#include "mm/memmap.h"

extern uint8_t _kernel_start[], _kernel_end[];

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* The memory map (flags bit 6) lists every range; without it only
   mem_upper, the KiB of contiguous RAM above 1 MiB, is known. */
static uint64_t add_ranges(const struct multiboot_info *mbi)
{
	uint64_t top = 0;
	uint32_t off;

	if (!(mbi->flags & MULTIBOOT_INFO_MEM_MAP)) {
		if (!(mbi->flags & MULTIBOOT_INFO_MEMORY))
			panic("multiboot: the loader gave no memory map and "
			      "no memory size");
		top = LOW_MEMORY_END + (uint64_t)mbi->mem_upper * 1024;
		printk("memory: %u KiB above 1 MiB (no memory map)\n",
		       mbi->mem_upper);
		frame_add_free(LOW_MEMORY_END, min_u64(top, DIRECT_MAX));
		return top;
	}
	for (off = 0; off < mbi->mmap_length;) {
		const struct multiboot_mmap_entry *e =
			(const void *)(mbi->mmap_addr + off);
		uint64_t end = e->addr + e->len;

		printk("memory: %08x%08x-%08x%08x %s\n",
		       (uint32_t)(e->addr >> 32), (uint32_t)e->addr,
		       (uint32_t)((end - 1) >> 32), (uint32_t)(end - 1),
		       e->type == MULTIBOOT_MEMORY_AVAILABLE ? "available" :
							       "reserved");
		if (e->type == MULTIBOOT_MEMORY_AVAILABLE) {
			frame_add_free(e->addr, min_u64(end, DIRECT_MAX));
			if (end > top)
				top = end;
		}
		off += e->size + sizeof(e->size);
	}
	return top;
}

physaddr_t memmap_init(const struct multiboot_info *mbi)
{
	uint64_t top;

	frame_init(DIRECT_MAX);
	top = add_ranges(mbi);
	if (top > DIRECT_MAX) {
		printk("memory: using the first %u MiB of %u MiB\n",
		       DIRECT_MAX >> 20, (uint32_t)(top >> 20));
		top = DIRECT_MAX;
	}
	frame_reserve(0, LOW_MEMORY_END);
	frame_reserve((uint32_t)_kernel_start, (uint32_t)_kernel_end);
	frame_reserve((uint32_t)mbi, (uint32_t)mbi + sizeof(*mbi));
	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP)
		frame_reserve(mbi->mmap_addr, (uint64_t)mbi->mmap_addr +
					      mbi->mmap_length);
	if (mbi->flags & MULTIBOOT_INFO_CMDLINE)
		frame_reserve(mbi->cmdline, (uint64_t)mbi->cmdline +
					    strlen((const char *)mbi->cmdline) + 1);
	printk("memory: kernel %08x-%08x, %u frames free of %u (%u KiB)\n",
	       (uint32_t)_kernel_start, (uint32_t)_kernel_end - 1,
	       frame_free_count(), frame_total_count(),
	       frame_free_count() * (PAGE_SIZE / 1024));
	return (physaddr_t)PAGE_ROUND_DOWN(top);
}
