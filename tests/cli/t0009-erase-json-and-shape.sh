#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# erase --json names each certificate; the certificate carries every NIST
# SP 800-88 Appendix G field from the identity and the flags, unknown as
# null; --json-progress emits JSON lines on stderr.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

make_identity
truncate -s 24M "$T/d.img"
erase --yes --json --json-progress --method pattern:c0ffee --passes 2 \
	--verify sample --sample 10 --asset-tag INV-1 --source "Dr. Who's PC" \
	--classification PHI --data-backed-up yes --backup-location "vault 2" \
	--destination external-reuse --post-classification unclassified \
	--notes "batch 7" "$T/d.img" >"$T/r.json" 2>"$T/progress"
[ "$(jget "$T/r.json" 'd["schema"]')" = sanitas.erase-result/1 ] || fail schema
c=$(jget "$T/r.json" 'd["jobs"][0]["certificate"]')
[ -f "$c" ] || fail "certificate path $c"
[ "$(jget "$T/r.json" 'd["jobs"][0]["signature"]')" = "$c.p7s" ] || fail sig
[ "$(jget "$T/r.json" 'd["jobs"][0]["exit_code"]')" = 0 ] || fail exit
python3 - "$T/progress" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
assert lines, "no progress lines"
assert any(l.get("result") for l in lines)
assert {"device", "phase", "bytes", "total", "rate_bps", "eta_s"} <= set(lines[0])
PY
python3 - "$c" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
m, s, v, o = c["media"], c["sanitization"], c["verification"], c["operator"]
assert o == {"name": "Ada Tester", "title": "IT technician",
             "organization": "Test Clinic", "location": "Room 4",
             "phone": "+1 555 0100"}, o
assert m["property_number"] == "INV-1" and m["source"] == "Dr. Who's PC"
assert m["classification"] == "PHI" and m["data_backed_up"] == "yes"
assert m["backup_location"] == "vault 2" and m["type"] == "file"
assert m["serial"] is None and m["wwn"] is None   # unknown, not invented
assert c["destination"] == "external-reuse"
assert c["post_classification"] == "unclassified" and c["notes"] == "batch 7"
assert s["category"] == "clear" and s["technique"] == "overwrite"
assert s["method"] == "pattern" and s["details"]["pattern"] == "pattern:c0ffee"
assert s["details"]["passes"] == 2 and s["bytes_written"] == 2 * 24 * 2**20
assert v["method"] == "sample" and v["result"] == "passed"
assert 0.1 <= v["coverage"] < 0.3 and isinstance(v["details"]["seed"], int)
assert c["result"] == "success"
assert c["standards"] == ["NIST SP 800-88 Rev. 2 Clear", "IEEE 2883-2022 Clear"]
assert c["tool"]["name"] == "wipe" and c["tool"]["host"]["hostname"]
PY
python3 -c "
import sys; b=open(sys.argv[1],'rb').read(); p=bytes([0xc0,0xff,0xee])
assert all(b[i]==p[i%3] for i in range(0,len(b),4093))" "$T/d.img"
openssl_ok "$c" || fail "openssl rejects"
