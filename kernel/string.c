/* kernel/string.c - the memory and string functions the kernel needs. */
#include <stdint.h>

#include "kernel/string.h"

/*
 * memset and memcpy use the string instructions on purpose: kmemcheck sees
 * one STOS or MOVS element per fault and, for MOVS, copies the shadow along
 * with the bytes, so copying an uninitialized field is not itself an error;
 * only using the copy is.
 */
void *memset(void *s, int c, size_t n)
{
	void *d = s;

	asm volatile("rep stosb"
		     : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return s;
}

/*
 * For kmemcheck's own pages (shadow, origins, records), which are never
 * tracked: one STOS a word is a quarter of memset's instructions, and
 * under -icount, where each repeat counts as one, a quarter of its time.
 */
uint32_t *memset32(uint32_t *s, uint32_t v, size_t count)
{
	uint32_t *d = s;

	asm volatile("rep stosl"
		     : "+D"(d), "+c"(count) : "a"(v) : "memory");
	return s;
}

/* Never inlined (memmove's forward copy included): one copy of these
   instructions, so kmemcheck folds the repeats of one bug in any copy
   at one EIP. */
__attribute__((noinline)) void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	size_t words = n / 4, bytes = n % 4;

	asm volatile("rep movsl\n\t"
		     "movl %[bytes], %%ecx\n\t"
		     "rep movsb"
		     : "+D"(d), "+S"(src), "+c"(words)
		     : [bytes] "r"(bytes) : "memory");
	return dst;
}

/*
 * With dst above an overlapping src the copy runs from the top down:
 * DF set, so the string instructions step down (SDM Vol. 1, 3.4.3.2),
 * and kmemcheck carries the shadow as memcpy does. The odd bytes at the
 * top go first, then the doublewords; the C ABI expects DF clear again.
 */
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t words = n / 4, bytes = n % 4;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	d += n - 1;
	s += n - 1;
	asm volatile("std\n\t"
		     "rep movsb\n\t"
		     "subl $3, %%esi\n\t"
		     "subl $3, %%edi\n\t"
		     "movl %[words], %%ecx\n\t"
		     "rep movsl\n\t"
		     "cld"
		     : "+D"(d), "+S"(s), "+c"(bytes)
		     : [words] "r"(words) : "memory", "cc");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p < *q ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n && *a && *a == *b; n--, a++, b++)
		;
	return n ? (unsigned char)*a - (unsigned char)*b : 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
