/* tests/host/test_opcode.c - host tests of the instruction decoder. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemcheck/opcode.h"
#include "kmemcheck/selftest.h"
#include "tests/host/harness.h"

#define R	KMEMCHECK_ACCESS_READ
#define W	KMEMCHECK_ACCESS_WRITE
#define RW	(KMEMCHECK_ACCESS_READ | KMEMCHECK_ACCESS_WRITE)

#define EAX	KMEMCHECK_REG_EAX
#define ECX	KMEMCHECK_REG_ECX
#define EDX	KMEMCHECK_REG_EDX
#define EBX	KMEMCHECK_REG_EBX
#define ESP	KMEMCHECK_REG_ESP
#define EBP	KMEMCHECK_REG_EBP
#define ESI	KMEMCHECK_REG_ESI
#define EDI	KMEMCHECK_REG_EDI
#define NONE	KMEMCHECK_REG_NONE

/*
 * Decodes n bytes copied to the very end of a heap block, so that
 * AddressSanitizer reports any read past them.
 */
static int decode_at_end(const uint8_t *bytes, unsigned int n,
			 struct kmemcheck_insn *insn)
{
	uint8_t *block = malloc(n + 1);
	int ret;

	if (!block) {
		perror("malloc");
		exit(2);
	}
	memcpy(block + 1, bytes, n);
	ret = kmemcheck_opcode_decode(block + 1, n, insn);
	free(block);
	return ret;
}

/* Decodes a string literal of bytes; fails the case if it is refused. */
static bool decode_ok(const char *bytes, unsigned int n,
		      struct kmemcheck_insn *insn)
{
	if (decode_at_end((const uint8_t *)bytes, n, insn) < 0) {
		host_fail("refused");
		return false;
	}
	return true;
}

#define DECODE(bytes, insn)	decode_ok(bytes, sizeof(bytes) - 1, insn)

static void expect_len(const struct kmemcheck_insn *insn, unsigned int len,
		       unsigned int nr)
{
	if (insn->len != len)
		host_fail("len %u, want %u", insn->len, len);
	if (insn->nr_operands != nr)
		host_fail("%u operands, want %u", insn->nr_operands, nr);
}

static void expect_operand(const struct kmemcheck_insn *insn, unsigned int n,
			   unsigned int access, unsigned int size)
{
	if (n >= insn->nr_operands) {
		host_fail("no operand %u", n);
		return;
	}
	if (insn->op[n].access != access || insn->op[n].size != size)
		host_fail("operand %u access %u size %u, want %u %u", n,
			     insn->op[n].access, insn->op[n].size, access,
			     size);
}

static bool ea_matches(const struct kmemcheck_insn *insn, int base,
		       int index, unsigned int scale, int32_t disp)
{
	const struct kmemcheck_operand *op = &insn->op[0];

	return insn->nr_operands >= 1 && op->kind == KMEMCHECK_ADDR_MODRM &&
	       op->base == base && op->index == index && op->scale == scale &&
	       op->disp == disp;
}

static void expect_ea(const struct kmemcheck_insn *insn, int base, int index,
		      unsigned int scale, int32_t disp)
{
	const struct kmemcheck_operand *op = &insn->op[0];

	if (!ea_matches(insn, base, index, scale, disp))
		host_fail("%u operands, kind %u base %d index %d scale %u "
			     "disp %d, want kind 0 base %d index %d scale %u "
			     "disp %d", insn->nr_operands, op->kind, op->base,
			     op->index, op->scale, op->disp, base, index, scale,
			     disp);
}

static const struct kmemcheck_regs regs = {
	.gpr = {
		[EAX] = 0x000000f1, [ECX] = 0xffffffff, [EDX] = 0x80000000,
		[EBX] = 0x0000fff0, [ESP] = 0x00010000, [EBP] = 0xfffffff0,
		[ESI] = 0x12340008, [EDI] = 0x00000040,
	},
};

static void expect_address(const struct kmemcheck_insn *insn, unsigned int n,
			   uint32_t want)
{
	uint32_t got;

	if (n >= insn->nr_operands) {
		host_fail("no operand %u", n);
		return;
	}
	got = kmemcheck_opcode_address(insn, n, &regs);
	if (got != want)
		host_fail("operand %u at 0x%08x, want 0x%08x", n, got, want);
}

/* "mov eax, [ebx+8]" -> "selftest_001_mov_eax_ebx_8" */
static void selftest_name(char *buf, size_t size, unsigned int index,
			  const char *text)
{
	size_t n = snprintf(buf, size, "selftest_%03u", index);
	bool sep = true;

	for (; *text && n + 2 < size; text++) {
		if ((*text >= 'a' && *text <= 'z') ||
		    (*text >= 'A' && *text <= 'Z') ||
		    (*text >= '0' && *text <= '9')) {
			if (sep)
				buf[n++] = '_';
			buf[n++] = *text;
			sep = false;
		} else {
			sep = true;
		}
	}
	buf[n] = '\0';
}

static int report_calls;

static void count_report(const char *what, unsigned int index)
{
	(void)what;
	(void)index;
	report_calls++;
}

static void test_selftest_table(void)
{
	char name[128];
	const char *what;
	unsigned int i;
	int failures;

	for (i = 0; i < kmemcheck_selftest_nr_cases; i++) {
		what = kmemcheck_selftest_check(i);
		if (what)
			host_fail("%s: %s", kmemcheck_selftest_cases[i].name,
				     what);
		selftest_name(name, sizeof(name), i,
			      kmemcheck_selftest_cases[i].name);
		host_finish(name);
	}

	failures = kmemcheck_selftest_run(count_report);
	if (failures != 0 || report_calls != 0)
		host_fail("%d failures, %d reports", failures, report_calls);
	if (kmemcheck_selftest_run(NULL) != 0)
		host_fail("fails without a report callback");
	if (kmemcheck_selftest_nr_cases < 100)
		host_fail("only %u cases", kmemcheck_selftest_nr_cases);
	host_finish("selftest_run_passes");
}

/* 16-bit ModRM, every mod and r/m (SDM Vol. 2A, Table 2-1). */
static void test_addr16_forms(void)
{
	static const struct {
		int8_t base, index;
	} rm16[8] = {
		{ EBX, ESI }, { EBX, EDI }, { EBP, ESI }, { EBP, EDI },
		{ ESI, NONE }, { EDI, NONE }, { EBP, NONE }, { EBX, NONE },
	};
	uint8_t code[8] = { 0x67, 0x8b, 0, 0x80, 0x81, 0x90 };
	struct kmemcheck_insn insn;
	unsigned int mod, rm, disp_len;
	int32_t disp;
	char name[64];

	for (mod = 0; mod < 3; mod++) {
		for (rm = 0; rm < 8; rm++) {
			code[2] = mod << 6 | 2 << 3 | rm;
			disp_len = mod;
			disp = mod == 1 ? -128 : mod == 2 ? -32384 : 0;
			if (mod == 0 && rm == 6) {
				disp_len = 2;
				disp = -32384;
			}
			if (decode_at_end(code, sizeof(code), &insn) < 0) {
				host_fail("refused");
			} else {
				expect_len(&insn, 3 + disp_len, 1);
				expect_operand(&insn, 0, R, 4);
				if (mod == 0 && rm == 6)
					expect_ea(&insn, NONE, NONE, 1, disp);
				else
					expect_ea(&insn, rm16[rm].base,
						  rm16[rm].index, 1, disp);
				if (!insn.addr16)
					host_fail("addr16 not set");
			}
			snprintf(name, sizeof(name), "addr16_mod%u_rm%u", mod,
				 rm);
			host_finish(name);
		}
	}
}

/* 32-bit ModRM, every mod and r/m, and every SIB byte (Tables 2-2, 2-3). */
static void test_addr32_forms(void)
{
	struct kmemcheck_insn insn;
	unsigned int mod, rm, len, sib;
	uint8_t code[8] = { 0x8b, 0, 0, 0x81, 0x82, 0x83, 0x84, 0x85 };
	int32_t disp;
	int base;
	char name[64];

	for (mod = 0; mod < 3; mod++) {
		for (rm = 0; rm < 8; rm++) {
			if (rm == 4)
				continue;
			code[1] = mod << 6 | rm;
			base = rm;
			len = 2 + (mod == 1 ? 1 : mod == 2 ? 4 : 0);
			disp = mod == 2 ? (int32_t)0x83828100 : 0;
			if (mod == 0 && rm == 5) {
				base = NONE;
				len = 6;
				disp = (int32_t)0x83828100;
			}
			if (decode_at_end(code, sizeof(code), &insn) == 0) {
				expect_len(&insn, len, 1);
				expect_ea(&insn, base, NONE, 1, disp);
			} else {
				host_fail("refused");
			}
			snprintf(name, sizeof(name), "addr32_mod%u_rm%u", mod,
				 rm);
			host_finish(name);
		}
	}

	for (sib = 0; sib < 256 && !host_case_failed(); sib++) {
		for (mod = 0; mod < 3; mod++) {
			int index = (sib >> 3) & 7;
			unsigned int scale = 1 << (sib >> 6);
			uint8_t sib_code[8] = { 0x8b, mod << 6 | 4, sib,
						0x7f, 0x01, 0x02, 0x03, 0x90 };

			base = sib & 7;
			len = 3 + (mod == 1 ? 1 : mod == 2 ? 4 : 0);
			disp = mod == 1 ? 0x7f : mod == 2 ? 0x0302017f : 0;
			if (mod == 0 && base == EBP) {
				base = NONE;
				len = 7;
				disp = 0x0302017f;
			}
			if (index == ESP) {
				index = NONE;
				scale = 1;
			}
			if (decode_at_end(sib_code, sizeof(sib_code),
					  &insn) < 0) {
				host_fail("sib %02x mod %u refused", sib,
					     mod);
				break;
			}
			if (insn.len != len ||
			    !ea_matches(&insn, base, index, scale, disp)) {
				host_fail("sib %02x mod %u: len %u base %d "
					     "index %d scale %u disp %d", sib,
					     mod, insn.len, insn.op[0].base,
					     insn.op[0].index, insn.op[0].scale,
					     insn.op[0].disp);
				break;
			}
		}
	}
	host_finish("addr32_every_sib_byte");
}

/* Prefixes in any order and repeated; their effects. */
static void test_prefixes(void)
{
	static const uint8_t set[] = { 0x66, 0x67, 0x3e, 0x64 };
	uint8_t code[16];
	struct kmemcheck_insn insn;
	unsigned int perm, i, n;

	/* Every order of four prefixes before "mov ax, [bx+si]". */
	for (perm = 0; perm < 24; perm++) {
		uint8_t pool[4];
		unsigned int left = 4, k = perm, j;

		memcpy(pool, set, sizeof(pool));
		for (i = 0; i < 4; i++) {
			j = k % left;
			k /= left;
			code[i] = pool[j];
			memmove(pool + j, pool + j + 1, --left - j);
		}
		code[4] = 0x8b;
		code[5] = 0x00;
		if (decode_at_end(code, 6, &insn) < 0) {
			host_fail("order %u refused", perm);
			break;
		}
		expect_len(&insn, 6, 1);
		expect_operand(&insn, 0, R, 2);
		expect_ea(&insn, EBX, ESI, 1, 0);
		if (insn.opsize != 2 || !insn.addr16)
			host_fail("opsize %u addr16 %d", insn.opsize,
				     insn.addr16);
	}
	host_finish("prefixes_any_order");

	if (DECODE("\x8b\x00", &insn) && (insn.opsize != 4 || insn.addr16 ||
					 insn.rep))
		host_fail("opsize %u addr16 %d rep %d", insn.opsize,
			     insn.addr16, insn.rep);
	host_finish("no_prefix_defaults");

	/* 14 x 66 and a two-byte instruction: 16 bytes, over the limit. */
	for (n = 0; n < 13; n++)
		code[n] = 0x66;
	code[13] = 0x8b;
	code[14] = 0x00;
	code[15] = 0x90;
	if (decode_at_end(code, 16, &insn) < 0)
		host_fail("13 prefixes + 2 bytes (15) refused");
	else
		expect_len(&insn, 15, 1);
	memmove(code + 1, code, 15);
	code[0] = 0x66;
	if (decode_at_end(code, 16, &insn) == 0)
		host_fail("16-byte instruction decoded, len %u", insn.len);
	host_finish("limit_15_bytes");

	/* add [esp+0x11223344], 0x55667788 with four prefixes: 15 bytes. */
	if (DECODE("\x3e\x26\x64\x65\x81\x84\x24\x44\x33\x22\x11"
		   "\x88\x77\x66\x55", &insn))
		expect_len(&insn, 15, 1);
	if (decode_at_end((const uint8_t *)"\x2e\x3e\x26\x64\x65\x81\x84\x24"
			  "\x44\x33\x22\x11\x88\x77\x66\x55\x90", 17,
			  &insn) == 0)
		host_fail("16-byte add decoded");
	host_finish("limit_15_bytes_with_immediate");

	if (DECODE("\x66\xc7\x03\x34\x12", &insn)) {
		expect_len(&insn, 5, 1);
		expect_operand(&insn, 0, W, 2);
	}
	if (DECODE("\x66\x67\xc7\x07\x34\x12", &insn)) {
		expect_len(&insn, 6, 1);
		expect_ea(&insn, EBX, NONE, 1, 0);
	}
	host_finish("operand_size_shortens_immediate");

	if (DECODE("\x67\xa1\x34\x12", &insn)) {
		expect_len(&insn, 4, 1);
		expect_operand(&insn, 0, R, 4);
		expect_ea(&insn, NONE, NONE, 1, 0x1234);
	}
	if (DECODE("\xa3\x78\x56\x34\x12", &insn)) {
		expect_len(&insn, 5, 1);
		expect_operand(&insn, 0, W, 4);
		expect_ea(&insn, NONE, NONE, 1, 0x12345678);
	}
	host_finish("moffs_address_size");

	if (DECODE("\x66\xc8\x10\x00\x01", &insn))
		expect_len(&insn, 5, 0);
	if (DECODE("\x66\x9a\x34\x12\x08\x00", &insn))
		expect_len(&insn, 6, 0);
	if (DECODE("\xea\x78\x56\x34\x12\x08\x00", &insn))
		expect_len(&insn, 7, 0);
	if (DECODE("\x66\xc2\x08\x00", &insn))
		expect_len(&insn, 4, 0);
	if (DECODE("\x66\x0f\x84\x00\x00", &insn))
		expect_len(&insn, 5, 0);
	if (DECODE("\x66\xe3\x00", &insn))
		expect_len(&insn, 3, 0);
	host_finish("immediates_under_66");

	if (DECODE("\xf0\xf2\x0f\xb1\x0b", &insn))
		expect_operand(&insn, 0, RW, 4);
	if (DECODE("\xf2\x87\x03", &insn))
		expect_operand(&insn, 0, RW, 4);
	if (decode_at_end((const uint8_t *)"\xf2\x89\x03", 3, &insn) == 0)
		host_fail("F2 (XACQUIRE) on MOV decoded");
	if (decode_at_end((const uint8_t *)"\xf3\xf2\x01\x03", 4, &insn) == 0)
		host_fail("F2 and F3 together on ADD decoded");
	if (decode_at_end((const uint8_t *)"\xf2\x90", 2, &insn) == 0)
		host_fail("F2 90 decoded");
	if (decode_at_end((const uint8_t *)"\xf0\xa5", 2, &insn) == 0)
		host_fail("lock movsd decoded");
	if (decode_at_end((const uint8_t *)"\xf0\x87\xc3", 3, &insn) == 0)
		host_fail("lock xchg ebx, eax decoded");
	if (decode_at_end((const uint8_t *)"\xf2\x0f\xbc\x03", 4, &insn) == 0)
		host_fail("F2 0F BC decoded");
	host_finish("lock_and_rep_rules");

	if (DECODE("\xf2\xf3\xa4", &insn) && !insn.rep)
		host_fail("rep not set");
	if (DECODE("\xa4", &insn) && insn.rep)
		host_fail("rep set without prefix");
	if (DECODE("\xf3\x66\x67\xa5", &insn)) {
		expect_len(&insn, 4, 2);
		expect_operand(&insn, 0, R, 2);
		expect_operand(&insn, 1, W, 2);
		if (!insn.rep || !insn.addr16 ||
		    insn.insn_class != KMEMCHECK_INSN_MOVS)
			host_fail("rep %d addr16 %d class %u", insn.rep,
				     insn.addr16, insn.insn_class);
	}
	host_finish("string_prefixes");
}

/* Never past avail: every instruction cut short is refused. */
static void test_truncation(void)
{
	const struct kmemcheck_selftest_case *t;
	struct kmemcheck_insn insn;
	uint8_t code[KMEMCHECK_INSN_MAX_LEN];
	unsigned int i, n, k, checked = 0;
	uint32_t x = 0x9e3779b9;
	int ret;

	for (i = 0; i < kmemcheck_selftest_nr_cases; i++) {
		t = &kmemcheck_selftest_cases[i];
		if (t->len < 0)
			continue;
		for (n = 0; n < (unsigned int)t->len; n++) {
			if (decode_at_end(t->code, n, &insn) == 0)
				host_fail("%s decoded from %u bytes",
					     t->name, n);
		}
		if (decode_at_end(t->code, t->len, &insn) < 0 ||
		    insn.len != t->len)
			host_fail("%s not decoded from exactly its bytes",
				     t->name);
	}
	host_finish("truncated_selftest_cases_refused");

	for (i = 0; i < 20000; i++) {
		for (k = 0; k < sizeof(code); k++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			code[k] = x;
		}
		if (i & 1)
			code[0] = 0x0f;
		ret = decode_at_end(code, sizeof(code), &insn);
		if (ret < 0)
			continue;
		checked++;
		n = insn.len;
		if (n < 1 || n > KMEMCHECK_INSN_MAX_LEN) {
			host_fail("len %u", n);
			break;
		}
		if (decode_at_end(code, n - 1, &insn) == 0)
			host_fail("decoded from one byte short");
		if (decode_at_end(code, n, &insn) < 0 || insn.len != n)
			host_fail("not decoded from exactly its bytes");
		if (host_case_failed())
			break;
	}
	if (checked < 5000)
		host_fail("only %u random instructions decoded", checked);
	host_finish("truncated_random_instructions_refused");

	if (kmemcheck_opcode_decode(code, 0, &insn) == 0)
		host_fail("decoded from no bytes");
	host_finish("empty_input_refused");
}

static void test_addresses(void)
{
	struct kmemcheck_insn insn;

	/* [esi+ecx*8-8]: 0x12340008 - 8 - 8 wraps no further than 32 bits */
	if (DECODE("\x8b\x44\xce\xf8", &insn))
		expect_address(&insn, 0, 0x12340008u - 8 - 8);
	host_finish("address_sib_negative_index");

	/* [ebp+edx*2+0x20]: wraps around 2^32 */
	if (DECODE("\x8b\x44\x55\x20", &insn))
		expect_address(&insn, 0, 0xfffffff0u + 0x20);
	host_finish("address_wraps_32_bits");

	/* [eax*4+0x1000]: no base */
	if (DECODE("\x8b\x04\x85\x00\x10\x00\x00", &insn))
		expect_address(&insn, 0, 0xf1 * 4 + 0x1000);
	host_finish("address_sib_no_base");

	/* [bx+si+0x20]: 0xfff0 + 0x0008 + 0x20 wraps at 64 KiB */
	if (DECODE("\x67\x8b\x40\x20", &insn))
		expect_address(&insn, 0, (0xfff0 + 0x0008 + 0x20) & 0xffff);
	host_finish("address_addr16_wraps");

	/* pop [esp]: ESP is incremented first (SDM POP) */
	if (DECODE("\x8f\x04\x24", &insn)) {
		if (insn.op[0].esp_adjust != 4)
			host_fail("esp_adjust %d", insn.op[0].esp_adjust);
		expect_address(&insn, 0, 0x10004);
	}
	if (DECODE("\x66\x8f\x44\x24\x02", &insn)) {
		if (insn.op[0].esp_adjust != 2)
			host_fail("esp_adjust %d", insn.op[0].esp_adjust);
		expect_address(&insn, 0, 0x10004);
	}
	if (DECODE("\x8f\x04\x84", &insn)) {	/* pop [esp+eax*4] */
		if (insn.op[0].esp_adjust != 4)
			host_fail("esp_adjust %d", insn.op[0].esp_adjust);
		expect_address(&insn, 0, 0x10004 + 0xf1 * 4);
	}
	if (DECODE("\x8f\x03", &insn) && insn.op[0].esp_adjust != 0)
		host_fail("esp_adjust %d without ESP",
			     insn.op[0].esp_adjust);
	if (DECODE("\xff\x34\x24", &insn)) {	/* push [esp] */
		if (insn.op[0].esp_adjust != 0)
			host_fail("push: esp_adjust %d",
				     insn.op[0].esp_adjust);
		expect_address(&insn, 0, 0x10000);
	}
	host_finish("address_pop_esp_adjust");

	/* bt [ebx], ecx with ECX = -1: the doubleword below */
	if (DECODE("\x0f\xa3\x0b", &insn)) {
		if (insn.op[0].bit_offset_reg != ECX)
			host_fail("bit_offset_reg %d",
				     insn.op[0].bit_offset_reg);
		expect_address(&insn, 0, 0xfff0 - 4);
	}
	/* bts [ebx], edx with EDX = INT32_MIN: 2^26 doublewords below */
	if (DECODE("\x0f\xab\x13", &insn))
		expect_address(&insn, 0, 0xfff0u - 0x10000000u);
	/* btr word [ebx], cx with CX = -1: the word below */
	if (DECODE("\x66\x0f\xb3\x0b", &insn))
		expect_address(&insn, 0, 0xfff0 - 2);
	/* btc [ebx], eax with EAX = 241: doubleword 7 */
	if (DECODE("\x0f\xbb\x03", &insn))
		expect_address(&insn, 0, 0xfff0 + 7 * 4);
	/* btc word [ebx], ax with AX = 241: word 15 */
	if (DECODE("\x66\x0f\xbb\x03", &insn))
		expect_address(&insn, 0, 0xfff0 + 15 * 2);
	/* bts [ebx], 200: the immediate stays within the operand */
	if (DECODE("\x0f\xba\x2b\xc8", &insn)) {
		if (insn.op[0].bit_offset_reg != NONE)
			host_fail("immediate form has a bit_offset_reg");
		expect_address(&insn, 0, 0xfff0);
	}
	/* bt eax, ecx: a register, no operand */
	if (DECODE("\x0f\xa3\xc8", &insn))
		expect_len(&insn, 3, 0);
	host_finish("address_bit_offset");

	if (DECODE("\xd7", &insn)) {
		if (insn.op[0].kind != KMEMCHECK_ADDR_XLAT)
			host_fail("kind %u", insn.op[0].kind);
		expect_address(&insn, 0, 0xfff0 + 0xf1);
	}
	if (DECODE("\x67\xd7", &insn))
		expect_address(&insn, 0, (0xfff0 + 0xf1) & 0xffff);
	host_finish("address_xlat");

	if (DECODE("\xa7", &insn)) {
		expect_address(&insn, 0, 0x12340008);
		expect_address(&insn, 1, 0x40);
		if (insn.op[0].base != ESI || insn.op[1].base != EDI)
			host_fail("bases %d %d", insn.op[0].base,
				     insn.op[1].base);
	}
	if (DECODE("\x67\xa5", &insn)) {
		expect_address(&insn, 0, 0x0008);
		expect_address(&insn, 1, 0x0040);
	}
	if (DECODE("\xae", &insn))
		expect_address(&insn, 0, 0x40);
	if (DECODE("\x6e", &insn))
		expect_address(&insn, 0, 0x12340008);
	host_finish("address_string");

	if (DECODE("\x8b\x03", &insn) &&
	    kmemcheck_opcode_address(&insn, 1, &regs) != 0)
		host_fail("operand 1 of a one-operand instruction");
	host_finish("address_missing_operand_is_0");
}

/* Instructions that have memory forms but touch no memory. */
static void test_no_access(void)
{
	static const struct {
		const char *bytes;
		unsigned int len;
	} cases[] = {
		{ "\x8d\x84\x24\x00\x01\x00\x00", 7 },	/* lea eax, [esp+256] */
		{ "\x67\x8d\x00", 3 },			/* lea eax, [bx+si] */
		{ "\x0f\x1f\x80\x00\x00\x00\x00", 7 },	/* nop [eax+0] */
		{ "\x0f\x1f\xc0", 3 },			/* nop eax */
		{ "\x0f\x18\x0b", 3 },			/* prefetcht0 [ebx] */
		{ "\x0f\x0d\x13", 3 },			/* prefetchwt1 [ebx] */
		{ "\x0f\x01\x38", 3 },			/* invlpg [eax] */
		{ "\x0f\xa3\xc8", 3 },			/* bt eax, ecx */
		{ "\x8f\xc0", 2 },			/* pop eax */
		{ "\xff\xd0", 2 },			/* call eax */
	};
	struct kmemcheck_insn insn;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (decode_at_end((const uint8_t *)cases[i].bytes,
				  cases[i].len, &insn) < 0)
			host_fail("case %zu refused", i);
		else if (insn.len != cases[i].len || insn.nr_operands != 0)
			host_fail("case %zu: len %u, %u operands", i,
				     insn.len, insn.nr_operands);
	}
	host_finish("memory_forms_without_access");
}

/* The ModRM reg field extends the opcode (SDM Table A-6). */
static void test_groups(void)
{
	static const struct {
		const char *bytes;
		unsigned int len;
		int access, size;	/* access -1: refused */
	} cases[] = {
		{ "\x80\x38\x01", 3, R, 1 },		/* cmp byte [eax], 1 */
		{ "\x81\x30\x01\x00\x00\x00", 6, RW, 4 }, /* xor */
		{ "\x83\x10\x01", 3, RW, 4 },		/* adc dword [eax], 1 */
		{ "\x82\x08\x01", 3, RW, 1 },		/* or byte [eax], 1 */
		{ "\xc1\x38\x01", 3, RW, 4 },		/* sar */
		{ "\xc1\x30\x01", 3, -1, 0 },		/* /6 */
		{ "\xf6\x08\x01", 3, R, 1 },		/* test /1 */
		{ "\xf7\x28", 2, R, 4 },		/* imul dword [eax] */
		{ "\xfe\x10", 2, -1, 0 },		/* FE /2 */
		{ "\xff\x38", 2, -1, 0 },		/* FF /7 */
		{ "\xff\x30", 2, R, 4 },		/* push dword [eax] */
		{ "\x8f\x08", 2, -1, 0 },		/* 8F /1: XOP */
		{ "\x0f\x00\x30", 3, -1, 0 },		/* 0F 00 /6 */
		{ "\x0f\x01\x28", 3, -1, 0 },		/* 0F 01 /5 */
		{ "\x0f\x01\xc8", 3, -1, 0 },		/* monitor */
		{ "\x0f\x01\xe0", 3, 0, 0 },		/* smsw eax */
		{ "\x0f\xba\x38\x01", 4, RW, 4 },	/* btc dword [eax], 1 */
		{ "\x0f\xc7\x08", 3, RW, 8 },		/* cmpxchg8b [eax] */
		{ "\x0f\xc7\x30", 3, -1, 0 },		/* vmptrld */
		{ "\x0f\xc7\xf0", 3, -1, 0 },		/* rdrand */
		{ "\xc6\x40\x01\x02", 4, W, 1 },	/* mov byte [eax+1] */
		{ "\xc6\xf8\x01", 3, -1, 0 },		/* xabort */
		{ "\x0f\x18\x20", 3, -1, 0 },		/* 0F 18 /4 */
		{ "\x0f\x1f\x08", 3, -1, 0 },		/* 0F 1F /1 */
		{ "\x0f\x20\xc0", 3, 0, 0 },		/* mov eax, cr0 */
		{ "\x0f\x22\xe0", 3, 0, 0 },		/* mov cr4, eax */
		{ "\x0f\x22\xe8", 3, -1, 0 },		/* mov cr5, eax */
	};
	struct kmemcheck_insn insn;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ret = decode_at_end((const uint8_t *)cases[i].bytes,
				    cases[i].len, &insn);
		if (cases[i].access < 0) {
			if (ret == 0)
				host_fail("case %zu decoded", i);
			continue;
		}
		if (ret < 0) {
			host_fail("case %zu refused", i);
			continue;
		}
		if (insn.len != cases[i].len)
			host_fail("case %zu: len %u", i, insn.len);
		if (cases[i].access == 0 && insn.nr_operands != 0)
			host_fail("case %zu: %u operands", i,
				     insn.nr_operands);
		if (cases[i].access > 0 &&
		    (insn.nr_operands != 1 ||
		     insn.op[0].access != cases[i].access ||
		     insn.op[0].size != cases[i].size))
			host_fail("case %zu: %u operands, access %u size %u",
				     i, insn.nr_operands, insn.op[0].access,
				     insn.op[0].size);
	}
	host_finish("opcode_groups");
}

static void test_insn_class(void)
{
	static const struct {
		const char *bytes;
		unsigned int len;
		unsigned int insn_class;
	} cases[] = {
		{ "\x08\x03", 2, KMEMCHECK_INSN_BITOP },	/* or [ebx] */
		{ "\x21\x03", 2, KMEMCHECK_INSN_BITOP },	/* and [ebx] */
		{ "\x30\x03", 2, KMEMCHECK_INSN_BITOP },	/* xor [ebx] */
		{ "\x81\x23\x01\x00\x00\x00", 6, KMEMCHECK_INSN_BITOP },
		{ "\x83\x33\x01", 3, KMEMCHECK_INSN_BITOP },
		{ "\x80\x0b\x01", 3, KMEMCHECK_INSN_BITOP },
		{ "\x0a\x03", 2, KMEMCHECK_INSN_PLAIN },	/* or al, m */
		{ "\x23\x03", 2, KMEMCHECK_INSN_PLAIN },	/* and r, m */
		{ "\x09\xc3", 2, KMEMCHECK_INSN_PLAIN },	/* or r, r */
		{ "\x83\xe3\x01", 3, KMEMCHECK_INSN_PLAIN },	/* and ebx, 1 */
		{ "\x83\x03\x01", 3, KMEMCHECK_INSN_PLAIN },	/* add */
		{ "\x0d\x01\x00\x00\x00", 5, KMEMCHECK_INSN_PLAIN },
		{ "\xa4", 1, KMEMCHECK_INSN_MOVS },
		{ "\xa7", 1, KMEMCHECK_INSN_CMPS },
		{ "\xaa", 1, KMEMCHECK_INSN_STOS },
		{ "\xad", 1, KMEMCHECK_INSN_LODS },
		{ "\xaf", 1, KMEMCHECK_INSN_SCAS },
		{ "\x6d", 1, KMEMCHECK_INSN_INS },
		{ "\x6e", 1, KMEMCHECK_INSN_OUTS },
	};
	struct kmemcheck_insn insn;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (decode_at_end((const uint8_t *)cases[i].bytes,
				  cases[i].len, &insn) < 0)
			host_fail("case %zu refused", i);
		else if (insn.len != cases[i].len ||
			 insn.insn_class != cases[i].insn_class)
			host_fail("case %zu: len %u class %u", i, insn.len,
				     insn.insn_class);
	}
	host_finish("insn_class");
}

int main(void)
{
	test_selftest_table();
	test_addr16_forms();
	test_addr32_forms();
	test_prefixes();
	test_truncation();
	test_addresses();
	test_no_access();
	test_groups();
	test_insn_class();
	return host_summary();
}
