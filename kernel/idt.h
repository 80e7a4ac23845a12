/* kernel/idt.h - the interrupt descriptor table. */
#ifndef KERNEL_IDT_H
#define KERNEL_IDT_H

#include <stdint.h>

void idt_init(void);
/* Loads the table built by idt_init() on this CPU. */
void idt_load(void);
/* The entry point of a vector's interrupt gate, and a new one in its
   place: for a measurement that takes #PF and #DB over for a moment
   (kmemcheck/bench_floor.c) and gives them back. Interrupts off. */
uint32_t idt_handler(unsigned int vector);
void idt_set_handler(unsigned int vector, uint32_t handler);

#endif
