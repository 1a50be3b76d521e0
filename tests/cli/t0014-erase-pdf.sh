#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe erase --pdf: each certificate also rendered as <id>.pdf beside it,
# named in the JSON result; the PDF carries that certificate's bytes.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
for t in pdftotext pdfdetach qpdf; do
	command -v "$t" >/dev/null || skip "$t missing (scripts/install-deps)"
done

make_identity
truncate -s 1M "$T/a.img"
truncate -s 1M "$T/b.img"
erase --yes --quiet --method zero --pdf --json "$T/a.img" "$T/b.img" >"$T/out" ||
	fail "erase --pdf: $(cat "$T/out")"
python3 - "$T/out" <<'PY' || fail "JSON names each PDF"
import json, os, sys
d = json.load(open(sys.argv[1]))
assert len(d["jobs"]) == 2
for j in d["jobs"]:
    assert j["pdf"] == j["certificate"][:-5] + ".pdf", j
    assert os.path.getsize(j["pdf"]) > 0
PY
for c in "$T"/certs/*.json; do
	p=${c%.json}.pdf
	qpdf --check "$p" >/dev/null 2>&1 || fail "qpdf --check $p"
	pdftotext "$p" - | grep -qF "$(jget "$c" 'd["id"]')" || fail "$p names its id"
	mkdir -p "$T/x"
	pdfdetach -saveall -o "$T/x" "$p"
	cmp "$T/x/$(basename "$c")" "$c" || fail "$p carries its JSON"
done
# without --pdf, no PDF
truncate -s 1M "$T/c.img"
erase --yes --quiet --method zero "$T/c.img" >/dev/null
[ "$(ls "$T"/certs/*.pdf | wc -l)" -eq 2 ] || fail "a PDF without --pdf"
echo ok
