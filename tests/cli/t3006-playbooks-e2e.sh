#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# build: test-hooks (SANITAS_FAKE_NOW / SANITAS_FAULT; see docs/HACKING.md)
# Every shipped incident playbook passes `respond validate` and runs end to
# end on the fixture host tree with a test CA and test SSH keys, producing a
# sealed case that `respond verify` (and sha256sum -c) accepts, with the
# notices each scenario calls for and a calendar icalendar can read.
. "$SRCDIR/tests/lib/contain.bash"
ct_setup
export SANITAS_FAKE_NOW=1800000000
P=$SRCDIR/playbooks
for pb in phi-exposure-portal compromised-ssh-key leaked-tls-key lost-device \
	ransomware-triage online-pharmacy-exfiltration telehealth-recordings-exposed; do
	"$BIN/respond" validate "$P/$pb.yaml" >/dev/null 2>&1 ||
		ct_fail "$pb does not validate"
	grep -q "^id: $pb\$" "$P/$pb.yaml" || ct_fail "$pb id"
	# every input is documented
	$PY - "$P/$pb.yaml" <<'PY' || ct_fail "$pb: undocumented input"
import re, sys
lines = open(sys.argv[1]).read().split("\n")
assert "schema: sanitas.playbook/1" in lines
start = lines.index("inputs:") + 1
end = next(i for i in range(start, len(lines)) if re.match(r"^\S", lines[i]))
names, cur = {}, None
for l in lines[start:end]:
    m = re.match(r"^  ([a-z_]+):\s*$", l)
    if m:
        cur = m.group(1)
        names[cur] = False
    elif cur and re.match(r"^    description: \S", l):
        names[cur] = True
assert names and all(names.values()), names
PY
done
ct_make_ca "$HOST/etc/pki/portal-ca"
K=$T/keys
mkdir "$K"
for k in leaked laptop keep; do
	ssh-keygen -q -t ed25519 -N '' -C "$k@test" -f "$K/$k"
done
A=$HOST/home/alice/.ssh/authorized_keys
cat "$K/leaked.pub" "$K/laptop.pub" "$K/keep.pub" >>"$A"
printf 'RevokedKeys /etc/ssh/revoked_keys\n' >>"$HOST/etc/ssh/sshd_config"
facts=(--set organization="Example Clinic" --set role=covered-entity
	--set eu_establishment=false --set offers_to_eu=true
	--set 'contact={phone: "+1-800-555-0100", email: privacy@clinic.example, website: "https://clinic.example"}'
	--set 'affected_by_jurisdiction={US-CA: 812, EU-DE: 40}'
	--set 'data_elements=[full name, diagnosis]'
	--set description="Visit notes were readable without login."
	--set mitigation="The endpoint was closed and keys rotated.")

run() {
	local name=$1
	shift
	"$BIN/respond" run "$P/$name.yaml" --root "$HOST" --identity "$ID" \
		--yes --quiet --case "$CASES/$name" "$@" ||
		ct_fail "$name: run exited $?"
	"$BIN/respond" verify "$CASES/$name" >/dev/null ||
		ct_fail "$name: respond verify"
	(cd "$CASES/$name" && sha256sum -c --quiet SHA256SUMS) ||
		ct_fail "$name: sha256sum -c"
}
status() {
	$PY - "$CASES/$1/case.json" "$2" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
st = {s["id"]: s["status"] for s in c["steps"]}
want = dict(kv.split("=") for kv in sys.argv[2].split(","))
assert st == want, st
PY
}
ics_ok() {
	$PY - "$1" <<'PY'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = list(cal.walk("VEVENT"))
assert ev and all(len(list(e.walk("VALARM"))) == 1 for e in ev), len(ev)
PY
}

run phi-exposure-portal "${facts[@]}" --set portal_cert_serial=1000 \
	--set compromised_at=2027-01-08T00:00:00Z \
	--set discovered_at=2027-01-10T09:00:00-08:00 --set affected_total=852
status phi-exposure-portal "volatile=not_applicable,portal-logs=ok,portal-config=ok,revoke-portal-tls=ok,notices=ok" ||
	ct_fail "portal statuses"
N=$CASES/phi-exposure-portal/notices
for f in hipaa-individuals hipaa-media hipaa-hhs gdpr-sa gdpr-subjects \
	ca-residents ca-ag hipaa-risk-assessment; do
	[ -f "$N/$f.md" ] && [ -f "$N/$f.txt" ] || ct_fail "portal: no $f draft"
done
[ ! -e "$N/hipaa-hhs-annual.md" ] || ct_fail "portal: <500 draft for 852"
grep -q "Deadline: 2027-03-11" "$N/hipaa-individuals.md" || ct_fail "portal deadline"
grep -q "Deadline: 2027-01-13T17:00:00Z" "$N/gdpr-sa.md" || ct_fail "gdpr deadline"
grep -q "Visit notes were readable without login." "$N/hipaa-individuals.txt" ||
	ct_fail "description not in the text draft"
grep -q "TO BE COMPLETED: postal address" "$N/hipaa-individuals.md" ||
	ct_fail "unknown address not marked"
ics_ok "$N/deadlines.ics" || ct_fail "portal ics"
openssl crl -in "$HOST/etc/pki/portal-ca/crl.pem" -noout -text |
	grep -q 'Serial Number: 1000' || ct_fail "portal CRL"

run compromised-ssh-key "${facts[@]}" --set leaked_key="$K/leaked.pub" \
	--set phi_involved=true --set discovered_at=2027-01-10T09:00:00Z
status compromised-ssh-key "volatile=not_applicable,auth-logs=ok,ssh-config=ok,revoke-key=ok,notices=ok" ||
	ct_fail "ssh statuses"
rc=0
ssh-keygen -Q -f "$HOST/etc/ssh/revoked_keys" "$K/leaked.pub" >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || ct_fail "ssh: key not revoked"

run leaked-tls-key --set ca_dir=/etc/pki/portal-ca --set cert_serial=1001 \
	--set compromised_at=2027-01-08T00:00:00Z --set discovered_at=2027-01-10
status leaked-tls-key "volatile=not_applicable,tls-config=ok,revoke-cert=ok,notices=skipped" ||
	ct_fail "tls statuses"
openssl crl -in "$HOST/etc/pki/portal-ca/crl.pem" -noout -text >"$T/crl2"
grep -q 'Serial Number: 1001' "$T/crl2" && grep -q 'Serial Number: 1000' "$T/crl2" ||
	ct_fail "second CRL does not list both serials"

run lost-device "${facts[@]}" --set encrypted=true \
	--set device_ssh_key="$K/laptop.pub" --set discovered_at=2027-01-10
status lost-device "encryption-records=ok,revoke-device-key=ok,notices=ok" ||
	ct_fail "lost-device statuses"
# encrypted, key status not given: unknown is not no, so no exemption is
# applied; each notice is drafted as conditional on the key question
$PY - "$CASES/lost-device/notices/deadlines.json" <<'PY' || ct_fail "unknown key taken as not compromised"
import json, sys
d = {n["id"]: n for n in json.load(open(sys.argv[1]))["notices"]}
for i in ("hipaa-individuals", "hipaa-hhs", "gdpr-subjects", "ca-residents"):
    assert d[i]["applicability"] == "conditional", (i, d[i]["applicability"])
    assert "was the key compromised?" in d[i]["reason"], i
    assert "not compromised" not in d[i]["reason"].replace("was not compromised", ""), i
PY
for n in hipaa-individuals gdpr-subjects ca-residents; do
	grep -q "TO BE COMPLETED: was the key compromised?" "$CASES/lost-device/notices/$n.md" ||
		ct_fail "lost-device: $n.md does not ask whether the key was compromised"
done
# (an explicit key_compromised=false applying them: tests/unit/test_notify.c)
grep -q "the PHI was encrypted" "$CASES/lost-device/notices/hipaa-risk-assessment.md" ||
	ct_fail "risk record lacks the encryption fact"

run ransomware-triage "${facts[@]}" --set discovered_at=2027-01-10T06:30:00Z \
	--set affected_total=120 --set 'affected_by_jurisdiction={US-CA: 100, EU-DE: 20}'
status ransomware-triage "volatile=not_applicable,logs=ok,persistence=ok,ransom-notes=ok,revoke-attacker-key=skipped,notices=ok" ||
	ct_fail "ransomware statuses"
[ -f "$CASES/ransomware-triage/notices/hipaa-hhs-annual.md" ] ||
	ct_fail "ransomware: 120 individuals need the annual HHS notice"
ics_ok "$CASES/ransomware-triage/notices/deadlines.ics" || ct_fail "ransomware ics"
! grep -rqa "PRIVATE KEY" "$CASES" || ct_fail "a private key was copied into a case"

# online pharmacy, order database exfiltrated, customers in Pakistan and
# the EU: GDPR per Member State, the Pakistan bill as a draft, card brands
# as a contractual duty; no US or HIPAA notice
run online-pharmacy-exfiltration --set organization="Example Pharmacy Ltd" \
	--set role=controller --set discovered_at=2027-06-02T07:40:00+05:00 \
	--set eu_establishment=false --set offers_to_eu=true --set monitors_eu=false \
	--set 'affected_by_jurisdiction={PK: 5400, EU-DE: 800, EU-FR: 260}' \
	--set 'data_elements=[name, delivery address, prescription, payment reference]' \
	--set acquired=true --set high_risk=true --set card_payments=true \
	--set 'contact={email: privacy@pharmacy.example, website: "https://pharmacy.example/incident"}' \
	--set description="Orders were copied from the order database." \
	--set mitigation="The database credentials were rotated."
status online-pharmacy-exfiltration "volatile=not_applicable,db-logs=ok,app-config=ok,card-brands=ok,notices=ok" ||
	ct_fail "pharmacy statuses"
N=$CASES/online-pharmacy-exfiltration/notices
for f in gdpr-sa gdpr-subjects pk-commission pk-subjects summary; do
	[ -f "$N/$f.md" ] || ct_fail "pharmacy: no $f draft"
done
for f in hipaa-individuals hipaa-risk-assessment ca-residents ftc-individuals ca-cdph; do
	[ ! -e "$N/$f.md" ] || ct_fail "pharmacy: $f drafted"
done
grep -q "Approximate number of data subjects: 1060" "$N/gdpr-sa.md" || ct_fail "pharmacy: GDPR count"
grep -q "Approximate number of data subjects: 5400" "$N/pk-commission.md" || ct_fail "pharmacy: PK count"
grep -q "one-stop-shop does not apply" "$N/gdpr-sa.md" || ct_fail "pharmacy: para. 73"
grep -q "^- FR: Commission nationale" "$N/gdpr-sa.md" || ct_fail "pharmacy: CNIL"
grep -q "Representative in the Union (Art. 27)" "$N/gdpr-sa.md" || ct_fail "pharmacy: Art. 27"
grep -q "DRAFT LAW" "$N/pk-commission.md" || ct_fail "pharmacy: PK not marked as a bill"
grep -q "UNVERIFIED" "$N/pk-commission.md" || ct_fail "pharmacy: PK confidence"
grep -q "PCI DSS bind by contract" "$N/summary.md" || ct_fail "pharmacy: PCI note"
! grep -q "PCI DSS" "$N/gdpr-sa.md" || ct_fail "pharmacy: PCI note in a legal notice"
$PY - "$N/deadlines.json" <<'PY' || ct_fail "pharmacy deadlines"
import json, sys
d = json.load(open(sys.argv[1]))
n = {x["id"]: x for x in d["notices"]}
assert n["gdpr-sa"]["due"] == "2027-06-05T02:40:00Z", n["gdpr-sa"]["due"]
assert n["pk-commission"]["applicability"] == "draft-law"
assert n["pk-commission"]["confidence"] == "unverified"
assert n["hipaa-individuals"]["due"] is None
assert [a["member_state"] for a in d["gdpr"]["authorities"]] == ["DE", "FR"]
PY
ics_ok "$N/deadlines.ics" || ct_fail "pharmacy ics"

# telehealth: session recordings exposed through a storage bucket kept by
# the video platform (business associate); HIPAA and California
run telehealth-recordings-exposed --set organization="Example Telehealth PC" \
	--set role=covered-entity --set discovered_at=2027-08-16T15:20:00-07:00 \
	--set business_associate="Example Video Inc." --set ca_licensed_facility=false \
	--set 'affected_by_jurisdiction={US-CA: 640, US-NV: 35}' --set affected_total=675 \
	--set 'data_elements=[full name, video recording of the visit, visit date]' \
	--set acquired=true --set law_enforcement_delay=none \
	--set 'contact={phone: "+1-800-555-0199", toll_free: true, email: privacy@tele.example}' \
	--set description="Visit recordings were readable from a public storage bucket."
status telehealth-recordings-exposed "volatile=not_applicable,bucket-logs=ok,ba-notice-received=ok,notices=ok" ||
	ct_fail "telehealth statuses"
N=$CASES/telehealth-recordings-exposed/notices
for f in hipaa-individuals hipaa-media hipaa-hhs ca-residents ca-ag hipaa-risk-assessment; do
	[ -f "$N/$f.md" ] || ct_fail "telehealth: no $f draft"
done
[ ! -e "$N/ca-cdph.md" ] || ct_fail "telehealth: 1280.15 for an unlicensed provider"
grep -q "Yes: Example Video Inc." "$N/hipaa-hhs.md" || ct_fail "telehealth: business associate"
grep -q "Telephone (toll-free): +1-800-555-0199" "$N/hipaa-individuals.md" || ct_fail "telehealth: toll-free"
grep -q "investigation? No." "$N/hipaa-individuals.md" || ct_fail "telehealth: le answer given"
grep -q "Deadline: 2027-09-15" "$N/ca-residents.md" || ct_fail "telehealth: California 30 days"
grep -q "13402(f)" "$N/ca-residents.md" || ct_fail "telehealth: HIPAA note in the California draft"
! grep -q "13402(f)" "$N/hipaa-hhs.md" || ct_fail "telehealth: HIPAA/California note in the HHS sheet"
ics_ok "$N/deadlines.ics" || ct_fail "telehealth ics"
exit 0
