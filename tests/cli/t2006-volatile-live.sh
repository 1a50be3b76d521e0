#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# collect.volatile on the live system: a process whose executable was
# deleted is flagged with the SHA-256 of the binary it runs, a listening
# socket is tied to its owning pid, and system facts match /proc.
set -euo pipefail
: "${BIN:?}" "${SRCDIR:?}"
T=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cp /bin/sleep "$T/implant"
want=$(sha256sum "$T/implant" | cut -d' ' -f1)
"$T/implant" 300 &
pids+=($!)
implant=$!
# delete the binary only once the process runs it
for _ in $(seq 1 100); do
	[ "$(readlink "/proc/$implant/exe" 2>/dev/null)" = "$T/implant" ] && break
	sleep 0.05
done
[ "$(readlink "/proc/$implant/exe")" = "$T/implant" ] || fail "implant did not start"
rm "$T/implant"
python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(300)' >"$T/port" &
pids+=($!)
listener=$!
for _ in $(seq 1 100); do [ -s "$T/port" ] && break; sleep 0.05; done
port=$(cat "$T/port")

cat >"$T/pb.yaml" <<'YAML'
schema: sanitas.playbook/1
id: live-volatile
steps:
  - id: volatile
    action: collect.volatile
YAML
"$BIN/respond" run "$T/pb.yaml" --case "$T/case" --quiet 2>/dev/null || fail "run"
(cd "$T/case" && sha256sum -c --quiet SHA256SUMS) || fail "sha256sum -c"
mkdir "$T/x"
bsdtar -xf "$T/case/evidence/volatile.tar.zst" -C "$T/x"
for m in processes open-files sockets routes neighbours interfaces mounts modules users system; do
	[ -s "$T/x/volatile/$m.json" ] || fail "missing volatile/$m.json"
done
python3 - "$T/x/volatile" "$implant" "$want" "$listener" "$port" <<'PY' || fail "volatile content"
import json, os, sys
d, implant, want, listener, port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
procs = {p["pid"]: p for p in json.load(open(os.path.join(d, "processes.json")))}
p = procs[implant]
assert p["exe_deleted"] is True and p["exe"].endswith(" (deleted)"), p
assert p["exe_sha256"] == want, p
assert p["cmdline"][1] == "300" and p["ppid"] > 0 and len(p["uids"]) == 4
socks = json.load(open(os.path.join(d, "sockets.json")))
ls = [s for s in socks if s["proto"] == "tcp" and s["local"] == "127.0.0.1:" + port]
assert ls and ls[0]["state"] == "LISTEN" and listener in ls[0]["pids"], ls
files = json.load(open(os.path.join(d, "open-files.json")))["files"]
assert any(f["pid"] == listener and f["target"].startswith("socket:[") for f in files)
sysj = json.load(open(os.path.join(d, "system.json")))
assert sysj["hostname"] == open("/proc/sys/kernel/hostname").read().strip()
assert sysj["kernel"]["release"] == os.uname().release
mounts = json.load(open(os.path.join(d, "mounts.json")))
assert any(m["mountpoint"] == "/" for m in mounts)
PY
echo ok
