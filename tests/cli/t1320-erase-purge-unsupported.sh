#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Purge methods on a device that has none of them (an image file): every
# explicit request exits 69 naming why, touches nothing and certifies
# nothing; inspect gives each method's reason; auto falls back to a Clear
# overwrite; `methods` labels the drive commands Purge and host overwrite
# Clear.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

make_identity
truncate -s 4M "$T/d.img"
printf 'KEEP-ME' | dd of="$T/d.img" bs=512 seek=7 conv=notrunc 2>/dev/null
sum=$(sha256sum <"$T/d.img")
purge="nvme-sanitize-crypto nvme-sanitize-block nvme-sanitize-overwrite
nvme-format-crypto nvme-format-erase ata-sanitize-crypto ata-sanitize-block
ata-sanitize-overwrite ata-secure-erase ata-secure-erase-enhanced
scsi-sanitize-crypto scsi-sanitize-block scsi-sanitize-overwrite
blk-secure-discard luks-erase"

for m in $purge; do
	run_rc rc erase --yes --method "$m" "$T/d.img" >"$T/out" 2>"$T/err"
	[ "$rc" = 69 ] || fail "$m: exit $rc"
	grep -q "does not support $m" "$T/out" "$T/err" || fail "$m: no reason"
done
[ "$(sha256sum <"$T/d.img")" = "$sum" ] || fail "the image changed"
[ -z "$(find "$T/certs" -type f 2>/dev/null)" ] || fail "a certificate was written"

"$WIPE" inspect --json "$T/d.img" >"$T/inspect.json"
python3 - "$T/inspect.json" "$purge" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["capabilities"]
want = sys.argv[2].split()
m = {x["name"]: x for x in c["methods"]}
for n in want:
    assert n in m, n
    assert m[n]["supported"] is False, m[n]
    assert m[n]["reason"], m[n]
    assert m[n]["category"] == "purge", m[n]
assert c["auto"] == "random", c["auto"]
assert m["zero"]["supported"] and m["zero"]["category"] == "clear"
assert "LUKS" in m["luks-erase"]["reason"]
PY

"$WIPE" methods --json >"$T/methods.json"
python3 - "$T/methods.json" "$purge" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "sanitas.methods/1"
m = {x["name"]: x for x in d["methods"]}
for n in sys.argv[2].split():
    assert m[n]["category"] == "purge", m[n]
for n in ("zero", "one", "random"):
    assert m[n]["category"] == "clear", m[n]   # host overwrite is Clear
assert m["nvme-format-erase"]["technique"] == "block-erase"
assert m["luks-erase"]["technique"] == "crypto-erase"
PY
echo ok
