/* kmemcheck/bench_floor.c - #PF and #DB taken over by minimal handlers. */
#include "kernel/idt.h"
#include "kernel/mmu.h"
#include "kernel/x86.h"
#include "kmemcheck/bench.h"
#include "mm/paging.h"

/* The handlers (kmemcheck/bench_floor_entry.asm), and the page they show
   and hide. */
void bench_floor_pf(void);
void bench_floor_db(void);
pte_t *bench_floor_pte;
uint32_t bench_floor_va;

static uint32_t saved_pf, saved_db;

void bench_floor_begin(void *page)
{
	bench_floor_va = (uint32_t)page;
	bench_floor_pte = paging_lookup(bench_floor_va);
	saved_pf = idt_handler(VEC_PF);
	saved_db = idt_handler(VEC_DB);
	idt_set_handler(VEC_PF, (uint32_t)bench_floor_pf);
	idt_set_handler(VEC_DB, (uint32_t)bench_floor_db);
	*bench_floor_pte &= ~PTE_P;
	invlpg(bench_floor_va);
}

void bench_floor_end(void)
{
	/* The last #DB hid the page: show it again. */
	*bench_floor_pte |= PTE_P;
	idt_set_handler(VEC_PF, saved_pf);
	idt_set_handler(VEC_DB, saved_db);
	/* The CPU set DR6.BS at each step and never clears it (SDM Vol. 3B,
	   17.2.3); the kernel's #DB handler reads it to know a step. */
	ldr6(rdr6() & ~DR6_BS);
}
