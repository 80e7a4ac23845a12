/* tests/host/harness.h - PASS/FAIL lines and the summary of a host test. */
#ifndef TESTS_HOST_HARNESS_H
#define TESTS_HOST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

/* A case fails at its first broken expectation; the reason says which. */
void host_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True once the current case has failed: long loops stop early. */
bool host_case_failed(void);
/* Prints "PASS name" or "FAIL name: reason" and starts the next case. */
void host_finish(const char *name);
/* Bytes written as hex pairs, spaces allowed ("8b 43 08"), into out:
   how many, at most max. */
int host_parse_hex(const char *hex, uint8_t *out, int max);
/* Prints "N passed, M failed"; returns the exit status (0 iff M == 0). */
int host_summary(void);

#endif
