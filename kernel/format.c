/* kernel/format.c - the printk formatting engine, free of any output device. */
#include <stdbool.h>
#include <stdint.h>

#include "kernel/format.h"

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LONG_LONG, LEN_SIZE };

/* One parsed conversion: "%-08.3lld" gives left, zero, 8, 3, ll, 'd'. */
struct spec {
	bool left;
	bool zero;
	bool width_star;
	bool precision_star;
	int width;
	int precision;		/* -1 when none was given */
	enum length length;
	char conv;
};

struct sink {
	format_emit_fn emit;
	void *arg;
	unsigned int count;	/* unsigned: an absurd width must not be UB */
};

static void put(struct sink *s, char c)
{
	s->emit(c, s->arg);
	s->count++;
}

static void put_repeat(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

/* Saturates rather than overflowing on an absurd "%99999999999d". */
static const char *parse_decimal(const char *p, int *out)
{
	int v = 0;

	while (*p >= '0' && *p <= '9') {
		if (v <= (__INT_MAX__ - 9) / 10)
			v = v * 10 + (*p - '0');
		p++;
	}
	*out = v;
	return p;
}

/*
 * Reads the spec after a '%' and returns the character past it. Nothing is
 * taken from the argument list here, so an unknown conversion with a '*' in
 * it can still be printed as written without consuming an argument.
 */
static const char *parse_spec(const char *p, struct spec *sp)
{
	*sp = (struct spec){ .precision = -1, .length = LEN_INT };

	for (;; p++) {
		if (*p == '-')
			sp->left = true;
		else if (*p == '0')
			sp->zero = true;
		else
			break;
	}
	if (*p == '*') {
		sp->width_star = true;
		p++;
	} else {
		p = parse_decimal(p, &sp->width);
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			sp->precision_star = true;
			p++;
		} else {
			p = parse_decimal(p, &sp->precision);
		}
	}
	if (*p == 'h') {
		p++;
		sp->length = LEN_SHORT;
		if (*p == 'h') {
			p++;
			sp->length = LEN_CHAR;
		}
	} else if (*p == 'l') {
		p++;
		sp->length = LEN_LONG;
		if (*p == 'l') {
			p++;
			sp->length = LEN_LONG_LONG;
		}
	} else if (*p == 'z') {
		p++;
		sp->length = LEN_SIZE;
	}
	sp->conv = *p;
	return *p ? p + 1 : p;
}

static bool known_conversion(char c)
{
	const char *known = "diuxXpsc%";

	for (; *known; known++)
		if (*known == c)
			return true;
	return false;
}

/*
 * Divides *n by a small base and returns the remainder, using only 32-bit
 * division: i386 has no 64-bit divide and the kernel is not linked with
 * libgcc's __udivdi3. Long division in 32-, 16- and 16-bit digits keeps
 * every partial dividend below base * 2^16, which fits in 32 bits.
 */
static unsigned int divmod_small(uint64_t *n, uint32_t base)
{
	uint32_t hi = (uint32_t)(*n >> 32);
	uint32_t lo = (uint32_t)*n;
	uint32_t q_hi, q_mid, q_lo, part;

	q_hi = hi / base;
	part = ((hi % base) << 16) | (lo >> 16);
	q_mid = part / base;
	part = ((part % base) << 16) | (lo & 0xffff);
	q_lo = part / base;
	*n = ((uint64_t)q_hi << 32) | (q_mid << 16) | q_lo;
	return part % base;
}

/* Sign, prefix, zeros to the precision or the width, then the digits. */
static void put_number(struct sink *s, const struct spec *sp, uint64_t value,
		       bool negative, uint32_t base, const char *prefix)
{
	const char *set = sp->conv == 'X' ? "0123456789ABCDEF" :
					    "0123456789abcdef";
	char digits[64];
	int ndigits = 0, zeros, len, prefix_len = 0;

	while (value != 0)
		digits[ndigits++] = set[divmod_small(&value, base)];

	/* The default precision is 1: zero prints "0", but "%.0d" nothing. */
	zeros = (sp->precision < 0 ? 1 : sp->precision) - ndigits;
	if (zeros < 0)
		zeros = 0;
	while (prefix[prefix_len])
		prefix_len++;
	len = negative + prefix_len + zeros + ndigits;
	/* As in C, an explicit precision turns the '0' flag off. */
	if (sp->zero && !sp->left && sp->precision < 0 && sp->width > len) {
		zeros += sp->width - len;
		len = sp->width;
	}

	if (!sp->left)
		put_repeat(s, ' ', sp->width - len);
	if (negative)
		put(s, '-');
	while (*prefix)
		put(s, *prefix++);
	put_repeat(s, '0', zeros);
	while (ndigits > 0)
		put(s, digits[--ndigits]);
	if (sp->left)
		put_repeat(s, ' ', sp->width - len);
}

/* Arguments below int arrive promoted; the casts give back their range. */
static int64_t fetch_signed(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LONG_LONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t fetch_unsigned(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LONG_LONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static void put_padded(struct sink *s, const struct spec *sp, const char *str,
		       int len)
{
	if (!sp->left)
		put_repeat(s, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		put(s, str[i]);
	if (sp->left)
		put_repeat(s, ' ', sp->width - len);
}

static void put_string(struct sink *s, const struct spec *sp, const char *str)
{
	int len = 0;

	if (!str)
		str = "(null)";
	while (str[len] && (sp->precision < 0 || len < sp->precision))
		len++;
	put_padded(s, sp, str, len);
}

static void convert(struct sink *s, struct spec *sp, va_list *ap)
{
	int64_t v;
	char c;

	switch (sp->conv) {
	case 'd':
	case 'i':
		v = fetch_signed(ap, sp->length);
		/* Negating in unsigned arithmetic is defined for INT64_MIN. */
		put_number(s, sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0,
			   10, "");
		break;
	case 'u':
		put_number(s, sp, fetch_unsigned(ap, sp->length), false, 10,
			   "");
		break;
	case 'x':
	case 'X':
		put_number(s, sp, fetch_unsigned(ap, sp->length), false, 16,
			   "");
		break;
	case 'p':
		sp->precision = (int)sizeof(void *) * 2;
		put_number(s, sp, (uintptr_t)va_arg(*ap, void *), false, 16,
			   "0x");
		break;
	case 's':
		put_string(s, sp, va_arg(*ap, const char *));
		break;
	case 'c':
		/* Not put_string: a NUL character is still one character. */
		c = (char)va_arg(*ap, int);
		put_padded(s, sp, &c, 1);
		break;
	case '%':
		put(s, '%');
		break;
	}
}

int format_vemit(format_emit_fn emit, void *arg, const char *fmt, va_list ap)
{
	struct sink s = { .emit = emit, .arg = arg };
	struct spec sp;
	const char *start;
	va_list args;

	/* A copy: a va_list parameter cannot be passed on by address. */
	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&s, *fmt++);
			continue;
		}
		start = fmt;
		fmt = parse_spec(fmt + 1, &sp);
		if (!known_conversion(sp.conv)) {
			while (start < fmt)
				put(&s, *start++);
			continue;
		}
		if (sp.width_star) {
			sp.width = va_arg(args, int);
			/* Negative means '-'; -INT_MIN would overflow. */
			if (sp.width < -__INT_MAX__)
				sp.width = -__INT_MAX__;
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
		}
		if (sp.precision_star) {
			sp.precision = va_arg(args, int);
			if (sp.precision < 0)
				sp.precision = -1;
		}
		convert(&s, &sp, &args);
	}
	va_end(args);
	return (int)s.count;
}

struct buffer {
	char *buf;
	size_t size;
	size_t pos;
};

static void emit_to_buffer(char c, void *arg)
{
	struct buffer *b = arg;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer b = { .buf = buf, .size = size };
	int len = format_vemit(emit_to_buffer, &b, fmt, ap);

	if (size > 0)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return len;
}

int format_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = format_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}
