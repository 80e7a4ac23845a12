/* kernel/serial.c - the COM1 console: polled output, interrupt-driven input. */
#include "kernel/serial.h"
#include "kernel/pic.h"
#include "kernel/ports.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define SERIAL_BAUD		115200
#define INPUT_RING_SIZE		256	/* a power of two */

static struct {
	volatile char buf[INPUT_RING_SIZE];
	volatile uint32_t head;		/* written by the IRQ handler */
	volatile uint32_t tail;		/* read by serial_getc() */
	volatile uint32_t dropped;
} input;

static bool present;

void serial_init(void)
{
	uint16_t divisor = UART_CLOCK_HZ / SERIAL_BAUD;

	outb(COM1_BASE + UART_IER, 0);
	outb(COM1_BASE + UART_LCR, UART_LCR_DLAB);
	outb(COM1_BASE + UART_DATA, divisor & 0xff);
	outb(COM1_BASE + UART_IER, divisor >> 8);
	outb(COM1_BASE + UART_LCR, UART_LCR_8N1);
	outb(COM1_BASE + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR |
				   UART_FCR_TRIGGER_1);
	/* OUT2 connects the UART's interrupt line to the PIC on PC boards. */
	outb(COM1_BASE + UART_MCR, UART_MCR_DTR | UART_MCR_RTS |
				   UART_MCR_OUT2);
	/* No UART answers with all ones on the line status register. */
	present = inb(COM1_BASE + UART_LSR) != UART_LSR_ABSENT;
}

static void serial_irq(struct trap_frame *tf)
{
	(void)tf;
	while (inb(COM1_BASE + UART_LSR) & UART_LSR_DR) {
		char c = (char)inb(COM1_BASE + UART_DATA);
		uint32_t next = (input.head + 1) & (INPUT_RING_SIZE - 1);

		if (next == input.tail) {
			input.dropped++;
			continue;
		}
		input.buf[input.head] = c;
		input.head = next;
	}
}

void serial_enable_input(void)
{
	irq_register(COM1_IRQ, serial_irq);
	pic_unmask(COM1_IRQ);
	outb(COM1_BASE + UART_IER, UART_IER_RDA);
}

static void put_raw(char c)
{
	if (!present)
		return;
	while (!(inb(COM1_BASE + UART_LSR) & UART_LSR_THRE))
		;
	outb(COM1_BASE + UART_DATA, (uint8_t)c);
}

void serial_putc(char c)
{
	if (c == '\n')
		put_raw('\r');
	put_raw(c);
}

int serial_trygetc(void)
{
	char c;

	if (input.tail == input.head)
		return -1;
	c = input.buf[input.tail];
	input.tail = (input.tail + 1) & (INPUT_RING_SIZE - 1);
	return (unsigned char)c;
}

char serial_getc(void)
{
	int c;

	while ((c = serial_trygetc()) < 0)
		sti_hlt();
	return (char)c;
}

uint32_t serial_dropped(void)
{
	return input.dropped;
}

void serial_set_loopback(bool on)
{
	uint8_t mcr = UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2;

	/* Let what is still being sent leave first: switched mid-byte, it
	   would come back as input (or be lost). */
	while (present && !(inb(COM1_BASE + UART_LSR) & UART_LSR_TEMT))
		;
	outb(COM1_BASE + UART_MCR, on ? mcr | UART_MCR_LOOP : mcr);
}
