/* kernel/cpus.h - the CPUs the firmware lists: ACPI MADT, or the MP table. */
#ifndef KERNEL_CPUS_H
#define KERNEL_CPUS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/smp.h"
#include "mm/frame.h"

struct cpus_found {
	physaddr_t lapic_base;		/* where the local APICs are */
	unsigned int n;			/* enabled CPUs, at most SMP_MAX_CPUS */
	unsigned int listed;		/* enabled CPUs in the table */
	uint8_t apic_id[SMP_MAX_CPUS];	/* in the firmware's order */
};

/* Each fills *out and answers true when its table is there and sound. */
bool cpus_find_acpi(struct cpus_found *out);
bool cpus_find_mp(struct cpus_found *out);

#endif
