#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A read-only loop device (losetup -r) is flagged read-only.
. "$SRCDIR/tests/lib/discover.bash"
need_root_loop

new_loop "$T/ro.img" 16M -r
dev=$LOOP
[ "$(blockdev --getro "$dev")" = 1 ] || fail "losetup -r did not make it read-only"
j=$(dev_json "$dev")
[ "$(jq -r .readonly <<<"$j")" = true ] || fail "readonly field"
jq -e '.unsafe == ["read-only"]' <<<"$j" >/dev/null || fail "unsafe: $(jq -c .unsafe <<<"$j")"
[ "$(jq -r .unsafe_detail <<<"$j")" = "read-only device" ] || fail "detail"
"$WIPE" list --all | grep -E "^${dev#/dev/} " | grep -qE "(,| )ro(,| )" || fail "table flags"

# a writable one is not
new_loop "$T/rw.img" 16M
dev2=$LOOP
[ "$(jq -r .readonly <<<"$(dev_json "$dev2")")" = false ] || fail "rw loop read-only"
echo ok
