/* tests/ktest.h - everything an in-kernel test file needs. */
#ifndef TESTS_KTEST_H
#define TESTS_KTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/printk.h"
#include "kmemcheck/error.h"
#include "kmemcheck/kmemcheck.h"
#include "mm/heap.h"

struct ktest {
	const char *name;
	void (*fn)(void);
};

/*
 * KTEST(name) { ... } defines a test. The descriptor goes into the .ktests
 * section, which the linker script collects: any file in the build that
 * defines tests registers them, with no list to edit.
 */
#define KTEST(tname)							\
	static void ktest_fn_##tname(void);				\
	static const struct ktest ktest_desc_##tname			\
		__attribute__((used, section(".ktests"), aligned(4))) =	\
		{ #tname, ktest_fn_##tname };				\
	static void ktest_fn_##tname(void)

/* Records a failure (the first one names the test's FAIL line) and goes
   on: one test sees as much as it can. */
#define KEXPECT(cond)	ktest_expect((cond), #cond, __FILE__, __LINE__)
#define KEXPECT_EQ(a, b)						\
	ktest_expect_eq((uint32_t)(a), (uint32_t)(b), #a " == " #b,	\
			__FILE__, __LINE__)

/*
 * Takes the oldest queued kmemcheck report (printing it, as the runner
 * would) and expects it to be an access of the given kind. Reports a test
 * does not take fail the test at its end.
 */
#define KEXPECT_REPORT(access, state, bits, addr)			\
	ktest_expect_report((access), (state), (bits), (uint32_t)(addr), \
			    __FILE__, __LINE__)
/* The same, and hands over the report for further checks. */
bool ktest_take_report(struct kmemcheck_error *out, const char *file,
		       int line);
#define KEXPECT_NO_REPORT()						\
	ktest_expect(kmemcheck_pending() == 0,				\
		     "no kmemcheck report pending", __FILE__, __LINE__)

void ktest_expect(bool ok, const char *what, const char *file, int line);
void ktest_expect_eq(uint32_t a, uint32_t b, const char *what,
		     const char *file, int line);
void ktest_expect_report(uint8_t access, enum kmemcheck_shadow state,
			 unsigned int bits, uint32_t addr, const char *file,
			 int line);
void ktest_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* For tests on several CPUs: waits until *p == want, for at most
   KTEST_SPIN_LIMIT rounds, so that a lost IPI fails a test instead of
   hanging the suite. True when it came. */
#define KTEST_SPIN_LIMIT	50000000u
bool ktest_spin_until(volatile uint32_t *p, uint32_t want);

/* Runs the tests whose names start with prefix ("" for all), prints the
   summary and stops the machine with the verdict. */
void ktest_run(const char *prefix) __attribute__((noreturn));

#endif
