#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# An active swap device is unsafe, "swap"; after swapoff it is safe.
. "$SRCDIR/tests/lib/discover.bash"
need_root_loop

new_loop "$T/swap.img" 32M
dev=$LOOP
name=${dev#/dev/}
mkswap "$dev" >/dev/null
swapon "$dev" 2>/dev/null || skip "cannot enable swap here"
SWAPS+=("$dev")
grep -q "^$dev " /proc/swaps || fail "/proc/swaps does not list $dev"

j=$(dev_json "$dev")
jq -e '.unsafe == ["swap"]' <<<"$j" >/dev/null || fail "unsafe: $(jq -c .unsafe <<<"$j")"
[ "$(jq -r .unsafe_detail <<<"$j")" = "active swap ($name)" ] ||
	fail "detail: $(jq -r .unsafe_detail <<<"$j")"
[ "$(jq -r '.signatures[0].type' <<<"$j")" = swap ] || fail "swap signature"

swapoff "$dev"
SWAPS=()
j=$(dev_json "$dev")
[ "$(jq -r .safe <<<"$j")" = true ] || fail "unsafe after swapoff"
echo ok
