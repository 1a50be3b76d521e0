# SPDX-License-Identifier: Apache-2.0
# Keys in hardware for the shell tests (sourced, not run): a SoftHSM 2
# token and the checks that a key stays in its token or TPM. Needs $T;
# a test of its own calls fail/skip (wipe.bash) or defines them.
#   softhsm_setup       SoftHSM 2 in $T/tokens (SOFTHSM2_CONF exported), a
#                       token "station" with a P-256 key pair "signkey"
#                       made inside it; MODULE, P11_URI, the PIN in
#                       $T/pin and a wrong one in $T/badpin; skips (77)
#                       when softhsm2, pkcs11-tool or libp11's engine is
#                       absent
#   p11 ARGS...         pkcs11-tool on that token
#   softhsm_key_stays CERT   the private key is sensitive and never
#                       extractable, and what an export through the
#                       engine yields cannot sign for CERT's public key
#   tpm_require         skips (77) unless swtpm and tpm2-openssl are
#                       installed (tests/lib/swtpm.bash starts one)
#   tpm_key_stays DIR   DIR/key.tss holds no key stock openssl reads, and
#                       what the provider exports cannot sign for
#                       DIR/cert.pem's public key
MODULE=/usr/lib/softhsm/libsofthsm2.so

softhsm_setup() {
	command -v softhsm2-util >/dev/null && command -v pkcs11-tool >/dev/null &&
		[ -e "$MODULE" ] || skip "softhsm2 and opensc (pkcs11-tool) are not installed"
	[ -e "$(openssl version -e | sed 's/.*"\(.*\)"/\1/')/pkcs11.so" ] ||
		skip "libengine-pkcs11-openssl is not installed"
	export SOFTHSM2_CONF=$T/softhsm2.conf
	mkdir -m 755 "$T/tokens"
	printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' \
		"$T/tokens" >"$SOFTHSM2_CONF"
	softhsm2-util --init-token --free --label station --pin 246810 \
		--so-pin 13579111 >/dev/null
	p11 --login --pin 246810 --keypairgen --key-type EC:prime256v1 --id 07 \
		--label signkey >/dev/null 2>&1 || fail "no key pair in the token"
	(umask 077 && printf '246810\n' >"$T/pin" && printf '999999\n' >"$T/badpin")
	P11_URI="pkcs11:token=station;object=signkey?module-path=$MODULE"
}

p11() { pkcs11-tool --module "$MODULE" --token-label station "$@"; }

# probe_cannot_sign KEY.pem CERT: a key file that cannot sign for CERT
probe_cannot_sign() {
	openssl x509 -in "$2" -noout -pubkey >"$T/probe.pub"
	printf 'probe' >"$T/probe"
	rm -f "$T/probe.sig"
	openssl dgst -sha256 -sign "$1" -out "$T/probe.sig" "$T/probe" 2>/dev/null || true
	if [ -s "$T/probe.sig" ] && openssl dgst -sha256 -verify "$T/probe.pub" \
		-signature "$T/probe.sig" "$T/probe" >/dev/null 2>&1; then
		return 1
	fi
	return 0
}

softhsm_key_stays() {
	p11 --login --pin 246810 --list-objects --type privkey >"$T/objs" 2>&1
	grep -q "never extractable" "$T/objs" && grep -q "sensitive" "$T/objs" ||
		fail "the private key is extractable: $(cat "$T/objs")"
	rm -f "$T/exported.pem"
	openssl pkey -engine pkcs11 -inform engine -out "$T/exported.pem" \
		-in "pkcs11:token=station;object=signkey;type=private;pin-value=246810" >/dev/null 2>&1 || true
	if [ -s "$T/exported.pem" ]; then
		probe_cannot_sign "$T/exported.pem" "$1" || fail "the private key came out of the token"
	fi
}

tpm_require() {
	command -v swtpm >/dev/null || skip "swtpm is not installed"
	[ -e "$(openssl version -m | sed 's/.*"\(.*\)"/\1/')/tpm2.so" ] ||
		skip "tpm2-openssl is not installed"
}

tpm_key_stays() {
	openssl pkey -in "$1/key.tss" -noout 2>/dev/null &&
		fail "stock openssl reads a private key from key.tss"
	rm -f "$T/exported.pem"
	openssl pkey -provider tpm2 -provider default -in "$1/key.tss" \
		-out "$T/exported.pem" >/dev/null 2>&1 || true
	if grep -q "BEGIN PRIVATE KEY" "$T/exported.pem" 2>/dev/null; then
		probe_cannot_sign "$T/exported.pem" "$1/cert.pem" ||
			fail "the private key came out of the TPM"
	fi
}
