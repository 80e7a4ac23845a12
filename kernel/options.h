/* kernel/options.h - what the kernel command line asked for. */
#ifndef KERNEL_OPTIONS_H
#define KERNEL_OPTIONS_H

#include <stdbool.h>

#include "kernel/cmdline.h"
#include "kmemcheck/kmemcheck.h"

#define OPTIONS_CMDLINE_MAX	256

struct boot_options {
	char cmdline[OPTIONS_CMDLINE_MAX];	/* as the loader gave it */
	enum kmemcheck_mode kmemcheck;		/* kmemcheck=0|1|2, default 1 */
	bool kmemcheck_trace;			/* kmemcheck.trace=1 */
	bool kmemcheck_emulate;			/* kmemcheck.emulate=1 */
	bool kmemcheck_rep;			/* kmemcheck.rep=0|1, default 1 */
	bool ktest;				/* ktest or ktest=PREFIX */
	char ktest_prefix[CMDLINE_VALUE_MAX];	/* "" runs every test */
	bool ktest_seed_given;			/* ktest.seed=N */
	uint32_t ktest_seed;			/* model test seed */
	uint32_t ktest_ops;			/* ktest.ops=N, or 0 */
	bool bench;				/* run the benchmark and stop */
	bool bench_smp;				/* bench=smp: its SMP part */
	unsigned int warnings;
};

extern struct boot_options boot_options;

/* Parses text (the multiboot command line, or NULL) into boot_options,
   naming each unknown or malformed option in a warning. */
void options_parse(const char *text);

#endif
