/* mm/memmap.h - RAM as the boot loader describes it, into the frame allocator. */
#ifndef MM_MEMMAP_H
#define MM_MEMMAP_H

#include "kernel/multiboot.h"
#include "mm/frame.h"

/* Frees every available frame below DIRECT_MAX, reserves what is in use
   (low memory, the kernel image, the multiboot data) and returns the top
   of RAM that will be identity mapped. */
physaddr_t memmap_init(const struct multiboot_info *mbi);

#endif
