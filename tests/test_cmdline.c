/* tests/test_cmdline.c - the kernel command line as options_parse reads it. */
#include "kernel/options.h"
#include "kernel/string.h"
#include "tests/ktest.h"

/* options_parse writes the real boot_options: each test parses into them
   and puts the ones the kernel booted with back. */
static struct boot_options saved;

static void parse(const char *text)
{
	saved = boot_options;
	options_parse(text);
}

static void restore(void)
{
	boot_options = saved;
}

KTEST(cmdline_defaults)
{
	parse(NULL);
	KEXPECT_EQ(boot_options.kmemcheck, KMEMCHECK_MODE_ON);
	KEXPECT(!boot_options.ktest);
	KEXPECT_EQ(boot_options.warnings, 0);
	KEXPECT_EQ(boot_options.cmdline[0], '\0');
	restore();

	parse("  \t ");
	KEXPECT_EQ(boot_options.kmemcheck, KMEMCHECK_MODE_ON);
	KEXPECT(!boot_options.ktest);
	KEXPECT_EQ(boot_options.warnings, 0);
	restore();
}

KTEST(cmdline_kmemcheck_modes)
{
	parse("kmemcheck=0");
	KEXPECT_EQ(boot_options.kmemcheck, KMEMCHECK_MODE_OFF);
	KEXPECT_EQ(boot_options.warnings, 0);
	restore();

	parse("kmemcheck=1");
	KEXPECT_EQ(boot_options.kmemcheck, KMEMCHECK_MODE_ON);
	KEXPECT_EQ(boot_options.warnings, 0);
	restore();

	parse("kmemcheck=2");
	KEXPECT_EQ(boot_options.kmemcheck, KMEMCHECK_MODE_ONESHOT);
	KEXPECT_EQ(boot_options.warnings, 0);
	restore();

	/* The last of repeated options wins, with a warning. */
	parse("kmemcheck=2 kmemcheck=0");
	KEXPECT_EQ(boot_options.kmemcheck, KMEMCHECK_MODE_OFF);
	KEXPECT_EQ(boot_options.warnings, 1);
	restore();
}

/* A bad value is named in a warning and leaves the default on. */
KTEST(cmdline_kmemcheck_rejected)
{
	static const char *const bad[] = {
		"kmemcheck=9", "kmemcheck=7", "kmemcheck=", "kmemcheck",
		"kmemcheck=-1", "kmemcheck=1x", "kmemcheck=4294967297",
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i]);
		if (boot_options.kmemcheck != KMEMCHECK_MODE_ON ||
		    boot_options.warnings != 1)
			ktest_fail("'%s' gave mode %u with %u warnings",
				   bad[i], boot_options.kmemcheck,
				   boot_options.warnings);
		restore();
	}
}

KTEST(cmdline_ktest)
{
	parse("ktest");
	KEXPECT(boot_options.ktest);
	KEXPECT_EQ(boot_options.ktest_prefix[0], '\0');
	KEXPECT_EQ(boot_options.warnings, 0);
	restore();

	parse("ktest=heap_ kmemcheck=0");
	KEXPECT(boot_options.ktest);
	KEXPECT(strcmp(boot_options.ktest_prefix, "heap_") == 0);
	KEXPECT_EQ(boot_options.kmemcheck, KMEMCHECK_MODE_OFF);
	KEXPECT_EQ(boot_options.warnings, 0);
	restore();

	/* A second parse starts from the defaults, not from the last one. */
	parse("kmemcheck=2");
	KEXPECT(!boot_options.ktest);
	restore();
}

KTEST(cmdline_unknown_counted)
{
	/* Not the names of tests/run.py's boot with warnings, whose log
	   must show that boot's own. */
	parse("nonsense kmemcheck=8 =y ktest=cmdline_");
	KEXPECT_EQ(boot_options.warnings, 3);
	KEXPECT_EQ(boot_options.kmemcheck, KMEMCHECK_MODE_ON);
	KEXPECT(boot_options.ktest);
	KEXPECT(strcmp(boot_options.ktest_prefix, "cmdline_") == 0);
	restore();

	parse("verbose=1 quiet");
	KEXPECT_EQ(boot_options.warnings, 2);
	restore();
}

/* Loaders put the image path first; a bare word is an option. */
KTEST(cmdline_image_name)
{
	parse("/boot/kernel.elf kmemcheck=0 ktest=x");
	KEXPECT_EQ(boot_options.warnings, 0);
	KEXPECT_EQ(boot_options.kmemcheck, KMEMCHECK_MODE_OFF);
	KEXPECT(strcmp(boot_options.ktest_prefix, "x") == 0);
	/* Kept as given, image name and all. */
	KEXPECT(strcmp(boot_options.cmdline,
		       "/boot/kernel.elf kmemcheck=0 ktest=x") == 0);
	restore();

	parse("build/kernel.elf");
	KEXPECT_EQ(boot_options.warnings, 0);
	KEXPECT(!boot_options.ktest);
	restore();

	parse("kernel ktest");
	KEXPECT_EQ(boot_options.warnings, 1);
	KEXPECT(boot_options.ktest);
	restore();
}

/* Whatever else it said, the command line of this boot asked for tests
   with a prefix that selects this one. */
KTEST(cmdline_this_boot)
{
	KEXPECT(boot_options.ktest);
	KEXPECT(strncmp(boot_options.ktest_prefix, "cmdline_this_boot",
			strlen(boot_options.ktest_prefix)) == 0);
}

/* kmemcheck.emulate takes 0 or 1; anything else is named in a warning and
   leaves it off, the single-stepped reference. */
KTEST(cmdline_kmemcheck_emulate)
{
	static const char *const bad[] = {
		"kmemcheck.emulate=2", "kmemcheck.emulate=",
		"kmemcheck.emulate=yes",
		/* Alone, a dotted word would be taken for the image. */
		"kernel.elf kmemcheck.emulate",
	};
	unsigned int i;

	parse(NULL);
	KEXPECT(!boot_options.kmemcheck_emulate);
	restore();

	parse("kmemcheck.emulate=1");
	KEXPECT(boot_options.kmemcheck_emulate);
	KEXPECT_EQ(boot_options.warnings, 0);
	restore();

	parse("kmemcheck.emulate=1 kmemcheck.emulate=0");
	KEXPECT(!boot_options.kmemcheck_emulate);
	restore();

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i]);
		if (boot_options.kmemcheck_emulate ||
		    boot_options.warnings != 1)
			ktest_fail("'%s' gave emulate=%u with %u warnings",
				   bad[i], boot_options.kmemcheck_emulate,
				   boot_options.warnings);
		restore();
	}
}
