// SPDX-License-Identifier: Apache-2.0
/* libFuzzer: authorized_keys lines, sshd_config and fingerprints. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rs_sshkeys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rs_ssh_line l;
	struct rs_sshd_conf c;
	char *s = malloc(size + 1);
	uint8_t h[32];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (rs_ssh_parse_line(s, size, &l) == 0) {
		char fp[RS_SSH_FP_LEN];

		if (rs_ssh_fp_parse(l.fp, h) || memcmp(h, l.sha256, 32))
			abort();
		rs_ssh_fp_str(h, fp);
		if (strcmp(fp, l.fp))
			abort();
		rs_ssh_line_release(&l);
	}
	(void)rs_ssh_fp_parse(s, h);
	if (rs_sshd_conf_parse(s, &c) == 0)
		rs_sshd_conf_release(&c);
	free(s);
	return 0;
}
