#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAKE_NOW / SANITAS_FAULT; see docs/HACKING.md)
# respond deadlines: the table for given facts, --json, --ics (parsed by
# python3-icalendar: one VEVENT with a VALARM per deadline, dates for
# day-based and UTC date-times for hour-based deadlines), exit codes.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
export SANITAS_FAKE_NOW=1800000000
facts=(--set role=covered-entity --set discovered_at=2027-01-10T09:00:00-08:00
	--set 'affected_by_jurisdiction={US-CA: 812, EU-DE: 40, JP: 3}'
	--set affected_total=855 --set ca_licensed_facility=true
	--set 'data_elements=[full name, diagnosis]' --set acquired=true
	--set eu_establishment=false --set offers_to_eu=true
	--set law_enforcement_delay=none
	--set 'notice_dates={ca-residents: 2027-02-01}')

"$BIN/respond" deadlines "${facts[@]}" >"$T/table" || ct_fail "table"
grep -Eq '^hipaa-individuals +applies +2027-03-11 +45 CFR 164.404\(b\)' "$T/table" ||
	ct_fail "hipaa row: $(grep hipaa-individuals "$T/table" | head -1)"
grep -Eq '^gdpr-sa +applies +2027-01-13T17:00:00Z' "$T/table" || ct_fail "gdpr row"
grep -Eq '^ca-ag +applies +2027-02-16' "$T/table" || ct_fail "AG from the consumer notice date"
grep -Eq '^ca-cdph +applies +2027-02-01' "$T/table" || ct_fail "1280.15 row"
grep -Eq '^hipaa-hhs-annual +not-applicable' "$T/table" || ct_fail "<500 row"
grep -q '  JP: No rule for JP' "$T/table" || ct_fail "JP not listed as not assessed"
grep -q 'pk-commission: No data subjects in Pakistan' "$T/table" || ct_fail "pk reason"
# rules below verified are marked where the reader sees them
grep -Eq '^ca-residents +applies +2027-02-09 +Cal\. Civ\. Code 1798\.82\(a\).*\[secondary\]$' "$T/table" ||
	ct_fail "secondary mark: $(grep '^ca-residents' "$T/table")"
grep -q 'GDPR territorial scope: art-3(2)' "$T/table" || ct_fail "Art. 3 scope"
grep -q '  authority DE: the competent German authority' "$T/table" || ct_fail "authority per Member State"

"$BIN/respond" deadlines "${facts[@]}" --json --ics "$T/d.ics" >"$T/d.json" ||
	ct_fail "--json --ics"
$PY - "$T/d.json" "$T/d.ics" <<'PY' || ct_fail "json/ics check"
import json, sys, datetime
import icalendar
d = json.load(open(sys.argv[1]))
assert d["schema"] == "sanitas.deadlines/1"
due = {n["id"]: n for n in d["notices"] if n["required"] and n["due"]}
assert due["hipaa-hhs"]["due"] == "2027-03-11"
assert due["gdpr-sa"]["due_kind"] == "datetime"
assert [x["jurisdiction"] for x in d["not_assessed"]] == ["JP"]
for n in d["notices"]:
    assert n["confidence"] in ("verified", "secondary", "unverified"), n
    for k in ("applicability", "clock"):
        s = n["source"][k]
        assert s["citation"] and s["text"] and s["where"], (n["id"], k)
    if n["applicability"] == "not-applicable":
        assert n["due"] is None, n["id"]
assert {n["id"]: n for n in d["notices"]}["ftc-media"]["confidence"] == "secondary"
assert d["gdpr"]["scope"] == "art-3(2)"
assert [a["member_state"] for a in d["gdpr"]["authorities"]] == ["DE"]
assert d["facts"]["law_enforcement_delay"] == "none"
raw = open(sys.argv[2], "rb").read()
assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
assert all(len(l) <= 75 for l in raw.split(b"\r\n"))
cal = icalendar.Calendar.from_ical(raw)
events = [c for c in cal.walk("VEVENT")]
assert len(events) == len(due), (len(events), sorted(due))
for e in events:
    start = e.decoded("DTSTART")
    alarms = [a for a in e.walk("VALARM")]
    assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
    rid = next(r for r in due if str(e["UID"]).startswith(r + "-"))
    if due[rid]["due_kind"] == "datetime":
        assert isinstance(start, datetime.datetime) and start.tzinfo is not None
        assert start.strftime("%Y-%m-%dT%H:%M:%SZ") == due[rid]["due"], (rid, start)
    else:
        assert type(start) is datetime.date, (rid, start)
        assert start.isoformat() == due[rid]["due"], (rid, start)
    assert str(e["SUMMARY"]) and str(e["DESCRIPTION"])
PY

# misuse and bad facts: pinned exit codes
rc=0
"$BIN/respond" deadlines >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 64 ] || ct_fail "no facts: exit $rc"
rc=0
"$BIN/respond" deadlines --set role=hospital >/dev/null 2>"$T/e" || rc=$?
[ "$rc" -eq 65 ] || ct_fail "bad role: exit $rc"
grep -q "input 'role'" "$T/e" || ct_fail "bad role message"
rc=0
"$BIN/respond" deadlines --set discovered_at=2027-02-30 >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 65 ] || ct_fail "bad date: exit $rc"
rc=0
"$BIN/respond" deadlines --set discovered_at=2027-01-10 --regimes hipaa,nope \
	>/dev/null 2>&1 || rc=$?
[ "$rc" -eq 65 ] || ct_fail "bad regime: exit $rc"
"$BIN/respond" deadlines --set discovered_at=2027-01-10 --regimes gdpr \
	--set 'affected_by_jurisdiction={EU-FR: 2}' >"$T/g" || ct_fail "--regimes"
grep -Eq '^hipaa-individuals +not-applicable' "$T/g" || ct_fail "--regimes filter"
"$BIN/respond" deadlines --help | grep -q 'usage: respond deadlines' || ct_fail "--help"
# an unknown jurisdiction code is bad input, with a suggestion
rc=0
"$BIN/respond" deadlines --set 'affected_by_jurisdiction={DE: 3}' >/dev/null 2>"$T/e" || rc=$?
[ "$rc" -eq 65 ] || ct_fail "bare member state: exit $rc"
grep -q "unknown jurisdiction 'DE': did you mean 'EU-DE'" "$T/e" || ct_fail "suggestion: $(cat "$T/e")"
# a law-enforcement delay not given is a question, not "none"
"$BIN/respond" deadlines --set discovered_at=2027-01-10 --json >"$T/q.json" || ct_fail "no le"
$PY - "$T/q.json" <<'PY' || ct_fail "le not given"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["facts"]["law_enforcement_delay"] is None
assert any("law_enforcement_delay" in n for n in d["notes"]), d["notes"]
PY
exit 0
