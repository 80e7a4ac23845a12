/* kmemcheck/error.c - the report queue: saved in the fault path, printed later. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
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
 * A fixed ring: the fault path may run inside any code, so it can
 * neither allocate nor print. Every CPU adds to it and the flush takes
 * from it, all under kmemcheck_lock (internal.h).
 */
static struct kmemcheck_error queue[KMEMCHECK_ERROR_QUEUE];
static volatile uint32_t head, count;
static uint32_t dropped, dropped_printed, queued_total, taken_total;
uint32_t kmemcheck_errors;
static uint32_t repeats_announced;

/*
 * Folding follows the sequence of errors, not the queue (Linux's prev_ip):
 * run holds, for the errors that came one after another at one EIP, the
 * last error of each operand. An error at that EIP, of the same kind,
 * access, state and size as the last one of its operand, from another
 * execution, is a repeat of that bug: one loop or one REP string
 * instruction, however many times it errs, is one report per operand.
 * Whether the report is still queued or already printed does not matter:
 * its count grows, or the repeats wait to be announced by the next flush.
 */
#define NOT_QUEUED	UINT32_MAX	/* the report was dropped */

struct last_error {
	bool valid;
	uint8_t kind, access, state, size;
	uint32_t fault, element;	/* the execution that made it */
	uint32_t seq;			/* its report's number in queue order */
};

/*
 * An execution is one fault, or with a REP string instruction checked as
 * one range (kmemcheck/rep.c) one element of it: that fault stands for
 * the one fault per element the single-stepped path takes, and its
 * errors fold exactly as theirs would. 0 outside such a range.
 */
static uint32_t element;

void kmemcheck_error_set_element(uint32_t n)
{
	element = n;
}

/* One run per CPU: each CPU's errors follow its own sequence, so the
   same bug on two CPUs is two reports, each naming its CPU, and two CPUs
   erring at once do not break each other's runs. */
struct error_run {
	bool valid;
	uint32_t eip;
	struct last_error op[KMEMCHECK_ERROR_OPERANDS];
};

static struct error_run runs[SMP_MAX_CPUS];

/* Code run from a heap page is one bug, however many instructions run
   there and whatever they do: later fetches from that page repeat it. */
struct exec_error {
	bool valid;
	uint32_t page;			/* the heap page the code ran from */
	uint32_t eip, fault, seq;	/* the first fetch, as reported */
};

static struct exec_error exec_last;

/* Repeats of reports already printed, until a flush announces them. */
#define ANNOUNCE_SLOTS	8

struct announcement {
	uint32_t seq;
	uint32_t eip;
	uint32_t repeat;
};

static struct announcement announce[ANNOUNCE_SLOTS];
static unsigned int nr_announce;
static uint32_t repeats_unlisted;	/* no slot was left for them */

static const char *const kind_name[] = {
	[KMEMCHECK_ERROR_UNSUPPORTED] = "unsupported instruction",
	[KMEMCHECK_ERROR_NESTED] = "BUG: nested fault while single-stepping",
	[KMEMCHECK_ERROR_MISMATCH] =
		"BUG: fault address outside the decoded operands",
	[KMEMCHECK_ERROR_EXEC] = "Caught instruction fetch from heap memory",
	[KMEMCHECK_ERROR_DOUBLE_FREE] = "Caught double free",
	[KMEMCHECK_ERROR_INVALID_FREE] = "Caught invalid free",
	[KMEMCHECK_ERROR_FREED_POINTER] = "freed memory",
	[KMEMCHECK_ERROR_INVALID_POINTER] = "invalid pointer",
};

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

static bool still_queued(uint32_t seq)
{
	return seq != NOT_QUEUED && seq >= taken_total;
}

static void count_repeat(uint32_t seq, uint32_t eip)
{
	unsigned int i;

	if (still_queued(seq)) {
		queue[seq % KMEMCHECK_ERROR_QUEUE].repeat++;
		return;
	}
	for (i = 0; i < nr_announce; i++) {
		if (announce[i].seq == seq && announce[i].eip == eip) {
			announce[i].repeat++;
			return;
		}
	}
	if (nr_announce == ANNOUNCE_SLOTS) {
		repeats_unlisted++;
		return;
	}
	announce[nr_announce].seq = seq;
	announce[nr_announce].eip = eip;
	announce[nr_announce].repeat = 1;
	nr_announce++;
}

/* True when the error is a repeat of the last one of its operand. */
static bool fold(enum kmemcheck_error_kind kind, unsigned int operand,
		 uint8_t access, enum kmemcheck_shadow state, uint8_t size,
		 uint32_t eip)
{
	struct error_run *run = &runs[smp_this_cpu()];
	struct last_error *o = &run->op[operand];

	if (!run->valid || run->eip != eip || !o->valid || o->kind != kind ||
	    o->access != access || o->state != state || o->size != size ||
	    (o->fault == kmemcheck_nr_faults && o->element == element))
		return false;
	o->fault = kmemcheck_nr_faults;
	o->element = element;
	count_repeat(o->seq, eip);
	return true;
}

/* The error starts a report of its own: remember it for folding. */
static void remember(enum kmemcheck_error_kind kind, unsigned int operand,
		     uint8_t access, enum kmemcheck_shadow state,
		     uint8_t size, uint32_t eip, uint32_t seq)
{
	struct error_run *run = &runs[smp_this_cpu()];
	unsigned int i;

	if (!run->valid || run->eip != eip) {
		run->valid = true;
		run->eip = eip;
		for (i = 0; i < KMEMCHECK_ERROR_OPERANDS; i++)
			run->op[i].valid = false;
	}
	run->op[operand] = (struct last_error){
		.valid = true,
		.kind = (uint8_t)kind,
		.access = access,
		.state = (uint8_t)state,
		.size = size,
		.fault = kmemcheck_nr_faults,
		.element = element,
		.seq = seq,
	};
}

bool kmemcheck_error_save(enum kmemcheck_error_kind kind, uint8_t access,
			  enum kmemcheck_shadow state, uint8_t size,
			  uint32_t address, const struct trap_frame *tf,
			  const uint8_t *code, unsigned int code_len,
			  unsigned int operand)
{
	struct kmemcheck_error *e;
	unsigned int i;

	kmemcheck_errors++;
	if (operand >= KMEMCHECK_ERROR_OPERANDS)
		operand = 0;
	if (kind == KMEMCHECK_ERROR_EXEC && exec_last.valid &&
	    exec_last.page == PAGE_ROUND_DOWN(tf->eip) &&
	    exec_last.fault != kmemcheck_nr_faults) {
		exec_last.fault = kmemcheck_nr_faults;
		count_repeat(exec_last.seq, exec_last.eip);
		return false;
	}
	/* Two reports of one execution (both CMPS operands) stay apart:
	   fold() asks for another fault. */
	if (fold(kind, operand, access, state, size, tf->eip))
		return false;
	if (count == KMEMCHECK_ERROR_QUEUE) {
		dropped++;
		remember(kind, operand, access, state, size, tf->eip,
			 NOT_QUEUED);
		return false;
	}
	if (kind == KMEMCHECK_ERROR_EXEC)
		exec_last = (struct exec_error){ true,
			PAGE_ROUND_DOWN(tf->eip), tf->eip,
			kmemcheck_nr_faults, queued_total };
	remember(kind, operand, access, state, size, tf->eip, queued_total);
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
	e->cpu = (uint8_t)smp_this_cpu();
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

void kmemcheck_error_forget_last(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < SMP_MAX_CPUS; cpu++)
		runs[cpu].valid = false;
	exec_last.valid = false;
}

void kmemcheck_error_save_call(enum kmemcheck_error_kind kind,
			       uint32_t address, const char *op, uint32_t eip,
			       uint32_t ebp)
{
	uint32_t flags = spin_lock_irqsave(&kmemcheck_lock);
	struct kmemcheck_error *e;

	/* Called with interrupts on: the lock keeps a fault in an interrupt
	   handler, or on another CPU, from saving into the same entry
	   meanwhile. Never folded: each bad pointer is a bug of its own. */
	kmemcheck_errors++;
	/* It is the error just before the next one: an access error after
	   it, even at the EIP of the one before, is not that one's repeat. */
	runs[smp_this_cpu()].valid = false;
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
		e->cpu = (uint8_t)smp_this_cpu();
		kmemcheck_report_describe(e);
		snapshot(e, address);
	}
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

/* The oldest queued report, out of the queue: the caller holds
   kmemcheck_lock. */
static bool take(struct kmemcheck_error *out)
{
	if (!count)
		return false;
	*out = queue[(head + KMEMCHECK_ERROR_QUEUE - count) %
		     KMEMCHECK_ERROR_QUEUE];
	count--;
	taken_total++;
	return true;
}

bool kmemcheck_error_take(struct kmemcheck_error *out)
{
	uint32_t flags = spin_lock_irqsave(&kmemcheck_lock);
	bool found = take(out);

	spin_unlock_irqrestore(&kmemcheck_lock, flags);
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
		printk("repeated %u more times %s\n", e->repeat,
		       e->kind == KMEMCHECK_ERROR_EXEC ?
		       "by instructions from the same page" :
		       "at the same EIP");
	if (e->snapshot_valid)
		print_snapshot(e);
	if (e->code_len)
		print_code(e);
	/* The heap's errors have a caller, not a trap frame. */
	if (!e->op) {
		print_registers(&e->regs, e->esp);
		printk("CR2: %08x\n", e->cr2);
	}
	/* With more than one CPU, which one made the access (or the call). */
	if (smp_cpus() > 1)
		printk("CPU: %u\n", e->cpu);
	stacktrace_print_saved(e->trace, e->nr_trace);
	kmemcheck_report_print_stacks(e);
	printk("%s\n", KMEMCHECK_REPORT_RULE);
}

/* Prints one line for each printed report that repeated, and takes the
   repeats out. The flush holds kmemcheck_lock: none comes in meanwhile. */
static void announce_repeats(void)
{
	unsigned int i;

	for (i = 0; i < nr_announce; i++) {
		printk("kmemcheck: the report at ");
		print_symbol(announce[i].eip);
		printk(" repeated %u more times\n", announce[i].repeat);
		repeats_announced += announce[i].repeat;
	}
	nr_announce = 0;
	if (repeats_unlisted) {
		printk("kmemcheck: %u more repeats of reports already "
		       "printed\n", repeats_unlisted);
		repeats_announced += repeats_unlisted;
		repeats_unlisted = 0;
	}
}

/*
 * Prints what was queued when the flush began, and returns: an interrupt
 * handler that keeps erring while the reports are printed adds repeats,
 * not work for this flush (it would never end otherwise).
 */
void kmemcheck_error_flush(void)
{
	struct kmemcheck_error e;
	unsigned int n = count;

	while (n-- && take(&e))
		kmemcheck_error_print(&e);
	announce_repeats();
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

uint32_t kmemcheck_error_queued_total(void)
{
	return queued_total;
}

uint32_t kmemcheck_error_repeats_announced(void)
{
	return repeats_announced;
}
