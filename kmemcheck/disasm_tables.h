/* kmemcheck/disasm_tables.h - the disassembler's opcode maps (internal). */
#ifndef KMEMCHECK_DISASM_TABLES_H
#define KMEMCHECK_DISASM_TABLES_H

#include <stdint.h>

/*
 * Operand kinds, named after SDM Vol. 2D, A.2 where one fits (E: ModRM
 * r/m, G: ModRM reg, I: immediate, J: relative, O: moffs, X: DS:eSI,
 * Y: ES:eDI; b: byte, w: word, v: operand size), with a few of our own.
 */
enum disasm_operand {
	OP_NONE,
	OP_EB, OP_EW, OP_EV,	/* r/m of that size */
	OP_RVMW,	/* r/m: register of operand size, or memory word */
	OP_M,		/* r/m that must be memory; its size is not printed */
	OP_RD,		/* r/m as a 32-bit register (MOV CRn, DRn) */
	OP_GB, OP_GW, OP_GV,	/* ModRM.reg */
	OP_SW,		/* ModRM.reg as a segment register */
	OP_CD, OP_DD,	/* ModRM.reg as CRn, DRn */
	OP_ZB, OP_ZV,	/* register in the opcode's low three bits */
	OP_AL, OP_EAX, OP_CL,
	OP_DX,		/* the port in IN, OUT, INS, OUTS: (%dx) */
	OP_ES, OP_CS, OP_SS, OP_DS, OP_FS, OP_GS,	/* PUSH, POP sreg */
	OP_IB,		/* imm8 as it is */
	OP_IBS,		/* imm8 sign-extended to the operand size */
	OP_IW,		/* imm16 */
	OP_IZ,		/* imm16 with 66, else imm32 */
	OP_IE,		/* TEST's immediate: as wide as the other operand */
	OP_JB, OP_JZ,	/* branch targets: rel8, rel16/32 */
	OP_AP,		/* far pointer: $selector,$offset */
	OP_OB, OP_OV,	/* moffs: an absolute address */
	OP_XB, OP_XV,	/* DS:(%esi), the source of string instructions */
	OP_YB, OP_YV,	/* ES:(%edi), their destination */
	OP_XLAT,	/* DS:(%ebx) */
};

/* Form flags. */
#define DF_SFX_MEM	0x0001	/* b/w/l when no register tells the size */
#define DF_SFX_W16	0x0002	/* w with 66, when no register tells it */
#define DF_SFX_OPSIZE	0x0004	/* always an l or w suffix (SGDT and kin) */
#define DF_INDIRECT	0x0008	/* CALL, JMP *operand */
#define DF_HINT		0x0010	/* 2E, 3E are branch hints: ,pn ,pt */
#define DF_ADDR_NAME	0x0020	/* 67 selects the 16-bit name (LOOPW, JCXZ) */
#define DF_INTEL_ORDER	0x0040	/* gas keeps the SDM's operand order */
#define DF_REP		0x0080	/* F3 is REP (MOVS, STOS, LODS, INS, OUTS) */
#define DF_REPZ		0x0100	/* F3 is REPZ, F2 REPNZ (CMPS, SCAS) */
#define DF_USES_OPSIZE	0x0200	/* 66 changes it though no operand says so */
#define DF_NOTRACK	0x0400	/* 3E is CET's NOTRACK (near CALL, JMP Ev) */

/*
 * One opcode, or one ModRM.reg value of a group. Operands are in the
 * SDM's (Intel) order, destination first; AT&T prints them reversed. A
 * group entry gives the name; its operands, where not OP_NONE, replace
 * the opcode's slot by slot, and its flags are added.
 */
struct disasm_form {
	const char *name;
	const char *name16;	/* with 66 (or 67 for DF_ADDR_NAME) */
	const char *name_f3;	/* with F3: PAUSE, POPCNT, TZCNT, LZCNT */
	uint16_t flags;
	uint8_t group;		/* index into disasm_groups, 0: none */
	uint8_t op[3];
};

enum disasm_group {
	DG_NONE, DG_1, DG_1A, DG_2, DG_3, DG_4, DG_5, DG_6, DG_7, DG_8,
	DG_9, DG_11, DG_16, DG_P, DG_NOP, NR_DISASM_GROUPS
};

extern const struct disasm_form disasm_one_byte[256];
extern const struct disasm_form disasm_two_byte[256];
extern const struct disasm_form disasm_groups[NR_DISASM_GROUPS][8];

#endif
