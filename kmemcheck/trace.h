/* kmemcheck/trace.h - trace mode: every tracked access narrated, #PF to #DB. */
#ifndef KMEMCHECK_TRACE_H
#define KMEMCHECK_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/trap.h"
#include "kmemcheck/opcode.h"
#include "mm/paging.h"

/*
 * The fault path records each step into a fixed ring (kmemcheck/trace.c):
 * it allocates nothing and prints nothing. kmemcheck_trace_flush prints
 * the steps later, from where kmemcheck_flush runs (the shell prompt, the
 * end of a test). Each hook below costs a test of one flag while trace
 * mode is off.
 */

#define KMEMCHECK_TRACE_STEPS		32	/* steps the ring holds */
#define KMEMCHECK_TRACE_PAGES		4	/* pages one step shows */
#define KMEMCHECK_TRACE_BYTES		8	/* shadow kept per operand */

/* How the access was carried out once checked. */
enum kmemcheck_trace_path {
	KMEMCHECK_TRACE_STEPPED,	/* page shown, one instruction run
					   with TF, hidden again at #DB */
	KMEMCHECK_TRACE_EMULATED,	/* done by the fault handler itself:
					   no single step, no #DB */
};

struct kmemcheck_trace_page {
	uint32_t va;
	pte_t found;		/* as the fault found it: hidden */
	pte_t shown;		/* while the instruction ran */
	pte_t hidden;		/* after the hide at #DB */
};

struct kmemcheck_trace_operand {
	uint32_t addr;
	uint8_t size;
	uint8_t access;		/* KMEMCHECK_ACCESS_* bits */
	uint8_t before[KMEMCHECK_TRACE_BYTES];	/* shadow states; */
	uint8_t after[KMEMCHECK_TRACE_BYTES];	/* 0xff: not tracked */
};

struct kmemcheck_trace_step {
	uint32_t fault;			/* kmemcheck's fault number */
	uint32_t eip;
	uint32_t cr2;
	uint32_t error_code;
	uint32_t eflags_before;		/* of the faulting code */
	uint32_t eflags_stepping;	/* as the fault returned */
	uint32_t eflags_after;		/* as the step ended */
	uint32_t dr6;			/* at #DB; 0 when none came */
	uint32_t eip_after;		/* where the step returned to */
	uint32_t reports;		/* reports this step saved */
	uint8_t path;			/* enum kmemcheck_trace_path */
	uint8_t decoded;		/* false: code[] could not be decoded */
	uint8_t insn_class;		/* enum kmemcheck_insn_class */
	uint8_t nr_operands;
	uint8_t nr_pages;
	uint8_t code_len;
	uint8_t code[KMEMCHECK_INSN_MAX_LEN];
	struct kmemcheck_trace_operand op[2];
	struct kmemcheck_trace_page page[KMEMCHECK_TRACE_PAGES];
};

extern bool kmemcheck_trace_on;

void kmemcheck_trace_set(bool on);
bool kmemcheck_trace_enabled(void);
/* Steps recorded and not printed yet. */
unsigned int kmemcheck_trace_pending(void);
/* Prints the recorded steps, oldest first, then how many were dropped. */
void kmemcheck_trace_flush(void);

/* The recorders behind the hooks. */
void kmemcheck_trace_record_fault(const struct trap_frame *tf, uint32_t cr2,
				  const pte_t *pte);
void kmemcheck_trace_record_show(const pte_t *pte, uint32_t va);
void kmemcheck_trace_record_insn(const uint8_t *code, unsigned int len,
				 const struct kmemcheck_insn *insn,
				 const uint32_t *addr);
void kmemcheck_trace_record_stepping(const struct trap_frame *tf);
void kmemcheck_trace_record_end(enum kmemcheck_trace_path path,
				uint32_t dr6, const struct trap_frame *tf);

/* The hooks, in the order the fault path meets them. */

/* A #PF on a hidden page, before anything is changed: pte is CR2's. */
static inline void kmemcheck_trace_fault(const struct trap_frame *tf,
					 uint32_t cr2, const pte_t *pte)
{
	if (kmemcheck_trace_on)
		kmemcheck_trace_record_fault(tf, cr2, pte);
}

/* A page about to be shown: its PTE as found (once per page). */
static inline void kmemcheck_trace_show(const pte_t *pte, uint32_t va)
{
	if (kmemcheck_trace_on)
		kmemcheck_trace_record_show(pte, va);
}

/* The instruction's bytes and, when decoded (insn not NULL), its operands
   at addr[] with their shadow before the check. */
static inline void kmemcheck_trace_insn(const uint8_t *code, unsigned int len,
					const struct kmemcheck_insn *insn,
					const uint32_t *addr)
{
	if (kmemcheck_trace_on)
		kmemcheck_trace_record_insn(code, len, insn, addr);
}

/* The fault is about to return: the PTEs as shown, the flags set up. */
static inline void kmemcheck_trace_stepping(const struct trap_frame *tf)
{
	if (kmemcheck_trace_on)
		kmemcheck_trace_record_stepping(tf);
}

/* The step is over, tf as it will return (at #DB with its DR6, or 0 for
   a path without one): the PTEs hidden again, the shadow after, the
   reports it saved. */
static inline void kmemcheck_trace_end(enum kmemcheck_trace_path path,
				       uint32_t dr6,
				       const struct trap_frame *tf)
{
	if (kmemcheck_trace_on)
		kmemcheck_trace_record_end(path, dr6, tf);
}

#endif
