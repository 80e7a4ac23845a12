/* kmemcheck/emulate.h - plain moves carried out by the fault handler. */
#ifndef KMEMCHECK_EMULATE_H
#define KMEMCHECK_EMULATE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/trap.h"
#include "kmemcheck/opcode.h"

/* kmemcheck.emulate=1 (or kmemcheck_set_emulate): the #PF handler tries
   kmemcheck_emulate before it falls back to the single step. */
extern bool kmemcheck_emulate_enabled;
/* Accesses carried out by kmemcheck_emulate since boot. */
extern uint32_t kmemcheck_nr_emulated;

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
