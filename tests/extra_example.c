/* tests/extra_example.c - the README's example test, built in through
   EXTRA_KTESTS by tests/run.py to prove that contract. */
#include "tests/ktest.h"

KTEST(my_list_walk)
{
	int *p = kmalloc(4 * sizeof(int));

	p[0] = 1;
	KEXPECT(p[0] == 1);
	(void)*(volatile int *)&p[1];	/* never written */
	KEXPECT_REPORT(KMEMCHECK_ACCESS_READ,
		       KMEMCHECK_SHADOW_UNINITIALIZED, 32, &p[1]);
	kfree(p);
}
