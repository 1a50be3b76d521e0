# SPDX-License-Identifier: Apache-2.0
# Shared set-up of the ledger shell tests, on top of tests/lib/wipe.bash
# (its scratch directory and trap): signed certificates made by the real
# `wipe identity create` and `wipe erase` on image files, a PostgreSQL
# server of our own, and the checks every back end must pass.

# make_certs N: N certificates of the test identity in $T/certs
make_certs() {
	local i
	for i in $(seq 1 "$1"); do
		truncate -s 1M "$T/disk$i.img"
		erase --yes --quiet --method zero --asset-tag "TAG-$i" \
			"$T/disk$i.img" >/dev/null
	done
}

PGBIN=
# pg_start: initdb as the postgres user into $T/pg, a Unix socket in $T,
# no TCP; stopped by the EXIT trap. Sets LEDGER_URI and PSQL (an array).
pg_start() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && PGBIN=$d
	done
	[ -n "$PGBIN" ] || skip "PostgreSQL is not installed"
	[ "$(id -u)" -eq 0 ] || skip "needs root (the server runs as postgres)"
	id postgres >/dev/null 2>&1 || skip "no postgres user"
	mkdir -p "$T/pg" "$T/sock"
	chown postgres "$T/pg" "$T/sock"
	chmod 755 "$T"
	runuser -u postgres -- "$PGBIN/initdb" -D "$T/pg" --auth=trust \
		-U postgres >"$T/initdb.log" 2>&1 || fail "initdb: $(cat "$T/initdb.log")"
	trap 'pg_stop; cleanup' EXIT
	runuser -u postgres -- "$PGBIN/pg_ctl" -D "$T/pg" -w -l "$T/sock/pg.log" \
		-o "-k $T/sock -c listen_addresses= -c fsync=off" start \
		>/dev/null || fail "pg_ctl start: $(cat "$T/sock/pg.log")"
	PSQL=(psql -X -q -At -h "$T/sock" -U postgres)
	"${PSQL[@]}" -d postgres -c "CREATE DATABASE ledger" ||
		fail "createdb"
	PSQL+=(-d ledger)
	LEDGER_URI="postgresql:///ledger?host=$T/sock&user=postgres"
}

pg_stop() {
	[ -n "$PGBIN" ] && [ -d "$T/pg" ] &&
		runuser -u postgres -- "$PGBIN/pg_ctl" -D "$T/pg" -m immediate \
			stop >/dev/null 2>&1 || true
}

# ledger_checks WHERE SQL...: the behaviour every back end must show.
# WHERE is the --ledger value, SQL a command that runs one query given as
# its last argument and prints rows as a|b|c (sqlite3 or psql).
ledger_checks() {
	local where=$1 rc n sha
	shift
	local sql=("$@")
	L() { "$WIPE" ledger --ledger "$where" "$@"; }

	make_identity
	make_certs 3
	# nothing is trusted yet: refused, nothing stored
	run_rc rc L add "$T/certs" >"$T/out" 2>&1
	[ "$rc" -eq 66 ] || fail "no anchors: exit $rc: $(cat "$T/out")"
	grep -q "trust add" "$T/out" || fail "says how to trust: $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT count(*) || '/' || max(version) FROM schema_migrations")" = 7/7 ] ||
		fail "schema versions 1 to 7 recorded"
	L trust add "$T/id/cert.pem" >"$T/out" || fail "trust add"
	fp=$(openssl x509 -in "$T/id/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
	grep -q "^trusted $fp" "$T/out" || fail "trust add names $fp: $(cat "$T/out")"
	L trust list | grep "^$fp  /O=Test Clinic/.*CN=Ada Tester" >/dev/null ||
		fail "trust list"
	L trust add "$T/id/cert.pem" | grep "^already trusted" >/dev/null ||
		fail "second trust add is a no-op"
	# ingest: every certificate, original bytes and their SHA-256
	L add "$T/certs" >"$T/out" || fail "add: $(cat "$T/out")"
	grep -qx "3 stored, 0 already in the ledger" "$T/out" || fail "add: $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates")" = 3 ] || fail "3 rows"
	for c in "$T"/certs/*.json; do
		sha=$(sha256sum "$c" | cut -d' ' -f1)
		n=$("${sql[@]}" "SELECT station || '|' || asset_tag || '|' || result || '|' || method || '|' || category || '|' || operator || '|' || org || '|' || issued_at || '|' || p7s_sha256 FROM certificates WHERE sha256 = '$sha'")
		[ "$n" = "$(hostname)|$(jget "$c" 'd["media"]["property_number"]')|success|zero|clear|Ada Tester|Test Clinic|$(jget "$c" 'd["issued_at"]')|$(sha256sum "$c.p7s" | cut -d' ' -f1)" ] ||
			fail "row of $c: $n"
	done
	"${sql[@]}" "SELECT sha256 FROM certificates WHERE sha256 = '$sha'" | grep -x "$sha" >/dev/null || fail "keyed by SHA-256"
	# the stored bytes are the original bytes
	extract_json "$sha" >"$T/back.json"
	cmp -s "$T/back.json" "$c" || fail "stored JSON differs from the file"
	# duplicates: a no-op
	L add "$T/certs" "${c}" >"$T/out" || fail "re-add: $(cat "$T/out")"
	grep -qx "0 stored, 4 already in the ledger" "$T/out" || fail "dupes: $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates")" = 3 ] || fail "still 3"
	# a batch with one tampered certificate: rejected with its reason,
	# exit 1, and the good new one beside it is not stored either
	make_certs 5
	mkdir "$T/batch"
	mapfile -t new < <(ls -t "$T"/certs/*.json | head -2)
	cp "${new[0]}" "${new[0]}.p7s" "${new[1]}" "${new[1]}.p7s" "$T/batch/"
	bad="$T/batch/$(basename "${new[0]}")"
	sed -i 's/"Ada Tester"/"Ada Tester "/' "$bad"
	run_rc rc L add "$T/batch" >"$T/out"
	[ "$rc" -eq 1 ] || fail "tampered batch: exit $rc"
	grep -qF "rejected $bad: the content does not match the signature" "$T/out" ||
		fail "tampered reason: $(cat "$T/out")"
	grep -qx "1 of 2 rejected: nothing stored" "$T/out" || fail "summary: $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates")" = 3 ] || fail "nothing stored from a failed batch"
	# malformed: not JSON
	echo '{"schema":' >"$T/batch/x.json"
	cp "${new[1]}.p7s" "$T/batch/x.json.p7s"
	run_rc rc L add "$T/batch/x.json" >"$T/out"
	[ "$rc" -eq 1 ] && grep -q "malformed JSON" "$T/out" || fail "malformed: $rc $(cat "$T/out")"
	# untrusted: a valid signature by a signer the ledger does not trust
	"$WIPE" identity create "$T/evil" --org "Test Clinic" --operator "Ada Tester" 2>/dev/null
	cp "${new[1]}" "$T/forged.json"
	openssl cms -sign -binary -outform DER -nosmimecap -in "$T/forged.json" \
		-signer "$T/evil/cert.pem" -inkey "$T/evil/key.pem" -out "$T/forged.json.p7s"
	run_rc rc L add "$T/forged.json" >"$T/out"
	[ "$rc" -eq 1 ] || fail "untrusted: exit $rc"
	grep -q "rejected $T/forged.json: the signer's certificate is not trusted" "$T/out" ||
		fail "untrusted reason: $(cat "$T/out")"
	# no signature file
	rm "$T/batch/x.json.p7s"
	run_rc rc L add "$T/batch/x.json" >"$T/out"
	[ "$rc" -eq 1 ] && grep -q "no signature" "$T/out" || fail "unsigned: $rc $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates")" = 3 ] || fail "none of them stored"
	# the good one alone goes in
	L add "${new[1]}" | grep -x "1 stored, 0 already in the ledger" >/dev/null || fail "good one"
	# append-only: the database itself refuses to change a row
	"${sql[@]}" "UPDATE certificates SET result = 'failed'" >/dev/null 2>&1 &&
		fail "an UPDATE went through"
	"${sql[@]}" "DELETE FROM certificates" >/dev/null 2>&1 && fail "a DELETE went through"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates WHERE result = 'success'")" = 4 ] ||
		fail "rows unchanged"
	# find: exact filters, issue order, pages behind a cursor
	L find --asset-tag TAG-2 --jsonl >"$T/f"
	[ "$(wc -l <"$T/f")" = 1 ] || fail "find --asset-tag: $(cat "$T/f")"
	python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read()); assert r["asset_tag"]=="TAG-2" and r["result"]=="success" and len(r["sha256"])==64, r' "$T/f" ||
		fail "find record"
	L find --json >"$T/all.json"
	[ "$(jget "$T/all.json" 'd["schema"]')" = sanitas.ledger-find/1 ] || fail "find schema"
	[ "$(jget "$T/all.json" 'len(d["records"])')" = 4 ] || fail "find all: 4"
	[ "$(jget "$T/all.json" 'd["next_cursor"]')" = None ] || fail "one page"
	[ "$(jget "$T/all.json" '[r["issued_at"] for r in d["records"]] == sorted(r["issued_at"] for r in d["records"])')" = True ] ||
		fail "issue order"
	cur= ; : >"$T/paged"
	for _ in 1 2 3 4 5; do
		L find --limit 1 --json ${cur:+--cursor "$cur"} >"$T/p.json"
		jget "$T/p.json" '"".join(r["sha256"] + "\n" for r in d["records"])' | sed '/^$/d' >>"$T/paged"
		cur=$(jget "$T/p.json" 'd["next_cursor"] or ""')
		[ -n "$cur" ] || break
	done
	[ -z "$cur" ] || fail "paging did not end"
	diff <(jget "$T/all.json" '"\n".join(r["sha256"] for r in d["records"])') "$T/paged" >/dev/null ||
		fail "pages differ from the whole: $(cat "$T/paged")"
	L find --since 2999-01-01 --jsonl >"$T/f"
	[ ! -s "$T/f" ] || fail "--since the future finds nothing"
	[ "$(L find --until "$(jget "$T/all.json" 'd["records"][0]["issued_at"]')" --result success --method zero --station "$(hostname)" | wc -l)" -ge 2 ] ||
		fail "--until, --result, --method, --station"
	run_rc rc L find --cursor "x,y" 2>/dev/null
	[ "$rc" -eq 64 ] || fail "bad cursor: exit $rc"
	run_rc rc L find --since yesterday 2>/dev/null
	[ "$rc" -eq 64 ] || fail "bad --since: exit $rc"
	# verify: the whole chain stored, the ledger is whole
	L add "$T/certs" | grep -x "4 stored, 4 already in the ledger" >/dev/null ||
		fail "the rest of the chain"
	L verify >"$T/out" || fail "verify of an intact ledger: $(cat "$T/out")"
	grep -q "8 records, 1 identities, 1 first certificates: the ledger is whole" "$T/out" ||
		fail "verify summary: $(cat "$T/out")"
	L verify --json >"$T/v.json" || fail "verify --json"
	[ "$(jget "$T/v.json" 'd["schema"] + " " + str(d["ok"]) + " " + str(d["counts"]["records"]) + " " + str(len(d["problems"]))')" = "sanitas.ledger-verify/1 True 8 0" ] ||
		fail "verify --json: $(cat "$T/v.json")"
	# a certificate missing from the middle of a chain: 3 more, the middle
	# one never ingested; add stores them and warns, verify names the gap
	make_certs 3
	mapfile -t more < <(ls -tr "$T"/certs/*.json | tail -3)
	gap=$(sha256sum "${more[2]}" | cut -d' ' -f1)
	L add "${more[0]}" "${more[2]}" >"$T/out" || fail "add with a gap: $(cat "$T/out")"
	grep -qx "2 stored, 0 already in the ledger" "$T/out" || fail "gap stored: $(cat "$T/out")"
	grep -q "^warning: gap $gap " "$T/out" || fail "add warns of the gap: $(cat "$T/out")"
	run_rc rc L verify >"$T/out"
	[ "$rc" -eq 1 ] || fail "verify with a gap: exit $rc: $(cat "$T/out")"
	grep -q "^gap $gap .*after $(sha256sum "${more[1]}" | cut -d' ' -f1)" "$T/out" ||
		fail "verify names the gap: $(cat "$T/out")"
	run_rc rc L verify --json >"$T/v.json"
	[ "$rc" -eq 1 ] || fail "verify --json with a gap: exit $rc"
	[ "$(jget "$T/v.json" '",".join(p["kind"] + ":" + p["sha256"] for p in d["problems"])')" = "gap:$gap" ] ||
		fail "verify --json gap: $(cat "$T/v.json")"
	# bytes altered in the database itself, the append-only trigger dropped
	# as an attacker would: the hash and the signature no longer hold
	alt=$(sha256sum "${more[0]}" | cut -d' ' -f1)
	case $where in
	postgres*)
		"${sql[@]}" "ALTER TABLE certificates DISABLE TRIGGER certificates_append_only" >/dev/null
		"${sql[@]}" "UPDATE certificates SET json = convert_to(replace(convert_from(json, 'UTF8'), 'Ada Tester', 'Eve Tester'), 'UTF8') WHERE sha256 = '$alt'" >/dev/null ;;
	*)
		"${sql[@]}" "DROP TRIGGER certificates_no_update" >/dev/null
		"${sql[@]}" "UPDATE certificates SET json = CAST(replace(CAST(json AS TEXT), 'Ada Tester', 'Eve Tester') AS BLOB) WHERE sha256 = '$alt'" >/dev/null ;;
	esac
	run_rc rc L verify >"$T/out"
	[ "$rc" -eq 1 ] || fail "verify of altered bytes: exit $rc"
	grep -q "^json-hash $alt " "$T/out" || fail "verify names the altered row: $(cat "$T/out")"
	grep -q "^signature $alt " "$T/out" || fail "its signature fails: $(cat "$T/out")"
	# trust remove: that signer is no longer accepted
	L trust remove "$T/id/cert.pem" | grep -x "removed $fp" >/dev/null || fail "trust remove"
	[ -z "$(L trust list)" ] || fail "list empty after remove"
	# what that signer stored is now untrusted, not a broken signature;
	# the altered row stays a signature that does not verify
	run_rc rc L verify >"$T/out"
	[ "$rc" -eq 1 ] || fail "verify after trust remove: exit $rc"
	n=$("${sql[@]}" "SELECT count(*) FROM certificates")
	[ "$(grep -c "^untrusted " "$T/out")" = $((n - 1)) ] ||
		fail "every sound record untrusted: $(cat "$T/out")"
	grep -q "^untrusted .*its anchor was removed" "$T/out" || fail "says why: $(cat "$T/out")"
	grep -q "^signature $alt " "$T/out" || fail "the altered row: $(cat "$T/out")"
	grep -q "^untrusted $alt " "$T/out" && fail "the altered row is not merely untrusted"
	run_rc rc L trust remove "$fp" 2>"$T/err"
	[ "$rc" -eq 66 ] || fail "remove twice: exit $rc"
	run_rc rc L add "${new[1]}" >"$T/out" 2>&1
	[ "$rc" -eq 66 ] || fail "after remove: exit $rc"
	# usage
	run_rc rc L frobnicate 2>/dev/null
	[ "$rc" -eq 64 ] || fail "unknown sub-verb: exit $rc"
	run_rc rc L trust add "$T/certs/$(basename "$c")" 2>"$T/err"
	[ "$rc" -eq 65 ] || fail "trust add of a non-certificate: exit $rc $(cat "$T/err")"
}

# ledger_job_checks WHERE SQL...: on a fresh ledger, what came with the
# job fields: the migration from version 1, `wipe erase --customer --job
# --ledger`, find by customer and job, --csv, a fork, and `kill -9`
# during a large ingest.
ledger_job_checks() {
	local where=$1 rc n sha a b pid
	shift
	local sql=("$@")
	L() { "$WIPE" ledger --ledger "$where" "$@"; }

	[ -d "$T/id" ] || make_identity
	# a ledger of version 1 (the job and token columns, the chain index and the
	# validations, samples and custody dropped, as it was made) is moved to
	# version 7 when opened
	L trust list >/dev/null || fail "create"
	case $where in
	postgres*) "${sql[@]}" "DROP TABLE custody; DROP TABLE samples; DROP TABLE validations; DROP INDEX certificates_chain; ALTER TABLE certificates DROP COLUMN customer, DROP COLUMN job, DROP COLUMN tsr, DROP COLUMN tsa_time" >/dev/null ;;
	*) "${sql[@]}" "DROP TABLE custody; DROP TABLE samples; DROP TABLE validations; DROP INDEX certificates_chain; DROP INDEX certificates_customer; DROP INDEX certificates_job; ALTER TABLE certificates DROP COLUMN customer; ALTER TABLE certificates DROP COLUMN job; ALTER TABLE certificates DROP COLUMN tsr; ALTER TABLE certificates DROP COLUMN tsa_time" >/dev/null ;;
	esac
	"${sql[@]}" "DELETE FROM schema_migrations WHERE version >= 2" >/dev/null
	L trust list >/dev/null || fail "open a version 1 ledger"
	[ "$("${sql[@]}" "SELECT count(*) || '/' || max(version) FROM schema_migrations")" = 7/7 ] ||
		fail "migrated to 7"
	[ "$("${sql[@]}" "SELECT count(customer) + count(job) FROM certificates")" = 0 ] ||
		fail "the job columns are back"
	# erase --ledger: refused before any write when the ledger would not
	# take the certificate; the image is untouched
	truncate -s 1M "$T/j1.img"
	printf 'PATIENT-RECORD' | dd of="$T/j1.img" conv=notrunc 2>/dev/null
	cp "$T/j1.img" "$T/j1.orig"
	run_rc rc erase --yes --quiet --method zero --ledger "$where" "$T/j1.img" 2>"$T/err"
	[ "$rc" -eq 66 ] && grep -q "trusts no signer" "$T/err" ||
		fail "erase --ledger with no anchors: exit $rc: $(cat "$T/err")"
	"$WIPE" identity create "$T/other" --org "Test Clinic" --operator "Bo Other" 2>/dev/null
	L trust add "$T/other/cert.pem" >/dev/null || fail "trust other"
	run_rc rc erase --yes --quiet --method zero --ledger "$where" "$T/j1.img" 2>"$T/err"
	[ "$rc" -eq 77 ] && grep -q "does not accept this identity" "$T/err" ||
		fail "erase --ledger, untrusted identity: exit $rc: $(cat "$T/err")"
	cmp -s "$T/j1.img" "$T/j1.orig" || fail "refused, yet the image changed"
	run_rc rc erase --yes --quiet --ledger "$T/no/such/dir/l.db" "$T/j1.img" 2>"$T/err"
	[ "$rc" -ne 0 ] && grep -q -- "--ledger" "$T/err" || fail "unopenable ledger: exit $rc"
	cmp -s "$T/j1.img" "$T/j1.orig" || fail "unopenable ledger, yet the image changed"
	run_rc rc erase --yes --quiet --customer "$(printf 'a\tb')" "$T/j1.img" 2>/dev/null
	[ "$rc" -eq 64 ] || fail "--customer with a tab: exit $rc"
	# recorded as issued, with who it was for and the job
	L trust add "$T/id/cert.pem" >/dev/null || fail "trust"
	erase --yes --quiet --json --method zero --customer "Acme Health, Inc." \
		--job LOT-1 --ledger "$where" "$T/j1.img" >"$T/e.json" ||
		fail "erase --ledger: $(cat "$T/e.json")"
	[ "$(jget "$T/e.json" 'd["jobs"][0]["ledger"]')" = recorded ] ||
		fail "erase says recorded: $(cat "$T/e.json")"
	a=$(jget "$T/e.json" 'd["jobs"][0]["certificate"]')
	[ "$(jget "$a" 'd["customer"] + "|" + d["job"]')" = "Acme Health, Inc.|LOT-1" ] ||
		fail "certificate fields"
	openssl_ok "$a" || fail "stock openssl verifies it"
	sha=$(sha256sum "$a" | cut -d' ' -f1)
	[ "$("${sql[@]}" "SELECT customer || '|' || job FROM certificates WHERE sha256 = '$sha'")" = "Acme Health, Inc.|LOT-1" ] ||
		fail "stored with customer and job"
	truncate -s 1M "$T/j2.img" "$T/j3.img"
	erase --yes --quiet --json --method zero --job LOT-2 --ledger "$where" \
		"$T/j2.img" "$T/j3.img" >"$T/e2.json" ||
		fail "two drives, one ledger: $(cat "$T/e2.json")"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates WHERE job = 'LOT-2' AND customer IS NULL")" = 2 ] ||
		fail "both recorded as issued"
	mapfile -t new < <(jget "$T/e2.json" '"\n".join(j["certificate"] for j in d["jobs"])')
	L add "$a" "${new[@]}" | grep -qx "0 stored, 3 already in the ledger" ||
		fail "the files are those rows"
	# find by customer and by job; --csv
	[ "$(L find --customer "Acme Health, Inc." --jsonl | wc -l)" = 1 ] || fail "find --customer"
	[ "$(L find --job LOT-2 --jsonl | wc -l)" = 2 ] || fail "find --job"
	[ "$(L find --job LOT-3 --jsonl | wc -l)" = 0 ] || fail "find --job, none"
	L find --customer "Acme Health, Inc." --csv >"$T/f.csv" || fail "find --csv"
	python3 - "$T/f.csv" "$sha" <<'PY' || fail "csv: $(cat "$T/f.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 1, rows
r = rows[0]
assert r["sha256"] == sys.argv[2] and r["customer"] == "Acme Health, Inc." and r["job"] == "LOT-1", r
PY
	run_rc rc L find --csv --json 2>/dev/null
	[ "$rc" -eq 64 ] || fail "two formats: exit $rc"
	run_rc rc L find --cursor "2026-01-01T00:00:00Z,$sha" 2>/dev/null
	[ "$rc" -eq 64 ] || fail "--cursor without --limit: exit $rc"
	# a fork: a copy of the identity issues from the same chain head, so
	# two certificates claim one predecessor
	rm -rf "$T/idcopy" && cp -a "$T/id" "$T/idcopy"
	truncate -s 1M "$T/f1.img" "$T/f2.img"
	erase --yes --quiet --method zero "$T/f1.img" >/dev/null || fail "f1"
	"$WIPE" erase --identity "$T/idcopy" --cert-dir "$T/forked" --state-dir "$T/state" \
		--yes --quiet --method zero "$T/f2.img" >/dev/null || fail "f2"
	a=$(ls -t "$T"/certs/*.json | head -1)
	b=$(ls "$T"/forked/*.json)
	[ "$(jget "$a" 'd["previous_sha256"]')" = "$(jget "$b" 'd["previous_sha256"]')" ] ||
		fail "the two claim one predecessor"
	L add "$a" "$b" >"$T/out" || fail "add a fork: $(cat "$T/out")"
	grep -q "^warning: fork " "$T/out" || fail "add warns of the fork: $(cat "$T/out")"
	run_rc rc L verify >"$T/out"
	[ "$rc" -eq 1 ] || fail "verify with a fork: exit $rc: $(cat "$T/out")"
	grep -qE "^fork ($(sha256sum "$a" | cut -d' ' -f1)|$(sha256sum "$b" | cut -d' ' -f1)) " "$T/out" ||
		fail "verify names the fork: $(cat "$T/out")"
	# kill -9 in the middle of a large ingest: nothing half-stored, and
	# the same command run again stores everything
	# (issued into a tmpfs: 4,000 fsyncs on a disk would take a while)
	mkdir "$T/many" && mount -t tmpfs -o size=256m tmpfs "$T/many" &&
		MOUNTS+=("$T/many") || fail "tmpfs"
	"$(dirname "$WIPE")/bench-cert-gen" "$T/id" "$T/many" 4000 || fail "cert-gen"
	n=$("${sql[@]}" "SELECT count(*) FROM certificates")
	"$WIPE" ledger --ledger "$where" add "$T/many" >"$T/out" 2>&1 &
	pid=$!
	sleep 0.3
	kill -9 "$pid" 2>/dev/null || fail "the ingest ended before the kill: $(cat "$T/out")"
	wait "$pid" 2>/dev/null || true
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates")" = "$n" ] ||
		fail "a killed batch left rows"
	case $where in
	postgres*) ;;
	*) [ "$("${sql[@]}" "PRAGMA integrity_check")" = ok ] || fail "integrity" ;;
	esac
	L add "$T/many" >"$T/out" || fail "re-run: $(cat "$T/out")"
	grep -qx "4000 stored, 0 already in the ledger" "$T/out" || fail "re-run: $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates")" = $((n + 4000)) ] ||
		fail "all stored after the re-run"
	content_checks "$where" "${sql[@]}"
}

# content_checks WHERE SQL...: a record signed by a trusted key but naming
# another organisation than its signer's: ingest refuses it; put into the
# database directly (as someone with the key and write access to the
# database would), its hashes and signature hold, so plain verify does
# not see it and says the content was checked at ingest; --content does.
content_checks() {
	local where=$1 rc src new nsha psha jhex phex cols
	shift
	local sql=("$@")
	L() { "$WIPE" ledger --ledger "$where" "$@"; }

	src=$(ls -t "$T"/certs/*.json | head -1)
	mkdir -p "$T/other"
	new=$T/other/other-org.json
	python3 - "$src" "$new" <<'PY' || fail "make other-org JSON"
import json, sys
d = json.load(open(sys.argv[1]))
d["operator"]["organization"] = "Other Clinic"
d["id"] = "00000000-0000-4000-8000-00000000c0de"
open(sys.argv[2], "w").write(json.dumps(d, indent=2) + "\n")
PY
	openssl cms -sign -binary -in "$new" -signer "$T/id/cert.pem" \
		-inkey "$T/id/key.pem" -outform DER -out "$new.p7s" 2>/dev/null ||
		fail "openssl cms -sign"
	openssl_ok "$new" || fail "the other-org record is soundly signed"
	run_rc rc L add "$new" >"$T/out" 2>&1
	[ "$rc" -eq 1 ] && grep -q "Other Clinic" "$T/out" ||
		fail "ingest refuses the other organisation: exit $rc: $(cat "$T/out")"
	nsha=$(sha256sum "$new" | cut -d' ' -f1)
	psha=$(sha256sum "$new.p7s" | cut -d' ' -f1)
	jhex=$(od -An -v -tx1 "$new" | tr -d ' \n')
	phex=$(od -An -v -tx1 "$new.p7s" | tr -d ' \n')
	cols="id, issued_at, previous_sha256, station, machine_id, serial, wwn, asset_tag, model, result, method, category, operator, org, signer_fingerprint, signer_subject, ingested_at, customer, job"
	case $where in
	postgres*)
		"${sql[@]}" "INSERT INTO certificates (sha256, json, p7s, p7s_sha256, $cols) SELECT '$nsha', decode('$jhex', 'hex'), decode('$phex', 'hex'), '$psha', $cols FROM certificates WHERE sha256 = '$(sha256sum "$src" | cut -d' ' -f1)'" >/dev/null ;;
	*)
		"${sql[@]}" "INSERT INTO certificates (sha256, json, p7s, p7s_sha256, $cols) SELECT '$nsha', X'$jhex', X'$phex', '$psha', $cols FROM certificates WHERE sha256 = '$(sha256sum "$src" | cut -d' ' -f1)'" >/dev/null ;;
	esac
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates WHERE sha256 = '$nsha'")" = 1 ] ||
		fail "the other-org row is in the database"
	run_rc rc L verify >"$T/out"
	grep -qE "^(content|json-hash|p7s-hash|signature|untrusted) $nsha " "$T/out" &&
		fail "plain verify checks no content: $(grep " $nsha " "$T/out")"
	tail -1 "$T/out" | grep -qx "checked: hashes, signatures, chains (content: at ingest)" ||
		fail "verify says what it checked: $(tail -1 "$T/out")"
	run_rc rc L verify --content >"$T/out"
	[ "$rc" -eq 1 ] || fail "verify --content: exit $rc"
	grep -q "^content $nsha .*fails the checks of ingest" "$T/out" ||
		fail "verify --content names the record: $(cat "$T/out")"
	grep -A1 "^content $nsha " "$T/out" | grep -q "organisation 'Test Clinic', but the certificate names 'Other Clinic'" ||
		fail "verify --content says why: $(cat "$T/out")"
	grep -qE "^(json-hash|p7s-hash|signature|untrusted) $nsha " "$T/out" &&
		fail "its bytes and signature are sound"
	tail -1 "$T/out" | grep -qx "checked: hashes, signatures, chains, content" ||
		fail "verify --content says what it checked"
	run_rc rc L verify --content --json >"$T/v.json"
	[ "$rc" -eq 1 ] || fail "verify --content --json: exit $rc"
	python3 - "$T/v.json" "$nsha" <<'PY' || fail "verify --content --json: $(cat "$T/v.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["content_checked"] is True, d
p = [x for x in d["problems"] if x["sha256"] == sys.argv[2]]
assert [x["kind"] for x in p if x["kind"] not in ("fork", "gap")] == ["content"], p
assert "Other Clinic" in p[0]["detail"], p
PY
	run_rc rc L verify --frobnicate 2>/dev/null
	[ "$rc" -eq 64 ] || fail "unknown verify flag: exit $rc"
}

# make_validator: a second person's identity in $T/val (not the operator)
make_validator() {
	"$WIPE" identity create "$T/val" --org "Audit Partners" \
		--operator "Bea Validator" --title "QA lead" 2>/dev/null
}

# ledger_validation_checks WHERE SQL...: validation records on a back end
# (signed by another person, bound to a stored certificate; refused for
# the operator's own key; shown by name; checked by verify)
ledger_validation_checks() {
	local where=$1 rc c v sha vsha
	shift
	local sql=("$@")
	L() { "$WIPE" ledger --ledger "$where" "$@"; }

	[ -d "$T/id" ] || make_identity
	[ -d "$T/val" ] || make_validator
	mkdir -p "$T/vc"
	truncate -s 1M "$T/v1.img"
	"$WIPE" erase --identity "$T/id" --cert-dir "$T/vc" --state-dir "$T/state" \
		--yes --quiet --method zero --asset-tag VAL-1 "$T/v1.img" >/dev/null
	c=$(ls "$T"/vc/*.json | head -1)
	sha=$(sha256sum "$c" | cut -d' ' -f1)
	"$WIPE" cert validate "$c" --identity "$T/val" --reverify "$T/v1.img" \
		--ca "$T/id/cert.pem" >/dev/null || fail "validate"
	v=${c%.json}.validation.json
	vsha=$(sha256sum "$v" | cut -d' ' -f1)
	L trust add "$T/id/cert.pem" "$T/val/cert.pem" >/dev/null || fail "trust both"
	# a validation before its certificate in the same batch: the
	# certificate goes first, whatever the order
	L add "$v" "$c" >"$T/out" || fail "add cert + validation: $(cat "$T/out")"
	grep -qx "2 stored, 0 already in the ledger" "$T/out" || fail "both stored: $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT certificate_sha256 || '|' || name || '|' || title || '|' || organization || '|' || verdict || '|' || reverify_result FROM validations WHERE sha256 = '$vsha'")" = \
		"$sha|Bea Validator|QA lead|Audit Partners|passed|clean" ] || fail "validation row"
	L add "$T/vc" | grep -qx "0 stored, 2 already in the ledger" || fail "re-add a no-op"
	# show: signer and validator by name
	L show "$sha" >"$T/out" || fail "show"
	grep -q "signed by Ada Tester (Test Clinic)" "$T/out" || fail "show signer: $(cat "$T/out")"
	grep -q "validated by Bea Validator (QA lead, Audit Partners): passed, read-back clean, coverage 100.00%" "$T/out" ||
		fail "show validator: $(cat "$T/out")"
	L show --asset-tag VAL-1 --json >"$T/s.json" || fail "show --json"
	[ "$(jget "$T/s.json" 'd["certificates"][0]["validations"][0]["name"] + "|" + d["certificates"][0]["operator"]')" = "Bea Validator|Ada Tester" ] ||
		fail "show --json: $(cat "$T/s.json")"
	run_rc rc L show --serial NO-SUCH 2>/dev/null
	[ "$rc" -eq 66 ] || fail "show of nothing: exit $rc"
	# a self-validation forged with stock openssl (the tool refuses to
	# make one): the operator's key signs a record naming itself
	python3 - "$v" "$T/self.validation.json" "$T/id/cert.pem" <<'PY'
import hashlib, json, subprocess, sys
d = json.load(open(sys.argv[1]))
der = subprocess.run(["openssl", "x509", "-in", sys.argv[3], "-outform", "DER"], capture_output=True, check=True).stdout
key = subprocess.run(["openssl", "x509", "-in", sys.argv[3], "-noout", "-pubkey"], capture_output=True, check=True).stdout
keyder = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=key, capture_output=True, check=True).stdout
d["validator"]["fingerprint"] = hashlib.sha256(der).hexdigest()
d["validator"]["key_fingerprint"] = hashlib.sha256(keyder[-65:]).hexdigest()
d["validator"]["name"] = "Ada Tester"
d["id"] = "00000000-0000-4000-8000-000000000001"
open(sys.argv[2], "w").write(json.dumps(d))
PY
	openssl cms -sign -binary -outform DER -nosmimecap -in "$T/self.validation.json" \
		-signer "$T/id/cert.pem" -inkey "$T/id/key.pem" -out "$T/self.validation.json.p7s"
	run_rc rc L add "$T/self.validation.json" >"$T/out"
	[ "$rc" -eq 1 ] || fail "self-validation stored: exit $rc: $(cat "$T/out")"
	grep -q "rejected $T/self.validation.json: the validator is the identity that signed the certificate" "$T/out" ||
		fail "self-validation reason: $(cat "$T/out")"
	# a validation whose certificate the ledger does not hold
	truncate -s 1M "$T/v2.img"
	mkdir -p "$T/vc2"
	"$WIPE" erase --identity "$T/id" --cert-dir "$T/vc2" --state-dir "$T/state" \
		--yes --quiet --method zero "$T/v2.img" >/dev/null
	c2=$(ls "$T"/vc2/*.json | head -1)
	"$WIPE" cert validate "$c2" --identity "$T/val" --verdict passed \
		--notes "record reviewed" >/dev/null 2>&1 || fail "validate by review"
	run_rc rc L add "${c2%.json}.validation.json" >"$T/out"
	[ "$rc" -eq 1 ] && grep -q "is not in the ledger" "$T/out" ||
		fail "unbound validation: exit $rc: $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT count(*) FROM validations")" = 1 ] || fail "one validation stored"
	# append-only, and verify checks the stored records
	"${sql[@]}" "DELETE FROM validations" >/dev/null 2>&1 && fail "a DELETE of a validation went through"
	L verify >"$T/out" || fail "verify: $(cat "$T/out")"
	grep -q "^1 validation records checked" "$T/out" || fail "verify counts validations: $(cat "$T/out")"
	L verify --json >"$T/v.json" || fail "verify --json"
	[ "$(jget "$T/v.json" 'd["counts"]["validations"]')" = 1 ] || fail "verify --json validations"
}

# ledger_sample_checks WHERE SQL...: wipe ledger sample over 200
# certificates made by the project's signing code (bench-cert-gen: four
# stations), the pick recomputed independently by python3, and the
# report's share validated per month and station
ledger_sample_checks() {
	local where=$1 rc a b
	shift
	local sql=("$@")
	L() { "$WIPE" ledger --ledger "$where" "$@"; }

	[ -d "$T/id" ] || make_identity
	[ -d "$T/val" ] || make_validator
	rm -rf "$T/sc" && mkdir "$T/sc"
	"$BIN/bench-cert-gen" "$T/id" "$T/sc" 200 || fail "bench-cert-gen"
	L trust add "$T/id/cert.pem" "$T/val/cert.pem" >/dev/null || fail "trust"
	L add "$T/sc" >/dev/null || fail "add 200"
	# usage: no percent, out of range, not from successful records
	for bad in "" "--percent 0" "--percent 101" "--percent x" "--percent 5 --result failed" "--percent 5 --seed -1"; do
		# shellcheck disable=SC2086
		run_rc rc L sample $bad 2>/dev/null
		[ "$rc" -eq 64 ] || fail "sample $bad: exit $rc"
	done
	# 5 % of 200 is 10; the same seed gives the same sample
	L sample --percent 5 --seed 42 --json >"$T/s1.json" || fail "sample"
	[ "$(jget "$T/s1.json" 'd["schema"] + "|" + str(d["population"]) + "|" + str(d["size"]) + "|" + str(d["seed"]) + "|" + str(len(set(m["sha256"] for m in d["members"])))')" = \
		"sanitas.ledger-sample/1|200|10|42|10" ] || fail "5 % of 200: $(head -c 600 "$T/s1.json")"
	L sample --percent 5 --seed 42 --json >"$T/s2.json" || fail "sample again"
	a=$(jget "$T/s1.json" '",".join(m["sha256"] for m in d["members"])')
	b=$(jget "$T/s2.json" '",".join(m["sha256"] for m in d["members"])')
	[ "$a" = "$b" ] || fail "the same seed gave another sample"
	[ "$(jget "$T/s1.json" 'd["id"]')" != "$(jget "$T/s2.json" 'd["id"]')" ] || fail "one record per sample"
	L sample --percent 5 --seed 43 --json >"$T/s3.json" || fail "another seed"
	[ "$(jget "$T/s3.json" '",".join(m["sha256"] for m in d["members"])')" != "$a" ] ||
		fail "another seed gave the same sample"
	# the pick recomputed from the rule alone, over the stored hashes
	"${sql[@]}" "SELECT sha256 FROM certificates WHERE result = 'success'" >"$T/all.sha"
	[ "$(wc -l <"$T/all.sha")" = 200 ] || fail "200 stored"
	python3 - "$T/all.sha" "$T/s1.json" <<'PY' || fail "the pick does not follow the rule"
import hashlib, json, sys
shas = open(sys.argv[1]).read().split()
d = json.load(open(sys.argv[2]))
key = lambda s: hashlib.sha256(("sanitas.sample/1:%d:%s" % (d["seed"], s)).encode()).digest()
want = sorted(sorted(shas, key=key)[:10])
got = sorted(m["sha256"] for m in d["members"])
assert want == got, (want, got)
order = [(m["issued_at"], m["sha256"]) for m in d["members"]]
assert order == sorted(order), "members in issue order"
PY
	# ceil: 5 % of one station's 50 is 3
	L sample --percent 5 --seed 42 --station bench-station-1 --json >"$T/s4.json" || fail "one station"
	[ "$(jget "$T/s4.json" 'str(d["population"]) + "|" + str(d["size"]) + "|" + d["selection"]["station"] + "|" + str(set(m["station"] for m in d["members"]))')" = \
		"50|3|bench-station-1|{'bench-station-1'}" ] || fail "ceil(2.5): $(head -c 400 "$T/s4.json")"
	# the records are stored with their seed and members, append-only
	[ "$("${sql[@]}" "SELECT count(*) FROM samples")" = 4 ] || fail "4 sample records"
	[ "$("${sql[@]}" "SELECT seed || '|' || population || '|' || size FROM samples WHERE id = '$(jget "$T/s1.json" 'd["id"]')'")" = "42|200|10" ] ||
		fail "sample row"
	"${sql[@]}" "DELETE FROM samples" >/dev/null 2>&1 && fail "a sample record was deleted"
	L sample --percent 5 --seed 42 >"$T/s.txt" || fail "sample, human"
	grep -q "^sample .*: 10 of 200 successfully sanitized certificates (5 %, rounded up), seed 42$" "$T/s.txt" ||
		fail "human output: $(head -1 "$T/s.txt")"
	# two of the sample validated: the report's share per month and station
	mapfile -t picked < <(jget "$T/s1.json" '"\n".join(m["sha256"] for m in d["members"][:2])')
	for s in "${picked[@]}"; do
		for f in "$T"/sc/*.json; do
			[ "$(sha256sum "$f" | cut -d' ' -f1)" = "$s" ] || continue
			"$WIPE" cert validate "$f" --identity "$T/val" --verdict passed \
				--notes "sampled" >/dev/null 2>&1 || fail "validate $f"
			L add "${f%.json}.validation.json" >/dev/null || fail "add validation"
		done
	done
	L report --json >"$T/r.json" || fail "report"
	python3 - "$T/r.json" "$T/s1.json" <<'PY' || fail "share per station: $(jget "$T/r.json" 'd["validation"]')"
import json, sys
r = json.load(open(sys.argv[1]))["validation"]
s = json.load(open(sys.argv[2]))["members"][:2]
want = {}
for m in s:
    want[m["station"]] = want.get(m["station"], 0) + 1
rows = {x["station"]: x for x in r if x["station"].startswith("bench-")}
assert len(rows) == 4, rows
for st, x in rows.items():
    assert x["records"] == 50 and x["sanitized"] == 50, x
    assert x["validated"] == want.get(st, 0), (st, x)
    assert abs(x["share"] - want.get(st, 0) / 50) < 1e-9, x
    assert len(x["period"]) == 7, x
PY
	L report >"$T/r.txt" || fail "report text"
	grep -Eq "^[0-9]{4}-[0-9]{2} +bench-station-[0-3] +50 +50 +[12] +[24]\.00%$" "$T/r.txt" ||
		fail "report text: $(grep bench-station "$T/r.txt")"
}

# ledger_custody_checks WHERE SQL...: chain-of-custody events signed by
# the person responsible, and a medium's whole history in order
ledger_custody_checks() {
	local where=$1 rc s c fpc
	shift
	local sql=("$@")
	L() { "$WIPE" ledger --ledger "$where" "$@"; }

	[ -d "$T/id" ] || make_identity
	[ -d "$T/val" ] || make_validator
	[ -d "$T/cal" ] || "$WIPE" identity create "$T/cal" --org "Secure Transit" \
		--operator "Cal Courier" --title "Driver" 2>/dev/null
	[ -d "$T/eve" ] || "$WIPE" identity create "$T/eve" --org "Nobody" \
		--operator "Eve Outsider" 2>/dev/null
	rm -rf "$T/cc" && mkdir "$T/cc"
	s=BENCH00000007
	L trust add "$T/id/cert.pem" "$T/val/cert.pem" "$T/cal/cert.pem" >/dev/null || fail "trust"
	# usage
	run_rc rc L custody add --serial "$s" --event lost --by "$T/cal" 2>/dev/null
	[ "$rc" -eq 64 ] || fail "unknown event: exit $rc"
	run_rc rc L custody add --serial "$s" --event received 2>/dev/null
	[ "$rc" -eq 64 ] || fail "no --by: exit $rc"
	run_rc rc L custody add --serial "has space" --event received --by "$T/cal" 2>/dev/null
	[ "$rc" -eq 64 ] || fail "bad serial: exit $rc"
	# an identity the ledger does not trust: refused, nothing stored
	run_rc rc L custody add --serial "$s" --event received --by "$T/eve" 2>"$T/err"
	[ "$rc" -eq 77 ] && grep -q "does not accept this identity" "$T/err" ||
		fail "untrusted custody: exit $rc: $(cat "$T/err")"
	[ "$("${sql[@]}" "SELECT count(*) FROM custody")" = 0 ] || fail "stored anyway"
	# the history: received, sanitized (the certificate), validated,
	# shipped; a second apart, so that the order is the times'
	L custody add --serial "$s" --event received --by "$T/cal" --where "Dock 2" \
		--note "sealed bag 118" >"$T/out" || fail "custody received: $(cat "$T/out")"
	grep -qx "custody event received of $s by Cal Courier stored" "$T/out" || fail "says: $(cat "$T/out")"
	sleep 1.1
	rm -f "$T"/cc/*.json "$T"/cc/*.p7s
	"$BIN/bench-cert-gen" "$T/id" "$T/cc" 1 7 || fail "bench-cert-gen"
	c=$(ls "$T"/cc/*.json)
	L add "$c" >/dev/null || fail "add the certificate"
	sleep 1.1
	"$WIPE" cert validate "$c" --identity "$T/val" --verdict passed >/dev/null 2>&1 || fail "validate"
	L add "${c%.json}.validation.json" >/dev/null || fail "add the validation"
	sleep 1.1
	L custody add --serial "$s" --event shipped --by "$T/cal" --where "Acme recycling" >/dev/null ||
		fail "custody shipped"
	[ "$("${sql[@]}" "SELECT count(*) FROM custody WHERE serial = '$s'")" = 2 ] || fail "2 events"
	fpc=$(openssl x509 -in "$T/cal/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
	[ "$("${sql[@]}" "SELECT DISTINCT signer_fingerprint || '|' || by_name || '|' || by_org FROM custody WHERE serial = '$s'")" = \
		"$fpc|Cal Courier|Secure Transit" ] || fail "custody rows"
	L show --serial "$s" >"$T/h.txt" || fail "show: $(cat "$T/h.txt")"
	[ "$(grep -c . "$T/h.txt")" -ge 6 ] || fail "show: $(cat "$T/h.txt")"
	python3 - "$T/h.txt" <<'PY' || fail "history out of order: $(cat "$T/h.txt")"
import sys
t = open(sys.argv[1]).read().splitlines()
def at(p):
    return next(i for i, l in enumerate(t) if p in l)
order = [at("custody: received by Cal Courier (Driver, Secure Transit) at Dock 2: sealed bag 118"),
         at(" certificate "), at("validated by Bea Validator"),
         at("custody: shipped by Cal Courier")]
assert order == sorted(order), order
assert t[-1] == "1 certificate(s), 1 validation(s), 2 custody event(s)", t[-1]
PY
	L show --serial "$s" --json >"$T/h.json" || fail "show --json"
	[ "$(jget "$T/h.json" '",".join(e["kind"] for e in d["history"])')" = "custody,certificate,validation,custody" ] ||
		fail "history --json: $(jget "$T/h.json" 'd["history"]')"
	[ "$(jget "$T/h.json" '",".join(e["event"] for e in d["custody"])')" = "received,shipped" ] || fail "custody --json"
	# an event signed elsewhere, added as a file: stored when its signer
	# is the person it names, rejected when not
	python3 - "$T/ev.json" "$s" "$fpc" <<'PY'
import json, sys
json.dump({"schema": "sanitas.custody/1", "id": "00000000-0000-4000-8000-00000000000a",
           "at": "2030-01-01T00:00:00Z", "serial": sys.argv[2], "event": "destroyed",
           "where": None, "note": None,
           "by": {"name": "Cal Courier", "title": None, "organization": "Secure Transit",
                  "fingerprint": sys.argv[3]},
           "tool": {"name": "hand", "version": "1"}}, open(sys.argv[1], "w"))
PY
	cp "$T/ev.json" "$T/forged-ev.json"
	openssl cms -sign -binary -outform DER -nosmimecap -in "$T/ev.json" \
		-signer "$T/cal/cert.pem" -inkey "$T/cal/key.pem" -out "$T/ev.json.p7s"
	openssl cms -sign -binary -outform DER -nosmimecap -in "$T/forged-ev.json" \
		-signer "$T/val/cert.pem" -inkey "$T/val/key.pem" -out "$T/forged-ev.json.p7s"
	run_rc rc L add "$T/forged-ev.json" >"$T/out"
	[ "$rc" -eq 1 ] && grep -q "not by the person it names" "$T/out" ||
		fail "forged event: exit $rc: $(cat "$T/out")"
	L add "$T/ev.json" | grep -qx "1 stored, 0 already in the ledger" || fail "event file"
	L show --serial "$s" --json >"$T/h.json" || fail "show again"
	[ "$(jget "$T/h.json" 'd["history"][-1]["kind"] + "|" + d["custody"][-1]["event"]')" = "custody|destroyed" ] ||
		fail "the last event"
	"${sql[@]}" "DELETE FROM custody" >/dev/null 2>&1 && fail "a custody event was deleted"
	L verify >"$T/out" 2>&1 || true
	grep -q "^3 custody events checked" "$T/out" || fail "verify checks the events: $(cat "$T/out")"
	grep -q "^json-hash\|^signature" "$T/out" && fail "verify: $(cat "$T/out")"
	true
}

# ledger_trust_setup: a station identity issued by a real CA (ca.bash),
# a local TSA (tsa.bash, started; the caller's EXIT trap calls tsa_stop),
# three chained certificates: $BEFORE (time-stamped, then the station is
# revoked at T), $UNTIMED (no token, before T by its own clock), $AFTER
# (time-stamped after T); $CA/crl.pem revokes the station.
ledger_trust_setup() {
	CA=$T/ca
	ca_make "$CA"
	mkdir -m 700 "$T/id"
	cp "$CA/station.key" "$T/id/key.pem"
	chmod 600 "$T/id/key.pem"
	openssl x509 -in "$CA/station.pem" -out "$T/id/cert.pem"
	tsa_setup
	tsa_start
	truncate -s 1M "$T/d.img"
	BEFORE=$(trust_cert before)
	UNTIMED=$(trust_cert untimed none)
	sleep 2
	ca_revoke_station "$CA"
	sleep 2
	AFTER=$(trust_cert after)
}

# trust_cert NAME [none]: one certificate in $T/certs-NAME, with a token
# unless "none"; prints its path
trust_cert() {
	local extra=()
	[ "${2:-}" = none ] || extra=(--tsa "$TSA_URL")
	"$WIPE" erase --identity "$T/id" --cert-dir "$T/certs-$1" --state-dir "$T/state" \
		--yes --quiet --method zero "${extra[@]}" "$T/d.img" >/dev/null ||
		fail "erase $1"
	ls "$T"/certs-"$1"/*.json
}

# ledger_trust_checks WHERE SQL...: --crl and --tsa-ca on add, verify and
# show, the token stored, exported and checked by stock openssl ts.
ledger_trust_checks() {
	local where=$1 rc sb su sa d
	shift
	local sql=("$@")
	L() { "$WIPE" ledger --ledger "$where" "$@"; }
	sb=$(sha256sum "$BEFORE" | cut -d' ' -f1)
	su=$(sha256sum "$UNTIMED" | cut -d' ' -f1)
	sa=$(sha256sum "$AFTER" | cut -d' ' -f1)
	[ "$("${sql[@]}" "SELECT count(*) || '/' || max(version) FROM schema_migrations")" = 7/7 ] ||
		fail "schema versions 1 to 7 recorded"
	L trust add "$CA/ca.pem" >/dev/null || fail "trust add the CA"

	# with the CRL: the untimed one is "time unproven", the batch refused
	run_rc rc L add --tsa-ca "$TSA_CA" --crl "$CA/crl.pem" "$BEFORE" "$UNTIMED" >"$T/out"
	[ "$rc" -eq 1 ] || fail "add --crl before+untimed: exit $rc: $(cat "$T/out")"
	grep -q "^rejected $UNTIMED: signed by a since-revoked key, time unproven" "$T/out" ||
		fail "untimed rejected as unproven: $(cat "$T/out")"
	grep -q "rejected $BEFORE" "$T/out" && fail "before rejected: $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates")" = 0 ] || fail "nothing stored"
	# signed after T by the TSA's time: rejected
	run_rc rc L add --tsa-ca "$TSA_CA" --crl "$CA/crl.pem" "$AFTER" >"$T/out"
	[ "$rc" -eq 1 ] || fail "add --crl after: exit $rc: $(cat "$T/out")"
	grep -q "^rejected $AFTER: signed at .* by the TSA's time, after its key was revoked at .*keyCompromise" "$T/out" ||
		fail "after rejected: $(cat "$T/out")"
	# a CRL nobody the ledger trusts signed: refused (65), nothing stored
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$T/evil.key" -out "$T/evil.pem" -subj "/O=Test Clinic/CN=Test Clinic CA" \
		-days 30 2>/dev/null
	rm -rf "$T/evilca"
	cp -r "$CA" "$T/evilca"
	cp "$T/evil.key" "$T/evilca/ca.key"
	cp "$T/evil.pem" "$T/evilca/ca.pem"
	(cd "$T/evilca" && openssl ca -config openssl.cnf -gencrl -out forged.pem 2>/dev/null)
	run_rc rc L add --crl "$T/evilca/forged.pem" "$BEFORE" >"$T/out" 2>&1
	[ "$rc" -eq 65 ] || fail "forged CRL: exit $rc: $(cat "$T/out")"
	grep -q "not signed by a trusted CA certificate" "$T/out" || fail "forged: $(cat "$T/out")"
	# a token with a flipped byte: rejected with --tsa-ca
	mkdir -p "$T/flip"
	cp "$BEFORE" "$BEFORE.p7s" "$BEFORE.p7s.tsr" "$T/flip/"
	flip "$T/flip/$(basename "$BEFORE").p7s.tsr"
	run_rc rc L add --tsa-ca "$TSA_CA" "$T/flip/$(basename "$BEFORE")" >"$T/out"
	[ "$rc" -eq 1 ] || fail "flipped token: exit $rc: $(cat "$T/out")"
	grep -q "^rejected .*\.p7s\.tsr" "$T/out" || fail "flipped token named: $(cat "$T/out")"

	# before T by the TSA's time: valid with the CRL, token stored
	L add --tsa-ca "$TSA_CA" --crl "$CA/crl.pem" "$BEFORE" >"$T/out" || fail "add before: $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates WHERE sha256 = '$sb' AND tsr IS NOT NULL AND tsa_time IS NOT NULL")" = 1 ] ||
		fail "before stored with its token and TSA time"
	# without the CRL the other two are accepted (the ledger knew no better)
	L add "$UNTIMED" "$AFTER" >"$T/out" || fail "add without --crl: $(cat "$T/out")"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates WHERE sha256 = '$su' AND tsr IS NULL AND tsa_time IS NULL")" = 1 ] ||
		fail "untimed stored without a token"
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates WHERE sha256 = '$sa' AND tsr IS NOT NULL AND tsa_time IS NULL")" = 1 ] ||
		fail "after: token stored, no TSA time (not checked at ingest)"
	# the stored token is the file's bytes
	[ "$("${sql[@]}" "SELECT count(*) FROM certificates WHERE sha256 = '$sb' AND $(tsr_hex_expr) = '$(od -An -v -tx1 "$BEFORE.p7s.tsr" | tr -d ' \n')'")" = 1 ] ||
		fail "the stored token is the .tsr file's bytes"

	# verify: whole without the CRL; with it, the two revoked ones named
	L verify --tsa-ca "$TSA_CA" >"$T/out" || fail "verify --tsa-ca: $(cat "$T/out")"
	tail -1 "$T/out" | grep -q "time-stamp tokens" || fail "says tokens checked: $(cat "$T/out")"
	run_rc rc L verify --tsa-ca "$TSA_CA" --crl "$CA/crl.pem" >"$T/out"
	[ "$rc" -eq 1 ] || fail "verify --crl: exit $rc: $(cat "$T/out")"
	grep -A1 "^revoked $su " "$T/out" | grep -q "signed by a since-revoked key, time unproven" ||
		fail "verify: untimed unproven: $(cat "$T/out")"
	grep -A1 "^revoked $sa " "$T/out" | grep -q "by the TSA's time, after its key was revoked" ||
		fail "verify: after revoked: $(cat "$T/out")"
	grep -q "^revoked $sb " "$T/out" && fail "verify: before is valid: $(cat "$T/out")"
	grep -qx "2 problems" "$T/out" || fail "two problems: $(cat "$T/out")"
	# without --tsa-ca no token is believed: all three unproven
	run_rc rc L verify --crl "$CA/crl.pem" --json >"$T/v.json"
	[ "$rc" -eq 1 ] || fail "verify --crl without --tsa-ca: exit $rc"
	[ "$(jget "$T/v.json" 'd["revocation_checked"] and not d["timestamps_checked"] and sum(1 for p in d["problems"] if p["kind"] == "revoked" and "time unproven" in p["detail"])')" = 3 ] ||
		fail "without --tsa-ca all three unproven: $(cat "$T/v.json")"

	# show: the TSA's time (checked at add), or the signer's own claim
	tok_time() {
		openssl ts -reply -in "$1" -text 2>/dev/null | sed -n 's/^Time stamp: //p' |
			xargs -I{} date -u -d {} +%Y-%m-%dT%H:%M:%SZ
	}
	L show "$sb" >"$T/out" || fail "show: $(cat "$T/out")"
	grep -q "^  time: $(tok_time "$BEFORE.p7s.tsr") by the time-stamp of a TSA (RFC 3161; its token checked against --tsa-ca" "$T/out" ||
		fail "show TSA time (openssl ts -reply -text): $(cat "$T/out")"
	L show "$sa" >"$T/out" || fail "show after"
	grep -q "^  time: .*, the signer's own claim (a time-stamp token is stored, not checked when it was added" "$T/out" ||
		fail "show unchecked: $(cat "$T/out")"
	L show "$su" --json >"$T/s.json" || fail "show --json"
	[ "$(jget "$T/s.json" 'd["certificates"][0]["time_source"]')" = signer ] || fail "untimed: $(cat "$T/s.json")"
	L show "$sb" --json >"$T/s.json" || fail "show before --json"
	[ "$(jget "$T/s.json" 'd["certificates"][0]["time_source"]')" = tsa ] || fail "before: $(cat "$T/s.json")"
	[ "$(jget "$T/s.json" 'd["certificates"][0]["tsa_time"]')" = "$(tok_time "$BEFORE.p7s.tsr")" ] ||
		fail "show's TSA time is the token's: $(cat "$T/s.json")"

	# the bundle carries the tokens; stock openssl checks them
	"$WIPE" identity create "$T/exp" --org "Test Clinic" --operator "Exporter" 2>/dev/null ||
		fail "exporter identity"
	d=$T/bundle-$RANDOM
	mkdir -p "$d/x"
	L export --bundle "$d/b.tar" --identity "$T/exp" >/dev/null || fail "export"
	(cd "$d/x" && bsdtar -xf "$d/b.tar" && sha256sum -c --quiet SHA256SUMS) || fail "sha256sum -c"
	[ "$(ls "$d"/x/*.json.p7s.tsr | wc -l)" = 2 ] || fail "two tokens in the bundle: $(ls "$d/x")"
	for t in "$d"/x/*.json.p7s.tsr; do
		grep -q "  $(basename "$t")\$" "$d/x/SHA256SUMS" || fail "$t listed in SHA256SUMS"
		openssl ts -verify -in "$t" -data "${t%.tsr}" -CAfile "$TSA_CA" >/dev/null 2>&1 ||
			fail "openssl ts -verify $(basename "$t")"
	done
	t=$(ls "$d"/x/*.json.p7s.tsr | head -1)
	cp "${t%.tsr}" "$d/sig"
	flip "$d/sig"
	openssl ts -verify -in "$t" -data "$d/sig" -CAfile "$TSA_CA" >/dev/null 2>&1 &&
		fail "openssl ts -verify accepts a token over a changed signature"
	cp "$t" "$d/tok"
	flip "$d/tok"
	openssl ts -verify -in "$d/tok" -data "${t%.tsr}" -CAfile "$TSA_CA" >/dev/null 2>&1 &&
		fail "openssl ts -verify accepts a token with a flipped byte"
	VB() { "$WIPE" ledger verify-bundle "$1" --trust "$T/exp/cert.pem" --trust "$CA/ca.pem" "${@:2}"; }
	VB "$d/b.tar" --tsa-ca "$TSA_CA" >"$T/out" || fail "verify-bundle with tokens: $(cat "$T/out")"
	# the bundle judged as the ledger judges: the two revoked ones named
	run_rc rc VB "$d/b.tar" --tsa-ca "$TSA_CA" --crl "$CA/crl.pem" >"$T/out"
	[ "$rc" -eq 1 ] || fail "verify-bundle --crl: exit $rc: $(cat "$T/out")"
	grep -q "^revoked .*: signed by a since-revoked key, time unproven" "$T/out" ||
		fail "verify-bundle: untimed: $(cat "$T/out")"
	grep -q "^revoked .*: signed at .* by the TSA's time, after its key was revoked" "$T/out" ||
		fail "verify-bundle: after: $(cat "$T/out")"
	[ "$(grep -c "^revoked " "$T/out")" = 2 ] || fail "verify-bundle: two revoked: $(cat "$T/out")"
	# a token with a flipped byte, repacked in the export's order
	bsdtar -tf "$d/b.tar" >"$d/order"
	flip "$t"
	(cd "$d/x" && bsdtar -cf "$d/flipped.tar" $(cat "$d/order"))
	run_rc rc VB "$d/flipped.tar" --tsa-ca "$TSA_CA" >"$T/out"
	[ "$rc" -eq 1 ] || fail "verify-bundle, flipped token: exit $rc: $(cat "$T/out")"
	grep -q "^timestamp $(basename "$t"): " "$T/out" || fail "flipped token named: $(cat "$T/out")"
	return 0
}

# flip FILE: invert one byte in the middle
flip() {
	python3 - "$1" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0xff
open(p, "wb").write(b)
PY
}
