/* tools/kmemcheck-decode.c - the kernel's instruction decoder on the host. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemcheck/disasm.h"
#include "kmemcheck/opcode.h"

static const char usage[] =
	"usage: kmemcheck-decode [-v] [FILE]...\n"
	"Decode one i386 instruction a line, given as hex bytes (\"8b 43 08\"\n"
	"or \"8b4308\"), from the files or from standard input (\"-\" too).\n"
	"Prints \"len=N\" and one token per memory operand, r, w or rw and\n"
	"its size in bytes (\"len=3 r4\"), or \"unsupported\" where the\n"
	"kernel's decoder does not know the instruction for certain. Bytes\n"
	"after the instruction are ignored, as the kernel ignores what\n"
	"follows a faulting instruction. Blank lines and lines starting with\n"
	"# are skipped. -v adds, after two spaces, the instruction as objdump\n"
	"-d writes it (\"len=3 r4  mov 0x8(%ebx),%eax\"), branch targets\n"
	"counted from address 0. Exit status: 0; 1 if a line was not hex\n"
	"(\"error: ...\" is printed for it); 2 if a file could not be read.\n";

static bool verbose;

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

/*
 * Parses hex bytes, whitespace allowed between bytes but not inside one.
 * Returns the number of bytes, or -1 with a reason in why.
 */
static long parse_hex(const char *line, unsigned char *bytes,
		      char *why, size_t why_size)
{
	long n = 0;
	size_t i, high_at = 0;
	int high = -1, digit;

	for (i = 0; line[i]; i++) {
		if (is_space(line[i]) && high < 0)
			continue;
		if (is_space(line[i])) {
			snprintf(why, why_size,
				 "hex digit at column %zu has no second digit",
				 high_at + 1);
			return -1;
		}
		digit = hex_digit(line[i]);
		if (digit < 0 && isprint((unsigned char)line[i])) {
			snprintf(why, why_size,
				 "'%c' at column %zu is not a hex digit",
				 line[i], i + 1);
			return -1;
		}
		if (digit < 0) {
			snprintf(why, why_size,
				 "byte 0x%02x at column %zu is not a hex digit",
				 (unsigned char)line[i], i + 1);
			return -1;
		}
		if (high < 0) {
			high = digit;
			high_at = i;
		} else {
			bytes[n++] = (unsigned char)(high << 4 | digit);
			high = -1;
		}
	}
	if (high >= 0) {
		snprintf(why, why_size,
			 "hex digit at column %zu has no second digit",
			 high_at + 1);
		return -1;
	}
	return n;
}

static void print_insn(const struct kmemcheck_insn *insn,
		       const unsigned char *bytes)
{
	static const char *const access[] = {
		[KMEMCHECK_ACCESS_READ] = "r",
		[KMEMCHECK_ACCESS_WRITE] = "w",
		[KMEMCHECK_ACCESS_READ | KMEMCHECK_ACCESS_WRITE] = "rw",
	};
	unsigned int i;

	printf("len=%u", insn->len);
	for (i = 0; i < insn->nr_operands; i++)
		printf(" %s%u", access[insn->op[i].access], insn->op[i].size);
	if (verbose) {
		char text[128];

		kmemcheck_disasm(bytes, insn->len, 0, text, sizeof(text));
		printf("  %s", text);
	}
	putchar('\n');
}

/* Decodes every line of f; false if a line was not hex. */
static bool decode_stream(FILE *f)
{
	char *line = NULL, why[128];
	size_t cap = 0;
	unsigned char *bytes = NULL;
	struct kmemcheck_insn insn;
	bool ok = true;
	ssize_t len;
	long n;
	size_t skip;

	while ((len = getline(&line, &cap, f)) >= 0) {
		skip = strspn(line, " \t\r\n\v\f");
		if (line[skip] == '\0' || line[skip] == '#')
			continue;
		bytes = realloc(bytes, len / 2 + 1);
		if (!bytes) {
			perror("kmemcheck-decode");
			exit(2);
		}
		n = parse_hex(line, bytes, why, sizeof(why));
		if (n < 0) {
			printf("error: %s\n", why);
			ok = false;
		} else if (kmemcheck_opcode_decode(bytes, n, &insn) < 0) {
			printf("unsupported\n");
		} else {
			print_insn(&insn, bytes);
		}
	}
	free(bytes);
	free(line);
	return ok;
}

int main(int argc, char **argv)
{
	int i, first = 1, status = 0;
	FILE *f;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = true;
		first = 2;
	}
	for (i = first; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return 0;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr,
				"kmemcheck-decode: unknown option %s\n%s",
				argv[i], usage);
			return 2;
		}
	}
	if (argc == first && !decode_stream(stdin))
		status = 1;
	for (i = first; i < argc; i++) {
		if (!strcmp(argv[i], "-")) {
			f = stdin;
		} else {
			f = fopen(argv[i], "r");
			if (!f) {
				fprintf(stderr, "kmemcheck-decode: %s: %s\n",
					argv[i], strerror(errno));
				status = 2;
				continue;
			}
		}
		if (!decode_stream(f) && status == 0)
			status = 1;
		if (f != stdin)
			fclose(f);
	}
	return status;
}
