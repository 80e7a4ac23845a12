/* tests/host/test_check.c - host tests of what accesses do to the shadow. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kernel/mmu.h"
#include "kernel/trap.h"
#include "kmemcheck/check.h"
#include "kmemcheck/error.h"
#include "kmemcheck/opcode.h"
#include "kmemcheck/shadow.h"
#include "mm/memlayout.h"
#include "tests/host/harness.h"

/* Two tracked heap pages, the untracked heap page after them, and an
   address outside the heap (think of the stack). */
#define PAGE_A		(HEAP_START + 0x80000u)
#define PAGE_B		(PAGE_A + PAGE_SIZE)
#define PAGE_U		(PAGE_B + PAGE_SIZE)
#define STACK		0x00200000u

/* Every tracked byte no case names starts as this, and must stay so. */
#define FILL		'u'

static struct {
	unsigned int count;
	char log[256];		/* "<access><state><size>@<where> ..." */
	const struct trap_frame *tf;
	const uint8_t *code;
	unsigned int code_len;
} saved;

static const uint32_t *case_addr;

static char state_letter(unsigned int state)
{
	return state < KMEMCHECK_SHADOW_NR_STATES ? "auif"[state] : '?';
}

/* The stand-in for kmemcheck/error.c: logs each report as, say, "ru4@0"
   (read of uninitialized, 4 bytes, at the address of operand 0). */
bool kmemcheck_error_save(enum kmemcheck_error_kind kind, uint8_t access,
			  enum kmemcheck_shadow state, uint8_t size,
			  uint32_t address, const struct trap_frame *tf,
			  const uint8_t *code, unsigned int code_len,
			  unsigned int operand)
{
	size_t used = strlen(saved.log);
	char where[16];

	if (operand > 1 || (address == case_addr[!operand] &&
			     address != case_addr[operand]))
		host_fail("report at 0x%x names operand %u", address, operand);
	if (address == case_addr[0])
		snprintf(where, sizeof(where), "0");
	else if (address == case_addr[1])
		snprintf(where, sizeof(where), "1");
	else
		snprintf(where, sizeof(where), "0x%x", address);
	snprintf(saved.log + used, sizeof(saved.log) - used, "%s%s%s%c%u@%s",
		 used ? " " : "", kind == KMEMCHECK_ERROR_ACCESS ? "" : "kind?",
		 access == KMEMCHECK_ACCESS_READ ? "r" :
		 access == KMEMCHECK_ACCESS_WRITE ? "w" : "?",
		 state_letter(state), size, where);
	saved.count++;
	saved.tf = tf;
	saved.code = code;
	saved.code_len = code_len;
	return true;
}

/*
 * One instruction: its bytes, the address of each memory operand (for
 * MOVS and CMPS: [0] = DS:ESI, [1] = ES:EDI), the shadow of each operand's
 * bytes before and after, one letter a byte ('a' 'u' 'i' 'f', '-' for an
 * untracked byte), and the reports expected, in order.
 */
struct check_case {
	const char *name;
	const char *hex;
	uint32_t addr[2];
	const char *before[2];
	const char *after[2];
	const char *reports;
};

static const struct check_case cases[] = {
	/* Reads: a non-initialized byte is reported; uninitialized bytes
	   then count as initialized, freed and unallocated ones stay so. */
	{ "read_initialized", "8b 03", { PAGE_A + 0x10 }, { "iiii" },
	  { "iiii" }, "" },
	{ "read_uninitialized", "8b 03", { PAGE_A + 0x10 }, { "uuuu" },
	  { "iiii" }, "ru4@0" },
	{ "read_one_uninitialized_byte", "8b 03", { PAGE_A + 0x10 },
	  { "iiui" }, { "iiii" }, "ru4@0" },
	{ "read_freed", "8b 03", { PAGE_A + 0x10 }, { "ffff" }, { "ffff" },
	  "rf4@0" },
	{ "read_unallocated", "8b 03", { PAGE_A + 0x10 }, { "aaaa" },
	  { "aaaa" }, "ra4@0" },
	{ "read_reports_first_bad_state", "8b 03", { PAGE_A + 0x10 },
	  { "ifua" }, { "ifia" }, "rf4@0" },
	{ "read_across_tracked_pages", "8b 03", { PAGE_B - 2 }, { "iiuu" },
	  { "iiii" }, "ru4@0" },
	{ "read_into_untracked_page_ok", "8b 03", { PAGE_U - 2 }, { "ii--" },
	  { "ii--" }, "" },
	{ "read_into_untracked_page_bad", "8b 03", { PAGE_U - 2 },
	  { "uu--" }, { "ii--" }, "ru4@0" },
	{ "read_untracked", "8b 03", { PAGE_U + 8 }, { "----" }, { "----" },
	  "" },
	{ "movzx_reads_one_byte", "0f b6 03", { PAGE_A + 0x20 }, { "u" },
	  { "i" }, "ru1@0" },

	/* Writes: into freed or unallocated bytes reported, those keep
	   their state, every other byte becomes initialized. */
	{ "write_uninitialized", "89 03", { PAGE_A + 0x10 }, { "uuuu" },
	  { "iiii" }, "" },
	{ "write_initialized", "89 03", { PAGE_A + 0x10 }, { "iiii" },
	  { "iiii" }, "" },
	{ "write_freed", "89 03", { PAGE_A + 0x10 }, { "ffff" }, { "ffff" },
	  "wf4@0" },
	{ "write_unallocated", "89 03", { PAGE_A + 0x10 }, { "aaaa" },
	  { "aaaa" }, "wa4@0" },
	{ "write_partly_freed", "89 03", { PAGE_A + 0x10 }, { "uuff" },
	  { "iiff" }, "wf4@0" },
	{ "write_reports_first_invalid_state", "89 03", { PAGE_A + 0x10 },
	  { "iuaf" }, { "iiaf" }, "wa4@0" },
	{ "write_into_untracked_page", "89 03", { PAGE_U - 2 }, { "uu--" },
	  { "ii--" }, "" },
	{ "write_freed_into_untracked_page", "89 03", { PAGE_U - 2 },
	  { "ff--" }, { "ff--" }, "wf4@0" },
	{ "stosd_writes", "ab", { PAGE_A + 0x10 }, { "uuuu" }, { "iiii" },
	  "" },
	{ "stosd_into_freed", "ab", { PAGE_A + 0x10 }, { "ffff" },
	  { "ffff" }, "wf4@0" },

	/* Read-modify-write: the read half first, one report an operand. */
	{ "add_initialized", "01 03", { PAGE_A + 0x10 }, { "iiii" },
	  { "iiii" }, "" },
	{ "add_uninitialized_reports_read", "01 03", { PAGE_A + 0x10 },
	  { "iuuu" }, { "iiii" }, "ru4@0" },
	/* The write half keeps freed and unallocated bytes as they are. */
	{ "add_freed_reports_once", "01 03", { PAGE_A + 0x10 }, { "ffff" },
	  { "ffff" }, "rf4@0" },
	{ "add_unallocated_reports_once", "01 03", { PAGE_A + 0x10 },
	  { "aaaa" }, { "aaaa" }, "ra4@0" },
	{ "xchg_uninitialized", "87 03", { PAGE_A + 0x10 }, { "uuuu" },
	  { "iiii" }, "ru4@0" },

	/* AND/OR/XOR on memory count as writes. */
	{ "and_uninitialized_is_write", "21 03", { PAGE_A + 0x10 },
	  { "uuuu" }, { "iiii" }, "" },
	{ "or_partly_uninitialized_is_write", "09 03", { PAGE_A + 0x10 },
	  { "iuii" }, { "iiii" }, "" },
	{ "xor_freed", "31 03", { PAGE_A + 0x10 }, { "ffff" }, { "ffff" },
	  "wf4@0" },
	{ "and_unallocated", "21 03", { PAGE_A + 0x10 }, { "aaaa" },
	  { "aaaa" }, "wa4@0" },

	/* ... and so do BTS, BTR, BTC: one policy for bit-level
	   read-modify-writes. BT only reads. */
	{ "bts_uninitialized_is_write", "0f ab 03", { PAGE_A + 0x10 },
	  { "uuuu" }, { "iiii" }, "" },
	{ "btr_freed", "0f b3 03", { PAGE_A + 0x10 }, { "ffff" },
	  { "ffff" }, "wf4@0" },
	{ "btc_immediate_is_write", "0f ba 3b 05", { PAGE_A + 0x10 },
	  { "uiuu" }, { "iiii" }, "" },
	{ "bts_immediate_unallocated", "0f ba 2b 05", { PAGE_A + 0x10 },
	  { "aaaa" }, { "aaaa" }, "wa4@0" },
	{ "bt_uninitialized_reads", "0f a3 03", { PAGE_A + 0x10 },
	  { "uuuu" }, { "iiii" }, "ru4@0" },

	/* Other string instructions read or write ESI / EDI. */
	{ "lodsd_reads", "ad", { PAGE_A + 0x10 }, { "uuuu" }, { "iiii" },
	  "ru4@0" },
	{ "scasd_reads", "af", { PAGE_A + 0x10 }, { "iiiu" }, { "iiii" },
	  "ru4@0" },
	{ "cmpsd_reports_each_operand", "a7",
	  { PAGE_A + 0x10, PAGE_B + 0x10 }, { "uiii", "iiiu" },
	  { "iiii", "iiii" }, "ru4@0 ru4@1" },
	{ "cmpsd_one_bad_operand", "a7", { PAGE_A + 0x10, PAGE_B + 0x10 },
	  { "iiii", "iuii" }, { "iiii", "iiii" }, "ru4@1" },

	/* MOVS copies the shadow to a tracked destination. */
	{ "movsd_copies_shadow", "a5", { PAGE_A + 0x10, PAGE_B + 0x10 },
	  { "uiui", "iiii" }, { "uiui", "uiui" }, "" },
	{ "movsd_initialized_over_uninitialized", "a5",
	  { PAGE_A + 0x10, PAGE_B + 0x10 }, { "iiii", "uuuu" },
	  { "iiii", "iiii" }, "" },
	{ "rep_movsd_copies_shadow", "f3 a5",
	  { PAGE_A + 0x10, PAGE_B + 0x10 }, { "uuuu", "iiii" },
	  { "uuuu", "uuuu" }, "" },
	{ "movsb_copies_one_byte", "a4", { PAGE_A + 0x10, PAGE_B + 0x10 },
	  { "u", "i" }, { "u", "u" }, "" },
	{ "movsd_untracked_source_initializes", "a5",
	  { STACK, PAGE_B + 0x10 }, { "----", "uuuu" }, { "----", "iiii" },
	  "" },
	{ "movsd_destination_partly_tracked", "a5",
	  { PAGE_A + 0x10, PAGE_U - 2 }, { "uuii", "ii--" },
	  { "uuii", "uu--" }, "" },
	/* ... counts as a read of the source when the destination is not
	   tracked ... */
	{ "movsd_to_untracked_reads_source", "a5",
	  { PAGE_A + 0x10, STACK }, { "iuii", "----" }, { "iiii", "----" },
	  "ru4@0" },
	{ "movsd_to_untracked_initialized_source", "a5",
	  { PAGE_A + 0x10, STACK }, { "iiii", "----" }, { "iiii", "----" },
	  "" },
	/* ... and reports a write into a freed or unallocated destination. */
	{ "movsd_into_freed", "a5", { PAGE_A + 0x10, PAGE_B + 0x10 },
	  { "iiii", "ffff" }, { "iiii", "ffff" }, "wf4@1" },
	{ "movsd_into_unallocated", "a5", { PAGE_A + 0x10, PAGE_B + 0x10 },
	  { "uuuu", "aaaa" }, { "uuuu", "aaaa" }, "wa4@1" },
	{ "movsd_into_partly_freed", "a5", { PAGE_A + 0x10, PAGE_B + 0x10 },
	  { "iiii", "uuuf" }, { "iiii", "iiif" }, "wf4@1" },
	/* A freed source is a use after free right here, and the copy is
	   trusted, rather than carrying "freed" along. */
	{ "movsd_from_freed", "a5", { PAGE_A + 0x10, PAGE_B + 0x10 },
	  { "ffff", "uuuu" }, { "ffff", "iiii" }, "rf4@0" },

	/* Overlap: the element is read whole before it is written, so
	   each byte's state moves with the byte, as memmove moves it. */
	{ "movsd_overlap_up_keeps_uninitialized", "a5",
	  { PAGE_A + 0x10, PAGE_A + 0x11 }, { "iuuu", "uuuu" },
	  { "iiuu", "iuuu" }, "" },
	{ "movsd_overlap_up_keeps_initialized", "a5",
	  { PAGE_A + 0x10, PAGE_A + 0x11 }, { "uiii", "iiii" },
	  { "uuii", "uiii" }, "" },
	{ "movsd_overlap_down", "a5", { PAGE_A + 0x11, PAGE_A + 0x10 },
	  { "uiiu", "iuii" }, { "iiuu", "uiiu" }, "" },
	{ "movsw_overlap_up_by_one", "66 a5",
	  { PAGE_A + 0x10, PAGE_A + 0x11 }, { "iu", "uu" }, { "ii", "iu" },
	  "" },

	{ "lea_touches_nothing", "8d 03", { PAGE_A + 0x10 }, { "uuuu" },
	  { "uuuu" }, "" },
};

/* Every byte of the two tracked pages as letters. */
static char image[2 * PAGE_SIZE + 1];

static void take_image(char *out)
{
	uint32_t i;

	for (i = 0; i < 2 * PAGE_SIZE; i++)
		out[i] = state_letter(*kmemcheck_shadow_lookup(PAGE_A + i));
	out[i] = '\0';
}

/* Writes letters into the shadow, or into image_out when it is given. */
static void apply(uint32_t addr, const char *letters, char *image_out)
{
	static const char order[] = "auif";

	for (; *letters; letters++, addr++) {
		uint8_t *s = kmemcheck_shadow_lookup(addr);

		if (*letters == '-') {
			if (s)
				host_fail("0x%x is tracked", addr);
			continue;
		}
		if (!s) {
			host_fail("0x%x is not tracked", addr);
			continue;
		}
		if (image_out)
			image_out[addr - PAGE_A] = *letters;
		else
			*s = (uint8_t)(strchr(order, *letters) - order);
	}
}

static void run_case(const struct check_case *c)
{
	static const struct trap_frame tf;
	uint8_t code[KMEMCHECK_INSN_MAX_LEN];
	struct kmemcheck_insn insn;
	char want[sizeof(image)];
	unsigned int i, n;
	int len = host_parse_hex(c->hex, code, KMEMCHECK_INSN_MAX_LEN);

	memset(&saved, 0, sizeof(saved));
	case_addr = c->addr;
	kmemcheck_shadow_set(PAGE_A, 2 * PAGE_SIZE,
			     KMEMCHECK_SHADOW_UNINITIALIZED);
	if (kmemcheck_opcode_decode(code, (unsigned int)len, &insn) != 0 ||
	    insn.len != len) {
		host_fail("\"%s\" does not decode to %d bytes", c->hex, len);
		return;
	}
	for (i = 0; i < 2; i++)
		if (c->before[i])
			apply(c->addr[i], c->before[i], NULL);

	n = kmemcheck_check_insn(&insn, c->addr, &tf, code,
				 (unsigned int)len);

	if (strcmp(saved.log, c->reports) != 0)
		host_fail("reports \"%s\", want \"%s\"", saved.log,
			  c->reports);
	if (n != saved.count)
		host_fail("returned %u after %u reports", n, saved.count);
	if (saved.count && (saved.tf != &tf || saved.code != code ||
			    saved.code_len != (unsigned int)len))
		host_fail("report without the trap frame or the code bytes");
	memset(want, FILL, 2 * PAGE_SIZE);
	want[2 * PAGE_SIZE] = '\0';
	for (i = 0; i < 2; i++)
		if (c->after[i])
			apply(c->addr[i], c->after[i], want);
	take_image(image);
	for (i = 0; i < 2 * PAGE_SIZE; i++) {
		if (image[i] != want[i]) {
			host_fail("shadow at 0x%x is '%c', want '%c'",
				  PAGE_A + i, image[i], want[i]);
			break;
		}
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
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_case(&cases[i]);
		host_finish(cases[i].name);
	}
	kmemcheck_shadow_page_remove(PAGE_A);
	kmemcheck_shadow_page_remove(PAGE_B);
	return host_summary();
}
