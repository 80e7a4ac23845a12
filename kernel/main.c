/* kernel/main.c - the boot sequence, one step a line. */
#include <stdint.h>

#include "kernel/demo.h"
#include "kernel/gdt.h"
#include "kernel/idt.h"
#include "kernel/mmu.h"
#include "kernel/multiboot.h"
#include "kernel/options.h"
#include "kernel/panic.h"
#include "kernel/pic.h"
#include "kernel/printk.h"
#include "kernel/serial.h"
#include "kernel/shell.h"
#include "kernel/shutdown.h"
#include "kernel/smp.h"
#include "kernel/timer.h"
#include "kernel/x86.h"
#include "kmemcheck/kmemcheck.h"
#include "kmemcheck/trace.h"
#include "mm/frame.h"
#include "mm/heap.h"
#include "mm/memlayout.h"
#include "mm/memmap.h"
#include "mm/paging.h"
#include "tests/ktest.h"

void kmain(uint32_t magic, const struct multiboot_info *mbi)
{
	physaddr_t top;

	serial_init();		/* first: every later step can print */
	printk("\nkmemcheck teaching kernel booting\n");
	gdt_init();		/* our own segments, TSS and double-fault task */
	idt_init();		/* from here an exception panics with a report */
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not started by a multiboot loader: EAX is %08x, "
		      "expected %08x; boot with qemu -kernel or GRUB",
		      magic, MULTIBOOT_BOOTLOADER_MAGIC);
	/* Copied before any frame is handed out: the loader's string may
	   sit in memory the frame allocator is about to reuse. */
	options_parse(mbi->flags & MULTIBOOT_INFO_CMDLINE ?
		      (const char *)mbi->cmdline : NULL);
	top = memmap_init(mbi);	/* must come before paging: it needs frames */
	paging_init(top);
	printk("paging: on, %u MiB identity mapped, page 0 and the stack "
	       "guards unmapped, kernel text read-only\n", top >> 20);
	printk("frames: %u free, %u used by page tables\n",
	       frame_free_count(), frame_total_count() - frame_free_count());
	heap_init();
	printk("heap: ready at %08x-%08x\n", HEAP_START, HEAP_END - 1);
	kmemcheck_init(boot_options.kmemcheck);	/* before the first kmalloc */
	kmemcheck_trace_set(boot_options.kmemcheck_trace);
	kmemcheck_set_emulate(boot_options.kmemcheck_emulate);
	kmemcheck_set_rep_range(boot_options.kmemcheck_rep);
	if (!boot_options.kmemcheck_rep)
		printk("kmemcheck: REP string instructions single-stepped "
		       "element by element (kmemcheck.rep=0)\n");
	if (boot_options.kmemcheck_emulate)
		printk("kmemcheck: plain moves emulated in the fault handler, "
		       "no single step (kmemcheck.emulate=1)\n");
	pic_init();		/* before any IRQ is unmasked */
	timer_init();
	serial_enable_input();
	sti();
	printk("interrupts: IDT loaded, PIC remapped to %u, timer at %u Hz\n",
	       VEC_IRQ_BASE, TIMER_HZ);
	printk("cmdline: '%s'\n", boot_options.cmdline);
	smp_init();		/* after the timer: its waits read the PIT */

	if (boot_options.bench) {
		if (boot_options.bench_smp)
			kmemcheck_bench_smp_run();
		else
			kmemcheck_bench_run();
		shutdown(true);
	}
	if (boot_options.ktest)
		ktest_run(boot_options.ktest_prefix);	/* does not return */
	demo_run();
	shell_run();
}
