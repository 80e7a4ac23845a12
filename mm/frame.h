/* mm/frame.h - the physical frame allocator: one bit per 4 KiB frame. */
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include <stdint.h>

typedef uint32_t physaddr_t;

/* Frames live in [0, limit): every one starts out in use. */
void frame_init(physaddr_t limit);
/* Makes [start, end) available / in use again (page-rounded inwards and
   outwards respectively). */
void frame_add_free(uint64_t start, uint64_t end);
void frame_reserve(uint64_t start, uint64_t end);
/* A free frame, or 0 when none is left (frame 0 is never free). */
physaddr_t frame_alloc(void);
/* 0, or -1 when pa is not an allocated frame (a double free). */
int frame_free(physaddr_t pa);
uint32_t frame_free_count(void);
uint32_t frame_total_count(void);

#endif
