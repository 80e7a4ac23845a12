/* kernel/idt.c - the interrupt descriptor table. */
#include <stdint.h>

#include "kernel/idt.h"
#include "kernel/mmu.h"
#include "kernel/x86.h"

/* Gate descriptor (SDM Vol. 3A, 6.11, Figure 6-2). */
struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t zero;
	uint8_t type_attr;
	uint16_t offset_high;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 8, "gate is 8 bytes");

/* Entry stubs, one per vector 0..63 (boot/vectors.asm). */
extern const uint32_t trap_vectors[NR_TRAP_STUBS];

static struct idt_gate idt[NR_VECTORS];

static struct idt_gate idt_gate(uint32_t offset, uint16_t selector,
				uint8_t type_attr)
{
	return (struct idt_gate){
		.offset_low = offset & 0xffff,
		.selector = selector,
		.type_attr = type_attr,
		.offset_high = offset >> 16,
	};
}

/* One IDT for all CPUs: each loads it (SDM Vol. 3A, 8.4.4.1: an AP starts
   with none). */
void idt_load(void)
{
	struct descriptor_pointer p = {
		.limit = sizeof(idt) - 1,
		.base = (uint32_t)idt,
	};

	lidt(&p);
}

void idt_init(void)
{
	unsigned int v;

	/* Interrupt gates clear IF on entry, so handlers start with
	   interrupts off (SDM Vol. 3A, 6.12.1.3). */
	for (v = 0; v < NR_TRAP_STUBS; v++)
		idt[v] = idt_gate(trap_vectors[v], SEL_KERNEL_CODE,
				  GATE_INTR32);

	/* A task gate for #DF switches to a known-good stack (kernel/gdt.c);
	   the offset of a task gate is unused. */
	idt[VEC_DF] = idt_gate(0, SEL_DF_TSS, GATE_TASK);

	idt_load();
}

uint32_t idt_handler(unsigned int vector)
{
	return idt[vector].offset_low |
	       (uint32_t)idt[vector].offset_high << 16;
}

/* IDTR holds only the table's base and limit (SDM Vol. 3A, 6.10): the
   gate is read from memory at each delivery, so the new one counts from
   the next exception on. */
void idt_set_handler(unsigned int vector, uint32_t handler)
{
	idt[vector] = idt_gate(handler, SEL_KERNEL_CODE, GATE_INTR32);
}
