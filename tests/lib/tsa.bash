# SPDX-License-Identifier: Apache-2.0
# A local time-stamp authority for the shell tests (sourced, not run):
# a CA, a TSA certificate it issued (extendedKeyUsage critical
# timeStamping), `openssl ts -reply` behind a loopback HTTP listener
# (tests/lib/tsa-server.py). Needs $T (a temp dir the test removes).
#   tsa_setup        TSA_DIR, TSA_CA (the CA's PEM) and TSA_CNF
#   tsa_start        start the listener; TSA_URL; stopped by tsa_stop
#   tsa_stop         stop it (call from the test's EXIT trap)
#   tsa_requests     how many requests it answered
TSA_PID=

tsa_setup() {
	TSA_DIR=$T/tsa
	mkdir -p "$TSA_DIR/state"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$TSA_DIR/ca.key" -out "$TSA_DIR/ca.pem" -days 30 \
		-subj "/O=Test Time Authority/CN=Test TSA Root" 2>/dev/null
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$TSA_DIR/tsa.key" -out "$TSA_DIR/tsa.csr" \
		-subj "/O=Test Time Authority/CN=Test TSA" 2>/dev/null
	printf 'extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n' \
		>"$TSA_DIR/ext"
	openssl x509 -req -in "$TSA_DIR/tsa.csr" -CA "$TSA_DIR/ca.pem" \
		-CAkey "$TSA_DIR/ca.key" -CAcreateserial -days 30 \
		-extfile "$TSA_DIR/ext" -out "$TSA_DIR/tsa.pem" 2>/dev/null
	echo 01 >"$TSA_DIR/serial"
	cat >"$TSA_DIR/tsa.cnf" <<CNF
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = $TSA_DIR/serial
crypto_device = builtin
signer_cert = $TSA_DIR/tsa.pem
certs = $TSA_DIR/ca.pem
signer_key = $TSA_DIR/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
	TSA_CA=$TSA_DIR/ca.pem
	TSA_CNF=$TSA_DIR/tsa.cnf
}

tsa_start() {
	local i
	rm -f "$TSA_DIR/state/port"
	python3 "$SRCDIR/tests/lib/tsa-server.py" "$TSA_DIR/state" "$TSA_CNF" &
	TSA_PID=$!
	for i in $(seq 100); do
		[ -s "$TSA_DIR/state/port" ] && break
		sleep 0.1
	done
	[ -s "$TSA_DIR/state/port" ] || { echo "FAIL: the test TSA did not start" >&2; exit 1; }
	TSA_URL=http://127.0.0.1:$(cat "$TSA_DIR/state/port")/tsa
}

tsa_stop() {
	if [ -n "$TSA_PID" ]; then
		kill "$TSA_PID" 2>/dev/null || true
		wait "$TSA_PID" 2>/dev/null || true
		TSA_PID=
	fi
}

tsa_requests() {
	if [ -e "$TSA_DIR/state/count" ]; then
		stat -c %s "$TSA_DIR/state/count"
	else
		echo 0
	fi
}
