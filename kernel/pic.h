/* kernel/pic.h - the two cascaded 8259A interrupt controllers. */
#ifndef KERNEL_PIC_H
#define KERNEL_PIC_H

#include <stdbool.h>

void pic_init(void);
void pic_unmask(unsigned int irq);
void pic_eoi(unsigned int irq);
bool pic_is_spurious(unsigned int irq);

#endif
