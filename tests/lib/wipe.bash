# SPDX-License-Identifier: Apache-2.0
# Helpers for the wipe shell tests. Source it after `set -euo pipefail`.
# Every loop device, mount and swap a test makes is undone by its trap,
# and tests only ever write to images and loop devices they created.
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
	# a mount that held a loop device's backing file: now free to go
	for m in "${MOUNTS[@]}"; do
		mountpoint -q "$m" 2>/dev/null && umount "$m" 2>/dev/null || true
	done
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

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	[ -e /dev/loop-control ] || skip "no loop devices"
}

# new_loop [FILE] SIZE [losetup options...]: an image (FILE, or a new one
# in $T) of SIZE attached to a loop device, named in $LOOP (not printed: a
# command substitution would run in a subshell and the trap would never
# learn of the device)
new_loop() {
	local img size
	if [[ $1 =~ ^[0-9]+[KMGT]?$ ]]; then
		img=$(mktemp "$T/img.XXXXXX")
	else
		img=$1
		shift
	fi
	size=$1
	shift
	truncate -s "$size" "$img"
	LOOP=$(losetup -f --show "$@" "$img")
	LOOPS+=("$LOOP")
}

# run_rc VAR cmd...: run, store the exit code in VAR, never fail
run_rc() {
	local __var=$1
	shift
	local __rc=0
	"$@" || __rc=$?
	printf -v "$__var" '%s' "$__rc"
}

make_identity() {
	"$WIPE" identity create "$T/id" --org "Test Clinic" --operator "Ada Tester" \
		--title "IT technician" --location "Room 4" --phone "+1 555 0100" \
		2>/dev/null
}

# openssl_ok CERT: stock OpenSSL accepts the detached signature
openssl_ok() {
	openssl cms -verify -binary -inform DER -in "$1.p7s" -content "$1" \
		-CAfile "$T/id/cert.pem" -purpose any -out /dev/null 2>/dev/null
}

# jget FILE EXPR: a value from a JSON file (python3 expression on `d`)
jget() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

erase() {
	"$WIPE" erase --identity "$T/id" --cert-dir "$T/certs" \
		--state-dir "$T/state" "$@"
}
