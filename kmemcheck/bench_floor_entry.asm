; kmemcheck/bench_floor_entry.asm - the least a #PF + #DB round trip can cost.
;
; make bench times these two handlers against kmemcheck's own: the same
; protocol (the page fault shows the page and sets TF, the single-step trap
; hides it again) for one page known in advance, with nothing else. What
; kmemcheck spends above this is its own work; this much is the method's.
; kmemcheck/bench_floor.c installs them for the measurement only.

%include "kernel/mmu.inc"

extern bench_floor_pte		; pte_t *: the entry of the page
extern bench_floor_va		; uint32_t: its linear address

section .text

; #PF pushes an error code (SDM Vol. 3A, 6.13), dropped before iret; then
; EIP, CS, EFLAGS. The faulting load runs again after iret, now with TF
; set, and #DB follows it (SDM Vol. 3B, 17.3.1.4). No invlpg: a
; not-present entry is never cached in the TLB (SDM Vol. 3A, 4.10.2.3),
; so setting P needs no invalidation (4.10.4.3).
global bench_floor_pf
bench_floor_pf:
	push eax
	mov eax, [bench_floor_pte]
	or dword [eax], PTE_P
	pop eax
	add esp, 4			; the error code
	or dword [esp + 8], EFLAGS_TF	; EFLAGS, above EIP and CS
	iretd

; #DB after the one step: clear P, and drop the entry the load just put in
; the TLB, or the next load would find the page still there (4.10.4.1).
global bench_floor_db
bench_floor_db:
	push eax
	mov eax, [bench_floor_pte]
	and dword [eax], ~PTE_P
	mov eax, [bench_floor_va]
	invlpg [eax]
	pop eax
	and dword [esp + 8], ~EFLAGS_TF
	iretd

; No executable stack wanted (GNU ld warns otherwise).
section .note.GNU-stack noalloc noexec nowrite progbits
