/* tests/test_kmemcheck_clean.c - correct code makes no kmemcheck report. */
#include "kernel/string.h"
#include "tests/ktest.h"

struct node {
	struct node *next;
	int value;
	char tag;
};

/* Every field written before it is read, every node freed once, and no
   pointer followed after its node is gone. */
KTEST(kmemcheck_clean_linked_list)
{
	struct node *head = NULL, *n, *next;
	int i, sum = 0, count = 0;

	for (i = 0; i < 50; i++) {
		n = kmalloc(sizeof(*n));
		KEXPECT(n != NULL);
		if (!n)
			break;
		n->value = i;
		n->tag = (char)('a' + i % 26);
		n->next = head;
		head = n;
	}
	for (n = head; n; n = n->next) {
		sum += n->value;
		count += n->tag >= 'a';
	}
	for (n = head; n; n = next) {
		next = n->next;
		kfree(n);
	}
	KEXPECT_EQ(sum, 49 * 50 / 2);
	KEXPECT_EQ(count, 50);
	KEXPECT_NO_REPORT();
}

struct record {
	int id;
	short flags;
	char name[10];
	struct node link;
};

/* Structure assignment and memcpy between kzalloc'd objects: padding
   included, every byte is initialized. */
KTEST(kmemcheck_clean_struct_copies)
{
	struct record *a = kzalloc(sizeof(*a)), *b = kzalloc(sizeof(*b));
	struct record *c = kmalloc(sizeof(*c));
	volatile struct record *vc = c;

	a->id = 7;
	a->flags = 3;
	strlcpy(a->name, "seven", sizeof(a->name));
	*b = *a;
	memcpy(c, b, sizeof(*c));
	KEXPECT_EQ(vc->id, 7);
	KEXPECT_EQ(vc->flags, 3);
	KEXPECT_EQ(strcmp(c->name, "seven"), 0);
	KEXPECT_EQ(memcmp(a, c, sizeof(*a)), 0);
	KEXPECT(kmemcheck_is_initialized(c, sizeof(*c)));
	KEXPECT_NO_REPORT();
	kfree(a);
	kfree(b);
	kfree(c);
}

/* kzalloc'd memory is initialized, whatever its size or where it falls. */
KTEST(kmemcheck_clean_kzalloc_read)
{
	static const size_t sizes[] = { 1, 15, 16, 100, 2048, 5000 };
	unsigned int i;
	size_t j;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		volatile uint8_t *p = kzalloc(sizes[i]);
		uint32_t sum = 0;

		/* Every byte read once would cost a fault each: the ends
		   and a stride are enough to find a hole. */
		for (j = 0; j < sizes[i]; j += 61)
			sum += p[j];
		sum += p[sizes[i] - 1];
		KEXPECT_EQ(sum, 0);
		KEXPECT(kmemcheck_is_initialized((void *)p, sizes[i]));
		kfree((void *)p);
	}
	KEXPECT_NO_REPORT();
}

/* The string functions read only up to the terminator they were given. */
KTEST(kmemcheck_clean_strings)
{
	char *s = kmalloc(32), *t = kmalloc(32);

	strlcpy(s, "kmemcheck", 32);
	KEXPECT_EQ(strlen(s), 9);
	strlcpy(t, s, 32);
	KEXPECT_EQ(strcmp(s, t), 0);
	KEXPECT_EQ(strncmp(s, "kmem", 4), 0);
	KEXPECT(strchr(t, 'c') == t + 4);
	printk("string from the heap: %s\n", t);
	KEXPECT_NO_REPORT();
	kfree(s);
	kfree(t);
}

/* A buffer grown by copying into a larger one and freeing the old one. */
KTEST(kmemcheck_clean_growing_buffer)
{
	int *buf = NULL, *bigger;
	unsigned int len = 0, cap = 0, i;
	int sum = 0;

	for (i = 0; i < 40; i++) {
		if (len == cap) {
			cap = cap ? 2 * cap : 4;
			bigger = kmalloc(cap * sizeof(*bigger));
			KEXPECT(bigger != NULL);
			if (!bigger)
				break;
			if (buf)
				memcpy(bigger, buf, len * sizeof(*buf));
			kfree(buf);
			buf = bigger;
		}
		buf[len++] = (int)i;
	}
	for (i = 0; i < len; i++)
		sum += buf[i];
	KEXPECT_EQ(sum, 39 * 40 / 2);
	kfree(buf);
	KEXPECT_NO_REPORT();
}
