/* tests/host/harness.c - PASS/FAIL lines and the summary of a host test. */
#include <stdarg.h>
#include <stdio.h>

#include "tests/host/harness.h"

static int passed, failed;
static char reason[512];

void host_fail(const char *fmt, ...)
{
	va_list ap;

	if (reason[0])
		return;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
}

bool host_case_failed(void)
{
	return reason[0] != '\0';
}

void host_finish(const char *name)
{
	if (reason[0]) {
		printf("FAIL %s: %s\n", name, reason);
		failed++;
	} else {
		printf("PASS %s\n", name);
		passed++;
	}
	reason[0] = '\0';
	/* The lines so far survive a sanitizer aborting the next case. */
	fflush(stdout);
}

int host_summary(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}

int host_parse_hex(const char *hex, uint8_t *out, int max)
{
	unsigned int byte;
	int n = 0, used;

	while (n < max && sscanf(hex, " %2x%n", &byte, &used) == 1) {
		out[n++] = (uint8_t)byte;
		hex += used;
	}
	return n;
}
