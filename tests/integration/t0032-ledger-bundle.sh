#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe ledger export and verify-bundle, on SQLite and then on a PostgreSQL
# server this test starts: the tar checked with bsdtar, sha256sum -c,
# openssl cms -verify, cmp against the files erase made and python3 csv;
# --since/--until, --customer and --job subsets that start mid-chain; two
# records with one id both named by their SHA-256; an index.csv that lies
# under a re-signed list; a flipped certificate
# byte, a flipped SHA256SUMS byte, a removed member and a '../x' member
# caught; a failed export leaves nothing; bad flags exit 64.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"
. "$SRCDIR/tests/lib/ledger.bash"

command -v bsdtar >/dev/null || skip "no bsdtar"
command -v sqlite3 >/dev/null || skip "no sqlite3"

# the certificates, in three batches a second apart (issue times differ)
make_identity
make_certs 2
sleep 1.1
truncate -s 1M "$T/odd.img"
erase --yes --quiet --method zero --asset-tag 'A,"q"' \
	--customer 'Acme "West", Inc' --job LOT-7 "$T/odd.img" >/dev/null
make_certs 1
sleep 1.1
make_certs 2
[ "$(ls "$T"/certs/*.json | wc -l)" = 6 ] || fail "6 certificates made"
CA="$T/id/cert.pem"
# the chain in issue order, one "ID SHA256 ISSUED_AT" line each (two made
# in one second may sort either way by time: the links tell)
python3 - "$T/certs" >"$T/chain" <<'EOF'
import glob, hashlib, json, os, sys
by_prev = {}
for p in glob.glob(os.path.join(sys.argv[1], "*.json")):
    b = open(p, "rb").read()
    d = json.loads(b)
    by_prev[d["previous_sha256"]] = (d["id"], hashlib.sha256(b).hexdigest(), d["issued_at"])
prev = None
while prev in by_prev:
    c = by_prev.pop(prev)
    print(*c)
    prev = c[1]
assert not by_prev, by_prev
EOF
[ "$(wc -l <"$T/chain")" = 6 ] || fail "one chain of 6: $(cat "$T/chain")"
chain() { sed -n "$1p" "$T/chain" | cut -d' ' -f"$2"; }

# the members an export of the certificates issued in [$1, $2] must hold
expected() {
	python3 - "$T/certs" "$1" "$2" <<'EOF'
import glob, hashlib, json, os, sys
rows = []
for p in glob.glob(os.path.join(sys.argv[1], "*.json")):
    b = open(p, "rb").read()
    d = json.loads(b)
    if sys.argv[2] <= d["issued_at"] <= sys.argv[3]:
        rows.append((d["issued_at"], hashlib.sha256(b).hexdigest(), d["id"]))
for _, _, i in sorted(rows):
    print(i + ".json")
    print(i + ".json.p7s")
print("index.csv\nSHA256SUMS\nSHA256SUMS.p7s")
EOF
}

# rebuild DIR's members (in the order of the list file $2) into tar $3
repack() { (cd "$1" && bsdtar -cf "$3" $(cat "$2")); }

bundle_checks() {
	local where=$1 d=$T/$2 rc name first
	L() { "$WIPE" ledger --ledger "$where" "$@"; }
	mkdir "$d"
	L trust add "$CA" >/dev/null || fail "trust add"
	L add "$T/certs" >/dev/null || fail "add"

	# everything
	L export --bundle "$d/all.tar" --identity "$T/id" >"$d/out" ||
		fail "export: $(cat "$d/out")"
	grep -q "^exported 6 certificates to $d/all.tar " "$d/out" ||
		fail "export says what: $(cat "$d/out")"
	bsdtar -tf "$d/all.tar" >"$d/list"
	expected 0 9 >"$d/want"
	diff "$d/want" "$d/list" >/dev/null ||
		fail "members: $(diff "$d/want" "$d/list")"
	mkdir "$d/x"
	(cd "$d/x" && bsdtar -xf "$d/all.tar" && sha256sum -c --quiet SHA256SUMS) ||
		fail "sha256sum -c"
	[ "$(wc -l <"$d/x/SHA256SUMS")" = 13 ] || fail "SHA256SUMS covers 13 members"
	openssl cms -verify -binary -inform DER -in "$d/x/SHA256SUMS.p7s" \
		-content "$d/x/SHA256SUMS" -CAfile "$CA" -purpose any \
		-out /dev/null 2>/dev/null || fail "openssl cms -verify of SHA256SUMS"
	for c in "$T"/certs/*.json; do
		name=$(jget "$c" 'd["id"]').json
		cmp -s "$c" "$d/x/$name" || fail "$name differs from the original"
		cmp -s "$c.p7s" "$d/x/$name.p7s" || fail "$name.p7s differs"
	done
	python3 - "$d/x/index.csv" "$T/certs" <<'EOF' || fail "index.csv"
import csv, glob, hashlib, json, os, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
assert head[:14] == ["id", "sha256", "issued_at", "station", "serial",
    "model", "asset_tag", "result", "method", "category", "operator", "org",
    "customer", "job"], head
rows = [dict(zip(head, r)) for r in rows[1:]]
files = glob.glob(os.path.join(sys.argv[2], "*.json"))
assert len(rows) == len(files) == 6, len(rows)
for p in files:
    b = open(p, "rb").read()
    d = json.loads(b)
    r = [r for r in rows if r["id"] == d["id"]]
    assert len(r) == 1, d["id"]
    r = r[0]
    assert r["sha256"] == hashlib.sha256(b).hexdigest()
    assert r["issued_at"] == d["issued_at"]
    assert r["asset_tag"] == d["media"]["property_number"], r
    assert r["station"] == d["tool"]["host"]["hostname"]
    assert (r["result"], r["method"], r["category"]) == ("success", "zero", "clear")
    assert (r["operator"], r["org"]) == ("Ada Tester", "Test Clinic")
    assert r["file"] == d["id"] + ".json"
    assert r["customer"] == (d.get("customer") or ""), r
    assert r["job"] == (d.get("job") or ""), r
odd = [r for r in rows if r["asset_tag"] == 'A,"q"']
assert len(odd) == 1 and odd[0]["customer"] == 'Acme "West", Inc', odd
assert odd[0]["job"] == "LOT-7", odd
assert sorted(rows, key=lambda r: (r["issued_at"], r["sha256"])) == rows
EOF
	"$WIPE" ledger verify-bundle "$d/all.tar" --trust "$CA" >"$d/out" ||
		fail "verify-bundle: $(cat "$d/out")"
	grep -q "^15 members, 6 certificates, 1 identities, signed by /O=Test Clinic/.*CN=Ada Tester: the bundle is whole$" "$d/out" ||
		fail "verify-bundle says: $(cat "$d/out")"
	# the ledger's anchors serve as well, and --json is one document
	L verify-bundle "$d/all.tar" --json >"$d/v.json" || fail "verify-bundle --ledger"
	[ "$(jget "$d/v.json" 'd["schema"], d["ok"], d["counts"]["certificates"], d["problems"], d["starts_after"]')" = "sanitas.ledger-bundle-verify/1 True 6 [] []" ] ||
		fail "verify-bundle --json: $(cat "$d/v.json")"

	# a subset: the middle batch alone starts after a certificate it lacks
	L export --bundle "$d/mid.tar" --identity "$T/id" --since "$(chain 3 3)" \
		--until "$(chain 4 3)" >/dev/null || fail "export --since --until"
	expected "$(chain 3 3)" "$(chain 4 3)" >"$d/want-mid"
	bsdtar -tf "$d/mid.tar" | diff "$d/want-mid" - >/dev/null || fail "subset members"
	[ "$(wc -l <"$d/want-mid")" = 7 ] || fail "the 2 certificates of the middle batch"
	"$WIPE" ledger verify-bundle "$d/mid.tar" --trust "$CA" >"$d/out" ||
		fail "a subset is whole: $(cat "$d/out")"
	[ "$(grep -c "^starts after " "$d/out")" = 1 ] || fail "starts after, once: $(cat "$d/out")"
	grep -q "^starts after $(chain 2 2): $(chain 3 1).json " "$d/out" ||
		fail "starts after its predecessor: $(cat "$d/out")"
	grep -q "the bundle is whole" "$d/out" || fail "whole: $(cat "$d/out")"
	# one customer's: the certificate made for Acme alone, mid-chain
	L export --bundle "$d/acme.tar" --identity "$T/id" --customer 'Acme "West", Inc' >"$d/out" ||
		fail "export --customer: $(cat "$d/out")"
	[ "$(bsdtar -tf "$d/acme.tar" | tr '\n' ' ')" = "$(chain 3 1).json $(chain 3 1).json.p7s index.csv SHA256SUMS SHA256SUMS.p7s " ] ||
		fail "the customer's members: $(bsdtar -tf "$d/acme.tar")"
	"$WIPE" ledger verify-bundle "$d/acme.tar" --trust "$CA" >"$d/out" ||
		fail "the customer's bundle is whole: $(cat "$d/out")"
	grep -q "^starts after $(chain 2 2): $(chain 3 1).json " "$d/out" ||
		fail "the customer's bundle starts after: $(cat "$d/out")"
	L export --bundle "$d/none.tar" --identity "$T/id" --customer Nobody >/dev/null ||
		fail "export of no one's"
	[ "$(bsdtar -tf "$d/none.tar" | wc -l)" = 3 ] || fail "no one's bundle"
	L export --bundle "$d/none.tar" --identity "$T/id" --since 2999-01-01 >/dev/null || fail "empty export"
	[ "$(bsdtar -tf "$d/none.tar" | tr '\n' ' ')" = "index.csv SHA256SUMS SHA256SUMS.p7s " ] || fail "empty bundle"

	# a flipped byte in a certificate: both stock tools and ours see it
	name=$(chain 3 1).json
	cp -a "$d/x" "$d/y"
	sed -i 's/"Ada Tester"/"Ada Tester!"/' "$d/y/$name"
	repack "$d/y" "$d/list" "$d/bad.tar"
	(cd "$d/y" && sha256sum -c --quiet SHA256SUMS >/dev/null 2>&1) && fail "sha256sum -c passed a flipped byte"
	run_rc rc "$WIPE" ledger verify-bundle "$d/bad.tar" --trust "$CA" >"$d/out"
	[ "$rc" -eq 1 ] || fail "flipped certificate: exit $rc: $(cat "$d/out")"
	grep -q "^mismatch $name: SHA256SUMS lists " "$d/out" || fail "names the member: $(cat "$d/out")"
	grep -q "^certificate $name: .*does not match the signature" "$d/out" ||
		fail "and its signature: $(cat "$d/out")"
	# a flipped byte in SHA256SUMS: its signature fails
	rm -rf "$d/y" && cp -a "$d/x" "$d/y"
	python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[0] = 0x30 if b[0] != 0x30 else 0x31; open(p, "wb").write(b)' "$d/y/SHA256SUMS"
	cmp -s "$d/x/SHA256SUMS" "$d/y/SHA256SUMS" && fail "SHA256SUMS unchanged"
	openssl cms -verify -binary -inform DER -in "$d/y/SHA256SUMS.p7s" \
		-content "$d/y/SHA256SUMS" -CAfile "$CA" -purpose any \
		-out /dev/null 2>/dev/null && fail "openssl passed a flipped SHA256SUMS"
	repack "$d/y" "$d/list" "$d/bad.tar"
	run_rc rc "$WIPE" ledger verify-bundle "$d/bad.tar" --trust "$CA" >"$d/out"
	[ "$rc" -eq 1 ] || fail "flipped SHA256SUMS: exit $rc"
	grep -q "^sums-signature SHA256SUMS.p7s: " "$d/out" || fail "names the signature: $(cat "$d/out")"
	grep -q "^mismatch $(sed -n 1p "$d/want"): " "$d/out" || fail "and the line: $(cat "$d/out")"
	# a signature by someone the anchors do not name
	run_rc rc "$WIPE" ledger verify-bundle "$d/all.tar" --trust "$T/evil/cert.pem" >"$d/out"
	[ "$rc" -eq 1 ] && grep -q "^sums-signature " "$d/out" || fail "untrusted signer: $rc $(cat "$d/out")"
	# a member removed
	grep -vx "$name" "$d/list" >"$d/list-less"
	repack "$d/x" "$d/list-less" "$d/bad.tar"
	run_rc rc "$WIPE" ledger verify-bundle "$d/bad.tar" --trust "$CA" --json >"$d/v.json"
	[ "$rc" -eq 1 ] || fail "removed member: exit $rc"
	[ "$(jget "$d/v.json" '" ".join(sorted(p["kind"] + ":" + p["member"] for p in d["problems"]))')" = "gap:$(chain 4 1).json index:index.csv missing:$name unpaired:$name.p7s" ] ||
		fail "removed member named: $(cat "$d/v.json")"
	jget "$d/v.json" '[p["detail"] for p in d["problems"] if p["kind"] == "index"][0]' |
		grep -q "names $name, which is not a certificate of the bundle" ||
		fail "the index row of the removed one: $(cat "$d/v.json")"
	# an index that says what the certificates do not, under a list
	# re-signed by the exporter itself: only the index check sees it
	rm -rf "$d/y" && cp -a "$d/x" "$d/y"
	name=$(chain 2 1).json
	python3 - "$d/y/index.csv" "$name" "$(chain 1 1).json" <<'EOF'
import csv, io, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
for r in rows:
    if r[-1] == sys.argv[2]:
        r[4] = "FAKE-SERIAL"
rows = [r for r in rows if r[-1] != sys.argv[3]]
out = io.StringIO()
csv.writer(out, lineterminator="\r\n").writerows(rows)
open(sys.argv[1], "w", newline="").write(out.getvalue())
EOF
	(cd "$d/y" && grep -v '  index.csv$' SHA256SUMS >S && sha256sum index.csv >>S && mv S SHA256SUMS &&
		openssl cms -sign -binary -outform DER -nosmimecap -in SHA256SUMS \
			-signer "$T/id/cert.pem" -inkey "$T/id/key.pem" -out SHA256SUMS.p7s &&
		sha256sum -c --quiet SHA256SUMS) || fail "re-signed list"
	repack "$d/y" "$d/list" "$d/bad.tar"
	run_rc rc "$WIPE" ledger verify-bundle "$d/bad.tar" --trust "$CA" --json >"$d/v.json"
	[ "$rc" -eq 1 ] || fail "a lying index: exit $rc: $(cat "$d/v.json")"
	[ "$(jget "$d/v.json" '" ".join(sorted(p["kind"] for p in d["problems"]))')" = "index index" ] ||
		fail "only the index is wrong: $(cat "$d/v.json")"
	run_rc rc "$WIPE" ledger verify-bundle "$d/bad.tar" --trust "$CA" >"$d/out"
	grep -q "^index index.csv: line [0-9]*: $name: serial is \"FAKE-SERIAL\", the certificate says \"" "$d/out" ||
		fail "the changed field named: $(cat "$d/out")"
	grep -q "^index index.csv: $(chain 1 1).json has no row" "$d/out" ||
		fail "the dropped row named: $(cat "$d/out")"
	name=$(chain 3 1).json
	# path traversal is refused, never followed
	python3 - "$d/all.tar" "$d/evil.tar" <<'EOF'
import io, sys, tarfile
src = tarfile.open(sys.argv[1])
with tarfile.open(sys.argv[2], "w", format=tarfile.USTAR_FORMAT) as out:
    for m in src.getmembers():
        out.addfile(m, src.extractfile(m))
    m = tarfile.TarInfo("../x")
    m.size = 3
    out.addfile(m, io.BytesIO(b"x\n\n"))
EOF
	run_rc rc "$WIPE" ledger verify-bundle "$d/evil.tar" --trust "$CA" >"$d/out" 2>"$d/err"
	[ "$rc" -eq 65 ] || fail "'../x': exit $rc"
	grep -q "member '../x' is not a plain file name" "$d/err" || fail "says why: $(cat "$d/err")"
	[ ! -e "$T/x" ] || fail "something was written outside"
	printf 'not a tar' >"$d/junk.tar"
	run_rc rc "$WIPE" ledger verify-bundle "$d/junk.tar" --trust "$CA" 2>"$d/err"
	[ "$rc" -eq 65 ] || fail "not a tar: exit $rc $(cat "$d/err")"
	run_rc rc "$WIPE" ledger verify-bundle "$d/nosuch.tar" --trust "$CA" 2>"$d/err"
	[ "$rc" -eq 66 ] || fail "no such bundle: exit $rc $(cat "$d/err")"

	# one job's: --job alone, and with --customer
	L export --bundle "$d/job.tar" --identity "$T/id" --job LOT-7 >/dev/null || fail "export --job"
	[ "$(bsdtar -tf "$d/job.tar" | tr '\n' ' ')" = "$(chain 3 1).json $(chain 3 1).json.p7s index.csv SHA256SUMS SHA256SUMS.p7s " ] ||
		fail "the job's members: $(bsdtar -tf "$d/job.tar")"
	L export --bundle "$d/job.tar" --identity "$T/id" --job LOT-7 --customer Nobody >/dev/null ||
		fail "export --job --customer"
	[ "$(bsdtar -tf "$d/job.tar" | wc -l)" = 3 ] || fail "--job and --customer combine"
	# a second record with the job's certificate id (re-signed by the same
	# identity): both are named by their SHA-256, the others keep their ids
	first=$(chain 3 1)
	sed 's/"A,\\"q\\""/"B"/' "$T/certs/$first.json" >"$d/twin.json"
	cmp -s "$T/certs/$first.json" "$d/twin.json" && fail "the twin differs"
	openssl cms -sign -binary -outform DER -nosmimecap -in "$d/twin.json" \
		-signer "$T/id/cert.pem" -inkey "$T/id/key.pem" -out "$d/twin.json.p7s"
	L add "$d/twin.json" >/dev/null || fail "the twin is stored"
	L export --bundle "$d/twins.tar" --identity "$T/id" --job LOT-7 >/dev/null || fail "export of twins"
	[ "$(bsdtar -tf "$d/twins.tar" | grep -c '^[0-9a-f]\{64\}\.json$')" = 2 ] ||
		fail "twins named by SHA-256: $(bsdtar -tf "$d/twins.tar")"
	bsdtar -tf "$d/twins.tar" | grep -q "^$(sha256sum <"$d/twin.json" | cut -c1-64)\.json\.p7s$" ||
		fail "the twin's name: $(bsdtar -tf "$d/twins.tar")"
	mkdir "$d/tw" && (cd "$d/tw" && bsdtar -xf "$d/twins.tar" && sha256sum -c --quiet SHA256SUMS) ||
		fail "twins: sha256sum -c"
	L export --bundle "$d/all2.tar" --identity "$T/id" >/dev/null || fail "export with twins"
	[ "$(bsdtar -tf "$d/all2.tar" | grep -c '\.json$')" = 7 ] &&
		[ "$(bsdtar -tf "$d/all2.tar" | grep -c '^[0-9a-f]\{64\}\.json$')" = 2 ] &&
		bsdtar -tf "$d/all2.tar" | grep -qx "$(chain 1 1).json" ||
		fail "only the twins renamed: $(bsdtar -tf "$d/all2.tar")"

	# a failed export leaves nothing: no directory, then a full one
	run_rc rc L export --bundle "$d/nodir/b.tar" --identity "$T/id" 2>"$d/err"
	[ "$rc" -eq 73 ] && [ ! -e "$d/nodir" ] || fail "no directory: exit $rc $(cat "$d/err")"
	if [ -n "$SMALL" ]; then
		run_rc rc L export --bundle "$SMALL/b.tar" --identity "$T/id" 2>"$d/err"
		[ "$rc" -eq 73 ] || fail "export to a full file system: exit $rc $(cat "$d/err")"
		grep -q "No space left on device" "$d/err" || fail "says why: $(cat "$d/err")"
		[ -z "$(ls -A "$SMALL")" ] || fail "a failed export left: $(ls -A "$SMALL")"
	fi
	# usage
	for args in "export" "export --bundle" "export --bundle $d/u.tar --frob" \
		"export --bundle $d/u.tar --since yesterday" "export --bundle $d/u.tar x" \
		"export --bundle $d/u.tar --customer" "export --bundle $d/u.tar --job" \
		"verify-bundle" \
		"verify-bundle $d/all.tar $d/all.tar --trust $CA" "verify-bundle --frob $d/all.tar"; do
		run_rc rc "$WIPE" ledger --ledger "$where" $args 2>"$d/err"
		[ "$rc" -eq 64 ] || fail "'$args': exit $rc $(cat "$d/err")"
	done
	run_rc rc "$WIPE" ledger verify-bundle "$d/all.tar" 2>"$d/err"
	[ "$rc" -eq 64 ] && grep -q "needs trust anchors" "$d/err" || fail "no anchors: exit $rc"
	[ ! -e "$d/u.tar" ] || fail "a refused export wrote"
}

# a signer nobody trusts, for the anchor check
"$WIPE" identity create "$T/evil" --org "Test Clinic" --operator "Ada Tester" 2>/dev/null
# a file system too small for a bundle, when we may mount one
SMALL=
mkdir "$T/small"
if mount -t tmpfs -o size=16k tmpfs "$T/small" 2>/dev/null; then
	MOUNTS+=("$T/small")
	SMALL=$T/small
fi

bundle_checks "$T/ledger.db" sqlite
pg_start
bundle_checks "$LEDGER_URI" postgres
