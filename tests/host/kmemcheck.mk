# tests/host/kmemcheck.mk - host tests of frames, shadow and access checks.

HOST_HARNESS := tests/host/harness.c tests/host/harness.h
HOST_PAGES := tests/host/host_pages.c tests/host/host_pages.h
# kmemcheck's fills of its own pages (memset32), as a plain loop.
HOST_STRING := tests/host/host_string.c kernel/string.h

$(BUILD)/host/test_frame: tests/host/test_frame.c mm/frame.c mm/frame.h \
			  mm/memlayout.h kernel/mmu.h $(HOST_HARNESS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/host/test_shadow: tests/host/test_shadow.c kmemcheck/shadow.c \
			   kmemcheck/shadow.h mm/memlayout.h kernel/mmu.h \
			   $(HOST_HARNESS) $(HOST_PAGES) $(HOST_STRING)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/host/test_check: tests/host/test_check.c kmemcheck/check.c \
			  kmemcheck/check.h kmemcheck/shadow.c \
			  kmemcheck/origin.c kmemcheck/origin.h \
			  kmemcheck/stackdepot.c kmemcheck/stackdepot.h \
			  tests/host/host_stack.c \
			  kmemcheck/shadow.h kmemcheck/opcode.c \
			  kmemcheck/opcode.h kmemcheck/error.h kernel/trap.h \
			  mm/memlayout.h kernel/mmu.h $(HOST_HARNESS) \
			  $(HOST_PAGES) $(HOST_STRING)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/host/test_check_fast: tests/host/test_check_fast.c \
			       kmemcheck/check_fast.h kmemcheck/check.c \
			       kmemcheck/check.h kmemcheck/shadow.c \
			       kmemcheck/origin.c kmemcheck/origin.h \
			       kmemcheck/stackdepot.c kmemcheck/stackdepot.h \
			       tests/host/host_stack.c \
			       kmemcheck/shadow.h kmemcheck/opcode.c \
			       kmemcheck/opcode.h kmemcheck/error.h \
			       kernel/trap.h mm/memlayout.h kernel/mmu.h \
			       $(HOST_HARNESS) $(HOST_PAGES) $(HOST_STRING)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

HOST_TESTS += $(BUILD)/host/test_frame $(BUILD)/host/test_shadow \
	      $(BUILD)/host/test_check $(BUILD)/host/test_check_fast

# The word-at-a-time shadow and origins against a byte-at-a-time model.
$(BUILD)/host/test_shadow_words: tests/host/test_shadow_words.c \
				 kmemcheck/shadow.c kmemcheck/shadow.h \
				 kmemcheck/origin.c kmemcheck/origin.h \
				 kmemcheck/stackdepot.c kmemcheck/stackdepot.h \
				 tests/host/host_stack.c mm/memlayout.h \
				 kernel/mmu.h $(HOST_HARNESS) $(HOST_PAGES) \
				 $(HOST_STRING)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

HOST_TESTS += $(BUILD)/host/test_shadow_words
