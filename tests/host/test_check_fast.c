/* tests/host/test_check_fast.c - the check's shortcut against the reference. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/mmu.h"
#include "kernel/trap.h"
#include "kmemcheck/check.h"
#include "kmemcheck/check_fast.h"
#include "kmemcheck/error.h"
#include "kmemcheck/opcode.h"
#include "kmemcheck/shadow.h"
#include "mm/memlayout.h"
#include "tests/host/harness.h"

/* Two tracked pages: operands near their border cross it. */
#define PAGE_A		(HEAP_START + 0x80000u)
#define PAGE_B		(PAGE_A + PAGE_SIZE)
#define TRIALS		20000

static unsigned int nr_reports;

/* The stand-in for kmemcheck/error.c: the reference's reports counted. */
bool kmemcheck_error_save(enum kmemcheck_error_kind kind, uint8_t access,
			  enum kmemcheck_shadow state, uint8_t size,
			  uint32_t address, const struct trap_frame *tf,
			  const uint8_t *code, unsigned int code_len,
			  unsigned int operand)
{
	(void)kind, (void)access, (void)state, (void)size, (void)address;
	(void)tf, (void)code, (void)code_len, (void)operand;
	nr_reports++;
	return true;
}

/* One instruction of each kind the fault path meets, memory through EBX:
   loads, stores, read-modify-writes and string forms of each width, and
   forms the shortcut must leave alone (BITOP, MOVS, CMPS, XLAT). */
static const char *const insns[] = {
	"8b 03", "8a 03", "66 8b 03", "0f b6 03", "0f bf 03",	/* loads */
	"89 03", "88 03", "66 89 03", "c7 03 01 00 00 00",	/* stores */
	"c6 03 01", "8f 03",
	"01 03", "ff 03", "80 03 01", "87 03", "0f c1 03",	/* rmw */
	"39 03", "85 03", "0f a3 03",				/* reads */
	"09 03", "21 03", "31 03", "0f ab 03",			/* bitops */
	"ab", "aa", "66 ab", "ad", "ac", "af", "ae",		/* strings */
	"a5", "a4", "66 a5", "a7", "d7",			/* movs, ... */
};

static const uint8_t weights[KMEMCHECK_SHADOW_NR_STATES] = {
	/* mostly initialized and uninitialized: that is where the
	   shortcut accepts, and where it must not overreach */
	[KMEMCHECK_SHADOW_UNALLOCATED] = 1,
	[KMEMCHECK_SHADOW_UNINITIALIZED] = 3,
	[KMEMCHECK_SHADOW_INITIALIZED] = 12,
	[KMEMCHECK_SHADOW_FREED] = 1,
};

static uint8_t random_state(void)
{
	unsigned int r = (unsigned int)rand() % 17, s;

	for (s = 0; r >= weights[s]; s++)
		r -= weights[s];
	return (uint8_t)s;
}

/* The shadow of the 32 bytes around addr. */
static void save(uint32_t addr, uint8_t *out)
{
	unsigned int i;

	for (i = 0; i < 32; i++)
		out[i] = *kmemcheck_shadow_lookup(addr - 16 + i);
}

static void restore(uint32_t addr, const uint8_t *in)
{
	unsigned int i;

	for (i = 0; i < 32; i++)
		*kmemcheck_shadow_lookup(addr - 16 + i) = in[i];
}

/* The shortcut that fits the form, as the fault path picks it. */
static bool shortcut(const struct kmemcheck_insn *insn, const uint32_t *addr)
{
	if (kmemcheck_check_fast_form(insn))
		return kmemcheck_check_fast(insn, addr[0]);
	if (kmemcheck_check_fast_movs_form(insn))
		return kmemcheck_check_fast_movs(insn->op[0].size, addr[0],
						 addr[1]);
	return false;
}

static void trial(const char *hex, unsigned int *accepted)
{
	static const struct trap_frame tf;
	uint8_t code[KMEMCHECK_INSN_MAX_LEN], before[2][32], fast[2][32];
	uint8_t ref[2][32];
	struct kmemcheck_insn insn;
	int len = host_parse_hex(hex, code, KMEMCHECK_INSN_MAX_LEN);
	uint32_t addr[2], i, k;

	if (kmemcheck_opcode_decode(code, (unsigned int)len, &insn) != 0) {
		host_fail("\"%s\" does not decode", hex);
		return;
	}
	/* Both operands near the page border, at any alignment; a MOVS's
	   destination sometimes overlaps its source. */
	addr[0] = PAGE_B - 12 + (uint32_t)rand() % 24;
	addr[1] = rand() % 4 ? PAGE_A + 0x100 + (uint32_t)rand() % 24 :
			       addr[0] - 3 + (uint32_t)rand() % 7;
	for (k = 0; k < 2; k++)
		for (i = 0; i < 32; i++)
			*kmemcheck_shadow_lookup(addr[k] - 16 + i) =
				random_state();
	for (k = 0; k < 2; k++)
		save(addr[k], before[k]);

	if (!shortcut(&insn, addr)) {
		for (k = 0; k < 2; k++) {
			save(addr[k], fast[k]);
			if (memcmp(before[k], fast[k], 32))
				host_fail("\"%s\" at 0x%x: declined, but "
					  "changed the shadow", hex, addr[k]);
		}
		return;
	}
	(*accepted)++;
	for (k = 0; k < 2; k++)
		save(addr[k], fast[k]);
	for (k = 2; k--;)		/* undone in reverse: they may overlap */
		restore(addr[k], before[k]);
	nr_reports = 0;
	kmemcheck_check_insn(&insn, addr, &tf, code, insn.len);
	for (k = 0; k < 2; k++)
		save(addr[k], ref[k]);
	if (nr_reports)
		host_fail("\"%s\" at 0x%x: accepted, but the reference reports",
			  hex, addr[0]);
	for (k = 0; k < 2; k++)
		for (i = 0; i < 32; i++)
			if (fast[k][i] != ref[k][i])
				host_fail("\"%s\" operand %u at 0x%x: shadow "
					  "of byte %d is %u, the reference's "
					  "%u", hex, k, addr[k], (int)i - 16,
					  fast[k][i], ref[k][i]);
}

/*
 * Random shadows under every instruction form: wherever the shortcut
 * accepts, the reference (check.c) must report nothing and leave the same
 * shadow; wherever it declines, it must have changed nothing. Both cases
 * must come up, or the test proves nothing.
 */
static void same_verdicts(void)
{
	unsigned int n, accepted = 0, declined;

	srand(1);
	for (n = 0; n < TRIALS && !host_case_failed(); n++)
		trial(insns[n % (sizeof(insns) / sizeof(insns[0]))],
		      &accepted);
	declined = n - accepted;
	if (accepted < TRIALS / 10 || declined < TRIALS / 10)
		host_fail("%u accepted, %u declined: too few of one",
			  accepted, declined);
}

/* The forms: the shortcut takes one plain operand, nothing with a
   policy or a second operand of its own. */
static void forms(void)
{
	static const struct {
		const char *hex;
		bool fast;
	} cases[] = {
		{ "8b 03", true }, { "89 44 8b 04", true }, { "ab", true },
		{ "f3 ab", false }, { "f3 a4", false },
		{ "01 03", true }, { "09 03", false }, { "0f ab 03", false },
		{ "a5", false }, { "a7", false }, { "d7", false },
		{ "67 8b 07", false }, { "8e 13", false },
		{ "0f a3 03", false }, { "0f ba 23 05", true },
	};
	uint8_t code[KMEMCHECK_INSN_MAX_LEN];
	struct kmemcheck_insn insn;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int len = host_parse_hex(cases[i].hex, code,
					 KMEMCHECK_INSN_MAX_LEN);

		if (kmemcheck_opcode_decode(code, (unsigned int)len,
					    &insn) != 0)
			host_fail("\"%s\" does not decode", cases[i].hex);
		else if (kmemcheck_check_fast_form(&insn) != cases[i].fast)
			host_fail("\"%s\": fast form %d, want %d",
				  cases[i].hex, !cases[i].fast,
				  cases[i].fast);
	}
}

int main(void)
{
	if (kmemcheck_shadow_page_add(PAGE_A) != 0 ||
	    kmemcheck_shadow_page_add(PAGE_B) != 0) {
		host_fail("no shadow");
		host_finish("setup");
		return host_summary();
	}
	same_verdicts();
	host_finish("same_verdicts");
	forms();
	host_finish("forms");
	kmemcheck_shadow_page_remove(PAGE_A);
	kmemcheck_shadow_page_remove(PAGE_B);
	return host_summary();
}
