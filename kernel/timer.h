/* kernel/timer.h - the PIT channel 0 tick. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#define TIMER_HZ	100

void timer_init(void);
uint32_t timer_ticks(void);
/* Busy-waits us microseconds (at most 3,600,000) on the PIT's count:
   works with interrupts off. BSP only. */
void timer_udelay(uint32_t us);

#endif
