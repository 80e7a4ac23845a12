/* kernel/panic.c - the end of the line: say everything, stop with failure. */
#include <stdarg.h>

#include "kernel/gdt.h"
#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/shutdown.h"
#include "kernel/smp.h"
#include "kernel/stacktrace.h"
#include "kernel/symbols.h"
#include "kernel/x86.h"
#include "kmemcheck/kmemcheck.h"

static const struct {
	uint32_t bit;
	const char *name;
} eflags_names[] = {
	{ EFLAGS_CF, "CF" }, { EFLAGS_PF, "PF" }, { EFLAGS_AF, "AF" },
	{ EFLAGS_ZF, "ZF" }, { EFLAGS_SF, "SF" }, { EFLAGS_TF, "TF" },
	{ EFLAGS_IF, "IF" }, { EFLAGS_DF, "DF" }, { EFLAGS_OF, "OF" },
	{ EFLAGS_NT, "NT" }, { EFLAGS_RF, "RF" },
};

/* The CPU that panics first, plus one; 0 while none does. */
static uint32_t panicking;

void print_eflags(uint32_t eflags)
{
	unsigned int i;

	printk("EFLAGS: %08x [", eflags);
	for (i = 0; i < sizeof(eflags_names) / sizeof(eflags_names[0]); i++)
		if (eflags & eflags_names[i].bit)
			printk(" %s", eflags_names[i].name);
	printk(" ]\n");
}

void print_registers(const struct trap_frame *tf, uint32_t esp)
{
	printk("EIP: %08x ", tf->eip);
	print_symbol(tf->eip);
	printk("\n");
	printk("EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n",
	       tf->eax, tf->ebx, tf->ecx, tf->edx);
	printk("ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n",
	       tf->esi, tf->edi, tf->ebp, esp);
	print_eflags(tf->eflags);
}

/* A panic inside a panic (a fault while printing one) must not loop; a
   second CPU panicking at the same time stops quietly, so that the first
   one's message is not cut short. */
static void enter_panic(void)
{
	uint32_t none = 0, self = smp_this_cpu() + 1;

	cli();
	if (__atomic_compare_exchange_n(&panicking, &none, self, false,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	if (none == self)
		shutdown(false);
	for (;;)
		hlt();
}

/* "KERNEL PANIC", naming the CPU when there is more than one. */
static void print_headline(void)
{
	printk("\nKERNEL PANIC");
	if (smp_cpus() > 1)
		printk(" on CPU %u", smp_this_cpu());
	printk(": ");
}

void panic(const char *fmt, ...)
{
	va_list ap;

	enter_panic();
	print_headline();
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	stacktrace_print((uint32_t)__builtin_return_address(0),
			 *(uint32_t *)__builtin_frame_address(0));
	shutdown(false);
}

void print_page_fault_error(uint32_t err)
{
	printk(" (%s, %s, %s%s)",
	       err & PF_ERR_P ? "protection violation" : "not present",
	       err & PF_ERR_W ? "write" : "read",
	       err & PF_ERR_U ? "user" : "kernel",
	       err & PF_ERR_RSVD ? ", reserved bit" : "");
}

void panic_trap(const struct trap_frame *tf)
{
	struct trap_frame shown = *tf;

	enter_panic();
	/* A fault in the middle of a kmemcheck single step: show the flags
	   the stepped code had, not the TF and IF kmemcheck set. */
	shown.eflags = kmemcheck_interrupted_eflags(tf->eflags);
	print_headline();
	printk("unhandled exception %u (%s), error code 0x%x",
	       tf->vector, trap_vector_name(tf->vector), tf->error_code);
	if (tf->vector == VEC_PF)
		print_page_fault_error(tf->error_code);
	printk("\nCR2: %08x\n", rcr2());
	if (shown.eflags != tf->eflags)
		printk("(while kmemcheck single-stepped this instruction)\n");
	print_registers(&shown, trap_frame_esp(tf));
	stacktrace_print(tf->eip, tf->ebp);
	shutdown(false);
}

void panic_double_fault(void)
{
	const struct tss *t = &kernel_tss[smp_this_cpu()];
	struct trap_frame tf = {
		.edi = t->edi, .esi = t->esi, .ebp = t->ebp, .ebx = t->ebx,
		.edx = t->edx, .ecx = t->ecx, .eax = t->eax,
		.vector = VEC_DF, .eip = t->eip, .cs = t->cs,
		.eflags = kmemcheck_interrupted_eflags(t->eflags),
	};

	enter_panic();
	/* A push to a stack on a page kmemcheck hides faults, and so does
	   pushing that fault's own frame onto the same stack. */
	print_headline();
	if (kmemcheck_tracks(t->esp - 4) || kmemcheck_tracks(t->esp))
		printk("double fault (%s): the stack pointer "
		       "%08x is on a heap page kmemcheck tracks (hidden: a "
		       "push faults, and so does delivering that fault); "
		       "allocate stacks with kmalloc_notrack()\n",
		       trap_vector_name(VEC_DF), t->esp);
	else
		printk("double fault (%s): an exception "
		       "while delivering another, often a kernel stack "
		       "overflow\n", trap_vector_name(VEC_DF));
	printk("CR2: %08x (the address of the fault that could not be "
	       "delivered)\n", rcr2());
	print_registers(&tf, t->esp);
	stacktrace_print(tf.eip, tf.ebp);
	shutdown(false);
}
