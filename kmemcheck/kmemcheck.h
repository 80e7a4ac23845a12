/* kmemcheck/kmemcheck.h - the memory checker's public interface. */
#ifndef KMEMCHECK_KMEMCHECK_H
#define KMEMCHECK_KMEMCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/trap.h"

/* kmemcheck= on the command line. */
enum kmemcheck_mode {
	KMEMCHECK_MODE_OFF = 0,
	KMEMCHECK_MODE_ON = 1,
	KMEMCHECK_MODE_ONESHOT = 2,	/* switches itself off after a report */
};

struct kmemcheck_stats {
	uint32_t faults;		/* #PF on hidden pages handled */
	uint32_t traps;			/* single-step #DB handled */
	uint32_t emulated;		/* faults whose instruction the
					   handler did itself: no #DB */
	uint32_t reports;		/* errors found (folded repeats included) */
	uint32_t queued;		/* reports saved into the queue */
	uint32_t dropped;		/* reports lost: the queue was full */
	uint32_t pages_tracked;		/* heap pages with a shadow */
	uint32_t pages_untracked;	/* heap pages mapped now that got no
					   shadow: no frame was left for it */
	uint32_t pages_untracked_total;	/* such pages since boot, those
					   unmapped since included */
	uint32_t shadow_bytes;		/* memory the shadow takes */
	uint32_t origin_bytes;		/* origins of uninitialized bytes */
	uint32_t object_bytes;		/* objects' sizes and stack handles */
	uint32_t depot_bytes;		/* stacks kept, of depot_reserved */
	uint32_t depot_reserved;
	uint32_t depot_stacks;		/* distinct records in the depot */
	uint32_t depot_lost;		/* stacks not kept: the depot was full */
};

/* Boot: runs the decoder self-test, then checks in the given mode (which
   the self-test may override to off). Before the first kmalloc. */
void kmemcheck_init(enum kmemcheck_mode mode);
bool kmemcheck_enabled(void);
/* The mode kmemcheck started in: kmemcheck=, or off when the self-test
   failed. */
enum kmemcheck_mode kmemcheck_boot_mode(void);
/* The runtime switch: 0, or -1 when kmemcheck was off from boot (it never
   kept a shadow) or its self-test failed. Switching on again trusts every
   byte that was uninitialized: the writes it did not see are unknown. */
int kmemcheck_set_enabled(bool on);
/* The same by mode: one-shot switches checking on until the next report
   (then kmemcheck_flush says it switched off). 0, or -1 as above. */
int kmemcheck_set_mode(enum kmemcheck_mode m);
void kmemcheck_get_stats(struct kmemcheck_stats *out);
/* kmemcheck.emulate= at run time: with it on, the #PF handler carries
   out plain moves itself, through the frame's alias, instead of
   single-stepping them. Returns the setting it replaces. */
bool kmemcheck_set_emulate(bool on);
bool kmemcheck_emulating(void);
/* kmemcheck.rep= at run time: with it on (the default), a REP string
   instruction is checked as one range at its first fault and run whole;
   off, every element is single-stepped. Returns the setting it
   replaces. */
bool kmemcheck_set_rep_range(bool on);
void kmemcheck_print_stats(void);

/* `bench` on the command line: prints the cost of one access. */
void kmemcheck_bench_run(void);
/* `bench=smp` (qemu -smp 4): the cost of one access with one CPU and
   with four reading at once. */
void kmemcheck_bench_smp_run(void);

/* The trap hooks (kernel/trap.c): true when the event was kmemcheck's. */
bool kmemcheck_fault(struct trap_frame *tf);
bool kmemcheck_trap(struct trap_frame *tf);
/* The EFLAGS of the code a trap interrupted, given its frame's: while an
   instruction is single-stepped the frame holds kmemcheck's IF and TF,
   and a panic must show the code's own. */
uint32_t kmemcheck_interrupted_eflags(uint32_t eflags);

/* Prints the queued reports; called where printing is safe. */
void kmemcheck_flush(void);
/* Reports queued and not printed yet. */
unsigned int kmemcheck_pending(void);
/* Where a new piece of work begins (a test, a shell command): its first
   error is a report of its own, never a repeat of the last one before. */
void kmemcheck_forget_last_error(void);

/* The heap's hooks (mm/heap.c). */
/* Bytes the heap leaves unallocated on each side of every tracked object
   while a shadow is kept, so that an overflow or an underflow lands in
   bytes no object owns. */
#define KMEMCHECK_REDZONE	8
size_t kmemcheck_redzone(void);
void kmemcheck_page_track(uint32_t va);		/* a new heap page */
void kmemcheck_page_untrack(uint32_t va);	/* before it is unmapped */
/* A new object in a slot whose shadow is all unallocated. */
void kmemcheck_alloc(void *p, size_t size, bool zeroed);
void kmemcheck_free(void *p, size_t size);	/* into quarantine */
void kmemcheck_release(void *p, size_t size);	/* out of quarantine */
/* krealloc's copy of n bytes from one live object to a new one: each byte
   takes its state along (uninitialized stays uninitialized). */
void kmemcheck_copy(void *dst, const void *src, size_t n);
/* True when addr lies on a heap page kmemcheck tracks: hidden while it
   checks, so every access to it faults. */
bool kmemcheck_tracks(uint32_t addr);

/* For code that fills memory behind the CPU's back (DMA, a copy through
   another mapping) or knows better than the checker. */
void kmemcheck_mark_initialized(const void *p, size_t n);
void kmemcheck_mark_uninitialized(const void *p, size_t n);
void kmemcheck_mark_freed(const void *p, size_t n);
void kmemcheck_mark_unallocated(const void *p, size_t n);
/* True when every tracked byte of the range is initialized. */
bool kmemcheck_is_initialized(const void *p, size_t n);

/*
 * Bitfields are written by reading the word around them, so the first
 * write of a bitfield in a fresh kmalloc object reads uninitialized bits.
 * Bracket the bitfields in the struct and annotate the object once:
 *
 *	struct s {
 *		KMEMCHECK_BITFIELD_BEGIN(flags);
 *		unsigned int a : 1, b : 3;
 *		KMEMCHECK_BITFIELD_END(flags);
 *	};
 *	p = kmalloc(sizeof(*p));
 *	kmemcheck_annotate_bitfield(p, flags);
 */
#define KMEMCHECK_BITFIELD_BEGIN(name)	int name##_begin[0]
#define KMEMCHECK_BITFIELD_END(name)	int name##_end[0]
#define kmemcheck_annotate_bitfield(ptr, name)				\
	kmemcheck_mark_initialized((ptr)->name##_begin,			\
		(size_t)((char *)(ptr)->name##_end -			\
			 (char *)(ptr)->name##_begin))

#endif
