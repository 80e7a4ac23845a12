# tests/host/opcode.mk - host tests of the instruction decoder, and vs Capstone.

$(BUILD)/host/test_opcode: tests/host/test_opcode.c kmemcheck/opcode.c \
			   kmemcheck/selftest.c kmemcheck/opcode.h \
			   kmemcheck/selftest.h tests/host/harness.c \
			   tests/host/harness.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

# Capstone 4 (Debian: libcapstone-dev) is the reference decoder.
$(BUILD)/host/opcode_vs_capstone: tests/host/opcode_vs_capstone.c \
				  kmemcheck/opcode.c kmemcheck/opcode.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^) -lcapstone

HOST_TESTS += $(BUILD)/host/test_opcode $(BUILD)/host/opcode_vs_capstone
