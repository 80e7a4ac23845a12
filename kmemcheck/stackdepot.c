/* kmemcheck/stackdepot.c - call stacks stored once, named by a 32-bit handle. */
#include <stdbool.h>
#include <stddef.h>

#include "kernel/mmu.h"
#include "kmemcheck/shadow.h"
#include "kmemcheck/stackdepot.h"

/*
 * Most objects of a program are allocated from a handful of places, so
 * most stacks repeat: each distinct record is stored once, found again by
 * a hash of its words, and an object keeps a 4-byte handle instead of its
 * frames. Records are appended to a pool of whole pages taken at init;
 * nothing is ever removed, so a handle stays valid for the whole run.
 *
 * A handle is (page index + 1) << 12 | offset of the record in that page:
 * records are 4-byte aligned and never cross a page, and handles below
 * 4096 (NONE, LOST) name no record.
 */
#define BUCKETS		1024	/* a power of two */

struct record {
	uint32_t next;		/* handle of the next record in the bucket */
	uint32_t hash;
	uint8_t kind;
	uint8_t n;		/* words that follow */
	uint16_t reserved;
	uint32_t words[];
};

static uint8_t *pool[KMEMCHECK_DEPOT_PAGES];
static unsigned int nr_pool;
static uint32_t buckets[BUCKETS];
static uint32_t cur_page, cur_off;	/* where the next record goes */
static uint32_t limit = UINT32_MAX;
static struct kmemcheck_depot_stats stats;

/* A multiplicative mix per word, then the murmur3 finalizer: addresses
   differ in few low bits, and these spread them over every bucket. */
static uint32_t hash_words(enum kmemcheck_depot_kind kind,
			   const uint32_t *w, unsigned int n)
{
	uint32_t h = 0x9747b28cu ^ (uint32_t)kind ^ (n << 8);
	unsigned int i;

	for (i = 0; i < n; i++) {
		h ^= w[i] * 0xcc9e2d51u;
		h = (h << 13) | (h >> 19);
		h = h * 5 + 0xe6546b64u;
	}
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static struct record *record_of(uint32_t handle)
{
	uint32_t page = (handle >> 12) - 1, off = handle & (PAGE_SIZE - 1);

	if (handle < PAGE_SIZE || page >= nr_pool || off & 3 ||
	    (page == cur_page && off >= cur_off) || page > cur_page)
		return NULL;
	return (struct record *)(pool[page] + off);
}

void kmemcheck_depot_init(unsigned int pages)
{
	unsigned int i;

	while (nr_pool)
		kmemcheck_page_free(pool[--nr_pool]);
	if (pages > KMEMCHECK_DEPOT_PAGES)
		pages = KMEMCHECK_DEPOT_PAGES;
	for (i = 0; i < pages; i++) {
		pool[i] = kmemcheck_page_alloc();
		if (!pool[i])
			break;
		nr_pool++;
	}
	for (i = 0; i < BUCKETS; i++)
		buckets[i] = KMEMCHECK_DEPOT_NONE;
	cur_page = cur_off = 0;
	limit = UINT32_MAX;
	stats = (struct kmemcheck_depot_stats){
		.bytes_reserved = nr_pool * PAGE_SIZE,
	};
}

static bool same(const struct record *r, uint32_t hash,
		 enum kmemcheck_depot_kind kind, const uint32_t *w,
		 unsigned int n)
{
	unsigned int i;

	if (r->hash != hash || r->kind != kind || r->n != n)
		return false;
	for (i = 0; i < n; i++)
		if (r->words[i] != w[i])
			return false;
	return true;
}

/* Room for a record of size bytes at the end of the pool, or 0. */
static uint32_t make_room(uint32_t size)
{
	uint32_t handle;

	if (stats.bytes_used + size > limit)
		return 0;
	if (cur_off + size > PAGE_SIZE) {
		cur_page++;
		cur_off = 0;
	}
	if (cur_page >= nr_pool)
		return 0;
	handle = ((cur_page + 1) << 12) | cur_off;
	cur_off += size;
	stats.bytes_used += size;
	return handle;
}

uint32_t kmemcheck_depot_save(enum kmemcheck_depot_kind kind,
			      const uint32_t *words, unsigned int n)
{
	uint32_t hash, handle, size;
	struct record *r;
	unsigned int i;

	if (n == 0)
		return KMEMCHECK_DEPOT_NONE;
	if (n > KMEMCHECK_DEPOT_MAX_WORDS)
		n = KMEMCHECK_DEPOT_MAX_WORDS;
	stats.saves++;
	hash = hash_words(kind, words, n);
	for (handle = buckets[hash & (BUCKETS - 1)]; handle;
	     handle = r->next) {
		r = record_of(handle);
		if (same(r, hash, kind, words, n))
			return handle;
	}
	size = sizeof(*r) + n * sizeof(uint32_t);
	handle = make_room(size);
	if (!handle) {
		stats.lost++;
		return KMEMCHECK_DEPOT_LOST;
	}
	r = record_of(handle);
	r->hash = hash;
	r->kind = (uint8_t)kind;
	r->n = (uint8_t)n;
	r->reserved = 0;
	for (i = 0; i < n; i++)
		r->words[i] = words[i];
	/* Linked last: the record is whole before a lookup can reach it. */
	r->next = buckets[hash & (BUCKETS - 1)];
	buckets[hash & (BUCKETS - 1)] = handle;
	stats.records++;
	return handle;
}

unsigned int kmemcheck_depot_fetch(uint32_t handle,
				   enum kmemcheck_depot_kind *kind,
				   const uint32_t **words)
{
	const struct record *r = record_of(handle);

	if (!r)
		return 0;
	*kind = (enum kmemcheck_depot_kind)r->kind;
	*words = r->words;
	return r->n;
}

void kmemcheck_depot_get_stats(struct kmemcheck_depot_stats *out)
{
	*out = stats;
}

uint32_t kmemcheck_depot_set_limit(uint32_t new_limit)
{
	uint32_t old = limit;

	limit = new_limit;
	return old;
}
