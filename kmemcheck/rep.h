/* kmemcheck/rep.h - a REP string instruction checked as one range. */
#ifndef KMEMCHECK_REP_H
#define KMEMCHECK_REP_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/mmu.h"
#include "kernel/trap.h"
#include "kmemcheck/opcode.h"

/*
 * The most bytes one operand's range may cover. Everything the range path
 * does runs with interrupts off, in the fault handler: scanning and
 * updating the shadow of 64 KiB is tens of thousands of instructions, the
 * cost of a few dozen single steps, and holds the timer tick back by far
 * less than its 10 ms. It also bounds the pages shown at once, so their
 * list is a fixed array. Above it the per-element path takes over, which
 * lets interrupts in between elements.
 */
#define KMEMCHECK_REP_MAX_BYTES		(64u * 1024)
/* Two operands, each over at most one page more than its size in pages
   when it does not start on a page boundary. */
#define KMEMCHECK_REP_MAX_PAGES		\
	(2 * (KMEMCHECK_REP_MAX_BYTES / PAGE_SIZE + 1))

/* kmemcheck.rep=0|1 (default 1); off, every element is single-stepped. */
extern bool kmemcheck_rep_enabled;
/* REP string instructions checked as one range so far. */
extern uint32_t kmemcheck_nr_rep_ranges;

/*
 * At the fault of the REP string instruction insn (decoded from code, its
 * operands' current addresses at addr[]): when the whole rest of the
 * instruction can be checked at once, checks it, shows every page it
 * touches, arms the breakpoint on the next instruction and returns true;
 * the caller then clears IF, sets no TF, and waits for that #DB. Returns
 * false, having changed nothing, when the per-element path must do it.
 */
bool kmemcheck_rep_range(struct trap_frame *tf,
			 const struct kmemcheck_insn *insn,
			 const uint32_t addr[2], const uint8_t *code,
			 unsigned int code_len);
/* At the breakpoint's #DB: hides the pages again, disarms the breakpoint. */
void kmemcheck_rep_end(void);

#endif
