/* tests/test_gdb_targets.c - where the gdb sessions of jobs_gdb.py stop. */
#include "tests/ktest.h"

#define READ	KMEMCHECK_ACCESS_READ

/* A heap object gdb prints while its page is hidden. */
struct gdb_sample {
	uint32_t magic;
	uint32_t count;
	char name[8];
	uint32_t never_written;
};

/* gdb stops here, the object's page hidden; out of line so that it has a
   frame and a breakpoint of its own. */
__attribute__((noinline)) void gdb_sample_stop(struct gdb_sample *s)
{
	asm volatile("" : : "r"(s) : "memory");
}

/* The second load reads a word nobody wrote: the report for kmc-break and
   for a backtrace through the #PF. Volatile keeps both loads, in order. */
__attribute__((noinline)) uint32_t gdb_sum_pair(const uint32_t *pair)
{
	const volatile uint32_t *p = pair;
	uint32_t first = p[0];
	uint32_t second = p[1];

	return first + second;
}

/* Whatever gdb did at the stop, the page is hidden again afterwards: the
   read of a field nobody wrote is still caught. */
KTEST(gdb_hidden_object)
{
	struct gdb_sample *s = kmalloc(sizeof(*s));
	const volatile uint32_t *never = &s->never_written;

	s->magic = 0x6b6d6321;
	s->count = 3;
	s->name[0] = 'g';
	s->name[1] = 'd';
	s->name[2] = 'b';
	s->name[3] = '\0';
	gdb_sample_stop(s);
	KEXPECT(s->magic == 0x6b6d6321 && s->count == 3);
	(void)*never;
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, never);
	kfree(s);
}

KTEST(gdb_uninit_read)
{
	uint32_t *pair = kmalloc(2 * sizeof(*pair));

	pair[0] = 1;
	gdb_sum_pair(pair);
	KEXPECT_REPORT(READ, KMEMCHECK_SHADOW_UNINITIALIZED, 32, &pair[1]);
	kfree(pair);
}
