# tests/host/disasm.mk - the disassembler against GNU objdump.

$(BUILD)/host/disasm_corpus.h: tests/host/disasm_corpus.py \
			       kmemcheck/selftest.c tests/host/test_opcode.c
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)$(PYTHON) tests/host/disasm_corpus.py kmemcheck/selftest.c \
		tests/host/test_opcode.c > $@

$(BUILD)/host/disasm_vs_objdump: tests/host/disasm_vs_objdump.c \
				 $(BUILD)/host/disasm_corpus.h \
				 kmemcheck/disasm.c kmemcheck/disasm.h \
				 kmemcheck/disasm_tables.c \
				 kmemcheck/disasm_tables.h kmemcheck/opcode.c \
				 kmemcheck/opcode.h kernel/format.c \
				 kernel/format.h tests/host/harness.c \
				 tests/host/harness.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -iquote $(BUILD)/host -o $@ \
		$(filter %.c,$^)

HOST_TESTS += $(BUILD)/host/disasm_vs_objdump
