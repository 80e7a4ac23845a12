; boot/vectors.asm - the entry stubs of vectors 0-63 and the double-fault task.
;
; Each stub makes the stack look the same whatever the vector: the CPU pushes
; an error code for some exceptions only (SDM Vol. 3A, 6.13, Table 6-1), so the
; others push a 0 in its place. Then the vector number, then all general
; registers, and trap_dispatch() gets a pointer to that struct trap_frame.
; Call frame information (boot/cfi.inc) tells gdb where, at each instruction
; of the stubs, the interrupted code's registers are: `bt` in a handler goes
; on through the trap frame into the code that trapped and its callers.

%include "kernel/mmu.inc"

extern trap_dispatch
extern panic_double_fault

; Vectors whose exceptions push an error code: #DF, #TS, #NP, #SS, #GP,
; #PF, #AC, #CP.
%macro stub 1
vector_%1:
%if %1 != 8 && (%1 < 10 || %1 > 14) && %1 != 17 && %1 != 21
	cfi_startproc 12
	push dword 0
	cfi_def_cfa_offset 16
%else
	cfi_startproc 16
%endif
	push dword %1
	cfi_def_cfa_offset 20
	jmp trap_common
	cfi_endproc
%endmacro

section .text
%include "boot/cfi.inc"

%assign i 0
%rep NR_TRAP_STUBS
	stub i
%assign i i + 1
%endrep

global trap_common:function (trap_common.end - trap_common)
trap_common:
	cfi_startproc 20, signal_frame	; the vector and the error code
	pushad
	cfi_def_cfa_offset 52
	cfi_offset DW_REG_EAX, -24	; pushad: EAX first, EDI last
	cfi_offset DW_REG_ECX, -28
	cfi_offset DW_REG_EDX, -32
	cfi_offset DW_REG_EBX, -36
	cfi_offset DW_REG_EBP, -44
	cfi_offset DW_REG_ESI, -48
	cfi_offset DW_REG_EDI, -52
	cld				; the C ABI expects DF clear
	push esp			; struct trap_frame *
	cfi_def_cfa_offset 56
	call trap_dispatch
	add esp, 4
	cfi_def_cfa_offset 52
	popad
	cfi_def_cfa_offset 20
	cfi_restore DW_REG_EAX
	cfi_restore DW_REG_ECX
	cfi_restore DW_REG_EDX
	cfi_restore DW_REG_EBX
	cfi_restore DW_REG_EBP
	cfi_restore DW_REG_ESI
	cfi_restore DW_REG_EDI
	add esp, 8			; vector and error code
	cfi_def_cfa_offset 12
	iretd
.end:
	cfi_endproc

; The double fault arrives through a task gate (kernel/gdt.c): the CPU saved
; the faulting context in the kernel TSS, switched to a TSS of its own with a
; fresh stack, and pushed the error code there. Nothing returns from it.
global double_fault_task_entry:function (double_fault_task_entry.end - double_fault_task_entry)
double_fault_task_entry:
	cfi_startproc 0
	cfi_undefined DW_REG_EIP	; a fresh stack: nothing called it
	call panic_double_fault
.halt:
	cli
	hlt
	jmp .halt
.end:
	cfi_endproc

section .rodata
global trap_vectors
trap_vectors:
%assign i 0
%rep NR_TRAP_STUBS
	dd vector_ %+ i
%assign i i + 1
%endrep

; No executable stack wanted (GNU ld warns otherwise).
section .note.GNU-stack noalloc noexec nowrite progbits
