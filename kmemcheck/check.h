/* kmemcheck/check.h - what one instruction's accesses mean for the shadow. */
#ifndef KMEMCHECK_CHECK_H
#define KMEMCHECK_CHECK_H

#include <stdint.h>

#include "kernel/trap.h"
#include "kmemcheck/opcode.h"

/* Checks and updates the shadow for the decoded instruction whose
   operands start at addr[]; saves a report for each forbidden access.
   Returns the number of reports saved. */
unsigned int kmemcheck_check_insn(const struct kmemcheck_insn *insn,
				  const uint32_t addr[2],
				  const struct trap_frame *tf,
				  const uint8_t *code, unsigned int code_len);

#endif
