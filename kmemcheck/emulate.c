/* kmemcheck/emulate.c - plain moves carried out by the fault handler. */
#include <stddef.h>

#include "kernel/mmu.h"
#include "kmemcheck/emulate.h"
#include "kmemcheck/insn_cache.h"
#include "kmemcheck/kmemcheck.h"
#include "kmemcheck/pte.h"
#include "mm/paging.h"

/* Instruction bytes (SDM Vol. 2A, 2.1; Vol. 2D, A.3). */
#define PREFIX_OPSIZE		0x66
#define OPCODE_ESCAPE		0x0f
#define MODRM_MOD(b)		((b) >> 6)
#define MODRM_REG(b)		(((b) >> 3) & 7)
#define MODRM_MOD_REGISTER	3	/* r/m is a register, not memory */

bool kmemcheck_emulate_enabled;
uint32_t kmemcheck_nr_emulated;

bool kmemcheck_set_emulate(bool on)
{
	bool was = kmemcheck_emulate_enabled;

	/* The decode cache keeps the move's form only while emulating:
	   empty it, so instructions met before are looked at again. */
	if (on != was)
		kmemcheck_insn_cache_clear();
	kmemcheck_emulate_enabled = on;
	return was;
}

bool kmemcheck_emulating(void)
{
	return kmemcheck_emulate_enabled;
}

/* Little-endian, as the immediate is encoded (SDM Vol. 1, 1.3.1). */
static uint32_t get_le(const uint8_t *b, unsigned int size)
{
	uint32_t v = 0;

	while (size--)
		v = (v << 8) | b[size];
	return v;
}

/*
 * Takes the opcode, ModRM.reg and immediate from the bytes themselves; the
 * decoder has already given the length and the memory operand. Any prefix
 * but one 66 (a segment override, LOCK, REP, 67, a second 66) is refused:
 * each changes what the move means in a way not handled here.
 */
bool kmemcheck_move_decode(const struct kmemcheck_insn *insn,
			   const uint8_t *code, struct kmemcheck_move *m)
{
	unsigned int i = 0, opsize = 4;
	uint8_t modrm;

	if (code[i] == PREFIX_OPSIZE) {
		opsize = 2;
		i++;
	}
	m->reg_size = opsize;
	m->imm = 0;
	if (code[i] == OPCODE_ESCAPE) {
		switch (code[i + 1]) {
		case 0xb6:
			m->kind = KMEMCHECK_MOVE_ZERO_EXTEND;
			m->mem_size = 1;
			break;
		case 0xb7:
			m->kind = KMEMCHECK_MOVE_ZERO_EXTEND;
			m->mem_size = 2;
			break;
		case 0xbe:
			m->kind = KMEMCHECK_MOVE_SIGN_EXTEND;
			m->mem_size = 1;
			break;
		case 0xbf:
			m->kind = KMEMCHECK_MOVE_SIGN_EXTEND;
			m->mem_size = 2;
			break;
		default:
			return false;
		}
		i += 2;
	} else {
		switch (code[i]) {
		case 0x88:
		case 0x89:
			m->kind = KMEMCHECK_MOVE_STORE;
			break;
		case 0x8a:
		case 0x8b:
			m->kind = KMEMCHECK_MOVE_LOAD;
			break;
		case 0xc6:
		case 0xc7:
			m->kind = KMEMCHECK_MOVE_IMM;
			break;
		default:
			return false;
		}
		/* Bit 0 of these opcodes selects byte or full size
		   (SDM Vol. 2D, B.1.4.3). */
		if (!(code[i] & 1))
			m->reg_size = 1;
		m->mem_size = m->reg_size;
		i++;
	}
	if (i >= insn->len)
		return false;
	modrm = code[i];
	if (MODRM_MOD(modrm) == MODRM_MOD_REGISTER)
		return false;
	m->reg = MODRM_REG(modrm);
	if (m->kind == KMEMCHECK_MOVE_IMM) {
		/* C6 and C7 are MOV only with reg 0 (SDM Vol. 2B, MOV);
		   the immediate is the instruction's last bytes. */
		if (m->reg != 0)
			return false;
		m->imm = get_le(code + insn->len - m->mem_size, m->mem_size);
	}
	/* The decoder must agree on what is touched, and how. */
	if (insn->nr_operands != 1 || insn->rep || insn->addr16 ||
	    insn->insn_class != KMEMCHECK_INSN_PLAIN ||
	    insn->op[0].kind != KMEMCHECK_ADDR_MODRM ||
	    insn->op[0].size != m->mem_size ||
	    insn->op[0].access != (m->kind == KMEMCHECK_MOVE_STORE ||
				   m->kind == KMEMCHECK_MOVE_IMM ?
				   KMEMCHECK_ACCESS_WRITE :
				   KMEMCHECK_ACCESS_READ))
		return false;
	/* The frame has no slot for ESP to load into (kernel/trap.h). */
	return m->kind == KMEMCHECK_MOVE_STORE || m->kind == KMEMCHECK_MOVE_IMM ||
	       m->reg_size == 1 || m->reg != KMEMCHECK_REG_ESP;
}

/*
 * Byte registers 0-3 are AL, CL, DL, BL, the low bytes of EAX..EBX; 4-7
 * are AH, CH, DH, BH, bits 8-15 of the same four (SDM Vol. 2A, 3.1.1.1,
 * Table 2-2).
 */
static inline uint32_t *byte_reg(struct trap_frame *tf, unsigned int reg,
			  unsigned int *shift)
{
	*shift = reg & 4 ? 8 : 0;
	return trap_frame_gpr(tf, reg & 3);
}

static inline uint32_t read_reg(struct trap_frame *tf, unsigned int reg,
			 unsigned int size)
{
	unsigned int shift;

	if (size == 1)
		return (*byte_reg(tf, reg, &shift) >> shift) & 0xff;
	/* A store of ESP stores its value before the instruction: the
	   interrupted code's, just above the frame. */
	if (reg == KMEMCHECK_REG_ESP)
		return trap_frame_esp(tf) & (size == 2 ? 0xffff : 0xffffffff);
	return *trap_frame_gpr(tf, reg) & (size == 2 ? 0xffff : 0xffffffff);
}

/* A write of 8 or 16 bits leaves the rest of the 32-bit register as it
   was (SDM Vol. 1, 3.4.1). */
static inline void write_reg(struct trap_frame *tf, unsigned int reg,
		      unsigned int size, uint32_t v)
{
	unsigned int shift;
	uint32_t *r;

	if (size == 1) {
		r = byte_reg(tf, reg, &shift);
		*r = (*r & ~(0xffu << shift)) | ((v & 0xff) << shift);
	} else if (size == 2) {
		r = trap_frame_gpr(tf, reg);
		*r = (*r & 0xffff0000) | (v & 0xffff);
	} else {
		*trap_frame_gpr(tf, reg) = v;
	}
}

/*
 * The alias of each byte of the operand. Every byte must lie on a page
 * kmemcheck tracks: another page may be unmapped or not RAM, and the
 * single step gives the CPU's own answer for it (a #PF, an MMIO access).
 * Returns how many of the bytes lie on the first page, or 0 to refuse.
 */
static unsigned int alias_operand(uint32_t addr, unsigned int size,
				  uint8_t *alias[2])
{
	uint32_t last = addr + size - 1;
	unsigned int first_part = size;

	if (!kmemcheck_pte_lookup(addr) || !(alias[0] = paging_alias(addr)))
		return 0;
	alias[1] = NULL;
	if (PAGE_ROUND_DOWN(last) != PAGE_ROUND_DOWN(addr)) {
		if (last < addr)	/* wraps around 4 GiB */
			return 0;
		first_part = PAGE_SIZE - PGOFF(addr);
		if (!kmemcheck_pte_lookup(last) ||
		    !(alias[1] = paging_alias(PAGE_ROUND_DOWN(last))))
			return 0;
	}
	return first_part;
}

/*
 * Within one page, the access is made at its own width: an aligned 16- or
 * 32-bit load or store stays one atomic access, as the CPU would make it
 * (SDM Vol. 3A, 9.1.1). Split across two pages it is byte by byte; the
 * CPU does not promise atomicity there either.
 */
static inline uint32_t load(uint8_t *alias[2], unsigned int first_part,
		     unsigned int size)
{
	uint8_t b[4];
	unsigned int i;

	if (first_part == size) {
		if (size == 1)
			return *(volatile uint8_t *)alias[0];
		if (size == 2)
			return *(volatile uint16_t *)(void *)alias[0];
		return *(volatile uint32_t *)(void *)alias[0];
	}
	for (i = 0; i < size; i++)
		b[i] = i < first_part ? alias[0][i] : alias[1][i - first_part];
	return get_le(b, size);
}

static inline void store(uint8_t *alias[2], unsigned int first_part,
		  unsigned int size, uint32_t v)
{
	unsigned int i;

	if (first_part == size) {
		if (size == 1)
			*(volatile uint8_t *)alias[0] = (uint8_t)v;
		else if (size == 2)
			*(volatile uint16_t *)(void *)alias[0] = (uint16_t)v;
		else
			*(volatile uint32_t *)(void *)alias[0] = v;
		return;
	}
	for (i = 0; i < size; i++, v >>= 8) {
		if (i < first_part)
			alias[0][i] = (uint8_t)v;
		else
			alias[1][i - first_part] = (uint8_t)v;
	}
}

static uint32_t sign_extend(uint32_t v, unsigned int size)
{
	return size == 1 ? (uint32_t)(int32_t)(int8_t)v :
			   (uint32_t)(int32_t)(int16_t)v;
}

void kmemcheck_move_do(struct trap_frame *tf, const struct kmemcheck_move *m,
		       uint8_t *alias[2], unsigned int first_part,
		       unsigned int len)
{
	uint32_t v;

	switch (m->kind) {
	case KMEMCHECK_MOVE_STORE:
		store(alias, first_part, m->mem_size,
		      read_reg(tf, m->reg, m->reg_size));
		break;
	case KMEMCHECK_MOVE_IMM:
		store(alias, first_part, m->mem_size, m->imm);
		break;
	case KMEMCHECK_MOVE_LOAD:
	case KMEMCHECK_MOVE_ZERO_EXTEND:
		write_reg(tf, m->reg, m->reg_size,
			  load(alias, first_part, m->mem_size));
		break;
	case KMEMCHECK_MOVE_SIGN_EXTEND:
		v = load(alias, first_part, m->mem_size);
		write_reg(tf, m->reg, m->reg_size,
			  sign_extend(v, m->mem_size));
		break;
	}
	/*
	 * MOV, MOVZX and MOVSX leave the arithmetic flags alone (SDM Vol.
	 * 2B, MOV: "Flags Affected: None"). RF is cleared once an
	 * instruction completes (SDM Vol. 3B, 17.3.1.1): the next
	 * instruction's breakpoints must not be suppressed by this fault's.
	 */
	tf->eflags &= ~EFLAGS_RF;
	tf->eip += len;
	kmemcheck_nr_emulated++;
}

bool kmemcheck_emulate(struct trap_frame *tf,
		       const struct kmemcheck_insn *insn, const uint8_t *code,
		       const uint32_t addr[2])
{
	struct kmemcheck_move m;
	uint8_t *alias[2];
	unsigned int first_part;

	/*
	 * Code that is itself being single-stepped (TF set in its own
	 * EFLAGS) is owed a single-step #DB after this instruction (SDM
	 * Vol. 3B, 17.3.1.4). Emulated, the instruction would pass with
	 * no trap at all: let the step path run it on the CPU.
	 */
	if (tf->eflags & EFLAGS_TF)
		return false;
	if (!kmemcheck_move_decode(insn, code, &m))
		return false;
	first_part = alias_operand(addr[0], m.mem_size, alias);
	if (!first_part)
		return false;
	/* Nothing has changed so far: from here on the move is done. */
	kmemcheck_move_do(tf, &m, alias, first_part, insn->len);
	return true;
}
