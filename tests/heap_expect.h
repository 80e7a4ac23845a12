/* tests/heap_expect.h - expecting the reports the heap itself makes: bad
   pointers given to kfree, krealloc, ksize. */
#ifndef TESTS_HEAP_EXPECT_H
#define TESTS_HEAP_EXPECT_H

#include "kernel/string.h"
#include "tests/ktest.h"

/* Takes the oldest queued report and expects it to be of kind, about
   addr, made by the heap function op. */
static inline void heap_expect_report(enum kmemcheck_error_kind kind,
				      const void *addr, const char *op,
				      const char *file, int line)
{
	struct kmemcheck_error e;

	if (!ktest_take_report(&e, file, line))
		return;
	if (e.kind != kind || e.address != (uint32_t)addr || !e.op ||
	    strcmp(e.op, op) != 0)
		ktest_fail("%s:%d: expected report kind %u of %s(%p), got "
			   "kind %u of %s(0x%08x)", file, line, kind, op,
			   addr, e.kind, e.op ? e.op : "no function",
			   e.address);
}

#define KEXPECT_HEAP_REPORT(kind, addr, op)				\
	heap_expect_report(KMEMCHECK_ERROR_##kind, (addr), (op),	\
			   __FILE__, __LINE__)

#endif
