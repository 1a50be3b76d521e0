#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAKE_NOW / SANITAS_FAULT; see docs/HACKING.md)
# notify.draft writes each notice as a PDF letter beside its Markdown. The
# California letter (Cal. Civ. Code 1798.82(d)): pdftotext shows the title
# "Notice of Data Breach" and the five headings in the prescribed order;
# the point sizes, from pdftotext -bbox heights and the embedded font's
# own ascent and descent, are at least 10 for the body with headings
# larger and the title larger still. The HIPAA letter carries every word
# of its draft in order, placeholders included; the letterhead is the
# playbook's organization and contact; the PDFs are sealed case files.
. "$SRCDIR/tests/lib/contain.bash"
for t in pdftotext pdffonts qpdf; do
	command -v "$t" >/dev/null || { echo "SKIP: $t missing" >&2; exit 77; }
done
ct_setup
export SANITAS_FAKE_NOW=1800000000
C=$CASES/portal
ct_portal_case "$C"
N=$C/notices
for md in "$N"/*.md; do
	case $(basename "$md") in summary.md) continue ;; esac
	p=${md%.md}.pdf
	[ -s "$p" ] || ct_fail "no letter for $(basename "$md")"
	qpdf --check "$p" >/dev/null 2>&1 || ct_fail "qpdf --check $p"
	grep -q "  notices/$(basename "$p")\$" "$C/SHA256SUMS" || ct_fail "$p not sealed"
done
"$BIN/respond" verify "$C" >/dev/null || ct_fail "case with letters does not verify"
$PY - "$C/case.json" <<'PY' || ct_fail "step outputs name the PDFs"
import json, sys
c = json.load(open(sys.argv[1]))
files = [s for s in c["steps"] if s["action"] == "notify.draft"][0]["outputs"]["files"]
assert "notices/ca-residents.pdf" in files and "notices/hipaa-individuals.pdf" in files, files
PY
pdffonts "$N/ca-residents.pdf" | tail -n +3 | awk '{ if ($(NF-4) != "yes") exit 1 }' ||
	ct_fail "a font is not embedded"

# the California letter: title and headings in order
pdftotext "$N/ca-residents.pdf" "$T/ca.txt" 2>"$T/err"
[ ! -s "$T/err" ] || ct_fail "pdftotext warns: $(cat "$T/err")"
grep -q "Example Clinic" "$T/ca.txt" && grep -q "+1-800-555-0100" "$T/ca.txt" ||
	ct_fail "letterhead"
last=0
for h in "Notice of Data Breach" "What Happened" "What Information Was Involved" \
	"What We Are Doing" "What You Can Do" "For More Information"; do
	n=$(grep -nx "$h" "$T/ca.txt" | head -1 | cut -d: -f1)
	[ -n "$n" ] && [ "$n" -gt "$last" ] || ct_fail "'$h' missing or out of order"
	last=$n
done
# point sizes: bbox height / ((ascent - descent) / unitsPerEm) of the font
pdftotext -bbox "$N/ca-residents.pdf" "$T/ca.html"
$PY - "$T/ca.html" /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf <<'PY' || ct_fail "font sizes"
import re, struct, sys
html, ttf = open(sys.argv[1]).read(), open(sys.argv[2], "rb").read()
n = struct.unpack(">H", ttf[4:6])[0]
tab = {ttf[12 + 16 * i:16 + 16 * i].decode(): struct.unpack(">I", ttf[20 + 16 * i:24 + 16 * i])[0] for i in range(n)}
upem = struct.unpack(">H", ttf[tab["head"] + 18:tab["head"] + 20])[0]
asc, desc = struct.unpack(">hh", ttf[tab["hhea"] + 4:tab["hhea"] + 8])
k = (asc - desc) / upem
words = [(w, (float(b) - float(a)) / k) for a, b, w in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', html)]
def size(word):
    return next(s for w, s in words if w == word)
title = size("Notice")
heads = [size(w) for w in ("Happened", "Involved", "Doing", "Can", "More")]
body = [s for w, s in words if w in ("readable", "types", "endpoint", "questions")]
assert len(body) == 4, body
print("title %.1f headings %s body %s" % (title, heads, body))
assert min(body) >= 10, body
assert min(heads) > max(body), (heads, body)
assert title > max(heads), title
PY

# the HIPAA letter: every word of its draft's letter, in order
pdftotext "$N/hipaa-individuals.pdf" "$T/h.txt"
$PY - "$N/hipaa-individuals.md" "$T/h.txt" <<'PY' || ct_fail "HIPAA letter differs from its draft"
import re, sys
md = open(sys.argv[1]).read()
letter = md[md.index("\n## ") + 1:]
notes = md[:md.index("\n## ")]
want = re.sub(r"(^|\n)(## |- )", r"\1", letter).replace("**", "").split()
got = open(sys.argv[2]).read().replace("\u2022", " ").split()
i = 0
for w in got:
    if i < len(want) and w == want[i]:
        i += 1
assert i == len(want), "stopped at %r (word %d of %d)" % (want[i], i, len(want))
assert "TO BE COMPLETED" in letter
PY
grep -q "Notes for counsel (not part of the letter)" "$T/h.txt" || ct_fail "counsel notes page"
grep -q "DRAFT prepared by respond notify.draft" "$T/h.txt" || ct_fail "draft footer"
echo ok
