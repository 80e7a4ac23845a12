; boot/entry.asm - multiboot v1 header and the first instructions the kernel runs.
;
; A multiboot loader (GRUB, or QEMU's -kernel) enters here in 32-bit protected
; mode with paging off, EAX = 0x2BADB002 and EBX = the physical address of the
; multiboot information structure (Multiboot Specification 0.6.96, 3.2).

MULTIBOOT_HEADER_MAGIC	equ 0x1badb002
MULTIBOOT_PAGE_ALIGN	equ 1 << 0	; load modules on page boundaries
MULTIBOOT_MEMORY_INFO	equ 1 << 1	; we need mem_* and the memory map
MULTIBOOT_FLAGS		equ MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO

BOOT_STACK_SIZE		equ 16384
DF_STACK_SIZE		equ 8192
PAGE_SIZE		equ 4096

; The header must sit in the first 8 KiB of the image, 4-byte aligned: the
; linker script puts this section first.
section .multiboot
align 4
	dd MULTIBOOT_HEADER_MAGIC
	dd MULTIBOOT_FLAGS
	dd -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_FLAGS)

; The kernel's stacks, each with one page below it that paging_init() leaves
; unmapped: an overflow faults there instead of silently overwriting .bss.
; The double-fault task (kernel/gdt.c) has a stack of its own, so that even
; an overflow of the boot stack gets a panic message.
section .bss.stack nobits alloc write align=4096
global boot_stack_guard, boot_stack_bottom, boot_stack_top
global df_stack_guard, df_stack_bottom, df_stack_top
boot_stack_guard:
	resb PAGE_SIZE
boot_stack_bottom:
	resb BOOT_STACK_SIZE
boot_stack_top:
df_stack_guard:
	resb PAGE_SIZE
df_stack_bottom:
	resb DF_STACK_SIZE
df_stack_top:

section .text
global _start:function (_start.end - _start)
extern kmain
_start:
	cli
	mov esp, boot_stack_top
	; EBP = 0 ends the frame-pointer chain that stack traces walk.
	xor ebp, ebp
	push ebx			; multiboot information
	push eax			; boot loader magic
	call kmain
.halt:
	cli
	hlt
	jmp .halt
.end:

; No executable stack wanted (GNU ld warns otherwise).
section .note.GNU-stack noalloc noexec nowrite progbits
