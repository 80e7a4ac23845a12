/* tests/test_faults.c - expected faults are survived; symbols name the code. */
#include "kernel/extable.h"
#include "kernel/gdt.h"
#include "kernel/mmu.h"
#include "kernel/string.h"
#include "kernel/symbols.h"
#include "tests/ktest.h"

KTEST(fault_null_read)
{
	struct extable_fault f = { 0 };

	KEXPECT_EQ(probe_read8(NULL, &f), VEC_PF);
	KEXPECT_EQ(f.vector, VEC_PF);
	KEXPECT_EQ(f.cr2, 0);
	/* Page 0 is not mapped: not present, read, kernel mode. */
	KEXPECT_EQ(f.error_code, 0);
	/* The probe tells the page, not only the page's first byte. */
	KEXPECT_EQ(probe_read8((const void *)0xffc, &f), VEC_PF);
	KEXPECT_EQ(f.cr2, 0xffc);
}

KTEST(fault_stack_guard)
{
	struct extable_fault f = { 0 };

	KEXPECT_EQ(probe_read8(boot_stack_guard + PAGE_SIZE - 4, &f), VEC_PF);
	KEXPECT_EQ(f.cr2, (uint32_t)boot_stack_guard + PAGE_SIZE - 4);
	KEXPECT_EQ(f.error_code, 0);
	KEXPECT_EQ(probe_write8(boot_stack_guard, 0, &f), VEC_PF);
	KEXPECT_EQ(f.cr2, (uint32_t)boot_stack_guard);
	KEXPECT_EQ(f.error_code, PF_ERR_W);
	/* The stack right above it is ordinary memory. */
	KEXPECT_EQ(probe_read8(boot_stack_bottom, NULL), -1);
	/* The double-fault task's stack has a guard page too. */
	KEXPECT_EQ(probe_read8(df_stack_guard, &f), VEC_PF);
	KEXPECT_EQ(f.cr2, (uint32_t)df_stack_guard);
	KEXPECT_EQ(probe_read8(df_stack_bottom, NULL), -1);
}

KTEST(fault_text_write)
{
	volatile uint8_t *text = (volatile uint8_t *)(uintptr_t)probe_write8;
	uint8_t first = *text;
	struct extable_fault f = { 0 };

	KEXPECT_EQ(probe_write8(text, (uint8_t)~first, &f), VEC_PF);
	KEXPECT_EQ(f.error_code, PF_ERR_P | PF_ERR_W);
	KEXPECT_EQ(f.cr2, (uint32_t)text);
	/* Read-only does not mean unreadable, and nothing was written. */
	KEXPECT_EQ(probe_read8(text, NULL), -1);
	KEXPECT_EQ(*text, first);
}

KTEST(fault_none_on_normal_memory)
{
	volatile uint8_t local = 0x11;
	struct extable_fault f = { .vector = 0xdead };

	KEXPECT_EQ(probe_read8(&local, &f), -1);
	/* Nothing is reported when nothing faulted. */
	KEXPECT_EQ(f.vector, 0xdead);
	KEXPECT_EQ(probe_write8(&local, 0x22, NULL), -1);
	KEXPECT_EQ(local, 0x22);
	/* A fault does not stick to the next probe. */
	KEXPECT_EQ(probe_read8(NULL, NULL), VEC_PF);
	KEXPECT_EQ(probe_read8(&local, NULL), -1);
}

KTEST(fault_symbol_lookup)
{
	uint32_t fn = (uint32_t)(uintptr_t)probe_read8;
	const struct ksym *s = ksym_lookup(fn + 3);

	KEXPECT(s != NULL);
	if (!s)
		return;
	KEXPECT(strcmp(s->name, "probe_read8") == 0);
	KEXPECT_EQ(s->addr, fn);
	KEXPECT(s->size > 3);
	KEXPECT(ksym_lookup(fn + s->size) != s);
	KEXPECT(ksym_find("probe_read8") == s);
	KEXPECT(ksym_lookup(0) == NULL);
	KEXPECT(ksym_find("no_such_function") == NULL);
}
