#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe ledger report on SQLite and on a PostgreSQL server this test
# starts: certificates made by real `wipe erase` with and without the
# Appendix G flags (and one signed with every operator field filled), the
# report's counts and per-certificate empty and unknown fields checked
# against what python3 computes from the certificate files themselves;
# filters narrow it, --fail-on-empty, bad flags exit 64, and both back
# ends give the same document.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/ledger.bash"

command -v sqlite3 >/dev/null || skip "no sqlite3"

# expect.py REPORT.json all|gaps CERT.json...: the report against the
# certificates, each evaluated here from its own bytes
cat >"$T/expect.py" <<'EOF'
import hashlib, json, os, sys
FIELDS = [  # key, App. G section, path in the certificate (None: the .p7s)
    ("operator.name", "person"), ("operator.title", "person"),
    ("operator.organization", "person"), ("operator.location", "person"),
    ("operator.phone", "person"),
    ("media.vendor", "media"), ("media.model", "media"),
    ("media.serial", "media"), ("media.property_number", "media"),
    ("media.type", "media"), ("media.source", "media"),
    ("media.classification", "media"), ("media.data_backed_up", "media"),
    ("media.backup_location", "media"),
    ("sanitization.category", "sanitization"),
    ("sanitization.technique", "sanitization"),
    ("sanitization.details", "sanitization"), ("tool.name", "sanitization"),
    ("tool.version", "sanitization"), ("verification.method", "sanitization"),
    ("post_classification", "sanitization"), ("notes", "sanitization"),
    ("destination", "destination"),
    ("attestation", "signature"), ("signature", "signature"),
    ("issued_at", "signature"),
    ("validation.name", "validation"), ("validation.title", "validation"),
    ("validation.organization", "validation"),
    ("validation.location", "validation"), ("validation.phone", "validation"),
    ("validation.signature", "validation"), ("validation.date", "validation"),
]

def state(cert, path, key):
    if key == "signature":
        return "filled" if os.path.getsize(path + ".p7s") > 0 else "empty"
    v = cert
    for k in key.split("."):
        v = v.get(k) if isinstance(v, dict) else None
    if v is None or v in ([], {}):
        return "empty"
    if isinstance(v, str):
        if not v.strip():
            return "empty"
        if v.strip().lower() == "unknown":
            return "unknown"
    return "filled"

rep = json.load(open(sys.argv[1]))
listed = sys.argv[2]
assert rep["schema"] == "sanitas.ledger-report/1", rep["schema"]
assert rep["listed"] == listed, rep["listed"]
assert [(f["key"], f["section"]) for f in rep["fields"]] == FIELDS, rep["fields"]
for f in rep["fields"]:
    assert f["required"] == (f["section"] != "validation"), f
    assert f["path"] == (None if f["key"] == "signature" else f["key"]), f
def bump(d, k):
    k = k if k is not None else "(none)"
    d[k] = d.get(k, 0) + 1
loaded = []
for path in sys.argv[3:]:
    raw = open(path, "rb").read()
    c = json.loads(raw)
    c["_sha"] = hashlib.sha256(raw).hexdigest()
    c["_st"] = {k: state(c, path, k) for k, _ in FIELDS}
    c["_gaps"] = any(c["_st"][k] == "empty" for k, s in FIELDS if s != "validation")
    loaded.append(c)
def count(cs):
    want = {"records": 0, "with_gaps": 0, "by_result": {}, "by_method": {},
            "by_category": {}, "by_station": {},
            "fields": {k: {"empty": 0, "unknown": 0} for k, _ in FIELDS}}
    for c in cs:
        want["records"] += 1
        want["with_gaps"] += c["_gaps"]
        bump(want["by_result"], c["result"])
        bump(want["by_method"], c["sanitization"]["method"])
        bump(want["by_category"], c["sanitization"]["category"])
        bump(want["by_station"], c["tool"]["host"]["hostname"])
        for k, _ in FIELDS:
            if c["_st"][k] in ("empty", "unknown"):
                want["fields"][k][c["_st"][k]] += 1
    return want
want = count(loaded)
certs = {}
for c in loaded:
    if c["_gaps"] or listed == "all":
        certs[c["_sha"]] = {
            "sha256": c["_sha"], "id": c["id"], "issued_at": c["issued_at"],
            "job": c.get("job"), "station": c["tool"]["host"]["hostname"],
            "serial": c["media"]["serial"], "result": c["result"],
            "method": c["sanitization"]["method"],
            "category": c["sanitization"]["category"], "gaps": c["_gaps"],
            "empty": [k for k, _ in FIELDS if c["_st"][k] == "empty"],
            "unknown": [k for k, _ in FIELDS if c["_st"][k] == "unknown"]}
got = rep["summary"]
assert got == want, "summary:\n%s\nwant:\n%s" % (json.dumps(got), json.dumps(want))
# validation is never filled: no countersignature exists yet
for k, s in FIELDS:
    if s == "validation":
        assert got["fields"][k]["empty"] == want["records"], k
# one group per job, in job (byte) order, the records without one last,
# each counted as the whole is
jobs = sorted({c.get("job") for c in loaded}, key=lambda j: (j is None, (j or "").encode()))
assert [g["job"] for g in rep["jobs"]] == jobs, [g["job"] for g in rep["jobs"]]
for g in rep["jobs"]:
    w = count([c for c in loaded if c.get("job") == g["job"]])
    g = dict(g); del g["job"]
    assert g == w, "job group:\n%s\nwant:\n%s" % (json.dumps(g), json.dumps(w))
got_certs = rep["certificates"]
order = [(x["job"] is None, (x["job"] or "").encode(), x["issued_at"], x["sha256"]) for x in got_certs]
assert order == sorted(order), "job, then issue order"
assert {x["sha256"]: x for x in got_certs} == certs, \
    "certificates:\n%s\nwant:\n%s" % (json.dumps(got_certs), json.dumps(certs))
assert len(got_certs) == len(certs)
EOF

# the certificates: one identity with a full profile, one with only the
# name and organisation; with and without the Appendix G flags
make_identity
"$WIPE" identity create "$T/id2" --org "Test Clinic" --operator "Bo Second" 2>/dev/null
img() { truncate -s 1M "$T/$1.img"; echo "$T/$1.img"; }
erase --yes --quiet --method zero "$(img plain)" >/dev/null
erase --yes --quiet --method zero --customer "Acme Ltd" --job "LOT-7" \
	--asset-tag A-2 --source "PC 7" \
	--classification internal --data-backed-up yes --backup-location "vault 3" \
	--destination recycling --post-classification public --notes "routine" \
	"$(img flags)" >/dev/null
erase --yes --quiet --method one --customer "Acme Ltd" --job "LOT-7" \
	--asset-tag A-3 --data-backed-up unknown \
	--destination other --operator "Cy Override" "$(img unknown)" >/dev/null
"$WIPE" erase --identity "$T/id2" --cert-dir "$T/certs" --state-dir "$T/state" \
	--yes --quiet --method random --verify sample --customer Zeta --job "ALPHA 1" \
	"$(img second)" >/dev/null
# a certificate with every field the operator fills, as for a drive that
# reports its vendor, model and serial: a real one completed and signed
# with the trusted identity's key
base=$(grep -l '"property_number": "A-2"' "$T"/certs/*.json)
python3 - "$base" "$T/full.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["id"] = "00000000-0000-4000-8000-000000000001"
assert c["media"]["property_number"] == "A-2", sys.argv[1]
c["media"].update(vendor="ACME", model="Drive 9", serial="SN-FULL",
                  property_number="A-9", source="PC 9", classification="internal",
                  data_backed_up="no", backup_location="none needed")
c.update(destination="internal-reuse", post_classification="public", notes="full")
open(sys.argv[2], "w").write(json.dumps(c, indent=2) + "\n")
EOF
openssl cms -sign -binary -outform DER -nosmimecap -in "$T/full.json" \
	-signer "$T/id/cert.pem" -inkey "$T/id/key.pem" -out "$T/full.json.p7s"
cp "$T/full.json" "$T/full.json.p7s" "$T/certs/"
mapfile -t CERTS < <(ls "$T"/certs/*.json)
[ "${#CERTS[@]}" = 5 ] || fail "5 certificates: ${CERTS[*]}"
[ "$(jget "$T/certs/full.json" 'd["media"]["serial"]')" = SN-FULL ] || fail "full cert"

# report_checks WHERE: the report every back end must give
report_checks() {
	local where=$1 rc since
	L() { "$WIPE" ledger --ledger "$where" "$@"; }
	L trust add "$T/id/cert.pem" "$T/id2/cert.pem" >/dev/null || fail "trust"
	# an empty ledger: a report of nothing, exit 0
	L report --json >"$T/r.json" || fail "empty report"
	python3 "$T/expect.py" "$T/r.json" gaps || fail "empty report: $(cat "$T/r.json")"
	L add "$T/certs" >"$T/out" || fail "add: $(cat "$T/out")"
	grep -q "^5 stored" "$T/out" || fail "add: $(cat "$T/out")"
	# the whole ledger: gaps are reported, and that is not a failure
	L report --json >"$T/r.json" || fail "report --json"
	python3 "$T/expect.py" "$T/r.json" gaps "${CERTS[@]}" || fail "report --json differs"
	[ "$(jget "$T/r.json" 'len(d["certificates"])')" = 4 ] ||
		fail "the full certificate is not listed by default"
	[ "$(jget "$T/r.json" 'd["summary"]["fields"]["media.data_backed_up"]')" = "{'empty': 2, 'unknown': 1}" ] ||
		fail "unknown is counted apart from empty: $(jget "$T/r.json" 'd["summary"]["fields"]["media.data_backed_up"]')"
	[ "$(jget "$T/r.json" 'd["summary"]["fields"]["operator.title"]["empty"]')" = 1 ] ||
		fail "the second identity has no title"
	L report --json --all >"$T/r.json" || fail "report --all"
	python3 "$T/expect.py" "$T/r.json" all "${CERTS[@]}" || fail "report --all differs"
	cp "$T/r.json" "$T/all-$2.json"
	# the human report: the same numbers
	L report >"$T/r.txt" || fail "report"
	grep -qx "ledger report: 5 records, 4 with empty required fields" "$T/r.txt" ||
		fail "summary line: $(head -3 "$T/r.txt")"
	grep -qE "^  result: success 5$" "$T/r.txt" || fail "result line: $(cat "$T/r.txt")"
	grep -qE "^  method: one 1, random 1, zero 3$" "$T/r.txt" || fail "method line"
	grep -qE "^  station: $(hostname) 5$" "$T/r.txt" || fail "station line"
	grep -qE "^media\.data_backed_up +media +2 +1  Data Backed Up$" "$T/r.txt" ||
		fail "field line: $(grep data_backed "$T/r.txt")"
	grep -qE "^validation\.signature +validation +5 +0  Signature \(not required\)$" "$T/r.txt" ||
		fail "validation is empty"
	[ "$(sed -n '/^certificates with empty required fields:$/,$p' "$T/r.txt" | grep -c '^  empty: ')" = 4 ] || fail "4 certificates listed"
	sha=$(sha256sum "$T/certs/full.json" | cut -d' ' -f1)
	! grep -q "$sha" "$T/r.txt" || fail "the full certificate listed without --all"
	L report --all | sed -n '/^certificates:$/,$p' | grep -A1 "  $sha  " | tail -1 >"$T/line"
	[ "$(cat "$T/line")" = "  empty: $(python3 -c 'import json,sys; print(", ".join(next(c for c in json.load(open(sys.argv[1]))["certificates"] if c["sha256"] == sys.argv[2])["empty"]))' "$T/all-$2.json" "$sha")" ] ||
		fail "the full certificate's empty fields: $(cat "$T/line")"
	# filters narrow it, exactly as find's do
	L report --json --method zero >"$T/r.json" || fail "--method"
	mapfile -t zero < <(for c in "${CERTS[@]}"; do
		[ "$(jget "$c" 'd["sanitization"]["method"]')" = zero ] && echo "$c"; done)
	python3 "$T/expect.py" "$T/r.json" gaps "${zero[@]}" || fail "--method zero"
	L report --json --asset-tag A-3 --all >"$T/r.json" || fail "--asset-tag"
	python3 "$T/expect.py" "$T/r.json" all "$T/certs/$(jget "$T/r.json" 'd["certificates"][0]["id"]').json" ||
		fail "--asset-tag A-3"
	[ "$(jget "$T/r.json" 'd["certificates"][0]["unknown"]')" = "['media.data_backed_up']" ] ||
		fail "A-3 says unknown"
	L report --json --operator "Bo Second" >"$T/r.json" || fail "--operator"
	[ "$(jget "$T/r.json" 'd["summary"]["records"]')" = 1 ] || fail "--operator: 1"
	# per job: --job narrows to one, --customer to its jobs
	mapfile -t lot7 < <(grep -l '"job": "LOT-7"' "${CERTS[@]}")
	[ "${#lot7[@]}" = 3 ] || fail "3 certificates of LOT-7"
	L report --json --job LOT-7 >"$T/r.json" || fail "--job"
	python3 "$T/expect.py" "$T/r.json" gaps "${lot7[@]}" || fail "--job LOT-7"
	[ "$(jget "$T/r.json" 'd["selection"]["job"]')" = LOT-7 ] || fail "--job stated"
	L report --json --customer "Acme Ltd" --all >"$T/r.json" || fail "--customer"
	python3 "$T/expect.py" "$T/r.json" all "${lot7[@]}" || fail "--customer Acme Ltd"
	L report >"$T/r.txt"
	grep -qx "job ALPHA 1: 1 records, 1 with empty required fields" "$T/r.txt" ||
		fail "job ALPHA 1 line: $(cat "$T/r.txt")"
	grep -qx "job LOT-7: 3 records, 2 with empty required fields" "$T/r.txt" ||
		fail "job LOT-7 line"
	grep -qx "(no job): 1 records, 1 with empty required fields" "$T/r.txt" ||
		fail "no-job line"
	[ "$(grep "^job \|^(no job)" "$T/r.txt" | cut -c1-9 | tr "\n" "|")" = "job ALPHA|job LOT-7|(no job):|" ] ||
		fail "job order"
	L report --json --since 2999-01-01 >"$T/r.json" || fail "--since"
	python3 "$T/expect.py" "$T/r.json" gaps || fail "--since the future"
	[ "$(jget "$T/r.json" 'd["selection"]["since"]')" = 2999-01-01T00:00:00Z ] ||
		fail "the selection is stated"
	# --fail-on-empty: 1 when a required field is empty, else 0
	run_rc rc L report --fail-on-empty >/dev/null 2>"$T/err"
	[ "$rc" -eq 1 ] || fail "--fail-on-empty: exit $rc"
	grep -q "4 of 5 records have empty required fields" "$T/err" || fail "says why: $(cat "$T/err")"
	L report --fail-on-empty --serial SN-FULL --json >"$T/r.json" ||
		fail "--fail-on-empty with no gaps"
	python3 "$T/expect.py" "$T/r.json" gaps "$T/certs/full.json" || fail "SN-FULL"
	# misuse: 64, before the ledger is touched
	for bad in "--bogus" "--since yesterday" "extra" "--limit 5" "--json=x"; do
		# shellcheck disable=SC2086
		run_rc rc L report $bad 2>"$T/err"
		[ "$rc" -eq 64 ] || fail "report $bad: exit $rc"
		grep -q "Try" "$T/err" || fail "report $bad: no hint: $(cat "$T/err")"
	done
}

DB="$T/ledger.db"
report_checks "$DB" sqlite
# a stored record that is not a JSON object (bytes changed behind the
# append-only trigger): the report names it and fails with 65
cp "$DB" "$T/bad.db"
sqlite3 "$T/bad.db" "DROP TRIGGER certificates_no_update; UPDATE certificates SET json = CAST('[1]' AS BLOB) WHERE sha256 = '$sha'"
run_rc rc "$WIPE" ledger --ledger "$T/bad.db" report 2>"$T/err" >/dev/null
[ "$rc" -eq 65 ] || fail "a broken record: exit $rc $(cat "$T/err")"
grep -q "record $sha" "$T/err" && grep -q "wipe ledger verify" "$T/err" ||
	fail "names the record: $(cat "$T/err")"

pg_start
report_checks "$LEDGER_URI" pg
# the same certificates, the same document, on either back end
cmp -s "$T/all-sqlite.json" "$T/all-pg.json" ||
	fail "back ends differ: $(diff "$T/all-sqlite.json" "$T/all-pg.json" | head)"
