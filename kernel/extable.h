/* kernel/extable.h - expected faults: resume at a fixup instead of panicking. */
#ifndef KERNEL_EXTABLE_H
#define KERNEL_EXTABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/trap.h"

/* One (faulting instruction, where to go on instead) pair, collected by the
   linker between _extable_start and _extable_end. */
struct extable_entry {
	uint32_t insn;
	uint32_t fixup;
};

/* What the last fixed-up exception was. */
struct extable_fault {
	uint32_t vector;
	uint32_t error_code;
	uint32_t cr2;
};

/* Called for exceptions nobody else handled: true when tf->eip has a fixup,
   which then replaces it. */
bool extable_fixup(struct trap_frame *tf);

/*
 * Probes: do one access that may fault. Return -1 when it did not, else the
 * vector it raised (the details in *fault when not NULL).
 */
int probe_read8(const volatile void *addr, struct extable_fault *fault);
int probe_write8(volatile void *addr, uint8_t v, struct extable_fault *fault);
/* One load or store of size 1, 2 or 4 bytes (a load zero-extends into
   *value), and a REP MOVSB of n bytes: the same return values. */
int probe_read(const volatile void *addr, unsigned int size, uint32_t *value,
	       struct extable_fault *fault);
int probe_write(volatile void *addr, unsigned int size, uint32_t v,
		struct extable_fault *fault);
int probe_copy(void *dst, const void *src, uint32_t n,
	       struct extable_fault *fault);

#endif
