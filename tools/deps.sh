#!/bin/sh
# tools/deps.sh - install the Debian packages the build and tests need.
#
# Checks each tool first and installs only what is missing, saying what it
# installs; installs nothing when all is there. Uses sudo when not root.
set -e

missing=""
need() {	# need PACKAGE CHECK...: PACKAGE is missing when a check fails
	pkg=$1
	shift
	for check in "$@"; do
		if ! eval "$check" >/dev/null 2>&1; then
			missing="$missing $pkg"
			return
		fi
	done
}

if [ -z "$CROSS" ] && ! command -v i686-elf-gcc >/dev/null 2>&1; then
	need gcc-i686-linux-gnu "command -v i686-linux-gnu-gcc"
	need binutils-i686-linux-gnu "command -v i686-linux-gnu-ld"
fi
need nasm "command -v nasm"
need qemu-system-x86 "command -v qemu-system-i386"
need gdb "command -v gdb"
need python3 "command -v python3"
need grub-common "command -v grub-mkrescue"
need grub-pc-bin "test -d /usr/lib/grub/i386-pc"
need xorriso "command -v xorriso"
need mtools "command -v mformat"
need libcapstone-dev "test -f /usr/include/capstone/capstone.h"
# objdump is the reference of tests/host/disasm_vs_objdump.
need binutils "command -v objdump || command -v i686-linux-gnu-objdump"

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "deps: not root and no sudo: install these by hand:$missing" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: no apt-get here: install the equivalents of:$missing" >&2
	exit 1
fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	--no-install-recommends $missing
