/* kernel/shell.h - a line-oriented shell on the serial console. */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

void shell_run(void) __attribute__((noreturn));

#endif
