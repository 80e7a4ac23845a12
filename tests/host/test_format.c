/* tests/host/test_format.c - host unit tests of the formatting engine. */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/format.h"
#include "tests/host/harness.h"

/* Sizes around every edge of a text of length len. */
static size_t edge_size(size_t len, int i)
{
	static const size_t fixed[] = { 0, 1, 2, 3 };

	if (i < 4)
		return fixed[i];
	switch (i) {
	case 4:
		return len / 2;
	case 5:
		return len;
	case 6:
		return len + 1;
	default:
		return len + 2;
	}
}
#define EDGE_SIZES	8

/*
 * Formats with both engines into heap buffers of exactly the given size, so
 * AddressSanitizer catches a write one byte past the end.
 */
static void compare_at(const char *fmt, size_t size, va_list ap)
{
	char *ours = size ? malloc(size) : NULL;
	char *host = size ? malloc(size) : NULL;
	va_list ap_host;
	int n_ours, n_host;

	if (size) {
		memset(ours, '#', size);
		memset(host, '#', size);
	}
	va_copy(ap_host, ap);
	n_host = vsnprintf(host, size, fmt, ap_host);
	va_end(ap_host);
	n_ours = format_vsnprintf(ours, size, fmt, ap);
	if (n_ours != n_host)
		host_fail("size %zu: returned %d, host %d", size, n_ours,
			     n_host);
	else if (size && memcmp(ours, host, strlen(host) + 1) != 0)
		host_fail("size %zu: \"%.*s\", host \"%s\"", size,
			     (int)strnlen(ours, size), ours, host);
	free(ours);
	free(host);
}

static void same_as_host(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void same_as_host(const char *name, const char *fmt, ...)
{
	char probe[1];
	va_list ap, ap2;
	int len;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	len = vsnprintf(probe, sizeof(probe), fmt, ap2);
	va_end(ap2);
	for (int i = 0; i < EDGE_SIZES; i++) {
		va_copy(ap2, ap);
		compare_at(fmt, edge_size((size_t)len, i), ap2);
		va_end(ap2);
	}
	va_copy(ap2, ap);
	compare_at(fmt, 4096, ap2);
	va_end(ap2);
	va_end(ap);
	host_finish(name);
}

/* For cases where the kernel deliberately differs from the host printf. */
static void expect(const char *name, const char *want, const char *fmt, ...)
{
	char got[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_vsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	if (strcmp(got, want) != 0)
		host_fail("got \"%s\", want \"%s\"", got, want);
	else if (n != (int)strlen(want))
		host_fail("returned %d, want %zu", n, strlen(want));
	host_finish(name);
}

static void test_host_agreement(void)
{
	/* Legal formats the compiler warns about go through a variable. */
	const char *warned;

	same_as_host("plain_text", "hello, world");
	same_as_host("empty_format", "%s", "");
	same_as_host("percent", "100%%");
	same_as_host("d_zero", "%d", 0);
	same_as_host("d_positive", "%d", 42);
	same_as_host("d_negative", "%d", -42);
	same_as_host("i_conversion", "%i", -7);
	same_as_host("d_int_max", "%d", INT_MAX);
	same_as_host("d_int_min", "%d", INT_MIN);
	same_as_host("d_int_min_width", "[%15d]", INT_MIN);
	same_as_host("d_int_min_zero_pad", "[%015d]", INT_MIN);
	same_as_host("u_uint_max", "%u", UINT_MAX);
	same_as_host("u_zero", "%u", 0u);
	same_as_host("x_lower", "%x", 0xdeadbeefu);
	same_as_host("X_upper", "%X", 0xdeadbeefu);
	same_as_host("x_zero", "%x", 0u);
	same_as_host("x_negative_as_unsigned", "%x", (unsigned int)-1);
	same_as_host("width_right", "[%8d]", 123);
	same_as_host("width_left", "[%-8d]", 123);
	same_as_host("width_zero_pad", "[%08d]", 123);
	same_as_host("width_zero_pad_negative", "[%08d]", -123);
	same_as_host("width_zero_pad_hex", "[%08x]", 0xbeefu);
	warned = "[%-08d]";
	same_as_host("minus_overrides_zero", warned, -5);
	warned = "[%0-08d]";
	same_as_host("zero_flag_twice", warned, 5);
	same_as_host("width_narrower_than_text", "[%2d]", 123456);
	same_as_host("zero_with_width", "[%5d]", 0);
	same_as_host("zero_with_zero_pad", "[%05d]", 0);
	same_as_host("zero_left_width", "[%-5u]", 0u);
	same_as_host("star_width", "[%*d]", 6, 42);
	same_as_host("star_width_negative", "[%*d]", -6, 42);
	same_as_host("star_width_zero_pad", "[%0*x]", 6, 0xabu);
	same_as_host("precision_int", "[%.5d]", 42);
	same_as_host("precision_int_negative", "[%.5d]", -42);
	same_as_host("precision_and_width", "[%8.5d]", -42);
	warned = "[%08.3d]";
	same_as_host("precision_disables_zero", warned, 7);
	same_as_host("precision_zero_of_zero", "[%.0d]", 0);
	same_as_host("precision_zero_width", "[%3.0u]", 0u);
	same_as_host("precision_star", "[%.*d]", 4, 9);
	same_as_host("precision_star_negative", "[%.*d]", -4, 9);
	same_as_host("s_plain", "%s", "text");
	same_as_host("s_width", "[%10s]", "right");
	same_as_host("s_left", "[%-10s]|", "left");
	same_as_host("s_star_width", "[%*s]", -7, "neg");
	same_as_host("s_precision", "[%.3s]", "abcdef");
	same_as_host("s_precision_longer", "[%.10s]", "abc");
	same_as_host("s_precision_star", "[%.*s]", 2, "abcdef");
	same_as_host("s_width_precision", "[%6.2s]", "abcdef");
	same_as_host("c_plain", "%c%c%c", 'a', 'b', 'c');
	same_as_host("c_width", "[%3c][%-3c]", 'x', 'y');
	same_as_host("c_high_byte", "%c", 0xe9);
	same_as_host("hh_wraps", "%hhd %hhu %hhx", 300, 300, 0x1ff);
	same_as_host("hh_negative", "%hhd", -129);
	same_as_host("h_wraps", "%hd %hu %hx", 70000, 70000, 0x1ffff);
	same_as_host("l_long", "%ld %lu %lx", LONG_MIN, ULONG_MAX, ULONG_MAX);
	same_as_host("ll_max", "%lld", LLONG_MAX);
	same_as_host("ll_min", "%lld", LLONG_MIN);
	same_as_host("ll_min_width", "[%-25lld]", LLONG_MIN);
	same_as_host("llu_max", "%llu", ULLONG_MAX);
	same_as_host("llx_max", "%llx %llX", ULLONG_MAX, 0xabcdef0123456789ull);
	same_as_host("ll_above_32_bits", "%llu", 4294967296ull);
	same_as_host("ll_ten_to_19", "%llu", 10000000000000000000ull);
	same_as_host("ll_zero_pad", "[%020llx]", 0x123456789ull);
	same_as_host("z_size", "%zu %zx %zd", (size_t)-1, (size_t)4096,
		     (ptrdiff_t)-3);
	same_as_host("mixed", "%s=%d (0x%x) %c%%", "answer", 42, 42u, '!');
	same_as_host("many_args", "%d %d %d %d %d %d %d %d %d %d", 1, 2, 3, 4,
		     5, 6, 7, 8, 9, 10);
	same_as_host("long_output", "%300d|%-300s|", 1, "x");
	same_as_host("int_after_ll", "%lld %d", -1ll, 5);

	for (int i = 1; i <= 19; i++) {
		char name[32];
		unsigned long long p = 1;

		for (int j = 0; j < i; j++)
			p *= 10;
		snprintf(name, sizeof(name), "power_of_ten_%d", i);
		same_as_host(name, "%llu %llu %lld", p - 1, p, -(long long)p);
	}
}

/* xorshift64: the same values on every run, so a failure reproduces. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static void test_random_64(void)
{
	static const char *const fmts[] = {
		"%llu", "%lld", "%llx", "%llX", "%25llu", "%-22lld", "%021llx",
		"%u", "%d", "%x", "%08X", "%-9i", "%.12d",
	};
	uint64_t state = 0x2545f4914f6cdd1dull;
	char ours[64], host[64], name[32];

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		for (int i = 0; i < 20000 && !host_case_failed(); i++) {
			uint64_t v = next_random(&state);
			int shift = (int)(v & 63);

			/* Small numbers too, not only 20-digit ones. */
			if (i & 1)
				v >>= shift;
			if (fmts[f][strlen(fmts[f]) - 2] == 'l') {
				format_snprintf(ours, sizeof(ours), fmts[f], v);
				snprintf(host, sizeof(host), fmts[f], v);
			} else {
				format_snprintf(ours, sizeof(ours), fmts[f],
						(unsigned int)v);
				snprintf(host, sizeof(host), fmts[f],
					 (unsigned int)v);
			}
			if (strcmp(ours, host) != 0)
				host_fail("%s of %#llx: \"%s\", host \"%s\"",
					     fmts[f], (unsigned long long)v,
					     ours, host);
		}
		snprintf(name, sizeof(name), "random_%s", fmts[f]);
		host_finish(name);
	}
}

static void test_kernel_choices(void)
{
	char want[64];
	int digits = (int)sizeof(void *) * 2;
	void *p = (void *)(uintptr_t)0xc0ffee;

	snprintf(want, sizeof(want), "0x%0*jx", digits, (uintmax_t)0xc0ffee);
	expect("p_all_digits", want, "%p", p);
	snprintf(want, sizeof(want), "0x%0*x", digits, 0);
	expect("p_null", want, "%p", NULL);
	snprintf(want, sizeof(want), "[%*s0x%0*x]", 2, "", digits, 0);
	expect("p_width", want, "[%*p]", digits + 4, NULL);
	snprintf(want, sizeof(want), "0x%0*jx", digits,
		 (uintmax_t)UINTPTR_MAX);
	expect("p_lowercase_max", want, "%p", (void *)UINTPTR_MAX);

	expect("s_null", "(null)", "%s", (char *)NULL);
	expect("s_null_width", "[  (null)]", "[%8s]", (char *)NULL);
	expect("s_null_precision", "(nu", "%.3s", (char *)NULL);
	expect("s_zero_flag_pads_spaces", "[   ab]", "[%05s]", "ab");
	expect("c_zero_flag_pads_spaces", "[  z]", "[%03c]", 'z');
}

/* Formats the compiler would reject, reached through a variable format. */
static void test_unknown_conversions(void)
{
	const char *fmt;

	fmt = "%q";
	expect("unknown_q", "%q", fmt);
	fmt = "a%qb%d";
	expect("unknown_keeps_argument", "a%qb7", fmt, 7);
	fmt = "%-5q|%s";
	expect("unknown_with_flags", "%-5q|ok", fmt, "ok");
	fmt = "%*q%d";
	expect("unknown_star_consumes_nothing", "%*q3", fmt, 3);
	fmt = "%lq %hhy";
	expect("unknown_after_length", "%lq %hhy", fmt);
	fmt = "end%";
	expect("trailing_percent", "end%", fmt);
	fmt = "end%-0";
	expect("trailing_flags", "end%-0", fmt);
	fmt = "%ll";
	expect("trailing_length", "%ll", fmt);
	fmt = "%n%d";
	expect("n_is_not_supported", "%n4", fmt, 4);
	fmt = "[%99999999999999999999q]";
	expect("huge_width_parses", "[%99999999999999999999q]", fmt);
}

struct collect {
	char text[64];
	int calls;
};

static void collect_char(char c, void *arg)
{
	struct collect *col = arg;

	if (col->calls < (int)sizeof(col->text) - 1)
		col->text[col->calls] = c;
	col->calls++;
}

static int emit_through(struct collect *col, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_vemit(collect_char, col, fmt, ap);
	va_end(ap);
	return n;
}

static void test_emit(void)
{
	struct collect col = { .calls = 0 };
	int n = emit_through(&col, "%s-%03d%c", "ab", 7, '\0');

	/* A NUL from %c is emitted like any other character. */
	if (n != 7 || col.calls != 7)
		host_fail("returned %d after %d calls, want 7", n,
			     col.calls);
	else if (memcmp(col.text, "ab-007", 7) != 0)
		host_fail("emitted \"%s\"", col.text);
	host_finish("emit_counts_every_character");

	memset(&col, 0, sizeof(col));
	n = emit_through(&col, "");
	if (n != 0 || col.calls != 0)
		host_fail("returned %d after %d calls", n, col.calls);
	host_finish("emit_empty_format");
}

static void test_snprintf_contract(void)
{
	char buf[8];
	int n;

	memset(buf, '#', sizeof(buf));
	n = format_snprintf(buf, 4, "%s", "abcdef");
	if (n != 6 || strcmp(buf, "abc") != 0 || buf[4] != '#')
		host_fail("returned %d, \"%s\", byte after size %c", n, buf,
			     buf[4]);
	host_finish("truncates_and_terminates");

	memset(buf, '#', sizeof(buf));
	n = format_snprintf(buf, 1, "%d", 12345);
	if (n != 5 || buf[0] != '\0' || buf[1] != '#')
		host_fail("returned %d, first bytes %02x %02x", n,
			     (unsigned char)buf[0], (unsigned char)buf[1]);
	host_finish("size_one_gives_empty_string");

	n = format_snprintf(NULL, 0, "%lld", LLONG_MIN);
	if (n != 20)
		host_fail("returned %d, want 20", n);
	host_finish("size_zero_null_buffer_measures");

	n = format_snprintf(buf, sizeof(buf), "%c", '\0');
	if (n != 1 || buf[0] != '\0')
		host_fail("returned %d", n);
	host_finish("c_nul_counts");
}

int main(void)
{
	test_host_agreement();
	test_random_64();
	test_kernel_choices();
	test_unknown_conversions();
	test_emit();
	test_snprintf_contract();
	return host_summary();
}
