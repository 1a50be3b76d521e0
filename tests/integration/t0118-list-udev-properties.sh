#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The udev path: when the udev database holds ID_* properties for a device,
# identity comes from them (decoded ID_MODEL_ENC, ID_SERIAL_SHORT, ID_WWN,
# ID_REVISION; "ATA" is not a vendor). Without a database entry the same
# device has no invented identity. Only runs where no udev daemon owns the
# database: it writes one entry, for a loop device it made, and removes it.
. "$SRCDIR/tests/lib/discover.bash"
need_root_loop
[ ! -e /run/udev/control ] || skip "a udev daemon is running; not touching its database"

new_loop "$T/disk.img" 16M
dev=$LOOP
devno=$(cat "/sys/block/${dev#/dev/}/dev")

j=$(dev_json "$dev")
jq -e '[.vendor, .model, .serial, .wwn, .firmware] == [null, null, null, null, null]' \
	<<<"$j" >/dev/null || fail "identity invented without udev: $(jq -c . <<<"$j")"

# another run of this test may be making the same directories: only the
# run whose mkdir succeeded removes them (rmdir keeps a non-empty one)
made=()
for d in /run/udev /run/udev/data; do
	if mkdir "$d" 2>/dev/null; then
		made=("$d" "${made[@]}")
	fi
	[ -d "$d" ] || skip "cannot make $d"
done
db="/run/udev/data/b$devno"
[ ! -e "$db" ] || skip "$db exists already"
trap 'rm -f "$db"; for d in "${made[@]}"; do rmdir "$d" 2>/dev/null || true; done; cleanup' EXIT
printf '%s\n' 'I:1000000' 'E:ID_VENDOR=ATA' 'E:ID_MODEL=Acme_Disk_9000' \
	'E:ID_MODEL_ENC=Acme\x20Disk\x209000\x20\x20' 'E:ID_SERIAL_SHORT=ACME-SN-0042' \
	'E:ID_WWN=0x5000c500deadbeef' 'E:ID_REVISION=FW1.2' 'E:ID_BUS=ata' 'V:1' >"$db"

j=$(dev_json "$dev")
[ "$(jq -r .model <<<"$j")" = "Acme Disk 9000" ] || fail "model: $(jq -r .model <<<"$j")"
[ "$(jq -r .serial <<<"$j")" = ACME-SN-0042 ] || fail "serial"
[ "$(jq -r .wwn <<<"$j")" = 0x5000c500deadbeef ] || fail "wwn"
[ "$(jq -r .firmware <<<"$j")" = FW1.2 ] || fail "firmware"
[ "$(jq -r .vendor <<<"$j")" = null ] || fail "ATA taken as a vendor"
# where it sits in sysfs outranks what udev's bus says
[ "$(jq -r .transport <<<"$j")" = loop ] || fail "transport"
"$WIPE" list --all | grep -E "^${dev#/dev/} " | grep -qE "Acme Disk 9000 +ACME-SN-0042" ||
	fail "table row"
echo ok
