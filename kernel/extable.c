/* kernel/extable.c - expected faults: resume at a fixup instead of panicking. */
#include "kernel/extable.h"
#include "kernel/smp.h"
#include "kernel/x86.h"

extern const struct extable_entry _extable_start[], _extable_end[];

/* Each CPU probes on its own: the fault a probe took is kept per CPU. */
struct probe {
	struct extable_fault fault;
	volatile bool taken;
};

static struct probe probes[SMP_MAX_CPUS];

static struct probe *this_cpu_probe(void)
{
	return &probes[smp_this_cpu()];
}

bool extable_fixup(struct trap_frame *tf)
{
	struct probe *probe = this_cpu_probe();
	const struct extable_entry *e;

	for (e = _extable_start; e < _extable_end; e++) {
		if (e->insn != tf->eip)
			continue;
		probe->fault.vector = tf->vector;
		probe->fault.error_code = tf->error_code;
		probe->fault.cr2 = rcr2();
		probe->taken = true;
		tf->eip = e->fixup;
		return true;
	}
	return false;
}

static int probe_result(struct extable_fault *fault)
{
	struct probe *probe = this_cpu_probe();

	if (!probe->taken)
		return -1;
	if (fault)
		*fault = probe->fault;
	return (int)probe->fault.vector;
}

/* The label 1 is the instruction that may fault, 2 where to go on: the
   pair goes into the .extable section. */
int probe_read8(const volatile void *addr, struct extable_fault *fault)
{
	uint8_t v;

	this_cpu_probe()->taken = false;
	asm volatile("1: movb (%1), %0\n"
		     "2:\n"
		     ".pushsection .extable, \"a\"\n"
		     ".long 1b, 2b\n"
		     ".popsection\n"
		     : "=q"(v) : "r"(addr) : "memory");
	(void)v;
	return probe_result(fault);
}

int probe_write8(volatile void *addr, uint8_t v, struct extable_fault *fault)
{
	this_cpu_probe()->taken = false;
	asm volatile("1: movb %0, (%1)\n"
		     "2:\n"
		     ".pushsection .extable, \"a\"\n"
		     ".long 1b, 2b\n"
		     ".popsection\n"
		     : : "q"(v), "r"(addr) : "memory");
	return probe_result(fault);
}

/* One access of the width asked for, each its own instruction with its
   own fixup: the shell's read and write go through these, so a student
   may name any address and an unmapped one gives an error, not a panic. */
#define PROBE_LOAD(insn, v, addr)					\
	asm volatile("1: " insn " (%1), %0\n"				\
		     "2:\n"						\
		     ".pushsection .extable, \"a\"\n"			\
		     ".long 1b, 2b\n"					\
		     ".popsection\n"					\
		     : "+r"(v) : "r"(addr) : "memory")

#define PROBE_STORE(insn, v, addr)					\
	asm volatile("1: " insn ", (%1)\n"				\
		     "2:\n"						\
		     ".pushsection .extable, \"a\"\n"			\
		     ".long 1b, 2b\n"					\
		     ".popsection\n"					\
		     : : "q"(v), "r"(addr) : "memory")

int probe_read(const volatile void *addr, unsigned int size, uint32_t *value,
	       struct extable_fault *fault)
{
	uint32_t v = 0;

	this_cpu_probe()->taken = false;
	if (size == 1)
		PROBE_LOAD("movzbl", v, addr);
	else if (size == 2)
		PROBE_LOAD("movzwl", v, addr);
	else
		PROBE_LOAD("movl", v, addr);
	*value = v;
	return probe_result(fault);
}

int probe_write(volatile void *addr, unsigned int size, uint32_t v,
		struct extable_fault *fault)
{
	this_cpu_probe()->taken = false;
	if (size == 1)
		PROBE_STORE("movb %b0", v, addr);
	else if (size == 2)
		PROBE_STORE("movw %w0", v, addr);
	else
		PROBE_STORE("movl %0", v, addr);
	return probe_result(fault);
}

/* REP MOVSB faults at the byte it stopped at, with ESI, EDI and ECX
   telling how far it got (SDM Vol. 2B, REP); the fixup just goes on. */
int probe_copy(void *dst, const void *src, uint32_t n,
	       struct extable_fault *fault)
{
	this_cpu_probe()->taken = false;
	asm volatile("1: rep movsb\n"
		     "2:\n"
		     ".pushsection .extable, \"a\"\n"
		     ".long 1b, 2b\n"
		     ".popsection\n"
		     : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
	return probe_result(fault);
}
