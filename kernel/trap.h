/* kernel/trap.h - the trap frame every exception and interrupt stub builds. */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>

/* In push order, lowest address first (boot/vectors.asm). */
struct trap_frame {
	/* registers as pushed by pushad */
	uint32_t edi;
	uint32_t esi;
	uint32_t ebp;
	uint32_t esp_pushad;	/* ESP inside the stub: not the interrupted ESP */
	uint32_t ebx;
	uint32_t edx;
	uint32_t ecx;
	uint32_t eax;

	/* pushed by the stub */
	uint32_t vector;
	uint32_t error_code;	/* 0 for vectors without one */

	/* below here defined by x86 hardware */
	uint32_t eip;
	uint32_t cs;
	uint32_t eflags;
	/* No ESP/SS: the kernel runs in ring 0 only, and the CPU pushes them
	   only on a privilege change (SDM Vol. 3A, 6.12.1). */
};

/* The ESP of the interrupted code: right above what the CPU pushed. */
static inline uint32_t trap_frame_esp(const struct trap_frame *tf)
{
	return (uint32_t)(uintptr_t)(&tf->eflags + 1);
}

/* The frame's slot of general register r, numbered as ModRM encodes
   registers (EAX 0 ... EDI 7, SDM Vol. 2A, 2.1.5): pushad stored EAX
   first and EDI last, so r is word 7 - r above EDI. ESP has no slot
   (see trap_frame_esp): NULL. */
static inline uint32_t *trap_frame_gpr(struct trap_frame *tf, unsigned int r)
{
	_Static_assert(__builtin_offsetof(struct trap_frame, eax) == 7 * 4 &&
		       __builtin_offsetof(struct trap_frame, edi) == 0,
		       "pushad order");
	return r == 4 ? (uint32_t *)0 : &tf->edi + 7 - r;
}

typedef void (*irq_handler_fn)(struct trap_frame *tf);

void trap_dispatch(struct trap_frame *tf);
void irq_register(unsigned int irq, irq_handler_fn fn);
const char *trap_vector_name(uint32_t vector);

#endif
