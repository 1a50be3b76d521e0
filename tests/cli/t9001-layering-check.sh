#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# scripts/check-layering passes on a clean small tree, and fails, naming
# the file, line and rule, on each violation planted in it: a hardware
# header outside wipe/dev/, printing, getenv and an exit code in core code,
# a banned function, an oversized file and function, a file with no opening
# comment, and a message split across lines; and the project's own tree
# passes, while a copy of it with a planted violation does not; a file the
# file map of docs/HACKING.md does not name fails too.
set -euo pipefail
: "${SRCDIR:?}"
CHECK=$SRCDIR/scripts/check-layering
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# a fresh small tree for each planted violation: a core module with its
# header, a verb, and a hardware file under wipe/dev/
fresh() {
	rm -rf "$T/src"
	mkdir -p "$T/src/common" "$T/src/wipe/dev" "$T/src/respond" \
		"$T/src/tests/unit"
	cat >"$T/src/respond/rs_case.h" <<'H'
/* SPDX-License-Identifier: Apache-2.0 */
/* Cases. */
int rs_case_count(int n);
H
	cat >"$T/src/respond/rs_case.c" <<'C'
// SPDX-License-Identifier: Apache-2.0
/* Cases: a stand-in core module. */
#include <stdio.h>

#include "rs_case.h"

int rs_case_count(int n)
{
	char b[16];

	return snprintf(b, sizeof(b), "%d", n);
}
C
	cat >"$T/src/wipe/cmd_list.c" <<'C'
// SPDX-License-Identifier: Apache-2.0
/* wipe list: a verb may print and name exit codes. */
#include <stdio.h>
#include <sysexits.h>

int cmd_list(int argc, char **argv);
int cmd_list(int argc, char **argv)
{
	(void)argv;
	printf("%d\n", argc);
	return EX_OK;
}
C
	cat >"$T/src/wipe/dev/wp_dev.h" <<'H'
/* SPDX-License-Identifier: Apache-2.0 */
/* The drive seam. */
int wp_dev_probe(void);
H
	cat >"$T/src/wipe/dev/dev.c" <<'C'
// SPDX-License-Identifier: Apache-2.0
/* Drives: the only code that touches them. */
#include <libudev.h>
#include <linux/fs.h>

#include "wp_dev.h"

int wp_dev_probe(void)
{
	return 0;
}
C
}

# plant FILE RULE PATTERN: after the caller edited FILE, the check fails
# with exit 1 and reports FILE: ... RULE: ... matching PATTERN
expect() {
	local file=$1 rule=$2 rc=0
	"$CHECK" "$T/src" 2>"$T/err" >/dev/null || rc=$?
	[ "$rc" -eq 1 ] || fail "$rule in $file: exit $rc, want 1"
	grep -q "^$file:[0-9]*: $rule: " "$T/err" ||
		fail "$rule in $file not reported: $(cat "$T/err")"
}

core=respond/rs_case.c

fresh
"$CHECK" "$T/src" 2>"$T/err" || fail "the clean tree: $(cat "$T/err")"
lines=$(wc -l <"$T/src/$core")
fresh
sed -i '2a #include <libudev.h>' "$T/src/$core"
expect "$core" hardware
fresh
printf 'void x_print(void);\nvoid x_print(void)\n{\n\tprintf("hi\\n");\n}\n' \
	>>"$T/src/$core"
expect "$core" core-io
fresh
printf 'const char *x_env(void);\nconst char *x_env(void)\n{\n\treturn getenv("HOME");\n}\n' \
	>>"$T/src/$core"
expect "$core" core-io
fresh
printf 'int x_code(void);\nint x_code(void)\n{\n\treturn EX_DATAERR;\n}\n' \
	>>"$T/src/$core"
expect "$core" core-io
fresh
printf 'int x_num(const char *s);\nint x_num(const char *s)\n{\n\treturn atoi(s);\n}\n' \
	>>"$T/src/wipe/cmd_list.c"
expect wipe/cmd_list.c banned
fresh
{
	printf 'void x_long(int *v);\nvoid x_long(int *v)\n{\n'
	for i in $(seq 160); do printf '\t*v += %d;\n' "$i"; done
	printf '}\n'
} >>"$T/src/$core"
expect "$core" size
fresh
for i in $(seq $((1001 - lines))); do echo "/* line $i */"; done \
	>>"$T/src/$core"
expect "$core" size
fresh
sed -i 2d "$T/src/$core"
sed -n 2p "$T/src/$core" | grep -q '^/\*' && fail "could not strip the comment"
expect "$core" opening
fresh
printf 'int x_msg(struct cm_err *e);\nint x_msg(struct cm_err *e)\n{\n\treturn cm_err_set(e, -EINVAL, "a message split "\n\t\t\t  "in two");\n}\n' \
	>>"$T/src/$core"
expect "$core" split

# and a usage error is told apart
rc=0
"$CHECK" --bogus 2>/dev/null || rc=$?
[ "$rc" -eq 64 ] || fail "unknown option: exit $rc, want 64"
rc=0
"$CHECK" "$T/nowhere" 2>/dev/null || rc=$?
[ "$rc" -eq 66 ] || fail "not a checkout: exit $rc, want 66"

# the project's own tree passes as it is (this is what scripts/test runs
# first), and a copy of it fails once a core file reaches for a drive
"$CHECK" "$SRCDIR" 2>"$T/err" >/dev/null ||
	fail "the project's tree: $(cat "$T/err")"
mkdir "$T/real"
cp -a "$SRCDIR/common" "$SRCDIR/wipe" "$SRCDIR/respond" "$T/real/"
mkdir -p "$T/real/tests"
cp -a "$SRCDIR/tests/unit" "$SRCDIR/tests/fuzz" "$T/real/tests/"
sed -i '2a #include <linux/nvme_ioctl.h>' "$T/real/wipe/erase.c"
rc=0
"$CHECK" "$T/real" 2>"$T/err" >/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "planted in the real tree: exit $rc, want 1"
grep -q '^wipe/erase.c:3: hardware: ' "$T/err" ||
	fail "the planted include not reported: $(cat "$T/err")"

# the file map of docs/HACKING.md: a file it does not name fails the check
fresh
mkdir -p "$T/src/docs"
{
	echo '## Every file'
	echo '```'
	echo 'respond/'
	echo '  rs_case.c   Cases'
	echo 'wipe/'
	echo '  cmd_list.c  wipe list'
	echo 'wipe/dev/'
	echo '  dev.c       Drives'
	echo '```'
} >"$T/src/docs/HACKING.md"
"$CHECK" "$T/src" 2>"$T/err" || fail "a complete map: $(cat "$T/err")"
sed -i '/cmd_list.c/d' "$T/src/docs/HACKING.md"
expect wipe/cmd_list.c map
