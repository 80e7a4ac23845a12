/* kernel/cmdline.h - kernel command line: "key" and "key=value" options. */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>

#define CMDLINE_MAX_OPTIONS	16
#define CMDLINE_KEY_MAX		32	/* bytes incl. NUL */
#define CMDLINE_VALUE_MAX	64	/* bytes incl. NUL */

struct cmdline_option {
	char key[CMDLINE_KEY_MAX];
	char value[CMDLINE_VALUE_MAX];	/* "" when has_value is false */
	bool has_value;			/* "key=" has an empty value */
};

struct cmdline {
	unsigned int count;
	struct cmdline_option option[CMDLINE_MAX_OPTIONS];
};

/*
 * Called once per skipped or overridden token; why is a short reason, token
 * the token as written (cut short with "..." when very long).
 */
typedef void (*cmdline_warn_fn)(const char *why, const char *token, void *arg);

/*
 * Splits text on blanks (spaces, tabs, CR, LF) into key or key=value
 * options; the first '=' ends the key. Malformed tokens (empty key like
 * "=3", key or value too long, too many options) are passed to warn (may be
 * NULL) with a short reason and skipped; a repeated key is warned about too,
 * and the last one wins. Returns the number of warnings. text may be NULL
 * (empty). Never writes past the arrays.
 */
int cmdline_parse(struct cmdline *cl, const char *text, cmdline_warn_fn warn,
		  void *arg);

/* Returns the option named key, or NULL. */
const struct cmdline_option *cmdline_find(const struct cmdline *cl,
					  const char *key);

/*
 * Parses a decimal unsigned value in [min, max]; returns 0 and sets *out, or
 * -1 on anything else (NULL, empty, sign, junk, overflow) leaving *out alone.
 */
int cmdline_parse_uint(const char *value, unsigned int min, unsigned int max,
		       unsigned int *out);

/*
 * Multiboot loaders (GRUB and QEMU's -kernel) put the image path as the first
 * word of the command line; returns text past it (and the blanks after it).
 * A first word is taken as the image path only when it contains '/' before
 * any '=', or '.' and no '=' at all, so a loader that passes bare options
 * ("kmemcheck.trace=1", "ktest.seed=N") loses none of them.
 * Returns NULL for NULL.
 */
const char *cmdline_skip_image_name(const char *text);

#endif /* KERNEL_CMDLINE_H */
