/* kmemcheck/disasm.c - i386 disassembler: an instruction as objdump writes it. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/format.h"
#include "kmemcheck/disasm.h"
#include "kmemcheck/disasm_tables.h"
#include "kmemcheck/opcode.h"

/*
 * The decoder (kmemcheck/opcode.c) says whether the bytes are an
 * instruction and how long it is; this file parses them again on its own
 * tables (kmemcheck/disasm_tables.c) to write them out, and refuses what
 * the decoder refuses, so a report never shows a guess. The spelling is
 * GNU objdump's AT&T syntax: source operand first, % before registers,
 * $ before immediates, disp(base,index,scale) for memory, and the
 * prefixes an instruction does not use written out as words (data16,
 * addr16, es ... gs, lock, rep/repz/repnz, xacquire/xrelease).
 */

static const char *const reg8[8] = {
	"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh",
};
static const char *const reg16[8] = {
	"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
};
static const char *const reg32[8] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
};
/* In ModRM.reg order (SDM Vol. 2D, B.1.4.3); the decoder refuses 6, 7. */
static const char *const sreg[8] = {
	"es", "cs", "ss", "ds", "fs", "gs", "?", "?",
};
/* 16-bit r/m with mod != 11b (SDM Vol. 2A, Table 2-1). */
static const char *const rm16[8] = {
	"%bx,%si", "%bx,%di", "%bp,%si", "%bp,%di", "%si", "%di", "%bp",
	"%bx",
};

#define NO_REG	(-1)

struct parsed {
	const uint8_t *code;
	unsigned int pos, end;
	uint32_t eip;
	/* Prefixes in byte order, and the last of each kind (-1: none). */
	unsigned int nr_prefixes;
	int last_66, last_67, last_seg, last_f2, last_f3;
	bool saw_cs, saw_ds;		/* 2E, 3E */
	unsigned int opsize;		/* 2 or 4 */
	uint8_t opcode;
	struct disasm_form f;		/* the opcode's form, group merged */
	uint8_t modrm;
	bool memory;			/* ModRM names memory */
	int base, index;		/* NO_REG or a register number; with
					   67, base is r/m (rm16[]) */
	unsigned int scale;
	bool sib;
	unsigned int disp_len;
	uint32_t disp;
	uint32_t value[3];		/* immediate, target or moffs per op */
	uint16_t selector;		/* of a far pointer */
};

/* The output: text is cut at size - 1 characters, len counts all of it. */
struct text {
	char *buf;
	unsigned int size, len;
};

static void emit(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void emit(struct text *t, const char *fmt, ...)
{
	unsigned int room = t->len < t->size ? t->size - t->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += n;
}

static uint32_t fetch(struct parsed *p, unsigned int n)
{
	uint32_t value = 0;
	unsigned int i;

	for (i = 0; i < n && p->pos < p->end; i++)
		value |= (uint32_t)p->code[p->pos++] << (8 * i);
	return value;
}

static bool is_memory_kind(uint8_t op)
{
	return op == OP_EB || op == OP_EW || op == OP_EV || op == OP_RVMW ||
	       op == OP_M;
}

static bool takes_modrm(uint8_t op)
{
	switch (op) {
	case OP_EB: case OP_EW: case OP_EV: case OP_RVMW: case OP_M:
	case OP_RD: case OP_GB: case OP_GW: case OP_GV: case OP_SW:
	case OP_CD: case OP_DD:
		return true;
	}
	return false;
}

static bool is_string_kind(uint8_t op)
{
	return op == OP_XB || op == OP_XV || op == OP_YB || op == OP_YV ||
	       op == OP_XLAT;
}

/* A register operand tells the operand size, so no suffix is written. */
static bool is_sized_register(const struct parsed *p, uint8_t op)
{
	switch (op) {
	case OP_GB: case OP_GW: case OP_GV: case OP_ZB: case OP_ZV:
	case OP_AL: case OP_EAX: case OP_RD:
		return true;
	case OP_EB: case OP_EW: case OP_EV: case OP_RVMW:
		return !p->memory;
	}
	return false;
}

/* Whether 66 changes what is written, so objdump does not call it data16. */
static bool uses_opsize(const struct parsed *p)
{
	unsigned int i;

	if (p->f.flags & (DF_SFX_W16 | DF_SFX_OPSIZE | DF_USES_OPSIZE))
		return true;
	if (p->f.name16 && !(p->f.flags & DF_ADDR_NAME))
		return true;
	for (i = 0; i < 3; i++) {
		switch (p->f.op[i]) {
		case OP_EV: case OP_GV: case OP_ZV: case OP_EAX: case OP_IZ:
		case OP_IBS: case OP_AP: case OP_OV: case OP_XV: case OP_YV:
			return true;
		case OP_RVMW:
			if (!p->memory)
				return true;
		}
	}
	return false;
}

static bool uses_addrsize(const struct parsed *p)
{
	unsigned int i;

	if (p->memory || (p->f.flags & DF_ADDR_NAME))
		return true;
	for (i = 0; i < 3; i++)
		if (is_string_kind(p->f.op[i]))
			return true;
	return false;
}

/* A segment override applies to ModRM memory, moffs and DS:eSI, DS:eBX. */
static bool uses_segment(const struct parsed *p)
{
	unsigned int i;

	if (p->memory)
		return true;
	for (i = 0; i < 3; i++)
		switch (p->f.op[i]) {
		case OP_OB: case OP_OV: case OP_XB: case OP_XV: case OP_XLAT:
			return true;
		}
	return false;
}

static bool is_string(const struct parsed *p)
{
	return p->f.flags & (DF_REP | DF_REPZ);
}

static const char *segment_name(uint8_t prefix)
{
	switch (prefix) {
	case 0x26: return "es";
	case 0x2e: return "cs";
	case 0x36: return "ss";
	case 0x3e: return "ds";
	case 0x64: return "fs";
	case 0x65: return "gs";
	}
	return NULL;
}

/*
 * On a conditional branch 2E is the hint "not taken" and 3E "taken"
 * (SDM Vol. 2A, 2.1.1): objdump writes ,pn or ,pt when it saw one of the
 * two and not both, and then takes the last segment prefix for it.
 */
static const char *branch_hint(const struct parsed *p)
{
	if (!(p->f.flags & DF_HINT) || p->saw_cs == p->saw_ds)
		return NULL;
	return p->saw_cs ? ",pn" : ",pt";
}

/*
 * On an indirect near CALL or JMP, 3E is NOTRACK to CET's indirect
 * branch tracking (SDM Vol. 1, "Control-flow Enforcement Technology"):
 * objdump then writes "notrack" before the name, in place of the last
 * segment prefix, which it applies to no operand.
 */
static bool notrack(const struct parsed *p)
{
	return (p->f.flags & DF_NOTRACK) && p->saw_ds;
}

/* The prefix at index i as objdump writes it, or NULL when it is used. */
static const char *prefix_word(const struct parsed *p, int i)
{
	uint8_t b = p->code[i];

	switch (b) {
	case 0x66:
		return i == p->last_66 && uses_opsize(p) ? NULL : "data16";
	case 0x67:
		/* objdump writes addr16 before a moffs though it uses it. */
		return i == p->last_67 && uses_addrsize(p) ? NULL : "addr16";
	case 0xf0:
		return "lock";
	case 0xf2:
		if (i != p->last_f2 || is_string(p))
			return "repnz";
		/* The decoder takes F2 elsewhere only as XACQUIRE. */
		return "xacquire";
	case 0xf3:
		if (i != p->last_f3)
			return "repz";
		if (p->f.flags & DF_REP)
			return "rep";
		if (p->f.flags & DF_REPZ)
			return "repz";
		if (p->f.name_f3)
			return NULL;
		/* ... and F3 as XRELEASE. */
		return "xrelease";
	}
	if (i == p->last_seg &&
	    (uses_segment(p) || branch_hint(p) || notrack(p)))
		return NULL;
	return segment_name(b);
}

/* Notes the legacy prefixes (SDM Vol. 2A, 2.1.1) and the last of each kind. */
static void take_prefixes(struct parsed *p)
{
	p->last_66 = p->last_67 = p->last_seg = p->last_f2 = p->last_f3 = -1;
	for (;;) {
		int i = p->pos;
		uint8_t b = p->code[i];

		if (b == 0x66)
			p->last_66 = i;
		else if (b == 0x67)
			p->last_67 = i;
		else if (b == 0xf2)
			p->last_f2 = i;
		else if (b == 0xf3)
			p->last_f3 = i;
		else if (segment_name(b))
			p->last_seg = i;
		else if (b != 0xf0)
			break;
		if (b == 0x2e)
			p->saw_cs = true;
		if (b == 0x3e)
			p->saw_ds = true;
		p->pos++;
	}
	p->nr_prefixes = p->pos;
	p->opsize = p->last_66 >= 0 ? 2 : 4;
}

/* The memory form of ModRM: SIB and displacement (SDM Vol. 2A, 2.1.5). */
static void take_memory(struct parsed *p)
{
	unsigned int mod = p->modrm >> 6, rm = p->modrm & 7;

	p->memory = true;
	p->base = NO_REG;
	p->index = NO_REG;
	p->scale = 1;
	if (p->last_67 >= 0) {
		p->base = rm;
		p->disp_len = mod;
		if (mod == 0 && rm == 6) {
			p->base = NO_REG;
			p->disp_len = 2;
		}
	} else {
		p->base = rm;
		p->disp_len = mod == 2 ? 4 : mod;
		if (rm == 4) {
			uint32_t sib = fetch(p, 1);

			p->sib = true;
			p->base = sib & 7;
			p->index = (sib >> 3) & 7;
			p->scale = 1u << (sib >> 6);
		}
		if (mod == 0 && p->base == 5) {
			p->base = NO_REG;
			p->disp_len = 4;
		}
	}
	p->disp = fetch(p, p->disp_len);
}

static unsigned int immediate_size(const struct parsed *p, uint8_t op)
{
	switch (op) {
	case OP_IB: case OP_IBS: case OP_JB:
		return 1;
	case OP_IW:
		return 2;
	case OP_IZ: case OP_JZ:
		return p->opsize;
	case OP_IE:
		return p->f.op[0] == OP_EB ? 1 : p->opsize;
	case OP_OB: case OP_OV:
		return p->last_67 >= 0 ? 2 : 4;
	}
	return 0;
}

/* Fills the form, ModRM operand and immediates; false if unknown. */
static bool parse(struct parsed *p)
{
	const struct disasm_form *table = disasm_one_byte;
	unsigned int i;
	bool reg_only = false, modrm = false;

	take_prefixes(p);
	p->opcode = fetch(p, 1);
	if (p->opcode == 0x0f) {
		table = disasm_two_byte;
		p->opcode = fetch(p, 1);
	}
	p->f = table[p->opcode];
	/* objdump writes 66 90 as the XCHG it encodes, F3 90 as PAUSE. */
	if (table == disasm_one_byte && p->opcode == 0x90 &&
	    p->last_66 >= 0 && p->last_f3 < 0)
		p->f = disasm_one_byte[0x91];
	for (i = 0; i < 3; i++) {
		if (p->f.op[i] == OP_RD)
			reg_only = true;
		if (takes_modrm(p->f.op[i]))
			modrm = true;
	}
	if (p->f.group != DG_NONE || modrm) {
		p->modrm = fetch(p, 1);
		if (p->f.group != DG_NONE) {
			const struct disasm_form *g =
				&disasm_groups[p->f.group][(p->modrm >> 3) & 7];

			p->f.name = g->name;
			p->f.flags |= g->flags;
			for (i = 0; i < 3; i++)
				if (g->op[i] != OP_NONE)
					p->f.op[i] = g->op[i];
		}
		if ((p->modrm >> 6) != 3 && !reg_only)
			take_memory(p);
	}
	for (i = 0; i < 3; i++) {
		if (p->f.op[i] == OP_AP) {
			p->value[i] = fetch(p, p->opsize);
			p->selector = fetch(p, 2);
		} else {
			p->value[i] = fetch(p, immediate_size(p, p->f.op[i]));
		}
	}
	return p->f.name || (p->last_f3 >= 0 && p->f.name_f3);
}

static const char *gpr(unsigned int size, unsigned int reg)
{
	if (size == 1)
		return reg8[reg];
	return size == 2 ? reg16[reg] : reg32[reg];
}

/* A signed displacement: -0x4, 0x10. */
static void emit_signed(struct text *t, uint32_t value)
{
	if (value & 0x80000000u)
		emit(t, "-0x%x", 0u - value);
	else
		emit(t, "0x%x", value);
}

static void emit_segment(struct text *t, const struct parsed *p)
{
	if (p->last_seg >= 0 && !notrack(p))
		emit(t, "%%%s:", segment_name(p->code[p->last_seg]));
}

static void emit_memory(struct text *t, const struct parsed *p)
{
	uint32_t disp = p->disp;

	emit_segment(t, p);
	if (p->disp_len == 1)
		disp = (uint32_t)(int8_t)disp;
	else if (p->disp_len == 2)
		disp = (uint32_t)(int16_t)disp;
	if (p->last_67 >= 0) {
		if (p->disp_len)
			emit_signed(t, disp);
		if (p->base != NO_REG)
			emit(t, "(%s)", rm16[p->base]);
		return;
	}
	/* A disp32 alone is an address: objdump writes it unsigned. */
	if (!p->sib && p->base == NO_REG) {
		emit(t, "0x%x", disp);
		return;
	}
	if (p->disp_len)
		emit_signed(t, disp);
	emit(t, "(");
	if (p->base != NO_REG)
		emit(t, "%%%s", reg32[p->base]);
	/* SIB index 100b is none: objdump writes %eiz but in a plain (%esp). */
	if (p->sib && (p->index != 4 || p->base != 4 || p->scale != 1))
		emit(t, ",%%%s,%u", p->index == 4 ? "eiz" : reg32[p->index],
		     p->scale);
	emit(t, ")");
}

/* ES:eDI, DS:eSI or DS:eBX of string instructions and XLAT. */
static void emit_implicit(struct text *t, const struct parsed *p,
			  bool overridable, unsigned int reg)
{
	if (overridable && p->last_seg >= 0)
		emit_segment(t, p);
	else
		emit(t, "%%%s:", overridable ? "ds" : "es");
	emit(t, "(%%%s)", p->last_67 >= 0 ? reg16[reg] : reg32[reg]);
}

static uint32_t target(const struct parsed *p, uint8_t op, uint32_t rel)
{
	uint32_t next = p->eip + p->pos;

	if (op == OP_JB)
		return next + (uint32_t)(int8_t)rel;
	if (p->opsize == 2)
		return (next + (uint32_t)(int16_t)rel) & 0xffff;
	return next + rel;
}

static void emit_operand(struct text *t, const struct parsed *p,
			 unsigned int i)
{
	uint8_t op = p->f.op[i];
	unsigned int reg = (p->modrm >> 3) & 7, rm = p->modrm & 7;
	uint32_t v = p->value[i];

	if ((p->f.flags & DF_INDIRECT) && is_memory_kind(op))
		emit(t, "*");
	switch (op) {
	case OP_EB: case OP_EW: case OP_EV: case OP_RVMW: case OP_M:
		if (p->memory)
			emit_memory(t, p);
		else
			emit(t, "%%%s", gpr(op == OP_EB ? 1 : op == OP_EW ?
					    2 : p->opsize, rm));
		break;
	case OP_RD:
		emit(t, "%%%s", reg32[rm]);
		break;
	case OP_GB:
		emit(t, "%%%s", reg8[reg]);
		break;
	case OP_GW:
		emit(t, "%%%s", reg16[reg]);
		break;
	case OP_GV:
		emit(t, "%%%s", gpr(p->opsize, reg));
		break;
	case OP_SW:
		emit(t, "%%%s", sreg[reg]);
		break;
	case OP_CD:
		emit(t, "%%cr%u", reg);
		break;
	case OP_DD:
		emit(t, "%%db%u", reg);
		break;
	case OP_ZB:
		emit(t, "%%%s", reg8[p->opcode & 7]);
		break;
	case OP_ZV:
		emit(t, "%%%s", gpr(p->opsize, p->opcode & 7));
		break;
	case OP_AL:
		emit(t, "%%al");
		break;
	case OP_EAX:
		emit(t, "%%%s", gpr(p->opsize, 0));
		break;
	case OP_CL:
		emit(t, "%%cl");
		break;
	case OP_DX:
		emit(t, "(%%dx)");
		break;
	case OP_ES: case OP_CS: case OP_SS: case OP_DS: case OP_FS:
	case OP_GS:
		emit(t, "%%%s", sreg[op - OP_ES]);
		break;
	case OP_IBS:
		v = (uint32_t)(int8_t)v;
		if (p->opsize == 2)
			v &= 0xffff;
		emit(t, "$0x%x", v);
		break;
	case OP_IB: case OP_IW: case OP_IZ: case OP_IE:
		emit(t, "$0x%x", v);
		break;
	case OP_JB: case OP_JZ:
		emit(t, "0x%x", target(p, op, v));
		break;
	case OP_AP:
		emit(t, "$0x%x,$0x%x", p->selector, v);
		break;
	case OP_OB: case OP_OV:
		emit_segment(t, p);
		emit(t, "0x%x", v);
		break;
	case OP_XB: case OP_XV:
		emit_implicit(t, p, true, KMEMCHECK_REG_ESI);
		break;
	case OP_YB: case OP_YV:
		emit_implicit(t, p, false, KMEMCHECK_REG_EDI);
		break;
	case OP_XLAT:
		emit_implicit(t, p, true, KMEMCHECK_REG_EBX);
		break;
	}
}

/* The mnemonic's size suffix, or 0 (see DF_SFX_* in disasm_tables.h). */
static char suffix(const struct parsed *p)
{
	bool memory = false, sized = false, byte = false;
	unsigned int i;
	uint8_t op;

	for (i = 0; i < 3; i++) {
		op = p->f.op[i];
		if ((is_memory_kind(op) && p->memory) || is_string_kind(op))
			memory = true;
		if (is_sized_register(p, op))
			sized = true;
		if (op == OP_EB || op == OP_XB || op == OP_YB)
			byte = true;
	}
	if (p->f.flags & DF_SFX_OPSIZE)
		return p->opsize == 2 ? 'w' : 'l';
	if ((p->f.flags & DF_SFX_MEM) && memory && !sized)
		return byte ? 'b' : p->opsize == 2 ? 'w' : 'l';
	if ((p->f.flags & DF_SFX_W16) && p->opsize == 2 && !sized)
		return 'w';
	return 0;
}

static const char *mnemonic(const struct parsed *p)
{
	if (p->last_f3 >= 0 && p->f.name_f3)
		return p->f.name_f3;
	if ((p->f.flags & DF_ADDR_NAME) && p->last_67 >= 0)
		return p->f.name16;
	if (!(p->f.flags & DF_ADDR_NAME) && p->f.name16 && p->opsize == 2)
		return p->f.name16;
	return p->f.name;
}

int kmemcheck_disasm(const uint8_t *code, unsigned int avail, uint32_t eip,
		     char *buf, unsigned int size)
{
	struct kmemcheck_insn insn;
	struct parsed p = { .code = code, .eip = eip };
	struct text t = { .buf = buf, .size = size };
	const char *word, *hint;
	unsigned int i, nr_ops = 0;
	char sfx;

	if (kmemcheck_opcode_decode(code, avail, &insn) < 0)
		goto bad;
	p.end = insn.len;
	if (!parse(&p) || p.pos != insn.len)
		goto bad;
	for (i = 0; i < p.nr_prefixes; i++) {
		word = prefix_word(&p, i);
		if (word)
			emit(&t, "%s ", word);
	}
	if (notrack(&p))
		emit(&t, "notrack ");
	emit(&t, "%s", mnemonic(&p));
	sfx = suffix(&p);
	if (sfx)
		emit(&t, "%c", sfx);
	hint = branch_hint(&p);
	if (hint)
		emit(&t, "%s", hint);
	while (nr_ops < 3 && p.f.op[nr_ops] != OP_NONE)
		nr_ops++;
	/* AT&T writes the source first: the SDM's order reversed. */
	for (i = 0; i < nr_ops; i++) {
		emit(&t, i ? "," : " ");
		emit_operand(&t, &p, p.f.flags & DF_INTEL_ORDER ? i :
				      nr_ops - 1 - i);
	}
	return insn.len;
bad:
	t.len = 0;
	emit(&t, "(bad)");
	return -1;
}
