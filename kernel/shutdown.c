/* kernel/shutdown.c - stop the machine, telling QEMU pass or fail. */
#include "kernel/ports.h"
#include "kernel/shutdown.h"
#include "kernel/x86.h"

void shutdown(bool passed)
{
	outl(DEBUG_EXIT_PORT, passed ? DEBUG_EXIT_PASS : DEBUG_EXIT_FAIL);
	for (;;) {
		cli();
		hlt();
	}
}
