#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Filenames are bytes: a file named with bytes that are not UTF-8 in a
# collected tree (any user can create /tmp/$'\xff') is archived with its
# exact name (pax hdrcharset=BINARY; bsdtar -t lists it, and extracting it
# gives the same bytes), its manifest entry carries a display form and the
# raw name in base64, every step runs, and the case verifies. A symlink
# whose target is not UTF-8 is recorded the same way, and the manifest's
# times carry their nanoseconds in the text.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
command -v bsdtar >/dev/null || exit 77
name=$'caf\xe9-\xff.txt'
printf 'not utf-8 but evidence\n' >"$HOSTTREE/tmp/$name"
ln -s $'/tmp/\xfe' "$HOSTTREE/tmp/link"
chmod -R a+rX "$HOSTTREE/tmp"
C=$CASES/c1
rt_triage "$C" || rt_fail "the run failed on a non-UTF-8 name"
/usr/bin/python3 - "$C" "$HOSTTREE" <<'PY' || rt_fail "the record is not whole"
import base64, json, os, sys
c = sys.argv[1]
case = json.load(open(c + "/case.json"))
st = {s["id"]: s for s in case["steps"]}
assert st["tmp"]["status"] == "ok", st["tmp"]
for s in case["steps"]:
    assert s["status"] in ("ok", "not_applicable"), (s["id"], s["status"], s["error"])
man = json.load(open(c + "/evidence/tmp.manifest"))
m = [x for x in man["members"] if "member_b64" in x]
names = {base64.b64decode(x["member_b64"]) for x in m}
assert b"tmp/caf\xe9-\xff.txt" in names, names
assert any(x["member"] == "tmp/caf\ufffd-\ufffd.txt" for x in m), m
f = [x for x in m if x["member"] == "tmp/caf\ufffd-\ufffd.txt"][0]
ns = os.stat(os.path.join(sys.argv[2].encode(), b"tmp/caf\xe9-\xff.txt")).st_mtime_ns
assert f["mtime"].endswith(".%09dZ" % (ns % 10**9)), (f["mtime"], ns)
ln = [x for x in man["members"] if x["member"] == "tmp/link"][0]
assert base64.b64decode(ln["target_b64"]) == b"/tmp/\xfe", ln
for line in open(c + "/custody.jsonl"):
    e = json.loads(line)
    if e["event"] == "step.result" and e["details"]["step"] == "tmp":
        assert e["details"]["status"] == "ok", e
        break
else:
    raise SystemExit("no step.result for tmp")
PY
bsdtar -tf "$C/evidence/tmp.tar.zst" >"$T/list" || rt_fail "bsdtar -t"
# bsdtar shows the bytes it cannot print as octal escapes
grep -qxF 'tmp/caf\351-\377.txt' "$T/list" || rt_fail "bsdtar does not list it: $(cat "$T/list")"
mkdir "$T/x"
bsdtar -xf "$C/evidence/tmp.tar.zst" -C "$T/x" || rt_fail "bsdtar -x"
cmp "$HOSTTREE/tmp/$name" "$T/x/tmp/$name" || rt_fail "extracted bytes or name differ"
"$BIN/respond" verify "$C" >/dev/null || rt_fail "respond verify"
(cd "$C" && sha256sum -c --quiet SHA256SUMS) || rt_fail "sha256sum -c"
exit 0
