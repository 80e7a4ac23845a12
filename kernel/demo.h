/* kernel/demo.h - planted bugs that show what kmemcheck reports. */
#ifndef KERNEL_DEMO_H
#define KERNEL_DEMO_H

void demo_run(void);

#endif
