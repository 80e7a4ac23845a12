/* tests/test_serial.c - serial input through the UART's loopback and IRQ 4. */
#include "kernel/serial.h"
#include "kernel/timer.h"
#include "kernel/x86.h"
#include "tests/ktest.h"

#define WAIT_TICKS	5
#define HLT_MAX		1000	/* a dead timer fails, not hangs */

static void drain_input(void)
{
	while (serial_trygetc() >= 0)
		;
}

/* Waits a few ticks (halted, interrupts on) for received bytes to be
   taken in by the interrupt handler. */
static void wait_ticks(uint32_t n)
{
	uint32_t start = timer_ticks();
	int i;

	for (i = 0; i < HLT_MAX && timer_ticks() - start < n; i++)
		sti_hlt();
}

/*
 * In loopback the UART feeds every byte it sends back to its receiver,
 * and the receive interrupt puts it into the input ring. No printk while
 * loopback is on: the console would read its own output.
 */
KTEST(serial_loopback_input)
{
	static const char msg[] = "kmemcheck\t\x01\xff";
	char got[sizeof(msg)];
	uint32_t dropped = serial_dropped();
	unsigned int i, n = 0;
	int c;

	drain_input();
	serial_set_loopback(true);
	for (i = 0; i < sizeof(msg) - 1; i++)
		serial_putc(msg[i]);
	wait_ticks(WAIT_TICKS);
	while (n < sizeof(got) - 1 && (c = serial_trygetc()) >= 0)
		got[n++] = (char)c;
	got[n] = '\0';
	serial_set_loopback(false);
	drain_input();

	KEXPECT_EQ(n, sizeof(msg) - 1);
	for (i = 0; i < n && i < sizeof(msg) - 1; i++)
		KEXPECT_EQ((uint8_t)got[i], (uint8_t)msg[i]);
	KEXPECT_EQ(serial_dropped(), dropped);
	KEXPECT_EQ(serial_trygetc(), -1);
}

/* With nothing sent, nothing is received. */
KTEST(serial_no_input)
{
	drain_input();
	serial_set_loopback(true);
	wait_ticks(2);
	KEXPECT_EQ(serial_trygetc(), -1);
	serial_set_loopback(false);
}
