/* kernel/demo.h - planted bugs that show what kmemcheck reports. */
#ifndef KERNEL_DEMO_H
#define KERNEL_DEMO_H

/* Every planted bug, each followed by its report, then the statistics. */
void demo_run(void);
/* The number of planted bugs, and one of them (1 to that number). */
unsigned int demo_count(void);
void demo_run_one(unsigned int n);

#endif
