/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Trust anchors of the verify verbs: one rule for `wipe cert verify` and
 * `respond verify`. --ca PEM, else --identity DIR (its cert.pem), else the
 * default identity's cert.pem when it is readable; with none, a signer is
 * only its own anchor, which the verbs report as UNTRUSTED.
 */
#ifndef SANITAS_CLI_TRUST_H
#define SANITAS_CLI_TRUST_H

#include <stddef.h>

/* The default identity directory: $SANITAS_IDENTITY, else
 * /etc/sanitas/identity. Borrowed (environment or a literal). */
const char *cli_default_identity(void);

/*
 * The anchor file for @ca and @identity (either may be NULL; the caller
 * refuses both at once): @ca itself, or "@identity/cert.pem", or the
 * default identity's cert.pem when readable, written into @buf of @size
 * bytes. Returns @ca, @buf, or NULL when there is no anchor.
 */
const char *cli_trust_anchor(const char *ca, const char *identity, char *buf,
			     size_t size);

#endif
