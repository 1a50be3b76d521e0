#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe cert validate: a second person's signed validation record beside a
# real certificate, bound to its SHA-256, with the validator's own
# read-back of the image; refused for the operator's identity and for
# the operator's key under another certificate (exit 77); checked with
# stock openssl cms -verify; shown by name by wipe cert verify; a failed
# read-back, a wrong medium, a record never replaced, a tampered record;
# then on a SQLite ledger: ingest, show, a forged self-validation and an
# unbound one rejected, verify.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/ledger.bash"

make_identity
make_validator
truncate -s 1M "$T/d.img"
erase --yes --quiet --method zero --asset-tag TAG-1 "$T/d.img" >/dev/null
c=$(ls "$T"/certs/*.json)
id=$(basename "$c" .json)
sha=$(sha256sum "$c" | cut -d' ' -f1)
v="$T/certs/$id.validation.json"
# usage
run_rc rc "$WIPE" cert validate "$c" 2>/dev/null
[ "$rc" -eq 64 ] || fail "no --identity: exit $rc"
run_rc rc "$WIPE" cert validate "$c" --identity "$T/val" 2>/dev/null
[ "$rc" -eq 64 ] || fail "neither --reverify nor --verdict: exit $rc"
run_rc rc "$WIPE" cert validate "$c" --identity "$T/val" --verdict maybe 2>/dev/null
[ "$rc" -eq 64 ] || fail "bad --verdict: exit $rc"
run_rc rc "$WIPE" cert validate "$T/none.json" --identity "$T/val" --verdict passed 2>/dev/null
[ "$rc" -eq 66 ] || fail "no such certificate: exit $rc"
# the operator's own identity: refused, nothing written
run_rc rc "$WIPE" cert validate "$c" --identity "$T/id" --reverify "$T/d.img" 2>"$T/err"
[ "$rc" -eq 77 ] || fail "self-validation: exit $rc: $(cat "$T/err")"
grep -q "is the identity that signed the certificate" "$T/err" || fail "says why: $(cat "$T/err")"
[ ! -e "$v" ] && [ ! -e "$v.p7s" ] || fail "a refused validation wrote a file"
# the operator's key under a new certificate with another name: refused
mkdir -m 700 "$T/same"
cp "$T/id/key.pem" "$T/same/key.pem"
openssl req -new -x509 -key "$T/id/key.pem" -subj "/O=Audit Partners/CN=Someone Else" \
	-days 30 -out "$T/same/cert.pem" 2>/dev/null
run_rc rc "$WIPE" cert validate "$c" --identity "$T/same" --verdict passed 2>"$T/err"
[ "$rc" -eq 77 ] && grep -q "signs with the key that signed the certificate" "$T/err" ||
	fail "same key, other certificate: exit $rc: $(cat "$T/err")"
[ ! -e "$v" ] || fail "written anyway"
# another person: accepted, with the read-back
"$WIPE" cert validate "$c" --identity "$T/val" --reverify "$T/d.img" \
	--ca "$T/id/cert.pem" >"$T/out" || fail "validate: $(cat "$T/out")"
grep -q "verdict passed, validated by Bea Validator (QA lead, Audit Partners)" "$T/out" ||
	fail "validate says: $(cat "$T/out")"
[ -s "$v" ] && [ -s "$v.p7s" ] || fail "no record beside the certificate"
openssl cms -verify -binary -inform DER -in "$v.p7s" -content "$v" \
	-CAfile "$T/val/cert.pem" -purpose any -out /dev/null 2>/dev/null ||
	fail "openssl cms -verify refuses the record"
openssl cms -verify -binary -inform DER -in "$v.p7s" -content "$v" \
	-CAfile "$T/id/cert.pem" -purpose any -out /dev/null 2>/dev/null &&
	fail "the record verifies as the operator's"
fp_val=$(openssl x509 -in "$T/val/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
fp_op=$(openssl x509 -in "$T/id/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
[ "$(jget "$v" 'd["schema"] + "|" + d["certificate"]["sha256"] + "|" + d["certificate"]["id"] + "|" + d["certificate"]["signer_fingerprint"]')" = \
	"sanitas.validation/1|$sha|$id|$fp_op" ] || fail "bound to the certificate: $(cat "$v")"
[ "$(jget "$v" 'd["validator"]["name"] + "|" + d["validator"]["title"] + "|" + d["validator"]["organization"] + "|" + d["validator"]["fingerprint"] + "|" + d["verdict"]')" = \
	"Bea Validator|QA lead|Audit Partners|$fp_val|passed" ] || fail "validator fields: $(cat "$v")"
[ "$(jget "$v" 'str(d["reverify"]["coverage"]) + "|" + str(d["reverify"]["mismatched_bytes"]) + "|" + d["reverify"]["result"] + "|" + d["reverify"]["expected"] + "|" + str(d["reverify"]["bytes_checked"])')" = \
	"1.0|0|clean|zero|1048576" ] || fail "reverify fields: $(cat "$v")"
jget "$v" 'd["validated_at"]' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' || fail "date"
# never replaced
cp "$v" "$T/v.keep"
run_rc rc "$WIPE" cert validate "$c" --identity "$T/val" --verdict passed 2>"$T/err"
[ "$rc" -eq 73 ] && grep -q "never replaced" "$T/err" || fail "second record: exit $rc"
cmp -s "$v" "$T/v.keep" || fail "the record changed"
# cert verify names the signer and the validator
cat "$T/id/cert.pem" "$T/val/cert.pem" >"$T/both.pem"
"$WIPE" cert verify "$T/certs" --ca "$T/both.pem" >"$T/out" || fail "cert verify: $(cat "$T/out")"
grep -q "signed by Ada Tester; validated by Bea Validator (QA lead, Audit Partners) at .*: passed (read-back clean, coverage 100.00%, 0 mismatched byte(s))" "$T/out" ||
	fail "cert verify shows the validator: $(cat "$T/out")"
[ "$(grep -c 'validation.json' "$T/out" || true)" = 0 ] || fail "the record listed as a certificate"
"$WIPE" cert verify "$c" --ca "$T/both.pem" --json >"$T/cv.json" || fail "cert verify --json"
[ "$(jget "$T/cv.json" 'd["certificates"][0]["validations"][0]["name"] + "|" + d["certificates"][0]["validations"][0]["verdict"]')" = "Bea Validator|passed" ] ||
	fail "cert verify --json: $(cat "$T/cv.json")"
# the validator not anchored: UNTRUSTED, exit 1
run_rc rc "$WIPE" cert verify "$c" --ca "$T/id/cert.pem" >"$T/out"
[ "$rc" -eq 1 ] && grep -q "validation.json: INVALID: the signer's certificate is not trusted" "$T/out" ||
	fail "validator unanchored: exit $rc: $(cat "$T/out")"
"$WIPE" cert verify "$v" --ca "$T/val/cert.pem" | grep -q "valid validation (passed) by Bea Validator" ||
	fail "the record verified on its own"
# tampered: exit 1
sed 's/"passed"/"failed"/' "$T/v.keep" >"$v"
run_rc rc "$WIPE" cert verify "$c" --ca "$T/both.pem" >"$T/out"
[ "$rc" -eq 1 ] && grep -q "INVALID: the content does not match the signature" "$T/out" ||
	fail "tampered record: exit $rc: $(cat "$T/out")"
# malformed: exit 65
echo '{"schema": "sanitas.validation/1"}' >"$T/bad.validation.json"
cp "$v.p7s" "$T/bad.validation.json.p7s"
run_rc rc "$WIPE" cert verify "$T/bad.validation.json" --ca "$T/both.pem" >"$T/out"
[ "$rc" -eq 65 ] && grep -q "MALFORMED: .*is missing" "$T/out" || fail "malformed record: exit $rc: $(cat "$T/out")"
cp "$T/v.keep" "$v"
# data left on the medium: the read-back fails, the verdict is failed
printf 'PATIENT-RECORD' | dd of="$T/d.img" bs=1 seek=4096 conv=notrunc 2>/dev/null
run_rc rc "$WIPE" cert validate "$c" --identity "$T/val" --reverify "$T/d.img" \
	--output "$T/fail.validation.json" >"$T/out" 2>/dev/null
[ "$rc" -eq 1 ] || fail "failed read-back: exit $rc: $(cat "$T/out")"
[ "$(jget "$T/fail.validation.json" 'd["verdict"] + "|" + d["reverify"]["result"] + "|" + str(d["reverify"]["mismatched_bytes"]) + "|" + str(d["reverify"]["first_mismatch"])')" = "failed|data-found|14|4096" ] ||
	fail "failed record: $(cat "$T/fail.validation.json")"
run_rc rc "$WIPE" cert validate "$c" --identity "$T/val" --reverify "$T/d.img" \
	--verdict passed --output "$T/lie.validation.json" 2>/dev/null
[ "$rc" -eq 64 ] && [ ! -e "$T/lie.validation.json" ] || fail "passed against the read-back: exit $rc"
# a sampled read-back records its seed
dd if=/dev/zero of="$T/d.img" bs=1M count=1 conv=notrunc 2>/dev/null
"$WIPE" cert validate "$c" --identity "$T/val" --reverify "$T/d.img" --sample 10 --seed 7 \
	--output "$T/s.validation.json" >/dev/null 2>&1 || fail "sampled read-back"
[ "$(jget "$T/s.validation.json" 'd["reverify"]["method"] + "|" + str(d["reverify"]["seed"])')" = "sample|7" ] ||
	fail "sample recorded: $(cat "$T/s.validation.json")"
# not the certificate's medium: exit 65, nothing written
truncate -s 2M "$T/other.img"
run_rc rc "$WIPE" cert validate "$c" --identity "$T/val" --reverify "$T/other.img" \
	--output "$T/o.validation.json" 2>"$T/err"
[ "$rc" -eq 65 ] && grep -q "is not the certificate's medium" "$T/err" && [ ! -e "$T/o.validation.json" ] ||
	fail "wrong medium: exit $rc: $(cat "$T/err")"
# random data cannot be re-read: exit 69
truncate -s 1M "$T/r.img"
mkdir "$T/rc"
"$WIPE" erase --identity "$T/id" --cert-dir "$T/rc" --state-dir "$T/state" \
	--yes --quiet --method random "$T/r.img" >/dev/null
run_rc rc "$WIPE" cert validate "$(ls "$T"/rc/*.json)" --identity "$T/val" --reverify "$T/r.img" 2>"$T/err"
[ "$rc" -eq 69 ] || fail "random: exit $rc: $(cat "$T/err")"
# the ledger side, on SQLite
command -v sqlite3 >/dev/null || skip "no sqlite3"
DB="$T/ledger.db"
q() { sqlite3 -bail "$DB" "$1"; }
ledger_validation_checks "$DB" q
