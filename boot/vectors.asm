; boot/vectors.asm - the entry stubs of vectors 0-47 and the double-fault task.
;
; Each stub makes the stack look the same whatever the vector: the CPU pushes
; an error code for some exceptions only (SDM Vol. 3A, 6.13, Table 6-1), so the
; others push a 0 in its place. Then the vector number, then all general
; registers, and trap_dispatch() gets a pointer to that struct trap_frame.

NR_STUBS	equ 48
SEL_KERNEL_DATA	equ 0x10

extern trap_dispatch
extern panic_double_fault

; Vectors whose exceptions push an error code: #DF, #TS, #NP, #SS, #GP,
; #PF, #AC, #CP.
%macro stub 1
vector_%1:
%if %1 != 8 && (%1 < 10 || %1 > 14) && %1 != 17 && %1 != 21
	push dword 0
%endif
	push dword %1
	jmp trap_common
%endmacro

section .text
%assign i 0
%rep NR_STUBS
	stub i
%assign i i + 1
%endrep

global trap_common:function (trap_common.end - trap_common)
trap_common:
	pushad
	cld				; the C ABI expects DF clear
	push esp			; struct trap_frame *
	call trap_dispatch
	add esp, 4
	popad
	add esp, 8			; vector and error code
	iretd
.end:

; The double fault arrives through a task gate (kernel/gdt.c): the CPU saved
; the faulting context in the kernel TSS, switched to a TSS of its own with a
; fresh stack, and pushed the error code there. Nothing returns from it.
global double_fault_task_entry:function (double_fault_task_entry.end - double_fault_task_entry)
double_fault_task_entry:
	call panic_double_fault
.halt:
	cli
	hlt
	jmp .halt
.end:

section .rodata
global trap_vectors
trap_vectors:
%assign i 0
%rep NR_STUBS
	dd vector_ %+ i
%assign i i + 1
%endrep

; No executable stack wanted (GNU ld warns otherwise).
section .note.GNU-stack noalloc noexec nowrite progbits
