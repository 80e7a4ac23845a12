/* kmemcheck/opcode.h - i386 instruction decoder: length and memory operands. */
#ifndef KMEMCHECK_OPCODE_H
#define KMEMCHECK_OPCODE_H

#include <stdbool.h>
#include <stdint.h>

/* The longest legal x86 instruction (SDM Vol. 2A, 2.1). */
#define KMEMCHECK_INSN_MAX_LEN		15

/* Access bits of one memory operand. */
#define KMEMCHECK_ACCESS_READ		0x1
#define KMEMCHECK_ACCESS_WRITE		0x2

/* General-purpose register numbers as encoded in ModRM/SIB (SDM Vol. 2A, 2.1.5). */
enum kmemcheck_reg {
	KMEMCHECK_REG_EAX, KMEMCHECK_REG_ECX, KMEMCHECK_REG_EDX,
	KMEMCHECK_REG_EBX, KMEMCHECK_REG_ESP, KMEMCHECK_REG_EBP,
	KMEMCHECK_REG_ESI, KMEMCHECK_REG_EDI,
	KMEMCHECK_REG_NONE = -1,
};

/* What the checker does with an instruction beyond plain reads and writes. */
enum kmemcheck_insn_class {
	KMEMCHECK_INSN_PLAIN,
	KMEMCHECK_INSN_BITOP,	/* AND/OR/XOR/BTS/BTR/BTC, memory destination */
	KMEMCHECK_INSN_MOVS,	/* op[0] = source DS:ESI, op[1] = destination ES:EDI */
	KMEMCHECK_INSN_CMPS,	/* op[0] = DS:ESI, op[1] = ES:EDI */
	KMEMCHECK_INSN_STOS,
	KMEMCHECK_INSN_LODS,
	KMEMCHECK_INSN_SCAS,
	KMEMCHECK_INSN_INS,
	KMEMCHECK_INSN_OUTS,
};

/* How an operand's effective address is formed. */
enum kmemcheck_addr_kind {
	KMEMCHECK_ADDR_MODRM,	/* base + index * scale + disp (ModRM/SIB, moffs) */
	KMEMCHECK_ADDR_XLAT,	/* EBX + zero-extended AL */
};

struct kmemcheck_operand {
	uint8_t access;		/* KMEMCHECK_ACCESS_* bits */
	uint8_t size;		/* bytes touched: 1, 2, 4, 6, 8 */
	uint8_t kind;		/* enum kmemcheck_addr_kind */
	int8_t base;		/* enum kmemcheck_reg, or KMEMCHECK_REG_NONE */
	int8_t index;		/* enum kmemcheck_reg, or KMEMCHECK_REG_NONE */
	uint8_t scale;		/* 1, 2, 4 or 8 */
	int8_t bit_offset_reg;	/* BT/BTS/BTR/BTC reg, mem: the register holding
				   the signed bit offset, else KMEMCHECK_REG_NONE */
	int8_t esp_adjust;	/* POP m: ESP is incremented before the address
				   is computed (SDM Vol. 2B, POP) */
	int32_t disp;
};

struct kmemcheck_insn {
	uint8_t len;			/* bytes, prefixes included */
	uint8_t nr_operands;		/* explicit memory operands: 0, 1 or 2 */
	uint8_t insn_class;		/* enum kmemcheck_insn_class */
	uint8_t opsize;			/* 2 or 4: operand size after prefixes */
	bool addr16;			/* 0x67: 16-bit addressing, 16-bit ESI/EDI/ECX */
	bool rep;			/* REP/REPE/REPNE prefix on a string instruction */
	bool loads_ss;			/* MOV SS: no #DB until the next
					   instruction is done too */
	struct kmemcheck_operand op[2];
};

/* The registers an effective address can use, indexed by enum kmemcheck_reg.
   gpr[KMEMCHECK_REG_ESP] must be ESP as it was when the instruction began. */
struct kmemcheck_regs {
	uint32_t gpr[8];
};

/*
 * Decode the instruction in code[0 .. avail-1]. Returns 0 and fills *insn,
 * or -1 when the instruction is not one the decoder knows for certain
 * (x87, MMX, SSE, an undefined encoding, fewer than len bytes available).
 */
int kmemcheck_opcode_decode(const uint8_t *code, unsigned int avail,
			    struct kmemcheck_insn *insn);

/*
 * The linear address of the first byte operand n touches, given the
 * registers at the start of the instruction. Segment bases are taken as 0:
 * the kernel's GDT is flat.
 */
uint32_t kmemcheck_opcode_address(const struct kmemcheck_insn *insn,
				  unsigned int n,
				  const struct kmemcheck_regs *regs);

#endif
