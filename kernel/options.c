/* kernel/options.c - what the kernel command line asked for. */
#include "kernel/options.h"
#include "kernel/printk.h"
#include "kernel/string.h"

struct boot_options boot_options;

static void warn(const char *why, const char *token, void *arg)
{
	(void)arg;
	printk("cmdline: warning: ignoring '%s': %s\n", token, why);
	boot_options.warnings++;
}

static void apply(const struct cmdline_option *o)
{
	unsigned int v;

	if (strcmp(o->key, "kmemcheck") == 0) {
		if (!o->has_value || cmdline_parse_uint(o->value, 0, 2, &v) < 0) {
			warn("kmemcheck takes 0 (off), 1 (on) or 2 (one-shot)",
			     o->key, NULL);
			return;
		}
		boot_options.kmemcheck = (enum kmemcheck_mode)v;
	} else if (strcmp(o->key, "kmemcheck.trace") == 0) {
		if (!o->has_value ||
		    cmdline_parse_uint(o->value, 0, 1, &v) < 0) {
			warn("kmemcheck.trace takes 0 or 1 (narrate every "
			     "tracked access)", o->key, NULL);
			return;
		}
		boot_options.kmemcheck_trace = v;
	} else if (strcmp(o->key, "kmemcheck.emulate") == 0) {
		if (!o->has_value ||
		    cmdline_parse_uint(o->value, 0, 1, &v) < 0) {
			warn("kmemcheck.emulate takes 0 or 1 (carry out plain "
			     "moves in the fault handler)", o->key, NULL);
			return;
		}
		boot_options.kmemcheck_emulate = v;
	} else if (strcmp(o->key, "kmemcheck.rep") == 0) {
		if (!o->has_value ||
		    cmdline_parse_uint(o->value, 0, 1, &v) < 0) {
			warn("kmemcheck.rep takes 0 or 1 (check a REP string "
			     "instruction as one range)", o->key, NULL);
			return;
		}
		boot_options.kmemcheck_rep = v;
	} else if (strcmp(o->key, "ktest") == 0) {
		boot_options.ktest = true;
		strlcpy(boot_options.ktest_prefix, o->value,
			sizeof(boot_options.ktest_prefix));
	} else if (strcmp(o->key, "ktest.seed") == 0) {
		if (!o->has_value ||
		    cmdline_parse_uint(o->value, 0, UINT32_MAX, &v) < 0) {
			warn("ktest.seed takes a number", o->key, NULL);
			return;
		}
		boot_options.ktest_seed_given = true;
		boot_options.ktest_seed = v;
	} else if (strcmp(o->key, "ktest.ops") == 0) {
		if (!o->has_value ||
		    cmdline_parse_uint(o->value, 1, UINT32_MAX, &v) < 0) {
			warn("ktest.ops takes a number from 1", o->key, NULL);
			return;
		}
		boot_options.ktest_ops = v;
	} else if (strcmp(o->key, "bench") == 0) {
		if (o->has_value && strcmp(o->value, "smp") != 0) {
			warn("bench takes no value, or smp (the per-access cost "
			     "with several CPUs busy)", o->key, NULL);
			return;
		}
		boot_options.bench = true;
		boot_options.bench_smp = o->has_value;
	} else {
		warn("unknown option", o->key, NULL);
	}
}

void options_parse(const char *text)
{
	static struct cmdline cl;
	unsigned int i;

	memset(&boot_options, 0, sizeof(boot_options));
	boot_options.kmemcheck = KMEMCHECK_MODE_ON;
	boot_options.kmemcheck_rep = true;
	strlcpy(boot_options.cmdline, text ? text : "",
		sizeof(boot_options.cmdline));
	cmdline_parse(&cl, cmdline_skip_image_name(boot_options.cmdline),
		      warn, NULL);
	for (i = 0; i < cl.count; i++)
		apply(&cl.option[i]);
}
