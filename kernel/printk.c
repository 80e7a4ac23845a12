/* kernel/printk.c - formatted output to the serial console. */
#include "kernel/printk.h"
#include "kernel/format.h"
#include "kernel/serial.h"

static void emit_serial(char c, void *arg)
{
	(void)arg;
	serial_putc(c);
}

int vprintk(const char *fmt, va_list ap)
{
	return format_vemit(emit_serial, NULL, fmt, ap);
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
