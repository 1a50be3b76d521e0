# SPDX-License-Identifier: Apache-2.0
# Helpers for the wipe station tests: the screen runs in a tmux server of
# its own (its socket in the test's scratch directory), is driven with
# send-keys and read with capture-pane. Source it after tests/lib/wipe.bash;
# every wait is on a condition with a timeout, never a fixed sleep.
command -v tmux >/dev/null || skip "no tmux"
# the server's socket inside the test's scratch directory: gone with it
TMUX_SOCK="$T/tmux.sock"
STN_EXIT="$T/station.exit"

tm() {
	tmux -S "$TMUX_SOCK" "$@"
}

station_cleanup() {
	tm kill-server 2>/dev/null || true
	cleanup
}
trap station_cleanup EXIT

# stn_start [ENV=VALUE...] -- [station options...]: the screen at 100x30;
# its exit code lands in $STN_EXIT, its stderr in $T/station.err
stn_start() {
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	[ "${1:-}" = -- ] && shift
	local cmd
	cmd=$(printf '%q ' env "${envs[@]}" "$WIPE" station --identity "$T/id" \
		--cert-dir "$T/certs" --state-dir "$T/state" "$@")
	rm -f "$STN_EXIT"
	tm new-session -d -x 100 -y 30 \
		"$cmd 2>$(printf %q "$T/station.err"); echo \$? >$(printf %q "$STN_EXIT"); sleep 3600"
	tm set-option -g status off >/dev/null
	stn_wait 'wipe station' 30
}

# the screen as text
stn_screen() {
	tm capture-pane -p
}

# stn_has ERE: the screen matches now (read whole first: with pipefail, a
# grep -q that stops early would fail the pipe)
stn_has() {
	local scr
	scr=$(stn_screen)
	grep -qE -- "$1" <<<"$scr"
}

# stn_wait REGEX [SECONDS]: until the screen matches (grep -E), else fail
# showing it
stn_wait() {
	local re=$1 secs=${2:-60} i
	for ((i = 0; i < secs * 10; i++)); do
		stn_has "$re" && return 0
		[ -e "$STN_EXIT" ] && break
		sleep 0.1
	done
	stn_screen >&2
	[ -e "$STN_EXIT" ] && echo "station exited $(cat "$STN_EXIT"): $(cat "$T/station.err")" >&2
	fail "the screen never showed /$re/"
}

# stn_keys KEY...: tmux key names ("Enter", "Space", "Down") or text
stn_keys() {
	tm send-keys "$@"
}

# stn_type TEXT: literal text
stn_type() {
	tm send-keys -l "$1"
}

# stn_row NAME: the list row of kernel device NAME (loop3)
stn_row() {
	local scr
	scr=$(stn_screen)
	grep -E "^[> ] (--  |\[[ x]\] )$1 " <<<"$scr" || true
}

# stn_goto NAME: the list's cursor onto device NAME
stn_goto() {
	local name=$1 i cur want
	for ((i = 0; i < 50; i++)); do
		stn_screen >"$T/screen"
		grep -qE "^> (--  |\[[ x]\] )$name " "$T/screen" && return 0
		cur=$(grep -nE '^> (--  |\[[ x]\] )' "$T/screen" | cut -d: -f1)
		want=$(grep -nE "^[> ] (--  |\[[ x]\] )$name " "$T/screen" | cut -d: -f1)
		[ -n "$want" ] || fail "no row for $name: $(cat "$T/screen")"
		if [ "$want" -gt "${cur:-0}" ]; then stn_keys Down; else stn_keys Up; fi
		sleep 0.1
	done
	fail "cannot move to $name: $(stn_screen)"
}

# stn_exited CODE: the station ended with CODE
stn_exited() {
	local i
	for ((i = 0; i < 300; i++)); do
		[ -s "$STN_EXIT" ] && break
		sleep 0.1
	done
	[ -s "$STN_EXIT" ] || fail "the station did not end: $(stn_screen)"
	[ "$(cat "$STN_EXIT")" = "$1" ] ||
		fail "station exit $(cat "$STN_EXIT"), not $1: $(cat "$T/station.err")"
}

# mark DEV: a marker at the start, middle and end of DEV
MARKER="SANITAS-STATION-MARKER-$$"
mark() {
	local dev=$1 size
	size=$(blockdev --getsize64 "$dev")
	for off in 4096 $((size / 2)) $((size - 4096)); do
		printf '%s' "$MARKER" | dd of="$dev" bs=1 seek="$off" conv=notrunc status=none
	done
	sync
	grep -qa "$MARKER" "$dev" || fail "no marker written on $dev"
}

# stn_pick ITEM: in an open menu, down to ITEM and Enter
stn_pick() {
	local i
	for ((i = 0; i < 40; i++)); do
		stn_has "\\| > $1 " && { stn_keys Enter; return 0; }
		stn_keys Down
		sleep 0.1
	done
	fail "no menu item $1: $(stn_screen)"
}

# stn_field LABEL: in the settings, the cursor onto the field LABEL
stn_field() {
	local i
	for ((i = 0; i < 40; i++)); do
		stn_has "^> $1" && return 0
		stn_keys Down
		sleep 0.1
	done
	fail "no field $1: $(stn_screen)"
}
