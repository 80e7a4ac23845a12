/* tests/test_kmemcheck_model.c - random operations against a byte model. */
#include <stdarg.h>

#include "kernel/options.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "kmemcheck/shadow.h"
#include "tests/ktest.h"

/*
 * A seeded PRNG drives operations over live and freed heap objects: plain
 * 1/2/4-byte loads and stores, MOVZX, REP STOS, REP MOVS forwards and
 * backwards (between objects, inside one object with overlap, into the
 * stack), CMPS, frees, and one-byte overflows on both sides. A model of
 * every byte's state, kept here in .bss where kmemcheck never looks,
 * predicts each report exactly (access, state, size, address, repeats)
 * and the shadow after each operation. The first disagreement fails the
 * test with the seed and the operation number: boot with ktest.seed=N
 * (and ktest.ops=N) to replay it.
 */

#define MODEL_SEEDS		4
#define MODEL_OPS		1500	/* per seed, unless ktest.ops= */
#define MODEL_OBJECTS		16	/* live and freed at once */
#define MODEL_MAX_SIZE		(3 * 4096)
#define MODEL_MAX_ELEMENTS	32	/* per REP string instruction */
#define MODEL_STACK_BYTES	(MODEL_MAX_ELEMENTS * 4)
/* A freed object stays freed until HEAP_QUARANTINE more frees release
   it; the model lets go of it well before. */
#define MODEL_FREED_FOR		(HEAP_QUARANTINE / 2)
#define MODEL_MAX_REPORTS	8	/* per operation, < the queue */

#define READ	KMEMCHECK_ACCESS_READ
#define WRITE	KMEMCHECK_ACCESS_WRITE

enum {
	ST_A = KMEMCHECK_SHADOW_UNALLOCATED,
	ST_U = KMEMCHECK_SHADOW_UNINITIALIZED,
	ST_I = KMEMCHECK_SHADOW_INITIALIZED,
	ST_F = KMEMCHECK_SHADOW_FREED,
};

struct object {
	uint8_t *p;
	uint32_t size;
	bool used;
	bool freed;
	uint32_t frees_at_free;		/* m.frees when it was freed */
	uint8_t state[MODEL_MAX_SIZE];
};

/* One report the model expects from the current operation. */
struct expected {
	uint8_t access, state, size;
	uint32_t addr;
	uint32_t repeat;
};

/* The instruction sites: one asm statement each (folding is by EIP). */
enum site {
	SITE_READ1, SITE_READ2, SITE_READ4, SITE_MOVZX1, SITE_MOVZX2,
	SITE_WRITE1, SITE_WRITE2, SITE_WRITE4,
	SITE_STOS1, SITE_STOS2, SITE_STOS4,
	SITE_MOVS_UP1, SITE_MOVS_UP2, SITE_MOVS_UP4,
	SITE_MOVS_DOWN1, SITE_MOVS_DOWN2, SITE_MOVS_DOWN4,
	SITE_CMPS1, SITE_CMPS4,
	/* kernel/string.c's own string instructions */
	SITE_MEMCPY_L, SITE_MEMCPY_B, SITE_MEMMOVE_B, SITE_MEMMOVE_L,
	SITE_MEMSET,
};

/* The last error of one operand at the current site. */
struct last_error {
	bool valid;
	uint8_t access, state, size;
	uint32_t exec;
	int exp;			/* index in exp[], or -1: taken */
};

static struct {
	uint32_t seed, rng, op, frees;
	bool failed;
	struct object obj[MODEL_OBJECTS];
	/* What this operation should report. */
	struct expected exp[MODEL_MAX_REPORTS];
	unsigned int nr_exp;
	uint32_t errors;		/* every error, repeats included */
	uint32_t late_repeats;		/* repeats of taken reports */
	uint32_t exec;			/* instructions executed */
	/* The folding rule of kmemcheck/error.c, on the model's side. */
	struct {
		bool valid;
		int site;
		struct last_error op[KMEMCHECK_ERROR_OPERANDS];
	} run;
	/* The bytes the operation touched: compared right after it. */
	uint32_t touched[2][2];
	unsigned int nr_touched;
	/* Figures for the closing line. */
	uint32_t total_ops, total_reports, total_errors;
} m;

static uint32_t rnd(void)
{
	/* xorshift32 (Marsaglia, 2003). */
	m.rng ^= m.rng << 13;
	m.rng ^= m.rng >> 17;
	m.rng ^= m.rng << 5;
	return m.rng;
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static void __attribute__((format(printf, 1, 2)))
disagree(const char *fmt, ...)
{
	va_list ap;

	if (m.failed)
		return;
	m.failed = true;
	printk("model: seed %u, operation %u: ", m.seed, m.op);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	ktest_fail("model disagrees at seed %u, operation %u (replay with "
		   "ktest.seed=%u ktest.ops=%u)", m.seed, m.op, m.seed,
		   m.op + 1);
}

/* --- the model's bytes ------------------------------------------------ */

static struct object *owner(uint32_t addr)
{
	unsigned int i;

	for (i = 0; i < MODEL_OBJECTS; i++) {
		struct object *o = &m.obj[i];

		if (o->used && addr - (uint32_t)o->p < o->size)
			return o;
	}
	return NULL;
}

/*
 * The state the model knows for addr: an object's byte, or the byte just
 * outside one. The heap gives every object a red zone on each side (the
 * first object of a page and of the heap included), and a freed object
 * keeps its red zones unallocated: the byte before and the byte after any
 * object the model holds is unallocated. False when it does not know.
 */
static bool state_of(uint32_t addr, uint8_t *st)
{
	struct object *o = owner(addr);
	unsigned int i;

	if (o) {
		*st = o->state[addr - (uint32_t)o->p];
		return true;
	}
	for (i = 0; i < MODEL_OBJECTS; i++) {
		o = &m.obj[i];
		if (o->used && (addr == (uint32_t)o->p + o->size ||
				addr == (uint32_t)o->p - 1)) {
			*st = ST_A;
			return true;
		}
	}
	return false;
}

/* Only object bytes change state: red zone bytes stay unallocated. */
static void set_state(uint32_t addr, uint8_t st)
{
	struct object *o = owner(addr);

	if (o)
		o->state[addr - (uint32_t)o->p] = st;
}

static uint8_t get_state(uint32_t addr)
{
	uint8_t st = ST_A;

	if (!state_of(addr, &st))
		disagree("the model touched %08x, a byte it does not know",
			 addr);
	return st;
}

static void touch(uint32_t addr, uint32_t n)
{
	if (m.nr_touched < 2) {
		m.touched[m.nr_touched][0] = addr;
		m.touched[m.nr_touched][1] = addr + n;
		m.nr_touched++;
	}
}

/* --- what kmemcheck should do, instruction by instruction ------------- */

static void model_error(int site, unsigned int operand, uint8_t access,
			uint8_t state, uint8_t size, uint32_t addr)
{
	struct last_error *r = &m.run.op[operand];
	unsigned int i;

	m.errors++;
	if (m.run.valid && m.run.site == site && r->valid &&
	    r->access == access && r->state == state && r->size == size &&
	    r->exec != m.exec) {
		r->exec = m.exec;
		if (r->exp >= 0)
			m.exp[r->exp].repeat++;
		else
			m.late_repeats++;
		return;
	}
	if (!m.run.valid || m.run.site != site) {
		m.run.valid = true;
		m.run.site = site;
		for (i = 0; i < KMEMCHECK_ERROR_OPERANDS; i++)
			m.run.op[i].valid = false;
	}
	if (m.nr_exp == MODEL_MAX_REPORTS) {
		disagree("the model expects more than %u reports", m.nr_exp);
		return;
	}
	*r = (struct last_error){ true, access, state, size, m.exec,
				  (int)m.nr_exp };
	m.exp[m.nr_exp++] = (struct expected){ access, state, size, addr, 0 };
}

/* The first byte of the range in a state the access may not touch. */
static bool first_bad(uint32_t addr, uint32_t n, bool write, uint8_t *st)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		uint8_t s = get_state(addr + i);

		if (s == ST_I || (write && s == ST_U))
			continue;
		*st = s;
		return true;
	}
	return false;
}

static void mark_written(uint32_t addr, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (get_state(addr + i) == ST_U)
			set_state(addr + i, ST_I);
}

static void model_read(int site, unsigned int operand, uint32_t addr,
		       uint32_t n)
{
	uint8_t st;

	if (!first_bad(addr, n, false, &st))
		return;
	model_error(site, operand, READ, st, (uint8_t)n, addr);
	mark_written(addr, n);
}

static void model_write(int site, uint32_t addr, uint32_t n)
{
	uint8_t st;

	if (first_bad(addr, n, true, &st))
		model_error(site, 0, WRITE, st, (uint8_t)n, addr);
	mark_written(addr, n);
}

/* One MOVS element: the destination's write first, then the source's
   read; the element moves as memmove would move it. */
static void model_movs(int site, uint32_t src, uint32_t dst, uint32_t n,
		       bool dst_tracked)
{
	uint8_t st, before[4], dst_st[4];
	uint32_t i;

	if (!dst_tracked) {
		model_read(site, 0, src, n);
		return;
	}
	if (first_bad(dst, n, true, &st))
		model_error(site, 1, WRITE, st, (uint8_t)n, dst);
	if (first_bad(src, n, true, &st))
		model_error(site, 0, READ, st, (uint8_t)n, src);
	for (i = 0; i < n; i++) {
		before[i] = get_state(src + i);
		dst_st[i] = get_state(dst + i);
	}
	for (i = 0; i < n; i++)
		if (dst_st[i] != ST_F && dst_st[i] != ST_A)
			set_state(dst + i, before[i] == ST_U ? ST_U : ST_I);
}

/* --- the operations, one asm statement per site ------------------------ */

static __attribute__((noinline)) void do_read(uint32_t addr, uint32_t n)
{
	uint32_t v;

	switch (n) {
	case 1:
		asm volatile("movb (%1), %b0" : "=q"(v) : "r"(addr) : "memory");
		break;
	case 2:
		asm volatile("movw (%1), %w0" : "=r"(v) : "r"(addr) : "memory");
		break;
	default:
		asm volatile("movl (%1), %0" : "=r"(v) : "r"(addr) : "memory");
		break;
	}
}

static __attribute__((noinline)) void do_movzx(uint32_t addr, uint32_t n)
{
	uint32_t v;

	if (n == 1)
		asm volatile("movzbl (%1), %0" : "=r"(v) : "r"(addr)
			     : "memory");
	else
		asm volatile("movzwl (%1), %0" : "=r"(v) : "r"(addr)
			     : "memory");
}

static __attribute__((noinline)) void do_write(uint32_t addr, uint32_t n)
{
	switch (n) {
	case 1:
		asm volatile("movb %b1, (%0)" : : "r"(addr), "q"(0x5a)
			     : "memory");
		break;
	case 2:
		asm volatile("movw %w1, (%0)" : : "r"(addr), "r"(0x5a5a)
			     : "memory");
		break;
	default:
		asm volatile("movl %1, (%0)" : : "r"(addr), "r"(0x5a5a5a5a)
			     : "memory");
		break;
	}
}

static __attribute__((noinline)) void do_stos(uint32_t addr, uint32_t w,
					      uint32_t count)
{
	switch (w) {
	case 1:
		asm volatile("rep stosb" : "+D"(addr), "+c"(count)
			     : "a"(0x11) : "memory");
		break;
	case 2:
		asm volatile("rep stosw" : "+D"(addr), "+c"(count)
			     : "a"(0x1111) : "memory");
		break;
	default:
		asm volatile("rep stosl" : "+D"(addr), "+c"(count)
			     : "a"(0x11111111) : "memory");
		break;
	}
}

/* Elements walk up from src and dst, or (down) from the last element
   down to them, as a backward memmove does. */
static __attribute__((noinline)) void do_movs(uint32_t src, uint32_t dst,
					      uint32_t w, uint32_t count,
					      bool down)
{
	if (down) {
		src += (count - 1) * w;
		dst += (count - 1) * w;
	}
	switch (w + (down ? 8 : 0)) {
	case 1:
		asm volatile("rep movsb" : "+S"(src), "+D"(dst), "+c"(count)
			     : : "memory");
		break;
	case 2:
		asm volatile("rep movsw" : "+S"(src), "+D"(dst), "+c"(count)
			     : : "memory");
		break;
	case 4:
		asm volatile("rep movsl" : "+S"(src), "+D"(dst), "+c"(count)
			     : : "memory");
		break;
	case 9:
		asm volatile("std\n\trep movsb\n\tcld"
			     : "+S"(src), "+D"(dst), "+c"(count)
			     : : "memory", "cc");
		break;
	case 10:
		asm volatile("std\n\trep movsw\n\tcld"
			     : "+S"(src), "+D"(dst), "+c"(count)
			     : : "memory", "cc");
		break;
	default:
		asm volatile("std\n\trep movsl\n\tcld"
			     : "+S"(src), "+D"(dst), "+c"(count)
			     : : "memory", "cc");
		break;
	}
}

static __attribute__((noinline)) void do_cmps(uint32_t a, uint32_t b,
					      uint32_t w)
{
	if (w == 1)
		asm volatile("cmpsb" : "+S"(a), "+D"(b) : : "memory", "cc");
	else
		asm volatile("cmpsl" : "+S"(a), "+D"(b) : : "memory", "cc");
}

static int width_site(int site1, uint32_t w)
{
	return site1 + (w == 1 ? 0 : w == 2 ? 1 : 2);
}

/* --- choosing operations ---------------------------------------------- */

static struct object *pick(bool want_live, bool want_freed)
{
	unsigned int i, start = below(MODEL_OBJECTS);

	for (i = 0; i < MODEL_OBJECTS; i++) {
		struct object *o = &m.obj[(start + i) % MODEL_OBJECTS];

		if (o->used && ((want_live && !o->freed) ||
				(want_freed && o->freed)))
			return o;
	}
	return NULL;
}

static uint32_t random_size(void)
{
	uint32_t r = below(100);

	if (r < 60)
		return 1 + below(64);
	if (r < 85)
		return 65 + below(2048 - 64);
	return 2041 + below(MODEL_MAX_SIZE - 2040);
}

static uint32_t random_width(uint32_t room)
{
	static const uint32_t widths[] = { 1, 2, 4 };
	uint32_t w = widths[below(3)];

	while (w > room)
		w /= 2;
	return w;
}

static void op_alloc(void)
{
	struct object *o = NULL;
	unsigned int i;
	bool zero = below(2);

	for (i = 0; i < MODEL_OBJECTS && !o; i++)
		if (!m.obj[i].used)
			o = &m.obj[i];
	if (!o)
		return;
	o->size = random_size();
	o->p = zero ? kzalloc(o->size) : kmalloc(o->size);
	if (!o->p) {
		disagree("k%calloc(%u) failed", zero ? 'z' : 'm', o->size);
		return;
	}
	o->used = true;
	o->freed = false;
	for (i = 0; i < o->size; i++)
		o->state[i] = zero ? ST_I : ST_U;
}

static void op_free(void)
{
	struct object *o = pick(true, false);
	uint32_t i;

	if (!o)
		return;
	kfree(o->p);
	m.frees++;
	o->freed = true;
	o->frees_at_free = m.frees;
	for (i = 0; i < o->size; i++)
		o->state[i] = ST_F;
}

/* A random range of an object: [*addr, *addr + n * w). */
static struct object *pick_range(bool freed_ok, uint32_t w, uint32_t *addr,
				 uint32_t *n)
{
	struct object *o = pick(true, freed_ok && below(4) == 0);

	if (!o)
		o = pick(true, freed_ok);
	if (!o || o->size < w)
		return NULL;
	*n = 1 + below(o->size / w < MODEL_MAX_ELEMENTS ?
		       o->size / w : MODEL_MAX_ELEMENTS);
	*addr = (uint32_t)o->p + below(o->size - *n * w + 1);
	return o;
}

static void op_load_store(void)
{
	uint32_t addr, n, w = random_width(4), kind = below(4);
	struct object *o = pick_range(true, w, &addr, &n);

	if (!o)
		return;
	touch(addr, w);
	m.exec++;
	if (kind < 2) {
		model_write(width_site(SITE_WRITE1, w), addr, w);
		do_write(addr, w);
	} else if (kind == 2 || w == 4) {
		model_read(width_site(SITE_READ1, w), 0, addr, w);
		do_read(addr, w);
	} else {
		model_read(w == 1 ? SITE_MOVZX1 : SITE_MOVZX2, 0, addr, w);
		do_movzx(addr, w);
	}
}

/* One byte past either end of a live or freed object. */
static void op_overflow(void)
{
	struct object *o = pick(true, below(4) == 0);
	bool left = below(2), write = below(2);
	uint32_t addr;

	if (!o)
		return;
	addr = left ? (uint32_t)o->p - 1 : (uint32_t)o->p + o->size;
	touch(addr, 1);
	m.exec++;
	if (write) {
		model_write(SITE_WRITE1, addr, 1);
		do_write(addr, 1);
	} else {
		model_read(SITE_READ1, 0, addr, 1);
		do_read(addr, 1);
	}
}

static void op_stos(void)
{
	uint32_t addr, n, w = random_width(4), i;

	if (!pick_range(true, w, &addr, &n))
		return;
	touch(addr, n * w);
	for (i = 0; i < n; i++) {
		m.exec++;
		model_write(width_site(SITE_STOS1, w), addr + i * w, w);
	}
	do_stos(addr, w, n);
}

/* REP MOVS: between two objects, inside one (overlapping), or into the
   stack; up or down. */
static void op_movs(void)
{
	uint8_t stack[MODEL_STACK_BYTES];
	uint32_t src, dst, n, w = random_width(4), i, k, r = below(20);
	uint32_t kind = r < 7 ? 0 : r < 16 ? 1 : 2;
	bool down = below(2);
	struct object *o;
	int site = width_site(down ? SITE_MOVS_DOWN1 : SITE_MOVS_UP1, w);

	o = pick_range(true, w, &src, &n);
	if (!o)
		return;
	if (kind == 0) {
		uint32_t dn;

		if (!pick_range(true, w * n, &dst, &dn))
			return;
	} else if (kind == 1) {
		/* The same object, up to two elements either way. */
		int32_t shift = (int32_t)below(4 * w + 1) - 2 * (int32_t)w;
		uint32_t start = (uint32_t)o->p, end = start + o->size;

		dst = src + (uint32_t)shift;
		if (dst < start || dst + n * w > end)
			return;
	} else {
		dst = (uint32_t)stack;
	}
	touch(src, n * w);
	touch(dst, n * w);
	for (i = 0; i < n; i++) {
		k = down ? n - 1 - i : i;
		m.exec++;
		model_movs(site, src + k * w, dst + k * w, w, kind != 2);
	}
	do_movs(src, dst, w, n, down);
}

static void op_cmps(void)
{
	uint32_t a, b, n, w = below(2) ? 4 : 1;
	int site = w == 1 ? SITE_CMPS1 : SITE_CMPS4;

	if (!pick_range(true, w, &a, &n) || !pick_range(true, w, &b, &n))
		return;
	touch(a, w);
	touch(b, w);
	m.exec++;
	model_read(site, 0, a, w);
	model_read(site, 1, b, w);
	do_cmps(a, b, w);
}

/*
 * kernel/string.c, instruction by instruction: memcpy is REP MOVSL then
 * REP MOVSB upwards; memmove onto an overlapping higher destination is
 * REP MOVSB for the odd top bytes, then REP MOVSL, both downwards; memset
 * is REP STOSB.
 */
static void model_memcpy(uint32_t src, uint32_t dst, uint32_t n)
{
	uint32_t words = n / 4, i;

	for (i = 0; i < words; i++) {
		m.exec++;
		model_movs(SITE_MEMCPY_L, src + 4 * i, dst + 4 * i, 4, true);
	}
	for (i = 4 * words; i < n; i++) {
		m.exec++;
		model_movs(SITE_MEMCPY_B, src + i, dst + i, 1, true);
	}
}

static void model_memmove(uint32_t src, uint32_t dst, uint32_t n)
{
	uint32_t bytes = n % 4, words = n / 4, i;

	if (dst <= src || dst >= src + n) {
		model_memcpy(src, dst, n);
		return;
	}
	for (i = 1; i <= bytes; i++) {
		m.exec++;
		model_movs(SITE_MEMMOVE_B, src + n - i, dst + n - i, 1, true);
	}
	for (i = 1; i <= words; i++) {
		m.exec++;
		model_movs(SITE_MEMMOVE_L, src + n - bytes - 4 * i,
			   dst + n - bytes - 4 * i, 4, true);
	}
}

/* memmove inside one object (overlapping either way), memcpy between
   two, memset of one range. */
static void op_string_call(void)
{
	uint32_t src, dst, n, dn, i, kind = below(3);
	struct object *o = pick_range(true, 1, &src, &n);

	if (!o)
		return;
	if (kind == 0) {
		int32_t shift = (int32_t)below(33) - 16;
		uint32_t start = (uint32_t)o->p, end = start + o->size;

		dst = src + (uint32_t)shift;
		if (dst < start || dst + n > end)
			return;
		touch(src, n);
		touch(dst, n);
		model_memmove(src, dst, n);
		memmove((void *)dst, (const void *)src, n);
	} else if (kind == 1) {
		if (!pick_range(true, n, &dst, &dn))
			return;
		touch(src, n);
		touch(dst, n);
		model_memcpy(src, dst, n);
		memcpy((void *)dst, (const void *)src, n);
	} else {
		touch(src, n);
		for (i = 0; i < n; i++) {
			m.exec++;
			model_write(SITE_MEMSET, src + i, 1);
		}
		memset((void *)src, 0x22, n);
	}
}

/* --- comparing ------------------------------------------------------- */

static void compare_reports(uint32_t errors_before)
{
	struct kmemcheck_stats s;
	struct kmemcheck_error e;
	unsigned int i;

	for (i = 0; i < m.nr_exp && !m.failed; i++) {
		const struct expected *x = &m.exp[i];

		if (!kmemcheck_error_take(&e)) {
			disagree("expected a %u-bit %s of %s memory at %08x, "
				 "no report came", x->size * 8u,
				 x->access == READ ? "read" : "write",
				 kmemcheck_shadow_name[x->state], x->addr);
			return;
		}
		m.total_reports++;
		if (e.kind != KMEMCHECK_ERROR_ACCESS || e.access != x->access ||
		    e.state != x->state || e.size != x->size ||
		    e.address != x->addr || e.repeat != x->repeat) {
			kmemcheck_error_print(&e);
			printk("model: expected access %u state %u size %u at "
			       "%08x repeated %u times\n", x->access, x->state,
			       x->size, x->addr, x->repeat);
			disagree("report %u of the operation differs (printed "
				 "above)", i);
			return;
		}
	}
	if (kmemcheck_error_take(&e)) {
		kmemcheck_error_print(&e);
		disagree("an unexpected report (printed above), %u expected",
			 m.nr_exp);
		return;
	}
	kmemcheck_get_stats(&s);
	if (s.reports - errors_before != m.errors)
		disagree("kmemcheck counted %u errors, the model %u",
			 s.reports - errors_before, m.errors);
	m.total_errors += m.errors;
}

static void compare_shadow(uint32_t from, uint32_t to)
{
	uint32_t addr;
	uint8_t want;

	for (addr = from; addr != to && !m.failed; addr++) {
		const uint8_t *s = kmemcheck_shadow_lookup(addr);

		if (!state_of(addr, &want))
			continue;
		if (!s || *s != want)
			disagree("shadow of %08x is %c, the model says %c",
				 addr, s ? kmemcheck_shadow_letter[*s] : '-',
				 kmemcheck_shadow_letter[want]);
	}
}

static void compare_object(const struct object *o)
{
	compare_shadow((uint32_t)o->p - 1, (uint32_t)o->p + o->size + 1);
}

/* Objects freed long ago may be released and reused: forget them. */
static void retire_old_frees(void)
{
	unsigned int i;

	for (i = 0; i < MODEL_OBJECTS; i++) {
		struct object *o = &m.obj[i];

		if (o->used && o->freed &&
		    m.frees - o->frees_at_free >= MODEL_FREED_FOR)
			o->used = false;
	}
}

static void one_op(void)
{
	struct kmemcheck_stats s;
	uint32_t r = below(100), i;

	kmemcheck_get_stats(&s);
	m.nr_exp = 0;
	m.errors = 0;
	m.nr_touched = 0;
	if (r < 6)
		op_alloc();
	else if (r < 11)
		op_free();
	else if (r < 46)
		op_load_store();
	else if (r < 52)
		op_overflow();
	else if (r < 60)
		op_stos();
	else if (r < 82)
		op_movs();
	else if (r < 90)
		op_string_call();
	else
		op_cmps();
	compare_reports(s.reports);
	for (i = 0; i < m.nr_touched; i++)
		compare_shadow(m.touched[i][0] - 1, m.touched[i][1] + 1);
	for (i = 0; i < KMEMCHECK_ERROR_OPERANDS; i++)
		m.run.op[i].exp = -1;
	retire_old_frees();
	if (m.op % 16 == 0)
		for (i = 0; i < MODEL_OBJECTS && !m.failed; i++)
			if (m.obj[i].used)
				compare_object(&m.obj[i]);
}

static void run_seed(uint32_t seed, uint32_t ops)
{
	uint32_t announced = kmemcheck_error_repeats_announced(), i;

	m.seed = seed;
	m.rng = seed ? seed : 0x9e3779b9;	/* xorshift needs a bit set */
	m.late_repeats = 0;
	m.run.valid = false;
	kmemcheck_forget_last_error();
	for (m.op = 0; m.op < ops && !m.failed; m.op++)
		one_op();
	m.total_ops += m.op;
	for (i = 0; i < MODEL_OBJECTS; i++) {
		if (m.obj[i].used && !m.obj[i].freed)
			kfree(m.obj[i].p);
		m.obj[i].used = false;
	}
	/* The repeats of reports already taken are announced by a flush. */
	kmemcheck_flush();
	if (kmemcheck_error_repeats_announced() - announced != m.late_repeats)
		disagree("the flush announced %u repeats, the model counts %u",
			 kmemcheck_error_repeats_announced() - announced,
			 m.late_repeats);
}

KTEST(kmemcheck_model)
{
	static const uint32_t seeds[MODEL_SEEDS] = { 1, 2, 3, 4 };
	uint32_t ops = boot_options.ktest_ops ? boot_options.ktest_ops :
		       MODEL_OPS;
	unsigned int i, nr_seeds = 0;

	m.failed = false;
	m.total_ops = m.total_reports = m.total_errors = 0;
	if (boot_options.ktest_seed_given) {
		run_seed(boot_options.ktest_seed, ops);
		nr_seeds = 1;
	} else {
		for (i = 0; i < MODEL_SEEDS && !m.failed; i++, nr_seeds++)
			run_seed(seeds[i], ops);
	}
	printk("model: %u seeds, %u operations, %u reports, %u errors, "
	       "%u disagreements\n", nr_seeds, m.total_ops, m.total_reports,
	       m.total_errors, m.failed ? 1 : 0);
}
