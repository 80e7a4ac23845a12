/* kmemcheck/kmemcheck.c - modes, the heap's hooks and the public marking API. */
#include "kernel/mmu.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "kmemcheck/emulate.h"
#include "kmemcheck/error.h"
#include "kmemcheck/internal.h"
#include "kmemcheck/kmemcheck.h"
#include "kmemcheck/object.h"
#include "kmemcheck/origin.h"
#include "kmemcheck/pte.h"
#include "kmemcheck/selftest.h"
#include "kmemcheck/shadow.h"
#include "kmemcheck/stack.h"
#include "kmemcheck/stackdepot.h"
#include "kmemcheck/trace.h"
#include "mm/paging.h"

bool kmemcheck_active;
struct spinlock kmemcheck_lock = SPINLOCK_INIT;
static enum kmemcheck_mode boot_mode;
static enum kmemcheck_mode mode;
static bool available;		/* a shadow is kept: booted on, self-test ok */
static bool oneshot_fired;	/* said at the next flush */
static uint32_t pages_untracked, pages_untracked_total;

static void selftest_failed(const char *what, unsigned int index)
{
	printk("kmemcheck: self-test case %u failed: %s\n", index, what);
}

void kmemcheck_init(enum kmemcheck_mode m)
{
	boot_mode = mode = m;
	if (m == KMEMCHECK_MODE_OFF) {
		printk("kmemcheck: off (kmemcheck=0): heap pages stay present\n");
		return;
	}
	/* A decoder that gets instructions wrong would report bugs that are
	   not there: better not to check at all. */
	if (kmemcheck_selftest_run(selftest_failed) != 0) {
		printk("kmemcheck: decoder self-test FAILED: kmemcheck "
		       "switched off\n");
		boot_mode = mode = KMEMCHECK_MODE_OFF;
		return;
	}
	/* Taken now, so the fault path never has to ask for memory. */
	kmemcheck_depot_init(KMEMCHECK_DEPOT_PAGES);
	available = true;
	kmemcheck_active = true;
	printk("kmemcheck: decoder self-test passed; checking heap accesses%s\n",
	       m == KMEMCHECK_MODE_ONESHOT ? " until the first report" : "");
}

bool kmemcheck_enabled(void)
{
	return kmemcheck_active;
}

enum kmemcheck_mode kmemcheck_boot_mode(void)
{
	return boot_mode;
}

int kmemcheck_set_enabled(bool on)
{
	uint32_t flags;

	if (!available)
		return -1;
	flags = spin_lock_irqsave(&kmemcheck_lock);
	if (on == kmemcheck_active) {
		spin_unlock_irqrestore(&kmemcheck_lock, flags);
		return 0;
	}
	if (on) {
		/* Writes made while off were not seen. */
		kmemcheck_shadow_trust_all();
		kmemcheck_shadow_for_each_page(kmemcheck_pte_hide_all);
	} else {
		kmemcheck_shadow_for_each_page(kmemcheck_pte_show_all);
	}
	kmemcheck_active = on;
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
	/* Other CPUs may hold any of the pages from while they were shown:
	   one flush of their whole TLB covers them all. After the lock: a
	   CPU spinning on it could not answer. */
	if (on)
		paging_flush_others_all();
	return 0;
}

int kmemcheck_set_mode(enum kmemcheck_mode m)
{
	if (!available)
		return -1;
	mode = m == KMEMCHECK_MODE_OFF ? KMEMCHECK_MODE_ON : m;
	return kmemcheck_set_enabled(m != KMEMCHECK_MODE_OFF);
}

bool kmemcheck_oneshot(void)
{
	return mode == KMEMCHECK_MODE_ONESHOT;
}

void kmemcheck_after_step(void)
{
	if (mode == KMEMCHECK_MODE_ONESHOT) {
		kmemcheck_set_enabled(false);
		mode = KMEMCHECK_MODE_ON;	/* a later switch-on is for good */
		oneshot_fired = true;
	}
}

void kmemcheck_get_stats(struct kmemcheck_stats *out)
{
	uint32_t flags = spin_lock_irqsave(&kmemcheck_lock);
	struct kmemcheck_depot_stats d;

	kmemcheck_depot_get_stats(&d);
	out->origin_bytes = kmemcheck_origin_page_count() * PAGE_SIZE;
	out->object_bytes = kmemcheck_object_page_count() * PAGE_SIZE;
	out->depot_bytes = d.bytes_used;
	out->depot_reserved = d.bytes_reserved;
	out->depot_stacks = d.records;
	out->depot_lost = d.lost;
	out->faults = kmemcheck_nr_faults;
	out->traps = kmemcheck_nr_traps;
	out->emulated = kmemcheck_nr_emulated;
	out->reports = kmemcheck_error_total();
	out->queued = kmemcheck_error_queued_total();
	out->dropped = kmemcheck_error_dropped();
	out->pages_tracked = kmemcheck_shadow_page_count();
	out->pages_untracked = pages_untracked;
	out->pages_untracked_total = pages_untracked_total;
	out->shadow_bytes = kmemcheck_shadow_page_count() * PAGE_SIZE;
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

void kmemcheck_print_stats(void)
{
	struct kmemcheck_stats s;

	kmemcheck_get_stats(&s);
	printk("kmemcheck: %s; %u faults handled, %u reports (%u dropped), "
	       "%u pages tracked, %u shadow bytes\n",
	       kmemcheck_active ? "on" : "off", s.faults, s.reports,
	       s.dropped, s.pages_tracked, s.shadow_bytes);
	if (available)
		printk("kmemcheck: report data: %u stacks and origin links in "
		       "%u of %u depot bytes (%u not kept), %u origin bytes, "
		       "%u object bytes\n", s.depot_stacks, s.depot_bytes,
		       s.depot_reserved, s.depot_lost, s.origin_bytes,
		       s.object_bytes);
	if (s.pages_untracked)
		printk("kmemcheck: %u heap pages are unchecked now: no frame "
		       "was left for their shadow\n", s.pages_untracked);
	if (s.pages_untracked_total)
		printk("kmemcheck: %u heap pages got no shadow since boot "
		       "(those unmapped since included)\n",
		       s.pages_untracked_total);
}

/* The trace first: it narrates the steps whose reports follow. */
void kmemcheck_flush(void)
{
	/* Printing under the lock holds up other CPUs' faults, never more:
	   printk touches no tracked memory while it holds its own lock. */
	uint32_t flags = spin_lock_irqsave(&kmemcheck_lock);

	kmemcheck_trace_flush();
	kmemcheck_error_flush();
	if (oneshot_fired) {
		oneshot_fired = false;
		printk("kmemcheck: one-shot: switched off after the first "
		       "report\n");
	}
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

unsigned int kmemcheck_pending(void)
{
	return kmemcheck_error_pending();
}

void kmemcheck_forget_last_error(void)
{
	uint32_t flags = spin_lock_irqsave(&kmemcheck_lock);

	kmemcheck_error_forget_last();
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

size_t kmemcheck_redzone(void)
{
	return available ? KMEMCHECK_REDZONE : 0;
}

static void page_track(uint32_t va)
{
	if (kmemcheck_shadow_page_add(va) < 0) {
		pages_untracked++;
		pages_untracked_total++;
		return;
	}
	/* A report about the page needs its origins and object records:
	   a page without them goes unchecked like one without a shadow. */
	if (kmemcheck_origin_page_add(va) < 0 ||
	    kmemcheck_object_page_add(va) < 0) {
		kmemcheck_origin_page_remove(va);
		kmemcheck_shadow_page_remove(va);
		/* Counted and shown with the statistics: never silent. */
		pages_untracked++;
		pages_untracked_total++;
		return;
	}
	kmemcheck_pte_track(va);
	/* The page was mapped a moment ago and no pointer into it has been
	   handed out: no other CPU has touched it, so only this CPU's TLB
	   is flushed. (A processor may also cache translations for
	   speculative accesses, SDM Vol. 3A, 4.10.2.3: a page mapped hidden
	   from the start would close that too; QEMU never does it.) */
	if (kmemcheck_active)
		kmemcheck_pte_hide_all(va);
}

/*
 * The hooks below change kmemcheck's shared state, so each takes
 * kmemcheck_lock (internal.h); the heap calls them holding its own lock,
 * never the other way round. The lock is taken inline, in the hook's own
 * frame: the stacks they record count frames from there.
 */
void kmemcheck_page_track(uint32_t va)
{
	uint32_t flags;

	if (!available)
		return;
	flags = spin_lock_irqsave(&kmemcheck_lock);
	page_track(va);
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

void kmemcheck_page_untrack(uint32_t va)
{
	uint32_t flags = spin_lock_irqsave(&kmemcheck_lock);

	if (available && !kmemcheck_shadow_lookup(va))
		pages_untracked--;	/* one that page_track could not */
	kmemcheck_pte_untrack(va);
	kmemcheck_shadow_page_remove(va);
	kmemcheck_origin_page_remove(va);
	kmemcheck_object_page_remove(va);
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

/* kmalloc marks exactly the bytes asked for; the rest of the slot stays
   unallocated, so reading or writing past the end is caught. With no
   shadow kept (kmemcheck=0) the hooks cost a test and a return. */
void kmemcheck_alloc(void *p, size_t size, bool zeroed)
{
	uint32_t stack, flags;

	if (!available)
		return;
	flags = spin_lock_irqsave(&kmemcheck_lock);
	/* The allocation's stack is its bytes' origin too: the place a
	   report of an uninitialized read points to first. */
	stack = kmemcheck_stack_save_caller();
	kmemcheck_object_alloc((uint32_t)p, size, stack);
	kmemcheck_origin_set((uint32_t)p, size, stack);
	kmemcheck_shadow_set((uint32_t)p, size, zeroed ?
			     KMEMCHECK_SHADOW_INITIALIZED :
			     KMEMCHECK_SHADOW_UNINITIALIZED);
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

void kmemcheck_free(void *p, size_t size)
{
	uint32_t flags;

	if (!available)
		return;
	flags = spin_lock_irqsave(&kmemcheck_lock);
	kmemcheck_object_free((uint32_t)p, kmemcheck_stack_save_caller());
	kmemcheck_shadow_set((uint32_t)p, size, KMEMCHECK_SHADOW_FREED);
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

void kmemcheck_release(void *p, size_t size)
{
	uint32_t flags;

	if (!available)
		return;
	flags = spin_lock_irqsave(&kmemcheck_lock);
	kmemcheck_object_release((uint32_t)p, size);
	kmemcheck_shadow_set((uint32_t)p, size, KMEMCHECK_SHADOW_UNALLOCATED);
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

void kmemcheck_copy(void *dst, const void *src, size_t n)
{
	uint32_t flags;

	if (!available)
		return;
	flags = spin_lock_irqsave(&kmemcheck_lock);
	/* Origins first, from the source's shadow as it was; the copy's
	   stack is its caller's (krealloc's). */
	kmemcheck_origin_copy((uint32_t)dst, (uint32_t)src, n, NULL);
	kmemcheck_shadow_copy((uint32_t)dst, (uint32_t)src, n);
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

bool kmemcheck_tracks(uint32_t addr)
{
	return kmemcheck_pte_lookup(addr) != NULL;
}

static void mark(const void *p, size_t n, enum kmemcheck_shadow state)
{
	uint32_t flags = spin_lock_irqsave(&kmemcheck_lock);

	kmemcheck_shadow_set((uint32_t)p, n, state);
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

void kmemcheck_mark_initialized(const void *p, size_t n)
{
	mark(p, n, KMEMCHECK_SHADOW_INITIALIZED);
}

void kmemcheck_mark_uninitialized(const void *p, size_t n)
{
	uint32_t flags = spin_lock_irqsave(&kmemcheck_lock);

	if (available)
		kmemcheck_origin_set((uint32_t)p, n,
				     kmemcheck_stack_save_caller());
	kmemcheck_shadow_set((uint32_t)p, n, KMEMCHECK_SHADOW_UNINITIALIZED);
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
}

void kmemcheck_mark_freed(const void *p, size_t n)
{
	mark(p, n, KMEMCHECK_SHADOW_FREED);
}

void kmemcheck_mark_unallocated(const void *p, size_t n)
{
	mark(p, n, KMEMCHECK_SHADOW_UNALLOCATED);
}

bool kmemcheck_is_initialized(const void *p, size_t n)
{
	uint32_t flags = spin_lock_irqsave(&kmemcheck_lock), where;
	enum kmemcheck_shadow state;
	bool found;

	found = kmemcheck_shadow_find((uint32_t)p, n, false, &where, &state);
	spin_unlock_irqrestore(&kmemcheck_lock, flags);
	return !found;
}
