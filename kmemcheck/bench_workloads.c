/* kmemcheck/bench_workloads.c - ordinary kernel code for make bench to time. */
#include <stddef.h>

#include "kernel/string.h"
#include "kmemcheck/bench.h"
#include "mm/heap.h"

/*
 * Each workload is the plain code a kernel is made of, not code shaped for
 * the checker: kmalloc'd nodes and strings, loops over fields. They are
 * small, because with kmemcheck on every access to the heap is a fault.
 */

struct list_node {
	struct list_node *next;
	uint32_t value;
};

static uint32_t list(struct bench_bufs *b)
{
	struct list_node *head = NULL, *n;
	uint32_t sum = 0;
	unsigned int i;

	(void)b;
	for (i = 0; i < 128; i++) {
		n = kmalloc(sizeof(*n));
		if (!n)
			break;
		n->value = i;
		n->next = head;
		head = n;
	}
	for (n = head; n; n = n->next)
		sum += n->value;
	while (head) {
		n = head->next;
		kfree(head);
		head = n;
	}
	return sum;
}

#define HASH_BITS	6
#define HASH_KEYS	128

struct hash_entry {
	struct hash_entry *next;
	uint32_t key;
	uint32_t value;
};

/* Fibonacci hashing: the top bits of key * 2^32 / phi. */
static unsigned int hash_key(uint32_t key)
{
	return (key * 2654435761u) >> (32 - HASH_BITS);
}

static uint32_t hash(struct bench_bufs *b)
{
	struct hash_entry **table, *e, *next;
	uint32_t found = 0;
	unsigned int i;

	(void)b;
	table = kzalloc(sizeof(*table) << HASH_BITS);
	if (!table)
		return 0;
	for (i = 0; i < HASH_KEYS; i++) {
		unsigned int h = hash_key(i * 7 + 1);

		e = kmalloc(sizeof(*e));
		if (!e)
			break;
		e->key = i * 7 + 1;
		e->value = i;
		e->next = table[h];
		table[h] = e;
	}
	/* Half the keys looked up are there, half are not. */
	for (i = 0; i < 2 * HASH_KEYS; i++) {
		uint32_t key = i * 7 + (i & 1);

		for (e = table[hash_key(key)]; e; e = e->next) {
			if (e->key == key) {
				found += e->value;
				break;
			}
		}
	}
	for (i = 0; i < 1u << HASH_BITS; i++) {
		for (e = table[i]; e; e = next) {
			next = e->next;
			kfree(e);
		}
	}
	kfree(table);
	return found;
}

static const char *const words[] = {
	"kmemcheck", "page fault", "single step", "shadow byte",
	"uninitialized", "red zone", "quarantine", "trap flag",
};

#define NR_WORDS	(sizeof(words) / sizeof(words[0]))
#define NR_STRINGS	16

static void copy_string(char *dst, const char *src)
{
	while ((*dst++ = *src++))
		;
}

static uint32_t string(struct bench_bufs *b)
{
	char *s[NR_STRINGS], *copy;
	uint32_t total = 0;
	unsigned int i;

	(void)b;
	for (i = 0; i < NR_STRINGS; i++) {
		s[i] = kmalloc(strlen(words[i % NR_WORDS]) + 1);
		if (s[i])
			copy_string(s[i], words[i % NR_WORDS]);
	}
	copy = kmalloc(32);
	for (i = 0; i < NR_STRINGS; i++) {
		if (!s[i] || !copy)
			continue;
		total += strlen(s[i]);
		copy_string(copy, s[i]);
		total += strcmp(copy, s[i]) == 0;
		total += strcmp(s[i], s[(i + 1) % NR_STRINGS]) < 0;
	}
	kfree(copy);
	for (i = 0; i < NR_STRINGS; i++)
		kfree(s[i]);
	return total;
}

static uint32_t memset_4k(struct bench_bufs *b)
{
	memset(b->dst, 0x5a, BENCH_BUF_SIZE);
	return b->dst[0];
}

static uint32_t memcpy_4k(struct bench_bufs *b)
{
	memcpy(b->dst, b->src, BENCH_BUF_SIZE);
	return b->dst[0];
}

struct tree_node {
	struct tree_node *left;
	struct tree_node *right;
	uint32_t key;
};

static void tree_free(struct tree_node *t)
{
	if (!t)
		return;
	tree_free(t->left);
	tree_free(t->right);
	kfree(t);
}

#define TREE_KEYS	128

/* A binary search tree: keys inserted in a scattered order, each looked
   up once, then the tree freed from the leaves up. */
static uint32_t tree(struct bench_bufs *b)
{
	struct tree_node *root = NULL, **link, *t;
	uint32_t found = 0;
	unsigned int i;

	(void)b;
	for (i = 0; i < TREE_KEYS; i++) {
		uint32_t key = (i * 37) % TREE_KEYS;

		link = &root;
		while (*link)
			link = key < (*link)->key ? &(*link)->left :
						    &(*link)->right;
		t = kmalloc(sizeof(*t));
		if (!t)
			break;
		t->key = key;
		t->left = t->right = NULL;
		*link = t;
	}
	for (i = 0; i < TREE_KEYS; i++) {
		for (t = root; t && t->key != i;)
			t = i < t->key ? t->left : t->right;
		found += t != NULL;
	}
	tree_free(root);
	return found;
}

#define RING_SLOTS	16
#define RING_PAYLOAD	16

struct message {
	uint32_t seq;
	uint16_t type;
	uint16_t len;
	uint8_t payload[RING_PAYLOAD];
};

struct ring {
	uint32_t head;		/* next slot to fill */
	uint32_t tail;		/* next slot to read */
	struct message slot[RING_SLOTS];
};

/* A message ring: a producer fills a few slots, a consumer drains them. */
static uint32_t ring(struct bench_bufs *b)
{
	struct ring *r = kmalloc(sizeof(*r));
	uint32_t sum = 0, seq = 0;
	unsigned int round, i;

	(void)b;
	if (!r)
		return 0;
	r->head = r->tail = 0;
	for (round = 0; round < 16; round++) {
		while (r->head - r->tail < 4) {
			struct message *m = &r->slot[r->head % RING_SLOTS];

			m->seq = seq++;
			m->type = round & 3;
			m->len = 8;
			for (i = 0; i < m->len; i++)
				m->payload[i] = (uint8_t)(seq + i);
			r->head++;
		}
		while (r->tail != r->head) {
			struct message *m = &r->slot[r->tail % RING_SLOTS];

			sum += m->seq + m->type;
			for (i = 0; i < m->len; i++)
				sum += m->payload[i];
			r->tail++;
		}
	}
	kfree(r);
	return sum;
}

#define NR_RECORDS	32

struct record {
	uint32_t id;
	char name[12];
	uint16_t age;
	uint8_t flags;
	uint32_t balance;
	struct record *parent;
};

/* Struct-heavy records: an array of them filled field by field, then
   queried and updated the way bookkeeping code does. */
static uint32_t records(struct bench_bufs *b)
{
	struct record *recs = kmalloc(NR_RECORDS * sizeof(*recs));
	uint32_t total = 0;
	unsigned int i, j;

	(void)b;
	if (!recs)
		return 0;
	for (i = 0; i < NR_RECORDS; i++) {
		struct record *r = &recs[i];

		r->id = 1000 + i;
		for (j = 0; j < sizeof(r->name) - 1; j++)
			r->name[j] = 'a' + (i + j) % 26;
		r->name[j] = '\0';
		r->age = 20 + i % 50;
		r->flags = i & 7;
		r->balance = i * 100;
		r->parent = i ? &recs[i / 2] : NULL;
	}
	for (i = 0; i < NR_RECORDS; i++) {
		struct record *r = &recs[i];

		if (r->flags & 1)
			r->balance += r->age;
		if (r->parent && r->parent->age > r->age)
			total += r->parent->id;
		total += r->balance + (uint8_t)r->name[0];
	}
	kfree(recs);
	return total;
}

/* Big buffers: a 4 KiB block transformed word by word into another, then
   checksummed, as a driver or a codec would. */
static uint32_t buffers(struct bench_bufs *b)
{
	const uint32_t *src = (const uint32_t *)b->src;
	uint32_t *dst = (uint32_t *)b->dst, sum = 0;
	unsigned int i;

	for (i = 0; i < BENCH_BUF_SIZE / 4; i++)
		dst[i] = src[i] ^ (i * 0x9e3779b9u);
	for (i = 0; i < BENCH_BUF_SIZE / 4; i++)
		sum = (sum << 1 | sum >> 31) ^ dst[i];
	return sum;
}

static const char command_line[] =
	"root=/dev/sda1 console=ttyS0 kmemcheck=1 ktest=heap_ quiet "
	"loglevel=4 init=/sbin/init panic=10";

#define MAX_TOKENS	16

/* Strings: a command line copied to the heap, split into words in place,
   each key=value looked at, and the words joined again. */
static uint32_t tokens(struct bench_bufs *b)
{
	size_t len = strlen(command_line);
	char *line = kmalloc(len + 1), *out = kmalloc(len + 1), *p;
	char **tok = kmalloc(MAX_TOKENS * sizeof(*tok));
	unsigned int n = 0, i;
	uint32_t total = 0;

	(void)b;
	if (!line || !out || !tok)
		goto out;
	copy_string(line, command_line);
	for (p = line; *p && n < MAX_TOKENS;) {
		tok[n++] = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
	}
	for (i = 0; i < n; i++) {
		char *eq = strchr(tok[i], '=');

		if (eq && strncmp(tok[i], "kmemcheck", eq - tok[i]) == 0)
			total += eq[1] - '0';
		total += strlen(tok[i]);
	}
	p = out;
	for (i = 0; i < n; i++) {
		copy_string(p, tok[i]);
		p += strlen(p);
		*p++ = i + 1 < n ? ' ' : '\0';
	}
	total += strcmp(out, command_line) == 0;
out:
	kfree(tok);
	kfree(out);
	kfree(line);
	return total;
}

const struct bench_workload bench_workloads[] = {
	{ "list", "linked list: build, walk, free 128 nodes", list },
	{ "hash", "hash table: 128 inserts, 256 lookups", hash },
	{ "string", "strings: strlen, strcpy, strcmp on 16", string },
	{ "memset_4k", "memset 4 KiB", memset_4k },
	{ "memcpy_4k", "memcpy 4 KiB", memcpy_4k },
	{ "tree", "search tree: 128 inserts, lookups", tree },
	{ "ring", "message ring: 64 messages through 16 slots", ring },
	{ "records", "struct-heavy records: fill, query 32", records },
	{ "buffers", "big buffers: transform, checksum 4 KiB", buffers },
	{ "tokens", "strings: split a command line, join it", tokens },
};

const unsigned int bench_nr_workloads =
	sizeof(bench_workloads) / sizeof(bench_workloads[0]);
