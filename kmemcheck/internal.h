/* kmemcheck/internal.h - state shared by the checker's own files. */
#ifndef KMEMCHECK_INTERNAL_H
#define KMEMCHECK_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/spinlock.h"

/*
 * kmemcheck's shared state (shadow, origins, object records, stack depot,
 * error queue, trace ring, statistics) is changed only under this lock,
 * by every CPU: in the fault path and in the heap's hooks. Nothing done
 * under it touches a hidden page or waits for another CPU, so the fault
 * path can never find it held by its own CPU.
 */
extern struct spinlock kmemcheck_lock;

/* True while accesses are being checked (pages hidden). */
extern bool kmemcheck_active;
extern uint32_t kmemcheck_nr_faults;
extern uint32_t kmemcheck_nr_traps;
/* For the benchmark's floor: faults only show, step and hide the page,
   with no decoding and no shadow. */
extern bool kmemcheck_bare;

/* True in one-shot mode before its first report: checking stops at the
   end of the step that reports. */
bool kmemcheck_oneshot(void);
/* Called by the trap handler once a step that reported is over: in
   one-shot mode the first report turns checking off from there. */
void kmemcheck_after_step(void);

#endif
