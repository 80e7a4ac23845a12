/* kmemcheck/fault.c - the protocol: #PF shows the page, #DB hides it again. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/x86.h"
#include "kmemcheck/check.h"
#include "kmemcheck/check_fast.h"
#include "kmemcheck/emulate.h"
#include "kmemcheck/error.h"
#include "kmemcheck/insn_cache.h"
#include "kmemcheck/internal.h"
#include "kmemcheck/kmemcheck.h"
#include "kmemcheck/opcode.h"
#include "kmemcheck/pte.h"
#include "kmemcheck/rep.h"
#include "kmemcheck/trace.h"
#include "mm/paging.h"

/* Two operands, each crossing at most one page boundary, plus pages
   shown for nested faults. */
#define MAX_SHOWN	8

/*
 * Each CPU single-steps one instruction at a time: IF is clear while its
 * pages are shown, so nothing else runs on it until the #DB that ends the
 * step. Its pages are shown in its own page directory only (mm/paging.c):
 * every other CPU still faults on them, and steps on its own.
 */
struct step {
	bool busy;
	bool in_handler;		/* in kmemcheck_fault, lock held */
	bool range;			/* a REP string insn as one range */
	uint32_t ends;			/* the DR6 bit of the #DB that ends
					   this step: BS, or B0 for a range */
	uint32_t reports_before;	/* to tell whether the step reported */
	uint32_t saved_flags;		/* IF and TF of the stepped code */
	unsigned int nr_shown;		/* 0 between steps: the #DB that
					   ends one hides them and empties
					   the list */
	struct {
		pte_t *pte;
		uint32_t va;
	} shown[MAX_SHOWN];
};

static struct step steps[SMP_MAX_CPUS];

/* This CPU's step: found through GS (smp_this_cpu), not memory anyone
   could hide. */
static inline struct step *this_step(void)
{
	return &steps[smp_this_cpu()];
}

uint32_t kmemcheck_nr_faults;
uint32_t kmemcheck_nr_traps;
bool kmemcheck_bare;

/* Shows the hidden page va, whose PTE the caller found, for this step. */
static inline void show_pte(struct step *st, pte_t *pte, uint32_t va)
{
	st->shown[st->nr_shown].pte = pte;
	st->shown[st->nr_shown].va = va;
	st->nr_shown++;
	kmemcheck_trace_show(pte, va);
	kmemcheck_pte_show(pte);
}

/* A page shown once in this step is present, so it is not shown twice. */
static void show(uint32_t addr)
{
	struct step *st = this_step();
	uint32_t va = PAGE_ROUND_DOWN(addr);
	pte_t *pte = kmemcheck_pte_lookup(va);

	if (!pte || (*pte & PTE_P) || st->nr_shown == MAX_SHOWN)
		return;
	show_pte(st, pte, va);
}

static void show_range(uint32_t addr, uint32_t size)
{
	show(addr);
	if (PAGE_ROUND_DOWN(addr + size - 1) != PAGE_ROUND_DOWN(addr))
		show(addr + size - 1);
}

/* Copies the instruction's bytes, stopping at a page that is not mapped:
   the decoder is told how many it has and never reads further. The page
   of EIP itself is mapped (the CPU just fetched from it); only the next
   one needs a look. */
static unsigned int fetch_code(uint32_t eip, uint8_t *code)
{
	uint32_t next_page = PAGE_ROUND_DOWN(eip) + PAGE_SIZE;
	unsigned int n;

	for (n = 0; n < KMEMCHECK_INSN_MAX_LEN; n++) {
		if (eip + n == next_page) {
			pte_t *pte = paging_lookup(next_page);

			if (!pte || !(*pte & PTE_P))
				break;
		}
		code[n] = *(const uint8_t *)(eip + n);
	}
	return n;
}

/* The bytes of the instruction at eip, for the decoder and the reports.
   Kernel text is read where it lies: it is mapped, and read-only data
   follows it, so all KMEMCHECK_INSN_MAX_LEN bytes can be read without a
   copy; the decoder reads only as many as the instruction has. */
static const uint8_t *insn_bytes(uint32_t eip, uint8_t *buf,
				 unsigned int *len)
{
	if (kmemcheck_insn_cacheable(eip)) {
		*len = KMEMCHECK_INSN_MAX_LEN;
		return (const uint8_t *)eip;
	}
	*len = fetch_code(eip, buf);
	return buf;
}

/* The same for code run from the heap, or not yet fetched by the CPU:
   tracked bytes are read through the frame's alias, never through the
   page, which may be hidden. */
static unsigned int fetch_heap_code(uint32_t eip, uint8_t *code)
{
	const uint8_t *src = NULL;
	unsigned int n;

	for (n = 0; n < KMEMCHECK_INSN_MAX_LEN; n++) {
		uint32_t addr = eip + n;

		if (n == 0 || PGOFF(addr) == 0) {
			pte_t *pte = paging_lookup(addr);

			src = kmemcheck_pte_alias(addr);
			if (!src && pte && (*pte & PTE_P))
				src = (const uint8_t *)addr;
			if (!src)
				break;
		}
		code[n] = *src++;
	}
	return n;
}

/*
 * Without NX the #PF error code does not say whether the CPU was fetching
 * an instruction (its I/D bit is only set with NX enabled, SDM Vol. 3A,
 * 4.7): a fault at an address among the instruction's own bytes is the
 * fetch. Code never lives in the heap, so this is a bug of its own.
 */
static bool is_fetch(const struct trap_frame *tf, uint32_t cr2)
{
	return cr2 - tf->eip < KMEMCHECK_INSN_MAX_LEN;
}

/* Register r (ModRM numbering) of the interrupted code, from its frame;
   ESP, which has no slot, is the one just above the frame. */
static inline uint32_t frame_reg(struct trap_frame *tf, int r)
{
	if (r == KMEMCHECK_REG_ESP)
		return trap_frame_esp(tf);
	return *trap_frame_gpr(tf, (unsigned int)r);
}

static void load_regs(struct trap_frame *tf, struct kmemcheck_regs *r)
{
	int i;

	/* Unrolled, each register is one load and one store. */
#pragma GCC unroll 8
	for (i = KMEMCHECK_REG_EAX; i <= KMEMCHECK_REG_EDI; i++)
		r->gpr[i] = frame_reg(tf, i);
}

static void show_operands(const struct kmemcheck_insn *insn,
			  const uint32_t *addr)
{
	unsigned int i;

	for (i = 0; i < insn->nr_operands; i++)
		show_range(addr[i], insn->op[i].size);
}

static bool covers(uint32_t addr, uint32_t size, uint32_t cr2)
{
	return cr2 - addr < size;
}

/*
 * MOV SS holds the single-step trap (and interrupts) off until the
 * instruction after it is done too (SDM Vol. 3A, 6.8.3; Vol. 2B, MOV), so
 * that instruction runs inside this step with our pages shown: it would
 * go unchecked, or fault on a hidden page in the middle of the step. It is
 * checked here, its pages shown with the rest, as part of the same step;
 * its reports name its own EIP. POP SS delays the trap the same way, but
 * never reaches kmemcheck: reading SS from a tracked stack would need the
 * #PF to push its frame onto that hidden stack.
 */
static void handle_next(struct trap_frame *tf, unsigned int len)
{
	struct kmemcheck_insn insn;
	struct kmemcheck_regs regs;
	uint8_t code[KMEMCHECK_INSN_MAX_LEN];
	uint32_t eip = tf->eip, next = eip + len, addr[2];
	unsigned int n = fetch_heap_code(next, code), i;

	show_range(next, n ? n : 1);
	if (kmemcheck_opcode_decode(code, n, &insn) < 0) {
		tf->eip = next;
		kmemcheck_error_save(KMEMCHECK_ERROR_UNSUPPORTED, 0, 0, 0,
				     next, tf, code, n, 0);
		tf->eip = eip;
		return;
	}
	load_regs(tf, &regs);
	for (i = 0; i < insn.nr_operands; i++) {
		addr[i] = kmemcheck_opcode_address(&insn, i, &regs);
		show_range(addr[i], insn.op[i].size);
	}
	tf->eip = next;
	kmemcheck_check_insn(&insn, addr, tf, code, insn.len);
	tf->eip = eip;
}

/* How a fault's access is carried out. */
enum outcome {
	DECLINED,	/* by the fast path: take the general one */
	STEPPED,	/* pages shown, TF set: the #DB ends the step */
	EMULATED,	/* done through the alias (kmemcheck/emulate.c) */
	RANGE,		/* a whole REP string insn: pages shown, breakpoint
			   set on the next insn (kmemcheck/rep.c) */
};

/* Decode, check, and show every page the instruction will touch, or
   emulate it (kmemcheck.emulate=1) with nothing shown. Out of line, so
   that the fast path below keeps its registers to itself. */
static __attribute__((noinline)) enum outcome
handle_access(struct trap_frame *tf, uint32_t cr2)
{
	const struct kmemcheck_insn_cache_slot *cached;
	const struct kmemcheck_insn *insn;
	struct kmemcheck_insn local;
	struct kmemcheck_regs regs;
	uint8_t buf[KMEMCHECK_INSN_MAX_LEN];
	const uint8_t *code = buf;
	bool fetch = is_fetch(tf, cr2);
	unsigned int len, i;
	uint32_t addr[2];
	bool cr2_covered = false;

	if (fetch) {
		len = fetch_heap_code(tf->eip, buf);
		/* Reported once; the instruction's own data is still
		   checked below, and its bytes are shown with its data. */
		kmemcheck_error_save(KMEMCHECK_ERROR_EXEC, 0, 0, 0, cr2, tf,
				     code, len, 0);
		show_range(tf->eip, len ? len : 1);
	} else {
		code = insn_bytes(tf->eip, buf, &len);
	}
	cached = kmemcheck_insn_cache_find(tf->eip);
	insn = cached ? &cached->insn :
		kmemcheck_insn_cache_decode(tf->eip, code, len, &local);
	if (!insn) {
		kmemcheck_trace_insn(code, len, NULL, NULL);
		/* Not checked, but let through once rather than hang. */
		kmemcheck_error_save(KMEMCHECK_ERROR_UNSUPPORTED, 0, 0, 0,
				     cr2, tf, code, len, 0);
		show(cr2);
		return STEPPED;
	}
	load_regs(tf, &regs);
	for (i = 0; i < insn->nr_operands; i++) {
		addr[i] = kmemcheck_opcode_address(insn, i, &regs);
		cr2_covered |= covers(addr[i], insn->op[i].size, cr2);
	}
	kmemcheck_trace_insn(code, len, insn, addr);
	if (!cr2_covered && !fetch) {
		/* The decoder and the CPU disagree: say so, and let the
		   access through unchecked. */
		kmemcheck_error_save(KMEMCHECK_ERROR_MISMATCH, 0, 0, 0, cr2,
				     tf, code, len, 0);
		show_operands(insn, addr);
		show(cr2);
		return STEPPED;
	}
	/* kmemcheck/rep.c: the rest of a REP string instruction at once. */
	if (insn->rep && !fetch &&
	    kmemcheck_rep_range(tf, insn, addr, code, insn->len))
		return RANGE;
	/* The shortcut answers for most first accesses too; check.c for
	   everything it declines. */
	if (!kmemcheck_check_fast_form(insn) ||
	    !kmemcheck_check_fast(insn, addr[0]))
		kmemcheck_check_insn(insn, addr, tf, code, insn->len);
	/* kmemcheck.emulate=1: a plain move is done here, through the
	   alias, and its page stays hidden (kmemcheck/emulate.c). Code in
	   the heap is always stepped: its page is shown already. */
	if (kmemcheck_emulate_enabled && !fetch &&
	    kmemcheck_emulate(tf, insn, code, addr))
		return EMULATED;
	show_operands(insn, addr);
	if (insn->loads_ss)
		handle_next(tf, insn->len);
	return STEPPED;
}

/* The fast path's MOVS: both elements inside a page each, the source
   initialized, the destination allocated (kmemcheck_check_fast_movs).
   CR2's page is one of the two; the other is shown too when hidden. */
static enum outcome fast_movs(struct step *st, struct trap_frame *tf,
			      uint32_t cr2, pte_t *pte,
			      const struct kmemcheck_insn *insn)
{
	uint32_t src = tf->esi, dst = tf->edi, va = PAGE_ROUND_DOWN(cr2);
	unsigned int size = insn->op[0].size;
	pte_t *other_pte;
	uint32_t other;

	if ((!covers(src, size, cr2) && !covers(dst, size, cr2)) ||
	    !kmemcheck_check_fast_movs(size, src, dst))
		return DECLINED;
	show_pte(st, pte, va);
	other = PAGE_ROUND_DOWN(PAGE_ROUND_DOWN(src) == va ? dst : src);
	other_pte = kmemcheck_pte_lookup(other);
	if (other != va && other_pte && !(*other_pte & PTE_P))
		show_pte(st, other_pte, other);
	return STEPPED;
}

/*
 * The fast path: a shortcut for the common case, with handle_access above
 * as its reference. It takes an instruction decoded before (insn_cache.h)
 * with one operand that holds CR2 and lies within CR2's page, whose bytes
 * the check's shortcut accepts (check_fast.h): then that page, whose PTE
 * the fault already found, is the only one to show. Anything else is
 * DECLINED having changed nothing, and handle_access does it all.
 */
static enum outcome fast_access(struct step *st, struct trap_frame *tf,
				uint32_t cr2, pte_t *pte)
{
	const struct kmemcheck_insn_cache_slot *slot;
	const struct kmemcheck_operand *op;
	uint32_t addr;

	slot = kmemcheck_insn_cache_find(tf->eip);
	if (!slot || !slot->fast)
		return slot && slot->fast_movs ?
		       fast_movs(st, tf, cr2, pte, &slot->insn) : DECLINED;
	/* kmemcheck_opcode_address, for the one form fast instructions
	   have, with the registers read from the frame where they lie. */
	op = &slot->insn.op[0];
	addr = (uint32_t)op->disp;
	if (op->base != KMEMCHECK_REG_NONE)
		addr += frame_reg(tf, op->base);
	if (op->index != KMEMCHECK_REG_NONE)
		addr += frame_reg(tf, op->index) * op->scale;
	if (!covers(addr, op->size, cr2) ||
	    !kmemcheck_check_fast(&slot->insn, addr))
		return DECLINED;
	/* Checked. kmemcheck.emulate=1: a move is carried out here, as
	   kmemcheck_emulate would, through the frame's alias; the operand
	   lies on CR2's page, whose frame the PTE names. Code that is being
	   single-stepped itself is owed its #DB (see kmemcheck_emulate). */
	if (kmemcheck_emulate_enabled && slot->move &&
	    !(tf->eflags & EFLAGS_TF)) {
		kmemcheck_move_do_page(tf, &slot->move_form,
				       kmemcheck_pte_frame_alias(pte, addr),
				       slot->insn.len);
		return EMULATED;
	}
	show_pte(st, pte, PAGE_ROUND_DOWN(cr2));
	return STEPPED;
}

/* A hidden page touched where kmemcheck expected none: a kmemcheck bug.
   Report it and show that page too, so the instruction completes. */
static void nested(struct trap_frame *tf, uint32_t cr2)
{
	uint8_t code[KMEMCHECK_INSN_MAX_LEN];

	kmemcheck_error_save(KMEMCHECK_ERROR_NESTED, 0, 0, 0, cr2, tf, code,
			     fetch_code(tf->eip, code), 0);
	show(cr2);
}

/* The fault's work on kmemcheck's shared state, under kmemcheck_lock. */
static enum outcome fault_locked(struct trap_frame *tf, uint32_t cr2,
				 pte_t *pte, struct step *st)
{
	enum outcome how = DECLINED;

	kmemcheck_nr_faults++;
	if (st->busy) {
		/* The stepped instruction touched a hidden page nobody
		   expected. */
		nested(tf, cr2);
		return STEPPED;
	}
	st->reports_before = kmemcheck_error_total();
	if (!kmemcheck_bare && !kmemcheck_trace_on) {
		how = fast_access(st, tf, cr2, pte);
		/* Emulated by the fast path: checked without a report, and
		   done; there is no step to keep track of. */
		if (how == EMULATED)
			return EMULATED;
	}
	st->busy = true;
	if (kmemcheck_bare) {
		kmemcheck_trace_fault(tf, cr2, pte);
		show(cr2);
		how = STEPPED;
	} else if (how == DECLINED) {
		kmemcheck_trace_fault(tf, cr2, pte);
		how = handle_access(tf, cr2);
	}
	if (how == EMULATED) {
		/* No page shown, no TF, no #DB to wait for. */
		st->busy = false;
		kmemcheck_trace_end(KMEMCHECK_TRACE_EMULATED, 0, tf);
		return EMULATED;
	}

	/* Run exactly this one instruction: TF makes the CPU raise #DB
	   after it (SDM Vol. 3B, 17.3.1.4), and with IF clear no interrupt
	   handler runs while the page is visible. A range needs no TF: its
	   breakpoint raises the #DB. */
	st->range = how == RANGE;
	st->ends = st->range ? DR6_B0 : DR6_BS;
	st->saved_flags = tf->eflags & (EFLAGS_IF | EFLAGS_TF);
	tf->eflags &= ~EFLAGS_IF;
	if (!st->range)
		tf->eflags |= EFLAGS_TF;
	kmemcheck_trace_stepping(tf);
	return how;
}

bool kmemcheck_fault(struct trap_frame *tf)
{
	struct step *st = this_step();
	uint32_t cr2 = rcr2();
	enum outcome how;
	pte_t *pte;

	/* Only the kernel's own accesses to a page we hid are ours; every
	   other fault takes the ordinary path untouched. */
	if (tf->cs != SEL_KERNEL_CODE || (tf->error_code & PF_ERR_U))
		return false;
	pte = kmemcheck_pte_lookup(cr2);
	if (!pte || (*pte & PTE_P))
		return false;

	if (st->in_handler) {
		/* kmemcheck itself touched a hidden page, inside this very
		   handler: it holds the lock already. */
		nested(tf, cr2);
		return true;
	}
	/* Interrupts are off (an interrupt gate): the plain lock. */
	spin_lock(&kmemcheck_lock);
	st->in_handler = true;
	how = fault_locked(tf, cr2, pte, st);
	st->in_handler = false;
	spin_unlock(&kmemcheck_lock);
	/* One-shot mode: the switch takes the lock itself. */
	if (how == EMULATED && kmemcheck_error_total() != st->reports_before)
		kmemcheck_after_step();
	return true;
}

bool kmemcheck_trap(struct trap_frame *tf)
{
	struct step *st = this_step();
	uint32_t dr6 = rdr6();
	unsigned int i;

	if (!st->busy || !(dr6 & st->ends))
		return false;

	__atomic_add_fetch(&kmemcheck_nr_traps, 1, __ATOMIC_RELAXED);
	/* Checking may have been switched off during the step (one-shot,
	   on another CPU): then every page stays shown. The pages are this
	   CPU's own PTEs: no lock. */
	for (i = 0; i < st->nr_shown && kmemcheck_active; i++)
		kmemcheck_pte_hide(st->shown[i].pte, st->shown[i].va);
	st->nr_shown = 0;
	if (st->range)
		kmemcheck_rep_end();
	tf->eflags = (tf->eflags & ~(EFLAGS_IF | EFLAGS_TF)) |
		     st->saved_flags;
	/* The status bits in DR6 are never cleared by the CPU (SDM Vol. 3B,
	   17.2.3): clear BS (B0) so the next #DB is read correctly. */
	ldr6(dr6 & ~st->ends);
	st->busy = false;
	if (kmemcheck_trace_on) {
		spin_lock(&kmemcheck_lock);
		kmemcheck_trace_end(KMEMCHECK_TRACE_STEPPED, dr6, tf);
		spin_unlock(&kmemcheck_lock);
	}
	if (kmemcheck_error_total() != st->reports_before)
		kmemcheck_after_step();
	return true;
}

uint32_t kmemcheck_interrupted_eflags(uint32_t eflags)
{
	struct step *st = this_step();

	if (!st->busy)
		return eflags;
	return (eflags & ~(EFLAGS_IF | EFLAGS_TF)) | st->saved_flags;
}
