/* kernel/shell_mem.c - shell commands on the heap, memory and page tables. */
#include <stdbool.h>

#include "kernel/extable.h"
#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/shell_cmd.h"
#include "kmemcheck/shadow.h"
#include "mm/heap.h"
#include "mm/memlayout.h"
#include "mm/paging.h"
#include "mm/pte_flags.h"

#define SHADOW_DEFAULT	16
#define SHADOW_MAX	256
#define SHADOW_ROW	32
#define COPY_MAX	PAGE_SIZE

/*
 * Stores go only to the heap: anywhere else is the kernel's own memory
 * (its stack, its page tables), and a stray store there could bring it
 * down. Loads may go anywhere; one that faults is caught by the
 * exception table (kernel/extable.c) and told as an error.
 */
static bool on_heap(uint32_t addr, uint32_t n)
{
	return addr >= HEAP_START && addr < HEAP_END && n <= HEAP_END - addr;
}

static void fault_error(const char *cmd, const struct extable_fault *f)
{
	printk("%s: #PF at 0x%08x, error code 0x%x", cmd, f->cr2,
	       f->error_code);
	print_page_fault_error(f->error_code);
	printk(": no such memory\n");
}

static int parse_size(const char *s, uint32_t *size)
{
	if (shell_parse_number(s, size) < 0 ||
	    (*size != 1 && *size != 2 && *size != 4))
		return -1;
	return 0;
}

static int allocate(char **argv, bool zeroed)
{
	uint32_t size;
	void *p;

	if (shell_parse_number(argv[0], &size) < 0 || size == 0)
		return SHELL_USAGE;
	p = zeroed ? kzalloc(size) : kmalloc(size);
	if (!p) {
		printk("%s: no memory for %u bytes\n",
		       zeroed ? "zalloc" : "alloc", size);
		return 0;
	}
	printk("%u bytes at 0x%08x\n", size, (uint32_t)p);
	return 0;
}

int shell_cmd_alloc(unsigned int argc, char **argv)
{
	(void)argc;
	return allocate(argv, false);
}

int shell_cmd_zalloc(unsigned int argc, char **argv)
{
	(void)argc;
	return allocate(argv, true);
}

int shell_cmd_free(unsigned int argc, char **argv)
{
	uint32_t addr;

	(void)argc;
	if (shell_parse_number(argv[0], &addr) < 0)
		return SHELL_USAGE;
	/* A pointer kmalloc did not give is still passed on: the heap
	   reports it, and that report is the lesson. */
	if (!heap_slot_size((void *)addr))
		printk("free: 0x%08x is not a live object\n", addr);
	kfree((void *)addr);
	return 0;
}

int shell_cmd_read(unsigned int argc, char **argv)
{
	struct extable_fault f;
	uint32_t addr, size = 4, v;

	if (shell_parse_number(argv[0], &addr) < 0 ||
	    (argc > 1 && parse_size(argv[1], &size) < 0))
		return SHELL_USAGE;
	if (probe_read((const void *)addr, size, &v, &f) >= 0) {
		fault_error("read", &f);
		return 0;
	}
	printk("%u byte%s at 0x%08x: 0x%0*x (%u)\n", size,
	       size == 1 ? "" : "s", addr, (int)size * 2, v, v);
	return 0;
}

int shell_cmd_write(unsigned int argc, char **argv)
{
	struct extable_fault f;
	uint32_t addr, size = 4, v = 0;

	if (shell_parse_number(argv[0], &addr) < 0 ||
	    (argc > 1 && parse_size(argv[1], &size) < 0) ||
	    (argc > 2 && shell_parse_number(argv[2], &v) < 0))
		return SHELL_USAGE;
	if (size < 4 && v >> (size * 8)) {
		printk("write: 0x%x does not fit in %u byte%s\n", v, size,
		       size == 1 ? "" : "s");
		return SHELL_USAGE;
	}
	if (!on_heap(addr, size)) {
		printk("write: only the heap (0x%08x-0x%08x) may be written\n",
		       HEAP_START, HEAP_END - 1);
		return 0;
	}
	if (probe_write((void *)addr, size, v, &f) >= 0) {
		fault_error("write", &f);
		return 0;
	}
	printk("wrote 0x%0*x to %u byte%s at 0x%08x\n", (int)size * 2, v,
	       size, size == 1 ? "" : "s", addr);
	return 0;
}

int shell_cmd_copy(unsigned int argc, char **argv)
{
	struct extable_fault f;
	uint32_t dst, src, n;

	(void)argc;
	if (shell_parse_number(argv[0], &dst) < 0 ||
	    shell_parse_number(argv[1], &src) < 0 ||
	    shell_parse_number(argv[2], &n) < 0 || n == 0 || n > COPY_MAX) {
		printk("copy: LEN is 1 to %u bytes\n", COPY_MAX);
		return SHELL_USAGE;
	}
	if (!on_heap(dst, n)) {
		printk("copy: only the heap (0x%08x-0x%08x) may be written\n",
		       HEAP_START, HEAP_END - 1);
		return 0;
	}
	if (probe_copy((void *)dst, (const void *)src, n, &f) >= 0) {
		fault_error("copy", &f);
		return 0;
	}
	printk("copied %u byte%s from 0x%08x to 0x%08x\n", n,
	       n == 1 ? "" : "s", src, dst);
	return 0;
}

int shell_cmd_shadow(unsigned int argc, char **argv)
{
	uint32_t addr, n = SHADOW_DEFAULT, i;

	if (shell_parse_number(argv[0], &addr) < 0 ||
	    (argc > 1 && (shell_parse_number(argv[1], &n) < 0 || n == 0 ||
			  n > SHADOW_MAX))) {
		printk("shadow: LEN is 1 to %u bytes\n", SHADOW_MAX);
		return SHELL_USAGE;
	}
	if (n > UINT32_MAX - addr + 1)
		n = UINT32_MAX - addr + 1;
	/* kmemcheck's own shadow pages: reading them touches no tracked
	   byte, so this shows the state without changing it. */
	for (i = 0; i < n; i++) {
		const uint8_t *s = kmemcheck_shadow_lookup(addr + i);

		if (i % SHADOW_ROW == 0)
			printk("%s0x%08x: ", i ? "\n" : "", addr + i);
		printk("%c", s ? kmemcheck_shadow_letter[*s] : '-');
	}
	printk("\n");
	return 0;
}

int shell_cmd_pte(unsigned int argc, char **argv)
{
	uint32_t addr;
	pte_t *pte;

	(void)argc;
	if (shell_parse_number(argv[0], &addr) < 0)
		return SHELL_USAGE;
	pte = paging_lookup(addr);
	if (!pte) {
		printk("pte: no page table covers 0x%08x\n", addr);
		return 0;
	}
	printk("pte of 0x%08x: 0x%08x", PAGE_ROUND_DOWN(addr), *pte);
	pte_print_flags(*pte);
	if (*pte & PTE_HIDDEN)
		printk(" (tracked by kmemcheck: %s)\n", *pte & PTE_P ?
		       "shown right now" : "hidden, every access faults");
	else if (*pte & PTE_P)
		printk(" (frame 0x%08x)\n", *pte & PTE_ADDR_MASK);
	else
		printk(" (not mapped)\n");
	return 0;
}
