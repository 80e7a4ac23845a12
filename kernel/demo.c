/* kernel/demo.c - planted bugs that show what kmemcheck reports. */
#include "kernel/demo.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kmemcheck/kmemcheck.h"
#include "mm/heap.h"

struct packet {
	int length;
	int checksum;
	char payload[24];
};

/* Every read goes through a volatile pointer so the compiler keeps the
   planted bug exactly as written. */
static void uninitialized_read(void)
{
	volatile struct packet *p = kmalloc(sizeof(*p));

	printk("\ndemo 1: checksum read before it was ever written\n");
	p->length = 24;
	printk("length %d, checksum %d\n", p->length, p->checksum);
	kfree((void *)p);
}

static void read_after_free(void)
{
	volatile struct packet *p = kzalloc(sizeof(*p));
	int length;

	printk("\ndemo 2: length read after kfree\n");
	kfree((void *)p);
	length = p->length;
	printk("length %d\n", length);
}

static void read_past_end(void)
{
	volatile int *table = kzalloc(10 * sizeof(int));
	int last;

	printk("\ndemo 3: table[10] read from a table of 10 ints\n");
	last = table[10];
	printk("table[10] = %d\n", last);
	kfree((void *)table);
}

static void copied_uninitialized(void)
{
	struct packet *a = kmalloc(sizeof(*a));
	volatile struct packet *b = kmalloc(sizeof(*b));

	printk("\ndemo 4: a struct copied with an uninitialized field; the "
	       "copy is fine, the use of the field is not\n");
	a->length = 4;
	memcpy((void *)b, a, sizeof(*a));
	printk("copy: length %d (fine), checksum %d\n", b->length,
	       b->checksum);
	kfree(a);
	kfree((void *)b);
}

static void (*const demos[])(void) = {
	uninitialized_read,
	read_after_free,
	read_past_end,
	copied_uninitialized,
};

#define NR_DEMOS	(sizeof(demos) / sizeof(demos[0]))

unsigned int demo_count(void)
{
	return NR_DEMOS;
}

void demo_run_one(unsigned int n)
{
	demos[n - 1]();
	kmemcheck_flush();
}

void demo_run(void)
{
	unsigned int i;

	printk("\ndemo: %u planted bugs, each followed by kmemcheck's report%s\n",
	       (unsigned int)NR_DEMOS,
	       kmemcheck_enabled() ? "" : " (kmemcheck is off: none will come)");
	for (i = 1; i <= NR_DEMOS; i++)
		demo_run_one(i);
	printk("\n");
	kmemcheck_print_stats();
}
