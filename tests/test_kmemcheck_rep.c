/* tests/test_kmemcheck_rep.c - REP strings as one range against the per-element path. */
#include "kernel/mmu.h"
#include "kernel/string.h"
#include "kmemcheck/origin.h"
#include "kmemcheck/rep.h"
#include "kmemcheck/shadow.h"
#include "kmemcheck/stackdepot.h"
#include "mm/paging.h"
#include "tests/ktest.h"

/*
 * Every case runs twice from the same state: once with kmemcheck.rep=0,
 * each element single-stepped (the reference), once with the range path.
 * The registers after, the shadow, the origins and the bytes around the
 * ranges, and every report (with its repeat count and the registers it
 * names) must come out the same; so must the count of errors. The range
 * run must also really have been one range.
 */

enum op { MOVS, STOS, LODS, CMPSE, CMPSNE, SCASE, SCASNE, NR_OPS };

#define UNINIT_A	KMEMCHECK_SHADOW_NR_STATES	/* two origins */
#define NO_PLANT	UINT32_MAX
#define MAX_MARKS	4
#define BUF_BYTES	(4 * PAGE_SIZE)
#define WINDOW_MAX	(BUF_BYTES + 256)

struct mark {
	uint32_t off, len;		/* from base */
	uint8_t state;			/* a shadow state, or UNINIT_A */
};

struct spec {
	uint8_t *base;
	uint8_t op, size;
	bool down;
	bool fill;			/* memset base[0..BUF_BYTES) first */
	uint32_t src, dst;		/* ESI and EDI, from base */
	uint32_t count, eax;
	uint8_t fill_byte;
	/* Bytes set apart after the fill, with plant after fill2: */
	uint32_t fill2, fill2_len;	/* a run of fill2_byte, or NO_PLANT */
	uint8_t fill2_byte;
	uint32_t plant, plant_len;	/* a run of plant_byte, or NO_PLANT */
	uint8_t plant_byte;
	unsigned int nr_marks;
	struct mark mark[MAX_MARKS];
	unsigned int nr_win;		/* compared, from base: */
	uint32_t win[2][2];		/* [lo, hi) around each range */
};

struct regs {
	uint32_t esi, edi, ecx, eax, eflags;
};

struct outcome {
	struct regs r;
	uint32_t errors, ranges;
	unsigned int nr;
	struct kmemcheck_error e[KMEMCHECK_ERROR_QUEUE];
	uint32_t nr_bytes;		/* of the windows, one after the other */
	uint8_t shadow[WINDOW_MAX], mem[WINDOW_MAX];
	uint32_t origin[WINDOW_MAX], addr[WINDOW_MAX];
};

static struct outcome ref, got;
static unsigned int cases, reports, repeats, ranges_cut;

#define RUN(text)							\
	asm volatile("testl %[down], %[down]\n\t"			\
		     "jz 1f\n\t"					\
		     "std\n"						\
		     "1:\t" text "\n\t"					\
		     "pushfl\n\t"					\
		     "popl %[fl]\n\t"					\
		     "cld"						\
		     : "+S"(r->esi), "+D"(r->edi), "+c"(r->ecx),	\
		       "+a"(r->eax), [fl] "=&r"(r->eflags)		\
		     : [down] "r"(down) : "memory", "cc")

#define KEY(op, size)	((op) * 8 + (size))
#define SIZES(op, b, w, l)						\
	case KEY(op, 1): RUN(b); break;					\
	case KEY(op, 2): RUN(w); break;					\
	case KEY(op, 4): RUN(l); break

/* Not inlined: each instruction has one EIP for both runs. */
static __attribute__((noinline)) void execute(const struct spec *s,
					      struct regs *r)
{
	uint32_t down = s->down;

	switch (KEY(s->op, s->size)) {
	SIZES(MOVS, "rep movsb", "rep movsw", "rep movsl");
	SIZES(STOS, "rep stosb", "rep stosw", "rep stosl");
	SIZES(LODS, "rep lodsb", "rep lodsw", "rep lodsl");
	SIZES(CMPSE, "repe cmpsb", "repe cmpsw", "repe cmpsl");
	SIZES(CMPSNE, "repne cmpsb", "repne cmpsw", "repne cmpsl");
	SIZES(SCASE, "repe scasb", "repe scasw", "repe scasl");
	SIZES(SCASNE, "repne scasb", "repne scasw", "repne scasl");
	default:
		ktest_fail("no instruction for op %u size %u", s->op, s->size);
	}
}

/* Two call sites, two origins for uninitialized bytes. */
static __attribute__((noinline)) void mark_uninit_a(uint8_t *p, uint32_t n)
{
	kmemcheck_mark_uninitialized(p, n);
}

static __attribute__((noinline)) void mark_uninit_b(uint8_t *p, uint32_t n)
{
	kmemcheck_mark_uninitialized(p, n);
}

static __attribute__((noinline)) void set_up(const struct spec *s)
{
	bool was = kmemcheck_set_rep_range(true);
	struct kmemcheck_error e;
	unsigned int i;

	/* The window is all a case touches and all it compares: set up
	   only that, which keeps the suite's time down. */
	for (i = 0; s->fill && i < s->nr_win; i++) {
		uint8_t *p = s->base + s->win[i][0];
		uint32_t n = s->win[i][1] - s->win[i][0];

		kmemcheck_mark_initialized(p, n);
		memset(p, s->fill_byte, n);
		kmemcheck_origin_set((uint32_t)p, n, KMEMCHECK_DEPOT_NONE);
	}
	if (s->fill2 != NO_PLANT)
		memset(s->base + s->fill2, s->fill2_byte, s->fill2_len);
	if (s->plant != NO_PLANT)
		memset(s->base + s->plant, s->plant_byte, s->plant_len);
	for (i = 0; i < s->nr_marks; i++) {
		const struct mark *m = &s->mark[i];
		uint8_t *p = s->base + m->off;

		switch (m->state) {
		case UNINIT_A:
			mark_uninit_a(p, m->len);
			break;
		case KMEMCHECK_SHADOW_UNINITIALIZED:
			mark_uninit_b(p, m->len);
			break;
		case KMEMCHECK_SHADOW_FREED:
			kmemcheck_mark_freed(p, m->len);
			break;
		case KMEMCHECK_SHADOW_UNALLOCATED:
			kmemcheck_mark_unallocated(p, m->len);
			break;
		default:
			kmemcheck_mark_initialized(p, m->len);
		}
	}
	kmemcheck_set_rep_range(was);
	while (kmemcheck_error_take(&e))
		ktest_fail("case %u: a report in the set-up", cases);
	kmemcheck_forget_last_error();
}

static __attribute__((noinline)) void run(const struct spec *s, bool range,
					  struct outcome *o)
{
	struct kmemcheck_stats before, after;
	uint32_t ranges, i, w, k = 0;
	bool was;

	set_up(s);
	ranges = kmemcheck_nr_rep_ranges;
	o->r = (struct regs){ (uint32_t)(s->base + s->src),
			      (uint32_t)(s->base + s->dst), s->count, s->eax,
			      0 };
	kmemcheck_get_stats(&before);
	was = kmemcheck_set_rep_range(range);
	execute(s, &o->r);
	kmemcheck_set_rep_range(was);
	kmemcheck_get_stats(&after);
	o->errors = after.reports - before.reports;
	o->ranges = kmemcheck_nr_rep_ranges - ranges;
	for (o->nr = 0; o->nr < KMEMCHECK_ERROR_QUEUE &&
	     kmemcheck_error_take(&o->e[o->nr]); o->nr++)
		;
	for (w = 0; w < s->nr_win; w++) {
		for (i = s->win[w][0]; i < s->win[w][1]; i++, k++) {
			uint32_t a = (uint32_t)s->base + i;
			const uint8_t *sh = kmemcheck_shadow_lookup(a);
			const uint8_t *m = paging_alias(a);

			o->addr[k] = a;
			o->shadow[k] = sh ? *sh : 0xee;
			o->mem[k] = m ? *m : 0;
			o->origin[k] = kmemcheck_origin_get(a);
		}
	}
	o->nr_bytes = k;
}

/* The same report, but for CR2 and the bytes around the address: the
   range path saves them as they were when the instruction began. */
static bool same_report(const struct kmemcheck_error *a,
			const struct kmemcheck_error *b)
{
	return a->kind == b->kind && a->access == b->access &&
	       a->state == b->state && a->size == b->size &&
	       a->address == b->address && a->repeat == b->repeat &&
	       a->regs.eip == b->regs.eip && a->regs.esi == b->regs.esi &&
	       a->regs.edi == b->regs.edi && a->regs.ecx == b->regs.ecx &&
	       a->regs.eax == b->regs.eax && a->origin == b->origin &&
	       a->has_object == b->has_object &&
	       a->snapshot_valid == b->snapshot_valid &&
	       a->snapshot_base == b->snapshot_base &&
	       memcmp(a->shadow, b->shadow, sizeof(a->shadow)) == 0;
}

static void describe(const char *what, const struct kmemcheck_error *e)
{
	unsigned int i;

	printk("  %s: %u-bit access %u state %u at %08x repeat %u esi %08x "
	       "edi %08x ecx %u eax %08x origin %08x object %u snapshot %u "
	       "at %08x:", what, e->size * 8u, e->access, e->state,
	       e->address, e->repeat, e->regs.esi, e->regs.edi, e->regs.ecx,
	       e->regs.eax, e->origin, e->has_object, e->snapshot_valid,
	       e->snapshot_base);
	for (i = 0; i < KMEMCHECK_SNAPSHOT; i++)
		printk(" %u", e->shadow[i]);
	printk("\n");
}

/* The operand's lowest byte. */
static uint32_t low(const struct spec *s, uint32_t start)
{
	return s->down ? start - (s->count - 1) * s->size : start;
}

/* In buf, the bytes each range the instruction uses covers, and 64 on
   each side; one window when they meet. */
static void window(struct spec *s)
{
	bool esi = s->op != STOS && s->op != SCASE && s->op != SCASNE;
	bool edi = s->op != LODS;
	uint32_t start[2], n = 0, i;

	if (esi)
		start[n++] = s->src;
	if (edi)
		start[n++] = s->dst;
	for (i = 0; i < n; i++) {
		uint32_t lo = low(s, start[i]);
		uint32_t hi = lo + s->count * s->size;

		s->win[i][0] = lo < 64 ? 0 : lo - 64;
		s->win[i][1] = hi + 64 > BUF_BYTES ? BUF_BYTES : hi + 64;
	}
	if (n == 2 && s->win[0][0] > s->win[1][0]) {
		uint32_t lo = s->win[0][0], hi = s->win[0][1];

		s->win[0][0] = s->win[1][0];
		s->win[0][1] = s->win[1][1];
		s->win[1][0] = lo;
		s->win[1][1] = hi;
	}
	if (n == 2 && s->win[1][0] <= s->win[0][1]) {
		if (s->win[1][1] > s->win[0][1])
			s->win[0][1] = s->win[1][1];
		n = 1;
	}
	s->nr_win = n;
}

static void compare(struct spec *s, bool expect_range)
{
	volatile uint32_t runs = 2;
	uint32_t i;

	if (s->fill)
		window(s);
	cases++;
	/* From one call site, in a loop the compiler may not unroll: the
	   origins marked in the set-up name its stack, the same for both. */
	for (i = 0; i < runs; i++)
		run(s, i, i ? &got : &ref);
	if (ref.ranges != 0 || got.ranges != (expect_range ? 1u : 0u))
		ktest_fail("case %u (op %u size %u down %u): %u ranges "
			   "single-stepped, %u as one", cases, s->op, s->size,
			   s->down, ref.ranges, got.ranges);
	if (memcmp(&ref.r, &got.r, sizeof(ref.r)) != 0)
		ktest_fail("case %u (op %u size %u down %u): registers differ: "
			   "esi %08x/%08x edi %08x/%08x ecx %u/%u flags "
			   "%08x/%08x", cases, s->op, s->size, s->down,
			   ref.r.esi, got.r.esi, ref.r.edi, got.r.edi,
			   ref.r.ecx, got.r.ecx, ref.r.eflags, got.r.eflags);
	if (ref.r.ecx != 0)
		ranges_cut++;
	if (ref.errors != got.errors)
		ktest_fail("case %u (op %u size %u down %u): %u errors "
			   "single-stepped, %u as one range", cases, s->op,
			   s->size, s->down, ref.errors, got.errors);
	if (ref.nr != got.nr)
		ktest_fail("case %u (op %u size %u down %u): %u reports "
			   "single-stepped, %u as one range", cases, s->op,
			   s->size, s->down, ref.nr, got.nr);
	for (i = 0; i < ref.nr && i < got.nr; i++) {
		reports++;
		repeats += ref.e[i].repeat;
		if (same_report(&ref.e[i], &got.e[i]))
			continue;
		ktest_fail("case %u (op %u size %u down %u): report %u "
			   "differs", cases, s->op, s->size, s->down, i);
		describe("single-stepped", &ref.e[i]);
		describe("as one range", &got.e[i]);
	}
	for (i = 0; i < ref.nr_bytes; i++) {
		if (ref.shadow[i] == got.shadow[i] &&
		    ref.mem[i] == got.mem[i] &&
		    ref.origin[i] == got.origin[i])
			continue;
		ktest_fail("case %u (op %u size %u down %u): at %08x "
			   "shadow %u/%u byte %02x/%02x origin %08x/%08x",
			   cases, s->op, s->size, s->down, ref.addr[i],
			   ref.shadow[i], got.shadow[i], ref.mem[i],
			   got.mem[i], ref.origin[i], got.origin[i]);
		break;
	}
}

/* What was compared so far: so a run shows the cases were not empty. */
static void summary(const char *what)
{
	printk("%s: %u cases so far, %u reports with %u repeats, %u stopped "
	       "early\n", what, cases, reports, repeats, ranges_cut);
}

/* --- the cases ----------------------------------------------------------- */

static uint8_t *buf;

/* A case in buf: ESI and EDI from their offsets, n elements; the window
   is the whole buffer. */
static struct spec in_buf(enum op op, unsigned int size, bool down,
			  uint32_t src, uint32_t dst, uint32_t n)
{
	return (struct spec){
		.base = buf, .op = (uint8_t)op, .size = (uint8_t)size,
		.down = down, .fill = true, .src = src, .dst = dst,
		.count = n, .eax = 0x5a5a5a5a, .fill_byte = 0x5a,
		.fill2 = NO_PLANT, .plant = NO_PLANT,
	};
}

static void add_mark(struct spec *s, uint32_t off, uint32_t len,
		     uint8_t state)
{
	s->mark[s->nr_marks++] = (struct mark){ off, len, state };
}

/* The lowest byte of element e of an operand starting at start. */
static uint32_t at(const struct spec *s, uint32_t start, uint32_t e)
{
	return s->down ? start - e * s->size : start + e * s->size;
}

/* 100 bytes before the second page boundary in buf: a range that starts
   there crosses it, whichever way it goes. */
static uint32_t near_page;
#define NEAR_PAGE	near_page

static void get_buffer(void)
{
	if (!buf)
		buf = kmalloc(BUF_BYTES);
	near_page = PAGE_ROUND_UP((uint32_t)buf + 1) - (uint32_t)buf +
		    PAGE_SIZE - 100;
	KEXPECT(buf != NULL);
	KEXPECT(kmemcheck_tracks((uint32_t)buf) &&
		kmemcheck_tracks((uint32_t)buf + BUF_BYTES - 1));
}

static const enum op all_ops[] = { MOVS, STOS, LODS, CMPSE, CMPSNE,
				   SCASE, SCASNE };
static const unsigned int sizes[] = { 1, 2, 4 };

/* Every instruction, size and direction over clean bytes across a page
   boundary: no report, and the shadow the same. */
KTEST(kmemcheck_rep_clean)
{
	unsigned int o, z, d;

	get_buffer();
	for (o = 0; o < NR_OPS; o++)
		for (z = 0; z < 3; z++)
			for (d = 0; d < 2; d++) {
				struct spec s = in_buf(all_ops[o], sizes[z], d,
						       NEAR_PAGE,
						       NEAR_PAGE + 2 * PAGE_SIZE
						       - 2000, 150);

				if (all_ops[o] == SCASNE)
					s.eax = 0x11111111;
				/* Writing uninitialized bytes is clean. */
				if (all_ops[o] == STOS || all_ops[o] == MOVS)
					add_mark(&s, low(&s, s.dst) + 3, 200,
						 KMEMCHECK_SHADOW_UNINITIALIZED);
				if (all_ops[o] == CMPSNE) {
					/* The destination differs. */
					s.fill2 = low(&s, s.dst);
					s.fill2_len = 150 * sizes[z];
					s.fill2_byte = 0x11;
				}
				compare(&s, true);
			}
	summary("rep clean");
	KEXPECT_NO_REPORT();
}

/* Bad bytes in the way of each operand: uninitialized (two origins),
   freed, unallocated to the end, alone and mixed. */
static void bad_patterns(enum op op, unsigned int size, bool down,
			 bool at_edi)
{
	static const struct {
		uint32_t first, len;
		uint8_t state;
		uint32_t second, len2;
		uint8_t state2;
	} pat[] = {
		{ 5, 3, UNINIT_A, 0, 0, 0 },
		{ 10, 1, KMEMCHECK_SHADOW_FREED, 0, 0, 0 },
		{ 3, 2, KMEMCHECK_SHADOW_UNINITIALIZED, 20, 400,
		  KMEMCHECK_SHADOW_UNALLOCATED },
		{ 2, 1, UNINIT_A, 30, 2, KMEMCHECK_SHADOW_UNINITIALIZED },
		{ 7, 2, KMEMCHECK_SHADOW_FREED, 40, 3, UNINIT_A },
		{ 0, 1, KMEMCHECK_SHADOW_UNALLOCATED, 9, 1,
		  KMEMCHECK_SHADOW_UNALLOCATED },
		/* Neighbours of two origins: the destination lies 2 bytes
		   off the source's origin granules (KMEMCHECK_ORIGIN_GRANULE,
		   4), so of three such pairs one spans two source granules
		   and lands in one destination granule, where the order of
		   the copy decides which origin the granule keeps. */
		{ 4, 1, UNINIT_A, 5, 1, KMEMCHECK_SHADOW_UNINITIALIZED },
		{ 5, 1, UNINIT_A, 6, 1, KMEMCHECK_SHADOW_UNINITIALIZED },
		{ 6, 1, UNINIT_A, 7, 1, KMEMCHECK_SHADOW_UNINITIALIZED },
	};
	unsigned int p;

	for (p = 0; p < sizeof(pat) / sizeof(pat[0]); p++) {
		struct spec s = in_buf(op, size, down, NEAR_PAGE + 1,
				       NEAR_PAGE + PAGE_SIZE + 7, 60);
		uint32_t start = at_edi ? s.dst : s.src, a, b;

		/* A report names EAX after the elements LODS loaded. */
		if (op == LODS)
			s.eax = 0x12345678;

		/* The elements named, whichever way the range goes; the
		   marks lie within, or across, their bytes. */
		a = at(&s, start, pat[p].first) + (size > 1);
		add_mark(&s, a, pat[p].len, pat[p].state);
		if (pat[p].len2) {
			/* From the element on, the way the range goes. */
			b = at(&s, start, pat[p].second);
			if (down)
				b = b + size - pat[p].len2;
			add_mark(&s, b, pat[p].len2, pat[p].state2);
		}
		compare(&s, true);
	}
}

KTEST(kmemcheck_rep_reads_and_writes_of_bad_bytes)
{
	static const enum op ops[] = { STOS, LODS, CMPSE, SCASE };
	unsigned int o, z, d, k;

	get_buffer();
	for (o = 0; o < 4; o++)
		for (z = 0; z < 3; z++)
			for (d = 0; d < 2; d++)
				for (k = 0; k < (ops[o] == CMPSE ? 2u : 1u);
				     k++)
					bad_patterns(ops[o], sizes[z], d,
						     ops[o] == SCASE ||
						     ops[o] == STOS || k);
	summary("rep reads_and_writes_of_bad_bytes");
	KEXPECT_NO_REPORT();
}

/* MOVS with bad bytes in its source or its destination. */
KTEST(kmemcheck_rep_movs_bad_bytes)
{
	unsigned int z, d, k;

	get_buffer();
	for (z = 0; z < 3; z++)
		for (d = 0; d < 2; d++)
			for (k = 0; k < 2; k++)
				bad_patterns(MOVS, sizes[z], d, k);
	summary("rep movs_bad_bytes");
	KEXPECT_NO_REPORT();
}

/* MOVS onto itself at distances 1 to 7 either way, both directions:
   where a forward copy runs into its own output it replicates a pattern
   of states, and the range path must too. */
KTEST(kmemcheck_rep_movs_overlap)
{
	unsigned int z, d, dist, sign, freed;

	get_buffer();
	for (z = 0; z < 3; z++)
		for (d = 0; d < 2; d++)
			for (dist = 1; dist <= 7; dist++)
				for (sign = 0; sign < 2; sign++)
					for (freed = 0; freed < 2; freed++) {
		uint32_t src = NEAR_PAGE + 40, n = 40, i;
		uint32_t dst = sign ? src + dist : src - dist;
		struct spec s = in_buf(MOVS, sizes[z], d, src, dst, n);
		uint32_t lo = d ? src - (n - 1) * sizes[z] : src;

		/* Every fifth byte uninitialized, alternating origins. */
		for (i = 0; i < n * sizes[z] && s.nr_marks < MAX_MARKS - 1;
		     i += 5 + dist)
			add_mark(&s, lo + i, 1,
				 i & 1 ? UNINIT_A :
					 KMEMCHECK_SHADOW_UNINITIALIZED);
		if (freed)
			add_mark(&s, lo + n * sizes[z] / 2, 1,
				 KMEMCHECK_SHADOW_FREED);
		compare(&s, true);
	}
	summary("rep movs_overlap");
	KEXPECT_NO_REPORT();
}

/* CMPS and SCAS stop where the elements decide: an uninitialized byte
   right after that is never read, so never reported; in the last element
   or before it, it is. */
KTEST(kmemcheck_rep_cmps_scas_stop_early)
{
	static const enum op ops[] = { CMPSE, CMPSNE, SCASE, SCASNE };
	unsigned int o, z, d, stop;

	get_buffer();
	for (o = 0; o < 4; o++)
		for (z = 0; z < 3; z++)
			for (d = 0; d < 2; d++)
				for (stop = 0; stop < 3; stop++) {
		bool scas = ops[o] == SCASE || ops[o] == SCASNE;
		struct spec s = in_buf(ops[o], sizes[z], d, NEAR_PAGE + 3,
				       NEAR_PAGE + PAGE_SIZE + 5, 100);
		/* The element that ends the repeat, 8, and where an
		   uninitialized byte lies: right after it (never read),
		   in it, or before it. */
		uint32_t end = 8, uninit = stop == 0 ? 9 : stop == 1 ? 8 : 5;

		s.plant = at(&s, s.dst, end);
		switch (ops[o]) {
		case CMPSE:
		case SCASE:
			/* Equal everywhere but one byte of that element. */
			s.plant_len = 1;
			s.plant_byte = 0x77;
			break;
		case SCASNE:
			/* Different everywhere but that element. */
			s.eax = 0x33333333;
			s.plant_len = sizes[z];
			s.plant_byte = 0x33;
			break;
		default:
			/* CMPSNE: the destination differs from the source
			   but in that element. */
			s.fill2 = low(&s, s.dst);
			s.fill2_len = 100 * sizes[z];
			s.fill2_byte = 0x11;
			s.plant_len = sizes[z];
			s.plant_byte = 0x5a;
		}
		add_mark(&s, at(&s, scas ? s.dst : s.src, uninit), 1, UNINIT_A);
		compare(&s, true);
	}
	summary("rep cmps_scas_stop_early");
	KEXPECT_NO_REPORT();
}

/* Real objects: a read over the end of one into its redzone, a read of a
   freed one, a copy out of a live object into untracked memory. */
KTEST(kmemcheck_rep_real_objects)
{
	static uint8_t outside[64];
	uint8_t *small = kmalloc(24), *gone = kmalloc(32);
	struct spec s = {
		.op = LODS, .size = 4, .fill2 = NO_PLANT, .plant = NO_PLANT,
	};

	kfree(gone);
	/* Into the redzone only: what lies beyond belongs to other tests,
	   and a read there could change it between the two runs. */
	KEXPECT(kmemcheck_redzone() >= 8);
	s.base = small;
	s.count = 8;
	s.nr_marks = 1;
	s.mark[0] = (struct mark){ 0, 24, KMEMCHECK_SHADOW_UNINITIALIZED };
	s.nr_win = 1;
	s.win[0][0] = 0;
	s.win[0][1] = 48;
	compare(&s, true);

	s.base = gone;
	s.nr_marks = 0;
	s.count = 8;
	s.win[0][1] = 32;
	compare(&s, true);

	s.base = small;
	s.op = MOVS;
	s.size = 1;
	s.count = 24;
	s.dst = (uint32_t)outside - (uint32_t)small;
	s.nr_marks = 2;
	s.mark[0] = (struct mark){ 0, 24, KMEMCHECK_SHADOW_INITIALIZED };
	s.mark[1] = (struct mark){ 6, 3, UNINIT_A };
	s.win[0][1] = 24;
	compare(&s, true);
	kmemcheck_mark_initialized(small, 24);
	kfree(small);
	summary("rep real_objects");
	KEXPECT_NO_REPORT();
}

static void stosl(void *p, uint32_t n)
{
	asm volatile("rep stosl" : "+D"(p), "+c"(n) : "a"(0) : "memory");
}

/* Above the cap the range path stands back: the element of that fault
   is single-stepped, and at the next fault the rest, now within the
   cap, is one range. At the cap it is one range from the start. */
KTEST(kmemcheck_rep_cap)
{
	uint32_t words = KMEMCHECK_REP_MAX_BYTES / 4, ranges;
	uint32_t *big = kmalloc(KMEMCHECK_REP_MAX_BYTES + 4);
	struct kmemcheck_stats before, after;
	bool was = kmemcheck_set_rep_range(true);

	KEXPECT(big != NULL);
	ranges = kmemcheck_nr_rep_ranges;
	kmemcheck_get_stats(&before);
	stosl(big, words + 1);
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(kmemcheck_nr_rep_ranges, ranges + 1);
	KEXPECT_EQ(after.faults - before.faults, 2);
	KEXPECT(kmemcheck_is_initialized(big, KMEMCHECK_REP_MAX_BYTES + 4));
	kmemcheck_mark_uninitialized(big, KMEMCHECK_REP_MAX_BYTES + 4);
	kmemcheck_get_stats(&before);
	stosl(big, words);
	kmemcheck_get_stats(&after);
	KEXPECT_EQ(kmemcheck_nr_rep_ranges, ranges + 2);
	KEXPECT_EQ(after.faults - before.faults, 1);
	KEXPECT(kmemcheck_is_initialized(big, KMEMCHECK_REP_MAX_BYTES));
	KEXPECT(!kmemcheck_is_initialized(big + words, 4));
	kmemcheck_set_rep_range(was);
	kfree(big);
	KEXPECT_NO_REPORT();
}
