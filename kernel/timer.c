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

#define PIT_DIVISOR	(PIT_INPUT_HZ / TIMER_HZ)

void timer_init(void)
{
	uint32_t divisor = PIT_DIVISOR;

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

/* The count of channel 0, latched so that both bytes are of one moment
   (8254 data sheet, counter latch command). */
static uint32_t pit_count(void)
{
	uint32_t lo, hi;

	outb(PIT_CMD, PIT_CMD_CH0_LATCH);
	lo = inb(PIT_CH0_DATA);
	hi = inb(PIT_CH0_DATA);
	return lo | hi << 8;
}

/* Mode 2 counts down from PIT_DIVISOR to 1 and reloads: sum what went by
   between reads, across reloads too. The latch and reads must not be
   interleaved with another CPU's: the BSP's alone. */
void timer_udelay(uint32_t us)
{
	uint32_t need = us * (PIT_INPUT_HZ / 1000) / 1000 + 1;
	uint32_t done = 0, last = pit_count();

	while (done < need) {
		uint32_t now = pit_count();

		done += now <= last ? last - now : last + PIT_DIVISOR - now;
		last = now;
	}
}
