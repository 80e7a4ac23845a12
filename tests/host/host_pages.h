/* tests/host/host_pages.h - host stand-in for kmemcheck's page allocator. */
#ifndef TESTS_HOST_HOST_PAGES_H
#define TESTS_HOST_HOST_PAGES_H

#include <stdbool.h>

/* While true, kmemcheck_page_alloc() fails as if no frame were left. */
extern bool host_pages_exhausted;
/* Pages handed out and not yet given back. */
extern int host_pages_live;

#endif
