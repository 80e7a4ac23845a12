# .gdbinit - the project's gdb script: `make debug` runs gdb -n -x .gdbinit
# and then connects to QEMU's stub.
set confirm off
set pagination off
set architecture i386
# The kernel runs at the addresses it was linked at (identity mapped), so
# the ELF's symbols are right as they are.
file build/kernel.elf
# kmemcheck's helper: print and x see hidden heap pages; kmc- commands.
source tools/gdb/kmemcheck_gdb.py
# `step` over a line that touches tracked memory goes over the trap it
# causes, as `next` does, instead of stopping in the entry stub.
skip file boot/vectors.asm
