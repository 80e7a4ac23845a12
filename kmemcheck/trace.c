/* kmemcheck/trace.c - trace mode: every tracked access narrated, #PF to #DB. */
#include "kernel/mmu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/symbols.h"
#include "kernel/x86.h"
#include "kmemcheck/disasm.h"
#include "kmemcheck/error.h"
#include "kmemcheck/internal.h"
#include "kmemcheck/shadow.h"
#include "kmemcheck/trace.h"
#include "mm/pte_flags.h"

#define NOT_TRACKED	0xff

bool kmemcheck_trace_on;

/*
 * The step being recorded, and the PTEs it showed: the pointers are only
 * good while the step runs, so the ring keeps their values. Each CPU runs
 * one step at a time (kmemcheck/fault.c), so one per CPU is enough.
 */
struct recording {
	struct kmemcheck_trace_step step;
	const pte_t *pte[KMEMCHECK_TRACE_PAGES];
	bool open;
	uint32_t reports_before;
};

static struct recording recordings[SMP_MAX_CPUS];

static struct recording *this_cpu_recording(void)
{
	return &recordings[smp_this_cpu()];
}

/* Filled by the fault path, emptied by the flush, one step at a time,
   under kmemcheck_lock like the report queue. */
static struct kmemcheck_trace_step ring[KMEMCHECK_TRACE_STEPS];
static volatile uint32_t head, count;
static uint32_t dropped, dropped_printed;

void kmemcheck_trace_set(bool on)
{
	unsigned int i;

	kmemcheck_trace_on = on;
	for (i = 0; i < SMP_MAX_CPUS; i++)
		recordings[i].open = false;
}

bool kmemcheck_trace_enabled(void)
{
	return kmemcheck_trace_on;
}

unsigned int kmemcheck_trace_pending(void)
{
	return count + (dropped != dropped_printed);
}

/* Reads only kmemcheck's own shadow pages, never the tracked bytes. */
static void copy_shadow(uint8_t *out, uint32_t addr, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size && i < KMEMCHECK_TRACE_BYTES; i++) {
		const uint8_t *s = kmemcheck_shadow_lookup(addr + i);

		out[i] = s ? *s : NOT_TRACKED;
	}
}

static void add_page(const pte_t *pte, uint32_t va)
{
	struct recording *r = this_cpu_recording();
	unsigned int i;

	for (i = 0; i < r->step.nr_pages; i++)
		if (r->step.page[i].va == va)
			return;
	if (r->step.nr_pages == KMEMCHECK_TRACE_PAGES)
		return;
	r->pte[r->step.nr_pages] = pte;
	r->step.page[r->step.nr_pages].va = va;
	r->step.page[r->step.nr_pages].found = *pte;
	r->step.nr_pages++;
}

void kmemcheck_trace_record_fault(const struct trap_frame *tf, uint32_t cr2,
				  const pte_t *pte)
{
	struct recording *r = this_cpu_recording();

	r->step = (struct kmemcheck_trace_step){
		.fault = kmemcheck_nr_faults,
		.eip = tf->eip,
		.cr2 = cr2,
		.error_code = tf->error_code,
		.eflags_before = tf->eflags,
		.path = KMEMCHECK_TRACE_STEPPED,
	};
	r->reports_before = kmemcheck_error_total();
	r->open = true;
	add_page(pte, PAGE_ROUND_DOWN(cr2));
}

void kmemcheck_trace_record_show(const pte_t *pte, uint32_t va)
{
	struct recording *r = this_cpu_recording();

	if (r->open)
		add_page(pte, va);
}

void kmemcheck_trace_record_insn(const uint8_t *code, unsigned int len,
				 const struct kmemcheck_insn *insn,
				 const uint32_t *addr)
{
	struct recording *r = this_cpu_recording();
	unsigned int i;

	if (!r->open)
		return;
	for (i = 0; i < len && i < KMEMCHECK_INSN_MAX_LEN; i++)
		r->step.code[i] = code[i];
	r->step.code_len = (uint8_t)i;
	if (!insn)
		return;
	r->step.decoded = true;
	r->step.code_len = insn->len;
	r->step.insn_class = insn->insn_class;
	r->step.nr_operands = insn->nr_operands;
	for (i = 0; i < insn->nr_operands && i < 2; i++) {
		r->step.op[i].addr = addr[i];
		r->step.op[i].size = insn->op[i].size;
		r->step.op[i].access = insn->op[i].access;
		copy_shadow(r->step.op[i].before, addr[i], insn->op[i].size);
	}
}

void kmemcheck_trace_record_stepping(const struct trap_frame *tf)
{
	struct recording *r = this_cpu_recording();
	unsigned int i;

	if (!r->open)
		return;
	r->step.eflags_stepping = tf->eflags;
	for (i = 0; i < r->step.nr_pages; i++)
		r->step.page[i].shown = *r->pte[i];
}

void kmemcheck_trace_record_end(enum kmemcheck_trace_path path, uint32_t dr6,
				const struct trap_frame *tf)
{
	struct recording *r = this_cpu_recording();
	unsigned int i;

	if (!r->open)
		return;
	r->open = false;
	r->step.path = (uint8_t)path;
	r->step.dr6 = dr6;
	r->step.eflags_after = tf->eflags;
	r->step.eip_after = tf->eip;
	r->step.reports = kmemcheck_error_total() - r->reports_before;
	for (i = 0; i < r->step.nr_pages; i++)
		r->step.page[i].hidden = *r->pte[i];
	for (i = 0; i < r->step.nr_operands; i++)
		copy_shadow(r->step.op[i].after, r->step.op[i].addr, r->step.op[i].size);
	if (count == KMEMCHECK_TRACE_STEPS) {
		dropped++;
		return;
	}
	ring[head] = r->step;
	head = (head + 1) % KMEMCHECK_TRACE_STEPS;
	count++;
}

static bool take(struct kmemcheck_trace_step *out)
{
	if (!count)
		return false;
	*out = ring[(head + KMEMCHECK_TRACE_STEPS - count) %
		    KMEMCHECK_TRACE_STEPS];
	count--;
	return true;
}

static void print_pte(const char *what, uint32_t va, pte_t pte)
{
	printk("trace:   %s pte of 0x%08x: 0x%08x", what, va, pte);
	pte_print_flags(pte);
	printk("\n");
}

static void print_shadow(const uint8_t *s, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size && i < KMEMCHECK_TRACE_BYTES; i++)
		printk("%c", s[i] == NOT_TRACKED ? '-' :
			     kmemcheck_shadow_letter[s[i]]);
	if (size > KMEMCHECK_TRACE_BYTES)
		printk("...");
}

static const char *direction(uint8_t access)
{
	switch (access) {
	case KMEMCHECK_ACCESS_READ:
		return "read";
	case KMEMCHECK_ACCESS_WRITE:
		return "write";
	default:
		return "read-write";
	}
}

/* MOVS and CMPS name their two operands by the registers that address
   them (SDM Vol. 2B, MOVS). */
static const char *operand_name(const struct kmemcheck_trace_step *s,
				unsigned int i)
{
	if (s->insn_class != KMEMCHECK_INSN_MOVS &&
	    s->insn_class != KMEMCHECK_INSN_CMPS)
		return "";
	return i == 0 ? " (source, esi)" : " (destination, edi)";
}

/* Disassembled here, at print time: the fault path only kept the bytes. */
static void print_insn(const struct kmemcheck_trace_step *s)
{
	char text[KMEMCHECK_DISASM_MAX];
	unsigned int i;

	printk("trace:   insn");
	for (i = 0; i < s->code_len; i++)
		printk(" %02x", s->code[i]);
	if (kmemcheck_disasm(s->code, s->code_len, s->eip, text,
			     sizeof(text)) > 0)
		printk("  %s", text);
	if (!s->decoded)
		printk(": not decoded: let through once, unchecked");
	printk("\n");
	for (i = 0; i < s->nr_operands; i++) {
		const struct kmemcheck_trace_operand *o = &s->op[i];

		printk("trace:   operand %u%s: %s %u byte%s at 0x%08x, "
		       "shadow ", i, operand_name(s, i), direction(o->access),
		       o->size, o->size == 1 ? "" : "s", o->addr);
		print_shadow(o->before, o->size);
		printk(" -> ");
		print_shadow(o->after, o->size);
		printk("\n");
	}
}

static bool cr2_covered(const struct kmemcheck_trace_step *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_operands; i++)
		if (s->cr2 - s->op[i].addr < s->op[i].size)
			return true;
	return false;
}

static void print_eflags_change(uint32_t from, uint32_t to)
{
	printk("EFLAGS 0x%08x -> 0x%08x (TF %s, IF %s)", from, to,
	       to & EFLAGS_TF ? "set" : "clear",
	       to & EFLAGS_IF ? "set" : "clear");
}

static void print_step(const struct kmemcheck_trace_step *s)
{
	unsigned int i;

	printk("trace: #PF (fault %u) at eip 0x%08x ", s->fault, s->eip);
	print_symbol(s->eip);
	printk("\ntrace:   cr2 0x%08x, error code 0x%x", s->cr2,
	       s->error_code);
	print_page_fault_error(s->error_code);
	printk("\n");
	for (i = 0; i < s->nr_pages; i++)
		print_pte("found", s->page[i].va, s->page[i].found);
	print_insn(s);
	if (s->decoded && !cr2_covered(s))
		printk("trace:   cr2 lies outside the decoded operands: let "
		       "through once, unchecked\n");
	if (s->reports)
		printk("trace:   report: %u saved (printed below)\n",
		       s->reports);
	if (s->path == KMEMCHECK_TRACE_EMULATED) {
		printk("trace:   emulated through the alias, no single step: "
		       "page left hidden, no #DB\n");
		printk("trace:   iret to eip 0x%08x, past the instruction: ",
		       s->eip_after);
		print_eflags_change(s->eflags_before, s->eflags_after);
		printk("\n");
		return;
	}
	for (i = 0; i < s->nr_pages; i++)
		print_pte("shown", s->page[i].va, s->page[i].shown);
	printk("trace:   iret to run one instruction: ");
	print_eflags_change(s->eflags_before, s->eflags_stepping);
	printk("\ntrace: #DB dr6 0x%08x%s\n", s->dr6,
	       s->dr6 & DR6_BS ? " (BS: single step)" : "");
	for (i = 0; i < s->nr_pages; i++)
		print_pte("hidden", s->page[i].va, s->page[i].hidden);
	printk("trace:   iret: ");
	print_eflags_change(s->eflags_stepping, s->eflags_after);
	printk("\n");
}

void kmemcheck_trace_flush(void)
{
	struct kmemcheck_trace_step s;

	while (take(&s))
		print_step(&s);
	if (dropped != dropped_printed) {
		printk("trace: %u steps dropped: the ring of %u was full\n",
		       dropped - dropped_printed, KMEMCHECK_TRACE_STEPS);
		dropped_printed = dropped;
	}
}
