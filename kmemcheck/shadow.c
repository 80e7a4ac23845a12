/* kmemcheck/shadow.c - one state byte for every byte of every heap page. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/string.h"
#include "kmemcheck/shadow.h"
#include "mm/memlayout.h"

const char *const kmemcheck_shadow_name[KMEMCHECK_SHADOW_NR_STATES] = {
	[KMEMCHECK_SHADOW_UNALLOCATED] = "unallocated",
	[KMEMCHECK_SHADOW_UNINITIALIZED] = "uninitialized",
	[KMEMCHECK_SHADOW_INITIALIZED] = "initialized",
	[KMEMCHECK_SHADOW_FREED] = "freed",
};

const char kmemcheck_shadow_letter[KMEMCHECK_SHADOW_NR_STATES] = {
	[KMEMCHECK_SHADOW_UNALLOCATED] = 'a',
	[KMEMCHECK_SHADOW_UNINITIALIZED] = 'u',
	[KMEMCHECK_SHADOW_INITIALIZED] = 'i',
	[KMEMCHECK_SHADOW_FREED] = 'f',
};

uint8_t *kmemcheck_shadow_pages[HEAP_PAGES];
static uint32_t nr_pages;

/*
 * Allocation, free and marking touch thousands of shadow bytes at once:
 * they go four at a time, as one word of four states. The word is read
 * and written through a type that may alias the bytes (the report and the
 * fault path read them one by one).
 */
typedef uint32_t __attribute__((may_alias)) shadow_word;

#define WORD		sizeof(shadow_word)
#define LOW_BITS	0x01010101u	/* bit 0 of each byte */

/* A state takes two bits: the tests below rely on it. */
_Static_assert(KMEMCHECK_SHADOW_NR_STATES <= 4, "a state fits in two bits");

/* Four bytes of the same state. */
static uint32_t four(enum kmemcheck_shadow state)
{
	return (uint32_t)state * LOW_BITS;
}

/* Bit 0 set in each byte of w that holds state, the others clear: the
   byte matches when neither of its two bits differs. */
static uint32_t matches(uint32_t w, enum kmemcheck_shadow state)
{
	uint32_t x = w ^ four(state);

	return ~(x | x >> 1) & LOW_BITS;
}

/* The bytes flagged by a matches() result, as a mask of whole bytes. */
static uint32_t byte_mask(uint32_t flags)
{
	return flags * 0xffu;
}

static bool word_aligned(const uint8_t *s)
{
	return !((uintptr_t)s % WORD);
}

/* Bytes up to a word boundary, whole words, then the bytes left. */
static void fill(uint8_t *s, uint32_t n, enum kmemcheck_shadow state)
{
	for (; n && !word_aligned(s); n--)
		*s++ = (uint8_t)state;
	memset32((uint32_t *)s, four(state), n / WORD);
	s += n - n % WORD;
	for (n %= WORD; n; n--)
		*s++ = (uint8_t)state;
}

static uint8_t **slot_of(uint32_t addr)
{
	if (addr < HEAP_START || addr >= HEAP_END)
		return NULL;
	return &kmemcheck_shadow_pages[(addr - HEAP_START) / PAGE_SIZE];
}

int kmemcheck_shadow_page_add(uint32_t va)
{
	uint8_t **slot = slot_of(va);
	uint8_t *page;

	if (!slot)
		return -1;
	page = kmemcheck_page_alloc();
	if (!page)
		return -1;
	fill(page, PAGE_SIZE, KMEMCHECK_SHADOW_UNALLOCATED);
	*slot = page;
	nr_pages++;
	return 0;
}

void kmemcheck_shadow_page_remove(uint32_t va)
{
	uint8_t **slot = slot_of(va);

	if (!slot || !*slot)
		return;
	kmemcheck_page_free(*slot);
	*slot = NULL;
	nr_pages--;
}

/*
 * The range helpers walk [addr, addr + n) one page at a time: the bytes of
 * a page share one shadow page, or none. n counts down rather than
 * comparing addresses, so a range may end at the top of the address space.
 */
static uint32_t chunk(uint32_t addr, uint32_t n)
{
	uint32_t room = PAGE_SIZE - PGOFF(addr);

	return n < room ? n : room;
}

void kmemcheck_shadow_set(uint32_t addr, uint32_t n,
			  enum kmemcheck_shadow state)
{
	while (n) {
		uint32_t len = chunk(addr, n);
		uint8_t *s = kmemcheck_shadow_lookup(addr);

		if (s)
			fill(s, len, state);
		addr += len;
		n -= len;
	}
}

static uint8_t replace_byte(uint8_t b, enum kmemcheck_shadow from,
			    enum kmemcheck_shadow to)
{
	return b == from ? (uint8_t)to : b;
}

static void replace(uint8_t *s, uint32_t n, enum kmemcheck_shadow from,
		    enum kmemcheck_shadow to)
{
	for (; n && !word_aligned(s); n--, s++)
		*s = replace_byte(*s, from, to);
	for (; n >= WORD; n -= WORD, s += WORD) {
		shadow_word *w = (shadow_word *)s;
		uint32_t m = byte_mask(matches(*w, from));

		/* Most words hold no byte to change: leave them unwritten. */
		if (m)
			*w = (*w & ~m) | (four(to) & m);
	}
	for (; n; n--, s++)
		*s = replace_byte(*s, from, to);
}

void kmemcheck_shadow_replace(uint32_t addr, uint32_t n,
			      enum kmemcheck_shadow from,
			      enum kmemcheck_shadow to)
{
	while (n) {
		uint32_t len = chunk(addr, n);
		uint8_t *s = kmemcheck_shadow_lookup(addr);

		if (s)
			replace(s, len, from, to);
		addr += len;
		n -= len;
	}
}

bool kmemcheck_shadow_tracked(uint32_t addr, uint32_t n)
{
	while (n) {
		uint32_t len = chunk(addr, n);

		if (kmemcheck_shadow_lookup(addr))
			return true;
		addr += len;
		n -= len;
	}
	return false;
}

static bool acceptable(uint8_t b, bool only_invalid)
{
	return b == KMEMCHECK_SHADOW_INITIALIZED ||
	       (only_invalid && b == KMEMCHECK_SHADOW_UNINITIALIZED);
}

/* Bit 0 set in each byte of w that find() passes over. */
static uint32_t acceptable_bytes(uint32_t w, bool only_invalid)
{
	uint32_t ok = matches(w, KMEMCHECK_SHADOW_INITIALIZED);

	if (only_invalid)
		ok |= matches(w, KMEMCHECK_SHADOW_UNINITIALIZED);
	return ok;
}

/* The offset of the first byte of s[0, n) find() stops at, or n. Whole
   words are only compared; a word that holds such a byte is searched
   byte by byte from its start, so the first one is found. */
static uint32_t find(const uint8_t *s, uint32_t n, bool only_invalid)
{
	uint32_t i = 0;

	for (; i < n && !word_aligned(s + i); i++)
		if (!acceptable(s[i], only_invalid))
			return i;
	for (; n - i >= WORD; i += WORD) {
		uint32_t w = *(const shadow_word *)(s + i);

		if (w != four(KMEMCHECK_SHADOW_INITIALIZED) &&
		    acceptable_bytes(w, only_invalid) != LOW_BITS)
			break;
	}
	for (; i < n; i++)
		if (!acceptable(s[i], only_invalid))
			return i;
	return n;
}

bool kmemcheck_shadow_find(uint32_t addr, uint32_t n, bool only_invalid,
			   uint32_t *where, enum kmemcheck_shadow *state)
{
	while (n) {
		uint32_t len = chunk(addr, n), i;
		uint8_t *s = kmemcheck_shadow_lookup(addr);

		if (s && (i = find(s, len, only_invalid)) < len) {
			*where = addr + i;
			*state = (enum kmemcheck_shadow)s[i];
			return true;
		}
		addr += len;
		n -= len;
	}
	return false;
}

/* One destination byte of a copy from a source byte (NULL: untracked). */
static void copy_byte(uint8_t *d, const uint8_t *s)
{
	if (*d == KMEMCHECK_SHADOW_FREED || *d == KMEMCHECK_SHADOW_UNALLOCATED)
		return;
	*d = s && *s == KMEMCHECK_SHADOW_UNINITIALIZED ?
	     KMEMCHECK_SHADOW_UNINITIALIZED : KMEMCHECK_SHADOW_INITIALIZED;
}

/* copy_byte for four bytes: each allocated byte of d becomes
   uninitialized where s is (0 for an untracked source), else
   initialized. */
static uint32_t copy_word(uint32_t d, uint32_t s)
{
	uint32_t allocated = matches(d, KMEMCHECK_SHADOW_UNINITIALIZED) |
			     matches(d, KMEMCHECK_SHADOW_INITIALIZED);
	uint32_t uninit = matches(s, KMEMCHECK_SHADOW_UNINITIALIZED);
	/* initialized is uninitialized + 1: subtract where the source is
	   uninitialized. */
	uint32_t states = four(KMEMCHECK_SHADOW_INITIALIZED) - uninit;

	_Static_assert(KMEMCHECK_SHADOW_INITIALIZED ==
		       KMEMCHECK_SHADOW_UNINITIALIZED + 1, "see above");
	return (d & ~byte_mask(allocated)) | (states & byte_mask(allocated));
}

/*
 * n bytes of shadow within one page each, d tracked, s NULL when the
 * source is untracked. Words when d and s are word-aligned together (a
 * copy between objects at the same offset in their slots: krealloc),
 * bytes otherwise; backward from the end when asked. A word is read whole
 * before it is written, so an overlap within a word moves as memmove
 * would.
 */
static void copy_run(uint8_t *d, const uint8_t *s, uint32_t n, bool backward)
{
	bool words = !s || (uintptr_t)d % WORD == (uintptr_t)s % WORD;
	uint32_t head = words ? (WORD - (uintptr_t)d % WORD) % WORD : n;
	uint32_t nwords, tail, i;

	if (head > n)
		head = n;
	nwords = (n - head) / WORD;
	tail = n - head - nwords * WORD;
	if (!backward) {
		for (i = 0; i < head; i++)
			copy_byte(d + i, s ? s + i : NULL);
	} else {
		for (i = n; i > n - tail; i--)
			copy_byte(d + i - 1, s ? s + i - 1 : NULL);
	}
	for (i = 0; i < nwords; i++) {
		uint32_t k = head + (backward ? nwords - 1 - i : i) * WORD;
		shadow_word *dw = (shadow_word *)(d + k);

		*dw = copy_word(*dw, s ? *(const shadow_word *)(s + k) : 0);
	}
	if (!backward) {
		for (i = n - tail; i < n; i++)
			copy_byte(d + i, s ? s + i : NULL);
	} else {
		for (i = head; i; i--)
			copy_byte(d + i - 1, s ? s + i - 1 : NULL);
	}
}

/* The length of the next run of a copy: within one page of each side. */
static uint32_t copy_chunk(uint32_t dst, uint32_t src, uint32_t n)
{
	uint32_t len = chunk(dst, n);

	return chunk(src, len);
}

/* The same, for a copy walked from the end: dst_end and src_end are
   one past the run's last byte. */
static uint32_t copy_chunk_back(uint32_t dst_end, uint32_t src_end,
				uint32_t n)
{
	uint32_t len = PGOFF(dst_end - 1) + 1;

	if (len > PGOFF(src_end - 1) + 1)
		len = PGOFF(src_end - 1) + 1;
	return n < len ? n : len;
}

/*
 * The CPU reads a whole MOVS element before it writes any of it, so when
 * source and destination overlap every byte's state must travel with the
 * byte, as memmove moves bytes: a destination above the source is walked
 * from its end, so that no source state is overwritten before it is read.
 * The walk goes in runs that stay within one page of each side: one
 * shadow lookup each per run.
 */
void kmemcheck_shadow_copy(uint32_t dst, uint32_t src, uint32_t n)
{
	bool backward = dst - src < n;
	uint32_t len;

	for (; n; n -= len) {
		uint32_t d = dst, s = src;
		uint8_t *ds;

		if (backward) {
			len = copy_chunk_back(dst + n, src + n, n);
			d += n - len;
			s += n - len;
		} else {
			len = copy_chunk(dst, src, n);
			dst += len;
			src += len;
		}
		ds = kmemcheck_shadow_lookup(d);
		if (ds)
			copy_run(ds, kmemcheck_shadow_lookup(s), len, backward);
	}
}

static void trust_page(uint32_t va)
{
	replace(kmemcheck_shadow_pages[(va - HEAP_START) / PAGE_SIZE], PAGE_SIZE,
		KMEMCHECK_SHADOW_UNINITIALIZED, KMEMCHECK_SHADOW_INITIALIZED);
}

void kmemcheck_shadow_trust_all(void)
{
	kmemcheck_shadow_for_each_page(trust_page);
}

/* The walk ends after the last page with a shadow: the heap fills from
   its start, so switching kmemcheck on or off seldom looks at the whole
   table. fn must not add or remove shadow pages. */
void kmemcheck_shadow_for_each_page(void (*fn)(uint32_t va))
{
	uint32_t p, seen;

	for (p = 0, seen = 0; p < HEAP_PAGES && seen < nr_pages; p++) {
		if (!kmemcheck_shadow_pages[p])
			continue;
		fn(HEAP_START + p * PAGE_SIZE);
		seen++;
	}
}

uint32_t kmemcheck_shadow_page_count(void)
{
	return nr_pages;
}
