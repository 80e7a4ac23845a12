/* kernel/symbols.c - address to function name, for stack traces. */
#include <stddef.h>

#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/symbols.h"

const struct ksym *ksym_lookup(uint32_t addr)
{
	uint32_t lo = 0, hi = ksyms_count;

	/* Binary search for the last symbol starting at or below addr. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (ksyms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	if (addr - ksyms[lo - 1].addr >= ksyms[lo - 1].size)
		return NULL;
	return &ksyms[lo - 1];
}

const struct ksym *ksym_find(const char *name)
{
	uint32_t i;

	for (i = 0; i < ksyms_count; i++)
		if (strcmp(ksyms[i].name, name) == 0)
			return &ksyms[i];
	return NULL;
}

static void print_symbol_of(uint32_t addr, uint32_t lookup)
{
	const struct ksym *s = ksym_lookup(lookup);

	if (s)
		printk("%s+0x%x/0x%x", s->name, addr - s->addr, s->size);
	else
		printk("0x%08x", addr);
}

void print_symbol(uint32_t addr)
{
	print_symbol_of(addr, addr);
}

/* A return address points after the call, which may be the last
   instruction of its function: look up the byte before it. */
void print_return_symbol(uint32_t addr)
{
	print_symbol_of(addr, addr - 1);
}
