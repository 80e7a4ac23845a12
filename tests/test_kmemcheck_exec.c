/* tests/test_kmemcheck_exec.c - code run from a tracked heap page. */
#include "kernel/string.h"
#include "tests/ktest.h"

/* mov eax, [ecx]; mov [edx], eax; ret */
static const uint8_t heap_code[] = { 0x8b, 0x01, 0x89, 0x02, 0xc3 };

static uint32_t run_heap_code(void *code, const void *src, void *dst)
{
	uint32_t v;

	asm volatile("call *%1"
		     : "=a"(v) : "r"(code), "c"(src), "d"(dst) : "memory");
	return v;
}

static void expect_exec(const void *code, uint32_t repeat)
{
	struct kmemcheck_error e;

	if (!ktest_take_report(&e, __FILE__, __LINE__))
		return;
	KEXPECT_EQ(e.kind, KMEMCHECK_ERROR_EXEC);
	KEXPECT_EQ(e.address, (uint32_t)code);
	KEXPECT_EQ(e.regs.eip, (uint32_t)code);
	KEXPECT_EQ(e.repeat, repeat);
	KEXPECT_EQ(e.code_len, KMEMCHECK_INSN_MAX_LEN);
	KEXPECT_EQ(e.code[0], heap_code[0]);
}

/*
 * Three instructions from the heap: one report of the fetch (the other
 * two repeat it), and the data each instruction touches is checked as
 * anywhere else: the load of an uninitialized word reports, the store
 * into a freed object too. No nested-fault or decoder reports.
 */
KTEST(kmemcheck_exec_from_heap)
{
	uint8_t *code = kmalloc(64);
	uint32_t *src = kmalloc(4), *dst = kzalloc(4);

	memcpy(code, heap_code, sizeof(heap_code));
	kmemcheck_mark_initialized(code + sizeof(heap_code),
				   64 - sizeof(heap_code));
	kfree(dst);
	run_heap_code(code, src, dst);
	expect_exec(code, 2);
	KEXPECT_REPORT(KMEMCHECK_ACCESS_READ, KMEMCHECK_SHADOW_UNINITIALIZED,
		       32, src);
	KEXPECT_REPORT(KMEMCHECK_ACCESS_WRITE, KMEMCHECK_SHADOW_FREED, 32,
		       dst);
	KEXPECT_NO_REPORT();
	kfree(code);
	kfree(src);
}

/* Initialized data, live objects: only the fetch is a bug. */
KTEST(kmemcheck_exec_clean_data)
{
	uint8_t *code = kmalloc(16);
	uint32_t *src = kzalloc(4), *dst = kmalloc(4);

	memcpy(code, heap_code, sizeof(heap_code));
	kmemcheck_mark_initialized(code + sizeof(heap_code),
				   16 - sizeof(heap_code));
	src[0] = 0x1234;
	KEXPECT_EQ(run_heap_code(code, src, dst), 0x1234);
	KEXPECT_EQ(dst[0], 0x1234);
	expect_exec(code, 2);
	KEXPECT_NO_REPORT();
	kfree(code);
	kfree(src);
	kfree(dst);
}
