/* kernel/trap.c - dispatch of every exception and interrupt. */
#include <stddef.h>

#include "kernel/extable.h"
#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/pic.h"
#include "kernel/smp.h"
#include "kernel/trap.h"
#include "kmemcheck/kmemcheck.h"

static irq_handler_fn irq_handlers[NR_IRQS];

static const char *const vector_names[NR_EXCEPTIONS] = {
	[VEC_DE] = "#DE divide error",
	[VEC_DB] = "#DB debug",
	[VEC_NMI] = "NMI",
	[VEC_BP] = "#BP breakpoint",
	[VEC_OF] = "#OF overflow",
	[VEC_BR] = "#BR bound range exceeded",
	[VEC_UD] = "#UD invalid opcode",
	[VEC_NM] = "#NM device not available",
	[VEC_DF] = "#DF double fault",
	[VEC_CSO] = "coprocessor segment overrun",
	[VEC_TS] = "#TS invalid TSS",
	[VEC_NP] = "#NP segment not present",
	[VEC_SS] = "#SS stack-segment fault",
	[VEC_GP] = "#GP general protection",
	[VEC_PF] = "#PF page fault",
	[VEC_MF] = "#MF x87 floating-point error",
	[VEC_AC] = "#AC alignment check",
	[VEC_MC] = "#MC machine check",
	[VEC_XM] = "#XM SIMD floating-point",
	[VEC_VE] = "#VE virtualization",
	[VEC_CP] = "#CP control protection",
};

const char *trap_vector_name(uint32_t vector)
{
	if (vector < NR_EXCEPTIONS && vector_names[vector])
		return vector_names[vector];
	if (vector >= VEC_IRQ_BASE && vector < VEC_IRQ_BASE + NR_IRQS)
		return "hardware interrupt";
	if (vector == VEC_IPI)
		return "inter-processor interrupt";
	if (vector == VEC_APIC_SPURIOUS)
		return "APIC spurious interrupt";
	return "reserved";
}

void irq_register(unsigned int irq, irq_handler_fn fn)
{
	irq_handlers[irq] = fn;
}

static void irq_dispatch(struct trap_frame *tf)
{
	unsigned int irq = tf->vector - VEC_IRQ_BASE;

	if (pic_is_spurious(irq))
		return;
	if (irq_handlers[irq])
		irq_handlers[irq](tf);
	pic_eoi(irq);
}

/* Everything kmemcheck did not take. Kept out of line so that the
   common path, a tracked access, pays for none of it. */
static __attribute__((noinline)) void dispatch_rest(struct trap_frame *tf)
{
	if (tf->vector >= VEC_IRQ_BASE &&
	    tf->vector < VEC_IRQ_BASE + NR_IRQS) {
		irq_dispatch(tf);
		return;
	}
	if (tf->vector == VEC_IPI || tf->vector == VEC_APIC_SPURIOUS) {
		smp_interrupt(tf->vector);
		return;
	}
	if (extable_fixup(tf))
		return;
	panic_trap(tf);
}

/* Called from trap_common (boot/vectors.asm) with interrupts off. */
void trap_dispatch(struct trap_frame *tf)
{
	/* kmemcheck sees its page faults and single-step traps first; it
	   answers false for anything that is not its own. */
	if (tf->vector == VEC_PF && kmemcheck_fault(tf))
		return;
	if (tf->vector == VEC_DB && kmemcheck_trap(tf))
		return;
	dispatch_rest(tf);
}
