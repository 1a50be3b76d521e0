/* SPDX-License-Identifier: Apache-2.0 */
/* The certificate verbs' view of validation records (cmd_cert_validate.c). */
#ifndef SANITAS_WIPE_CMD_CERT_VALIDATE_H
#define SANITAS_WIPE_CMD_CERT_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>

#include "wp_cert.h"

/* Whether a file @name is named like a validation record. */
bool cert_is_validation_name(const char *name);
/*
 * Verify the validation record beside the valid certificate @cert_path
 * (ID.validation.json), print it by name (unless @json) and add its
 * summary to @result's "validations". Returns the exit code it adds.
 */
int cert_validations_show(const char *cert_path,
			  const struct wp_cert_check *chk, const char *ca,
			  bool json, json_t *result);
/* Verify the validation record @path named on its own; the exit code. */
int cert_validation_verify(const char *path, const char *ca, bool json,
			   json_t *results);

#endif
