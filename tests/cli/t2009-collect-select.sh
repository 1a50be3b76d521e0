#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# collect.files selection: excludes (a path, or a base-name glob), max_depth
# and max_total_size; whatever is left out is listed with why, and a glob
# through a symlinked directory records the link, never what it points to.
. "$SRCDIR/tests/lib/respond.bash"
rt_setup
# a directory link pointing out of the tree
ln -s /usr/share "$HOSTTREE/home/bob/shared"
[ -z "$RUN" ] || chown -h nobody:nogroup "$HOSTTREE/home/bob/shared"
cat >"$T/pb.yaml" <<'YAML'
schema: sanitas.playbook/1
id: select-test
steps:
  - id: logs
    action: collect.files
    with:
      paths: [/var/log/**]
      exclude: [/var/log/nginx, "*.log"]
  - id: etc
    action: collect.files
    with: {paths: [/etc/**], max_depth: 1}
  - id: homes
    action: collect.files
    with: {paths: ["/home/*/shared/**", /home/bob/.bash_history]}
  - id: capped
    action: collect.files
    with: {paths: [/etc/**], max_total_size: 300}
YAML
rc=0
$RUN "$BIN/respond" run "$T/pb.yaml" --root "$HOSTTREE" --case "$CASES/c" --identity "$ID" --quiet || rc=$?
[ "$rc" -eq 0 ] || rt_fail "run exited $rc"
"$BIN/respond" verify "$CASES/c" >/dev/null || rt_fail "verify"
python3 - "$CASES/c/evidence" <<'PY' || rt_fail "selection"
import json, os, sys
ev = sys.argv[1]
def man(step):
    m = json.load(open(os.path.join(ev, step + ".manifest")))
    return {e["member"]: e for e in m["members"]}, {s["path"]: s["reason"] for s in m["skipped"]}
mem, skip = man("logs")
assert "var/log/syslog" in mem
assert skip["var/log/nginx"] == "excluded by '/var/log/nginx'", skip
assert skip["var/log/auth.log"] == "excluded by '*.log'", skip
assert not any(k.startswith("var/log/nginx/") for k in list(mem) + list(skip))
mem, skip = man("etc")
assert "etc/passwd" in mem and "etc/ssh" in mem
assert "etc/ssh/sshd_config" not in mem
assert "deeper than max_depth 1" in skip["etc/ssh"], skip
mem, skip = man("homes")
link = mem["home/bob/shared"]
assert link["type"] == "symlink" and link["target"] == "/usr/share" and link["followed"] is False
assert not any(k.startswith("home/bob/shared/") for k in mem), sorted(mem)
assert "home/bob/.bash_history" in mem
mem, skip = man("capped")
total = sum(e["size"] for e in mem.values() if e["type"] == "file")
assert total <= 300, total
assert any("over max_total_size" in r for r in skip.values()), skip
PY
echo ok
