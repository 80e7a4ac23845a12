/* kernel/shell.c - a line-oriented shell on the serial console. */
#include <stdbool.h>

#include "kernel/demo.h"
#include "kernel/printk.h"
#include "kernel/serial.h"
#include "kernel/shell.h"
#include "kernel/shutdown.h"
#include "kernel/string.h"
#include "kernel/timer.h"
#include "kernel/x86.h"
#include "kmemcheck/kmemcheck.h"
#include "mm/frame.h"
#include "mm/heap.h"

#define LINE_MAX	80
#define ASCII_BS	0x08
#define ASCII_DEL	0x7f

struct command {
	const char *name;
	const char *help;
	void (*run)(const char *arg);
};

static void cmd_help(const char *arg);

static void cmd_kmemcheck(const char *arg)
{
	if (*arg) {
		bool on = strcmp(arg, "on") == 0;

		if (!on && strcmp(arg, "off") != 0) {
			printk("usage: kmemcheck [on|off]\n");
			return;
		}
		if (kmemcheck_set_enabled(on) < 0) {
			printk("kmemcheck: not available: booted with "
			       "kmemcheck=0, or its self-test failed\n");
			return;
		}
	}
	kmemcheck_print_stats();
}

static void cmd_mem(const char *arg)
{
	(void)arg;
	printk("frames: %u free of %u\n", frame_free_count(),
	       frame_total_count());
	heap_print_stats();
}

static void cmd_ticks(const char *arg)
{
	(void)arg;
	printk("%u ticks at %u Hz\n", timer_ticks(), TIMER_HZ);
}

static void cmd_demo(const char *arg)
{
	(void)arg;
	demo_run();
}

static void cmd_halt(const char *arg)
{
	(void)arg;
	printk("halting\n");
	shutdown(true);
}

static const struct command commands[] = {
	{ "help", "this list", cmd_help },
	{ "kmemcheck", "[on|off]: switch checking, print statistics",
	  cmd_kmemcheck },
	{ "mem", "frame and heap statistics", cmd_mem },
	{ "ticks", "timer ticks since boot", cmd_ticks },
	{ "demo", "run the planted bugs again", cmd_demo },
	{ "halt", "stop the machine (QEMU exits)", cmd_halt },
};

#define NR_COMMANDS	(sizeof(commands) / sizeof(commands[0]))

static void cmd_help(const char *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < NR_COMMANDS; i++)
		printk("  %-10s %s\n", commands[i].name, commands[i].help);
}

static void execute(char *line)
{
	char *arg = strchr(line, ' ');
	unsigned int i;

	if (arg) {
		*arg++ = '\0';
		while (*arg == ' ')
			arg++;
	} else {
		arg = line + strlen(line);
	}
	if (!*line)
		return;
	for (i = 0; i < NR_COMMANDS; i++) {
		if (strcmp(line, commands[i].name) == 0) {
			commands[i].run(arg);
			return;
		}
	}
	printk("%s: unknown command; 'help' lists them\n", line);
}

/* Waits for a key; each timer tick wakes the CPU, and reports that the
   fault path queued meanwhile are printed from here, a safe context. */
static char wait_key(void)
{
	int c;

	while ((c = serial_trygetc()) < 0) {
		if (kmemcheck_pending())
			kmemcheck_flush();
		sti_hlt();
	}
	return (char)c;
}

static void read_line(char *buf)
{
	unsigned int n = 0;

	for (;;) {
		char c = wait_key();

		if (c == '\r' || c == '\n') {
			printk("\n");
			break;
		}
		if (c == ASCII_BS || c == ASCII_DEL) {
			if (n) {
				n--;
				printk("\b \b");
			}
			continue;
		}
		if (c < ' ' || n == LINE_MAX - 1)
			continue;
		buf[n++] = c;
		printk("%c", c);
	}
	buf[n] = '\0';
}

void shell_run(void)
{
	char line[LINE_MAX];

	printk("\nshell: type 'help' for commands\n");
	for (;;) {
		kmemcheck_flush();
		printk("kmemcheck> ");
		read_line(line);
		execute(line);
	}
}
