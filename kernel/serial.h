/* kernel/serial.h - the COM1 console: polled output, interrupt-driven input. */
#ifndef KERNEL_SERIAL_H
#define KERNEL_SERIAL_H

#include <stdbool.h>
#include <stdint.h>

void serial_init(void);
/* Enables the receive interrupt: after the IDT and PIC are set up. */
void serial_enable_input(void);
void serial_putc(char c);
/* Returns the next received byte, or -1 when none is waiting. */
int serial_trygetc(void);
/* Waits (halted, interrupts on) for the next received byte. */
char serial_getc(void);
/* Bytes lost because the input ring was full. */
uint32_t serial_dropped(void);
/* Loopback: transmitted bytes come back as input (for the self-test). */
void serial_set_loopback(bool on);

#endif
