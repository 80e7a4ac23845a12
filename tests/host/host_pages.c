/* tests/host/host_pages.c - host stand-in for kmemcheck's page allocator. */
#include <stdlib.h>
#include <string.h>

#include "kernel/mmu.h"
#include "kmemcheck/shadow.h"
#include "tests/host/host_pages.h"

bool host_pages_exhausted;
int host_pages_live;

/* Filled with junk, so that a shadow page used before it is cleared shows. */
void *kmemcheck_page_alloc(void)
{
	void *page;

	if (host_pages_exhausted)
		return NULL;
	page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	if (page) {
		memset(page, 0xa5, PAGE_SIZE);
		host_pages_live++;
	}
	return page;
}

void kmemcheck_page_free(void *page)
{
	free(page);
	host_pages_live--;
}
