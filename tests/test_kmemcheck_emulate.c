/* tests/test_kmemcheck_emulate.c - emulated moves against the single step. */
#include "kernel/mmu.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "kmemcheck/emulate.h"
#include "kmemcheck/shadow.h"
#include "kmemcheck/trace.h"
#include "mm/paging.h"
#include "tests/ktest.h"

/*
 * Every instruction runs twice on the same bytes, shadow and registers:
 * once single-stepped (kmemcheck_set_emulate(false), the reference) and
 * once with emulation on. Registers, EFLAGS, the memory and shadow around
 * the operand and the reports must come out the same, and the emulated
 * run must really have been emulated (the stats say so).
 */

/* The registers a thunk loads before its one instruction and saves after
   it. ESP is the thunk's own, the same on both runs. */
enum {
	R_EAX, R_ECX, R_EDX, R_EBX, R_EBP, R_ESI, R_EDI, R_EFLAGS, NR_REGS
};

struct emu_regs {
	uint32_t r[NR_REGS];
};

_Static_assert(sizeof(struct emu_regs) == 32, "thunks use offsets 0-28");

/*
 * A thunk: void name(struct emu_regs *), written in assembly so that the
 * instruction under test gets exactly the registers and encoding named
 * here, with nothing the compiler adds around it.
 */
#define EMU_THUNK(name, insn)						\
	void name(struct emu_regs *regs);				\
	asm(".pushsection .text\n"					\
	    ".globl " #name "\n"					\
	    ".type " #name ", @function\n"				\
	    #name ":\n\t"						\
	    "pushl %ebp\n\tpushl %ebx\n\tpushl %esi\n\tpushl %edi\n\t"	\
	    "movl 20(%esp), %eax\n\t"					\
	    "pushl %eax\n\t"						\
	    "pushl 28(%eax)\n\tpopfl\n\t"				\
	    "movl 4(%eax), %ecx\n\tmovl 8(%eax), %edx\n\t"		\
	    "movl 12(%eax), %ebx\n\tmovl 16(%eax), %ebp\n\t"		\
	    "movl 20(%eax), %esi\n\tmovl 24(%eax), %edi\n\t"		\
	    "movl 0(%eax), %eax\n\t"					\
	    insn "\n\t"							\
	    "pushfl\n\t"						\
	    "xchgl %eax, 4(%esp)\n\t"					\
	    "popl 28(%eax)\n\t"						\
	    "movl %ecx, 4(%eax)\n\tmovl %edx, 8(%eax)\n\t"		\
	    "movl %ebx, 12(%eax)\n\tmovl %ebp, 16(%eax)\n\t"		\
	    "movl %esi, 20(%eax)\n\tmovl %edi, 24(%eax)\n\t"		\
	    "popl 0(%eax)\n\t"						\
	    "popl %edi\n\tpopl %esi\n\tpopl %ebx\n\tpopl %ebp\n\t"	\
	    "ret\n"							\
	    ".size " #name ", . - " #name "\n"				\
	    ".popsection")

/* Loads: 8B, 8A (every byte register, AH..BH included), 66 8B. */
EMU_THUNK(emu_ld32_disp8, "movl 8(%ebx), %eax");
EMU_THUNK(emu_ld32_disp32, "movl 0x100(%ebx), %ecx");
EMU_THUNK(emu_ld32_sib, "movl 4(%esi,%edi,4), %edx");
EMU_THUNK(emu_ld32_sib_nobase, "movl 0x1000(,%edi,1), %esi");
EMU_THUNK(emu_ld32_ebp, "movl 8(%ebp), %ebx");
EMU_THUNK(emu_ld32_nodisp, "movl (%edx), %edi");
EMU_THUNK(emu_ld16_ax, "movw 8(%ebx), %ax");
EMU_THUNK(emu_ld16_si_sib, "movw -8(%ebx,%ecx,8), %si");
EMU_THUNK(emu_ld8_al, "movb 8(%esi), %al");
EMU_THUNK(emu_ld8_cl, "movb 8(%esi), %cl");
EMU_THUNK(emu_ld8_dl, "movb 8(%esi), %dl");
EMU_THUNK(emu_ld8_bl, "movb 8(%esi), %bl");
EMU_THUNK(emu_ld8_ah, "movb 8(%esi), %ah");
EMU_THUNK(emu_ld8_ch, "movb 8(%esi), %ch");
EMU_THUNK(emu_ld8_dh, "movb 8(%esi), %dh");
EMU_THUNK(emu_ld8_bh, "movb 0x100(%esi), %bh");
/* Stores: 89, 88, 66 89, ESP and SP included. */
EMU_THUNK(emu_st32_disp8, "movl %ecx, 8(%ebx)");
EMU_THUNK(emu_st32_sib, "movl %eax, -4(%ebx,%ecx,8)");
EMU_THUNK(emu_st32_esp, "movl %esp, 8(%ebx)");
EMU_THUNK(emu_st32_disp32, "movl %ebp, 0x100(%esi)");
EMU_THUNK(emu_st16_dx, "movw %dx, 8(%ebx)");
EMU_THUNK(emu_st16_sp, "movw %sp, 0x1000(,%edi,1)");
EMU_THUNK(emu_st8_al, "movb %al, 8(%esi)");
EMU_THUNK(emu_st8_cl, "movb %cl, 8(%esi)");
EMU_THUNK(emu_st8_dl, "movb %dl, 8(%esi)");
EMU_THUNK(emu_st8_bl, "movb %bl, 8(%esi)");
EMU_THUNK(emu_st8_ah, "movb %ah, 8(%esi)");
EMU_THUNK(emu_st8_ch, "movb %ch, 8(%esi)");
EMU_THUNK(emu_st8_dh, "movb %dh, 8(%esi)");
EMU_THUNK(emu_st8_bh, "movb %bh, 4(%esi,%edi,4)");
/* Immediates: C7, 66 C7, C6. */
EMU_THUNK(emu_imm32, "movl $0xdeadbeef, 8(%ebx)");
EMU_THUNK(emu_imm32_disp32, "movl $0x12345678, 0x100(%ebx)");
EMU_THUNK(emu_imm16, "movw $0xbeef, 8(%ebx)");
EMU_THUNK(emu_imm8, "movb $0xa5, 8(%ebx)");
EMU_THUNK(emu_imm8_sib_disp32, "movb $0x5a, 0x200(%esi,%edi,2)");
/* MOVZX, MOVSX: 0F B6/B7/BE/BF, to 32 bits and, with 66, to 16. */
EMU_THUNK(emu_movzx_b32, "movzbl 8(%ebx), %eax");
EMU_THUNK(emu_movzx_w32, "movzwl 8(%ebx), %ecx");
EMU_THUNK(emu_movzx_b16, "movzbw 8(%ebx), %dx");
EMU_THUNK(emu_movzx_w16, ".byte 0x66, 0x0f, 0xb7, 0x43, 0x08");
EMU_THUNK(emu_movsx_b32, "movsbl 8(%ebx), %edi");
EMU_THUNK(emu_movsx_w32, "movswl 0x100(%ebx), %ebp");
EMU_THUNK(emu_movsx_b16, "movsbw 8(%ebx), %si");
EMU_THUNK(emu_movsx_w16, ".byte 0x66, 0x0f, 0xbf, 0x43, 0x08");
EMU_THUNK(emu_movsx_bh_sib, "movsbl 4(%esi,%edi,4), %eax");
/* Not emulated: the handler must say no and leave them to the step. */
/* DS: is the default with EBX: the assembler would drop it. */
EMU_THUNK(emu_no_segment, ".byte 0x3e, 0x8b, 0x43, 0x08");
EMU_THUNK(emu_no_two_66, ".byte 0x66, 0x66, 0x89, 0x43, 0x08");
EMU_THUNK(emu_no_add, "addl $1, 8(%ebx)");

struct emu_case {
	const char *name;
	void (*fn)(struct emu_regs *);
	uint8_t base;		/* register pointing near the operand */
	int32_t addend;		/* base = operand address + addend */
	uint8_t size;		/* bytes of the memory operand */
	bool store;		/* writes memory (else reads it) */
	bool emulated;		/* expected to be emulated */
};

/* Index registers, where a case uses one: ECX = 2, EDI = 1. */
#define IDX_ECX		2
#define IDX_EDI		1

#define LD(f, b, a, s)	{ #f, f, (b), (a), (s), false, true }
#define ST(f, b, a, s)	{ #f, f, (b), (a), (s), true, true }
#define NO(f, b, a, s, st) { #f, f, (b), (a), (s), (st), false }

static const struct emu_case cases[] = {
	LD(emu_ld32_disp8, R_EBX, -8, 4),
	LD(emu_ld32_disp32, R_EBX, -0x100, 4),
	LD(emu_ld32_sib, R_ESI, -4 - 4 * IDX_EDI, 4),
	LD(emu_ld32_sib_nobase, R_EDI, -0x1000, 4),
	LD(emu_ld32_ebp, R_EBP, -8, 4),
	LD(emu_ld32_nodisp, R_EDX, 0, 4),
	LD(emu_ld16_ax, R_EBX, -8, 2),
	LD(emu_ld16_si_sib, R_EBX, 8 - 8 * IDX_ECX, 2),
	LD(emu_ld8_al, R_ESI, -8, 1),
	LD(emu_ld8_cl, R_ESI, -8, 1),
	LD(emu_ld8_dl, R_ESI, -8, 1),
	LD(emu_ld8_bl, R_ESI, -8, 1),
	LD(emu_ld8_ah, R_ESI, -8, 1),
	LD(emu_ld8_ch, R_ESI, -8, 1),
	LD(emu_ld8_dh, R_ESI, -8, 1),
	LD(emu_ld8_bh, R_ESI, -0x100, 1),
	ST(emu_st32_disp8, R_EBX, -8, 4),
	ST(emu_st32_sib, R_EBX, 4 - 8 * IDX_ECX, 4),
	ST(emu_st32_esp, R_EBX, -8, 4),
	ST(emu_st32_disp32, R_ESI, -0x100, 4),
	ST(emu_st16_dx, R_EBX, -8, 2),
	ST(emu_st16_sp, R_EDI, -0x1000, 2),
	ST(emu_st8_al, R_ESI, -8, 1),
	ST(emu_st8_cl, R_ESI, -8, 1),
	ST(emu_st8_dl, R_ESI, -8, 1),
	ST(emu_st8_bl, R_ESI, -8, 1),
	ST(emu_st8_ah, R_ESI, -8, 1),
	ST(emu_st8_ch, R_ESI, -8, 1),
	ST(emu_st8_dh, R_ESI, -8, 1),
	ST(emu_st8_bh, R_ESI, -4 - 4 * IDX_EDI, 1),
	ST(emu_imm32, R_EBX, -8, 4),
	ST(emu_imm32_disp32, R_EBX, -0x100, 4),
	ST(emu_imm16, R_EBX, -8, 2),
	ST(emu_imm8, R_EBX, -8, 1),
	ST(emu_imm8_sib_disp32, R_ESI, -0x200 - 2 * IDX_EDI, 1),
	LD(emu_movzx_b32, R_EBX, -8, 1),
	LD(emu_movzx_w32, R_EBX, -8, 2),
	LD(emu_movzx_b16, R_EBX, -8, 1),
	LD(emu_movzx_w16, R_EBX, -8, 2),
	LD(emu_movsx_b32, R_EBX, -8, 1),
	LD(emu_movsx_w32, R_EBX, -0x100, 2),
	LD(emu_movsx_b16, R_EBX, -8, 1),
	LD(emu_movsx_w16, R_EBX, -8, 2),
	LD(emu_movsx_bh_sib, R_ESI, -4 - 4 * IDX_EDI, 1),
	NO(emu_no_segment, R_EBX, -8, 4, false),
	NO(emu_no_two_66, R_EBX, -8, 2, true),
	NO(emu_no_add, R_EBX, -8, 4, true),
};

#define NR_CASES	(sizeof(cases) / sizeof(cases[0]))

/* The bytes around the operand that are compared (and restored between
   the two runs). */
#define WINDOW		32
#define WINDOW_BEFORE	12
#define MAX_REPORTS	4

struct emu_result {
	struct emu_regs regs;
	uint8_t memory[WINDOW];
	uint8_t shadow[WINDOW];
	unsigned int nr_reports;
	struct kmemcheck_error report[MAX_REPORTS];
	uint32_t emulated, traps;
};

static void snapshot(uint32_t start, uint8_t *memory, uint8_t *shadow)
{
	unsigned int i;

	/* Through the alias: the snapshot itself causes no fault. */
	for (i = 0; i < WINDOW; i++) {
		const uint8_t *s = kmemcheck_shadow_lookup(start + i);

		memory[i] = *paging_alias(start + i);
		shadow[i] = s ? *s : 0xff;
	}
}

static void restore(uint32_t start, const uint8_t *memory,
		    const uint8_t *shadow)
{
	unsigned int i;

	for (i = 0; i < WINDOW; i++) {
		void *p = (void *)(start + i);

		*paging_alias(start + i) = memory[i];
		switch (shadow[i]) {
		case KMEMCHECK_SHADOW_UNALLOCATED:
			kmemcheck_mark_unallocated(p, 1);
			break;
		case KMEMCHECK_SHADOW_UNINITIALIZED:
			kmemcheck_mark_uninitialized(p, 1);
			break;
		case KMEMCHECK_SHADOW_INITIALIZED:
			kmemcheck_mark_initialized(p, 1);
			break;
		case KMEMCHECK_SHADOW_FREED:
			kmemcheck_mark_freed(p, 1);
			break;
		}
	}
}

/* Distinct bytes, half of them with the top bit set (for MOVSX). */
static void fill_pattern(uint32_t start, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		*paging_alias(start + i) = (uint8_t)(0x5a + 0x35 * i);
}

static void run_once(const struct emu_case *c, uint32_t target,
		     bool emulate, struct emu_result *out)
{
	struct kmemcheck_stats before, after;
	struct emu_regs regs = { .r = {
		[R_EAX] = 0x11223344, [R_ECX] = IDX_ECX,
		[R_EDX] = 0x99aabbcc, [R_EBX] = 0x87654321,
		[R_EBP] = 0x0badf00d, [R_ESI] = 0x13579bdf,
		[R_EDI] = IDX_EDI,
	} };
	bool was;

	regs.r[c->base] = target + (uint32_t)c->addend;
	/* CF, ZF and OF set, SF and PF clear: MOV must keep them so. */
	regs.r[R_EFLAGS] = (read_eflags() & ~(EFLAGS_SF | EFLAGS_PF)) |
			   EFLAGS_CF | EFLAGS_ZF | EFLAGS_OF;
	kmemcheck_forget_last_error();
	kmemcheck_get_stats(&before);
	was = kmemcheck_set_emulate(emulate);
	c->fn(&regs);
	kmemcheck_set_emulate(was);
	kmemcheck_get_stats(&after);
	out->regs = regs;
	out->emulated = after.emulated - before.emulated;
	out->traps = after.traps - before.traps;
	snapshot(target - WINDOW_BEFORE, out->memory, out->shadow);
	out->nr_reports = 0;
	while (out->nr_reports < MAX_REPORTS &&
	       kmemcheck_error_take(&out->report[out->nr_reports]))
		out->nr_reports++;
}

static bool same_report(const struct kmemcheck_error *a,
			const struct kmemcheck_error *b)
{
	return a->kind == b->kind && a->access == b->access &&
	       a->state == b->state && a->size == b->size &&
	       a->address == b->address && a->cr2 == b->cr2 &&
	       a->regs.eip == b->regs.eip;
}

static void compare(const struct emu_case *c, const char *scenario,
		    const struct emu_result *ref, const struct emu_result *emu)
{
	unsigned int i;

	for (i = 0; i < NR_REGS; i++)
		if (ref->regs.r[i] != emu->regs.r[i])
			ktest_fail("%s, %s: register %u: stepped 0x%08x, "
				   "emulated 0x%08x", c->name, scenario, i,
				   ref->regs.r[i], emu->regs.r[i]);
	for (i = 0; i < WINDOW; i++) {
		if (ref->memory[i] != emu->memory[i])
			ktest_fail("%s, %s: byte %d: stepped 0x%02x, "
				   "emulated 0x%02x", c->name, scenario,
				   (int)i - WINDOW_BEFORE, ref->memory[i],
				   emu->memory[i]);
		if (ref->shadow[i] != emu->shadow[i])
			ktest_fail("%s, %s: shadow of byte %d: stepped %u, "
				   "emulated %u", c->name, scenario,
				   (int)i - WINDOW_BEFORE, ref->shadow[i],
				   emu->shadow[i]);
	}
	if (ref->nr_reports != emu->nr_reports)
		ktest_fail("%s, %s: %u reports stepped, %u emulated",
			   c->name, scenario, ref->nr_reports,
			   emu->nr_reports);
	for (i = 0; i < ref->nr_reports && i < emu->nr_reports; i++)
		if (!same_report(&ref->report[i], &emu->report[i]))
			ktest_fail("%s, %s: report %u differs", c->name,
				   scenario, i);
	/* The reference really was stepped, the other really emulated. */
	if (ref->emulated != 0 || ref->traps != 1)
		ktest_fail("%s, %s: stepped run: %u emulated, %u traps",
			   c->name, scenario, ref->emulated, ref->traps);
	if (emu->emulated != c->emulated || emu->traps != !c->emulated)
		ktest_fail("%s, %s: emulate=1 run: %u emulated, %u traps",
			   c->name, scenario, emu->emulated, emu->traps);
}

static volatile unsigned int nr_modes = 2;

/*
 * Runs one case stepped, then emulated, at target, from the same memory
 * and shadow, compares the two and returns the stepped run's results for
 * the caller to judge.
 */
static const struct emu_result *run_case(const struct emu_case *c,
					 uint32_t target, const char *scenario)
{
	static struct emu_result res[2];
	uint8_t memory[WINDOW], shadow[WINDOW];
	uint32_t start = target - WINDOW_BEFORE;
	unsigned int emulate;

	snapshot(start, memory, shadow);
	/* A loop the compiler cannot unroll: one call of run_once, so the
	   same ESP at the thunk's STORE of ESP on both runs. */
	for (emulate = 0; emulate < nr_modes; emulate++) {
		run_once(c, target, emulate, &res[emulate]);
		/* Left as found: a store into a red zone or a freed
		   object must not trip the heap's own checks later. */
		restore(start, memory, shadow);
	}
	compare(c, scenario, &res[0], &res[1]);
	return &res[0];
}

/* The operand's bytes are initialized after the run. */
static bool operand_initialized(const struct emu_case *c,
				const struct emu_result *r)
{
	unsigned int i;

	for (i = 0; i < c->size; i++)
		if (r->shadow[WINDOW_BEFORE + i] !=
		    KMEMCHECK_SHADOW_INITIALIZED)
			return false;
	return true;
}

#define OBJ_SIZE	64
#define TARGET_OFF	16

/* Initialized memory: no report, and every result the same. */
KTEST(kmemcheck_emulate_same_results)
{
	uint8_t *p = kmalloc(OBJ_SIZE);
	unsigned int i;

	fill_pattern((uint32_t)p, OBJ_SIZE);
	kmemcheck_mark_initialized(p, OBJ_SIZE);
	for (i = 0; i < NR_CASES; i++)
		if (run_case(&cases[i], (uint32_t)p + TARGET_OFF,
			     "initialized")->nr_reports)
			ktest_fail("%s: a report on initialized memory",
				   cases[i].name);
	kfree(p);
}

static void expect_one_report(const struct emu_case *c,
			      const struct emu_result *r,
			      uint8_t access, enum kmemcheck_shadow state,
			      uint32_t target)
{
	const struct kmemcheck_error *e = &r->report[0];

	if (r->nr_reports != 1) {
		ktest_fail("%s: %u reports, expected 1", c->name,
			   r->nr_reports);
		return;
	}
	if (e->kind != KMEMCHECK_ERROR_ACCESS || e->access != access ||
	    e->state != state || e->address != target ||
	    e->size != c->size)
		ktest_fail("%s: report kind %u access %u state %u size %u "
			   "at 0x%08x, expected access %u state %u at 0x%08x",
			   c->name, e->kind, e->access, e->state, e->size,
			   e->address, access, state, target);
}

/* Loads of uninitialized bytes report, stores make them initialized. */
KTEST(kmemcheck_emulate_uninit_reports)
{
	uint8_t *p = kmalloc(OBJ_SIZE);
	uint32_t target = (uint32_t)p + TARGET_OFF;
	const struct emu_result *r;
	unsigned int i;

	fill_pattern((uint32_t)p, OBJ_SIZE);
	for (i = 0; i < NR_CASES; i++) {
		const struct emu_case *c = &cases[i];

		kmemcheck_mark_uninitialized(p, OBJ_SIZE);
		r = run_case(c, target, "uninitialized");
		/* ADD reads before it writes: it reports too. */
		if (!c->store || c->fn == emu_no_add)
			expect_one_report(c, r, KMEMCHECK_ACCESS_READ,
					  KMEMCHECK_SHADOW_UNINITIALIZED,
					  target);
		else if (r->nr_reports)
			ktest_fail("%s: a store reported", c->name);
		else if (!operand_initialized(c, r))
			ktest_fail("%s: the store left bytes uninitialized",
				   c->name);
	}
	kfree(p);
}

/* Every access to a freed object is reported, either way. */
KTEST(kmemcheck_emulate_freed_reports)
{
	uint8_t *p = kmalloc(OBJ_SIZE);
	uint32_t target = (uint32_t)p + TARGET_OFF;
	const struct emu_result *r;
	unsigned int i;

	fill_pattern((uint32_t)p, OBJ_SIZE);
	kfree(p);
	for (i = 0; i < NR_CASES; i++) {
		const struct emu_case *c = &cases[i];

		r = run_case(c, target, "freed");
		expect_one_report(c, r, c->store && c->fn != emu_no_add ?
				  KMEMCHECK_ACCESS_WRITE :
				  KMEMCHECK_ACCESS_READ,
				  KMEMCHECK_SHADOW_FREED, target);
	}
}

/* The first byte past the object lies in its red zone. */
KTEST(kmemcheck_emulate_out_of_bounds_reports)
{
	uint8_t *p = kmalloc(OBJ_SIZE);
	uint32_t target = (uint32_t)p + OBJ_SIZE;
	const struct emu_result *r;
	unsigned int i;

	kmemcheck_mark_initialized(p, OBJ_SIZE);
	for (i = 0; i < NR_CASES; i++) {
		const struct emu_case *c = &cases[i];

		r = run_case(c, target, "out of bounds");
		expect_one_report(c, r, c->store && c->fn != emu_no_add ?
				  KMEMCHECK_ACCESS_WRITE :
				  KMEMCHECK_ACCESS_READ,
				  KMEMCHECK_SHADOW_UNALLOCATED, target);
	}
	kfree(p);
}

/*
 * An operand that starts on the last byte of a page reaches into the
 * next: both pages are tracked, both are written or read through their
 * own alias, and neither is shown.
 */
KTEST(kmemcheck_emulate_across_pages)
{
	uint8_t *p = kmalloc(2 * PAGE_SIZE);
	uint32_t target = PAGE_ROUND_DOWN((uint32_t)p) + PAGE_SIZE - 1;
	unsigned int i;

	fill_pattern((uint32_t)p, 2 * PAGE_SIZE);
	kmemcheck_mark_initialized(p, 2 * PAGE_SIZE);
	for (i = 0; i < NR_CASES; i++)
		if (run_case(&cases[i], target, "across pages")->nr_reports)
			ktest_fail("%s: a report across pages",
				   cases[i].name);
	KEXPECT(!(*paging_lookup(target) & PTE_P));
	KEXPECT(!(*paging_lookup(target + 1) & PTE_P));
	kfree(p);
}

/*
 * The cases the handler must refuse, called directly on a made-up frame:
 * each must return false and leave the frame as it was.
 */
static bool emulate_bytes(struct trap_frame *tf, const uint8_t *code,
			  unsigned int len, uint32_t addr)
{
	struct kmemcheck_insn insn;
	uint32_t addrs[2] = { addr, 0 };

	if (kmemcheck_opcode_decode(code, len, &insn) < 0)
		return false;
	return kmemcheck_emulate(tf, &insn, code, addrs);
}

KTEST(kmemcheck_emulate_refusals)
{
	static const uint8_t load[] = { 0x8b, 0x43, 0x08 };	/* eax */
	static const uint8_t to_esp[] = { 0x8b, 0x63, 0x08 };	/* esp */
	static const uint8_t addr16[] = { 0x67, 0x8b, 0x47, 0x08 };
	static const uint8_t lock_add[] = { 0xf0, 0x01, 0x43, 0x08 };
	uint32_t *p = kzalloc(16), untracked = 0;
	struct trap_frame tf = { .eip = 0x1000, .eflags = EFLAGS_RESERVED1 },
			  orig;

	p[2] = 0xfeedface;
	/* Being single-stepped itself, the code is owed a #DB after the
	   instruction (SDM Vol. 3B, 17.3.1.4): only the step gives it. */
	tf.eflags |= EFLAGS_TF;
	orig = tf;
	KEXPECT(!emulate_bytes(&tf, load, sizeof(load), (uint32_t)p + 8));
	KEXPECT(!emulate_bytes(&tf, to_esp, sizeof(to_esp),
			       (uint32_t)p + 8));
	tf.eflags &= ~EFLAGS_TF;
	orig = tf;
	/* The frame has no ESP to load into. */
	KEXPECT(!emulate_bytes(&tf, to_esp, sizeof(to_esp),
			       (uint32_t)p + 8));
	/* Memory kmemcheck does not track is never reached by alias. */
	KEXPECT(!emulate_bytes(&tf, load, sizeof(load),
			       (uint32_t)&untracked));
	KEXPECT(!emulate_bytes(&tf, addr16, sizeof(addr16),
			       (uint32_t)p + 8));
	KEXPECT(!emulate_bytes(&tf, lock_add, sizeof(lock_add),
			       (uint32_t)p + 8));
	KEXPECT(memcmp(&tf, &orig, sizeof(tf)) == 0);
	/* And the one it takes: the load done, EIP past it. */
	KEXPECT(emulate_bytes(&tf, load, sizeof(load), (uint32_t)p + 8));
	KEXPECT_EQ(tf.eax, 0xfeedface);
	KEXPECT_EQ(tf.eip, 0x1000 + sizeof(load));
	KEXPECT_NO_REPORT();
	kfree(p);
}

/* Trace mode names the path each access took (checked by the host job
   that boots this test with kmemcheck.trace=1). */
KTEST(kmemcheck_emulate_trace_paths)
{
	uint32_t *p = kzalloc(16), v;
	bool was = kmemcheck_set_emulate(true);
	bool trace = kmemcheck_trace_enabled();

	kmemcheck_trace_set(true);
	asm volatile("movl (%1), %0" : "=r"(v) : "r"(p) : "memory");
	asm volatile("addl $1, 4(%0)" : : "r"(p) : "memory", "cc");
	kmemcheck_trace_set(trace);
	kmemcheck_set_emulate(was);
	kmemcheck_trace_flush();
	KEXPECT_EQ(v, 0);
	KEXPECT_EQ(p[1], 1);
	KEXPECT_NO_REPORT();
	kfree(p);
}
