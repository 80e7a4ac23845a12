/* tests/ktest.c - the in-kernel test runner. */
#include <stdarg.h>

#include "kernel/format.h"
#include "kernel/shutdown.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "tests/ktest.h"

#define WHY_MAX		160

extern const struct ktest _ktests_start[], _ktests_end[];

static struct {
	bool failed;
	char why[WHY_MAX];
} current;

void ktest_fail(const char *fmt, ...)
{
	va_list ap;
	char msg[WHY_MAX];

	va_start(ap, fmt);
	format_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("ktest: expectation failed: %s\n", msg);
	if (!current.failed)
		strlcpy(current.why, msg, sizeof(current.why));
	current.failed = true;
}

void ktest_expect(bool ok, const char *what, const char *file, int line)
{
	if (!ok)
		ktest_fail("%s:%d: %s", file, line, what);
}

void ktest_expect_eq(uint32_t a, uint32_t b, const char *what,
		     const char *file, int line)
{
	if (a != b)
		ktest_fail("%s:%d: %s (0x%x != 0x%x)", file, line, what, a, b);
}

bool ktest_take_report(struct kmemcheck_error *e, const char *file, int line)
{
	if (!kmemcheck_error_take(e)) {
		ktest_fail("%s:%d: expected a kmemcheck report, none came",
			   file, line);
		return false;
	}
	kmemcheck_error_print(e);
	/* Read in a log, a report looks the same whether a test planted
	   the bug or found one: say which this was. */
	printk("ktest: expected report above\n");
	return true;
}

void ktest_expect_report(uint8_t access, enum kmemcheck_shadow state,
			 unsigned int bits, uint32_t addr, const char *file,
			 int line)
{
	struct kmemcheck_error e;

	if (!ktest_take_report(&e, file, line))
		return;
	if (e.kind != KMEMCHECK_ERROR_ACCESS || e.access != access ||
	    e.state != state || e.size * 8u != bits || e.address != addr)
		ktest_fail("%s:%d: expected a %u-bit %s %s at %08x, got "
			   "kind %u: %u-bit %s %s at %08x", file, line, bits,
			   access == KMEMCHECK_ACCESS_READ ? "read" : "write",
			   kmemcheck_shadow_name[state], addr, e.kind,
			   e.size * 8u,
			   e.access == KMEMCHECK_ACCESS_READ ? "read" : "write",
			   e.state < KMEMCHECK_SHADOW_NR_STATES ?
			   kmemcheck_shadow_name[e.state] : "?", e.address);
}

/* Tests named crash_* end the machine on purpose, to prove the panic
   paths: they run only when the prefix names them. */
#define CRASH_PREFIX	"crash_"

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool selected(const struct ktest *t, const char *prefix)
{
	if (starts_with(t->name, CRASH_PREFIX) &&
	    !starts_with(prefix, CRASH_PREFIX))
		return false;
	return starts_with(t->name, prefix);
}

static bool run_one(const struct ktest *t)
{
	unsigned int leftover;

	printk("ktest: RUN %s\n", t->name);
	current.failed = false;
	current.why[0] = '\0';
	/* A test's first error is its own, never a repeat of the last
	   test's. */
	kmemcheck_forget_last_error();
	t->fn();
	/* Whatever the test did not expect is a finding: print it and
	   let it fail the test. */
	leftover = kmemcheck_pending();
	kmemcheck_flush();
	if (leftover && !current.failed)
		ktest_fail("%u unexpected kmemcheck report%s", leftover,
			   leftover == 1 ? "" : "s");
	if (current.failed)
		printk("ktest: FAIL %s: %s\n", t->name, current.why);
	else
		printk("ktest: PASS %s\n", t->name);
	return !current.failed;
}

bool ktest_spin_until(volatile uint32_t *p, uint32_t want)
{
	uint32_t n;

	for (n = 0; n < KTEST_SPIN_LIMIT; n++) {
		if (__atomic_load_n(p, __ATOMIC_SEQ_CST) == want)
			return true;
		pause();
	}
	return false;
}

void ktest_run(const char *prefix)
{
	const struct ktest *t;
	unsigned int passed = 0, failed = 0;
	uint64_t start = rdtsc();

	printk("ktest: running tests%s%s%s\n", *prefix ? " starting with '" : "",
	       prefix, *prefix ? "'" : "");
	kmemcheck_flush();
	for (t = _ktests_start; t < _ktests_end; t++) {
		if (!selected(t, prefix))
			continue;
		if (run_one(t))
			passed++;
		else
			failed++;
	}
	if (passed + failed == 0)
		printk("ktest: no test name starts with '%s'\n", prefix);
	/* Under QEMU's -icount the TSC counts guest instructions: make bench
	   reads the suite's virtual time from this line. */
	printk("time: %llu TSC cycles from the first test to the summary\n",
	       (unsigned long long)(rdtsc() - start));
	printk("%u passed, %u failed\n", passed, failed);
	shutdown(failed == 0 && passed > 0);
}
