/* tests/host/opcode_vs_capstone.c - the decoder against Capstone 4. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>

#include "kmemcheck/opcode.h"

/*
 * Every opcode of the one-byte and the 0F map is generated with every
 * ModRM byte, several times, behind 0 to 4 random prefixes and followed
 * by random bytes (so every SIB form and displacement shows up). Both
 * decoders see the same 15 bytes. Where both decode, the lengths must
 * agree and so must the memory operands (count, then each one's size and
 * read/write) once Capstone's known mistakes and modelling choices are
 * corrected by the table fixes[] below. Where only the decoder refuses,
 * the instruction must be one refused[] lists or one whose prefixes the
 * SDM leaves undefined. One PASS/FAIL line is printed per opcode (the
 * prefix bytes and 0F are not opcodes: they show up as prefixes and as
 * the second map), then "coverage"; the counts go to stderr.
 */

#define R	KMEMCHECK_ACCESS_READ
#define W	KMEMCHECK_ACCESS_WRITE
#define RW	(KMEMCHECK_ACCESS_READ | KMEMCHECK_ACCESS_WRITE)

#define SAMPLES_PER_MODRM	8
#define MAX_PREFIXES		4

enum map { MAP_1, MAP_0F, ANY_MAP };

/* ModRM conditions of a table entry. */
#define REG(n)		(1u << (n))
#define REGS(a, b)	((0xffu >> (7 - (b))) & (0xffu << (a)))
#define ANY_REG		0xff
#define MOD_MEM		0x1
#define MOD_REG		0x2
#define ANY_MOD		(MOD_MEM | MOD_REG)

struct opcode_range {
	uint8_t map;
	uint8_t first, last;
	uint8_t regs;		/* ModRM.reg values, one bit each */
	uint8_t mods;		/* MOD_MEM, MOD_REG */
	const char *why;
};

/*
 * What the decoder refuses (returns -1) on purpose though Capstone 4
 * decodes it. The first block are the families left out of the decoder;
 * the second are later extensions beyond the i386-Pentium Pro general
 * purpose and system set; the third are encodings the SDM leaves
 * undefined or reserved. The decoder must refuse all of them.
 */
static const struct opcode_range refused[] = {
	/* Families left out. */
	{ MAP_1, 0xd8, 0xdf, ANY_REG, ANY_MOD, "x87 (SDM Vol. 2D, A.4)" },
	{ MAP_0F, 0x0e, 0x0f, ANY_REG, ANY_MOD, "3DNow!: FEMMS and 0F 0F" },
	{ MAP_0F, 0x10, 0x17, ANY_REG, ANY_MOD, "SSE" },
	{ MAP_0F, 0x28, 0x2f, ANY_REG, ANY_MOD, "SSE" },
	{ MAP_0F, 0x38, 0x38, ANY_REG, ANY_MOD,
	  "three-byte map 0F 38: SSSE3, SSE4, MOVBE, CRC32, ADX" },
	{ MAP_0F, 0x3a, 0x3a, ANY_REG, ANY_MOD,
	  "three-byte map 0F 3A: SSSE3, SSE4" },
	{ MAP_0F, 0x50, 0x77, ANY_REG, ANY_MOD, "SSE, MMX, EMMS" },
	{ MAP_0F, 0x7c, 0x7f, ANY_REG, ANY_MOD, "SSE, MMX" },
	{ MAP_0F, 0xae, 0xae, ANY_REG, ANY_MOD,
	  "Group 15: FXSAVE, LDMXCSR, XSAVE, fences, CLFLUSH" },
	{ MAP_0F, 0xc2, 0xc6, ANY_REG, ANY_MOD, "SSE, MMX, MOVNTI" },
	{ MAP_0F, 0xd0, 0xfe, ANY_REG, ANY_MOD, "SSE, MMX" },
	{ MAP_1, 0x62, 0x62, ANY_REG, MOD_REG, "EVEX prefix (AVX-512)" },
	{ MAP_1, 0xc4, 0xc5, ANY_REG, MOD_REG, "VEX prefixes (AVX)" },
	{ MAP_1, 0x8f, 0x8f, REGS(1, 7), ANY_MOD, "AMD XOP prefix" },

	/* Extensions after the Pentium Pro. */
	{ MAP_0F, 0x01, 0x01, REGS(0, 3) | REG(5) | REG(7), MOD_REG,
	  "0F 01 /0-/3, /5, /7 with mod=11b: VMX, SVM, MONITOR, XGETBV, "
	  "SMAP, SWAPGS, RDTSCP, PKU" },
	{ MAP_0F, 0x37, 0x37, ANY_REG, ANY_MOD, "GETSEC (SMX)" },
	{ MAP_0F, 0x78, 0x79, ANY_REG, ANY_MOD, "VMREAD, VMWRITE (VMX)" },
	{ MAP_0F, 0xa6, 0xa7, ANY_REG, MOD_REG, "VIA PadLock" },
	{ MAP_0F, 0xc7, 0xc7, REGS(2, 7), ANY_MOD,
	  "Group 9 /2-/7: XRSTORS, XSAVEC, XSAVES, VMPTRLD, VMCLEAR, "
	  "VMXON, VMPTRST, RDRAND, RDSEED, RDPID" },
	{ MAP_1, 0xc6, 0xc7, REG(7), MOD_REG, "RTM: XABORT, XBEGIN" },

	/* Undefined or reserved in the SDM. */
	{ MAP_1, 0xd6, 0xd6, ANY_REG, ANY_MOD,
	  "D6 (SALC) is not in SDM Table A-2" },
	{ MAP_1, 0xc0, 0xc1, REG(6), ANY_MOD,
	  "Group 2 /6 is blank in SDM Table A-6 (Capstone: sal)" },
	{ MAP_1, 0xd0, 0xd3, REG(6), ANY_MOD,
	  "Group 2 /6 is blank in SDM Table A-6 (Capstone: sal)" },
	{ MAP_1, 0x8e, 0x8e, REG(1), ANY_MOD,
	  "MOV CS, r/m is #UD (SDM MOV)" },
	{ MAP_0F, 0x20, 0x20, REG(1) | REGS(5, 7), ANY_MOD,
	  "CR1, CR5-CR7 are #UD (SDM MOV to/from Control Registers)" },
	{ MAP_0F, 0x22, 0x22, REG(1) | REGS(5, 7), ANY_MOD,
	  "CR1, CR5-CR7 are #UD (SDM MOV to/from Control Registers)" },
	{ MAP_0F, 0x18, 0x18, REGS(4, 7), ANY_MOD,
	  "0F 18 /4-/7 are reserved NOPs (SDM Table A-6, Group 16)" },
	{ MAP_0F, 0x18, 0x18, REGS(0, 3), MOD_REG,
	  "PREFETCHh with mod=11b is reserved (SDM Table A-6, Group 16)" },
	{ MAP_0F, 0x19, 0x1e, ANY_REG, ANY_MOD,
	  "reserved NOPs reused by MPX, CET and CLDEMOTE: their meaning "
	  "depends on the processor and prefixes (SDM Table A-3)" },
	{ MAP_0F, 0x1f, 0x1f, REGS(1, 7), ANY_MOD,
	  "NOP is 0F 1F /0 only (SDM NOP)" },
	{ MAP_0F, 0xb9, 0xb9, ANY_REG, ANY_MOD,
	  "UD1 raises #UD; the SDM gives it a ModRM byte, Capstone 4 none" },
	{ MAP_0F, 0xff, 0xff, ANY_REG, ANY_MOD,
	  "UD0 raises #UD; whether it has a ModRM byte depends on the "
	  "processor (SDM UD)" },
};

/* How fixes[] corrects Capstone before the comparison. */
enum fix {
	NO_MEMORY,	/* Capstone lists an operand never accessed */
	ADD_XLAT,	/* Capstone lists no operand: expect r1 */
	ESI_FIRST,	/* Capstone lists ES:EDI first: reorder */
	ACCESS_R,	/* Capstone's access is wrong: it is r */
	ACCESS_W,	/* ... w */
	ACCESS_RW,	/* ... rw */
	SIZE_FAR,	/* Capstone's size is wrong: 2 + operand size */
	SIZE_WORD,	/* Capstone's size is wrong: 2 */
	ANY_SIZE,	/* Capstone's size is wrong: compare no sizes */
	CS_REFUSES,	/* Capstone 4 cannot decode it: nothing to compare */
};

/* When a fix applies, beyond its opcode and ModRM. */
enum when {
	ALWAYS,
	F3_FIRST,	/* F3 is one of the prefixes, not the last one */
	O16_BEFORE_REP,	/* 66 comes before F2 or F3 */
};

struct model_fix {
	struct opcode_range at;
	uint8_t when;
	uint8_t fix;
};

/*
 * Where Capstone 4.0.2 is wrong, or models an instruction differently
 * from kmemcheck_insn: one line each, with the SDM's word for it.
 */
static const struct model_fix fixes[] = {
	{ { MAP_1, 0x8d, 0x8d, ANY_REG, MOD_MEM,
	    "LEA computes an address and accesses no memory (SDM LEA)" },
	  ALWAYS, NO_MEMORY },
	{ { MAP_0F, 0x1f, 0x1f, REG(0), MOD_MEM,
	    "NOP Ev accesses no memory (SDM NOP)" },
	  ALWAYS, NO_MEMORY },
	{ { MAP_0F, 0x18, 0x18, REGS(0, 3), MOD_MEM,
	    "PREFETCHh is a hint that changes no architectural state "
	    "(SDM PREFETCHh)" },
	  ALWAYS, NO_MEMORY },
	{ { MAP_0F, 0x0d, 0x0d, REG(1), MOD_MEM,
	    "PREFETCHW is a hint (SDM PREFETCHW)" },
	  ALWAYS, NO_MEMORY },
	{ { MAP_0F, 0x01, 0x01, REG(7), MOD_MEM,
	    "INVLPG drops a TLB entry and accesses no memory (SDM INVLPG)" },
	  ALWAYS, NO_MEMORY },
	{ { MAP_1, 0xd7, 0xd7, ANY_REG, ANY_MOD,
	    "XLAT reads the byte at DS:[EBX+AL] (SDM XLAT); Capstone 4 "
	    "lists no operand" },
	  ALWAYS, ADD_XLAT },
	{ { MAP_1, 0xa4, 0xa5, ANY_REG, ANY_MOD,
	    "MOVS: Capstone lists ES:EDI first (Intel syntax); "
	    "kmemcheck_insn puts the DS:ESI source first" },
	  ALWAYS, ESI_FIRST },
	{ { MAP_1, 0xa6, 0xa7, ANY_REG, ANY_MOD,
	    "CMPS reads both operands (SDM CMPS); Capstone 4 gives no access" },
	  ALWAYS, ACCESS_R },
	{ { MAP_1, 0x6c, 0x6d, ANY_REG, ANY_MOD,
	    "INS writes ES:EDI (SDM INS); Capstone 4 gives no access" },
	  ALWAYS, ACCESS_W },
	{ { MAP_1, 0x6e, 0x6f, ANY_REG, ANY_MOD,
	    "OUTS reads DS:ESI (SDM OUTS); Capstone 4 gives no access" },
	  ALWAYS, ACCESS_R },
	{ { MAP_0F, 0x90, 0x9f, ANY_REG, MOD_MEM,
	    "SETcc stores 0 or 1 into its byte (SDM SETcc); Capstone 4: r" },
	  ALWAYS, ACCESS_W },
	{ { MAP_0F, 0xb0, 0xb1, ANY_REG, MOD_MEM,
	    "CMPXCHG writes the destination either way, back unchanged "
	    "when the comparison fails (SDM CMPXCHG); Capstone 4: r" },
	  ALWAYS, ACCESS_RW },
	{ { MAP_0F, 0xc7, 0xc7, REG(1), MOD_MEM,
	    "CMPXCHG8B writes the destination either way (SDM CMPXCHG8B); "
	    "Capstone 4: r" },
	  ALWAYS, ACCESS_RW },
	{ { MAP_1, 0xc0, 0xc1, REGS(0, 3), MOD_MEM,
	    "ROL, ROR, RCL, RCR write their destination (SDM RCL/RCR/ROL/"
	    "ROR); Capstone 4: r" },
	  ALWAYS, ACCESS_RW },
	{ { MAP_1, 0xd0, 0xd3, REGS(0, 3), MOD_MEM,
	    "ROL, ROR, RCL, RCR write their destination (SDM RCL/RCR/ROL/"
	    "ROR); Capstone 4: r" },
	  ALWAYS, ACCESS_RW },
	{ { MAP_1, 0xf6, 0xf7, REGS(0, 1), MOD_MEM,
	    "TEST only reads (SDM TEST: the result is discarded); "
	    "Capstone 4: rw" },
	  ALWAYS, ACCESS_R },
	{ { MAP_1, 0x63, 0x63, ANY_REG, MOD_MEM,
	    "ARPL writes the destination when it raises its RPL (SDM ARPL); "
	    "Capstone 4: r" },
	  ALWAYS, ACCESS_RW },
	{ { MAP_1, 0xc4, 0xc5, ANY_REG, MOD_MEM,
	    "LES, LDS load m16:32, or m16:16 with 66 (SDM LDS/LES/LFS/LGS/"
	    "LSS); Capstone 4: 4 either way" },
	  ALWAYS, SIZE_FAR },
	{ { MAP_0F, 0xb2, 0xb2, ANY_REG, MOD_MEM,
	    "LSS loads m16:32, or m16:16 with 66 (SDM LDS/LES/LFS/LGS/LSS); "
	    "Capstone 4: 4 either way" },
	  ALWAYS, SIZE_FAR },
	{ { MAP_0F, 0xb4, 0xb5, ANY_REG, MOD_MEM,
	    "LFS, LGS load m16:32, or m16:16 with 66 (SDM LDS/LES/LFS/LGS/"
	    "LSS); Capstone 4: 4 either way" },
	  ALWAYS, SIZE_FAR },
	{ { MAP_1, 0xff, 0xff, REG(3) | REG(5), MOD_MEM,
	    "far CALL, JMP read m16:16 with 66, m16:32 without (SDM CALL, "
	    "JMP); Capstone 4: 6 either way" },
	  ALWAYS, SIZE_FAR },
	{ { MAP_0F, 0x03, 0x03, ANY_REG, MOD_MEM,
	    "LSL r32, m16 reads a 16-bit selector (SDM LSL); Capstone 4: 4" },
	  ALWAYS, SIZE_WORD },
	{ { ANY_MAP, 0x00, 0xff, ANY_REG, ANY_MOD,
	    "Capstone 4 sizes operands as if 66 were absent when 66 comes "
	    "before F2/F3 (66 F3 AB is REP STOSW); SDM 2.1.1 lets prefixes "
	    "come in any order" },
	  O16_BEFORE_REP, ANY_SIZE },
	{ { MAP_0F, 0xb8, 0xb8, ANY_REG, ANY_MOD,
	    "Capstone 4 refuses POPCNT when a prefix sits between F3 and "
	    "0F; SDM 2.1.1 lets prefixes come in any order" },
	  F3_FIRST, CS_REFUSES },
	{ { MAP_0F, 0xbc, 0xbd, ANY_REG, ANY_MOD,
	    "Capstone 4 refuses TZCNT, LZCNT when a prefix sits between F3 "
	    "and 0F; SDM 2.1.1 lets prefixes come in any order" },
	  F3_FIRST, CS_REFUSES },
	{ { MAP_0F, 0x0d, 0x0d, REG(0) | REG(2), MOD_MEM,
	    "Capstone 4 knows neither AMD's PREFETCH (0F 0D /0) nor "
	    "PREFETCHWT1 (0F 0D /2, SDM PREFETCHWT1)" },
	  ALWAYS, CS_REFUSES },
	{ { MAP_0F, 0x1f, 0x1f, REG(0), MOD_REG,
	    "Capstone 4 refuses NOP r32 (0F 1F /0 with mod=11b, SDM NOP)" },
	  ALWAYS, CS_REFUSES },
};

/* One generated instruction and what the generator knows of it. */
struct sample {
	uint8_t bytes[KMEMCHECK_INSN_MAX_LEN];
	uint8_t map, op, modrm;
	bool o16, lock, repne, rep;
	bool f3_first;		/* F3, then another prefix */
	bool o16_before_rep;	/* 66, then F2 or F3 */
};

/* A memory operand as compared: access and size. */
struct mem_operand {
	uint8_t access, size;
	bool esi;		/* based on (E)SI: Capstone's side only */
};

struct operands {
	int len;		/* -1: refused */
	unsigned int nr;
	struct mem_operand op[8];
	bool any_size;
};

/* Per opcode: the first mismatch and the counts. */
struct group {
	unsigned int compared;
	bool decoded;		/* by either side, outside refused[] */
	char failure[1024];
};

static struct group groups[2][256];
static unsigned long generated, compared, refused_listed, both_refuse,
		     cs_gaps;
static int passed, failed;

static void finish(const char *name, const char *reason)
{
	if (reason && reason[0]) {
		printf("FAIL %s: %s\n", name, reason);
		failed++;
	} else {
		printf("PASS %s\n", name);
		passed++;
	}
}

/* xorshift32: the same instructions on every run. */
static uint32_t rng_state = 0x2545f491;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static bool is_prefix(uint8_t b)
{
	static const uint8_t prefixes[] = {
		0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2,
		0xf3,
	};

	return memchr(prefixes, b, sizeof(prefixes)) != NULL;
}

/* 66 and 67 come up more often: they change sizes and addressing. */
static uint8_t random_prefix(void)
{
	static const uint8_t weighted[] = {
		0x66, 0x66, 0x66, 0x67, 0x67, 0x67, 0xf0, 0xf2, 0xf3,
		0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65,
	};

	return weighted[rng() % sizeof(weighted)];
}

static void generate(struct sample *s, enum map map, uint8_t op,
		     uint8_t modrm, uint8_t sib)
{
	unsigned int n = 0, i, nr_prefixes = 0;
	bool saw_o16 = false, saw_f3 = false;
	uint8_t p;

	memset(s, 0, sizeof(*s));
	if (rng() % 5 >= 2)
		nr_prefixes = 1 + rng() % MAX_PREFIXES;
	for (i = 0; i < nr_prefixes; i++) {
		p = random_prefix();
		s->bytes[n++] = p;
		if (saw_f3)
			s->f3_first = true;
		if (saw_o16 && (p == 0xf2 || p == 0xf3))
			s->o16_before_rep = true;
		saw_o16 |= p == 0x66;
		saw_f3 |= p == 0xf3;
		s->o16 |= p == 0x66;
		s->lock |= p == 0xf0;
		s->repne |= p == 0xf2;
		s->rep |= p == 0xf3;
	}
	if (map == MAP_0F)
		s->bytes[n++] = 0x0f;
	s->bytes[n++] = op;
	s->bytes[n++] = modrm;
	if ((modrm & 7) == 4)
		s->bytes[n++] = sib;
	while (n < sizeof(s->bytes))
		s->bytes[n++] = rng();
	s->map = map;
	s->op = op;
	s->modrm = modrm;
}

static bool in_range(const struct opcode_range *r, const struct sample *s)
{
	unsigned int mod = (s->modrm >> 6) == 3 ? MOD_REG : MOD_MEM;

	return (r->map == ANY_MAP || r->map == s->map) &&
	       s->op >= r->first && s->op <= r->last &&
	       (r->regs & REG((s->modrm >> 3) & 7)) && (r->mods & mod);
}

static const struct opcode_range *find_refusal(const struct sample *s)
{
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (in_range(&refused[i], s))
			return &refused[i];
	return NULL;
}

static bool memory_form(const struct sample *s)
{
	return (s->modrm >> 6) != 3;
}

/*
 * The instructions LOCK may prefix, with a memory destination (SDM LOCK):
 * ADD ADC AND BTC BTR BTS CMPXCHG CMPXCHG8B DEC INC NEG NOT OR SBB SUB
 * XOR XADD XCHG.
 */
static bool lockable(const struct sample *s)
{
	unsigned int reg = (s->modrm >> 3) & 7;

	if (!memory_form(s))
		return false;
	if (s->map == MAP_0F)
		return s->op == 0xab || s->op == 0xb3 || s->op == 0xbb ||
		       (s->op == 0xba && reg >= 5) || s->op == 0xb0 ||
		       s->op == 0xb1 || s->op == 0xc0 || s->op == 0xc1 ||
		       (s->op == 0xc7 && reg == 1);
	if (s->op < 0x38 && (s->op & 7) < 2)
		return true;			/* ADD ... XOR Ex, Gx */
	return (s->op >= 0x80 && s->op <= 0x83 && reg != 7) ||
	       s->op == 0x86 || s->op == 0x87 ||
	       ((s->op == 0xf6 || s->op == 0xf7) && (reg == 2 || reg == 3)) ||
	       ((s->op == 0xfe || s->op == 0xff) && reg <= 1);
}

static bool string_op(const struct sample *s)
{
	return s->map == MAP_1 &&
	       ((s->op >= 0x6c && s->op <= 0x6f) ||
		(s->op >= 0xa4 && s->op <= 0xa7) ||
		(s->op >= 0xaa && s->op <= 0xaf));
}

/*
 * Whether the sample's prefixes are undefined, so that the decoder may
 * refuse it. LOCK on anything but lockable() is #UD (SDM LOCK). F2 and
 * F3 are defined on string instructions, as XACQUIRE/XRELEASE with LOCK
 * or on XCHG m, F3 as XRELEASE on MOV m, r/imm (88, 89, C6, C7; SDM
 * XACQUIRE/XRELEASE), and in PAUSE, POPCNT, TZCNT and LZCNT; elsewhere,
 * and both at once, SDM Vol. 2A, 2.1.1 reserves them (F2 on a branch is
 * MPX's BND prefix only where MPX is enabled: the decoder refuses it).
 */
static const char *undefined_prefixes(const struct sample *s)
{
	bool mov_m = s->map == MAP_1 && memory_form(s) &&
		     (s->op == 0x88 || s->op == 0x89 ||
		      ((s->op == 0xc6 || s->op == 0xc7) &&
		       ((s->modrm >> 3) & 7) == 0));
	bool f3_op = (s->map == MAP_1 && s->op == 0x90) ||
		     (s->map == MAP_0F &&
		      (s->op == 0xb8 || s->op == 0xbc || s->op == 0xbd));

	if (s->lock && !lockable(s))
		return "LOCK where the SDM makes it #UD";
	if (!(s->repne || s->rep) || string_op(s))
		return NULL;
	if (s->repne && s->rep)
		return "F2 and F3 together (SDM 2.1.1)";
	if (s->lock || (memory_form(s) && s->map == MAP_1 &&
			(s->op == 0x86 || s->op == 0x87)))
		return NULL;
	if (s->rep && (mov_m || f3_op))
		return NULL;
	return "F2/F3 on a non-string instruction (SDM 2.1.1: reserved, or "
	       "MPX's BND on a branch)";
}

static void format_operands(char *buf, size_t size, const struct operands *o)
{
	static const char *const access[] = { "-", "r", "w", "rw" };
	size_t used;
	unsigned int i;

	if (o->len < 0) {
		snprintf(buf, size, "refused");
		return;
	}
	used = snprintf(buf, size, "len=%d", o->len);
	for (i = 0; i < o->nr && used < size; i++)
		used += snprintf(buf + used, size - used, " %s%u",
				 access[o->op[i].access & 3], o->op[i].size);
}

static void from_decoder(const struct sample *s, struct operands *o)
{
	struct kmemcheck_insn insn;
	unsigned int i;

	memset(o, 0, sizeof(*o));
	if (kmemcheck_opcode_decode(s->bytes, sizeof(s->bytes), &insn) < 0) {
		o->len = -1;
		return;
	}
	o->len = insn.len;
	o->nr = insn.nr_operands;
	for (i = 0; i < insn.nr_operands; i++) {
		o->op[i].access = insn.op[i].access;
		o->op[i].size = insn.op[i].size;
	}
}

static bool from_capstone(csh cs, cs_insn *ci, const struct sample *s,
			  struct operands *o)
{
	const uint8_t *code = s->bytes;
	size_t size = sizeof(s->bytes);
	uint64_t address = 0x1000;
	const cs_x86 *x86;
	unsigned int i;

	memset(o, 0, sizeof(*o));
	if (!cs_disasm_iter(cs, &code, &size, &address, ci)) {
		o->len = -1;
		return false;
	}
	o->len = ci->size;
	x86 = &ci->detail->x86;
	for (i = 0; i < x86->op_count && o->nr < 8; i++) {
		const cs_x86_op *op = &x86->operands[i];

		if (op->type != X86_OP_MEM)
			continue;
		o->op[o->nr].access = op->access & (CS_AC_READ | CS_AC_WRITE);
		o->op[o->nr].size = op->size;
		o->op[o->nr].esi = op->mem.base == X86_REG_ESI ||
				   op->mem.base == X86_REG_SI;
		o->nr++;
	}
	return true;
}

static bool fix_applies(const struct model_fix *f, const struct sample *s)
{
	if (!in_range(&f->at, s))
		return false;
	switch (f->when) {
	case F3_FIRST:
		return s->f3_first;
	case O16_BEFORE_REP:
		return s->o16_before_rep;
	}
	return true;
}

/*
 * Applies every matching fix to Capstone's operands. True if one says
 * Capstone 4 cannot decode the instruction.
 */
static bool apply_fixes(const struct sample *s, struct operands *o)
{
	struct mem_operand tmp;
	bool cs_refuses = false;
	size_t i;
	unsigned int j;

	for (i = 0; i < sizeof(fixes) / sizeof(fixes[0]); i++) {
		if (!fix_applies(&fixes[i], s))
			continue;
		switch (fixes[i].fix) {
		case NO_MEMORY:
			o->nr = 0;
			break;
		case ADD_XLAT:
			o->nr = 1;
			o->op[0] = (struct mem_operand){ R, 1, false };
			break;
		case ESI_FIRST:
			if (o->nr == 2 && o->op[1].esi) {
				tmp = o->op[0];
				o->op[0] = o->op[1];
				o->op[1] = tmp;
			}
			break;
		case ACCESS_R:
		case ACCESS_W:
		case ACCESS_RW:
			for (j = 0; j < o->nr; j++)
				o->op[j].access = fixes[i].fix == ACCESS_R ? R :
						  fixes[i].fix == ACCESS_W ? W :
						  RW;
			break;
		case SIZE_FAR:
			for (j = 0; j < o->nr; j++)
				o->op[j].size = s->o16 ? 4 : 6;
			break;
		case SIZE_WORD:
			for (j = 0; j < o->nr; j++)
				o->op[j].size = 2;
			break;
		case ANY_SIZE:
			o->any_size = true;
			break;
		case CS_REFUSES:
			cs_refuses = true;
			break;
		}
	}
	return cs_refuses;
}

static const char *difference(const struct operands *ours,
			      const struct operands *cs)
{
	unsigned int i;

	if (ours->len != cs->len)
		return "length";
	if (ours->nr != cs->nr)
		return "number of memory operands";
	for (i = 0; i < ours->nr; i++) {
		if (ours->op[i].access != cs->op[i].access)
			return "access";
		if (!cs->any_size && ours->op[i].size != cs->op[i].size)
			return "size";
	}
	return NULL;
}

static void record_failure(struct group *g, const struct sample *s,
			   const char *what, const struct operands *ours,
			   const struct operands *cs, const cs_insn *ci)
{
	char hex[3 * KMEMCHECK_INSN_MAX_LEN + 1], a[64], b[64], text[256];
	unsigned int i, n = KMEMCHECK_INSN_MAX_LEN;

	if (g->failure[0])
		return;
	if (ours->len > 0 && (cs->len < 0 || ours->len >= cs->len))
		n = ours->len;
	else if (cs->len > 0)
		n = cs->len;
	for (i = 0; i < n; i++)
		sprintf(hex + 3 * i, "%02x ", s->bytes[i]);
	hex[3 * n - 1] = '\0';
	format_operands(a, sizeof(a), ours);
	format_operands(b, sizeof(b), cs);
	text[0] = '\0';
	if (cs->len >= 0)
		snprintf(text, sizeof(text), " (%s %s)", ci->mnemonic,
			 ci->op_str);
	snprintf(g->failure, sizeof(g->failure),
		 "%s: %s: decoder %s, capstone %s%s", hex, what, a, b, text);
}

static void check(csh cs, cs_insn *ci, const struct sample *s)
{
	struct group *g = &groups[s->map][s->op];
	const struct opcode_range *refusal = find_refusal(s);
	struct operands ours, theirs;
	bool cs_ok;
	const char *what;

	generated++;
	from_decoder(s, &ours);
	cs_ok = from_capstone(cs, ci, s, &theirs);
	if (refusal) {
		if (ours.len >= 0)
			record_failure(g, s, refusal->why, &ours, &theirs, ci);
		refused_listed++;
		return;
	}
	if (ours.len < 0 && !cs_ok) {
		both_refuse++;
		return;
	}
	g->decoded = true;
	if (ours.len < 0) {
		if (undefined_prefixes(s)) {
			refused_listed++;
			return;
		}
		record_failure(g, s,
			       "the decoder refuses what Capstone decodes",
			       &ours, &theirs, ci);
		return;
	}
	if (apply_fixes(s, &theirs) && !cs_ok) {
		cs_gaps++;
		return;
	}
	if (!cs_ok) {
		record_failure(g, s,
			       "Capstone refuses what the decoder decodes",
			       &ours, &theirs, ci);
		return;
	}
	what = difference(&ours, &theirs);
	if (what)
		record_failure(g, s, what, &ours, &theirs, ci);
	g->compared++;
	compared++;
}

static void run_opcode(csh cs, cs_insn *ci, enum map map, unsigned int op)
{
	struct sample s;
	unsigned int modrm, k, sib = 0;
	char name[32];

	for (modrm = 0; modrm < 256; modrm++) {
		for (k = 0; k < SAMPLES_PER_MODRM; k++) {
			generate(&s, map, op, modrm, sib);
			if ((modrm & 7) == 4)
				sib = (sib + 1) & 0xff;
			check(cs, ci, &s);
		}
	}
	snprintf(name, sizeof(name), map == MAP_0F ? "op_0f_%02x" : "op_%02x",
		 op);
	finish(name, groups[map][op].failure);
}

/*
 * Every opcode that either side decodes outside refused[] was compared
 * at least once: no supported opcode hides behind refusals.
 */
static void check_coverage(void)
{
	char reason[256] = "";
	unsigned int map, op;

	for (map = MAP_1; map <= MAP_0F && !reason[0]; map++)
		for (op = 0; op < 256 && !reason[0]; op++)
			if (groups[map][op].decoded &&
			    groups[map][op].compared == 0)
				snprintf(reason, sizeof(reason),
					 "%s%02x: no instruction compared",
					 map == MAP_0F ? "0f " : "", op);
	finish("coverage", reason);
}

int main(void)
{
	csh cs;
	cs_insn *ci;
	unsigned int op;

	if (cs_open(CS_ARCH_X86, CS_MODE_32, &cs) != CS_ERR_OK ||
	    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK) {
		finish("capstone_open", "cs_open or cs_option failed");
		printf("%d passed, %d failed\n", passed, failed);
		return 1;
	}
	ci = cs_malloc(cs);
	for (op = 0; op < 256; op++)
		if (op != 0x0f && !is_prefix(op))
			run_opcode(cs, ci, MAP_1, op);
	for (op = 0; op < 256; op++)
		run_opcode(cs, ci, MAP_0F, op);
	check_coverage();
	cs_free(ci, 1);
	cs_close(&cs);
	fprintf(stderr,
		"opcode_vs_capstone: %lu instructions generated, %lu compared, "
		"%lu refused as listed, %lu refused by both, %lu Capstone "
		"cannot decode\n",
		generated, compared, refused_listed, both_refuse, cs_gaps);
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
