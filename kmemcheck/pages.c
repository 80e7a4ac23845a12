/* kmemcheck/pages.c - kmemcheck's own pages: frames, never heap pages. */
#include <stddef.h>

#include "kernel/panic.h"
#include "kmemcheck/shadow.h"
#include "mm/frame.h"
#include "mm/paging.h"

/* The shadow sits in identity-mapped frames: never hidden, and reachable
   from the fault path without a mapping to make. */
void *kmemcheck_page_alloc(void)
{
	physaddr_t pa = frame_alloc();

	return pa ? phys_to_virt(pa) : NULL;
}

void kmemcheck_page_free(void *page)
{
	BUG_ON(frame_free((physaddr_t)page) < 0);
}
