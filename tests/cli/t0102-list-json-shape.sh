#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe list --json: exactly one document, schema sanitas.devices/1, and every
# device object has exactly the pinned keys, in order, with pinned types.
# Runs unprivileged too: devices that cannot be opened still list, with
# signatures null and the reason in signatures_error.
set -euo pipefail
WIPE="$BIN/wipe"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v jq >/dev/null || { echo "SKIP: needs jq"; exit 77; }

keys='["path","name","type","parent","devno","vendor","model","serial","wwn","firmware","transport","size_bytes","logical_block_size","physical_block_size","rotational","removable","readonly","backing_file","signatures","signatures_error","safe","unsafe","unsafe_detail"]'

for args in "--json" "--all --json" "--json --all" "-a --json"; do
	# shellcheck disable=SC2086
	"$WIPE" list $args >"$T/out" 2>"$T/err" || fail "wipe list $args: exit $?"
	[ "$(jq -s length "$T/out")" = 1 ] || fail "$args: not exactly one JSON document"
	jq -e '.schema == "sanitas.devices/1"' "$T/out" >/dev/null || fail "$args: schema"
	jq -e 'keys_unsorted == ["schema","devices"]' "$T/out" >/dev/null || fail "$args: top keys"
	jq -e '.devices | type == "array"' "$T/out" >/dev/null || fail "$args: devices"
	jq -e --argjson k "$keys" 'all(.devices[]; keys_unsorted == $k)' "$T/out" >/dev/null ||
		fail "$args: device keys: $(jq -c '.devices[0] | keys_unsorted' "$T/out")"
	jq -e '
	  def sn: type == "string" or type == "null";
	  all(.devices[];
	    (.path | type == "string") and (.name | type == "string") and
	    (.type | IN("disk", "partition", "loop", "file")) and
	    (.parent | sn) and (.devno | sn) and (.vendor | sn) and (.model | sn) and
	    (.serial | sn) and (.wwn | sn) and (.firmware | sn) and (.transport | sn) and
	    (.size_bytes | type == "number" and . > 0) and
	    (.logical_block_size | IN(512, 1024, 2048, 4096)) and
	    (.physical_block_size | type == "number" and . >= 512) and
	    (.rotational | type == "boolean") and (.removable | type == "boolean") and
	    (.readonly | type == "boolean") and (.backing_file | sn) and
	    ((.signatures == null and (.signatures_error | type == "string")) or
	     (.signatures | type == "array") and .signatures_error == null) and
	    all(.signatures[]?; keys_unsorted == ["type","usage","offset","label","uuid"] and
	        (.offset | type == "number")) and
	    (.safe == (.unsafe == [])) and
	    all(.unsafe[]; IN("mounted","swap","holders","system","read-only","backs-system")) and
	    ((.unsafe == []) == (.unsafe_detail == null)))' "$T/out" >/dev/null ||
		fail "$args: field types"
	# sorted by kernel name in version order
	[ "$(jq -r '.devices[].name' "$T/out")" = "$(jq -r '.devices[].name' "$T/out" | sort -V)" ] ||
		fail "$args: not sorted by name"
done

# without --all: whole disks only, no partitions, no loop devices
"$WIPE" list --json | jq -e 'all(.devices[]; .type == "disk" and .parent == null)' >/dev/null ||
	fail "plain list shows partitions or loops"
# --all is a superset
diff <("$WIPE" list --json | jq -r '.devices[].name') \
	<("$WIPE" list --all --json | jq -r '.devices[].name' |
		grep -Fxf <("$WIPE" list --json | jq -r '.devices[].name') || true) >/dev/null ||
	fail "--all lost a disk"

# the human table: a header, then one row per device of the JSON (whole
# disks: loop devices of tests running alongside come and go)
"$WIPE" list >"$T/table"
n=$("$WIPE" list --json | jq '.devices | length')
if [ "$n" -gt 0 ]; then
	head -1 "$T/table" | grep -qE "^DEVICE +SIZE +TRANSPORT +MODEL +SERIAL +FLAGS +SIGNATURES +UNSAFE$" ||
		fail "table header: $(head -1 "$T/table")"
	[ "$(($(wc -l <"$T/table") - 1))" = "$n" ] || fail "table rows"
fi
echo ok
