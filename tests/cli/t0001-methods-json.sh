#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# wipe methods --json: the sanitas.methods/1 document lists every method of
# the CLI with its NIST category; host overwrite is never labelled Purge.
set -euo pipefail
. "$SRCDIR/tests/lib/wipe.bash"

"$WIPE" methods --json >"$T/m.json"
python3 - "$T/m.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "sanitas.methods/1", d["schema"]
by = {m["name"]: m for m in d["methods"]}
for m in d["methods"]:
    assert list(m) == ["name", "category", "technique", "media", "description"], list(m)
    assert isinstance(m["media"], list) and m["media"]
purge = ["nvme-sanitize-crypto", "nvme-sanitize-block", "nvme-sanitize-overwrite",
         "nvme-format-crypto", "nvme-format-erase", "ata-sanitize-crypto",
         "ata-sanitize-block", "ata-sanitize-overwrite", "ata-secure-erase",
         "ata-secure-erase-enhanced", "scsi-sanitize-crypto", "scsi-sanitize-block",
         "scsi-sanitize-overwrite", "blk-secure-discard", "luks-erase"]
for n in purge:
    assert by[n]["category"] == "purge", n
for n in ["zero", "one", "random", "pattern:HEX"]:
    assert by[n]["category"] == "clear", n
    assert by[n]["technique"] == "overwrite", n
assert by["nvme-sanitize-crypto"]["technique"] == "crypto-erase"
assert by["luks-erase"]["technique"] == "crypto-erase"
assert "auto" in by
PY
# the human table lists the same names
for n in zero random luks-erase nvme-format-erase ata-secure-erase-enhanced; do
	"$WIPE" methods | grep -q "^$n " || fail "table lacks $n"
done
run_rc rc "$WIPE" methods extra
[ "$rc" -eq 64 ] || fail "extra argument: exit $rc"
