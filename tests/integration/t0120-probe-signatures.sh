#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wp_probe_signatures on image files finds every signature wipefs finds, at
# the same offsets: ext4, vfat, swap, LUKS1, LUKS2 (both headers), GPT
# (primary, backup, protective MBR), DOS; a GPT whose start was zeroed still
# shows its backup header; after `wipefs -a` nothing is left. This is what
# an erase relies on to say "no signature left".
. "$SRCDIR/tests/lib/discover.bash"
PROBE="$BIN/discover-probe"
[ -x "$PROBE" ] || skip "no discover-probe helper"
command -v jq >/dev/null || skip "needs jq"
command -v wipefs >/dev/null || skip "needs wipefs"

same_as_wipefs() { # file what
	local j
	j=$("$PROBE" "$1") || fail "$2: probe failed"
	[ "$(our_sigs "$j")" = "$(wipefs_sigs "$1")" ] ||
		fail "$2: ours '$(our_sigs "$j" | tr '\n' ' ')' vs wipefs '$(wipefs_sigs "$1" | tr '\n' ' ')'"
	[ -n "$(our_sigs "$j")" ] || fail "$2: nothing found"
	echo "$j"
}
types() { jq -r '[.signatures[].type] | join(",")' <<<"$1"; }

img() { rm -f "$T/$1"; truncate -s "$2" "$T/$1"; echo "$T/$1"; }

f=$(img ext4.img 16M); mkfs.ext4 -q -F "$f"
[ "$(types "$(same_as_wipefs "$f" ext4)")" = ext4 ] || fail "ext4"

f=$(img vfat.img 16M); mkfs.vfat "$f" >/dev/null
[ "$(types "$(same_as_wipefs "$f" vfat)" | tr ',' '\n' | sort -u)" = vfat ] || fail "vfat"

f=$(img swap.img 16M); chmod 600 "$f"; mkswap "$f" >/dev/null 2>&1
[ "$(types "$(same_as_wipefs "$f" swap)")" = swap ] || fail "swap"

if command -v cryptsetup >/dev/null; then
	printf 'not-a-secret' >"$T/key"
	for v in luks1 luks2; do
		f=$(img "$v.img" 24M)
		cryptsetup luksFormat --batch-mode --type "$v" --pbkdf pbkdf2 \
			--pbkdf-force-iterations 1000 --key-file "$T/key" "$f" >/dev/null 2>&1 ||
			skip "cannot luksFormat"
		j=$(same_as_wipefs "$f" "$v")
		[ "$(jq -r '.signatures[0].uuid' <<<"$j")" = "$(cryptsetup luksUUID "$f")" ] ||
			fail "$v uuid"
	done
	# LUKS2 keeps a second header at 16 KiB: both are found
	[ "$(our_sigs "$("$PROBE" "$T/luks2.img")" | tr '\n' ' ')" = "crypto_LUKS@0 crypto_LUKS@16384 " ] ||
		fail "LUKS2 headers"
fi

f=$(img gpt.img 32M); printf 'label: gpt\n,8M\n,\n' | sfdisk -q "$f" >/dev/null
j=$(same_as_wipefs "$f" gpt)
[ "$(types "$j" | tr ',' '\n' | sort | tr '\n' ' ')" = "PMBR gpt gpt " ] || fail "gpt: $(types "$j")"
f=$(img dos.img 32M); printf 'label: dos\n,8M\n' | sfdisk -q "$f" >/dev/null
[ "$(types "$(same_as_wipefs "$f" dos)")" = dos ] || fail "dos"

# the start of a GPT disk zeroed: the backup header at the end remains
dd if=/dev/zero of="$T/gpt.img" bs=1M count=1 conv=notrunc status=none
j=$(same_as_wipefs "$T/gpt.img" "zeroed gpt")
[ "$(our_sigs "$j")" = "gpt@$((32 * 1024 * 1024 - 512))" ] || fail "backup gpt: $(our_sigs "$j")"

# everything wiped: nothing is found, and the probe says so without error
for f in "$T"/*.img; do
	wipefs -a -f -q "$f"
	j=$("$PROBE" "$f") || fail "probe after wipefs -a"
	jq -e '.signatures == [] and .signatures_error == null' <<<"$j" >/dev/null ||
		fail "$(basename "$f"): left after wipefs -a: $(our_sigs "$j")"
done
echo ok
