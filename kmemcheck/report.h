/* kmemcheck/report.h - what a report says beyond the access: the bug, the object, the stacks. */
#ifndef KMEMCHECK_REPORT_H
#define KMEMCHECK_REPORT_H

#include <stdint.h>

#include "kmemcheck/error.h"

/* Frames every report, before and after. */
#define KMEMCHECK_REPORT_RULE \
	"=================================================================="

/* Fault path: finds the object and the origin of the report's address and
   copies them into e. Reads only bookkeeping; allocates nothing. */
void kmemcheck_report_describe(struct kmemcheck_error *e);
/* Where the window of shadow and bytes should start: at the object's
   start when the address lies close enough after it to show both. */
uint32_t kmemcheck_report_window(const struct kmemcheck_error *e);

/* "uninit-value", "use-after-free", ... or NULL for kinds that are not
   a bug of the checked code (an unsupported instruction). */
const char *kmemcheck_report_type(const struct kmemcheck_error *e);
/* The lines after the WARNING line: BUG, and where the address lies. */
void kmemcheck_report_print_head(const struct kmemcheck_error *e);
/* Allocated at, Freed at, Uninit was created at, Uninit was stored to
   memory at: each heading and its stack. */
void kmemcheck_report_print_stacks(const struct kmemcheck_error *e);
/* The origin's chain, oldest first: the allocation's stack, then the
   stack of each copy. Returns how many were put into stacks[] (max). */
unsigned int kmemcheck_report_origin_stacks(uint32_t origin,
					    uint32_t *stacks,
					    unsigned int max);

#endif
