/* kernel/printk.c - formatted output to the serial console. */
#include "kernel/printk.h"
#include "kernel/format.h"
#include "kernel/serial.h"
#include "kernel/spinlock.h"

/*
 * CPUs print at once: each formats into a buffer of its own, then sends
 * it to the port in one piece under the lock, so lines of different CPUs
 * do not mix mid-way (a longer one goes out in buffer-sized pieces).
 * Formatting happens outside the lock: an argument may point into a
 * tracked heap object, whose fault must not happen with the lock held.
 */
#define PRINTK_CHUNK	128

struct chunk {
	unsigned int n;
	char buf[PRINTK_CHUNK];
};

static struct spinlock printk_lock = SPINLOCK_INIT;

static void send(struct chunk *c)
{
	uint32_t flags = spin_lock_irqsave(&printk_lock);
	unsigned int i;

	for (i = 0; i < c->n; i++)
		serial_putc(c->buf[i]);
	spin_unlock_irqrestore(&printk_lock, flags);
	c->n = 0;
}

static void emit_buffered(char ch, void *arg)
{
	struct chunk *c = arg;

	c->buf[c->n++] = ch;
	if (c->n == PRINTK_CHUNK)
		send(c);
}

int vprintk(const char *fmt, va_list ap)
{
	struct chunk c = { .n = 0 };
	int n = format_vemit(emit_buffered, &c, fmt, ap);

	send(&c);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
