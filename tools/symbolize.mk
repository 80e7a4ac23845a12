# tools/symbolize.mk - `make symbolize LOG=build/serial.log`: file:line for every frame of a log.

ADDR2LINE := $(CROSS)addr2line
LOG ?= $(BUILD)/serial.log

.PHONY: symbolize
symbolize: $(BUILD)/kernel.elf
	$(Q)$(PYTHON) tools/symbolize.py --elf $(BUILD)/kernel.elf \
		--addr2line $(ADDR2LINE) $(LOG)
