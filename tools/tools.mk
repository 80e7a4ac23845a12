# tools/tools.mk - host tools: kmemcheck's decoder and disassembler on the host.

$(BUILD)/tools/kmemcheck-decode: tools/kmemcheck-decode.c kmemcheck/opcode.c \
				 kmemcheck/opcode.h kmemcheck/disasm.c \
				 kmemcheck/disasm.h kmemcheck/disasm_tables.c \
				 kmemcheck/disasm_tables.h kernel/format.c \
				 kernel/format.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

TOOLS += $(BUILD)/tools/kmemcheck-decode
