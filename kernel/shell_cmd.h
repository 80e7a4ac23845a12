/* kernel/shell_cmd.h - what the shell's command files share. */
#ifndef KERNEL_SHELL_CMD_H
#define KERNEL_SHELL_CMD_H

#include <stdint.h>

/* Words after the command name: the most any command takes is 3 (copy),
   one more is kept so that an extra argument can be told from none. */
#define SHELL_MAX_ARGS		4
/* What a command returns when its arguments are wrong: the shell then
   prints the usage line. */
#define SHELL_USAGE		(-1)

struct shell_command {
	const char *name;
	const char *args;		/* the usage line after the name */
	const char *help;
	unsigned int min_args, max_args;
	int (*run)(unsigned int argc, char **argv);
};

/* A decimal or 0x-hexadecimal number that fits in 32 bits: 0, else -1
   (empty, a sign, junk, overflow), leaving *out alone. */
int shell_parse_number(const char *s, uint32_t *out);

/* kernel/shell_mem.c: the heap, memory and page-table commands. */
int shell_cmd_alloc(unsigned int argc, char **argv);
int shell_cmd_zalloc(unsigned int argc, char **argv);
int shell_cmd_free(unsigned int argc, char **argv);
int shell_cmd_read(unsigned int argc, char **argv);
int shell_cmd_write(unsigned int argc, char **argv);
int shell_cmd_copy(unsigned int argc, char **argv);
int shell_cmd_shadow(unsigned int argc, char **argv);
int shell_cmd_pte(unsigned int argc, char **argv);

/* kernel/shell_line.c: reads one edited line (backspace, Ctrl-U, up and
   down through the last few lines); reports and trace steps queued
   meanwhile are printed while it waits. */
#define SHELL_LINE_MAX		80
void shell_read_line(const char *prompt, char *buf);

#endif
