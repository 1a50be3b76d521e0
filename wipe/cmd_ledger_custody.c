// SPDX-License-Identifier: Apache-2.0
/*
 * wipe ledger custody add: one signed chain-of-custody event, made by the
 * person responsible and stored in the ledger in one transaction.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_fail.h"
#include "cli_passphrase.h"
#include "cmd_ledger.h"
#include "wp_custody.h"
#include "wp_ledger_custody.h"

static const char usage_text[] =
	"usage: wipe ledger custody add --serial S\n"
	"                   --event received|sanitized|validated|shipped|destroyed\n"
	"                   --by DIR [--where PLACE] [--note TEXT]\n"
	"                   [--passphrase-file F]\n"
	"\n"
	"Record one chain-of-custody event of the medium with serial S, signed\n"
	"by the person responsible (the identity DIR, whose name, title and\n"
	"organisation it carries), and store it in the ledger: the ledger must\n"
	"trust that identity. 'wipe ledger show --serial S' gives the medium's\n"
	"whole history in order.\n"
	"\n"
	"Exit: 0 stored; 64 usage; 66 no anchors; 74 database error; 77 the\n"
	"ledger does not trust the identity; 78 its key stays locked.\n";

int cmd_ledger_custody(int argc, char **argv, const char *opt,
		       const char *(*where)(const char *opt, struct cm_err *err,
					    int *rc))
{
	static const struct option longopts[] = {
		{"serial", required_argument, NULL, 's'},
		{"event", required_argument, NULL, 'e'},
		{"by", required_argument, NULL, 'b'},
		{"where", required_argument, NULL, 'w'},
		{"note", required_argument, NULL, 'n'},
		{"passphrase-file", required_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *serial = NULL, *event = NULL, *by = NULL, *place = NULL;
	const char *note = NULL, *pass_file = NULL, *path;
	struct cm_identity id = {0};
	struct cm_cms_trust *trust = NULL;
	struct wp_ledger *l = NULL;
	struct cm_err err = {0}, why = {0};
	char *body = NULL, *pem = NULL;
	uint8_t *der = NULL;
	size_t der_len = 0, pem_len = 0;
	int c, rc, n = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			serial = optarg;
			break;
		case 'e':
			event = optarg;
			break;
		case 'b':
			by = optarg;
			break;
		case 'w':
			place = optarg;
			break;
		case 'n':
			note = optarg;
			break;
		case 'P':
			pass_file = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return cli_usage("ledger", "unknown option");
		}
	}
	if (optind + 1 != argc || strcmp(argv[optind], "add"))
		return cli_usage("ledger", "expected 'custody add'");
	if (!serial || !event || !by)
		return cli_usage(
			"ledger",
			"custody add needs --serial, --event and --by");
	if (!wp_custody_event_known(event))
		return cli_usage(
			"ledger",
			"--event is received, sanitized, validated, shipped or destroyed");
	if (cli_identity_unlock(&id, by, pass_file, &err) < 0) {
		if (cm_err_kind(&err) != CM_ERR_KEYLOCKED)
			cm_err_wrap(
				&err,
				"cannot load the identity of the person responsible (--by DIR as 'wipe identity create' made it)");
		return cli_fail("ledger", &err);
	}
	rc = wp_custody_make(&id, serial, event, place, note, &body, &der,
			     &der_len, &err);
	if (rc == 0)
		path = where(opt, &err, &rc);
	if (rc == 0)
		rc = wp_ledger_open(path, &l, &err);
	if (rc == 0)
		rc = wp_ledger_begin(l, &err);
	if (rc == 0)
		rc = wp_ledger_trust_pem(l, &pem, &pem_len, &n, &err);
	if (rc == 0 && !n)
		rc = cm_err_setk(
			&err, -ENOENT, CM_ERR_NOINPUT,
			"the ledger trusts no signer yet: add one with 'wipe ledger trust add CERT.pem'");
	if (rc == 0)
		rc = cm_cms_trust_new(pem, pem_len, &trust, &err);
	if (rc == 0) {
		rc = wp_ledger_ingest_custody(l, trust, "the event", body,
					      strlen(body), der, der_len, &why,
					      &err);
		if (rc == 2)
			rc = cm_err_setk(
				&err, -EACCES, CM_ERR_NOPERM,
				"the ledger does not accept this identity's signatures (trust its cert.pem or its CA with 'wipe ledger trust add'): %s",
				why.msg);
	}
	if (rc >= 0)
		rc = wp_ledger_commit(l, &err);
	if (rc < 0)
		wp_ledger_rollback(l);
	else
		printf("custody event %s of %s by %s stored\n", event, serial,
		       id.operator_name ? id.operator_name : "?");
	cm_cms_trust_free(trust);
	wp_ledger_close(l);
	cm_identity_release(&id);
	free(pem);
	free(der);
	free(body);
	return rc < 0 ? cli_fail("ledger", &err) : 0;
}
