// SPDX-License-Identifier: Apache-2.0
/* authorized_keys lines, fingerprints and sshd_config (revoke/sshkeys.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rs_sshkeys.h"

/* ssh-keygen -t ed25519; `ssh-keygen -lf` prints the fingerprint below */
static const char key[] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBDO9sfe2Jvi"
			  "fmtby7ZBu5HE9kjBDKUjg1T4WNTfG6nS leaked";
static const char key_fp[] =
	"SHA256:df3tqd1Sgg857Cy7huP0t31y7uJdil33LwyTfHxLyoU";

static void test_lines(void **state)
{
	struct rs_ssh_line l;
	char opt[512];

	(void)state;
	assert_int_equal(rs_ssh_parse_line(key, strlen(key), &l), 0);
	assert_string_equal(l.type, "ssh-ed25519");
	assert_string_equal(l.fp, key_fp);
	rs_ssh_line_release(&l);
	/* options with quoted spaces and commas */
	snprintf(opt, sizeof(opt),
		 "from=\"10.0.0.0/8,192.168.1.1\",command=\"echo \\\"a b\\\"\","
		 "no-pty %s",
		 key);
	assert_int_equal(rs_ssh_parse_line(opt, strlen(opt), &l), 0);
	assert_string_equal(l.fp, key_fp);
	rs_ssh_line_release(&l);
	assert_int_equal(rs_ssh_parse_line("", 0, &l), 1);
	assert_int_equal(rs_ssh_parse_line("  # c", 5, &l), 1);
	assert_int_equal(rs_ssh_parse_line("ssh-ed25519", 11, &l), -EINVAL);
	assert_int_equal(rs_ssh_parse_line("ssh-rsa !!!!", 12, &l), -EINVAL);
	/* the blob must name the same type as the line */
	assert_int_equal(rs_ssh_parse_line("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAI"
					   "BDO9sfe2Jvifmtby7ZBu5HE9kjBDKUjg1T"
					   "4WNTfG6nS",
					   75, &l),
			 -EINVAL);
}

static void test_fingerprints(void **state)
{
	uint8_t h[32];
	char s[RS_SSH_FP_LEN];

	(void)state;
	assert_int_equal(rs_ssh_fp_parse(key_fp, h), 0);
	rs_ssh_fp_str(h, s);
	assert_string_equal(s, key_fp);
	assert_int_equal(rs_ssh_fp_parse("MD5:aa:bb", h), -EINVAL);
	assert_int_equal(rs_ssh_fp_parse("SHA256:short", h), -EINVAL);
	assert_int_equal(rs_ssh_fp_parse("SHA256:df3tqd1Sgg857Cy7huP0t31y7uJd"
					 "il33LwyTfHxLyo*",
					 h),
			 -EINVAL);
}

static void test_sshd_config(void **state)
{
	struct rs_sshd_conf c;
	char *p;

	(void)state;
	assert_int_equal(rs_sshd_conf_parse("# x\nauthorizedkeysfile = "
					    "/etc/ssh/keys/%u .ssh/ak\n"
					    "RevokedKeys /etc/ssh/krl\n"
					    "RevokedKeys /second\n"
					    "Match User bob\n"
					    "  AuthorizedKeysFile /nope\n",
					    &c),
			 0);
	assert_string_equal(c.authorized_keys_file, "/etc/ssh/keys/%u .ssh/ak");
	assert_string_equal(c.revoked_keys, "/etc/ssh/krl");
	assert_false(c.keys_command);
	assert_false(c.user_ca);
	rs_sshd_conf_release(&c);
	assert_int_equal(
		rs_sshd_conf_parse("AuthorizedKeysCommand /usr/bin/k %u\n"
				   "TrustedUserCAKeys=/etc/ssh/ca.pub\n",
				   &c),
		0);
	assert_true(c.keys_command);
	assert_true(c.user_ca);
	rs_sshd_conf_release(&c);
	assert_int_equal(rs_sshd_conf_parse("AuthorizedKeysCommand none\n", &c),
			 0);
	assert_false(c.keys_command);
	rs_sshd_conf_release(&c);
	assert_int_equal(rs_sshd_conf_parse("RevokedKeys none\n", &c), 0);
	assert_null(c.revoked_keys);
	assert_string_equal(c.authorized_keys_file,
			    ".ssh/authorized_keys .ssh/authorized_keys2");
	rs_sshd_conf_release(&c);
	assert_int_equal(rs_sshd_expand("%h/.ssh/k_%u_%U_%%", "al", "/home/al",
					1000, &p),
			 0);
	assert_string_equal(p, "/home/al/.ssh/k_al_1000_%");
	free(p);
	assert_int_equal(rs_sshd_expand(".ssh/authorized_keys", "al",
					"/home/al", 1000, &p),
			 0);
	assert_string_equal(p, "/home/al/.ssh/authorized_keys");
	free(p);
	assert_int_equal(rs_sshd_expand("%x", "al", "/h", 1, &p), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_fingerprints),
		cmocka_unit_test(test_sshd_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
