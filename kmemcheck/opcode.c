/* kmemcheck/opcode.c - i386 instruction decoder: length and memory operands. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kmemcheck/opcode.h"

/*
 * An instruction is prefixes, one or two opcode bytes, ModRM, SIB,
 * displacement and immediate, in that order (SDM Vol. 2A, 2.1). The
 * opcode maps are SDM Vol. 2D, Appendix A: Table A-2 (one byte), Table
 * A-3 (0F xx) and Table A-6 (opcode groups, where ModRM.reg extends the
 * opcode). Only the general-purpose and system instructions of the i386
 * to the Pentium Pro are described, with POPCNT, TZCNT, LZCNT and the
 * XACQUIRE/XRELEASE hints, which share their encodings; x87, MMX, SSE,
 * 3DNow!, VMX and every encoding the SDM leaves undefined or reserved are
 * left out, and the decoder says so (-1) rather than guess.
 */

#define R	KMEMCHECK_ACCESS_READ
#define W	KMEMCHECK_ACCESS_WRITE
#define RW	(KMEMCHECK_ACCESS_READ | KMEMCHECK_ACCESS_WRITE)

/* Immediates and other bytes after ModRM (SDM Vol. 2D, A.2.1: I, J, A, O). */
enum imm_kind {
	IMM_NONE,
	IMM_B,		/* Ib, Jb */
	IMM_W,		/* Iw */
	IMM_Z,		/* Iz, Iv, Jz: a word with 66, else a doubleword */
	IMM_WB,		/* ENTER Iw, Ib */
	IMM_P,		/* Ap: ptr16:16 with 66, else ptr16:32 */
	IMM_O,		/* Ob, Ov: moffs, as wide as the address size */
	IMM_E,		/* TEST's Ib or Iz, as wide as its operand */
};

/* Memory operand sizes (SDM Vol. 2D, A.2.2). */
enum size_kind {
	SZ_NONE,
	SZ_B,		/* b: byte */
	SZ_W,		/* w: word, whatever the operand size */
	SZ_V,		/* v: word with 66, else doubleword */
	SZ_P,		/* p: 16-bit selector and an offset of operand size */
	SZ_A,		/* a: BOUND's pair of operand-size bounds */
	SZ_S,		/* s: 6-byte pseudo-descriptor */
	SZ_Q,		/* q: quadword */
};

/* The opcode groups of SDM Vol. 2D, Table A-6, and a few of our own. */
enum group {
	GRP_NONE,
	GRP_1,		/* 80-83: ALU Ex, I */
	GRP_1A,		/* 8F: POP Ev */
	GRP_2,		/* C0, C1, D0-D3: shifts and rotates */
	GRP_3,		/* F6, F7: TEST, NOT, NEG, MUL, IMUL, DIV, IDIV */
	GRP_4,		/* FE: INC, DEC Eb */
	GRP_5,		/* FF: INC, DEC, CALL, CALLF, JMP, JMPF, PUSH */
	GRP_6,		/* 0F 00: SLDT, STR, LLDT, LTR, VERR, VERW */
	GRP_7,		/* 0F 01: SGDT, SIDT, LGDT, LIDT, SMSW, LMSW, INVLPG */
	GRP_8,		/* 0F BA: BT, BTS, BTR, BTC Ev, Ib */
	GRP_9,		/* 0F C7: CMPXCHG8B */
	GRP_11,		/* C6, C7: MOV Ex, I */
	GRP_16,		/* 0F 18: PREFETCHh */
	GRP_P,		/* 0F 0D: PREFETCHW and kin */
	GRP_NOP,	/* 0F 1F: NOP Ev (SDM NOP: /0 only) */
	GRP_SREG_ST,	/* 8C: MOV Ew, Sw: ES CS SS DS FS GS */
	GRP_SREG_LD,	/* 8E: MOV Sw, Ew: CS cannot be loaded (SDM MOV) */
	GRP_CR,		/* 0F 20, 0F 22: CR0, CR2, CR3, CR4 only */
	NR_GROUPS
};

/* Descriptor flags. */
#define F_VALID		0x0001	/* a defined instruction */
#define F_MODRM		0x0002	/* a ModRM byte follows the opcode */
#define F_MEM_ONLY	0x0004	/* mod = 11b is undefined or another insn */
#define F_REG_ONLY	0x0008	/* ModRM names registers whatever mod says */
#define F_LOCKABLE	0x0010	/* LOCK allowed with a memory destination */
#define F_HLE_XCHG	0x0020	/* XACQUIRE/XRELEASE without LOCK (XCHG m) */
#define F_HLE_MOV	0x0040	/* XRELEASE without LOCK (MOV m) */
#define F_F3_OK		0x0080	/* F3 is part of the encoding */
#define F_F3_ONLY	0x0100	/* undefined without F3 */
#define F_POP		0x0200	/* ESP is incremented before the address */
#define F_BT_REG	0x0400	/* ModRM.reg: a bit offset beyond the operand */
#define F_XLAT		0x0800	/* memory operand at EBX + AL */
#define F_LOADS_SS	0x1000	/* delays the next #DB (SDM Vol. 3A, 6.8.3) */

/*
 * One opcode (or one ModRM.reg value of a group). A group entry supplies
 * what its opcode's entry leaves to it: its flags are added, and its
 * size and immediate replace the opcode's when not zero.
 */
struct opcode_desc {
	uint16_t flags;
	uint8_t imm;		/* enum imm_kind */
	uint8_t size;		/* enum size_kind of the memory operand */
	uint8_t access;		/* of the memory operand; 0: none is touched */
	uint8_t insn_class;	/* enum kmemcheck_insn_class */
	uint8_t group;		/* enum group */
};

#define NOMODRM(im)		{ .flags = F_VALID, .imm = (im) }
#define MODRM(sz, acc, fl, im)						\
	{ .flags = F_VALID | F_MODRM | (fl), .size = (sz),		\
	  .access = (acc), .imm = (im) }
#define GROUP(grp, sz, im, fl)						\
	{ .flags = F_VALID | F_MODRM | (fl), .group = (grp),		\
	  .size = (sz), .imm = (im) }
#define STRING(cls, sz)	{ .flags = F_VALID, .insn_class = (cls), .size = (sz) }
#define MOFFS(sz, acc)	{ .flags = F_VALID, .imm = IMM_O, .size = (sz),	\
			  .access = (acc) }
#define IN_GROUP(acc, fl)	{ .flags = F_VALID | (fl), .access = (acc) }

/* The ALU rows: Eb,Gb  Ev,Gv  Gb,Eb  Gv,Ev  AL,Ib  eAX,Iz (Table A-2). */
#define ALU(op, acc, fl, cls)						\
	[(op) + 0] = { .flags = F_VALID | F_MODRM | (fl), .size = SZ_B,	\
		       .access = (acc), .insn_class = (cls) },		\
	[(op) + 1] = { .flags = F_VALID | F_MODRM | (fl), .size = SZ_V,	\
		       .access = (acc), .insn_class = (cls) },		\
	[(op) + 2] = MODRM(SZ_B, R, 0, IMM_NONE),			\
	[(op) + 3] = MODRM(SZ_V, R, 0, IMM_NONE),			\
	[(op) + 4] = NOMODRM(IMM_B),					\
	[(op) + 5] = NOMODRM(IMM_Z)

#define ALU_RMW(op)	ALU(op, RW, F_LOCKABLE, KMEMCHECK_INSN_PLAIN)
/* BTS, BTR, BTC Ev, Gv: bit operations, as AND/OR/XOR (see check.c). */
#define BT_RMW								\
	{ .flags = F_VALID | F_MODRM | F_BT_REG | F_LOCKABLE,		\
	  .size = SZ_V, .access = RW, .insn_class = KMEMCHECK_INSN_BITOP }
#define ALU_BITOP(op)	ALU(op, RW, F_LOCKABLE, KMEMCHECK_INSN_BITOP)

/*
 * SDM Vol. 2D, Table A-2. Prefixes (26 2E 36 3E 64-67 F0 F2 F3) are taken
 * before the table is used; 0F selects two_byte[]. Left out: D6 (not in
 * the SDM) and D8-DF (x87).
 */
static const struct opcode_desc one_byte[256] = {
	ALU_RMW(0x00),					/* ADD */
	[0x06 ... 0x07] = NOMODRM(IMM_NONE),		/* PUSH, POP ES */
	ALU_BITOP(0x08),				/* OR */
	[0x0e] = NOMODRM(IMM_NONE),			/* PUSH CS */
	ALU_RMW(0x10),					/* ADC */
	[0x16 ... 0x17] = NOMODRM(IMM_NONE),		/* PUSH, POP SS */
	ALU_RMW(0x18),					/* SBB */
	[0x1e ... 0x1f] = NOMODRM(IMM_NONE),		/* PUSH, POP DS */
	ALU_BITOP(0x20),				/* AND */
	[0x27] = NOMODRM(IMM_NONE),			/* DAA */
	ALU_RMW(0x28),					/* SUB */
	[0x2f] = NOMODRM(IMM_NONE),			/* DAS */
	ALU_BITOP(0x30),				/* XOR */
	[0x37] = NOMODRM(IMM_NONE),			/* AAA */
	ALU(0x38, R, 0, KMEMCHECK_INSN_PLAIN),		/* CMP */
	[0x3f] = NOMODRM(IMM_NONE),			/* AAS */
	[0x40 ... 0x5f] = NOMODRM(IMM_NONE),	/* INC, DEC, PUSH, POP reg */
	[0x60 ... 0x61] = NOMODRM(IMM_NONE),		/* PUSHA, POPA */
	/* BOUND Gv, Ma: with mod = 11b it is the EVEX prefix. */
	[0x62] = MODRM(SZ_A, R, F_MEM_ONLY, IMM_NONE),
	[0x63] = MODRM(SZ_W, RW, 0, IMM_NONE),		/* ARPL Ew, Gw */
	[0x68] = NOMODRM(IMM_Z),			/* PUSH Iz */
	[0x69] = MODRM(SZ_V, R, 0, IMM_Z),		/* IMUL Gv, Ev, Iz */
	[0x6a] = NOMODRM(IMM_B),			/* PUSH Ib */
	[0x6b] = MODRM(SZ_V, R, 0, IMM_B),		/* IMUL Gv, Ev, Ib */
	[0x6c] = STRING(KMEMCHECK_INSN_INS, SZ_B),
	[0x6d] = STRING(KMEMCHECK_INSN_INS, SZ_V),
	[0x6e] = STRING(KMEMCHECK_INSN_OUTS, SZ_B),
	[0x6f] = STRING(KMEMCHECK_INSN_OUTS, SZ_V),
	[0x70 ... 0x7f] = NOMODRM(IMM_B),		/* Jcc Jb */
	[0x80] = GROUP(GRP_1, SZ_B, IMM_B, 0),
	[0x81] = GROUP(GRP_1, SZ_V, IMM_Z, 0),
	[0x82] = GROUP(GRP_1, SZ_B, IMM_B, 0),	/* 80's alias, i64 */
	[0x83] = GROUP(GRP_1, SZ_V, IMM_B, 0),
	[0x84] = MODRM(SZ_B, R, 0, IMM_NONE),		/* TEST */
	[0x85] = MODRM(SZ_V, R, 0, IMM_NONE),
	[0x86] = MODRM(SZ_B, RW, F_LOCKABLE | F_HLE_XCHG, IMM_NONE), /* XCHG */
	[0x87] = MODRM(SZ_V, RW, F_LOCKABLE | F_HLE_XCHG, IMM_NONE),
	[0x88] = MODRM(SZ_B, W, F_HLE_MOV, IMM_NONE),	/* MOV Ex, Gx */
	[0x89] = MODRM(SZ_V, W, F_HLE_MOV, IMM_NONE),
	[0x8a] = MODRM(SZ_B, R, 0, IMM_NONE),		/* MOV Gx, Ex */
	[0x8b] = MODRM(SZ_V, R, 0, IMM_NONE),
	[0x8c] = GROUP(GRP_SREG_ST, SZ_W, IMM_NONE, 0),
	/* LEA computes an address and touches no memory. */
	[0x8d] = MODRM(SZ_NONE, 0, F_MEM_ONLY, IMM_NONE),
	[0x8e] = GROUP(GRP_SREG_LD, SZ_W, IMM_NONE, 0),
	[0x8f] = GROUP(GRP_1A, SZ_V, IMM_NONE, 0),
	[0x90] = { .flags = F_VALID | F_F3_OK },	/* NOP; F3 90 PAUSE */
	[0x91 ... 0x99] = NOMODRM(IMM_NONE),	/* XCHG eAX, CBW, CWD */
	[0x9a] = NOMODRM(IMM_P),			/* CALLF Ap */
	[0x9b ... 0x9f] = NOMODRM(IMM_NONE),	/* WAIT, PUSHF ... LAHF */
	[0xa0] = MOFFS(SZ_B, R),			/* MOV AL, Ob */
	[0xa1] = MOFFS(SZ_V, R),
	[0xa2] = MOFFS(SZ_B, W),			/* MOV Ob, AL */
	[0xa3] = MOFFS(SZ_V, W),
	[0xa4] = STRING(KMEMCHECK_INSN_MOVS, SZ_B),
	[0xa5] = STRING(KMEMCHECK_INSN_MOVS, SZ_V),
	[0xa6] = STRING(KMEMCHECK_INSN_CMPS, SZ_B),
	[0xa7] = STRING(KMEMCHECK_INSN_CMPS, SZ_V),
	[0xa8] = NOMODRM(IMM_B),			/* TEST AL, Ib */
	[0xa9] = NOMODRM(IMM_Z),
	[0xaa] = STRING(KMEMCHECK_INSN_STOS, SZ_B),
	[0xab] = STRING(KMEMCHECK_INSN_STOS, SZ_V),
	[0xac] = STRING(KMEMCHECK_INSN_LODS, SZ_B),
	[0xad] = STRING(KMEMCHECK_INSN_LODS, SZ_V),
	[0xae] = STRING(KMEMCHECK_INSN_SCAS, SZ_B),
	[0xaf] = STRING(KMEMCHECK_INSN_SCAS, SZ_V),
	[0xb0 ... 0xb7] = NOMODRM(IMM_B),		/* MOV r8, Ib */
	[0xb8 ... 0xbf] = NOMODRM(IMM_Z),		/* MOV r, Iv */
	[0xc0] = GROUP(GRP_2, SZ_B, IMM_B, 0),
	[0xc1] = GROUP(GRP_2, SZ_V, IMM_B, 0),
	[0xc2] = NOMODRM(IMM_W),			/* RET Iw */
	[0xc3] = NOMODRM(IMM_NONE),
	/* LES, LDS Gz, Mp: with mod = 11b they are the VEX prefixes. */
	[0xc4 ... 0xc5] = MODRM(SZ_P, R, F_MEM_ONLY, IMM_NONE),
	[0xc6] = GROUP(GRP_11, SZ_B, IMM_B, F_HLE_MOV),
	[0xc7] = GROUP(GRP_11, SZ_V, IMM_Z, F_HLE_MOV),
	[0xc8] = NOMODRM(IMM_WB),			/* ENTER Iw, Ib */
	[0xc9] = NOMODRM(IMM_NONE),			/* LEAVE */
	[0xca] = NOMODRM(IMM_W),			/* RETF Iw */
	[0xcb ... 0xcc] = NOMODRM(IMM_NONE),		/* RETF, INT3 */
	[0xcd] = NOMODRM(IMM_B),			/* INT Ib */
	[0xce ... 0xcf] = NOMODRM(IMM_NONE),		/* INTO, IRET */
	[0xd0] = GROUP(GRP_2, SZ_B, IMM_NONE, 0),	/* shift by 1 */
	[0xd1] = GROUP(GRP_2, SZ_V, IMM_NONE, 0),
	[0xd2] = GROUP(GRP_2, SZ_B, IMM_NONE, 0),	/* shift by CL */
	[0xd3] = GROUP(GRP_2, SZ_V, IMM_NONE, 0),
	[0xd4 ... 0xd5] = NOMODRM(IMM_B),		/* AAM, AAD Ib */
	[0xd7] = { .flags = F_VALID | F_XLAT, .size = SZ_B, .access = R },
	[0xe0 ... 0xe7] = NOMODRM(IMM_B),	/* LOOPcc, JeCXZ; IN, OUT Ib */
	[0xe8 ... 0xe9] = NOMODRM(IMM_Z),		/* CALL, JMP Jz */
	[0xea] = NOMODRM(IMM_P),			/* JMPF Ap */
	[0xeb] = NOMODRM(IMM_B),			/* JMP Jb */
	[0xec ... 0xef] = NOMODRM(IMM_NONE),		/* IN, OUT DX */
	[0xf1] = NOMODRM(IMM_NONE),			/* INT1 */
	[0xf4 ... 0xf5] = NOMODRM(IMM_NONE),		/* HLT, CMC */
	[0xf6] = GROUP(GRP_3, SZ_B, IMM_NONE, 0),
	[0xf7] = GROUP(GRP_3, SZ_V, IMM_NONE, 0),
	[0xf8 ... 0xfd] = NOMODRM(IMM_NONE),		/* CLC ... STD */
	[0xfe] = GROUP(GRP_4, SZ_B, IMM_NONE, 0),
	[0xff] = GROUP(GRP_5, SZ_V, IMM_NONE, 0),
};

/*
 * SDM Vol. 2D, Table A-3. Left out: 0F 0E, 0F 0F (3DNow!), 0F 10-17,
 * 0F 28-2F, 0F 50-7F, 0F C2-C6, 0F D0-FF (SSE, MMX), 0F 38, 0F 3A (three
 * byte maps), 0F AE (FXSAVE and kin), 0F 19-1E (hint NOPs reused by MPX
 * and CET), 0F 24, 0F 26 (i386 test registers), 0F 37 (GETSEC), 0F 78,
 * 0F 79 (VMX), 0F A6, 0F A7 (early i486 CMPXCHG), 0F B9, 0F FF (UD1,
 * UD0, whose ModRM is model specific).
 */
static const struct opcode_desc two_byte[256] = {
	[0x00] = GROUP(GRP_6, SZ_W, IMM_NONE, 0),
	[0x01] = GROUP(GRP_7, SZ_NONE, IMM_NONE, 0),
	[0x02 ... 0x03] = MODRM(SZ_W, R, 0, IMM_NONE),	/* LAR, LSL Gv, Ew */
	[0x05 ... 0x09] = NOMODRM(IMM_NONE),	/* SYSCALL ... WBINVD */
	[0x0b] = NOMODRM(IMM_NONE),			/* UD2 */
	[0x0d] = GROUP(GRP_P, SZ_NONE, IMM_NONE, 0),
	[0x18] = GROUP(GRP_16, SZ_NONE, IMM_NONE, 0),
	[0x1f] = GROUP(GRP_NOP, SZ_NONE, IMM_NONE, 0),
	/* MOV to and from CRn, DRn: "the mod field is ignored" (SDM MOV). */
	[0x20] = GROUP(GRP_CR, SZ_NONE, IMM_NONE, F_REG_ONLY),
	[0x21] = MODRM(SZ_NONE, 0, F_REG_ONLY, IMM_NONE),
	[0x22] = GROUP(GRP_CR, SZ_NONE, IMM_NONE, F_REG_ONLY),
	[0x23] = MODRM(SZ_NONE, 0, F_REG_ONLY, IMM_NONE),
	[0x30 ... 0x35] = NOMODRM(IMM_NONE),	/* WRMSR ... SYSEXIT */
	/* CMOVcc reads its source whether or not it moves (SDM CMOVcc). */
	[0x40 ... 0x4f] = MODRM(SZ_V, R, 0, IMM_NONE),
	[0x80 ... 0x8f] = NOMODRM(IMM_Z),		/* Jcc Jz */
	/* SETcc: "the reg field ... is ignored" (SDM SETcc). */
	[0x90 ... 0x9f] = MODRM(SZ_B, W, 0, IMM_NONE),
	[0xa0 ... 0xa2] = NOMODRM(IMM_NONE),	/* PUSH, POP FS; CPUID */
	[0xa3] = MODRM(SZ_V, R, F_BT_REG, IMM_NONE),	/* BT Ev, Gv */
	[0xa4] = MODRM(SZ_V, RW, 0, IMM_B),		/* SHLD Ev, Gv, Ib */
	[0xa5] = MODRM(SZ_V, RW, 0, IMM_NONE),		/* SHLD Ev, Gv, CL */
	[0xa8 ... 0xaa] = NOMODRM(IMM_NONE),	/* PUSH, POP GS; RSM */
	[0xab] = BT_RMW,				/* BTS */
	[0xac] = MODRM(SZ_V, RW, 0, IMM_B),		/* SHRD Ev, Gv, Ib */
	[0xad] = MODRM(SZ_V, RW, 0, IMM_NONE),		/* SHRD Ev, Gv, CL */
	[0xaf] = MODRM(SZ_V, R, 0, IMM_NONE),		/* IMUL Gv, Ev */
	[0xb0] = MODRM(SZ_B, RW, F_LOCKABLE, IMM_NONE),	/* CMPXCHG */
	[0xb1] = MODRM(SZ_V, RW, F_LOCKABLE, IMM_NONE),
	[0xb2] = MODRM(SZ_P, R, F_MEM_ONLY, IMM_NONE),	/* LSS Gv, Mp */
	[0xb3] = BT_RMW,				/* BTR */
	[0xb4 ... 0xb5] = MODRM(SZ_P, R, F_MEM_ONLY, IMM_NONE), /* LFS, LGS */
	[0xb6] = MODRM(SZ_B, R, 0, IMM_NONE),		/* MOVZX Gv, Eb */
	[0xb7] = MODRM(SZ_W, R, 0, IMM_NONE),		/* MOVZX Gv, Ew */
	/* F3 0F B8 POPCNT; without F3 it is JMPE (Itanium only). */
	[0xb8] = MODRM(SZ_V, R, F_F3_OK | F_F3_ONLY, IMM_NONE),
	[0xba] = GROUP(GRP_8, SZ_V, IMM_B, 0),
	[0xbb] = BT_RMW,				/* BTC */
	/*
	 * BSF, BSR; F3 makes them TZCNT, LZCNT where supported, and both
	 * pairs read the same source the same way.
	 */
	[0xbc ... 0xbd] = MODRM(SZ_V, R, F_F3_OK, IMM_NONE),
	[0xbe] = MODRM(SZ_B, R, 0, IMM_NONE),		/* MOVSX Gv, Eb */
	[0xbf] = MODRM(SZ_W, R, 0, IMM_NONE),		/* MOVSX Gv, Ew */
	[0xc0] = MODRM(SZ_B, RW, F_LOCKABLE, IMM_NONE),	/* XADD */
	[0xc1] = MODRM(SZ_V, RW, F_LOCKABLE, IMM_NONE),
	[0xc7] = GROUP(GRP_9, SZ_NONE, IMM_NONE, 0),
	[0xc8 ... 0xcf] = NOMODRM(IMM_NONE),		/* BSWAP */
};

/* SDM Vol. 2D, Table A-6, indexed by ModRM.reg; see struct opcode_desc. */
static const struct opcode_desc groups[NR_GROUPS][8] = {
	[GRP_1] = {
		[0] = IN_GROUP(RW, F_LOCKABLE),			/* ADD */
		[1] = { .flags = F_VALID | F_LOCKABLE, .access = RW,
			.insn_class = KMEMCHECK_INSN_BITOP },	/* OR */
		[2 ... 3] = IN_GROUP(RW, F_LOCKABLE),		/* ADC, SBB */
		[4] = { .flags = F_VALID | F_LOCKABLE, .access = RW,
			.insn_class = KMEMCHECK_INSN_BITOP },	/* AND */
		[5] = IN_GROUP(RW, F_LOCKABLE),			/* SUB */
		[6] = { .flags = F_VALID | F_LOCKABLE, .access = RW,
			.insn_class = KMEMCHECK_INSN_BITOP },	/* XOR */
		[7] = IN_GROUP(R, 0),				/* CMP */
	},
	/* POP Ev; 8F with reg != 0 is AMD's XOP prefix. */
	[GRP_1A] = { [0] = IN_GROUP(W, F_POP) },
	/* ROL ROR RCL RCR SHL SHR - SAR; /6 is not in Table A-6. */
	[GRP_2] = { [0 ... 5] = IN_GROUP(RW, 0), [7] = IN_GROUP(RW, 0) },
	[GRP_3] = {
		[0 ... 1] = { .flags = F_VALID, .access = R,
			      .imm = IMM_E },			/* TEST */
		[2 ... 3] = IN_GROUP(RW, F_LOCKABLE),		/* NOT, NEG */
		[4 ... 7] = IN_GROUP(R, 0),		/* MUL ... IDIV */
	},
	[GRP_4] = { [0 ... 1] = IN_GROUP(RW, F_LOCKABLE) },	/* INC, DEC */
	[GRP_5] = {
		[0 ... 1] = IN_GROUP(RW, F_LOCKABLE),		/* INC, DEC */
		[2] = IN_GROUP(R, 0),				/* CALL Ev */
		[3] = { .flags = F_VALID | F_MEM_ONLY, .access = R,
			.size = SZ_P },				/* CALLF Mp */
		[4] = IN_GROUP(R, 0),				/* JMP Ev */
		[5] = { .flags = F_VALID | F_MEM_ONLY, .access = R,
			.size = SZ_P },				/* JMPF Mp */
		[6] = IN_GROUP(R, 0),				/* PUSH Ev */
	},
	[GRP_6] = {
		[0 ... 1] = IN_GROUP(W, 0),			/* SLDT, STR */
		[2 ... 5] = IN_GROUP(R, 0),	/* LLDT, LTR, VERR, VERW */
	},
	/* With mod = 11b, /0-/3, /5 and /7 are VMX, MONITOR and kin. */
	[GRP_7] = {
		[0 ... 1] = { .flags = F_VALID | F_MEM_ONLY, .access = W,
			      .size = SZ_S },			/* SGDT, SIDT */
		[2 ... 3] = { .flags = F_VALID | F_MEM_ONLY, .access = R,
			      .size = SZ_S },			/* LGDT, LIDT */
		[4] = { .flags = F_VALID, .access = W,
			.size = SZ_W },				/* SMSW */
		[6] = { .flags = F_VALID, .access = R,
			.size = SZ_W },				/* LMSW */
		[7] = IN_GROUP(0, F_MEM_ONLY),		/* INVLPG: no access */
	},
	[GRP_8] = {
		[4] = IN_GROUP(R, 0),				/* BT */
		/* BTS, BTR, BTC */
		[5 ... 7] = { .flags = F_VALID | F_LOCKABLE, .access = RW,
			      .insn_class = KMEMCHECK_INSN_BITOP },
	},
	[GRP_9] = {
		[1] = { .flags = F_VALID | F_MEM_ONLY | F_LOCKABLE,
			.access = RW, .size = SZ_Q },		/* CMPXCHG8B */
	},
	[GRP_11] = { [0] = IN_GROUP(W, 0) },	/* MOV; C6/C7 F8 is RTM */
	/* Prefetches are hints that touch no architectural state. */
	[GRP_16] = { [0 ... 3] = IN_GROUP(0, F_MEM_ONLY) },
	/* 0F 0D: AMD's PREFETCH /0; PREFETCHW /1, PREFETCHWT1 /2 (SDM). */
	[GRP_P] = { [0 ... 2] = IN_GROUP(0, F_MEM_ONLY) },
	[GRP_NOP] = { [0] = IN_GROUP(0, 0) },
	[GRP_SREG_ST] = { [0 ... 5] = IN_GROUP(W, 0) },
	[GRP_SREG_LD] = { [0] = IN_GROUP(R, 0), [2] = IN_GROUP(R, F_LOADS_SS),
			  [3 ... 5] = IN_GROUP(R, 0) },
	[GRP_CR] = { [0] = IN_GROUP(0, 0), [2 ... 4] = IN_GROUP(0, 0) },
};

/* The operands of the string instructions (SDM MOVS, CMPS, ... OUTS). */
static const struct string_form {
	uint8_t nr;
	int8_t reg[2];
	uint8_t access[2];
} string_forms[] = {
	[KMEMCHECK_INSN_MOVS] = { 2, { KMEMCHECK_REG_ESI, KMEMCHECK_REG_EDI },
				  { R, W } },
	[KMEMCHECK_INSN_CMPS] = { 2, { KMEMCHECK_REG_ESI, KMEMCHECK_REG_EDI },
				  { R, R } },
	[KMEMCHECK_INSN_STOS] = { 1, { KMEMCHECK_REG_EDI }, { W } },
	[KMEMCHECK_INSN_LODS] = { 1, { KMEMCHECK_REG_ESI }, { R } },
	[KMEMCHECK_INSN_SCAS] = { 1, { KMEMCHECK_REG_EDI }, { R } },
	[KMEMCHECK_INSN_INS] = { 1, { KMEMCHECK_REG_EDI }, { W } },
	[KMEMCHECK_INSN_OUTS] = { 1, { KMEMCHECK_REG_ESI }, { R } },
};

/* 16-bit ModRM r/m: [BX+SI] ... [BX] (SDM Vol. 2A, Table 2-1). */
static const int8_t rm16_base[8] = {
	KMEMCHECK_REG_EBX, KMEMCHECK_REG_EBX, KMEMCHECK_REG_EBP,
	KMEMCHECK_REG_EBP, KMEMCHECK_REG_ESI, KMEMCHECK_REG_EDI,
	KMEMCHECK_REG_EBP, KMEMCHECK_REG_EBX,
};
static const int8_t rm16_index[8] = {
	KMEMCHECK_REG_ESI, KMEMCHECK_REG_EDI, KMEMCHECK_REG_ESI,
	KMEMCHECK_REG_EDI, KMEMCHECK_REG_NONE, KMEMCHECK_REG_NONE,
	KMEMCHECK_REG_NONE, KMEMCHECK_REG_NONE,
};

struct prefixes {
	bool opsize16;		/* 66 */
	bool addr16;		/* 67 */
	bool lock;		/* F0 */
	bool repne;		/* F2 */
	bool rep;		/* F3 */
};

/* The bytes of one instruction: never more than avail, nor than 15. */
struct cursor {
	const uint8_t *code;
	unsigned int pos;
	unsigned int end;
};

/* Steps over n bytes; false if they run past the end. */
static bool skip(struct cursor *c, unsigned int n)
{
	if (c->end - c->pos < n)
		return false;
	c->pos += n;
	return true;
}

/* Takes n (at most 4) little-endian bytes; false if they run past the end. */
static bool fetch(struct cursor *c, unsigned int n, uint32_t *value)
{
	unsigned int i;

	if (c->end - c->pos < n)
		return false;
	*value = 0;
	for (i = 0; i < n; i++)
		*value |= (uint32_t)c->code[c->pos + i] << (8 * i);
	c->pos += n;
	return true;
}

/* Notes a legacy prefix (SDM Vol. 2A, 2.1.1); false if b is not one. */
static bool take_prefix(struct prefixes *p, uint32_t b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
		return true;	/* segment override: every base is 0 */
	case 0x66:
		p->opsize16 = true;
		return true;
	case 0x67:
		p->addr16 = true;
		return true;
	case 0xf0:
		p->lock = true;
		return true;
	case 0xf2:
		p->repne = true;
		return true;
	case 0xf3:
		p->rep = true;
		return true;
	}
	return false;
}

static int32_t sign_extend(uint32_t value, unsigned int bytes)
{
	if (bytes == 1)
		return (int8_t)value;
	if (bytes == 2)
		return (int16_t)value;
	return (int32_t)value;
}

/*
 * The memory form of ModRM: SIB and displacement (SDM Vol. 2A, Tables
 * 2-1 to 2-3). False if the bytes run out.
 */
static bool decode_ea(struct cursor *c, uint32_t modrm, bool addr16,
		      struct kmemcheck_operand *op)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7, disp_len;
	uint32_t sib, disp;

	op->kind = KMEMCHECK_ADDR_MODRM;
	op->scale = 1;
	if (addr16) {
		op->base = rm16_base[rm];
		op->index = rm16_index[rm];
		disp_len = mod;
		if (mod == 0 && rm == 6) {
			op->base = KMEMCHECK_REG_NONE;
			disp_len = 2;
		}
	} else {
		op->base = rm;
		op->index = KMEMCHECK_REG_NONE;
		disp_len = mod == 2 ? 4 : mod;
		if (rm == 4) {
			if (!fetch(c, 1, &sib))
				return false;
			op->base = sib & 7;
			if (((sib >> 3) & 7) != KMEMCHECK_REG_ESP) {
				op->index = (sib >> 3) & 7;
				op->scale = 1 << (sib >> 6);
			}
			if (mod == 0 && op->base == KMEMCHECK_REG_EBP) {
				op->base = KMEMCHECK_REG_NONE;
				disp_len = 4;
			}
		} else if (mod == 0 && rm == 5) {
			op->base = KMEMCHECK_REG_NONE;
			disp_len = 4;
		}
	}
	if (!fetch(c, disp_len, &disp))
		return false;
	op->disp = sign_extend(disp, disp_len);
	return true;
}

static uint8_t operand_size(enum size_kind size, unsigned int opsize)
{
	switch (size) {
	case SZ_B:
		return 1;
	case SZ_W:
		return 2;
	case SZ_V:
		return opsize;
	case SZ_P:
		return 2 + opsize;
	case SZ_A:
		return 2 * opsize;
	case SZ_S:
		return 6;
	case SZ_Q:
		return 8;
	case SZ_NONE:
		break;
	}
	return 0;
}

/* The bytes an immediate, moffs or far pointer takes. */
static unsigned int immediate_size(const struct opcode_desc *d,
				   const struct prefixes *p)
{
	unsigned int opsize = p->opsize16 ? 2 : 4;

	switch (d->imm) {
	case IMM_B:
		return 1;
	case IMM_W:
		return 2;
	case IMM_Z:
		return opsize;
	case IMM_WB:
		return 3;
	case IMM_P:
		return 2 + opsize;
	case IMM_O:
		return p->addr16 ? 2 : 4;
	case IMM_E:
		return d->size == SZ_B ? 1 : opsize;
	}
	return 0;
}

/* MOVS ... OUTS: the classes after BITOP (enum kmemcheck_insn_class). */
static bool is_string(unsigned int insn_class)
{
	return insn_class >= KMEMCHECK_INSN_MOVS;
}

/*
 * Whether the prefixes are defined on this instruction. LOCK is #UD but
 * on a read-modify-write memory destination (SDM LOCK). F2 and F3 belong
 * to string instructions; elsewhere they are XACQUIRE and XRELEASE with
 * LOCK, with XCHG m and (F3) MOV m (SDM XACQUIRE/XRELEASE), part of a few
 * encodings (PAUSE, POPCNT, TZCNT, LZCNT), and otherwise reserved (SDM
 * Vol. 2A, 2.1.1).
 */
static bool prefixes_defined(const struct prefixes *p,
			     const struct opcode_desc *d, bool memory)
{
	if (p->lock && !(memory && (d->flags & F_LOCKABLE)))
		return false;
	if ((d->flags & F_F3_ONLY) && !p->rep)
		return false;
	if (!(p->repne || p->rep) || is_string(d->insn_class))
		return true;
	if (p->repne && p->rep)
		return false;
	if (p->lock || (memory && (d->flags & F_HLE_XCHG)))
		return true;
	if (p->repne)
		return false;
	return (memory && (d->flags & F_HLE_MOV)) || (d->flags & F_F3_OK);
}

static void init_operand(struct kmemcheck_operand *op, uint8_t access,
			 uint8_t size, int8_t base)
{
	*op = (struct kmemcheck_operand) {
		.access = access,
		.size = size,
		.kind = KMEMCHECK_ADDR_MODRM,
		.base = base,
		.index = KMEMCHECK_REG_NONE,
		.scale = 1,
		.bit_offset_reg = KMEMCHECK_REG_NONE,
	};
}

int kmemcheck_opcode_decode(const uint8_t *code, unsigned int avail,
			    struct kmemcheck_insn *insn)
{
	struct cursor c = {
		.code = code,
		.end = avail < KMEMCHECK_INSN_MAX_LEN ?
		       avail : KMEMCHECK_INSN_MAX_LEN,
	};
	struct prefixes p = { 0 };
	struct kmemcheck_operand mem;
	struct opcode_desc d;
	uint32_t b, modrm = 0, moffs = 0;
	unsigned int opsize, reg = 0, i;
	bool memory = false;

	do {
		if (!fetch(&c, 1, &b))
			return -1;
	} while (take_prefix(&p, b));
	if (b == 0x0f) {
		if (!fetch(&c, 1, &b))
			return -1;
		d = two_byte[b];
	} else {
		d = one_byte[b];
	}
	if (!(d.flags & F_VALID))
		return -1;

	init_operand(&mem, 0, 0, KMEMCHECK_REG_NONE);
	if (d.flags & F_MODRM) {
		if (!fetch(&c, 1, &modrm))
			return -1;
		reg = (modrm >> 3) & 7;
		if (d.group != GRP_NONE) {
			const struct opcode_desc *g = &groups[d.group][reg];

			if (!(g->flags & F_VALID))
				return -1;
			d.flags |= g->flags;
			d.access = g->access;
			d.insn_class = g->insn_class;
			if (g->size != SZ_NONE)
				d.size = g->size;
			if (g->imm != IMM_NONE)
				d.imm = g->imm;
		}
		memory = (modrm >> 6) != 3 && !(d.flags & F_REG_ONLY);
		if (!memory && (d.flags & F_MEM_ONLY))
			return -1;
		if (memory && !decode_ea(&c, modrm, p.addr16, &mem))
			return -1;
	}
	if (!prefixes_defined(&p, &d, memory))
		return -1;
	if (d.imm == IMM_O) {
		if (!fetch(&c, immediate_size(&d, &p), &moffs))
			return -1;
	} else if (!skip(&c, immediate_size(&d, &p))) {
		return -1;
	}

	opsize = p.opsize16 ? 2 : 4;
	*insn = (struct kmemcheck_insn) {
		.len = c.pos,
		.opsize = opsize,
		.addr16 = p.addr16,
		.loads_ss = (d.flags & F_LOADS_SS) != 0,
	};
	mem.access = d.access;
	mem.size = operand_size(d.size, opsize);
	if (is_string(d.insn_class)) {
		const struct string_form *s = &string_forms[d.insn_class];

		insn->insn_class = d.insn_class;
		insn->rep = p.repne || p.rep;
		insn->nr_operands = s->nr;
		for (i = 0; i < s->nr; i++)
			init_operand(&insn->op[i], s->access[i], mem.size,
				     s->reg[i]);
	} else if (d.flags & F_XLAT) {
		/* DS:[EBX + AL] (SDM XLAT); index names EAX, AL is used. */
		init_operand(&insn->op[0], R, 1, KMEMCHECK_REG_EBX);
		insn->op[0].kind = KMEMCHECK_ADDR_XLAT;
		insn->op[0].index = KMEMCHECK_REG_EAX;
		insn->nr_operands = 1;
	} else if (d.imm == IMM_O) {
		mem.disp = (int32_t)moffs;
		insn->op[0] = mem;
		insn->nr_operands = 1;
	} else if (memory && d.access) {
		if (d.flags & F_BT_REG)
			mem.bit_offset_reg = reg;
		if ((d.flags & F_POP) && mem.base == KMEMCHECK_REG_ESP)
			mem.esp_adjust = opsize;
		insn->op[0] = mem;
		insn->nr_operands = 1;
		insn->insn_class = d.insn_class;
	}
	return 0;
}

static uint32_t reg_value(const struct kmemcheck_operand *op, int reg,
			  const struct kmemcheck_regs *regs)
{
	if (reg == KMEMCHECK_REG_ESP)
		return regs->gpr[reg] + op->esp_adjust;
	return regs->gpr[reg];
}

/* Rounds towards minus infinity, as SAR does (SDM Vol. 2A, BT). */
static int32_t floor_div(int32_t value, int32_t divisor)
{
	if (value >= 0)
		return value / divisor;
	return -1 - (-(value + 1) / divisor);
}

/*
 * The byte offset a register bit offset adds to a BT* memory operand:
 * the signed offset selects a doubleword, or a word with a 16-bit
 * operand, anywhere around the effective address (SDM Vol. 2A, BT).
 */
static uint32_t bit_offset_bytes(const struct kmemcheck_insn *insn,
				 uint32_t value)
{
	if (insn->opsize == 2)
		return (uint32_t)floor_div((int16_t)value, 16) * 2;
	return (uint32_t)floor_div((int32_t)value, 32) * 4;
}

uint32_t kmemcheck_opcode_address(const struct kmemcheck_insn *insn,
				  unsigned int n,
				  const struct kmemcheck_regs *regs)
{
	const struct kmemcheck_operand *op;
	uint32_t addr;

	if (n >= insn->nr_operands)
		return 0;
	op = &insn->op[n];
	if (op->kind == KMEMCHECK_ADDR_XLAT) {
		addr = regs->gpr[KMEMCHECK_REG_EBX] +
		       (regs->gpr[KMEMCHECK_REG_EAX] & 0xff);
	} else {
		addr = (uint32_t)op->disp;
		if (op->base != KMEMCHECK_REG_NONE)
			addr += reg_value(op, op->base, regs);
		if (op->index != KMEMCHECK_REG_NONE)
			addr += reg_value(op, op->index, regs) * op->scale;
		if (op->bit_offset_reg != KMEMCHECK_REG_NONE)
			addr += bit_offset_bytes(insn,
						 regs->gpr[op->bit_offset_reg]);
	}
	if (insn->addr16)
		addr &= 0xffff;
	return addr;
}
