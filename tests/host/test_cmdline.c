/* tests/host/test_cmdline.c - host unit tests of the command line parser. */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/cmdline.h"
#include "kernel/options.h"
#include "tests/host/harness.h"

/* Every warning, "why|token" one after another separated by ';'. */
struct warnings {
	char log[4096];
	int calls;
};

static void record_warning(const char *why, const char *token, void *arg)
{
	struct warnings *w = arg;
	size_t used = strlen(w->log);

	snprintf(w->log + used, sizeof(w->log) - used, "%s|%s;", why, token);
	w->calls++;
}

struct parsed {
	struct cmdline *cl;
	struct warnings w;
	int ret;
};

/*
 * Parses a heap copy of exactly the text's size into a heap struct cmdline
 * of its own, so ASan catches a read past the NUL or a write past the table.
 */
static struct parsed *parse(const char *text)
{
	struct parsed *p = calloc(1, sizeof(*p));
	char *copy = text ? strdup(text) : NULL;

	p->cl = malloc(sizeof(*p->cl));
	memset(p->cl, 0x5a, sizeof(*p->cl));
	p->ret = cmdline_parse(p->cl, copy, record_warning, &p->w);
	free(copy);
	if (p->ret != p->w.calls)
		host_fail("returned %d after %d warnings", p->ret,
			     p->w.calls);
	return p;
}

static void release(struct parsed *p)
{
	free(p->cl);
	free(p);
}

static void expect_count(const struct parsed *p, unsigned int count)
{
	if (p->cl->count != count)
		host_fail("count %u, want %u", p->cl->count, count);
}

static void expect_warnings(const struct parsed *p, const char *log)
{
	if (strcmp(p->w.log, log) != 0)
		host_fail("warnings \"%s\", want \"%s\"", p->w.log, log);
}

/* value NULL means "present without '='". */
static void expect_option(const struct parsed *p, const char *key,
			  const char *value)
{
	const struct cmdline_option *opt = cmdline_find(p->cl, key);

	if (!opt) {
		host_fail("no option \"%s\"", key);
	} else if (opt->has_value != (value != NULL)) {
		host_fail("\"%s\" has_value %d", key, opt->has_value);
	} else if (strcmp(opt->value, value ? value : "") != 0) {
		host_fail("\"%s\" = \"%s\", want \"%s\"", key, opt->value,
			     value ? value : "");
	}
}

static void expect_no_option(const struct parsed *p, const char *key)
{
	if (cmdline_find(p->cl, key))
		host_fail("unexpected option \"%s\"", key);
}

static void test_parse_normal(void)
{
	struct parsed *p;

	p = parse("kmemcheck=1 ktest");
	expect_count(p, 2);
	expect_warnings(p, "");
	expect_option(p, "kmemcheck", "1");
	expect_option(p, "ktest", NULL);
	expect_no_option(p, "kmem");
	expect_no_option(p, "kmemcheck=1");
	if (strcmp(p->cl->option[0].key, "kmemcheck") != 0)
		host_fail("options out of order");
	release(p);
	host_finish("parse_key_and_key_value");

	p = parse("ktest=heap. a=b=c");
	expect_count(p, 2);
	expect_option(p, "ktest", "heap.");
	expect_option(p, "a", "b=c");
	release(p);
	host_finish("parse_first_equals_ends_key");

	p = parse("k=");
	expect_count(p, 1);
	expect_warnings(p, "");
	expect_option(p, "k", "");
	release(p);
	host_finish("parse_empty_value_has_value");

	p = parse("kmemcheck.trace=1");
	expect_count(p, 1);
	expect_warnings(p, "");
	expect_option(p, "kmemcheck.trace", "1");
	expect_no_option(p, "kmemcheck");
	release(p);
	host_finish("parse_dotted_key");

	p = parse("Key=1 key=2");
	expect_count(p, 2);
	expect_option(p, "Key", "1");
	expect_option(p, "key", "2");
	release(p);
	host_finish("parse_keys_case_sensitive");
}

static void test_parse_empty(void)
{
	static const char *const empty[] = { "", " ", "\t \t  ", "\r\n" };
	struct parsed *p;

	p = parse(NULL);
	expect_count(p, 0);
	if (p->ret != 0)
		host_fail("returned %d", p->ret);
	expect_no_option(p, "");
	release(p);
	host_finish("parse_null");

	for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		p = parse(empty[i]);
		expect_count(p, 0);
		expect_warnings(p, "");
		release(p);
	}
	host_finish("parse_empty_and_blank");

	p = parse("a");
	expect_count(p, 1);
	release(p);
	p = parse("");
	expect_count(p, 0);
	release(p);
	host_finish("parse_resets_count");
}

static void test_parse_whitespace(void)
{
	struct parsed *p;

	p = parse("  \t a=1 \t\t  b   c=3\t");
	expect_count(p, 3);
	expect_warnings(p, "");
	expect_option(p, "a", "1");
	expect_option(p, "b", NULL);
	expect_option(p, "c", "3");
	release(p);
	host_finish("parse_whitespace_runs");

	p = parse("a=1\nb=2\r\n");
	expect_count(p, 2);
	expect_option(p, "a", "1");
	expect_option(p, "b", "2");
	release(p);
	host_finish("parse_newlines_are_blanks");
}

static void test_parse_malformed(void)
{
	char text[512], longest[CMDLINE_KEY_MAX + CMDLINE_VALUE_MAX + 32];
	struct parsed *p;

	p = parse("=3 a=1 = ==");
	expect_count(p, 1);
	expect_option(p, "a", "1");
	expect_warnings(p, "empty key|=3;empty key|=;empty key|==;");
	release(p);
	host_finish("parse_empty_key");

	/* The longest key that fits, then one byte more. */
	memset(text, 0, sizeof(text));
	memset(text, 'k', CMDLINE_KEY_MAX - 1);
	strcat(text, "=v ");
	memset(text + strlen(text), 'K', CMDLINE_KEY_MAX);
	strcat(text, "=w");
	p = parse(text);
	expect_count(p, 1);
	if (p->ret != 1 || strncmp(p->w.log, "key too long|KKK", 16) != 0)
		host_fail("warnings \"%s\"", p->w.log);
	if (strlen(p->cl->option[0].key) != CMDLINE_KEY_MAX - 1)
		host_fail("kept key of %zu bytes",
			     strlen(p->cl->option[0].key));
	release(p);
	host_finish("parse_key_length_limit");

	memset(text, 0, sizeof(text));
	strcpy(text, "a=");
	memset(text + 2, 'v', CMDLINE_VALUE_MAX - 1);
	strcat(text, " b=");
	memset(text + strlen(text), 'V', CMDLINE_VALUE_MAX);
	p = parse(text);
	expect_count(p, 1);
	expect_no_option(p, "b");
	if (p->ret != 1 || strncmp(p->w.log, "value too long|b=VVV", 20) != 0)
		host_fail("warnings \"%s\"", p->w.log);
	if (strlen(p->cl->option[0].value) != CMDLINE_VALUE_MAX - 1)
		host_fail("kept value of %zu bytes",
			     strlen(p->cl->option[0].value));
	release(p);
	host_finish("parse_value_length_limit");

	/* A token far longer than any buffer is shown cut short. */
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	p = parse(text);
	expect_count(p, 0);
	snprintf(longest, sizeof(longest), "key too long|%.*s...;",
		 CMDLINE_KEY_MAX + CMDLINE_VALUE_MAX - 4, text);
	expect_warnings(p, longest);
	release(p);
	host_finish("parse_huge_token_shown_truncated");
}

static void test_parse_too_many(void)
{
	char text[1024] = "", word[32];
	struct parsed *p;

	for (int i = 0; i < CMDLINE_MAX_OPTIONS + 3; i++) {
		snprintf(word, sizeof(word), "o%d=%d ", i, i);
		strcat(text, word);
	}
	/* Repeating a stored key still works when the table is full. */
	strcat(text, "o0=last");
	p = parse(text);
	expect_count(p, CMDLINE_MAX_OPTIONS);
	expect_option(p, "o15", "15");
	expect_no_option(p, "o16");
	expect_no_option(p, "o18");
	expect_option(p, "o0", "last");
	expect_warnings(p, "too many options|o16=16;too many options|o17=17;"
			   "too many options|o18=18;"
			   "repeated key, the last one wins|o0=last;");
	release(p);
	host_finish("parse_too_many_options");
}

static void test_parse_repeated(void)
{
	struct parsed *p;

	p = parse("kmemcheck=1 ktest kmemcheck=2 kmemcheck=0");
	expect_count(p, 2);
	expect_option(p, "kmemcheck", "0");
	expect_warnings(p, "repeated key, the last one wins|kmemcheck=2;"
			   "repeated key, the last one wins|kmemcheck=0;");
	release(p);
	host_finish("parse_repeated_last_wins");

	p = parse("ktest=mm ktest");
	expect_count(p, 1);
	expect_option(p, "ktest", NULL);
	release(p);
	host_finish("parse_repeated_drops_value");

	p = parse("a=short a=");
	expect_option(p, "a", "");
	release(p);
	host_finish("parse_repeated_clears_old_value");
}

static void test_parse_null_warn(void)
{
	struct cmdline cl;
	int n = cmdline_parse(&cl, "=1 a a", NULL, NULL);

	if (n != 2 || cl.count != 1)
		host_fail("returned %d, count %u", n, cl.count);
	host_finish("parse_null_warn_still_counts");
}

static void test_skip_image_name(void)
{
	static const struct {
		const char *name;
		const char *text;
		const char *want;
	} cases[] = {
		{ "skip_absolute_path", "/boot/kernel.elf kmemcheck=1",
		  "kmemcheck=1" },
		{ "skip_relative_path", "build/kernel.elf ktest", "ktest" },
		{ "skip_bare_file_name", "kernel.elf  \t ktest=a", "ktest=a" },
		{ "skip_path_only", "/boot/kernel.elf", "" },
		{ "skip_path_trailing_blanks", "/boot/kernel.elf   ", "" },
		{ "skip_leading_blanks", "  /k.elf a", "a" },
		{ "skip_path_with_equals", "/a=b/kernel a", "a" },
		{ "keep_bare_options", "kmemcheck=1 ktest",
		  "kmemcheck=1 ktest" },
		{ "keep_dotted_value", "ktest=mm.heap x", "ktest=mm.heap x" },
		{ "keep_dotted_key", "ktest.seed=3 ktest",
		  "ktest.seed=3 ktest" },
		{ "keep_bare_key", "ktest", "ktest" },
		{ "keep_dotted_key", "kmemcheck.trace=1 ktest",
		  "kmemcheck.trace=1 ktest" },
		{ "skip_dotted_path_then_dotted_key",
		  "kernel.elf kmemcheck.trace=1", "kmemcheck.trace=1" },
		{ "keep_empty", "", "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = cmdline_skip_image_name(cases[i].text);

		if (!got)
			host_fail("NULL");
		else if (strcmp(got, cases[i].want) != 0)
			host_fail("\"%s\", want \"%s\"", got, cases[i].want);
		host_finish(cases[i].name);
	}

	if (cmdline_skip_image_name(NULL) != NULL)
		host_fail("not NULL");
	host_finish("skip_null");
}

static void test_parse_uint(void)
{
	unsigned int out = 7;
	static const struct {
		const char *name;
		const char *value;
		unsigned int min, max;
		int ret;
		unsigned int out;
	} cases[] = {
		{ "uint_zero", "0", 0, 2, 0, 0 },
		{ "uint_in_range", "2", 0, 2, 0, 2 },
		{ "uint_leading_zeros", "007", 0, 10, 0, 7 },
		{ "uint_min_edge", "5", 5, 9, 0, 5 },
		{ "uint_below_min", "4", 5, 9, -1, 0 },
		{ "uint_above_max", "3", 0, 2, -1, 0 },
		{ "uint_max_edge", "4294967295", 0, UINT_MAX, 0, UINT_MAX },
		{ "uint_overflow", "4294967296", 0, UINT_MAX, -1, 0 },
		{ "uint_overflow_wraps_small", "4294967297", 0, UINT_MAX, -1,
		  0 },
		{ "uint_far_overflow", "99999999999999999999", 0, UINT_MAX, -1,
		  0 },
		{ "uint_max_by_digit", "129", 0, 128, -1, 0 },
		{ "uint_max_by_tens", "130", 0, 128, -1, 0 },
		{ "uint_empty", "", 0, 10, -1, 0 },
		{ "uint_minus", "-1", 0, UINT_MAX, -1, 0 },
		{ "uint_plus", "+1", 0, 10, -1, 0 },
		{ "uint_trailing_junk", "1x", 0, 10, -1, 0 },
		{ "uint_space", " 1", 0, 10, -1, 0 },
		{ "uint_hex", "0x10", 0, 100, -1, 0 },
		{ "uint_min_above_max", "5", 6, 4, -1, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret;

		out = 12345;
		ret = cmdline_parse_uint(cases[i].value, cases[i].min,
					 cases[i].max, &out);

		if (ret != cases[i].ret)
			host_fail("returned %d, want %d", ret, cases[i].ret);
		else if (ret == 0 && out != cases[i].out)
			host_fail("*out %u, want %u", out, cases[i].out);
		else if (ret != 0 && out != 12345)
			host_fail("*out changed to %u on error", out);
		host_finish(cases[i].name);
	}

	out = 7;
	if (cmdline_parse_uint(NULL, 0, 10, &out) != -1 || out != 7)
		host_fail("NULL accepted");
	host_finish("uint_null");
}

/* kernel/options.c on the host: its printk and strlcpy. */
static char printed[1024];

int printk(const char *fmt, ...)
{
	size_t used = strlen(printed);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(printed + used, sizeof(printed) - used, fmt, ap);
	va_end(ap);
	return n;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* The model test's options: ktest.seed=N replays one seed (any 32-bit
   value, 0 included), ktest.ops=N sets how many operations (at least 1). */
static void test_options_model(void)
{
	static const struct {
		const char *name;
		const char *text;
		bool seed_given;
		uint32_t seed, ops;
		unsigned int warnings;
	} cases[] = {
		{ "options_defaults", "k.elf ktest", false, 0, 0, 0 },
		{ "options_seed", "k.elf ktest ktest.seed=123", true, 123, 0,
		  0 },
		{ "options_seed_zero", "ktest.seed=0", true, 0, 0, 0 },
		{ "options_seed_max", "ktest.seed=4294967295 ktest.ops=200000",
		  true, 4294967295u, 200000, 0 },
		{ "options_seed_first_word", "ktest.seed=7 ktest", true, 7, 0,
		  0 },
		{ "options_seed_too_big", "ktest.seed=4294967296", false, 0, 0,
		  1 },
		{ "options_seed_no_value", "k.elf ktest.seed", false, 0, 0, 1 },
		{ "options_ops_zero", "ktest.ops=0", false, 0, 0, 1 },
		{ "options_ops_junk", "ktest.ops=1k", false, 0, 0, 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		printed[0] = '\0';
		options_parse(cases[i].text);
		if (boot_options.ktest_seed_given != cases[i].seed_given ||
		    boot_options.ktest_seed != cases[i].seed ||
		    boot_options.ktest_ops != cases[i].ops)
			host_fail("seed %d/%u ops %u, want %d/%u ops %u",
				  boot_options.ktest_seed_given,
				  boot_options.ktest_seed,
				  boot_options.ktest_ops, cases[i].seed_given,
				  cases[i].seed, cases[i].ops);
		else if (boot_options.warnings != cases[i].warnings)
			host_fail("%u warnings (%s), want %u",
				  boot_options.warnings, printed,
				  cases[i].warnings);
		host_finish(cases[i].name);
	}
}

int main(void)
{
	test_parse_normal();
	test_parse_empty();
	test_parse_whitespace();
	test_parse_malformed();
	test_parse_too_many();
	test_parse_repeated();
	test_parse_null_warn();
	test_skip_image_name();
	test_parse_uint();
	test_options_model();
	return host_summary();
}
