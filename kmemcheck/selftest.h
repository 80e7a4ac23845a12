/* kmemcheck/selftest.h - instructions the decoder must get right. */
#ifndef KMEMCHECK_SELFTEST_H
#define KMEMCHECK_SELFTEST_H

#include <stdbool.h>
#include <stdint.h>

#include "kmemcheck/opcode.h"

/* One instruction and what kmemcheck_opcode_decode() must say of it. */
struct kmemcheck_selftest_case {
	const char *name;		/* the instruction, Intel syntax */
	uint8_t code[KMEMCHECK_INSN_MAX_LEN + 2];
	uint8_t code_len;		/* the bytes given to the decoder */
	int8_t len;			/* -1: the decoder must refuse it */
	uint8_t nr_operands;
	uint8_t insn_class;		/* enum kmemcheck_insn_class */
	bool rep;
	struct {
		uint8_t access;		/* KMEMCHECK_ACCESS_* */
		uint8_t size;
	} op[2];
	bool check_address;		/* compare address[] too */
	uint32_t address[2];		/* with kmemcheck_selftest_regs */
};

extern const struct kmemcheck_selftest_case kmemcheck_selftest_cases[];
extern const unsigned int kmemcheck_selftest_nr_cases;

/* The registers the expected addresses are computed from. */
extern const struct kmemcheck_regs kmemcheck_selftest_regs;

/* Decodes case index: NULL if all is as expected, else what is not. */
const char *kmemcheck_selftest_check(unsigned int index);

/*
 * Checks every case, calls report (if not NULL) with what went wrong and
 * the index of each case that fails, and returns the number of failures.
 */
int kmemcheck_selftest_run(void (*report)(const char *what,
					  unsigned int index));

#endif
