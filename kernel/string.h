/* kernel/string.h - the memory and string functions the kernel needs. */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include <stddef.h>
#include <stdint.h>

void *memset(void *s, int c, size_t n);
/* Stores v into count words from s (4-byte aligned). */
uint32_t *memset32(uint32_t *s, uint32_t v, size_t count);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Copies at most size - 1 bytes and always terminates (size > 0);
   returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
