/* kmemcheck/rep.c - a REP string instruction checked as one range. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "kmemcheck/check.h"
#include "kmemcheck/error.h"
#include "kmemcheck/internal.h"
#include "kmemcheck/kmemcheck.h"
#include "kmemcheck/origin.h"
#include "kmemcheck/pte.h"
#include "kmemcheck/rep.h"
#include "kmemcheck/shadow.h"
#include "kmemcheck/trace.h"
#include "mm/paging.h"

/*
 * The single-step trap stops a REP string instruction after every element
 * (SDM Vol. 3B, 17.3.1.4), so a 4 KiB memset would be 4,096 faults and
 * steps. Instead, at the instruction's first fault, everything it will
 * still do is known: ECX elements (or, for CMPS and SCAS, up to the one
 * where it stops) of the operand size, from ESI and EDI, up or down as
 * EFLAGS.DF says (SDM Vol. 2B, MOVS ... STOS). All of it is checked here
 * and every page it touches is shown; the CPU then runs the whole
 * instruction, and a breakpoint on the next one ends it with a #DB.
 *
 * The per-element path stays the reference. This one says exactly what
 * that one would: the shadow, the origins and the reports come out the
 * same. Where no element errs and the order of the elements cannot
 * matter, the shadow is checked and updated for the whole range at once;
 * otherwise kmemcheck_check_insn runs for each element in turn, with the
 * registers as the CPU will have them at that element, and the errors of
 * each element fold as those of a fault of their own would
 * (kmemcheck_error_set_element): one report per operand, kind and state
 * for the instruction, its later errors counted as repeats, and every
 * error counted in the statistics. Three things of a report differ from
 * the per-element path: CR2 is that of the range's one fault, the bytes
 * shown around the address are those from before the instruction ran,
 * and so are the arithmetic flags after CMPS and SCAS elements.
 *
 * Nothing else runs while the pages are shown. IF stays clear until the
 * breakpoint's #DB, so no interrupt arrives; the CPU is the only one
 * (fault.c's step relies on that too), and the kernel drives no DMA. An
 * exception inside the instruction is not possible either: every page of
 * both ranges was found mapped and is shown, a range that would leave for
 * an unmapped page is refused here, and a string instruction raises
 * nothing else on the flat segments. Only an NMI could come; its handler
 * would find step.busy, as during any single step.
 *
 * Trace mode keeps the per-element path: its narration is one step per
 * element, #PF to #DB, and a range would have no such steps to tell.
 */

bool kmemcheck_rep_enabled = true;
uint32_t kmemcheck_nr_rep_ranges;

bool kmemcheck_set_rep_range(bool on)
{
	bool was = kmemcheck_rep_enabled;

	kmemcheck_rep_enabled = on;
	return was;
}

/* The pages shown for the range that is running, on each CPU: in its
   own page directory (mm/paging.c). */
struct shown {
	unsigned int nr;
	struct {
		pte_t *pte;
		uint32_t va;
	} page[KMEMCHECK_REP_MAX_PAGES];
};

static struct shown shown_on[SMP_MAX_CPUS];

static struct shown *this_cpu_shown(void)
{
	return &shown_on[smp_this_cpu()];
}

/* What the instruction does from the faulting element on. */
struct plan {
	uint32_t count;			/* elements the CPU will run */
	uint32_t size;			/* bytes per element */
	bool down;			/* EFLAGS.DF: each element lower */
	uint32_t start[2];		/* each operand's current element */
	uint32_t lo[2];			/* each operand's lowest byte */
	uint32_t bytes;			/* each operand's range: count * size */
};

static uint32_t element(const struct plan *p, unsigned int op, uint32_t e)
{
	return p->down ? p->start[op] - e * p->size :
			 p->start[op] + e * p->size;
}

static bool eligible(const struct trap_frame *tf,
		     const struct kmemcheck_insn *insn)
{
	switch (insn->insn_class) {
	case KMEMCHECK_INSN_MOVS:
	case KMEMCHECK_INSN_STOS:
	case KMEMCHECK_INSN_LODS:
	case KMEMCHECK_INSN_CMPS:
	case KMEMCHECK_INSN_SCAS:
		break;
	default:
		return false;
	}
	/*
	 * 16-bit addressing would wrap SI and DI at 64 KiB: left to the
	 * per-element path. So is code someone single-steps (TF set): it
	 * must trap after every element as it asked. One-shot mode stops
	 * checking after the element that reports, and a debug register
	 * already in use is not ours to take.
	 */
	return kmemcheck_rep_enabled && insn->rep && !insn->addr16 &&
	       tf->ecx != 0 && !(tf->eflags & EFLAGS_TF) &&
	       !kmemcheck_trace_on && !kmemcheck_oneshot() &&
	       !(rdr7() & DR7_ENABLE_MASK);
}

/* REPE/REPZ (F3) repeats CMPS and SCAS while the elements are equal,
   REPNE/REPNZ (F2) while they differ (SDM Vol. 2B, REP/REPE/REPZ/REPNE/
   REPNZ). The decoder only says that one is there: the legacy prefixes
   (SDM Vol. 2A, 2.1.1) tell which. Both at once is not decided here. */
enum repeat { WHILE_EQUAL, WHILE_DIFFERENT, UNDECIDED };

static bool legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0xf0: case 0xf2: case 0xf3:
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
	case 0x66: case 0x67:
		return true;
	default:
		return false;
	}
}

static enum repeat repeat_of(const uint8_t *code, unsigned int len)
{
	bool f2 = false, f3 = false;
	unsigned int i;

	for (i = 0; i < len && legacy_prefix(code[i]); i++) {
		f2 |= code[i] == 0xf2;
		f3 |= code[i] == 0xf3;
	}
	if (f2 == f3)
		return UNDECIDED;
	return f3 ? WHILE_EQUAL : WHILE_DIFFERENT;
}

/* The byte at addr as the CPU will read it: through the frame's alias on
   a hidden page, in place on a present one. NULL when it is unmapped. */
static const uint8_t *byte_at(uint32_t addr)
{
	const uint8_t *alias = kmemcheck_pte_alias(addr);
	pte_t *pte;

	if (alias)
		return alias;
	pte = paging_lookup(addr);
	return pte && (*pte & PTE_P) ? (const uint8_t *)(uintptr_t)addr : NULL;
}

/* 1 when element e compares equal, 0 when not, -1 when one of its bytes
   is unmapped. SCAS compares AL, AX or EAX with ES:EDI; CMPS DS:ESI
   with ES:EDI. */
static int element_equal(const struct trap_frame *tf,
			 const struct kmemcheck_insn *insn,
			 const struct plan *p, uint32_t e)
{
	bool scas = insn->insn_class == KMEMCHECK_INSN_SCAS;
	uint32_t mem = element(p, scas ? 0 : 1, e), src = element(p, 0, e);
	bool equal = true;
	unsigned int i;

	for (i = 0; i < p->size; i++) {
		const uint8_t *b = byte_at(mem + i), *a;
		uint8_t av;

		if (!b)
			return -1;
		if (scas) {
			av = (uint8_t)(tf->eax >> (8 * i));
		} else {
			a = byte_at(src + i);
			if (!a)
				return -1;
			av = *a;
		}
		equal &= av == *b;
	}
	return equal;
}

/*
 * How many elements the CPU will run. For CMPS and SCAS that is up to the
 * first element that ends the repeat, found by comparing the elements
 * here, through the aliases, just as the CPU will. This is exact: the
 * instruction only reads, and nothing else runs between this fault and
 * its end (see the top of this file), so it compares the same bytes and
 * stops at the same element. The elements after it are never touched, and
 * neither checked.
 */
static bool plan_count(const struct trap_frame *tf,
		       const struct kmemcheck_insn *insn,
		       const uint8_t *code, unsigned int code_len,
		       struct plan *p)
{
	uint32_t max = KMEMCHECK_REP_MAX_BYTES / p->size, e;
	enum repeat r;

	if (insn->insn_class != KMEMCHECK_INSN_CMPS &&
	    insn->insn_class != KMEMCHECK_INSN_SCAS) {
		p->count = tf->ecx;
		return p->count <= max;
	}
	r = repeat_of(code, code_len);
	if (r == UNDECIDED)
		return false;
	for (e = 0; e < tf->ecx; e++) {
		int eq;

		if (e == max)
			return false;
		eq = element_equal(tf, insn, p, e);
		if (eq < 0)
			return false;
		if (eq != (r == WHILE_EQUAL)) {
			p->count = e + 1;
			return true;
		}
	}
	p->count = tf->ecx;
	return true;
}

/* Each operand's bytes, refused when they would wrap around 4 GiB. */
static bool plan_ranges(const struct kmemcheck_insn *insn, struct plan *p)
{
	uint32_t back = (p->count - 1) * p->size;
	unsigned int i;

	p->bytes = p->count * p->size;
	for (i = 0; i < insn->nr_operands; i++) {
		if (p->down && p->start[i] < back)
			return false;
		p->lo[i] = p->down ? p->start[i] - back : p->start[i];
		if (p->lo[i] + (p->bytes - 1) < p->lo[i])
			return false;
	}
	return true;
}

/* Lists the hidden pages of [lo, lo + n) to show; false when one of its
   pages is not mapped at all (then the per-element path faults there,
   as the instruction itself would). */
static bool list_pages(uint32_t lo, uint32_t n)
{
	struct shown *shown = this_cpu_shown();
	uint32_t va = PAGE_ROUND_DOWN(lo), last = PAGE_ROUND_DOWN(lo + n - 1);
	unsigned int i;

	for (;; va += PAGE_SIZE) {
		pte_t *pte = paging_lookup(va);

		if (!pte || !(*pte & (PTE_P | PTE_HIDDEN)))
			return false;
		if (!(*pte & PTE_P)) {
			for (i = 0; i < shown->nr; i++)
				if (shown->page[i].pte == pte)
					break;
			if (i == shown->nr) {
				shown->page[i].pte = pte;
				shown->page[i].va = va;
				shown->nr++;
			}
		}
		if (va == last)
			return true;
	}
}

/* --- the whole range at once ------------------------------------------ */

_Static_assert(KMEMCHECK_SHADOW_UNALLOCATED == 0 &&
	       KMEMCHECK_SHADOW_UNINITIALIZED == 1 &&
	       KMEMCHECK_SHADOW_INITIALIZED == 2 &&
	       KMEMCHECK_SHADOW_FREED == 3, "the states' bits below");

#define WORD_OF(state)	((uint32_t)(state) * 0x01010101u)

static uint32_t chunk(uint32_t addr, uint32_t n)
{
	uint32_t room = PAGE_SIZE - PGOFF(addr);

	return n < room ? n : room;
}

static bool byte_passes(uint8_t s, bool write)
{
	return s == KMEMCHECK_SHADOW_INITIALIZED ||
	       (write && s == KMEMCHECK_SHADOW_UNINITIALIZED);
}

/*
 * n words of states, four to a word, all at once: the fault path's main
 * cost for a long range, so one OR per word and one test at the end. A
 * read wants every state 2: each word XOR 0x02020202 is 0. A write wants
 * 1 or 2: each byte less 1 is 0 or 1, bit 0 alone. A 0 byte borrows and
 * turns into 0xff (so the lowest such byte shows, whatever the borrow does
 * above it), a 3 into 2: either way a bit of 0xfefefefe is set.
 */
static bool words_pass(const uint32_t *w, uint32_t n, bool write)
{
	const uint32_t k = write ? WORD_OF(1) :
			       WORD_OF(KMEMCHECK_SHADOW_INITIALIZED);
	uint32_t acc = 0, i = 0;

	/* Four words a round: the loop's own cost, spread. */
	if (write) {
		for (; i + 4 <= n; i += 4)
			acc |= (w[i] - k) | (w[i + 1] - k) |
			       (w[i + 2] - k) | (w[i + 3] - k);
		for (; i < n; i++)
			acc |= w[i] - k;
		return (acc & 0xfefefefeu) == 0;
	}
	for (; i + 4 <= n; i += 4)
		acc |= (w[i] ^ k) | (w[i + 1] ^ k) | (w[i + 2] ^ k) |
		       (w[i + 3] ^ k);
	for (; i < n; i++)
		acc |= w[i] ^ k;
	return acc == 0;
}

/* True when no tracked byte of [addr, addr + n) calls for a report: a
   read wants every one initialized, a write every one allocated. */
static bool range_passes(uint32_t addr, uint32_t n, bool write)
{
	while (n) {
		uint32_t len = chunk(addr, n), i = 0;
		const uint8_t *s = kmemcheck_shadow_lookup(addr);

		if (s) {
			for (; i < len && ((uintptr_t)(s + i) & 3); i++)
				if (!byte_passes(s[i], write))
					return false;
			if (!words_pass((const uint32_t *)(s + i),
					(len - i) / 4, write))
				return false;
			i += (len - i) & ~3u;
			for (; i < len; i++)
				if (!byte_passes(s[i], write))
					return false;
		}
		addr += len;
		n -= len;
	}
	return true;
}

/* The tracked bytes of [addr, addr + n), all allocated, written. */
static void range_initialize(uint32_t addr, uint32_t n)
{
	while (n) {
		uint32_t len = chunk(addr, n);
		uint8_t *s = kmemcheck_shadow_lookup(addr);

		if (s)
			memset(s, KMEMCHECK_SHADOW_INITIALIZED, len);
		addr += len;
		n -= len;
	}
}

/* Whether [addr, addr + n) is tracked in every page, in none, or mixed. */
enum coverage { TRACKED_NONE, TRACKED_ALL, TRACKED_SOME };

static enum coverage coverage(uint32_t addr, uint32_t n)
{
	bool some = false, all = true;

	while (n) {
		uint32_t len = chunk(addr, n);
		bool t = kmemcheck_shadow_lookup(addr) != NULL;

		some |= t;
		all &= t;
		addr += len;
		n -= len;
	}
	return all ? TRACKED_ALL : some ? TRACKED_SOME : TRACKED_NONE;
}

/*
 * kmemcheck_shadow_copy for a destination every byte of which is
 * allocated and a source none of which is freed or unallocated: then each
 * destination state is its source's, or initialized for an untracked
 * source byte. Page by page, in the order that reads every source state
 * before it is overwritten (memmove's).
 */
static void range_copy(uint32_t dst, uint32_t src, uint32_t n)
{
	bool backward = dst > src && dst - src < n;

	while (n) {
		uint32_t off, len, d_room, s_room;
		uint8_t *d;
		const uint8_t *s;

		/* The next piece within one page of each, from the front
		   or from the back. */
		if (backward) {
			d_room = PGOFF(dst + n - 1) + 1;
			s_room = PGOFF(src + n - 1) + 1;
			len = d_room < s_room ? d_room : s_room;
			len = len < n ? len : n;
			off = n - len;
		} else {
			len = chunk(dst, n);
			len = chunk(src, len);
			off = 0;
		}
		d = kmemcheck_shadow_lookup(dst + off);
		s = kmemcheck_shadow_lookup(src + off);
		if (d && s)
			memmove(d, s, len);
		else if (d)
			memset(d, KMEMCHECK_SHADOW_INITIALIZED, len);
		if (!backward) {
			dst += len;
			src += len;
		}
		n -= len;
	}
}

/*
 * MOVS as one copy. Element by element the shadow moves as one memmove
 * would, as long as no element writes over the source of a later one
 * before it is read: a forward copy whose destination lies above its
 * source and within it (dst in (src, src + n)) copies an earlier
 * element's states again, replicating a pattern, and so does a backward
 * copy with the destination below. Those are left to the elements. So is
 * a backward copy of uninitialized bytes: the origins of its elements are
 * set from the top element down, and a granule (KMEMCHECK_ORIGIN_GRANULE
 * bytes) written by two elements keeps the last one's.
 */
static bool movs_at_once(const struct trap_frame *tf, const struct plan *p)
{
	uint32_t src = p->lo[0], dst = p->lo[1], n = p->bytes;
	bool src_initialized;

	switch (coverage(dst, n)) {
	case TRACKED_NONE:
		/* Each element is a read of its source (check.c). */
		return range_passes(src, n, false);
	case TRACKED_SOME:
		return false;
	case TRACKED_ALL:
		break;
	}
	if (p->down ? src > dst && src - dst < n : dst > src && dst - src < n)
		return false;
	if (!range_passes(dst, n, true))
		return false;
	src_initialized = range_passes(src, n, false);
	if (!src_initialized && (p->down || !range_passes(src, n, true)))
		return false;
	/* Origins first, from the states as they were (check.c); with
	   nothing uninitialized to carry there is none to set. */
	if (!src_initialized)
		kmemcheck_origin_copy(dst, src, n, tf);
	range_copy(dst, src, n);
	return true;
}

/* Checks and updates the shadow of the whole range at once when no
   element errs and their order does not matter; else changes nothing. */
static bool at_once(const struct trap_frame *tf,
		    const struct kmemcheck_insn *insn, const struct plan *p)
{
	unsigned int i;

	if (insn->insn_class == KMEMCHECK_INSN_MOVS)
		return movs_at_once(tf, p);
	/* LODS, SCAS and CMPS read each operand, STOS writes its one. */
	for (i = 0; i < insn->nr_operands; i++)
		if (!range_passes(p->lo[i], p->bytes,
				  insn->op[i].access & KMEMCHECK_ACCESS_WRITE))
			return false;
	for (i = 0; i < insn->nr_operands; i++)
		if (insn->op[i].access & KMEMCHECK_ACCESS_WRITE)
			range_initialize(p->lo[i], p->bytes);
	return true;
}

/* --- element by element ----------------------------------------------- */

/* LODS leaves element e - 1 in AL, AX or EAX when element e begins: read
   where it lies (LODS writes no memory, so the bytes are still those). */
static void lods_eax(struct trap_frame *tf, const struct plan *p,
		     uint32_t e)
{
	uint32_t addr = element(p, 0, e - 1), i;

	for (i = 0; i < p->size; i++) {
		const uint8_t *b = byte_at(addr + i);

		tf->eax = (tf->eax & ~(0xffu << (8 * i))) |
			  (uint32_t)(b ? *b : 0) << (8 * i);
	}
}

/* The reference, once per element in the CPU's order, with ESI, EDI, ECX
   (and EAX for LODS) in the frame as they will be at that element, for
   its reports. The arithmetic flags CMPS and SCAS set on the way are
   not recomputed: a report shows them as the instruction found them. */
static void each_element(struct trap_frame *tf,
			 const struct kmemcheck_insn *insn,
			 const struct plan *p, const uint8_t *code,
			 unsigned int code_len)
{
	uint32_t esi = tf->esi, edi = tf->edi, ecx = tf->ecx, eax = tf->eax;
	uint32_t addr[2], e;
	unsigned int i;

	for (e = 0; e < p->count; e++) {
		if (e && insn->insn_class == KMEMCHECK_INSN_LODS)
			lods_eax(tf, p, e);
		for (i = 0; i < insn->nr_operands; i++) {
			addr[i] = element(p, i, e);
			if (insn->op[i].base == KMEMCHECK_REG_ESI)
				tf->esi = addr[i];
			else if (insn->op[i].base == KMEMCHECK_REG_EDI)
				tf->edi = addr[i];
		}
		tf->ecx = ecx - e;
		kmemcheck_error_set_element(e);
		kmemcheck_check_insn(insn, addr, tf, code, code_len);
	}
	kmemcheck_error_set_element(0);
	tf->eax = eax;
	tf->esi = esi;
	tf->edi = edi;
	tf->ecx = ecx;
}

bool kmemcheck_rep_range(struct trap_frame *tf,
			 const struct kmemcheck_insn *insn,
			 const uint32_t addr[2], const uint8_t *code,
			 unsigned int code_len)
{
	struct shown *shown = this_cpu_shown();
	struct plan p;
	unsigned int i;

	if (!eligible(tf, insn))
		return false;
	p.size = insn->op[0].size;
	p.down = tf->eflags & EFLAGS_DF;
	for (i = 0; i < insn->nr_operands; i++)
		p.start[i] = addr[i];
	if (!plan_count(tf, insn, code, code_len, &p) ||
	    !plan_ranges(insn, &p))
		return false;
	shown->nr = 0;
	for (i = 0; i < insn->nr_operands; i++) {
		if (!list_pages(p.lo[i], p.bytes)) {
			shown->nr = 0;
			return false;
		}
	}

	if (!at_once(tf, insn, &p))
		each_element(tf, insn, &p, code, code_len);

	for (i = 0; i < shown->nr; i++)
		kmemcheck_pte_show(shown->page[i].pte);
	/*
	 * Stop after the instruction: an instruction breakpoint (R/W0 = 00,
	 * LEN0 = 00, SDM Vol. 3B, 17.2.4-17.2.5) on the next one, a fault
	 * taken before that instruction runs (17.3.1.1). The instruction
	 * itself cannot hit it: a breakpoint matches the address of an
	 * instruction's first byte, and a string instruction never jumps.
	 */
	ldr0(tf->eip + insn->len);
	ldr7((rdr7() & ~(DR7_RW0_MASK | DR7_LEN0_MASK)) | DR7_L0 |
	     DR7_RW0_EXEC);
	kmemcheck_nr_rep_ranges++;
	return true;
}

/*
 * At the breakpoint's #DB. Turning it off here also means no RF is needed
 * on the return (17.3.1.1: RF keeps an instruction breakpoint from
 * faulting again on the instruction it stopped): there is none left.
 */
void kmemcheck_rep_end(void)
{
	struct shown *shown = this_cpu_shown();
	unsigned int i;

	/* Checking may have been switched off meanwhile (see
	   kmemcheck_trap): then the pages stay shown-> */
	for (i = 0; i < shown->nr && kmemcheck_active; i++)
		kmemcheck_pte_hide(shown->page[i].pte, shown->page[i].va);
	shown->nr = 0;
	ldr7(rdr7() & ~DR7_L0);
}
