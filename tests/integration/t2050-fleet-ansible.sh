#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The fleet role (scripts/ansible) run by Debian's ansible-playbook against
# three sshd instances this test starts on loopback ports, each host with
# its own host tree (--root): respond and the triage playbook copied to
# each, run there into a case (encrypted with --encrypt-to when this
# respond has it), the three cases fetched and checked by respond verify
# DIR in the role; then checked here: sha256sum -c and openssl cms -verify
# of each fetched case, each case's root its own host's, respond verify
# --json of the directory, and one flipped byte named by the summary
# (exit 1) while the other two stay intact.
set -euo pipefail
: "${SRCDIR:?}" "${BIN:?}"
. "$SRCDIR/tests/lib/respond.bash"
skip() {
	echo "SKIP: $*"
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip "needs root (sshd)"
command -v ansible-playbook >/dev/null || skip "ansible is not installed"
[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed"
rt_setup
SSHD_PIDS=()
MADE_RUN_SSHD=
stop_all() {
	local p
	for p in "${SSHD_PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	[ -z "$MADE_RUN_SSHD" ] || rmdir /run/sshd 2>/dev/null || true
	rm -rf "$T"
}
trap stop_all EXIT
# sshd's privilege separation directory, made only when absent
if [ ! -d /run/sshd ]; then
	mkdir -m 0755 /run/sshd
	MADE_RUN_SSHD=1
fi

S=$T/ssh
mkdir -m 0700 "$S"
ssh-keygen -q -t ed25519 -N '' -f "$S/hostkey"
ssh-keygen -q -t ed25519 -N '' -f "$S/client"
cp "$S/client.pub" "$S/authorized_keys"
: >"$T/inventory"
printf '[fleet]\n' >>"$T/inventory"
for n in 1 2 3; do
	"$SRCDIR/tests/fixtures/make-host" "$T/host$n" >/dev/null
	printf 'host %s of the fleet\n' "$n" >"$T/host$n/etc/motd"
	started=
	for _ in $(seq 20); do
		port=$((20000 + RANDOM % 20000))
		cat >"$S/sshd-$n.conf" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $S/hostkey
PidFile $S/sshd-$n.pid
AuthorizedKeysFile $S/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
CONF
		rm -f "$S/sshd-$n.pid"
		if /usr/sbin/sshd -f "$S/sshd-$n.conf" -E "$S/sshd-$n.log"; then
			for _ in $(seq 50); do
				[ -s "$S/sshd-$n.pid" ] && break
				sleep 0.1
			done
			if [ -s "$S/sshd-$n.pid" ]; then
				started=$port
				break
			fi
		fi
	done
	[ -n "$started" ] || rt_fail "sshd $n did not start: $(cat "$S/sshd-$n.log" 2>/dev/null)"
	SSHD_PIDS+=("$(cat "$S/sshd-$n.pid")")
	mkdir -m 0700 "$T/remote$n"
	printf 'h%s ansible_host=127.0.0.1 ansible_port=%s respond_root=%s respond_remote_dir=%s\n' \
		"$n" "$started" "$T/host$n" "$T/remote$n" >>"$T/inventory"
done
cat >>"$T/inventory" <<INV
[fleet:vars]
ansible_user=root
ansible_ssh_private_key_file=$S/client
ansible_ssh_common_args=-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes
ansible_python_interpreter=/usr/bin/python3
INV
# ansible's own state in the test's directory, never in root's home
export ANSIBLE_HOME=$T/ans ANSIBLE_LOCAL_TEMP=$T/ans/tmp ANSIBLE_REMOTE_TEMP=$T/ans/remote
export ANSIBLE_SSH_CONTROL_PATH_DIR=$T/ans/cp ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0
export ANSIBLE_ROLES_PATH=$SRCDIR/scripts/ansible/roles
mkdir -p "$T/ans"
# no ansible.cfg of the checkout or the user: ours, empty
: >"$T/ans/ansible.cfg"
export ANSIBLE_CONFIG=$T/ans/ansible.cfg

# the variables, as JSON (the sanitizer's options reach the remote run)
enc=
if "$BIN/respond" run --help 2>&1 | grep -q -- "--encrypt-to"; then
	command -v age-keygen >/dev/null || skip "respond has --encrypt-to but age is not installed"
	age-keygen -o "$T/age.key" 2>/dev/null
	enc=$(age-keygen -y "$T/age.key")
fi
python3 - "$T/vars.json" <<PY
import json, sys
v = {
    "respond_binary": "$BIN/respond",
    "respond_playbook": "$PLAYBOOK",
    "respond_identity": "$ID",
    "respond_set": {"max_file_size": "1M"},
    "respond_yes": True,
    "respond_fetch_dir": "$T/fetched",
    "respond_local_binary": "$BIN/respond",
    "respond_verify_args": ["--ca", "$ID/cert.pem"],
    "respond_environment": {
        "ASAN_OPTIONS": "${ASAN_OPTIONS:-}",
        "LSAN_OPTIONS": "${LSAN_OPTIONS:-}",
        "UBSAN_OPTIONS": "${UBSAN_OPTIONS:-}",
    },
}
if "$enc":
    v["encrypt_to"] = ["$enc"]
json.dump(v, open(sys.argv[1], "w"))
PY
ansible-playbook -i "$T/inventory" -e "@$T/vars.json" \
	"$SRCDIR/scripts/ansible/fleet.yml" >"$T/ansible.log" 2>&1 ||
	rt_fail "ansible-playbook: $(tail -40 "$T/ansible.log")"
grep -q "3 cases: 3 intact, 0 failed" "$T/ansible.log" ||
	rt_fail "the role's respond verify: $(tail -40 "$T/ansible.log")"

# three cases fetched, each whole and sealed, each of its own host tree
n=0
for c in "$T"/fetched/h*/h*-*; do
	n=$((n + 1))
	h=$(basename "$(dirname "$c")")
	(cd "$c" && sha256sum -c --quiet SHA256SUMS) || rt_fail "$h: sha256sum -c"
	openssl cms -verify -binary -inform DER -in "$c/SHA256SUMS.p7s" \
		-content "$c/SHA256SUMS" -CAfile "$ID/cert.pem" -purpose any \
		-out /dev/null 2>/dev/null || rt_fail "$h: openssl cms -verify"
	[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["host"]["root"])' "$c/case.json")" = "$T/host${h#h}" ] ||
		rt_fail "$h: its case is not of its own tree"
	cmp -s "$c/SHA256SUMS" "$T/remote${h#h}/cases/$(basename "$c")/SHA256SUMS" ||
		rt_fail "$h: the fetched seal differs from the host's"
done
[ "$n" -eq 3 ] || rt_fail "fetched $n cases, want 3: $(ls -R "$T/fetched")"
# encrypted to the responders: Debian's age decrypts a fetched archive
if [ -n "$enc" ]; then
	a=$(ls "$T"/fetched/h1/h1-*/evidence/*.age | head -1)
	[ -n "$a" ] || rt_fail "no encrypted archive in the fetched case"
	age -d -i "$T/age.key" -o "$T/plain" "$a" || rt_fail "age -d $(basename "$a")"
	[ -s "$T/plain" ] || rt_fail "age -d gave nothing"
fi
"$BIN/respond" verify --ca "$ID/cert.pem" --json "$T/fetched" >"$T/v.json" ||
	rt_fail "respond verify DIR: $(cat "$T/v.json")"
python3 - "$T/v.json" "$enc" <<'PY' || rt_fail "respond verify --json: $(cat "$T/v.json")"
import json, sys
d = json.load(open(sys.argv[1]))
enc = sys.argv[2] != ""
assert d["schema"] == "sanitas.verify-cases/1"
assert d["all_intact"] is True and d["counts"] == {"cases": 3, "intact": 3, "failed": 0}
assert sorted(c["root"][-5:] for c in d["cases"]) == ["host1", "host2", "host3"]
for c in d["cases"]:
    assert c["seal"] == "intact" and c["signer"].endswith("CN=Tester"), c
    assert c["files"] > 0, c
    # encrypted archives are checked by the seal only, without the key
    assert (c["encrypted_archives"] or 0) > 0 if enc else c["archives"] > 0, c
PY
# one flipped byte in one fetched case: named, exit 1, the others intact
c=$(ls -d "$T"/fetched/h2/h2-*)
python3 - "$c/case.json" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x01
open(p, "wb").write(b)
PY
rc=0
"$BIN/respond" verify --ca "$ID/cert.pem" "$T/fetched" >"$T/v.txt" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || rt_fail "a damaged case: exit $rc, want 1: $(cat "$T/v.txt")"
grep -q "^h2/h2-[^ ]* .* MISMATCH " "$T/v.txt" || rt_fail "the damaged case is not named: $(cat "$T/v.txt")"
[ "$(grep -c " intact " "$T/v.txt")" -eq 2 ] || rt_fail "the other two: $(cat "$T/v.txt")"
grep -q "^3 cases: 2 intact, 1 failed$" "$T/v.txt" || rt_fail "total: $(cat "$T/v.txt")"
exit 0
