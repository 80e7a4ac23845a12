# Makefile - every entry point: build, run, debug, iso, test, tools, bench.
#
#   make            build/kernel.elf
#   make run        boot it in QEMU, serial console on this terminal
#                   (SMP=N: with N CPUs, for run and debug)
#   make debug      QEMU paused with its gdb stub, serial console on this
#                   terminal; then `make gdb` in a second terminal
#   make gdb        gdb with .gdbinit, attached to the QEMU of make debug
#   make iso        build/kernel.iso, booting through GRUB
#   make test       every test; ends with "N passed, M failed"
#                   (MODEL_OPS=N [MODEL_SEED=N] adds a soak of the
#                   model test, tests/jobs_model.py)
#   make tools      build/tools/kmemcheck-decode and friends
#   make bench      guest instructions per access and per workload, under
#                   -icount; build/bench.tsv
#   make clean
#
# run, debug, iso, test, tools and bench first install what is missing
# (tools/deps.sh). V=1 shows the commands.

.DELETE_ON_ERROR:
.SUFFIXES:

BUILD := build
.DEFAULT_GOAL := all
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

# The OSDev convention first, then Debian's cross compiler.
ifndef CROSS
CROSS := $(if $(shell command -v i686-elf-gcc 2>/dev/null),i686-elf-,i686-linux-gnu-)
endif
CC := $(CROSS)gcc
LD := $(CROSS)ld
NM := $(CROSS)nm
OBJCOPY := $(CROSS)objcopy
NASM ?= nasm
HOSTCC ?= cc
PYTHON ?= python3
QEMU ?= qemu-system-i386
GDB ?= gdb
QEMU_MEM ?= 128M
# CPUs QEMU gives the kernel (-smp); QEMU's own default is 1.
SMP ?= 1
CMDLINE ?=

# -gno-statement-frontiers: GCC's statement markers put the lines of an
# inlined helper (rcr2() of kernel/x86.h) at a function's first address,
# and gdb would show `break kmemcheck_fault` in the header instead.
CFLAGS := -m32 -std=gnu11 -ffreestanding -fno-builtin -fno-pie -fno-pic \
	-fno-stack-protector -fno-omit-frame-pointer \
	-fno-optimize-sibling-calls -fno-asynchronous-unwind-tables \
	-mgeneral-regs-only -O2 -g -gno-statement-frontiers \
	-Wall -Wextra -Werror -I. -MMD -MP
# Frames kept of each allocation, free and copy stack.
KMEMCHECK_STACK_DEPTH ?= 8
CFLAGS += -DKMEMCHECK_STACK_DEPTH=$(KMEMCHECK_STACK_DEPTH)
NASMFLAGS := -f elf32 -g -F dwarf -Werror -I$(BUILD)/include/
LDFLAGS := -m elf_i386 -nostdlib -T linker.ld
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-omit-frame-pointer -I.

QEMU_FLAGS := -m $(QEMU_MEM) -smp $(SMP) -no-reboot -display none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04

KERNEL_C := $(wildcard kernel/*.c mm/*.c kmemcheck/*.c) tests/ktest.c \
	$(wildcard tests/test_*.c)
KERNEL_ASM := $(wildcard boot/*.asm kmemcheck/*.asm)
KERNEL_OBJS := $(KERNEL_C:%.c=$(BUILD)/%.o) $(KERNEL_ASM:%.asm=$(BUILD)/%.o)

# Tests run in the order they are written: keep each file's KTEST
# descriptors in source order in the .ktests section.
TEST_CFLAGS := -fno-toplevel-reorder

# The flags every kernel object was built with (see below).
CFLAGS_STAMP := $(BUILD)/kernel.cflags

# Test files from anywhere: each gets an object named after its full path.
extra_obj = $(BUILD)/extra/$(subst /,_,$(abspath $(1:.c=.o)))
define extra_rule
$(call extra_obj,$(1)): $(1) $(CFLAGS_STAMP) | $(BUILD)/extra
	@echo "  CC      $(1)"
	$(Q)$(CC) $(CFLAGS) $(TEST_CFLAGS) -c -o $$@ $$<
KERNEL_OBJS += $(call extra_obj,$(1))
endef
$(foreach f,$(EXTRA_KTESTS),$(eval $(call extra_rule,$(f))))

# The object list changes with EXTRA_KTESTS: relink when it does.
OBJ_LIST := $(BUILD)/kernel.objects
$(shell mkdir -p $(BUILD) && (echo '$(KERNEL_OBJS)' | cmp -s - $(OBJ_LIST) || \
	echo '$(KERNEL_OBJS)' > $(OBJ_LIST)))

# So do the compiler's flags (make KMEMCHECK_STACK_DEPTH=N): every kernel
# object is rebuilt when they change, not only after make clean.
$(shell (echo '$(CFLAGS)' | cmp -s - $(CFLAGS_STAMP) || \
	echo '$(CFLAGS)' > $(CFLAGS_STAMP)))

HOST_TESTS :=
TOOLS :=
include $(sort $(wildcard tests/host/*.mk))
include $(sort $(wildcard tools/*.mk))

.PHONY: all run debug gdb iso test test-build tools bench clean deps \
	check-toolchain tools-build
all: $(BUILD)/kernel.elf

check-toolchain:
	@command -v $(CC) >/dev/null || { echo "error: no $(CC): install \
Debian's gcc-i686-linux-gnu binutils-i686-linux-gnu (or put i686-elf-gcc on \
PATH, or set CROSS=), or run 'make run' / 'make test', which install it" >&2; \
	exit 1; }
	@command -v $(NASM) >/dev/null || { echo "error: no nasm: apt-get \
install nasm, or run 'make run' / 'make test'" >&2; exit 1; }

deps:
	$(Q)CROSS=$(filter-out i686-linux-gnu-,$(CROSS)) sh tools/deps.sh

$(BUILD)/extra:
	$(Q)mkdir -p $@

$(BUILD)/tests/%.o: CFLAGS += $(TEST_CFLAGS)

$(BUILD)/%.o: %.c $(CFLAGS_STAMP) | check-toolchain
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.asm | check-toolchain
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	$(Q)$(NASM) $(NASMFLAGS) -o $@ $<
	$(Q)$(OBJCOPY) --wildcard --strip-symbol='..@*' $@

$(BUILD)/boot/vectors.o: boot/cfi.inc

# kernel/mmu.h stays the one home of the hardware constants: its plain
# `#define NAME 0x...` lines become `NAME equ 0x...` for NASM.
MMU_INC := $(BUILD)/include/kernel/mmu.inc
$(MMU_INC): kernel/mmu.h
	@mkdir -p $(@D)
	$(Q)sed -n 's/^#define[ \t]\{1,\}\([A-Z0-9_]\{1,\}\)[ \t]\{1,\}\(0x[0-9a-fA-F]\{1,\}\)\([ \t].*\)\{0,1\}$$/\1 equ \2/p' $< > $@
$(KERNEL_ASM:%.asm=$(BUILD)/%.o): $(MMU_INC)

# The symbol table for stack traces is linked into the image: a first link
# with an empty table gives the addresses, a second links them in. Text
# comes first in the image, so the table's size cannot move any function:
# the check after the second link proves it.
$(BUILD)/ksyms0.c: tools/gensyms.py
	@mkdir -p $(@D)
	$(Q)$(PYTHON) tools/gensyms.py --empty < /dev/null > $@

$(BUILD)/ksyms0.o $(BUILD)/ksyms.o: $(BUILD)/%.o: $(BUILD)/%.c $(CFLAGS_STAMP)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/kernel.stage1.elf: $(KERNEL_OBJS) $(BUILD)/ksyms0.o linker.ld $(OBJ_LIST)
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms0.o

$(BUILD)/ksyms.c: $(BUILD)/kernel.stage1.elf tools/gensyms.py
	$(Q)$(NM) -S --defined-only $< | $(PYTHON) tools/gensyms.py > $@

$(BUILD)/kernel.elf: $(KERNEL_OBJS) $(BUILD)/ksyms.o linker.ld $(OBJ_LIST)
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms.o
	$(Q)$(NM) -S --defined-only $@ | $(PYTHON) tools/gensyms.py | \
		cmp -s - $(BUILD)/ksyms.c || { echo "error: the symbol table \
moved the code it describes" >&2; rm -f $@; exit 1; }

$(BUILD)/iso/boot/kernel.elf: $(BUILD)/kernel.elf
	@mkdir -p $(@D)/grub
	$(Q)cp $< $@

$(BUILD)/kernel.iso: $(BUILD)/iso/boot/kernel.elf boot/grub.cfg
	@echo "  GRUB    $@"
	$(Q)cp boot/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	$(Q)grub-mkrescue -o $@ $(BUILD)/iso > $(BUILD)/grub-mkrescue.log 2>&1 \
		|| { cat $(BUILD)/grub-mkrescue.log >&2; exit 1; }

# Ctrl-A X leaves QEMU; `halt` in the shell exits with 33, which is fine.
run: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/kernel.elf
	@echo "QEMU: serial console here (Ctrl-A X quits), log in $(BUILD)/serial.log"
	$(Q)$(QEMU) $(QEMU_FLAGS) \
		-chardev stdio,id=con,mux=on,logfile=$(BUILD)/serial.log \
		-serial chardev:con -mon chardev=con \
		-kernel $(BUILD)/kernel.elf -append "$(CMDLINE)" || [ $$? -eq 33 ]

# As xv6's qemu-gdb: QEMU in front with the console (signal=off: Ctrl-C
# goes to the kernel's shell, Ctrl-A X quits), gdb in a terminal of its own,
# so that its Ctrl-C stops the kernel and never reaches QEMU. The port is
# one free now (tools/gdb/free_port.py), kept in build/gdb-port for make gdb.
debug: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/kernel.elf
	$(Q)port=$$($(PYTHON) tools/gdb/free_port.py) || exit 1; \
	echo $$port > $(BUILD)/gdb-port; \
	echo "QEMU waits for gdb on 127.0.0.1:$$port; in another terminal: make gdb"; \
	echo "(or: $(GDB) -q -n -x .gdbinit -ex 'target remote 127.0.0.1:$$port')"; \
	echo "(serial console here, Ctrl-A X quits; log in $(BUILD)/serial.log)"; \
	$(QEMU) $(QEMU_FLAGS) \
		-chardev stdio,id=con,mux=on,signal=off,logfile=$(BUILD)/serial.log \
		-serial chardev:con -mon chardev=con \
		-gdb tcp:127.0.0.1:$$port -S \
		-kernel $(BUILD)/kernel.elf -append "$(CMDLINE)"; \
	status=$$?; rm -f $(BUILD)/gdb-port; \
	case $$status in \
	33) echo "QEMU exited with 33: all tests passed (or halt)";; \
	35) echo "QEMU exited with 35: a test failed or the kernel panicked";; \
	*) echo "QEMU exited with $$status";; \
	esac; [ $$status -eq 0 ] || [ $$status -eq 33 ]

gdb:
	$(Q)[ -f $(BUILD)/gdb-port ] || { echo "error: no QEMU waiting for \
gdb: run 'make debug' in another terminal first" >&2; exit 1; }
	$(Q)$(GDB) -q -n -x .gdbinit \
		-ex "target remote 127.0.0.1:$$(cat $(BUILD)/gdb-port)"

iso: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/kernel.iso

tools: deps
	$(Q)$(MAKE) --no-print-directory tools-build

tools-build: $(TOOLS)

test-build: $(BUILD)/kernel.elf $(BUILD)/kernel.iso $(HOST_TESTS) $(TOOLS)

# The build runs on every core (a clean one takes half the time on two),
# unless the caller chose a -j of their own.
test: deps
	$(Q)$(MAKE) --no-print-directory \
		$(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc)) test-build
	$(Q)$(PYTHON) tests/run.py --build $(BUILD) --qemu $(QEMU) --gdb $(GDB) \
		$(HOST_TESTS)

bench: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/kernel.elf
	$(Q)$(PYTHON) tests/bench.py --build $(BUILD) --qemu $(QEMU)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
