/* kmemcheck/error.h - the report queue: saved in the fault path, printed later. */
#ifndef KMEMCHECK_ERROR_H
#define KMEMCHECK_ERROR_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/trap.h"
#include "kmemcheck/object.h"
#include "kmemcheck/opcode.h"
#include "kmemcheck/shadow.h"

#define KMEMCHECK_ERROR_QUEUE		16
#define KMEMCHECK_SNAPSHOT		32	/* bytes around the address */
#define KMEMCHECK_TRACE_DEPTH		8
#define KMEMCHECK_ERROR_OPERANDS	2	/* an insn's memory operands */

enum kmemcheck_error_kind {
	KMEMCHECK_ERROR_ACCESS,		/* a read or write the shadow forbids */
	KMEMCHECK_ERROR_UNSUPPORTED,	/* the decoder does not know the insn */
	KMEMCHECK_ERROR_NESTED,		/* a fault while single-stepping */
	KMEMCHECK_ERROR_MISMATCH,	/* CR2 outside the decoded operands */
	KMEMCHECK_ERROR_EXEC,		/* an instruction in the heap */
	/* Found by the heap, not by a fault: a pointer it was given. */
	KMEMCHECK_ERROR_DOUBLE_FREE,	/* kfree of a quarantined object */
	KMEMCHECK_ERROR_INVALID_FREE,	/* kfree of what kmalloc never gave */
	KMEMCHECK_ERROR_FREED_POINTER,	/* krealloc or ksize of a freed one */
	KMEMCHECK_ERROR_INVALID_POINTER, /* ... of what kmalloc never gave */
};

struct kmemcheck_error {
	uint8_t kind;			/* enum kmemcheck_error_kind */
	uint8_t access;			/* KMEMCHECK_ACCESS_READ or _WRITE */
	uint8_t state;			/* enum kmemcheck_shadow */
	uint8_t size;			/* bytes of the access */
	uint8_t cpu;			/* the CPU that made it (smp.h) */
	uint32_t address;		/* first byte of the access */
	uint32_t cr2;
	uint32_t repeat;		/* later errors repeating it */
	uint32_t fault;			/* which fault found it */
	const char *op;			/* the heap's errors: the function
					   given the pointer; no registers */
	struct trap_frame regs;
	uint32_t esp;
	uint32_t trace[KMEMCHECK_TRACE_DEPTH];
	uint8_t nr_trace;
	uint8_t code_len;
	uint8_t code[KMEMCHECK_INSN_MAX_LEN];
	bool snapshot_valid;
	uint32_t snapshot_base;
	uint8_t shadow[KMEMCHECK_SNAPSHOT];
	uint8_t memory[KMEMCHECK_SNAPSHOT];
	/* What the report says beyond the access (kmemcheck/report.c),
	   copied when it is saved: the object may be reused before the
	   report is printed. Stacks are depot handles. */
	bool has_object;
	struct kmemcheck_object object;
	uint32_t origin;		/* of the first uninitialized byte */
};

/* From the fault path: copies everything it needs, prints nothing. operand
   is the instruction's memory operand (0 or 1) the error is about. Returns
   true when the report was new (not a repeat of an earlier error). */
bool kmemcheck_error_save(enum kmemcheck_error_kind kind, uint8_t access,
			  enum kmemcheck_shadow state, uint8_t size,
			  uint32_t address, const struct trap_frame *tf,
			  const uint8_t *code, unsigned int code_len,
			  unsigned int operand);
/* The errors saved from now on belong to element n of the REP string
   instruction this fault checks as one range (kmemcheck/rep.c): errors
   of different elements fold as those of different faults do. The range
   sets it back to 0 when it is done. */
void kmemcheck_error_set_element(uint32_t n);
/* The next error is never a repeat of an earlier one (the test runner
   starts each test with no bug behind it). */
void kmemcheck_error_forget_last(void);
/* From the heap, where there is no trap frame: op (a string that lives
   for ever: "kfree", "krealloc", "ksize") was given address by the code
   that returns to eip, whose frame pointer is ebp. */
void kmemcheck_error_save_call(enum kmemcheck_error_kind kind,
			       uint32_t address, const char *op, uint32_t eip,
			       uint32_t ebp);
/* The oldest queued report, out of the queue; false when there is none. */
bool kmemcheck_error_take(struct kmemcheck_error *out);
void kmemcheck_error_print(const struct kmemcheck_error *e);
/* Prints the reports queued when it began, one line for each printed
   report that repeated since, and the count of dropped reports. */
void kmemcheck_error_flush(void);
unsigned int kmemcheck_error_pending(void);
uint32_t kmemcheck_error_dropped(void);
/* Every error found, folded repeats included. A variable read inline:
   the fault path compares it before and after each step. */
extern uint32_t kmemcheck_errors;
static inline uint32_t kmemcheck_error_total(void)
{
	return kmemcheck_errors;
}
uint32_t kmemcheck_error_queued_total(void);
/* Repeats of printed reports that flushes have announced so far. */
uint32_t kmemcheck_error_repeats_announced(void);

#endif
