/* tests/test_kmemcheck_report.c - what each report says: the bug, the object, its stacks, the origin. */
#include "kernel/string.h"
#include "kernel/symbols.h"
#include "kmemcheck/report.h"
#include "kmemcheck/stack.h"
#include "kmemcheck/stackdepot.h"
#include "tests/ktest.h"

/*
 * Every step happens in a function of its own name, kept out of line and
 * out of the compiler's cloning (noipa), so the stacks the reports keep
 * can be checked by function name.
 */
#define SITE	__attribute__((noinline, noipa))

SITE static void *report_alloc_site(size_t n)
{
	return kmalloc(n);
}

SITE static void *report_other_alloc_site(size_t n)
{
	return kmalloc(n);
}

SITE static void report_free_site(void *p)
{
	kfree(p);
}

/* A second kfree from a site of its own: the report must keep the first
   free's stack, not take the second's. */
SITE static void report_free_again(void *p)
{
	kfree(p);
}

SITE static void report_copy_site(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
}

SITE static void report_copy_again(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
}

SITE static void report_move_site(void *dst, const void *src, size_t n)
{
	memmove(dst, src, n);
}

SITE static uint32_t report_reader(const void *p)
{
	uint32_t v;

	asm volatile("movl (%1), %0" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static const char *function_at(uint32_t addr)
{
	const struct ksym *s = ksym_lookup(addr);

	return s ? s->name : "?";
}

#define EXPECT_STACK_HAS(handle, fn)					\
	ktest_expect(kmemcheck_stack_has_function((handle), (fn)),	\
		     "stack has " fn, __FILE__, __LINE__)
#define EXPECT_TYPE(e, want)						\
	ktest_expect(kmemcheck_report_type(e) &&			\
		     strcmp(kmemcheck_report_type(e), (want)) == 0,	\
		     "type " want, __FILE__, __LINE__)

/* The object line: start, size, and where the address lies. */
static void expect_object(const struct kmemcheck_error *e, const void *start,
			  uint32_t size, uint8_t state)
{
	KEXPECT(e->has_object);
	KEXPECT_EQ(e->object.start, (uint32_t)start);
	KEXPECT_EQ(e->object.size, size);
	KEXPECT_EQ(e->object.state, state);
	KEXPECT(e->object.size_class >= size);
}

static unsigned int origin_stacks(const struct kmemcheck_error *e,
				  uint32_t *stacks)
{
	return kmemcheck_report_origin_stacks(e->origin, stacks, 4);
}

KTEST(kmemcheck_report_uninit)
{
	uint8_t *p = report_alloc_site(24);
	struct kmemcheck_error e;
	uint32_t stacks[4];

	report_reader(p + 4);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	EXPECT_TYPE(&e, "uninit-value");
	KEXPECT(strcmp(function_at(e.regs.eip), "report_reader") == 0);
	expect_object(&e, p, 24, KMEMCHECK_OBJECT_LIVE);
	/* The window starts at the object, which fits in it. */
	KEXPECT_EQ(e.snapshot_base, (uint32_t)p);
	EXPECT_STACK_HAS(e.object.alloc_stack, "report_alloc_site");
	EXPECT_STACK_HAS(e.object.alloc_stack, "ktest_fn_kmemcheck_report_uninit");
	KEXPECT(!kmemcheck_stack_has_function(e.object.alloc_stack, "kmalloc"));
	KEXPECT_EQ(e.object.free_stack, KMEMCHECK_DEPOT_NONE);
	/* Never copied: the origin is the allocation itself. */
	KEXPECT_EQ(origin_stacks(&e, stacks), 1);
	KEXPECT_EQ(stacks[0], e.object.alloc_stack);
	kfree(p);
}

KTEST(kmemcheck_report_use_after_free)
{
	uint8_t *p = report_alloc_site(40);
	struct kmemcheck_error e;

	memset(p, 0, 40);
	report_free_site(p);
	report_reader(p + 8);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	EXPECT_TYPE(&e, "use-after-free");
	expect_object(&e, p, 40, KMEMCHECK_OBJECT_FREED);
	EXPECT_STACK_HAS(e.object.alloc_stack, "report_alloc_site");
	EXPECT_STACK_HAS(e.object.free_stack, "report_free_site");
	EXPECT_STACK_HAS(e.object.free_stack,
			 "ktest_fn_kmemcheck_report_use_after_free");
	KEXPECT(!kmemcheck_stack_has_function(e.object.free_stack, "kfree"));
	KEXPECT_EQ(e.origin, KMEMCHECK_DEPOT_NONE);
}

KTEST(kmemcheck_report_out_of_bounds_right)
{
	uint8_t *p = report_alloc_site(40);
	struct kmemcheck_error e;

	report_reader(p + 42);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	EXPECT_TYPE(&e, "out-of-bounds");
	expect_object(&e, p, 40, KMEMCHECK_OBJECT_LIVE);
	KEXPECT(e.address >= e.object.start + e.object.size);
	KEXPECT_EQ(e.address - (e.object.start + e.object.size), 2);
	EXPECT_STACK_HAS(e.object.alloc_stack, "report_alloc_site");
	report_free_site(p);
}

/* A slot left free before a live one: the nearest object is to the
   right of the address, and the address to its left. */
KTEST(kmemcheck_report_out_of_bounds_left)
{
	uint8_t *a, *b;
	struct kmemcheck_error e;

	heap_drain_quarantine();
	a = report_alloc_site(1500);	/* two per page: class 2048 */
	b = report_other_alloc_site(1500);
	KEXPECT_EQ((uint32_t)b, (uint32_t)a + 2048);
	kfree(a);
	heap_drain_quarantine();
	report_reader(a + 100);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	EXPECT_TYPE(&e, "out-of-bounds");
	expect_object(&e, b, 1500, KMEMCHECK_OBJECT_LIVE);
	KEXPECT(e.address < e.object.start);
	KEXPECT_EQ(e.object.start - e.address, 2048 - 100);
	EXPECT_STACK_HAS(e.object.alloc_stack, "report_other_alloc_site");
	kfree(b);
}

KTEST(kmemcheck_report_double_free)
{
	uint8_t *p = report_alloc_site(32);
	struct kmemcheck_error e;

	report_free_site(p);
	report_free_again(p);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	KEXPECT_EQ(e.kind, KMEMCHECK_ERROR_DOUBLE_FREE);
	EXPECT_TYPE(&e, "double-free");
	KEXPECT_EQ(e.address, (uint32_t)p);
	/* The bug is at the second call of kfree... */
	KEXPECT(strcmp(function_at(e.regs.eip - 1), "report_free_again") == 0);
	expect_object(&e, p, 32, KMEMCHECK_OBJECT_FREED);
	EXPECT_STACK_HAS(e.object.alloc_stack, "report_alloc_site");
	/* ...and Freed at names the first. */
	EXPECT_STACK_HAS(e.object.free_stack, "report_free_site");
	KEXPECT(!kmemcheck_stack_has_function(e.object.free_stack,
					      "report_free_again"));
}

KTEST(kmemcheck_report_free_of_the_middle)
{
	uint8_t *p = report_alloc_site(32);
	struct kmemcheck_error e;

	report_free_site(p + 8);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	KEXPECT_EQ(e.kind, KMEMCHECK_ERROR_INVALID_FREE);
	EXPECT_TYPE(&e, "invalid-free");
	expect_object(&e, p, 32, KMEMCHECK_OBJECT_LIVE);
	KEXPECT_EQ(e.address - e.object.start, 8);
	EXPECT_STACK_HAS(e.object.alloc_stack, "report_alloc_site");
	KEXPECT_EQ(e.object.free_stack, KMEMCHECK_DEPOT_NONE);
	kfree(p);
}

KTEST(kmemcheck_report_free_never_allocated)
{
	uint32_t local;
	struct kmemcheck_error e;

	report_free_site(&local);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	KEXPECT_EQ(e.kind, KMEMCHECK_ERROR_INVALID_FREE);
	EXPECT_TYPE(&e, "invalid-free");
	KEXPECT(!e.has_object);
	KEXPECT(strcmp(function_at(e.trace[0] - 1), "report_free_site") == 0);
}

/* Uninitialized bytes copied once: created at the first allocation,
   stored by the copy, read in the second object. */
KTEST(kmemcheck_report_origin_one_copy)
{
	uint8_t *src = report_alloc_site(16);
	uint8_t *dst = report_other_alloc_site(16);
	struct kmemcheck_error e;
	uint32_t stacks[4];

	report_copy_site(dst, src, 16);
	report_reader(dst + 8);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	EXPECT_TYPE(&e, "uninit-value");
	expect_object(&e, dst, 16, KMEMCHECK_OBJECT_LIVE);
	EXPECT_STACK_HAS(e.object.alloc_stack, "report_other_alloc_site");
	if (origin_stacks(&e, stacks) != 2) {
		ktest_fail("origin of %u stacks, want 2",
			   origin_stacks(&e, stacks));
		return;
	}
	EXPECT_STACK_HAS(stacks[0], "report_alloc_site");
	EXPECT_STACK_HAS(stacks[1], "memcpy");
	EXPECT_STACK_HAS(stacks[1], "report_copy_site");
	kfree(src);
	kfree(dst);
}

KTEST(kmemcheck_report_origin_two_copies)
{
	uint8_t *a = report_alloc_site(16);
	uint8_t *b = report_other_alloc_site(16);
	uint8_t *c = kmalloc(16);
	struct kmemcheck_error e;
	uint32_t stacks[4];

	report_copy_site(b, a, 16);
	report_copy_again(c, b, 16);
	report_reader(c + 4);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	EXPECT_TYPE(&e, "uninit-value");
	if (origin_stacks(&e, stacks) != 3) {
		ktest_fail("origin of %u stacks, want 3",
			   origin_stacks(&e, stacks));
		return;
	}
	/* Oldest first: the allocation, then each copy in turn. */
	EXPECT_STACK_HAS(stacks[0], "report_alloc_site");
	EXPECT_STACK_HAS(stacks[1], "report_copy_site");
	KEXPECT(!kmemcheck_stack_has_function(stacks[1], "report_copy_again"));
	EXPECT_STACK_HAS(stacks[2], "report_copy_again");
	kfree(a);
	kfree(b);
	kfree(c);
}

/* memmove onto an overlapping range above its source copies from the
   top down with DF set (kernel/string.c): the origins go along, each
   element's before it is overwritten. */
KTEST(kmemcheck_report_origin_through_memmove)
{
	uint8_t *p = report_alloc_site(32);
	struct kmemcheck_error e;
	uint32_t stacks[4];

	report_move_site(p + 8, p, 16);
	report_reader(p + 12);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	EXPECT_TYPE(&e, "uninit-value");
	expect_object(&e, p, 32, KMEMCHECK_OBJECT_LIVE);
	if (origin_stacks(&e, stacks) != 2) {
		ktest_fail("origin of %u stacks, want 2",
			   origin_stacks(&e, stacks));
		return;
	}
	EXPECT_STACK_HAS(stacks[0], "report_alloc_site");
	EXPECT_STACK_HAS(stacks[1], "memmove");
	EXPECT_STACK_HAS(stacks[1], "report_move_site");
	kfree(p);
}

/* Six callers above kmalloc, all kept (KMEMCHECK_STACK_DEPTH). */
SITE static void *report_depth_1(void) { return kmalloc(8); }
SITE static void *report_depth_2(void) { return report_depth_1(); }
SITE static void *report_depth_3(void) { return report_depth_2(); }
SITE static void *report_depth_4(void) { return report_depth_3(); }
SITE static void *report_depth_5(void) { return report_depth_4(); }
SITE static void *report_depth_6(void) { return report_depth_5(); }

KTEST(kmemcheck_report_stack_depth)
{
	uint8_t *p = report_depth_6();
	struct kmemcheck_error e;

	report_reader(p);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	EXPECT_STACK_HAS(e.object.alloc_stack, "report_depth_1");
	EXPECT_STACK_HAS(e.object.alloc_stack, "report_depth_6");
	/* The test's own frame is the seventh: kept at the default depth,
	   not at a build's KMEMCHECK_STACK_DEPTH=6. */
	if (KMEMCHECK_STACK_DEPTH >= 7)
		EXPECT_STACK_HAS(e.object.alloc_stack,
				 "ktest_fn_kmemcheck_report_stack_depth");
	kfree(p);
}

/* Called only with the depot full: its stack is new at any depth. */
SITE static void *report_alloc_unkept(void)
{
	return kmalloc(8);
}

/* With the depot full, a new stack is not kept, and the report says so
   rather than showing another stack. */
KTEST(kmemcheck_report_depot_full)
{
	struct kmemcheck_depot_stats before, after;
	struct kmemcheck_error e;
	uint32_t old, stacks[4];
	uint8_t *p;

	kmemcheck_depot_get_stats(&before);
	old = kmemcheck_depot_set_limit(before.bytes_used);
	p = report_alloc_unkept();
	kmemcheck_depot_set_limit(old);
	kmemcheck_depot_get_stats(&after);
	KEXPECT(after.lost > before.lost);
	report_reader(p);
	if (ktest_take_report(&e, __FILE__, __LINE__)) {
		KEXPECT_EQ(e.object.alloc_stack, KMEMCHECK_DEPOT_LOST);
		KEXPECT(!kmemcheck_stack_has_function(e.object.alloc_stack,
						      "report_alloc_unkept"));
		KEXPECT_EQ(origin_stacks(&e, stacks), 1);
		KEXPECT_EQ(stacks[0], KMEMCHECK_DEPOT_LOST);
	}
	kfree(p);
}

SITE static void *report_realloc_site(void *p, size_t n)
{
	return krealloc(p, n);
}

/* krealloc moves uninitialized bytes into a larger object: they keep
   their origin, with krealloc's caller as the copy; the old object is
   freed there and the new one allocated there. */
KTEST(kmemcheck_report_origin_through_krealloc)
{
	uint8_t *p = report_alloc_site(16), *q;
	struct kmemcheck_error e;
	uint32_t stacks[4];

	p[0] = 1;
	q = report_realloc_site(p, 64);
	KEXPECT(q && q != p);
	if (!q)
		return;
	report_reader(q + 4);
	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	EXPECT_TYPE(&e, "uninit-value");
	expect_object(&e, q, 64, KMEMCHECK_OBJECT_LIVE);
	EXPECT_STACK_HAS(e.object.alloc_stack, "report_realloc_site");
	KEXPECT(!kmemcheck_stack_has_function(e.object.alloc_stack,
					      "krealloc"));
	if (origin_stacks(&e, stacks) != 2) {
		ktest_fail("origin of %u stacks, want 2",
			   origin_stacks(&e, stacks));
		return;
	}
	EXPECT_STACK_HAS(stacks[0], "report_alloc_site");
	EXPECT_STACK_HAS(stacks[1], "report_realloc_site");
	KEXPECT(!kmemcheck_stack_has_function(stacks[1], "krealloc"));
	/* The old object: freed by the same call. */
	report_reader(p);
	if (ktest_take_report(&e, __FILE__, __LINE__)) {
		EXPECT_TYPE(&e, "use-after-free");
		EXPECT_STACK_HAS(e.object.free_stack, "report_realloc_site");
	}
	kfree(q);
}
