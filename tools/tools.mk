# tools/tools.mk - host tools: the kernel's instruction decoder as a command.

$(BUILD)/tools/kmemcheck-decode: tools/kmemcheck-decode.c kmemcheck/opcode.c \
				 kmemcheck/opcode.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

TOOLS += $(BUILD)/tools/kmemcheck-decode
