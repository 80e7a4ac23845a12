/* kernel/lapic.h - each CPU's local APIC: enable, identify, EOI, IPIs. */
#ifndef KERNEL_LAPIC_H
#define KERNEL_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/frame.h"

/* Maps the registers (uncached) at their physical address: once, on the
   BSP; every CPU sees its own APIC at the same address. */
void lapic_map(physaddr_t base);
bool lapic_present(void);
/* Software-enables this CPU's APIC with the spurious vector, accepting
   every priority (SDM Vol. 3A, 10.9, 10.8.3.1). */
void lapic_enable(void);
uint8_t lapic_id(void);
void lapic_eoi(void);
/* Sends the interrupt command icr (ICR_DM_..., vector) to one APIC ID and
   waits until the APIC has taken it. */
void lapic_send(uint8_t apic_id, uint32_t icr);

#endif
