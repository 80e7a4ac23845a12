/* kmemcheck/check.c - what one instruction's accesses mean for the shadow. */
#include "kmemcheck/check.h"
#include "kmemcheck/error.h"
#include "kmemcheck/origin.h"
#include "kmemcheck/shadow.h"

struct access {
	uint32_t addr;
	uint8_t size;
	const struct trap_frame *tf;
	const uint8_t *code;
	unsigned int code_len;
	unsigned int operand;		/* which of the insn's operands */
};

static unsigned int report(const struct access *a, uint8_t access,
			   enum kmemcheck_shadow state)
{
	kmemcheck_error_save(KMEMCHECK_ERROR_ACCESS, access, state, a->size,
			     a->addr, a->tf, a->code, a->code_len, a->operand);
	return 1;
}

/* Uninitialized bytes become initialized; freed and unallocated bytes
   keep their state, so that later uses of them are caught too. */
static void mark_written(const struct access *a)
{
	kmemcheck_shadow_replace(a->addr, a->size,
				 KMEMCHECK_SHADOW_UNINITIALIZED,
				 KMEMCHECK_SHADOW_INITIALIZED);
}

/*
 * A read of any byte that is not initialized is an error. Linux let a read
 * pass when one of its bytes was initialized; we do not. After the report
 * uninitialized bytes count as initialized, so one bug is reported once;
 * freed and unallocated bytes stay so, and every later use is caught.
 */
static unsigned int check_read(const struct access *a)
{
	enum kmemcheck_shadow state;
	uint32_t where;

	if (!kmemcheck_shadow_find(a->addr, a->size, false, &where, &state))
		return 0;
	/* The report's snapshot shows the shadow as the access found it. */
	report(a, KMEMCHECK_ACCESS_READ, state);
	mark_written(a);
	return 1;
}

/* A write initializes, unless it lands in freed or unallocated memory:
   a use after free or an overflow, which Linux's kmemcheck let pass. */
static unsigned int check_write(const struct access *a)
{
	enum kmemcheck_shadow state;
	uint32_t where;
	unsigned int n = 0;

	if (kmemcheck_shadow_find(a->addr, a->size, true, &where, &state))
		n = report(a, KMEMCHECK_ACCESS_WRITE, state);
	mark_written(a);
	return n;
}

/* The read half reports first; one report per operand is enough. */
static unsigned int check_read_write(const struct access *a)
{
	unsigned int n = check_read(a);

	if (n)
		return n;
	return check_write(a);
}

/*
 * Copying is not using: MOVS carries the source's shadow to a tracked
 * destination. A destination kmemcheck cannot see (the stack, static
 * data) takes the bytes out of its sight, so there the copy counts as a
 * read of the source, as in Linux.
 *
 * Only the uninitialized state travels: a freed or unallocated source is
 * a use after free or an overrun right here, and a freed or unallocated
 * destination a write into it. Passing such a state on would report the
 * bug later at the wrong place.
 */
static unsigned int check_movs(const struct access *src,
			       const struct access *dst)
{
	enum kmemcheck_shadow state;
	uint32_t where;
	unsigned int n = 0;

	if (!kmemcheck_shadow_tracked(dst->addr, dst->size))
		return check_read(src);
	if (kmemcheck_shadow_find(dst->addr, dst->size, true, &where, &state))
		n += report(dst, KMEMCHECK_ACCESS_WRITE, state);
	if (kmemcheck_shadow_find(src->addr, src->size, true, &where, &state))
		n += report(src, KMEMCHECK_ACCESS_READ, state);
	/* Origins first: they follow the source's shadow as it was. */
	kmemcheck_origin_copy(dst->addr, src->addr, dst->size, dst->tf);
	kmemcheck_shadow_copy(dst->addr, src->addr, dst->size);
	return n;
}

static unsigned int check_operand(const struct access *a, uint8_t access)
{
	switch (access) {
	case KMEMCHECK_ACCESS_READ:
		return check_read(a);
	case KMEMCHECK_ACCESS_WRITE:
		return check_write(a);
	case KMEMCHECK_ACCESS_READ | KMEMCHECK_ACCESS_WRITE:
		return check_read_write(a);
	default:
		return 0;
	}
}

unsigned int kmemcheck_check_insn(const struct kmemcheck_insn *insn,
				  const uint32_t addr[2],
				  const struct trap_frame *tf,
				  const uint8_t *code, unsigned int code_len)
{
	struct access a[2];
	unsigned int i, n = 0;

	for (i = 0; i < insn->nr_operands; i++)
		a[i] = (struct access){ addr[i], insn->op[i].size, tf, code,
					code_len, i };

	switch (insn->insn_class) {
	case KMEMCHECK_INSN_MOVS:
		return check_movs(&a[0], &a[1]);
	case KMEMCHECK_INSN_BITOP:
		/*
		 * One policy for every bit-level read-modify-write: AND, OR,
		 * XOR, BTS, BTR and BTC on memory count as writes. They are
		 * how bitfields and bitmaps are set and cleared (set_bit on a
		 * fresh kmalloc'd bitmap is the idiom), and the bits they do
		 * not change are not used; a shadow of one state per byte
		 * cannot tell which bits are meant, so reporting the read half
		 * would flag every first set_bit. The price: the old bit that
		 * BTS/BTR/BTC leave in CF, and the flags AND/OR/XOR set, are
		 * not checked. BT alone only reads, and is checked as a read.
		 */
		return check_write(&a[0]);
	default:
		for (i = 0; i < insn->nr_operands; i++)
			n += check_operand(&a[i], insn->op[i].access);
		return n;
	}
}
