/* kernel/shell_line.c - the shell's line editor: erase, kill, history. */
#include <stdbool.h>

#include "kernel/printk.h"
#include "kernel/serial.h"
#include "kernel/shell_cmd.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "kmemcheck/kmemcheck.h"
#include "kmemcheck/trace.h"

#define ASCII_BS	0x08
#define ASCII_CTRL_U	0x15	/* kill the line, as in a Unix tty */
#define ASCII_ESC	0x1b
#define ASCII_DEL	0x7f
#define HISTORY		8

/* The last HISTORY lines typed, the newest at (newest - 1) % HISTORY. */
static char history[HISTORY][SHELL_LINE_MAX];
static unsigned int nr_history, newest;

/* Where an escape sequence is: terminals send arrow keys as ESC [ A
   (CSI; ESC O A in application mode): parameter bytes, then one final
   byte in 0x40-0x7e (ECMA-48, 5.4). None of it reaches the line. */
enum escape { ESC_NONE, ESC_START, ESC_CSI };

struct line {
	const char *prompt;
	char *buf;
	unsigned int len;
	unsigned int browse;	/* 0: the line being typed; n: n-th newest */
	enum escape escape;
};

/* Waits for a key; each timer tick wakes the CPU, and what the fault path
   queued meanwhile (reports, trace steps: an interrupt handler's) is
   printed from here, a safe context, on lines of its own; then the prompt
   and what was typed so far come again. */
static char wait_key(const struct line *l)
{
	int c;

	while ((c = serial_trygetc()) < 0) {
		if (kmemcheck_pending() || kmemcheck_trace_pending()) {
			printk("\n");
			kmemcheck_flush();
			printk("%s%.*s", l->prompt, (int)l->len, l->buf);
		}
		sti_hlt();
	}
	return (char)c;
}

static void erase(struct line *l)
{
	while (l->len) {
		l->len--;
		printk("\b \b");
	}
}

static void replace(struct line *l, const char *text)
{
	erase(l);
	l->len = strlcpy(l->buf, text, SHELL_LINE_MAX);
	printk("%s", l->buf);
}

/* Up goes back one line, down forward; below the newest is an empty
   line. */
static void browse(struct line *l, bool up)
{
	if (up && l->browse < nr_history)
		l->browse++;
	else if (!up && l->browse > 0)
		l->browse--;
	else
		return;
	if (!l->browse)
		replace(l, "");
	else
		replace(l, history[(newest + HISTORY - l->browse) % HISTORY]);
}

/* True once the key ended an escape sequence or was part of one. */
static bool escape_key(struct line *l, char c)
{
	switch (l->escape) {
	case ESC_NONE:
		if (c != ASCII_ESC)
			return false;
		l->escape = ESC_START;
		return true;
	case ESC_START:
		/* A lone Escape key: the key after it is typed as usual
		   (Escape then Enter still runs the line). */
		if (c == ASCII_ESC)
			return true;
		l->escape = c == '[' || c == 'O' ? ESC_CSI : ESC_NONE;
		return l->escape == ESC_CSI;
	case ESC_CSI:
		if (c < 0x40 || c > 0x7e)
			return true;
		l->escape = ESC_NONE;
		if (c == 'A' || c == 'B')
			browse(l, c == 'A');
		return true;
	}
	return false;
}

static void remember(const char *buf)
{
	const char *last = history[(newest + HISTORY - 1) % HISTORY];

	while (*buf == ' ')
		buf++;
	if (!*buf || (nr_history && strcmp(last, buf) == 0))
		return;
	strlcpy(history[newest], buf, SHELL_LINE_MAX);
	newest = (newest + 1) % HISTORY;
	if (nr_history < HISTORY)
		nr_history++;
}

void shell_read_line(const char *prompt, char *buf)
{
	struct line l = { .prompt = prompt, .buf = buf };

	printk("%s", prompt);
	for (;;) {
		char c = wait_key(&l);

		if (escape_key(&l, c))
			continue;
		if (c == '\r' || c == '\n') {
			printk("\n");
			break;
		}
		if (c == ASCII_BS || c == ASCII_DEL) {
			if (l.len) {
				l.len--;
				printk("\b \b");
			}
			continue;
		}
		if (c == ASCII_CTRL_U) {
			erase(&l);
			continue;
		}
		if (c < ' ' || l.len == SHELL_LINE_MAX - 1)
			continue;
		buf[l.len++] = c;
		printk("%c", c);
	}
	buf[l.len] = '\0';
	remember(buf);
}
