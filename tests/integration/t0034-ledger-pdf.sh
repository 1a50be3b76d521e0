#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe ledger export --pdf, on SQLite and then on a PostgreSQL server this
# test starts: one batch PDF of the selected certificates read back with
# independent tools: pdftotext finds every id and the summary, pdfdetach
# returns each stored JSON and .p7s byte-identical to the files erase
# made and openssl cms -verify accepts them, qpdf --check is clean; a
# --customer subset holds only its own; two records with one id are
# attached by their SHA-256; a record whose stored bytes no longer hash
# to their key (SQLite, trigger dropped) is refused with nothing written;
# a full file system exits 73 and leaves nothing; no match exits 66; bad
# flags exit 64.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/ledger.bash"

for t in pdftotext pdfdetach pdfinfo qpdf sqlite3; do
	command -v "$t" >/dev/null || skip "$t missing (scripts/install-deps)"
done

make_identity
make_certs 3
truncate -s 1M "$T/odd.img"
erase --yes --quiet --method zero --customer 'Acme "West", Inc' \
	--job LOT-7 "$T/odd.img" >/dev/null
[ "$(ls "$T"/certs/*.json | wc -l)" = 4 ] || fail "4 certificates made"
CA="$T/id/cert.pem"

# pdf_checks PDF N: N certificates, each id in the text, each pair
# attached byte-identical to a file erase made and accepted by openssl
pdf_checks() {
	local pdf=$1 n=$2 x=$1.x c id
	qpdf --check "$pdf" >"$pdf.qpdf" 2>&1 || fail "qpdf --check: $(cat "$pdf.qpdf")"
	grep -q "No syntax or stream encoding errors" "$pdf.qpdf" || fail "qpdf clean"
	[ "$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')" = $((n + 1)) ] ||
		fail "summary + $n pages: $(pdfinfo "$pdf")"
	pdftotext "$pdf" "$pdf.txt" 2>"$pdf.err"
	[ ! -s "$pdf.err" ] || fail "pdftotext warns: $(cat "$pdf.err")"
	grep -q "^$n certificate(s): " "$pdf.txt" || fail "summary counts: $(head -20 "$pdf.txt")"
	mkdir "$x"
	pdfdetach -saveall -o "$x" "$pdf"
	[ "$(ls "$x" | wc -l)" = $((2 * n)) ] || fail "$((2 * n)) attachments: $(ls "$x")"
	for a in "$x"/*.json; do
		id=$(jget "$a" 'd["id"]')
		grep -qF "$id" "$pdf.txt" || fail "pdftotext lacks $id"
		c=
		for f in "$T"/certs/*.json "$T"/twin.json; do
			[ -e "$f" ] && cmp -s "$f" "$a" && c=$f
		done
		[ -n "$c" ] || fail "$(basename "$a") is no certificate erase made"
		cmp "$a.p7s" "$c.p7s" || fail "$(basename "$a").p7s differs"
		openssl cms -verify -binary -inform DER -in "$a.p7s" -content "$a" \
			-CAfile "$CA" -purpose any -out /dev/null 2>/dev/null ||
			fail "openssl rejects $(basename "$a")"
	done
}

pdf_export_checks() {
	local where=$1 d=$T/$2 rc
	L() { "$WIPE" ledger --ledger "$where" "$@"; }
	mkdir "$d"
	L trust add "$CA" >/dev/null || fail "trust add"
	L add "$T/certs" >/dev/null || fail "add"

	L export --pdf "$d/all.pdf" >"$d/out" || fail "export --pdf: $(cat "$d/out")"
	grep -qx "exported 4 certificates to $d/all.pdf" "$d/out" || fail "says what: $(cat "$d/out")"
	pdf_checks "$d/all.pdf" 4
	for c in "$T"/certs/*.json; do
		id=$(jget "$c" 'd["id"]')
		pdfdetach -list "$d/all.pdf" | grep -qx "[0-9]*: $id.json" ||
			fail "$id.json attached by its id"
	done
	[ -z "$(ls -A "$d" | grep -v '^all\.pdf' | grep -v '^out$')" ] ||
		fail "left behind: $(ls -A "$d")"

	# a subset, as --json says
	L export --pdf "$d/acme.pdf" --customer 'Acme "West", Inc' --json >"$d/json" ||
		fail "export --customer"
	[ "$(jget "$d/json" 'd["certificates"]')" = 1 ] || fail "one for Acme: $(cat "$d/json")"
	pdf_checks "$d/acme.pdf" 1
	grep -q 'customer Acme "West", Inc' "$d/acme.pdf.txt" || fail "the title names the filter"

	# two records with one id: both attached, by their SHA-256
	if [ ! -e "$T/twin.json" ]; then
		first=$(grep -l LOT-7 "$T"/certs/*.json)
		sed 's/"LOT-7"/"LOT-8"/' "$first" >"$T/twin.json"
		cmp -s "$first" "$T/twin.json" && fail "the twin differs"
		openssl cms -sign -binary -outform DER -nosmimecap -in "$T/twin.json" \
			-signer "$T/id/cert.pem" -inkey "$T/id/key.pem" -out "$T/twin.json.p7s"
	fi
	L add "$T/twin.json" >/dev/null || fail "the twin is stored"
	L export --pdf "$d/twins.pdf" >/dev/null || fail "export with twins"
	pdf_checks "$d/twins.pdf" 5
	[ "$(pdfdetach -list "$d/twins.pdf" | grep -c ': [0-9a-f]\{64\}\.json$')" = 2 ] ||
		fail "twins by SHA-256: $(pdfdetach -list "$d/twins.pdf")"

	# nothing matches; usage
	run_rc rc L export --pdf "$d/none.pdf" --job nosuch 2>"$d/err"
	[ "$rc" -eq 66 ] && [ ! -e "$d/none.pdf" ] || fail "no match: exit $rc $(cat "$d/err")"
	for args in "export --pdf" "export --pdf $d/u.pdf --bundle $d/u.tar" \
		"export --verify-url http://x --bundle $d/u.tar" "export --pdf $d/u.pdf x"; do
		run_rc rc "$WIPE" ledger --ledger "$where" $args 2>"$d/err"
		[ "$rc" -eq 64 ] || fail "'$args': exit $rc $(cat "$d/err")"
	done
	[ ! -e "$d/u.pdf" ] || fail "a refused export wrote"
}

pdf_export_checks "$T/ledger.db" sqlite

# a file system too small for the PDF: exit 73, says why, nothing left
mkdir "$T/small"
if mount -t tmpfs -o size=64k tmpfs "$T/small" 2>/dev/null; then
	MOUNTS+=("$T/small")
	run_rc rc "$WIPE" ledger --ledger "$T/ledger.db" export --pdf "$T/small/b.pdf" 2>"$T/err"
	[ "$rc" -eq 73 ] || fail "export --pdf to a full file system: exit $rc $(cat "$T/err")"
	grep -q "No space left on device" "$T/err" || fail "says why: $(cat "$T/err")"
	[ -z "$(ls -A "$T/small")" ] || fail "a failed export left: $(ls -A "$T/small")"
fi

# stored bytes that no longer hash to their key: refused, nothing written
sha=$(sha256sum "$(ls "$T"/certs/*.json | head -1)" | cut -d' ' -f1)
sqlite3 "$T/ledger.db" "DROP TRIGGER certificates_no_update;
	UPDATE certificates SET json = CAST(replace(CAST(json AS TEXT), 'zero', 'Zero') AS BLOB) WHERE sha256 = '$sha'"
run_rc rc "$WIPE" ledger --ledger "$T/ledger.db" export --pdf "$T/bad.pdf" 2>"$T/err"
[ "$rc" -eq 65 ] || fail "tampered record: exit $rc $(cat "$T/err")"
grep -q "$sha.*does not hash to its key" "$T/err" || fail "names the record: $(cat "$T/err")"
[ ! -e "$T/bad.pdf" ] && [ -z "$(ls -A "$T" | grep '^\.' || true)" ] ||
	fail "a refused export left: $(ls -A "$T")"

pg_start
pdf_export_checks "$LEDGER_URI" postgres
