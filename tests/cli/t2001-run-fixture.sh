#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The shipped evidence-triage playbook on the fixture host tree (--root):
# the case checks out with stock tools, archives keep modes, times and
# xattrs, every manifest hash matches the extracted bytes, what was not
# collected is listed with its reason, and the source is left untouched.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
C=$CASES/case

# the source before: bytes (read with O_NOATIME), mtime and atime
snap() {
	python3 - "$HOSTTREE" <<'PY'
import hashlib, os, sys
root = sys.argv[1]
for d, dirs, files in sorted(os.walk(root)):
    dirs.sort()
    for f in sorted(files):
        p = os.path.join(d, f)
        st = os.lstat(p)
        h = "-"
        if os.path.isfile(p) and not os.path.islink(p) and f != "restricted.log":
            fd = os.open(p, os.O_RDONLY | os.O_NOATIME)
            h = hashlib.sha256(os.read(fd, 1 << 24)).hexdigest()
            os.close(fd)
        print(os.path.relpath(p, root), st.st_size, st.st_mtime_ns, st.st_atime_ns, h)
PY
}
snap >"$T/before"

rc=0
rt_triage "$C" || rc=$?
[ "$rc" -eq 0 ] || rt_fail "run exited $rc"

snap >"$T/after"
cmp "$T/before" "$T/after" || rt_fail "collection changed the source (bytes or times)"

# independent checks of the seal
(cd "$C" && sha256sum -c --quiet SHA256SUMS) || rt_fail "sha256sum -c"
openssl cms -verify -binary -inform DER -in "$C/SHA256SUMS.p7s" \
	-content "$C/SHA256SUMS" -CAfile "$ID/cert.pem" -purpose any \
	-out /dev/null 2>/dev/null || rt_fail "openssl cms -verify"
"$BIN/respond" verify "$C" >/dev/null || rt_fail "respond verify"
"$BIN/respond" verify --ca "$ID/cert.pem" "$C" >/dev/null || rt_fail "respond verify --ca"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/other.key" -out "$T/other.pem" -subj /O=Other/CN=Mallory -days 30 2>/dev/null
rc=0
"$BIN/respond" verify --ca "$T/other.pem" "$C" >/dev/null 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "SHA256SUMS.p7s: signature does not verify" "$T/err" ||
	rt_fail "verify against another CA: rc=$rc $(cat "$T/err")"
for f in case.json custody.jsonl report.md playbook.yaml evidence/logs.tar.zst \
	evidence/logs.manifest evidence/users.tar.zst evidence/tmp.manifest; do
	grep -q "  $f\$" "$C/SHA256SUMS" || rt_fail "$f not in SHA256SUMS"
done

# permissions: 0700 directories, 0600 files, no private key inside
[ "$(stat -c %a "$C")" = 700 ] || rt_fail "case dir is not 0700"
[ -z "$(find "$C" -type f ! -perm 0600)" ] || rt_fail "a case file is not 0600"
[ -z "$(find "$C" -type d ! -perm 0700)" ] || rt_fail "a case dir is not 0700"
! grep -rqa "PRIVATE KEY" "$C" || rt_fail "a private key was copied into the case"

# volatile state under --root: not applicable, not failed
python3 - "$C/case.json" <<'PY' || rt_fail "case.json"
import json, sys
c = json.load(open(sys.argv[1]))
assert c["schema"] == "sanitas.case/1" and c["status"] == "complete", c["status"]
st = {s["id"]: s["status"] for s in c["steps"]}
assert st == {"volatile": "not_applicable", "system": "ok", "logs": "ok",
              "users": "ok", "tmp": "ok"}, st
assert c["host"]["dead_box"] is True
PY

# bsdtar lists the original modes and times
bsdtar -tvf "$C/evidence/logs.tar.zst" >"$T/logs.lst"
grep -Eq '^-rw-r-----.* Jan 15  2024 var/log/auth.log$' "$T/logs.lst" ||
	rt_fail "auth.log mode/time in bsdtar -tv: $(grep auth.log "$T/logs.lst")"
bsdtar -tvf "$C/evidence/users.tar.zst" >"$T/users.lst"
grep -Eq '^-rw-------.* Jun 30  2023 home/alice/.ssh/authorized_keys$' "$T/users.lst" ||
	rt_fail "authorized_keys in bsdtar -tv"
grep -Eq '^lrwxrwxrwx.* home/alice/.ssh/id_backup -> \.\./\.\./\.\./\.\./\.\./\.\./\.\./etc/shadow$' \
	"$T/users.lst" || rt_fail "escaping symlink not archived as a link"
# the xattr travels in the pax header
zstd -dc "$C/evidence/logs.tar.zst" | grep -aq 'SCHILY.xattr.user.sanitas.origin=fixture' ||
	rt_fail "xattr not in the pax header"

# every manifest hash matches the extracted bytes; skipped files have reasons
mkdir "$T/x"
for a in "$C"/evidence/*.tar.zst; do
	s=$(basename "$a" .tar.zst)
	mkdir "$T/x/$s"
	bsdtar -xpf "$a" -C "$T/x/$s"
done
python3 - "$C/evidence" "$T/x" "$HOSTTREE" <<'PY' || rt_fail "manifests"
import hashlib, json, os, sys
ev, x, host = sys.argv[1:4]
skipped = {}
for name in sorted(os.listdir(ev)):
    if not name.endswith(".manifest"):
        continue
    step = name[:-len(".manifest")]
    m = json.load(open(os.path.join(ev, name)))
    assert m["schema"] == "sanitas.manifest/1"
    for e in m["members"]:
        p = os.path.join(x, step, e["member"])
        if e["type"] == "file":
            h = hashlib.sha256(open(p, "rb").read()).hexdigest()
            assert h == e["sha256"], (step, e["member"])
            assert os.path.getsize(p) == e["size"]
            src = os.path.join(host, e["member"])
            assert open(src, "rb").read() == open(p, "rb").read(), e["member"]
            assert int(e["mode"], 8) == os.lstat(src).st_mode & 0o7777
            assert e["mtime_ns"] == os.lstat(src).st_mtime_ns
        elif e["type"] == "symlink":
            assert os.readlink(p) == e["target"] and e["followed"] is False
    for s in m["skipped"]:
        skipped[s["path"]] = s["reason"]
    if step == "users":
        esc = [e for e in m["members"] if e["member"] == "home/alice/.ssh/id_backup"]
        assert esc and esc[0]["escapes_root"] is True and "outside" in esc[0]["note"]
    if step == "logs":
        sl = [e for e in m["members"] if e["member"] == "var/log/syslog"]
        assert sl and sl[0]["xattrs"] == ["user.sanitas.origin"], sl
assert "over max_file_size" in skipped["var/log/huge.log"], skipped
assert "unreadable" in skipped["var/log/restricted.log"], skipped
assert "special file (fifo)" in skipped["tmp/.pipe"], skipped
PY
echo ok
