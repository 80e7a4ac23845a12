/* kernel/symbols.h - the kernel's own symbol table, linked into the image. */
#ifndef KERNEL_SYMBOLS_H
#define KERNEL_SYMBOLS_H

#include <stdint.h>

struct ksym {
	uint32_t addr;
	uint32_t size;
	const char *name;
};

/* Generated from the first link's `nm` by tools/gensyms.py, sorted by
   address (build/ksyms.c). */
extern const struct ksym ksyms[];
extern const uint32_t ksyms_count;

/* The function containing addr, or NULL. */
const struct ksym *ksym_lookup(uint32_t addr);
const struct ksym *ksym_find(const char *name);
/* Prints "name+0xoff/0xsize", or the bare address when unknown. */
void print_symbol(uint32_t addr);
/* The same for a return address found on the stack. */
void print_return_symbol(uint32_t addr);

#endif
