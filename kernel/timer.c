/* kernel/timer.c - the PIT channel 0 tick. */
#include "kernel/timer.h"
#include "kernel/pic.h"
#include "kernel/ports.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define TIMER_IRQ	0

static volatile uint32_t ticks;

static void timer_irq(struct trap_frame *tf)
{
	(void)tf;
	ticks++;
}

void timer_init(void)
{
	uint32_t divisor = PIT_INPUT_HZ / TIMER_HZ;

	/* Mode 2 (rate generator): one IRQ 0 every divisor input clocks. */
	outb(PIT_CMD, PIT_CMD_CH0_RATE);
	outb(PIT_CH0_DATA, divisor & 0xff);
	outb(PIT_CH0_DATA, divisor >> 8);
	irq_register(TIMER_IRQ, timer_irq);
	pic_unmask(TIMER_IRQ);
}

uint32_t timer_ticks(void)
{
	return ticks;
}
