#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe station under tmux: real loop devices listed, a mounted one unsafe
# with its reason and not selectable, one attached while the screen is
# open appears; two selected, the Appendix G fields chosen, a wrong count
# erases nothing, the right one erases both (markers gone from the backing
# files) and the summary names certificates openssl cms -verify accepts;
# resized to 80x24 and back it stays usable; NO_COLOR draws no colour.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/station.bash"
need_root

make_identity
new_loop "$T/a.img" 64M
A=$LOOP
new_loop "$T/b.img" 64M
B=$LOOP
new_loop "$T/m.img" 64M
M=$LOOP
mkfs.ext4 -q "$A"
mkfs.ext4 -q "$M"
mark "$A"
mark "$B"
mkdir "$T/mnt"
mount "$M" "$T/mnt"
MOUNTS+=("$T/mnt")
a=${A#/dev/} b=${B#/dev/} m=${M#/dev/}

stn_start NO_COLOR=1 --
stn_wait "^[> ] \[ \] $a .*ready"
stn_wait "^[> ] \[ \] $b .*ready"
# the mounted one: its reason on its own row (cut to the column), no
# selection box; whole on the detail line under the cursor
stn_wait "^[> ] --  $m .*unsafe: mounted at /"
stn_row "$a" | grep -q " ext4 " || fail "signature of $a: $(stn_row "$a")"
stn_row "$a" | grep -q "64.0 MiB loop" || fail "size and bus of $a: $(stn_row "$a")"
stn_goto "$m"
stn_wait "^not selectable: mounted at $T/mnt \\($m\\)"
stn_keys Space
stn_wait "$M cannot be selected: mounted at $T/mnt"
stn_wait "^> --  $m "
# no colour under NO_COLOR (bold and reverse only)
esc=$(tm capture-pane -p -e)
if grep -qE $'\e\\[(3[0-7]|4[0-7])m' <<<"$esc"; then
	fail "colour drawn with NO_COLOR"
fi
grep -qE $'\e\\[([0-9]+;)*7m' <<<"$esc" || fail "no reverse video for the cursor row"

# hot-plug: attached while the screen is open, then listed
new_loop "$T/c.img" 64M
C=$LOOP
c=${C#/dev/}
stn_wait "^[> ] \[ \] $c .*ready" 30

# a resize to 80x24 and back: still drawn, keys still work
tm resize-window -x 80 -y 24
stn_wait "^ wipe station .*selected"
[ "$(stn_screen | wc -l)" -le 24 ] || fail "more than 24 lines at 80x24"
stn_screen | awk 'length > 80 { exit 1 }' || fail "a line over 80 columns"
stn_wait "^[> ] \[ \] $a "
stn_goto "$a"
stn_keys Space
stn_wait "^> \[x\] $a "
tm resize-window -x 100 -y 30
stn_wait "^> \[x\] $a .*ready"
stn_goto "$b"
stn_keys Space
stn_wait "^> \[x\] $b "
stn_wait "3 drives, 2 selected|[0-9]+ drives, 2 selected"

# the settings: destination from its menu, customer and one asset tag typed
stn_keys Enter
stn_wait "settings for 2 drives"
stn_wait "^> Method +auto"
stn_field Destination
stn_keys Enter
stn_pick recycling
stn_wait "^> Destination +recycling"
stn_keys Down Enter
stn_wait "^Customer: _"
stn_type "Test Clinic"
stn_keys Enter
stn_wait "^> Customer +Test Clinic"
stn_keys Down Enter
stn_wait "^Job / lot: _"
stn_type "LOT-7"
stn_keys Enter
stn_wait "^> Job / lot +LOT-7"
stn_field "Asset tag $A"
stn_keys Enter
stn_type "ASSET-0001"
stn_keys Enter
stn_wait "^> Asset tag $A +ASSET-0001"
stn_field ">> Start"
stn_keys Enter
stn_wait "Type 2 to erase these 2 drives"
stn_row_c() { stn_screen | grep -E "^  $1 "; }
stn_row_c "$A" | grep -q "ERASED" || fail "confirm names $A"
# a wrong count: back to the settings, nothing erased
stn_type 3
stn_keys Enter
stn_wait "not confirmed .*nothing was erased"
grep -qa "$MARKER" "$T/a.img" || fail "a wrong count erased $A"
[ ! -d "$T/certs" ] || [ -z "$(ls "$T/certs")" ] || fail "certificates after a wrong count"
stn_keys Enter
stn_wait "Type 2 to erase these 2 drives"
stn_type 2
stn_keys Enter
stn_wait "summary: 2 of 2 drives erased and verified" 300
stn_screen >"$T/summary"
cat "$T/summary"

for img in a b; do
	if grep -qa "$MARKER" "$T/$img.img"; then fail "marker left on $img.img"; fi
done
run_rc rc blkid -p "$T/a.img"
[ "$rc" -eq 2 ] || fail "ext4 signature left on a.img"
n=0
for dev in "$A" "$B"; do
	grep -qE "^[> ] $dev +success +passed" "$T/summary" ||
		fail "summary row of $dev"
	cert=$(grep -A1 -E "^[> ] $dev " "$T/summary" | sed -n 's/^    certificate \(\S*\.json\).*/\1/p')
	[ -f "$cert" ] || fail "no certificate path for $dev in the summary"
	openssl_ok "$cert" || fail "openssl cms -verify rejects $cert"
	[ "$(jget "$cert" 'd["media"]["device"]')" = "$dev" ] || fail "device of $cert"
	[ "$(jget "$cert" 'd["result"]')" = success ] || fail "result of $cert"
	[ "$(jget "$cert" 'd["destination"]')" = recycling ] || fail "destination"
	[ "$(jget "$cert" 'd["customer"]')" = "Test Clinic" ] || fail "customer"
	[ "$(jget "$cert" 'd["job"]')" = "LOT-7" ] || fail "job"
	tag=$(jget "$cert" 'd["media"]["property_number"]')
	if [ "$dev" = "$A" ]; then
		[ "$tag" = ASSET-0001 ] || fail "asset tag of $A: $tag"
	else
		[ "$tag" = None ] || fail "asset tag of $B: $tag (given only for $A)"
	fi
	n=$((n + 1))
done
[ "$(ls "$T"/certs/*.json | wc -l)" -eq 2 ] || fail "two certificates"
"$WIPE" cert verify --identity "$T/id" "$T/certs" >/dev/null || fail "chain"
# the mounted one is untouched
blkid -p "$T/m.img" | grep -q ext4 || fail "the mounted one was touched"
blkid -p "$M" >/dev/null || fail "the mounted one lost its signature"

# back to the list, then q quits at once: nothing runs
stn_keys Enter
stn_wait "selected"
stn_keys q
stn_exited 0
