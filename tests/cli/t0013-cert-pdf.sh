#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe cert pdf, read back with independent tools: pdftotext finds every
# Appendix G value, the result and the non-ASCII operator name (Latin and
# CJK); pdfdetach returns the JSON and .p7s byte-identical and openssl
# accepts them; qpdf --check is clean; pdffonts shows every font
# embedded; the QR code decodes (pdftoppm + zbarimg) to the id and
# SHA-256. A failed certificate says FAILED at the size a success would
# and lists its error ranges; a tampered one is refused, nothing written;
# a batch of 150 spans more than one node of the page tree.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
for t in pdftotext pdfdetach pdffonts pdftoppm qpdf zbarimg; do
	command -v "$t" >/dev/null || skip "$t missing (scripts/install-deps)"
done

op="Zoë Müller-Łukasz 李雷"
"$WIPE" identity create "$T/id" --org "Test Clinic" --operator "$op" \
	--title "IT technician" --location "Room 4" --phone "+1 555 0100" 2>/dev/null
truncate -s 2M "$T/d.img"
erase --yes --quiet --method zero --asset-tag "A-77" --source "Ward 3" \
	--classification "PHI" --destination recycling --notes "lot 9" "$T/d.img" >/dev/null
cert=$(ls "$T"/certs/*.json)
id=$(jget "$cert" 'd["id"]')
sha=$(sha256sum "$cert" | cut -d' ' -f1)

"$WIPE" cert pdf --identity "$T/id" "$cert" -o "$T/c.pdf" >"$T/out" || fail "cert pdf"
[ "$(cat "$T/out")" = "$T/c.pdf" ] || fail "prints the path: $(cat "$T/out")"
qpdf --check "$T/c.pdf" >"$T/qpdf" 2>&1 || fail "qpdf --check: $(cat "$T/qpdf")"
grep -q "No syntax or stream encoding errors" "$T/qpdf" || fail "qpdf clean"
[ "$(pdfinfo "$T/c.pdf" | sed -n 's/^Pages: *//p')" = 1 ] || fail "one page"
pdftotext "$T/c.pdf" "$T/c.txt" 2>"$T/err"
[ ! -s "$T/err" ] || fail "pdftotext warns: $(cat "$T/err")"
tr -s ' \n' '  ' <"$T/c.txt" >"$T/c.flat"
[ "$(jget "$cert" 'len(d["standards"])')" -ge 1 ] || fail "the certificate claims a standard"
for v in "RESULT: SUCCESS" "$op" "IT technician" "Test Clinic" "Room 4" \
	"+1 555 0100" "A-77" "Ward 3" "PHI" "recycling" "lot 9" "$id" "$sha" \
	"Person performing sanitization" "Media information" \
	"Sanitization details" "Verification" "clear" "overwrite" "zero" \
	"passed" "$(jget "$cert" '"; ".join(d["standards"])')" \
	"2097152 bytes" "none: the first certificate of this identity" \
	"$(jget "$cert" 'd["sanitization"]["started_at"]')" \
	"$(jget "$cert" 'd["issued_at"]')" "I attest that the information"; do
	grep -qF -- "$v" "$T/c.flat" || fail "pdftotext lacks '$v'"
done
# every font embedded (emb column), and one of them for the CJK name
pdffonts "$T/c.pdf" | tail -n +3 >"$T/fonts"
[ "$(wc -l <"$T/fonts")" -ge 3 ] || fail "fonts: $(cat "$T/fonts")"
awk '{ if ($(NF-4) != "yes") exit 1 }' "$T/fonts" || fail "a font not embedded: $(cat "$T/fonts")"
grep -q "WenQuanYi\|DroidSans" "$T/fonts" || fail "no CJK font for 李雷"
# the attachments: byte-identical, and enough for stock openssl
pdfdetach -list "$T/c.pdf" >"$T/list"
grep -qx "1: $id.json" "$T/list" || fail "attachment names: $(cat "$T/list")"
grep -qx "2: $id.json.p7s" "$T/list" || fail "signature attached"
mkdir "$T/x"
pdfdetach -saveall -o "$T/x" "$T/c.pdf"
cmp "$T/x/$id.json" "$cert" || fail "JSON differs"
cmp "$T/x/$id.json.p7s" "$cert.p7s" || fail ".p7s differs"
openssl cms -verify -binary -inform DER -in "$T/x/$id.json.p7s" \
	-content "$T/x/$id.json" -CAfile "$T/id/cert.pem" -purpose any \
	-out /dev/null 2>/dev/null || fail "openssl rejects the detached pair"
# the QR code
pdftoppm -r 150 -png "$T/c.pdf" "$T/page"
qr=$(zbarimg --raw -q "$T"/page-1.png 2>/dev/null) || fail "no QR code decoded"
[ "$qr" = "sanitas.certificate id=$id sha256=$sha" ] || fail "QR says '$qr'"
"$WIPE" cert pdf --identity "$T/id" --verify-url "https://certs.example.org/v" \
	"$cert" -o "$T/u.pdf" >/dev/null
pdftoppm -r 150 -png "$T/u.pdf" "$T/upage"
qr=$(zbarimg --raw -q "$T"/upage-1.png 2>/dev/null)
[ "$qr" = "https://certs.example.org/v?id=$id&sha256=$sha" ] || fail "URL QR: '$qr'"
# default output name, and the integrity-only warning without an anchor
SANITAS_IDENTITY="$T/none" "$WIPE" cert pdf "$cert" >"$T/out" 2>"$T/err"
[ -s "${cert%.json}.pdf" ] || fail "default FILE"
grep -q "no trust anchor" "$T/err" || fail "warns: $(cat "$T/err")"
pdftotext "${cert%.json}.pdf" - | tr -s ' \n' '  ' | grep -q "NOT checked against a trust anchor" ||
	fail "page says the signer was not checked"
rm "${cert%.json}.pdf"

# a failed certificate, signed by the same identity
python3 - "$cert" "$T/f.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["result"] = "failed"
d["standards"] = []
d["verification"]["result"] = "not-run"
d["sanitization"]["failure_reason"] = "write errors on 2 ranges"
d["sanitization"]["errors"] = [
    {"first_lba": 100, "last_lba": 107, "error": "Input/output error"},
    {"first_lba": 2048, "last_lba": 2055, "error": "Input/output error"}]
open(sys.argv[2], "w").write(json.dumps(d, indent=2) + "\n")
PY
openssl cms -sign -binary -outform DER -nosmimecap -in "$T/f.json" \
	-signer "$T/id/cert.pem" -inkey "$T/id/key.pem" -out "$T/f.json.p7s"
"$WIPE" cert pdf --identity "$T/id" "$T/f.json" -o "$T/f.pdf" >/dev/null || fail "failed cert pdf"
pdftotext "$T/f.pdf" - | tr -s ' \n' '  ' >"$T/f.flat"
for v in "RESULT: FAILED" "NOT shown to be sanitized" "write errors on 2 ranges" \
	"LBA 100-107: Input/output error" "LBA 2048-2055: Input/output error" \
	"none claimed"; do
	grep -qF "$v" "$T/f.flat" || fail "failed PDF lacks '$v'"
done
grep -q "RESULT: SUCCESS" "$T/f.flat" && fail "failed PDF says success"
# the result word is as tall in a failure as in a success, and the top
# line of the page body
h() { pdftotext -bbox "$1" - | awk '/>RESULT:</ { match($0, /yMin="[0-9.]+"/); a = substr($0, RSTART + 6, RLENGTH - 7); match($0, /yMax="[0-9.]+"/); b = substr($0, RSTART + 6, RLENGTH - 7); printf "%.2f\n", b - a; exit }'; }
[ "$(h "$T/c.pdf")" = "$(h "$T/f.pdf")" ] || fail "result size differs: $(h "$T/c.pdf") vs $(h "$T/f.pdf")"
awk -v x="$(h "$T/f.pdf")" 'BEGIN { exit !(x >= 14) }' || fail "result line is small: $(h "$T/f.pdf")"

# a batch: the summary table, then one page each, every file attached
mkdir "$T/b"
cp "$cert" "$cert.p7s" "$T/f.json" "$T/f.json.p7s" "$T/b/"
"$WIPE" cert pdf --batch --identity "$T/id" "$T/b" -o "$T/b.pdf" >/dev/null || fail "batch"
qpdf --check "$T/b.pdf" >/dev/null 2>&1 || fail "batch: qpdf --check"
[ "$(pdfinfo "$T/b.pdf" | sed -n 's/^Pages: *//p')" = 3 ] || fail "batch: summary + 2 pages"
pdftotext -f 1 -l 1 "$T/b.pdf" - | tr -s ' \n' '  ' >"$T/s.flat"
for v in "2 certificate(s): 1 success, 1 failed" "FAILED" "success"; do
	grep -qF "$v" "$T/s.flat" || fail "summary lacks '$v'"
done
pdftotext -f 2 -l 3 "$T/b.pdf" - | grep -c "^RESULT:" | grep -qx 2 || fail "one result per page"
pdfdetach -list "$T/b.pdf" | sed -n 's/^[0-9]*: //p' >"$T/blist"
printf '%s\n' "$id.json" "$id.json.p7s" f.json f.json.p7s | LC_ALL=C sort >"$T/want"
cmp "$T/blist" "$T/want" || fail "batch attachments: $(cat "$T/blist")"
mkdir "$T/bx"
pdfdetach -saveall -o "$T/bx" "$T/b.pdf"
for f in "$id.json" "$id.json.p7s" f.json f.json.p7s; do
	cmp "$T/bx/$f" "$T/b/$f" || fail "batch: $f differs"
done

# refused: tampered (exit 1, nothing written), malformed 65, missing 66
sed 's/"result": "failed"/"result": "success"/' "$T/f.json" >"$T/t.json"
cp "$T/f.json.p7s" "$T/t.json.p7s"
run_rc rc "$WIPE" cert pdf --identity "$T/id" "$T/t.json" -o "$T/t.pdf" 2>"$T/err"
[ "$rc" -eq 1 ] || fail "tampered: exit $rc"
[ ! -e "$T/t.pdf" ] || fail "a PDF of a tampered certificate was written"
grep -q "does not verify" "$T/err" || fail "says why: $(cat "$T/err")"
echo '{"schema": ' >"$T/m.json"
cp "$T/f.json.p7s" "$T/m.json.p7s"
run_rc rc "$WIPE" cert pdf --identity "$T/id" "$T/m.json" 2>/dev/null
[ "$rc" -eq 65 ] || fail "malformed: exit $rc"
run_rc rc "$WIPE" cert pdf --identity "$T/id" "$T/nope.json" 2>/dev/null
[ "$rc" -eq 66 ] || fail "missing: exit $rc"
run_rc rc "$WIPE" cert pdf "$T/certs" 2>/dev/null
[ "$rc" -eq 64 ] || fail "DIR without --batch: exit $rc"
run_rc rc "$WIPE" cert pdf --batch "$T/certs" 2>/dev/null
[ "$rc" -eq 64 ] || fail "--batch without -o: exit $rc"
run_rc rc "$WIPE" cert pdf --identity "$T/id" "$cert" -o "$T/no/such/dir/c.pdf" 2>/dev/null
[ "$rc" -eq 73 ] || fail "unwritable output: exit $rc"
# a batch larger than one node of the page tree (64 kids): 150 signed
# certificates through the real signing path, one page each, every pair
# attached in page order and byte-identical, nothing left beside the PDF
"$(dirname "$WIPE")/bench-cert-gen" "$T/id" "$T/many" 150 >/dev/null || fail "cert-gen"
mkdir "$T/out150"
"$WIPE" cert pdf --batch --identity "$T/id" "$T/many" -o "$T/out150/m.pdf" >/dev/null ||
	fail "batch of 150"
[ "$(ls -A "$T/out150")" = m.pdf ] || fail "left beside the PDF: $(ls -A "$T/out150")"
qpdf --check "$T/out150/m.pdf" >"$T/qpdf150" 2>&1 || fail "150: qpdf --check: $(cat "$T/qpdf150")"
grep -q "No syntax or stream encoding errors" "$T/qpdf150" || fail "150: qpdf clean"
pages=$(pdfinfo "$T/out150/m.pdf" | sed -n 's/^Pages: *//p')
[ "$pages" -gt 150 ] && [ "$(qpdf --show-npages "$T/out150/m.pdf")" = "$pages" ] ||
	fail "150: $pages pages"
pdftotext -f $((pages - 149)) -l "$pages" "$T/out150/m.pdf" - | grep -c "^RESULT:" |
	grep -qx 150 || fail "150: one result per page, the last 150 pages"
(cd "$T/many" && ls *.json | LC_ALL=C sort | sed 'p; s/$/.p7s/') >"$T/want150"
pdfdetach -list "$T/out150/m.pdf" | sed -n 's/^[0-9]*: //p' >"$T/list150"
cmp "$T/list150" "$T/want150" || fail "150: attachments in page order"
mkdir "$T/x150"
pdfdetach -saveall -o "$T/x150" "$T/out150/m.pdf"
for f in $(cat "$T/want150"); do
	cmp -s "$T/x150/$f" "$T/many/$f" || fail "150: $f differs"
done
"$WIPE" cert pdf --help | grep -q "usage: wipe cert pdf" || fail "--help"
echo "ok"
