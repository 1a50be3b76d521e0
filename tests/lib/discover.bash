# SPDX-License-Identifier: Apache-2.0
# Helpers of the t011N discovery tests, on top of tests/lib/wipe.bash (its
# scratch directory, loop devices and trap): partitions, the JSON of one
# device, and signatures as wipefs sees them.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

need_root_loop() {
	need_root
	command -v jq >/dev/null || skip "needs jq"
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
