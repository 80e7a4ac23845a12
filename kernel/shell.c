/* kernel/shell.c - a line-oriented shell on the serial console. */
#include <stdbool.h>

#include "kernel/demo.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/shell_cmd.h"
#include "kernel/shutdown.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/timer.h"
#include "kmemcheck/kmemcheck.h"
#include "kmemcheck/trace.h"
#include "mm/frame.h"
#include "mm/heap.h"

int shell_parse_number(const char *s, uint32_t *out)
{
	unsigned int base = 10, digit;
	uint32_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			digit = (unsigned int)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			digit = (unsigned int)(*s - 'A' + 10);
		else
			return -1;
		if (v > (UINT32_MAX - digit) / base)
			return -1;
		v = v * base + digit;
	}
	*out = v;
	return 0;
}

static int cmd_help(unsigned int argc, char **argv);

static const char *const mode_word[] = {
	[KMEMCHECK_MODE_OFF] = "off",
	[KMEMCHECK_MODE_ON] = "on",
	[KMEMCHECK_MODE_ONESHOT] = "one-shot: on until the next report",
};

static int cmd_kmemcheck(unsigned int argc, char **argv)
{
	static const struct {
		const char *word;
		enum kmemcheck_mode mode;
	} words[] = {
		{ "0", KMEMCHECK_MODE_OFF }, { "off", KMEMCHECK_MODE_OFF },
		{ "1", KMEMCHECK_MODE_ON }, { "on", KMEMCHECK_MODE_ON },
		{ "2", KMEMCHECK_MODE_ONESHOT },
	};
	unsigned int i;

	if (argc) {
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strcmp(argv[0], words[i].word) == 0)
				break;
		if (i == sizeof(words) / sizeof(words[0]))
			return SHELL_USAGE;
		if (kmemcheck_set_mode(words[i].mode) < 0) {
			printk("kmemcheck: not available: booted with "
			       "kmemcheck=0, or its self-test failed\n");
			return 0;
		}
		printk("kmemcheck: mode %s\n", mode_word[words[i].mode]);
	}
	kmemcheck_print_stats();
	return 0;
}

static int cmd_mem(unsigned int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("frames: %u free of %u\n", frame_free_count(),
	       frame_total_count());
	heap_print_stats();
	return 0;
}

static int cmd_ticks(unsigned int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("%u ticks at %u Hz\n", timer_ticks(), TIMER_HZ);
	return 0;
}

/* A demo run on another CPU: its bug and its report name that CPU. */
static void demo_on_cpu(void *arg)
{
	demo_run_one((uint32_t)(uintptr_t)arg);
}

static int cmd_demo(unsigned int argc, char **argv)
{
	uint32_t n, cpu = 0;

	if (!argc) {
		demo_run();
		return 0;
	}
	if (shell_parse_number(argv[0], &n) < 0 || n < 1 || n > demo_count()) {
		printk("demo: the planted bugs are 1 to %u\n", demo_count());
		return SHELL_USAGE;
	}
	if (argc == 2 && (shell_parse_number(argv[1], &cpu) < 0 ||
			  cpu >= smp_cpus())) {
		printk("demo: the CPUs are 0 to %u\n", smp_cpus() - 1);
		return SHELL_USAGE;
	}
	if (cpu == 0) {		/* the shell's own CPU */
		demo_run_one(n);
		return 0;
	}
	if (smp_start(cpu, demo_on_cpu, (void *)(uintptr_t)n) < 0) {
		printk("demo: CPU %u is busy\n", cpu);
		return 0;
	}
	smp_wait(cpu);
	return 0;
}

static int cmd_halt(unsigned int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("halting\n");
	shutdown(true);
}

static int cmd_trace(unsigned int argc, char **argv)
{
	if (argc) {
		if (strcmp(argv[0], "on") == 0)
			kmemcheck_trace_set(true);
		else if (strcmp(argv[0], "off") == 0)
			kmemcheck_trace_set(false);
		else
			return SHELL_USAGE;
	}
	printk("trace: %s%s\n", kmemcheck_trace_enabled() ? "on" : "off",
	       kmemcheck_trace_enabled() && !kmemcheck_enabled() ?
	       " (kmemcheck is off: no access is tracked)" : "");
	return 0;
}

static const struct shell_command commands[] = {
	{ "help", "", "this list", 0, 0, cmd_help },
	{ "kmemcheck", "[0|1|2|on|off]",
	  "1|0 as [on|off]: switch checking; 2: one-shot; statistics",
	  0, 1, cmd_kmemcheck },
	{ "mem", "", "frame and heap statistics", 0, 0, cmd_mem },
	{ "ticks", "", "timer ticks since boot", 0, 0, cmd_ticks },
	{ "demo", "[N [CPU]]", "run planted bug N (on that CPU), or all of "
	  "them", 0, 2, cmd_demo },
	{ "halt", "", "stop the machine (QEMU exits)", 0, 0, cmd_halt },
	{ "alloc", "SIZE", "kmalloc: an uninitialized object", 1, 1,
	  shell_cmd_alloc },
	{ "zalloc", "SIZE", "kzalloc: a zeroed object", 1, 1,
	  shell_cmd_zalloc },
	{ "free", "ADDR", "kfree", 1, 1, shell_cmd_free },
	{ "read", "ADDR [1|2|4]", "one load of that many bytes", 1, 2,
	  shell_cmd_read },
	{ "write", "ADDR [1|2|4] [VALUE]", "one store (heap only)", 1, 3,
	  shell_cmd_write },
	{ "copy", "DST SRC LEN", "rep movsb (DST on the heap)", 3, 3,
	  shell_cmd_copy },
	{ "shadow", "ADDR [LEN]", "kmemcheck's state of each byte", 1, 2,
	  shell_cmd_shadow },
	{ "pte", "ADDR", "the page table entry and its flags", 1, 1,
	  shell_cmd_pte },
	{ "trace", "on|off", "narrate every tracked access", 0, 1,
	  cmd_trace },
};

#define NR_COMMANDS	(sizeof(commands) / sizeof(commands[0]))

static int cmd_help(unsigned int argc, char **argv)
{
	unsigned int i;

	(void)argc;
	(void)argv;
	for (i = 0; i < NR_COMMANDS; i++)
		printk("  %-9s %-20s %s\n", commands[i].name,
		       commands[i].args, commands[i].help);
	printk("Numbers are decimal or 0x-hex. Shadow letters: i "
	       "initialized, u uninitialized, f freed, a unallocated, - not "
	       "tracked.\n");
	return 0;
}

/* Splits line in place at runs of spaces; returns the number of words,
   SHELL_MAX_ARGS + 2 at most (one more than any command takes). */
static unsigned int split(char *line, char **word)
{
	unsigned int n = 0;

	for (;;) {
		while (*line == ' ')
			line++;
		if (!*line || n == SHELL_MAX_ARGS + 2)
			return n;
		word[n++] = line;
		while (*line && *line != ' ')
			line++;
		if (*line)
			*line++ = '\0';
	}
}

static void execute(char *line)
{
	char *word[SHELL_MAX_ARGS + 2];
	unsigned int n = split(line, word), i, argc;
	const struct shell_command *c = NULL;

	if (!n)
		return;
	for (i = 0; i < NR_COMMANDS; i++)
		if (strcmp(word[0], commands[i].name) == 0)
			c = &commands[i];
	if (!c) {
		printk("%s: unknown command; 'help' lists them\n", word[0]);
		return;
	}
	argc = n - 1;
	/* Each command's errors are its own: a `read` of the same bad
	   address twice is reported twice. */
	kmemcheck_forget_last_error();
	if (argc < c->min_args || argc > c->max_args ||
	    c->run(argc, word + 1) == SHELL_USAGE)
		printk("usage: %s%s%s\n", c->name, *c->args ? " " : "",
		       c->args);
}

void shell_run(void)
{
	char line[SHELL_LINE_MAX];

	printk("\nshell: type 'help' for commands\n");
	for (;;) {
		/* What the last command caused: its trace, its reports. */
		kmemcheck_flush();
		shell_read_line("kmemcheck> ", line);
		execute(line);
	}
}
