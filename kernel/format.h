/* kernel/format.h - printf-style formatting onto any character sink. */
#ifndef KERNEL_FORMAT_H
#define KERNEL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Conversions: %d %i %u %x %X %p %s %c %%, flags '-' and '0', a width given
 * in decimal or as '*', a precision ".N" or ".*" (minimum digits for
 * integers, maximum characters for %s), and the length modifiers hh h l ll z.
 * %p prints "0x" and every hex digit of a pointer; %s of NULL prints
 * "(null)". A conversion the engine does not know is printed as written and
 * consumes no argument.
 */

/* Receives the formatted text one character at a time. */
typedef void (*format_emit_fn)(char c, void *arg);

/* Returns the number of characters emitted. */
int format_vemit(format_emit_fn emit, void *arg, const char *fmt, va_list ap);

/*
 * Writes at most size - 1 characters and a NUL (nothing when size is 0);
 * returns the length the whole text would have had.
 */
int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int format_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* KERNEL_FORMAT_H */
