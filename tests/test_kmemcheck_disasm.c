/* tests/test_kmemcheck_disasm.c - the kernel's disassembler on a report's bytes. */
#include "kernel/string.h"
#include "kmemcheck/disasm.h"
#include "kmemcheck/error.h"
#include "tests/ktest.h"

/*
 * The host test holds kmemcheck_disasm() to objdump; this one runs the
 * kernel's build of it (freestanding, -O2, general registers only) on the
 * bytes a report saved, with the registers fixed by the asm constraints
 * so the instruction is known: 8b 53 04, as in the README's report.
 */
KTEST(kmemcheck_disasm_report_code)
{
	uint32_t *p = kmalloc(16), v = 0;
	struct kmemcheck_error e;
	char text[KMEMCHECK_DISASM_MAX];

	asm volatile("movl 4(%%ebx), %%edx" : "=d"(v) : "b"(p) : "memory");
	if (ktest_take_report(&e, __FILE__, __LINE__)) {
		KEXPECT_EQ(kmemcheck_disasm(e.code, e.code_len, e.regs.eip,
					    text, sizeof(text)), 3);
		KEXPECT(strcmp(text, "mov 0x4(%ebx),%edx") == 0);
	}
	(void)v;
	kfree(p);
}

KTEST(kmemcheck_disasm_branch_and_bad)
{
	static const uint8_t call[] = { 0xe8, 0xfb, 0xff, 0xff, 0xff };
	static const uint8_t fld[] = { 0xd9, 0x03 };
	char text[KMEMCHECK_DISASM_MAX];

	KEXPECT_EQ(kmemcheck_disasm(call, sizeof(call), 0x100762, text,
				    sizeof(text)), 5);
	KEXPECT(strcmp(text, "call 0x100762") == 0);
	KEXPECT_EQ(kmemcheck_disasm(fld, sizeof(fld), 0, text, sizeof(text)),
		   -1);
	KEXPECT(strcmp(text, "(bad)") == 0);
}
