/* kmemcheck/emulate.h - plain moves carried out by the fault handler. */
#ifndef KMEMCHECK_EMULATE_H
#define KMEMCHECK_EMULATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/mmu.h"
#include "kernel/trap.h"
#include "kmemcheck/opcode.h"

/* kmemcheck.emulate=1 (or kmemcheck_set_emulate): the #PF handler tries
   kmemcheck_emulate before it falls back to the single step. */
extern bool kmemcheck_emulate_enabled;
/* Accesses carried out by kmemcheck_emulate since boot. */
extern uint32_t kmemcheck_nr_emulated;

enum kmemcheck_move_kind {
	KMEMCHECK_MOVE_STORE,		/* 88, 89: MOV r/m, r */
	KMEMCHECK_MOVE_LOAD,		/* 8A, 8B: MOV r, r/m */
	KMEMCHECK_MOVE_IMM,		/* C6 /0, C7 /0: MOV r/m, imm */
	KMEMCHECK_MOVE_ZERO_EXTEND,	/* 0F B6, 0F B7: MOVZX r, r/m */
	KMEMCHECK_MOVE_SIGN_EXTEND,	/* 0F BE, 0F BF: MOVSX r, r/m */
};

/* A plain move as the emulation carries it out. */
struct kmemcheck_move {
	uint8_t kind;		/* enum kmemcheck_move_kind */
	uint8_t mem_size;	/* bytes of the memory operand */
	uint8_t reg_size;	/* bytes of the register operand */
	uint8_t reg;		/* ModRM.reg: the register operand */
	uint32_t imm;
};

/* True, with *m filled, when the instruction decoded as insn from code
   is a move the emulation can carry out. Kernel text answers the same
   every time: the decode cache keeps the answer (insn_cache.h). */
bool kmemcheck_move_decode(const struct kmemcheck_insn *insn,
			   const uint8_t *code, struct kmemcheck_move *m);
/* Carries out m on the operand whose first first_part bytes are at
   alias[0] and the rest at alias[1], and moves tf->eip past the len
   bytes of the instruction. The memory operand is checked already. */
void kmemcheck_move_do(struct trap_frame *tf, const struct kmemcheck_move *m,
		       uint8_t *alias[2], unsigned int first_part,
		       unsigned int len);

/*
 * The common case, inline for the fault path's shortcut: a 32-bit MOV
 * between memory within one page, at p, and a register other than ESP.
 * Exactly what kmemcheck_move_do does for it; every other move goes
 * there.
 */
static inline void kmemcheck_move_do_page(struct trap_frame *tf,
					  const struct kmemcheck_move *m,
					  uint8_t *p, unsigned int len)
{
	uint8_t *alias[2] = { p, NULL };
	uint32_t *r;

	if (m->mem_size != 4 || m->reg_size != 4 ||
	    m->reg == KMEMCHECK_REG_ESP ||
	    (m->kind != KMEMCHECK_MOVE_LOAD &&
	     m->kind != KMEMCHECK_MOVE_STORE)) {
		kmemcheck_move_do(tf, m, alias, m->mem_size, len);
		return;
	}
	r = trap_frame_gpr(tf, m->reg);
	if (m->kind == KMEMCHECK_MOVE_LOAD)
		*r = *(volatile uint32_t *)(void *)p;
	else
		*(volatile uint32_t *)(void *)p = *r;
	tf->eflags &= ~EFLAGS_RF;	/* as kmemcheck_move_do says why */
	tf->eip += len;
	kmemcheck_nr_emulated++;
}

/*
 * Carries out the already checked instruction at tf->eip, whose decoded
 * form is insn, bytes code and memory operand addresses addr, without
 * showing its page: the memory operand is read or written through the
 * frame's identity-mapped alias, the register in the frame, and tf->eip
 * is moved past it. Only plain moves are done (MOV r/m<->r, MOV r/m,imm,
 * MOVZX, MOVSX, with at most a 66 prefix). Returns false, having changed
 * nothing, for every other instruction or case: the caller single-steps
 * it as it would without emulation.
 */
bool kmemcheck_emulate(struct trap_frame *tf,
		       const struct kmemcheck_insn *insn, const uint8_t *code,
		       const uint32_t addr[2]);

#endif
