/* tests/host/host_string.c - host stand-in for the kernel's memset32. */
#include "kernel/string.h"

/* A plain loop: ASan checks every word of it. */
uint32_t *memset32(uint32_t *s, uint32_t v, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		s[i] = v;
	return s;
}
