; boot/trampoline.asm - where an AP starts: from real mode to the kernel's C.
;
; smp_init() (kernel/smp.c) copies trampoline_start..trampoline_end to the
; page TRAMPOLINE_BASE below 1 MiB, writes the AP's own GDT pointer into the
; copy's trampoline_gdtr, and sends INIT and start-up IPIs whose vector is
; that page's number: the AP begins in real mode at CS:IP = (page << 8):0
; (SDM Vol. 3A, 8.4.4.1 and 10.6.1). The copy only uses offsets from its own
; start, so it runs wherever it is put; from the far jump on, the AP runs the
; kernel's own code, linked at 1 MiB and reachable as is before paging.

%include "kernel/mmu.inc"

section .text
bits 16
global trampoline_start, trampoline_end, trampoline_gdtr
trampoline_start:
	cli
	cld
	mov ax, cs			; DS = CS: the copy's bytes by offset
	mov ds, ax
	; o32: all 32 bits of the base, not the 24 a 16-bit LGDT loads
	; (SDM Vol. 2A, LGDT).
	o32 lgdt [trampoline_gdtr - trampoline_start]
	mov eax, cr0
	or eax, CR0_PE
	mov cr0, eax
	; Protected mode: a far jump loads CS from the new GDT and goes on in
	; 32-bit code (SDM Vol. 3A, 9.9.1).
	o32 jmp far [.entry - trampoline_start]
align 4
.entry:
	dd ap_start32
	dw SEL_KERNEL_CODE
align 4
trampoline_gdtr:			; struct descriptor_pointer
	dw 0				; limit
	dd 0				; base
trampoline_end:

bits 32
extern smp_boot_cr3, smp_boot_cr0, smp_boot_esp, smp_boot_cpu
extern smp_ap_main
global ap_start32:function (ap_start32.end - ap_start32)
ap_start32:
	mov ax, SEL_KERNEL_DATA
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov ss, ax
	mov ax, SEL_PERCPU		; smp_this_cpu() works from here on
	mov gs, ax
	; The BSP's page directory and its CR0 as paging_init() left it: PG,
	; WP, and CD and NW clear, where INIT had set them (SDM Vol. 3A,
	; 9.1.1, Table 9-1).
	mov eax, [smp_boot_cr3]
	mov cr3, eax
	mov eax, [smp_boot_cr0]
	mov cr0, eax
	mov esp, [smp_boot_esp]
	xor ebp, ebp			; ends the frame-pointer chain
	push dword [smp_boot_cpu]
	call smp_ap_main
.halt:
	cli
	hlt
	jmp .halt
.end:

; No executable stack wanted (GNU ld warns otherwise).
section .note.GNU-stack noalloc noexec nowrite progbits
