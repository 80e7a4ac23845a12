/* kernel/cmdline.c - splits the kernel command line into options. */
#include <stddef.h>

#include "kernel/cmdline.h"

/* Room for a warned-about token: a full key, '=', a full value. */
#define TOKEN_SHOWN_MAX	(CMDLINE_KEY_MAX + CMDLINE_VALUE_MAX)

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

static bool str_equal(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* The caller has checked that len < size. */
static void copy_span(char *dst, const char *src, size_t len)
{
	for (size_t i = 0; i < len; i++)
		dst[i] = src[i];
	dst[len] = '\0';
}

/* The token is not NUL-terminated in text, so warn gets a bounded copy. */
static void warn_token(cmdline_warn_fn warn, void *arg, const char *why,
		       const char *token, size_t len)
{
	char shown[TOKEN_SHOWN_MAX];

	if (!warn)
		return;
	if (len < sizeof(shown)) {
		copy_span(shown, token, len);
	} else {
		copy_span(shown, token, sizeof(shown) - 4);
		copy_span(shown + sizeof(shown) - 4, "...", 3);
	}
	warn(why, shown, arg);
}

static int find_index(const struct cmdline *cl, const char *key)
{
	for (unsigned int i = 0; i < cl->count; i++)
		if (str_equal(cl->option[i].key, key))
			return (int)i;
	return -1;
}

/*
 * Stores one token unless it is malformed; returns why it deserves a warning
 * (skipped, or overriding an earlier one), or NULL.
 */
static const char *add_token(struct cmdline *cl, const char *token,
			     size_t len)
{
	char key[CMDLINE_KEY_MAX];
	struct cmdline_option *opt;
	size_t key_len = 0, value_len = 0;
	bool has_value;
	int index;

	while (key_len < len && token[key_len] != '=')
		key_len++;
	has_value = key_len < len;
	if (has_value)
		value_len = len - key_len - 1;

	if (key_len == 0)
		return "empty key";
	if (key_len >= CMDLINE_KEY_MAX)
		return "key too long";
	if (value_len >= CMDLINE_VALUE_MAX)
		return "value too long";

	copy_span(key, token, key_len);
	index = find_index(cl, key);
	if (index < 0) {
		if (cl->count == CMDLINE_MAX_OPTIONS)
			return "too many options";
		opt = &cl->option[cl->count++];
		copy_span(opt->key, key, key_len);
	} else {
		opt = &cl->option[index];
	}
	copy_span(opt->value, token + key_len + 1, value_len);
	opt->has_value = has_value;
	return index < 0 ? NULL : "repeated key, the last one wins";
}

int cmdline_parse(struct cmdline *cl, const char *text, cmdline_warn_fn warn,
		  void *arg)
{
	const char *token, *why;
	int warnings = 0;
	size_t len;

	cl->count = 0;
	if (!text)
		return 0;
	for (token = skip_blanks(text); *token; token = skip_blanks(token)) {
		len = 0;
		while (token[len] && !is_blank(token[len]))
			len++;
		why = add_token(cl, token, len);
		if (why) {
			warn_token(warn, arg, why, token, len);
			warnings++;
		}
		token += len;
	}
	return warnings;
}

const struct cmdline_option *cmdline_find(const struct cmdline *cl,
					  const char *key)
{
	int index = find_index(cl, key);

	return index < 0 ? NULL : &cl->option[index];
}

int cmdline_parse_uint(const char *value, unsigned int min, unsigned int max,
		       unsigned int *out)
{
	unsigned int v = 0, digit;

	if (!value || !*value)
		return -1;
	for (; *value; value++) {
		if (*value < '0' || *value > '9')
			return -1;
		digit = (unsigned int)(*value - '0');
		/* Checked before multiplying, so v never wraps. */
		if (v > max / 10 || (v == max / 10 && digit > max % 10))
			return -1;
		v = v * 10 + digit;
	}
	if (v < min)
		return -1;
	*out = v;
	return 0;
}

const char *cmdline_skip_image_name(const char *text)
{
	const char *p;
	bool path = false, dot = false;

	if (!text)
		return NULL;
	p = skip_blanks(text);
	/* A '/' before any '=' makes a path; a '.' only in a word with no
	   '=' at all, so that "kmemcheck.trace=1" stays an option. */
	for (const char *q = p; *q && !is_blank(*q); q++) {
		if (*q == '=') {
			dot = false;
			break;
		}
		if (*q == '/')
			path = true;
		if (*q == '.')
			dot = true;
	}
	if (dot)
		path = true;
	if (!path)
		return text;
	while (*p && !is_blank(*p))
		p++;
	return skip_blanks(p);
}
