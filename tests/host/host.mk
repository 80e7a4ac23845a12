# tests/host/host.mk - host unit tests of kernel logic, built with ASan and UBSan.

$(BUILD)/host/test_format: tests/host/test_format.c kernel/format.c \
			   kernel/format.h tests/host/harness.c \
			   tests/host/harness.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/host/test_cmdline: tests/host/test_cmdline.c kernel/cmdline.c \
			    kernel/cmdline.h kernel/options.c kernel/options.h \
			    tests/host/harness.c tests/host/harness.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

HOST_TESTS += $(BUILD)/host/test_format $(BUILD)/host/test_cmdline
