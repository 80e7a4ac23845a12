/* kmemcheck/disasm_tables.c - the disassembler's opcode maps, objdump's names. */
#include "kmemcheck/disasm_tables.h"

/*
 * SDM Vol. 2D, Tables A-2 (one byte), A-3 (0F xx) and A-6 (groups), for
 * the instructions kmemcheck/opcode.c decodes; the decoder decides what
 * is an instruction, these tables only how it is written. Names and
 * suffixes are those of GNU objdump's AT&T syntax, which differ from the
 * SDM's (MOVZX is movzbl, CBW cbtw, RETF lret, Jcc near keeps its name).
 */

#define F(nm, ...)		{ .name = (nm), .op = { __VA_ARGS__ } }
#define FL(nm, fl, ...)		{ .name = (nm), .flags = (fl),		\
				  .op = { __VA_ARGS__ } }
#define F16(nm, nm16, ...)	{ .name = (nm), .name16 = (nm16),	\
				  .op = { __VA_ARGS__ } }
#define GRP(g, fl, ...)		{ .group = (g), .flags = (fl),		\
				  .op = { __VA_ARGS__ } }

/* The ALU rows: Eb,Gb  Ev,Gv  Gb,Eb  Gv,Ev  AL,Ib  eAX,Iz (Table A-2). */
#define ALU(op, nm)							\
	[(op) + 0] = F(nm, OP_EB, OP_GB),				\
	[(op) + 1] = F(nm, OP_EV, OP_GV),				\
	[(op) + 2] = F(nm, OP_GB, OP_EB),				\
	[(op) + 3] = F(nm, OP_GV, OP_EV),				\
	[(op) + 4] = F(nm, OP_AL, OP_IB),				\
	[(op) + 5] = F(nm, OP_EAX, OP_IZ)

/* The sixteen conditions in opcode order (SDM Vol. 2D, B.1.4.7). */
#define CC16(op, pre, fl, ...)						\
	[(op) + 0x0] = FL(pre "o", fl, __VA_ARGS__),			\
	[(op) + 0x1] = FL(pre "no", fl, __VA_ARGS__),			\
	[(op) + 0x2] = FL(pre "b", fl, __VA_ARGS__),			\
	[(op) + 0x3] = FL(pre "ae", fl, __VA_ARGS__),			\
	[(op) + 0x4] = FL(pre "e", fl, __VA_ARGS__),			\
	[(op) + 0x5] = FL(pre "ne", fl, __VA_ARGS__),			\
	[(op) + 0x6] = FL(pre "be", fl, __VA_ARGS__),			\
	[(op) + 0x7] = FL(pre "a", fl, __VA_ARGS__),			\
	[(op) + 0x8] = FL(pre "s", fl, __VA_ARGS__),			\
	[(op) + 0x9] = FL(pre "ns", fl, __VA_ARGS__),			\
	[(op) + 0xa] = FL(pre "p", fl, __VA_ARGS__),			\
	[(op) + 0xb] = FL(pre "np", fl, __VA_ARGS__),			\
	[(op) + 0xc] = FL(pre "l", fl, __VA_ARGS__),			\
	[(op) + 0xd] = FL(pre "ge", fl, __VA_ARGS__),			\
	[(op) + 0xe] = FL(pre "le", fl, __VA_ARGS__),			\
	[(op) + 0xf] = FL(pre "g", fl, __VA_ARGS__)

/* Eight opcodes with the register in their low three bits. */
#define REG8(op, nm, fl, ...)						\
	[(op) ... (op) + 7] = FL(nm, fl, __VA_ARGS__)

/* Stack and control transfers: objdump adds w to them with 66. */
#define W16	DF_SFX_W16

const struct disasm_form disasm_one_byte[256] = {
	ALU(0x00, "add"),
	[0x06] = FL("push", W16, OP_ES),
	[0x07] = FL("pop", W16, OP_ES),
	ALU(0x08, "or"),
	[0x0e] = FL("push", W16, OP_CS),
	ALU(0x10, "adc"),
	[0x16] = FL("push", W16, OP_SS),
	[0x17] = FL("pop", W16, OP_SS),
	ALU(0x18, "sbb"),
	[0x1e] = FL("push", W16, OP_DS),
	[0x1f] = FL("pop", W16, OP_DS),
	ALU(0x20, "and"),
	[0x27] = F("daa"),
	ALU(0x28, "sub"),
	[0x2f] = F("das"),
	ALU(0x30, "xor"),
	[0x37] = F("aaa"),
	ALU(0x38, "cmp"),
	[0x3f] = F("aas"),
	REG8(0x40, "inc", 0, OP_ZV),
	REG8(0x48, "dec", 0, OP_ZV),
	REG8(0x50, "push", 0, OP_ZV),
	REG8(0x58, "pop", 0, OP_ZV),
	[0x60] = FL("pusha", W16),
	[0x61] = FL("popa", W16),
	/* gas writes BOUND's operands in the SDM's order. */
	[0x62] = FL("bound", DF_INTEL_ORDER, OP_GV, OP_M),
	[0x63] = F("arpl", OP_EW, OP_GW),
	[0x68] = FL("push", W16, OP_IZ),
	[0x69] = F("imul", OP_GV, OP_EV, OP_IZ),
	[0x6a] = FL("push", W16, OP_IBS),
	[0x6b] = F("imul", OP_GV, OP_EV, OP_IBS),
	[0x6c] = FL("ins", DF_SFX_MEM | DF_REP, OP_YB, OP_DX),
	[0x6d] = FL("ins", DF_SFX_MEM | DF_REP, OP_YV, OP_DX),
	[0x6e] = FL("outs", DF_SFX_MEM | DF_REP, OP_DX, OP_XB),
	[0x6f] = FL("outs", DF_SFX_MEM | DF_REP, OP_DX, OP_XV),
	CC16(0x70, "j", DF_HINT, OP_JB),
	[0x80] = GRP(DG_1, DF_SFX_MEM, OP_EB, OP_IB),
	[0x81] = GRP(DG_1, DF_SFX_MEM, OP_EV, OP_IZ),
	[0x82] = GRP(DG_1, DF_SFX_MEM, OP_EB, OP_IB),
	[0x83] = GRP(DG_1, DF_SFX_MEM, OP_EV, OP_IBS),
	[0x84] = F("test", OP_EB, OP_GB),
	[0x85] = F("test", OP_EV, OP_GV),
	[0x86] = F("xchg", OP_EB, OP_GB),
	[0x87] = F("xchg", OP_EV, OP_GV),
	[0x88] = F("mov", OP_EB, OP_GB),
	[0x89] = F("mov", OP_EV, OP_GV),
	[0x8a] = F("mov", OP_GB, OP_EB),
	[0x8b] = F("mov", OP_GV, OP_EV),
	[0x8c] = F("mov", OP_RVMW, OP_SW),
	[0x8d] = F("lea", OP_GV, OP_M),
	[0x8e] = F("mov", OP_SW, OP_RVMW),
	[0x8f] = GRP(DG_1A, W16, OP_EV),
	/* 66 90 is XCHG AX, AX to objdump: see kmemcheck_disasm(). */
	[0x90] = { .name = "nop", .name_f3 = "pause" },
	[0x91 ... 0x97] = F("xchg", OP_ZV, OP_EAX),
	[0x98] = F16("cwtl", "cbtw"),
	[0x99] = F16("cltd", "cwtd"),
	[0x9a] = FL("lcall", W16, OP_AP),
	[0x9b] = F("fwait"),
	[0x9c] = FL("pushf", W16),
	[0x9d] = FL("popf", W16),
	[0x9e] = F("sahf"),
	[0x9f] = F("lahf"),
	[0xa0] = F("mov", OP_AL, OP_OB),
	[0xa1] = F("mov", OP_EAX, OP_OV),
	[0xa2] = F("mov", OP_OB, OP_AL),
	[0xa3] = F("mov", OP_OV, OP_EAX),
	[0xa4] = FL("movs", DF_SFX_MEM | DF_REP, OP_YB, OP_XB),
	[0xa5] = FL("movs", DF_SFX_MEM | DF_REP, OP_YV, OP_XV),
	[0xa6] = FL("cmps", DF_SFX_MEM | DF_REPZ, OP_XB, OP_YB),
	[0xa7] = FL("cmps", DF_SFX_MEM | DF_REPZ, OP_XV, OP_YV),
	[0xa8] = F("test", OP_AL, OP_IB),
	[0xa9] = F("test", OP_EAX, OP_IZ),
	[0xaa] = FL("stos", DF_REP, OP_YB, OP_AL),
	[0xab] = FL("stos", DF_REP, OP_YV, OP_EAX),
	[0xac] = FL("lods", DF_REP, OP_AL, OP_XB),
	[0xad] = FL("lods", DF_REP, OP_EAX, OP_XV),
	[0xae] = FL("scas", DF_REPZ, OP_AL, OP_YB),
	[0xaf] = FL("scas", DF_REPZ, OP_EAX, OP_YV),
	REG8(0xb0, "mov", 0, OP_ZB, OP_IB),
	REG8(0xb8, "mov", 0, OP_ZV, OP_IZ),
	[0xc0] = GRP(DG_2, DF_SFX_MEM, OP_EB, OP_IB),
	[0xc1] = GRP(DG_2, DF_SFX_MEM, OP_EV, OP_IB),
	[0xc2] = FL("ret", W16, OP_IW),
	[0xc3] = FL("ret", W16),
	[0xc4] = F("les", OP_GV, OP_M),
	[0xc5] = F("lds", OP_GV, OP_M),
	[0xc6] = GRP(DG_11, DF_SFX_MEM, OP_EB, OP_IB),
	[0xc7] = GRP(DG_11, DF_SFX_MEM, OP_EV, OP_IZ),
	/* gas writes ENTER's operands in the SDM's order. */
	[0xc8] = FL("enter", W16 | DF_INTEL_ORDER,
		    OP_IW, OP_IB),
	[0xc9] = FL("leave", W16),
	[0xca] = FL("lret", W16, OP_IW),
	[0xcb] = FL("lret", W16),
	[0xcc] = F("int3"),
	[0xcd] = F("int", OP_IB),
	[0xce] = F("into"),
	[0xcf] = FL("iret", W16),
	[0xd0] = GRP(DG_2, DF_SFX_MEM, OP_EB),	/* by 1, not written */
	[0xd1] = GRP(DG_2, DF_SFX_MEM, OP_EV),
	[0xd2] = GRP(DG_2, DF_SFX_MEM, OP_EB, OP_CL),
	[0xd3] = GRP(DG_2, DF_SFX_MEM, OP_EV, OP_CL),
	[0xd4] = F("aam", OP_IB),
	[0xd5] = F("aad", OP_IB),
	[0xd7] = F("xlat", OP_XLAT),
	[0xe0] = { .name = "loopne", .name16 = "loopnew",
		   .flags = DF_HINT | DF_ADDR_NAME, .op = { OP_JB } },
	[0xe1] = { .name = "loope", .name16 = "loopew",
		   .flags = DF_HINT | DF_ADDR_NAME, .op = { OP_JB } },
	[0xe2] = { .name = "loop", .name16 = "loopw",
		   .flags = DF_HINT | DF_ADDR_NAME, .op = { OP_JB } },
	[0xe3] = { .name = "jecxz", .name16 = "jcxz",
		   .flags = DF_HINT | DF_ADDR_NAME, .op = { OP_JB } },
	[0xe4] = F("in", OP_AL, OP_IB),
	[0xe5] = F("in", OP_EAX, OP_IB),
	[0xe6] = F("out", OP_IB, OP_AL),
	[0xe7] = F("out", OP_IB, OP_EAX),
	[0xe8] = FL("call", W16, OP_JZ),
	[0xe9] = FL("jmp", W16, OP_JZ),
	[0xea] = FL("ljmp", W16, OP_AP),
	[0xeb] = F("jmp", OP_JB),
	[0xec] = F("in", OP_AL, OP_DX),
	[0xed] = F("in", OP_EAX, OP_DX),
	[0xee] = F("out", OP_DX, OP_AL),
	[0xef] = F("out", OP_DX, OP_EAX),
	[0xf1] = F("int1"),
	[0xf4] = F("hlt"),
	[0xf5] = F("cmc"),
	[0xf6] = GRP(DG_3, DF_SFX_MEM, OP_EB),
	[0xf7] = GRP(DG_3, DF_SFX_MEM, OP_EV),
	[0xf8] = F("clc"),
	[0xf9] = F("stc"),
	[0xfa] = F("cli"),
	[0xfb] = F("sti"),
	[0xfc] = F("cld"),
	[0xfd] = F("std"),
	[0xfe] = GRP(DG_4, DF_SFX_MEM, OP_EB),
	[0xff] = GRP(DG_5, 0, OP_EV),
};

const struct disasm_form disasm_two_byte[256] = {
	[0x00] = GRP(DG_6, 0),
	[0x01] = GRP(DG_7, 0),
	[0x02] = F("lar", OP_GV, OP_RVMW),
	[0x03] = F("lsl", OP_GV, OP_RVMW),
	[0x05] = F("syscall"),
	[0x06] = F("clts"),
	[0x07] = F("sysret"),
	[0x08] = F("invd"),
	[0x09] = F("wbinvd"),
	[0x0b] = F("ud2"),
	[0x0d] = GRP(DG_P, 0, OP_M),
	[0x18] = GRP(DG_16, 0, OP_M),
	[0x1f] = GRP(DG_NOP, DF_SFX_MEM, OP_EV),
	[0x20] = F("mov", OP_RD, OP_CD),
	[0x21] = F("mov", OP_RD, OP_DD),
	[0x22] = F("mov", OP_CD, OP_RD),
	[0x23] = F("mov", OP_DD, OP_RD),
	[0x30] = F("wrmsr"),
	[0x31] = F("rdtsc"),
	[0x32] = F("rdmsr"),
	[0x33] = F("rdpmc"),
	[0x34] = F("sysenter"),
	[0x35] = F("sysexit"),
	CC16(0x40, "cmov", 0, OP_GV, OP_EV),
	/* 66 makes them rel16, and objdump keeps the name. */
	CC16(0x80, "j", DF_HINT | DF_USES_OPSIZE, OP_JZ),
	CC16(0x90, "set", 0, OP_EB),
	[0xa0] = FL("push", W16, OP_FS),
	[0xa1] = FL("pop", W16, OP_FS),
	[0xa2] = F("cpuid"),
	[0xa3] = F("bt", OP_EV, OP_GV),
	[0xa4] = F("shld", OP_EV, OP_GV, OP_IB),
	[0xa5] = F("shld", OP_EV, OP_GV, OP_CL),
	[0xa8] = FL("push", W16, OP_GS),
	[0xa9] = FL("pop", W16, OP_GS),
	[0xaa] = F("rsm"),
	[0xab] = F("bts", OP_EV, OP_GV),
	[0xac] = F("shrd", OP_EV, OP_GV, OP_IB),
	[0xad] = F("shrd", OP_EV, OP_GV, OP_CL),
	[0xaf] = F("imul", OP_GV, OP_EV),
	[0xb0] = F("cmpxchg", OP_EB, OP_GB),
	[0xb1] = F("cmpxchg", OP_EV, OP_GV),
	[0xb2] = F("lss", OP_GV, OP_M),
	[0xb3] = F("btr", OP_EV, OP_GV),
	[0xb4] = F("lfs", OP_GV, OP_M),
	[0xb5] = F("lgs", OP_GV, OP_M),
	/* MOVZX, MOVSX: the suffixes name both sizes, source first. */
	[0xb6] = F16("movzbl", "movzbw", OP_GV, OP_EB),
	[0xb7] = F16("movzwl", "movzww", OP_GV, OP_EW),
	[0xb8] = { .name_f3 = "popcnt", .op = { OP_GV, OP_EV } },
	[0xba] = GRP(DG_8, DF_SFX_MEM, OP_EV, OP_IB),
	[0xbb] = F("btc", OP_EV, OP_GV),
	[0xbc] = { .name = "bsf", .name_f3 = "tzcnt",
		   .op = { OP_GV, OP_EV } },
	[0xbd] = { .name = "bsr", .name_f3 = "lzcnt",
		   .op = { OP_GV, OP_EV } },
	[0xbe] = F16("movsbl", "movsbw", OP_GV, OP_EB),
	[0xbf] = F16("movswl", "movsww", OP_GV, OP_EW),
	[0xc0] = F("xadd", OP_EB, OP_GB),
	[0xc1] = F("xadd", OP_EV, OP_GV),
	[0xc7] = GRP(DG_9, 0, OP_M),
	REG8(0xc8, "bswap", 0, OP_ZV),
};

const struct disasm_form disasm_groups[NR_DISASM_GROUPS][8] = {
	[DG_1] = {
		F("add"), F("or"), F("adc"), F("sbb"),
		F("and"), F("sub"), F("xor"), F("cmp"),
	},
	[DG_1A] = { [0] = F("pop") },
	[DG_2] = {
		F("rol"), F("ror"), F("rcl"), F("rcr"),
		F("shl"), F("shr"), F("sal"), F("sar"),
	},
	[DG_3] = {
		[0 ... 1] = F("test", OP_NONE, OP_IE),
		F("not"), F("neg"), F("mul"), F("imul"), F("div"), F("idiv"),
	},
	[DG_4] = { F("inc"), F("dec") },
	[DG_5] = {
		FL("inc", DF_SFX_MEM), FL("dec", DF_SFX_MEM),
		FL("call", W16 | DF_INDIRECT | DF_NOTRACK),
		FL("lcall", W16 | DF_INDIRECT, OP_M),
		FL("jmp", W16 | DF_INDIRECT | DF_NOTRACK),
		FL("ljmp", W16 | DF_INDIRECT, OP_M),
		FL("push", W16),
	},
	[DG_6] = {
		F("sldt", OP_RVMW), F("str", OP_RVMW), F("lldt", OP_EW),
		F("ltr", OP_EW), F("verr", OP_EW), F("verw", OP_EW),
	},
	[DG_7] = {
		FL("sgdt", DF_SFX_OPSIZE, OP_M),
		FL("sidt", DF_SFX_OPSIZE, OP_M),
		FL("lgdt", DF_SFX_OPSIZE, OP_M),
		FL("lidt", DF_SFX_OPSIZE, OP_M),
		F("smsw", OP_RVMW), [6] = F("lmsw", OP_EW),
		[7] = F("invlpg", OP_M),
	},
	[DG_8] = { [4] = F("bt"), F("bts"), F("btr"), F("btc") },
	[DG_9] = { [1] = F("cmpxchg8b") },
	[DG_11] = { [0] = F("mov") },
	[DG_16] = {
		F("prefetchnta"), F("prefetcht0"), F("prefetcht1"),
		F("prefetcht2"),
	},
	[DG_P] = { F("prefetch"), F("prefetchw"), F("prefetchwt1") },
	[DG_NOP] = { [0] = F("nop") },
};
