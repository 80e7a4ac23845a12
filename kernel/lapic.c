/* kernel/lapic.c - each CPU's local APIC: enable, identify, EOI, IPIs. */
#include "kernel/apic.h"
#include "kernel/lapic.h"
#include "kernel/mmu.h"
#include "kernel/x86.h"
#include "mm/paging.h"

static volatile uint8_t *regs;

static uint32_t lapic_read(uint32_t reg)
{
	return *(volatile uint32_t *)(regs + reg);
}

static void lapic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(regs + reg) = v;
}

void lapic_map(physaddr_t base)
{
	/* Memory-mapped registers must not be cached (SDM Vol. 3A, 10.4.1:
	   "strong uncacheable"): PCD and PWT select UC with the default
	   PAT. */
	regs = paging_map_phys(base, PAGE_SIZE, PTE_P | PTE_W | PTE_PCD |
						PTE_PWT);
}

bool lapic_present(void)
{
	return regs != NULL;
}

void lapic_enable(void)
{
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | VEC_APIC_SPURIOUS);
	/* The error status register is read after a write to it (SDM Vol.
	   3A, 10.5.3): clear what start-up may have left. */
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_ESR, 0);
}

uint8_t lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> LAPIC_ID_SHIFT;
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/* The write of the low word sends (SDM Vol. 3A, 10.6.1): the destination
   goes first. An interrupt handler on this CPU sending an IPI of its own
   between the two writes would change the destination: interrupts off. */
void lapic_send(uint8_t apic_id, uint32_t icr)
{
	uint32_t flags = read_eflags();

	cli();
	while (lapic_read(LAPIC_ICR_LOW) & ICR_SEND_PENDING)
		pause();
	lapic_write(LAPIC_ICR_HIGH, (uint32_t)apic_id << ICR_DEST_SHIFT);
	lapic_write(LAPIC_ICR_LOW, icr);
	while (lapic_read(LAPIC_ICR_LOW) & ICR_SEND_PENDING)
		pause();
	if (flags & EFLAGS_IF)
		sti();
}
