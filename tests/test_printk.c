/* tests/test_printk.c - the printk formatting engine, on the real target. */
#include "kernel/format.h"
#include "kernel/string.h"
#include "tests/ktest.h"

#define OUT_MAX		80

/* Formats into a buffer and expects exactly want, and its length back. */
static void __attribute__((format(printf, 3, 4)))
check_format(int line, const char *want, const char *fmt, ...)
{
	char out[OUT_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_vsnprintf(out, sizeof(out), fmt, ap);
	va_end(ap);
	if (strcmp(out, want) != 0 || n != (int)strlen(want))
		ktest_fail("%s:%d: format \"%s\" gave \"%s\" (%d), expected "
			   "\"%s\" (%u)", __FILE__, line, fmt, out, n, want,
			   (unsigned int)strlen(want));
}

#define CHECK(want, ...)	check_format(__LINE__, want, __VA_ARGS__)

KTEST(printk_signed)
{
	CHECK("0", "%d", 0);
	CHECK("42", "%d", 42);
	CHECK("-42", "%i", -42);
	CHECK("2147483647", "%d", INT32_MAX);
	/* Its negation does not fit in an int. */
	CHECK("-2147483648", "%d", INT32_MIN);
	CHECK("-2147483648", "%ld", (long)INT32_MIN);
	CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK("-7 0 7", "%d %d %d", -7, 0, 7);
}

KTEST(printk_unsigned_and_hex)
{
	CHECK("4294967295", "%u", (unsigned int)UINT32_MAX);
	CHECK("4294967295", "%lu", (unsigned long)UINT32_MAX);
	CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	CHECK("deadbeef", "%x", 0xdeadbeefu);
	CHECK("DEADBEEF", "%X", 0xdeadbeefu);
	CHECK("cafe0123", "%lx", 0xcafe0123ul);
	CHECK("0", "%x", 0u);
	/* -1 seen as unsigned */
	CHECK("ffffffff", "%x", (unsigned int)-1);
}

KTEST(printk_width_and_padding)
{
	CHECK("   42", "%5d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	/* The sign goes before the zeros, and counts toward the width. */
	CHECK("-0042", "%05d", -42);
	CHECK("  -42", "%5d", -42);
	CHECK("000000ff", "%08x", 0xffu);
	CHECK("0000ABCD", "%08X", 0xabcdu);
	CHECK("123456", "%3d", 123456);
	CHECK("  abc", "%5s", "abc");
	CHECK("abc  |", "%-5s|", "abc");
	CHECK("    x", "%5c", 'x');
	CHECK("   42", "%*d", 5, 42);
	CHECK("00042", "%.5d", 42);
	CHECK("ab", "%.2s", "abcdef");
}

KTEST(printk_pointer_string_char)
{
	/* volatile: gcc rejects a NULL it can see passed to %s. */
	const char *volatile none = NULL;

	CHECK("0x00001234", "%p", (void *)0x1234);
	CHECK("0x00000000", "%p", NULL);
	CHECK("0xc0ffee00", "%p", (void *)0xc0ffee00);
	CHECK("hello", "%s", "hello");
	CHECK("", "%s", "");
	CHECK("(null)", "%s", none);
	CHECK("a", "%c", 'a');
	CHECK("100%", "%d%%", 100);
	CHECK("%", "%%");
	CHECK("no conversions", "no conversions");
	CHECK("x=1 y=two z=3", "x=%d y=%s z=%c", 1, "two", '3');
}

/* Unknown conversions are printed as written and take no argument. */
KTEST(printk_unknown_conversion)
{
	const char *fmt = "%q%d";

	CHECK("%q5", fmt, 5);
}

KTEST(printk_truncation)
{
	char buf[8];

	memset(buf, '#', sizeof(buf));
	KEXPECT_EQ(format_snprintf(buf, 5, "hello world"), 11);
	KEXPECT(strcmp(buf, "hell") == 0);
	/* Nothing past the given size is written. */
	KEXPECT_EQ(buf[5], '#');

	memset(buf, '#', sizeof(buf));
	KEXPECT_EQ(format_snprintf(buf, 1, "%d", 12345), 5);
	KEXPECT_EQ(buf[0], '\0');
	KEXPECT_EQ(buf[1], '#');

	/* Size 0 writes nothing at all, still counts. */
	memset(buf, '#', sizeof(buf));
	KEXPECT_EQ(format_snprintf(buf, 0, "%s", "abc"), 3);
	KEXPECT_EQ(buf[0], '#');

	/* Exactly fitting: the NUL takes the last byte. */
	KEXPECT_EQ(format_snprintf(buf, sizeof(buf), "%07d", -5), 7);
	KEXPECT(strcmp(buf, "-000005") == 0);
	KEXPECT_EQ(format_snprintf(buf, sizeof(buf), "%08x", 1u), 8);
	KEXPECT(strcmp(buf, "0000000") == 0);
}

/* printk goes through the same engine and counts what it printed. */
KTEST(printk_returns_length)
{
	KEXPECT_EQ(printk("printk: %s %d\n", "ok", -1), 14);
}
