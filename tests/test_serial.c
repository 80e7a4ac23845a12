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

/*
 * Bytes typed on the console may arrive at any time, loopback or not (a
 * 16550 disconnects its receiver from the line in loopback; QEMU's does
 * not). They are not this test's business: the tests look for their own
 * bytes, in order, among whatever comes, and read while they wait so that
 * a stream of stray bytes does not fill the ring. MARK bytes are never
 * typed, and only these tests send them.
 */
#define MARK_A		0x01
#define MARK_B		0xff

/* Reads for up to n ticks, matching want[] in order and skipping what
   does not match; returns how many of want's bytes came. */
static unsigned int receive_in_order(const char *want, unsigned int len,
				     uint32_t n, unsigned int *marks)
{
	uint32_t start = timer_ticks();
	unsigned int matched = 0;
	int c, i;

	for (i = 0; i < HLT_MAX && timer_ticks() - start < n; i++) {
		while ((c = serial_trygetc()) >= 0) {
			if (matched < len && c == (uint8_t)want[matched])
				matched++;
			else if (c == MARK_A || c == MARK_B)
				(*marks)++;
		}
		if (matched == len && want != NULL)
			break;
		sti_hlt();
	}
	return matched;
}

/*
 * In loopback the UART feeds every byte it sends back to its receiver,
 * and the receive interrupt puts it into the input ring. No printk while
 * loopback is on: the console would read its own output.
 */
KTEST(serial_loopback_input)
{
	static const char msg[] = "kmemcheck\t\x01\xff";
	unsigned int got, marks = 0;

	drain_input();
	serial_set_loopback(true);
	for (unsigned int i = 0; i < sizeof(msg) - 1; i++)
		serial_putc(msg[i]);
	got = receive_in_order(msg, sizeof(msg) - 1, 4 * WAIT_TICKS, &marks);
	/* Nothing of ours comes twice. */
	receive_in_order(NULL, 0, 2, &marks);
	serial_set_loopback(false);
	drain_input();

	KEXPECT_EQ(got, sizeof(msg) - 1);
	KEXPECT_EQ(marks, 0);
}

/* With nothing sent, nothing of ours is received. */
KTEST(serial_no_input)
{
	unsigned int marks = 0;

	drain_input();
	serial_set_loopback(true);
	receive_in_order(NULL, 0, 2, &marks);
	serial_set_loopback(false);
	drain_input();
	KEXPECT_EQ(marks, 0);
}
