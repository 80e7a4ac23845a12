/* kernel/x86.h - one inline wrapper per privileged instruction we use. */
#ifndef KERNEL_X86_H
#define KERNEL_X86_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

/* Keeps the compiler from moving memory accesses across it. */
static inline void barrier(void)
{
	asm volatile("" : : : "memory");
}

/* In a spin loop: saves power and the pipeline flush on leaving it, and
   lets a hypervisor run another vCPU (SDM Vol. 2B, PAUSE). */
static inline void pause(void)
{
	asm volatile("pause" : : : "memory");
}

/* Exchange with memory: always locked, a full barrier. */
static inline uint32_t xchg(volatile uint32_t *p, uint32_t v)
{
	asm volatile("xchgl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}

static inline void cli(void)
{
	asm volatile("cli" : : : "memory");
}

static inline void sti(void)
{
	asm volatile("sti" : : : "memory");
}

static inline void hlt(void)
{
	asm volatile("hlt" : : : "memory");
}

/* sti takes effect after the next instruction, so no interrupt can slip in
   between the two and leave us halted with the wake-up already handled. */
static inline void sti_hlt(void)
{
	asm volatile("sti; hlt" : : : "memory");
}

/* A macro, not an inline function: in a function without a stack frame it
   is the first instruction, and gdb would put `break f` in this header. */
#define read_eflags() ({						\
	uint32_t __eflags;						\
									\
	asm volatile("pushfl; popl %0" : "=r"(__eflags));		\
	__eflags;							\
})

static inline uint32_t rcr0(void)
{
	uint32_t v;

	asm volatile("movl %%cr0, %0" : "=r"(v));
	return v;
}

static inline void lcr0(uint32_t v)
{
	asm volatile("movl %0, %%cr0" : : "r"(v) : "memory");
}

static inline uint32_t rcr2(void)
{
	uint32_t v;

	asm volatile("movl %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint32_t rcr3(void)
{
	uint32_t v;

	asm volatile("movl %%cr3, %0" : "=r"(v));
	return v;
}

static inline void lcr3(uint32_t v)
{
	asm volatile("movl %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint32_t rdr6(void)
{
	uint32_t v;

	asm volatile("movl %%dr6, %0" : "=r"(v));
	return v;
}

static inline void ldr6(uint32_t v)
{
	asm volatile("movl %0, %%dr6" : : "r"(v));
}

static inline void ldr0(uint32_t v)
{
	asm volatile("movl %0, %%dr0" : : "r"(v));
}

static inline uint32_t rdr7(void)
{
	uint32_t v;

	asm volatile("movl %%dr7, %0" : "=r"(v));
	return v;
}

static inline void ldr7(uint32_t v)
{
	asm volatile("movl %0, %%dr7" : : "r"(v));
}

static inline void invlpg(uint32_t la)
{
	asm volatile("invlpg (%0)" : : "r"(la) : "memory");
}

static inline uint32_t read_ebp(void)
{
	uint32_t v;

	asm volatile("movl %%ebp, %0" : "=r"(v));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

struct descriptor_pointer {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

static inline void lgdt(const struct descriptor_pointer *p)
{
	asm volatile("lgdt (%0)" : : "r"(p) : "memory");
}

static inline void lidt(const struct descriptor_pointer *p)
{
	asm volatile("lidt (%0)" : : "r"(p) : "memory");
}

static inline void ltr(uint16_t sel)
{
	asm volatile("ltr %0" : : "r"(sel));
}

#endif
