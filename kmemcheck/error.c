/* kmemcheck/error.c - the report queue: saved in the fault path, printed later. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/stacktrace.h"
#include "kernel/string.h"
#include "kernel/symbols.h"
#include "kernel/x86.h"
#include "kmemcheck/disasm.h"
#include "kmemcheck/error.h"
#include "kmemcheck/internal.h"
#include "kmemcheck/pte.h"
#include "kmemcheck/report.h"

/*
 * A fixed ring: the fault path may run with interrupts off, inside any
 * code, so it can neither allocate nor print. The queue is read with
 * interrupts off, one entry at a time, because a tracked access in an
 * interrupt handler may add to it meanwhile.
 */
static struct kmemcheck_error queue[KMEMCHECK_ERROR_QUEUE];
static volatile uint32_t head, count;
static uint32_t dropped, dropped_printed, total, queued_total;

static const char *const kind_name[] = {
	[KMEMCHECK_ERROR_UNSUPPORTED] = "unsupported instruction",
	[KMEMCHECK_ERROR_NESTED] = "BUG: nested fault while single-stepping",
	[KMEMCHECK_ERROR_MISMATCH] =
		"BUG: fault address outside the decoded operands",
	[KMEMCHECK_ERROR_DOUBLE_FREE] = "Caught double free",
	[KMEMCHECK_ERROR_INVALID_FREE] = "Caught invalid free",
	[KMEMCHECK_ERROR_FREED_POINTER] = "freed memory",
	[KMEMCHECK_ERROR_INVALID_POINTER] = "invalid pointer",
};

static struct kmemcheck_error *newest(void)
{
	if (!count)
		return NULL;
	return &queue[(head + KMEMCHECK_ERROR_QUEUE - 1) %
		      KMEMCHECK_ERROR_QUEUE];
}

/* The bytes and their shadow in the window from base, read through the
   frame's alias so a hidden page need not be shown. */
static bool snapshot_from(struct kmemcheck_error *e, uint32_t base)
{
	unsigned int i;

	for (i = 0; i < KMEMCHECK_SNAPSHOT; i++) {
		const uint8_t *mem = kmemcheck_pte_alias(base + i);
		const uint8_t *shadow = kmemcheck_shadow_lookup(base + i);

		if (!mem || !shadow)
			return false;
		e->memory[i] = *mem;
		e->shadow[i] = *shadow;
	}
	e->snapshot_base = base;
	return true;
}

/* From the object's start when it is close enough to show, else the
   aligned block around the address, which lies within one page. */
static void snapshot(struct kmemcheck_error *e, uint32_t addr)
{
	uint32_t base = kmemcheck_report_window(e);

	e->snapshot_valid = snapshot_from(e, base) ||
		snapshot_from(e, addr & ~(uint32_t)(KMEMCHECK_SNAPSHOT - 1));
}

bool kmemcheck_error_save(enum kmemcheck_error_kind kind, uint8_t access,
			  enum kmemcheck_shadow state, uint8_t size,
			  uint32_t address, const struct trap_frame *tf,
			  const uint8_t *code, unsigned int code_len)
{
	struct kmemcheck_error *e = newest();
	unsigned int i;

	total++;
	/* A loop over an array, or a REP string instruction, faults once
	   per element: fold them into the first report. Two reports of
	   one fault (both CMPS operands) stay apart. */
	if (e && e->regs.eip == tf->eip && e->kind == kind &&
	    e->access == access && e->state == state &&
	    e->fault != kmemcheck_nr_faults) {
		e->repeat++;
		return false;
	}
	if (count == KMEMCHECK_ERROR_QUEUE) {
		dropped++;
		return false;
	}
	e = &queue[head];
	head = (head + 1) % KMEMCHECK_ERROR_QUEUE;
	count++;
	queued_total++;

	e->kind = (uint8_t)kind;
	e->access = access;
	e->state = (uint8_t)state;
	e->size = size;
	e->address = address;
	e->cr2 = rcr2();
	e->repeat = 0;
	e->fault = kmemcheck_nr_faults;
	e->op = NULL;
	e->regs = *tf;
	e->esp = trap_frame_esp(tf);
	e->trace[0] = tf->eip;
	e->nr_trace = (uint8_t)(1 + stacktrace_save(tf->ebp, e->trace + 1,
						   KMEMCHECK_TRACE_DEPTH - 1));
	e->code_len = (uint8_t)code_len;
	for (i = 0; i < code_len && i < KMEMCHECK_INSN_MAX_LEN; i++)
		e->code[i] = code[i];
	kmemcheck_report_describe(e);
	snapshot(e, address);
	return true;
}

void kmemcheck_error_save_call(enum kmemcheck_error_kind kind,
			       uint32_t address, const char *op, uint32_t eip,
			       uint32_t ebp)
{
	uint32_t flags = read_eflags();
	struct kmemcheck_error *e;

	/* Called with interrupts on: a fault in an interrupt handler must
	   not save into the same entry meanwhile. Never folded: each bad
	   pointer is a bug of its own. */
	cli();
	total++;
	if (count == KMEMCHECK_ERROR_QUEUE) {
		dropped++;
	} else {
		e = &queue[head];
		head = (head + 1) % KMEMCHECK_ERROR_QUEUE;
		count++;
		queued_total++;
		memset(e, 0, sizeof(*e));
		e->kind = (uint8_t)kind;
		e->address = address;
		e->op = op;
		e->regs.eip = eip;
		e->regs.ebp = ebp;
		e->trace[0] = eip;
		e->nr_trace = (uint8_t)(1 + stacktrace_save(ebp, e->trace + 1,
						KMEMCHECK_TRACE_DEPTH - 1));
		kmemcheck_report_describe(e);
		snapshot(e, address);
	}
	if (flags & EFLAGS_IF)
		sti();
}

bool kmemcheck_error_take(struct kmemcheck_error *out)
{
	uint32_t flags = read_eflags();
	bool found = false;

	cli();
	if (count) {
		*out = queue[(head + KMEMCHECK_ERROR_QUEUE - count) %
			     KMEMCHECK_ERROR_QUEUE];
		count--;
		found = true;
	}
	if (flags & EFLAGS_IF)
		sti();
	return found;
}

static void print_snapshot(const struct kmemcheck_error *e)
{
	unsigned int i, caret = e->address - e->snapshot_base;

	/* One column of three per byte: each letter stands right above
	   the second digit of its byte, and the caret under the letter. */
	printk("shadow at %08x:", e->snapshot_base);
	for (i = 0; i < KMEMCHECK_SNAPSHOT; i++)
		printk("  %c", kmemcheck_shadow_letter[e->shadow[i]]);
	printk("\n%19s", "");
	for (i = 0; i < caret && i < KMEMCHECK_SNAPSHOT; i++)
		printk("   ");
	printk("  ^\n");
	printk("memory at %08x:", e->snapshot_base);
	for (i = 0; i < KMEMCHECK_SNAPSHOT; i++)
		printk(" %02x", e->memory[i]);
	printk("\n");
}

/* The faulting instruction's bytes, then as objdump -d would write it. */
static void print_code(const struct kmemcheck_error *e)
{
	char text[KMEMCHECK_DISASM_MAX];
	unsigned int i;

	printk("code at %08x:", e->regs.eip);
	for (i = 0; i < e->code_len; i++)
		printk(" %02x", e->code[i]);
	kmemcheck_disasm(e->code, e->code_len, e->regs.eip, text,
			 sizeof(text));
	printk("  %s\n", text);
}

void kmemcheck_error_print(const struct kmemcheck_error *e)
{
	printk("%s\n", KMEMCHECK_REPORT_RULE);
	if (e->kind == KMEMCHECK_ERROR_ACCESS)
		printk("WARNING: kmemcheck: Caught %u-bit %s %s memory "
		       "(0x%08x)\n", e->size * 8u,
		       e->access == KMEMCHECK_ACCESS_READ ? "read from" :
							    "write to",
		       kmemcheck_shadow_name[e->state], e->address);
	else if (e->kind == KMEMCHECK_ERROR_FREED_POINTER ||
		 e->kind == KMEMCHECK_ERROR_INVALID_POINTER)
		printk("WARNING: kmemcheck: Caught %s of %s (0x%08x)\n",
		       e->op, kind_name[e->kind], e->address);
	else
		printk("WARNING: kmemcheck: %s (0x%08x)\n",
		       kind_name[e->kind], e->address);
	kmemcheck_report_print_head(e);
	if (e->repeat)
		printk("repeated %u more times at the same EIP\n", e->repeat);
	if (e->snapshot_valid)
		print_snapshot(e);
	if (e->code_len)
		print_code(e);
	/* The heap's errors have a caller, not a trap frame. */
	if (!e->op) {
		print_registers(&e->regs, e->esp);
		printk("CR2: %08x\n", e->cr2);
	}
	stacktrace_print_saved(e->trace, e->nr_trace);
	kmemcheck_report_print_stacks(e);
	printk("%s\n", KMEMCHECK_REPORT_RULE);
}

void kmemcheck_error_flush(void)
{
	struct kmemcheck_error e;

	while (kmemcheck_error_take(&e))
		kmemcheck_error_print(&e);
	if (dropped != dropped_printed) {
		printk("WARNING: kmemcheck: %u reports dropped: the queue of "
		       "%u was full\n", dropped - dropped_printed,
		       KMEMCHECK_ERROR_QUEUE);
		dropped_printed = dropped;
	}
}

unsigned int kmemcheck_error_pending(void)
{
	return count;
}

uint32_t kmemcheck_error_dropped(void)
{
	return dropped;
}

uint32_t kmemcheck_error_total(void)
{
	return total;
}

uint32_t kmemcheck_error_queued_total(void)
{
	return queued_total;
}
