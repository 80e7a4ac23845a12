/* kernel/pic.c - the two cascaded 8259A interrupt controllers. */
#include "kernel/pic.h"
#include "kernel/mmu.h"
#include "kernel/ports.h"
#include "kernel/x86.h"

static uint8_t mask1 = PIC_MASK_ALL, mask2 = PIC_MASK_ALL;

/* The BIOS leaves IRQ 0-7 on vectors 8-15, on top of CPU exceptions: move
   both PICs to VEC_IRQ_BASE.. (8259A data sheet, ICW1-ICW4). */
void pic_init(void)
{
	outb(PIC1_CMD, PIC_ICW1_INIT);
	outb(PIC2_CMD, PIC_ICW1_INIT);
	outb(PIC1_DATA, VEC_IRQ_BASE);
	outb(PIC2_DATA, VEC_IRQ_BASE + 8);
	outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ);	/* slave on IRQ 2 */
	outb(PIC2_DATA, PIC_CASCADE_IRQ);	/* slave's identity */
	outb(PIC1_DATA, PIC_ICW4_8086);
	outb(PIC2_DATA, PIC_ICW4_8086);

	mask1 = (uint8_t)~(1 << PIC_CASCADE_IRQ);
	mask2 = PIC_MASK_ALL;
	outb(PIC1_DATA, mask1);
	outb(PIC2_DATA, mask2);
}

void pic_unmask(unsigned int irq)
{
	if (irq < 8) {
		mask1 &= (uint8_t)~(1 << irq);
		outb(PIC1_DATA, mask1);
	} else {
		mask2 &= (uint8_t)~(1 << (irq - 8));
		outb(PIC2_DATA, mask2);
	}
}

void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

/* IRQ 7 and 15 also arrive when a request went away before the CPU
   acknowledged it; the in-service register tells the real ones apart. */
bool pic_is_spurious(unsigned int irq)
{
	if (irq == 7) {
		outb(PIC1_CMD, PIC_OCW3_READ_ISR);
		return !(inb(PIC1_CMD) & PIC_SPURIOUS_BIT);
	}
	if (irq == 15) {
		outb(PIC2_CMD, PIC_OCW3_READ_ISR);
		if (!(inb(PIC2_CMD) & PIC_SPURIOUS_BIT)) {
			/* The master did see the cascade line. */
			outb(PIC1_CMD, PIC_EOI);
			return true;
		}
	}
	return false;
}
