/* tests/host/disasm_vs_objdump.c - the disassembler against GNU objdump. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemcheck/disasm.h"
#include "kmemcheck/opcode.h"
#include "tests/host/harness.h"

/*
 * Every instruction of the decoder's test corpus (the self-test table and
 * tests/host/test_opcode.c, gathered by disasm_corpus.py) and a few
 * hundred random ones the decoder accepts are written, one per 32-byte
 * slot padded with NOPs, into a flat file that objdump -D -b binary -m
 * i386 disassembles. A slot is more than twice the longest instruction, so
 * objdump is back in step at every slot however it reads the one before.
 * Each instruction's text must equal objdump's with runs of blanks made
 * one space, and objdump's next instruction must start where ours ends.
 * excused[] lists where objdump's text is not what we mean to copy. One
 * PASS/FAIL line per opcode (all its instructions), one for the refused
 * corpus lines, then the counts.
 */

struct corpus_case {
	const char *source;
	const char *code;
	unsigned int len;
};

static const struct corpus_case corpus[] = {
#include "disasm_corpus.h"
};

#define SLOT		32
#define MAX_INSNS	4096
#define TEXT_MAX	KMEMCHECK_DISASM_MAX
#define SEED		0x2545f491u
#define SAMPLES		6	/* random tries per opcode */

struct insn {
	uint8_t code[KMEMCHECK_INSN_MAX_LEN];
	unsigned int len;
	unsigned int opcode;	/* 0x0XX one byte, 0x1XX after 0F */
	char ours[TEXT_MAX];
	char objdump[TEXT_MAX];
	unsigned int objdump_len;
};

static struct insn insns[MAX_INSNS];
static unsigned int nr_insns;

/* Where objdump is not what kmemcheck_disasm() means to copy. */
static const struct excuse {
	unsigned int opcode;	/* as in struct insn */
	uint8_t prefix;		/* the instruction has this prefix; 0: any */
	unsigned int len;	/* and is this long; 0: any length */
	const char *why;
} excused[] = {
	{ 0x90, 0x3e, 15, "objdump takes at most 14 prefixes as one "
	  "instruction and writes the opcode after them as the next one; the "
	  "SDM allows 15 bytes in all, so 14 prefixes and an opcode" },
	{ 0x109, 0x66, 0, "objdump 2.40 calls 66 0F 09 (bad), as a reserved "
	  "form of WBINVD/WBNOINVD; the SDM ignores 66 on WBINVD" },
	{ 0, 0, 0, NULL },
};

static uint32_t rng = SEED;

/* xorshift32 (Marsaglia 2003): the same instructions on every run. */
static uint8_t random_byte(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng >> 24;
}

static bool is_prefix(uint8_t b)
{
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e ||
	       b == 0x64 || b == 0x65 || b == 0x66 || b == 0x67 ||
	       b == 0xf0 || b == 0xf2 || b == 0xf3;
}

static unsigned int opcode_of(const uint8_t *code, unsigned int len)
{
	unsigned int i = 0;

	while (i < len && is_prefix(code[i]))
		i++;
	if (i + 1 < len && code[i] == 0x0f)
		return 0x100 | code[i + 1];
	return i < len ? code[i] : 0;
}

static bool has_prefix(const struct insn *in, uint8_t prefix)
{
	unsigned int i;

	for (i = 0; i < in->len && is_prefix(in->code[i]); i++)
		if (in->code[i] == prefix)
			return true;
	return false;
}

static void to_hex(const uint8_t *code, unsigned int len, char *out)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		sprintf(out + 3 * i, "%02x%s", code[i], i + 1 < len ? " " : "");
	if (!len)
		out[0] = '\0';
}

/*
 * Adds the instruction at the start of code if the decoder takes it and
 * it is not there yet. False if the decoder refuses it.
 */
static bool add(const uint8_t *code, unsigned int avail, unsigned int *added)
{
	struct kmemcheck_insn d;
	struct insn *in;
	unsigned int i;

	if (kmemcheck_opcode_decode(code, avail, &d) < 0)
		return false;
	for (i = 0; i < nr_insns; i++)
		if (insns[i].len == d.len &&
		    !memcmp(insns[i].code, code, d.len))
			return true;
	if (nr_insns == MAX_INSNS)
		return false;
	in = &insns[nr_insns];
	memcpy(in->code, code, d.len);
	in->len = d.len;
	in->opcode = opcode_of(code, d.len);
	nr_insns++;
	(*added)++;
	return true;
}

/* The decoder's corpus: what it refuses, we must refuse as (bad). */
static unsigned int add_corpus(void)
{
	unsigned int i, added = 0;
	char text[TEXT_MAX], hex[3 * 20];
	const uint8_t *code;

	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		code = (const uint8_t *)corpus[i].code;
		if (add(code, corpus[i].len, &added))
			continue;
		if (kmemcheck_disasm(code, corpus[i].len, 0, text,
				     sizeof(text)) != -1 ||
		    strcmp(text, "(bad)")) {
			to_hex(code, corpus[i].len < 20 ? corpus[i].len : 20,
			       hex);
			host_fail("%s: %s refused by the decoder, written as "
				  "\"%s\"", corpus[i].source, hex, text);
		}
	}
	host_finish("refused-as-bad");
	return added;
}

/* Random bytes after every opcode, behind 0 to 4 random prefixes. */
static unsigned int add_random(void)
{
	static const uint8_t prefixes[] = {
		0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2,
		0xf3,
	};
	uint8_t code[KMEMCHECK_INSN_MAX_LEN];
	unsigned int op, sample, i, n, added = 0;

	for (op = 0; op < 0x200; op++) {
		if (op < 0x100 && (is_prefix(op) || op == 0x0f))
			continue;
		for (sample = 0; sample < SAMPLES; sample++) {
			n = 0;
			while (n < 4 && random_byte() < 128)
				code[n++] = prefixes[random_byte() %
						     sizeof(prefixes)];
			if (op >= 0x100)
				code[n++] = 0x0f;
			code[n++] = op & 0xff;
			for (i = n; i < sizeof(code); i++)
				code[i] = random_byte();
			add(code, sizeof(code), &added);
		}
	}
	return added;
}

/* Collapses runs of blanks into one space and drops them at the ends. */
static void normalize(const char *in, char *out, size_t size)
{
	size_t n = 0;
	bool blank = false;

	for (; *in && *in != '\n' && n + 2 < size; in++) {
		if (*in == ' ' || *in == '\t') {
			blank = n > 0;
			continue;
		}
		if (blank)
			out[n++] = ' ';
		blank = false;
		out[n++] = *in;
	}
	out[n] = '\0';
}

/* Writes the slots, runs objdump, and notes its text and length per slot. */
static bool run_objdump(const char *bin_path)
{
	static const char *const objdumps[] = {
		"i686-linux-gnu-objdump", "objdump",
	};
	char cmd[1024], line[512];
	unsigned int i, k, addr, open_slot = 0;
	bool slot_open = false, any = false;
	FILE *f;

	f = fopen(bin_path, "wb");
	if (!f) {
		perror(bin_path);
		return false;
	}
	for (k = 0; k < nr_insns; k++) {
		uint8_t slot[SLOT];

		memset(slot, 0x90, sizeof(slot));
		memcpy(slot, insns[k].code, insns[k].len);
		fwrite(slot, 1, sizeof(slot), f);
	}
	fclose(f);
	for (i = 0; i < 2 && !any; i++) {
		snprintf(cmd, sizeof(cmd), "%s -D -b binary -m i386 "
			 "--insn-width=16 %s 2>/dev/null", objdumps[i],
			 bin_path);
		f = popen(cmd, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			char *tab1 = strchr(line, '\t'), *tab2;

			if (sscanf(line, " %x:", &addr) != 1 || !tab1)
				continue;
			tab2 = strchr(tab1 + 1, '\t');
			any = true;
			if (slot_open)
				insns[open_slot].objdump_len =
					addr - open_slot * SLOT;
			slot_open = false;
			if (addr % SLOT || addr / SLOT >= nr_insns)
				continue;
			open_slot = addr / SLOT;
			slot_open = true;
			normalize(tab2 ? tab2 + 1 : "",
				  insns[open_slot].objdump, TEXT_MAX);
		}
		pclose(f);
	}
	return any;
}

static const struct excuse *excuse_for(const struct insn *in)
{
	unsigned int i;

	for (i = 0; excused[i].why; i++)
		if (excused[i].opcode == in->opcode &&
		    (!excused[i].prefix || has_prefix(in, excused[i].prefix)) &&
		    (!excused[i].len || excused[i].len == in->len))
			return &excused[i];
	return NULL;
}

/*
 * Text is cut to the buffer and always ends in NUL; the longest text
 * (fourteen prefixes written out as words) fits KMEMCHECK_DISASM_MAX.
 */
static void check_text_bounds(void)
{
	static const uint8_t movsl[] = { 0xa5 };
	static const uint8_t prefixes[] = {
		0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0x67, 0x67, 0x67,
		0x67, 0x67, 0x67, 0x67, 0xa6,
	};
	char text[KMEMCHECK_DISASM_MAX];
	char small[8] = "xxxxxxx";
	unsigned int k;

	if (kmemcheck_disasm(movsl, 1, 0, small, 5) != 1 ||
	    strcmp(small, "movs") || small[5] != 'x')
		host_fail("a 5-byte buffer holds \"%s\"", small);
	if (kmemcheck_disasm(movsl, 1, 0, small, 0) != 1 || small[0] != 'm')
		host_fail("a 0-byte buffer was written");
	if (kmemcheck_disasm(prefixes, sizeof(prefixes), 0, text,
			     sizeof(text)) != sizeof(prefixes) ||
	    strlen(text) < 100)
		host_fail("15-byte cmps: \"%s\"", text);
	for (k = 0; k < nr_insns; k++)
		if (strlen(insns[k].ours) + 1 >= sizeof(text))
			host_fail("text fills the buffer: %s", insns[k].ours);
	host_finish("text-bounds");
}

int main(int argc, char **argv)
{
	unsigned int from_corpus, from_random, k, op, same = 0, excuses = 0;
	char bin_path[512], hex[3 * KMEMCHECK_INSN_MAX_LEN], name[16];
	int len;

	(void)argc;
	snprintf(bin_path, sizeof(bin_path), "%s.bin", argv[0]);
	from_corpus = add_corpus();
	from_random = add_random();
	for (k = 0; k < nr_insns; k++) {
		len = kmemcheck_disasm(insns[k].code, insns[k].len, k * SLOT,
				       insns[k].ours, TEXT_MAX);
		if (len != (int)insns[k].len) {
			to_hex(insns[k].code, insns[k].len, hex);
			host_fail("%s: length %d, the decoder says %u", hex,
				  len, insns[k].len);
		}
	}
	host_finish("lengths-as-decoder");
	check_text_bounds();
	if (!run_objdump(bin_path)) {
		host_fail("no output from i686-linux-gnu-objdump or objdump "
			  "(binutils)");
		host_finish("objdump");
		return host_summary();
	}
	for (op = 0; op < 0x200; op++) {
		unsigned int seen = 0;

		for (k = 0; k < nr_insns; k++) {
			struct insn *in = &insns[k];
			const struct excuse *e;

			if (in->opcode != op)
				continue;
			seen++;
			if (!strcmp(in->ours, in->objdump) &&
			    in->objdump_len == in->len) {
				same++;
				continue;
			}
			e = excuse_for(in);
			to_hex(in->code, in->len, hex);
			if (e) {
				printf("excused: %s | %s | %s\n", hex, in->ours,
				       in->objdump);
				excuses++;
				continue;
			}
			host_fail("%s: \"%s\", objdump \"%s\" (length %u)",
				  hex, in->ours, in->objdump,
				  in->objdump_len);
			printf("mismatch: %s | %s | %s\n", hex, in->ours,
			       in->objdump);
		}
		if (!seen)
			continue;
		snprintf(name, sizeof(name), "%s%02x", op >= 0x100 ? "0f_" : "",
			 op & 0xff);
		host_finish(name);
	}
	printf("%u instructions (%u from the corpus, %u random): %u as "
	       "objdump writes them, %u excused\n", nr_insns, from_corpus,
	       from_random, same, excuses);
	return host_summary();
}
