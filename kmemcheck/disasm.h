/* kmemcheck/disasm.h - i386 disassembler: an instruction as objdump writes it. */
#ifndef KMEMCHECK_DISASM_H
#define KMEMCHECK_DISASM_H

#include <stdint.h>

/* Room for the text of any instruction the decoder takes, NUL included. */
#define KMEMCHECK_DISASM_MAX	160

/*
 * Writes the instruction at code[0 .. avail-1] in AT&T syntax as objdump -d
 * prints it (mnemonic, a space, operands), e.g. "mov 0x4(%ebx),%edx". eip is
 * the instruction's address, for relative branch targets. Returns the
 * instruction's length, or -1 (and writes "(bad)") when it is not an
 * instruction this disassembler knows. The text is cut to size - 1
 * characters and always NUL-terminated when size > 0.
 */
int kmemcheck_disasm(const uint8_t *code, unsigned int avail, uint32_t eip,
		     char *buf, unsigned int size);

#endif
