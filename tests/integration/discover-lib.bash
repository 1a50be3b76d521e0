# SPDX-License-Identifier: Apache-2.0
# Shared by the t011N discovery tests: a scratch directory, loop devices this
# test made (and only those), and a trap that undoes everything.
set -euo pipefail

WIPE="$BIN/wipe"
T=$(mktemp -d)
LOOPS=()
MOUNTS=()
SWAPS=()

cleanup() {
	local m l s
	for s in "${SWAPS[@]}"; do swapoff "$s" 2>/dev/null || true; done
	for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null || true; done
	for l in "${LOOPS[@]}"; do losetup -d "$l" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "SKIP: $*" >&2
	exit 77
}

need_root_loop() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	command -v jq >/dev/null || skip "needs jq"
	[ -e /dev/loop-control ] || skip "no loop devices"
}

# new_loop FILE SIZE [losetup options...] -> the loop device in $LOOP.
# Not a command substitution: the device must reach LOOPS in this shell,
# or the trap could not detach it.
new_loop() {
	local img=$1 size=$2
	shift 2
	truncate -s "$size" "$img"
	LOOP=$(losetup -f --show "$@" "$img") || skip "cannot attach a loop device"
	LOOPS+=("$LOOP")
}

# The partitions of a loop device; kernels without partition parsers get
# them through BLKPG (partx -a).
scan_parts() {
	local dev=$1 name
	name=${dev#/dev/}
	if [ ! -e "/sys/block/$name/${name}p1" ]; then
		partx -a "$dev" >/dev/null 2>&1 || true
	fi
	[ -e "/sys/block/$name/${name}p1" ] || skip "no partition support"
	# devtmpfs creates the nodes; give it a moment without udev
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ -b "${dev}p1" ] && return 0
		sleep 0.1
	done
	skip "no partition device nodes"
}

# dev_json DEV [--all] -> the JSON object of DEV in wipe list --all --json
dev_json() {
	"$WIPE" list --all --json | jq -e --arg p "$1" '.devices[] | select(.path == $p)' ||
		fail "$1 not in 'wipe list --all --json'"
}

# wipefs_sigs DEV -> "type@offset" lines, sorted (independent checker)
wipefs_sigs() {
	wipefs -J "$1" | jq -r '.signatures[]? | "\(.type)@\(.offset)"' |
		while IFS=@ read -r t o; do echo "$t@$((o))"; done | sort
}

# our_sigs JSON -> "type@offset" lines, sorted
our_sigs() {
	jq -r '.signatures[] | "\(.type)@\(.offset)"' <<<"$1" | sort
}
