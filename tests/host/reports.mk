# tests/host/reports.mk - host tests of the stack depot, the origins and the object records.

$(BUILD)/host/test_stackdepot: tests/host/test_stackdepot.c \
			       kmemcheck/stackdepot.c kmemcheck/stackdepot.h \
			       tests/host/host_pages.c tests/host/host_pages.h \
			       tests/host/harness.c tests/host/harness.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/host/test_origin: tests/host/test_origin.c kmemcheck/origin.c \
			   kmemcheck/origin.h kmemcheck/shadow.c \
			   kmemcheck/shadow.h kmemcheck/stackdepot.c \
			   kmemcheck/stackdepot.h tests/host/host_stack.c \
			   tests/host/host_stack.h tests/host/host_pages.c \
			   tests/host/host_pages.h tests/host/harness.c \
			   tests/host/harness.h $(HOST_STRING)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/host/test_object: tests/host/test_object.c kmemcheck/object.c \
			   kmemcheck/object.h mm/heap.h mm/memlayout.h \
			   tests/host/host_pages.c tests/host/host_pages.h \
			   tests/host/harness.c tests/host/harness.h \
			   $(HOST_STRING)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^)

HOST_TESTS += $(BUILD)/host/test_stackdepot $(BUILD)/host/test_origin \
	      $(BUILD)/host/test_object
