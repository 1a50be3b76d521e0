# SPDX-License-Identifier: Apache-2.0
# A software TPM 2.0 for the shell tests (sourced, not run): swtpm on the
# loopback interface, its state in a directory of the test's own. Needs $T.
#   swtpm_start NAME   start one (state $T/swtpm-NAME); sets
#                      TPM2OPENSSL_TCTI and TPM2TOOLS_TCTI to reach it
#   swtpm_stop_all     stop every one started (call from the EXIT trap)
SWTPM_PIDS=()

swtpm_start() {
	local dir=$T/swtpm-$1 port i
	mkdir -p "$dir"
	for i in $(seq 20); do
		port=$((20000 + RANDOM % 20000 * 2))
		rm -f "$dir/pid"
		if swtpm socket --tpm2 --tpmstate "dir=$dir" \
			--server "type=tcp,port=$port,bindaddr=127.0.0.1" \
			--ctrl "type=tcp,port=$((port + 1)),bindaddr=127.0.0.1" \
			--flags not-need-init,startup-clear \
			--pid "file=$dir/pid" --daemon 2>/dev/null; then
			break
		fi
	done
	[ -s "$dir/pid" ] || { echo "FAIL: swtpm did not start" >&2; exit 1; }
	SWTPM_PIDS+=("$(cat "$dir/pid")")
	export TPM2OPENSSL_TCTI="swtpm:host=127.0.0.1,port=$port"
	export TPM2TOOLS_TCTI=$TPM2OPENSSL_TCTI
}

swtpm_stop_all() {
	local p
	for p in "${SWTPM_PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	SWTPM_PIDS=()
}
