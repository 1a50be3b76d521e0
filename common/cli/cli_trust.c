// SPDX-License-Identifier: Apache-2.0
/* The trust anchors of the verify verbs (cli_trust.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli_trust.h"

const char *cli_default_identity(void)
{
	const char *e = getenv("SANITAS_IDENTITY");

	return e && *e ? e : "/etc/sanitas/identity";
}

const char *cli_trust_anchor(const char *ca, const char *identity, char *buf,
			     size_t size)
{
	int n;

	if (ca)
		return ca;
	/* the identity's own certificate is the trust anchor */
	n = snprintf(buf, size, "%s/cert.pem",
		     identity ? identity : cli_default_identity());
	if (n < 0 || (size_t)n >= size)
		return NULL;
	if (identity || access(buf, R_OK) == 0)
		return buf;
	return NULL;
}
