/* kernel/idt.h - the interrupt descriptor table. */
#ifndef KERNEL_IDT_H
#define KERNEL_IDT_H

void idt_init(void);

#endif
