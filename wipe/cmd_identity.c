// SPDX-License-Identifier: Apache-2.0
/* wipe identity: create and show a signing identity. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_passphrase.h"
#include "cm_identity.h"
#include "cmds.h"

static const char usage_text[] =
	"usage: wipe identity create DIR --org ORG --operator NAME [--title T]\n"
	"                            [--location L] [--phone P] [--days N]\n"
	"                            [--passphrase-file F | --ask-passphrase]\n"
	"                            [--tsa URL] [--pkcs11 URI | --tpm]\n"
	"       wipe identity show DIR\n"
	"\n"
	"create makes DIR/key.pem (0600, EC P-256), a self-signed cert.pem\n"
	"(default validity 3650 days) and profile.json with the operator\n"
	"fields certificates of sanitization carry. An organisation-issued\n"
	"key.pem + cert.pem (+ chain.pem) in a directory works the same.\n"
	"--passphrase-file F (its first line) or --ask-passphrase (typed twice\n"
	"at the terminal) encrypts key.pem (PKCS#8, scrypt, AES-256-CBC); every\n"
	"verb that signs then needs the passphrase (exit 78 without it).\n"
	"--pkcs11 URI (RFC 7512, e.g. 'pkcs11:token=station;object=signkey',\n"
	"?module-path=... to name the module) uses a key pair already in a\n"
	"PKCS#11 token instead: key.uri names it, the PIN comes from\n"
	"--passphrase-file F or the terminal, and the key never leaves the token.\n"
	"--tpm makes the key pair in the TPM 2.0 (tpm2-openssl; the TPM as\n"
	"TPM2OPENSSL_TCTI says): key.tss is it wrapped by the TPM, of use to no\n"
	"other machine.\n"
	"--tsa URL records the RFC 3161 TSA that wipe erase and respond run\n"
	"time-stamp this identity's signatures with (their --tsa overrides it).\n";

static int show(const char *dir)
{
	struct cm_identity id;
	struct cm_err err;
	char fp[65];

	cm_err_clear(&err);
	if (cm_identity_load_public(&id, dir, &err) < 0)
		return cli_fail("identity", &err);
	cm_identity_fingerprint(&id, fp);
	printf("organization: %s\noperator:     %s\ntitle:        %s\n"
	       "location:     %s\nphone:        %s\nsha256:       %s\n"
	       "chain:        %d certificate(s)\nkey:          %s\n"
	       "tsa:          %s\n",
	       id.organization ? id.organization : "-",
	       id.operator_name ? id.operator_name : "-",
	       id.title ? id.title : "-", id.location ? id.location : "-",
	       id.phone ? id.phone : "-", fp, sk_X509_num(id.chain),
	       id.key_in_tpm
		       ? "key.tss, in the TPM 2.0 (of use to no other machine)"
	       : id.key_uri	  ? id.key_uri
	       : id.key_encrypted ? "key.pem, passphrase-protected"
				  : "key.pem, not encrypted",
	       id.tsa_url ? id.tsa_url
			  : "- (times are the signer's own claim)");
	cm_identity_release(&id);
	return 0;
}

int cmd_identity(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"org", required_argument, NULL, 'o'},
		{"operator", required_argument, NULL, 'n'},
		{"title", required_argument, NULL, 't'},
		{"location", required_argument, NULL, 'l'},
		{"phone", required_argument, NULL, 'p'},
		{"days", required_argument, NULL, 'd'},
		{"passphrase-file", required_argument, NULL, 'P'},
		{"ask-passphrase", no_argument, NULL, 'A'},
		{"tsa", required_argument, NULL, 'T'},
		{"pkcs11", required_argument, NULL, 'K'},
		{"tpm", no_argument, NULL, 'M'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	struct cm_identity_opts o = {0};
	struct cm_passphrase pp;
	struct cm_err err;
	const char *sub, *pass_file = NULL;
	bool ask = false;
	char *end;
	int c;

	if (argc >= 2 &&
	    (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc < 3)
		return cli_usage("identity",
				 "expected 'create DIR' or 'show DIR'");
	sub = argv[1];
	optind = 3;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.organization = optarg;
			break;
		case 'n':
			o.operator_name = optarg;
			break;
		case 't':
			o.title = optarg;
			break;
		case 'l':
			o.location = optarg;
			break;
		case 'p':
			o.phone = optarg;
			break;
		case 'd':
			o.days = (int)strtol(optarg, &end, 10);
			if (*end || o.days < 1 || o.days > 36500)
				return cli_usage("identity",
						 "--days takes 1 to 36500");
			break;
		case 'P':
			pass_file = optarg;
			break;
		case 'A':
			ask = true;
			break;
		case 'K':
			o.pkcs11_uri = optarg;
			break;
		case 'M':
			o.tpm = true;
			break;
		case 'T':
			if (strncmp(optarg, "http://", 7) &&
			    strncmp(optarg, "https://", 8))
				return cli_usage(
					"identity",
					"--tsa takes an http:// or https:// URL");
			o.tsa_url = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return cli_usage("identity", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("identity", "unexpected argument");
	if (!strcmp(sub, "show")) {
		if (pass_file || ask)
			return cli_usage("identity",
					 "show needs no passphrase");
		return show(argv[2]);
	}
	if (strcmp(sub, "create"))
		return cli_usage("identity", "expected 'create' or 'show'");
	if (!o.organization || !o.operator_name)
		return cli_usage("identity",
				 "create needs --org and --operator");
	if (o.tpm && (o.pkcs11_uri || pass_file || ask))
		return cli_usage(
			"identity",
			"--tpm takes no --pkcs11 or passphrase: the TPM holds the key");
	if (pass_file && ask)
		return cli_usage(
			"identity",
			"--passphrase-file or --ask-passphrase, not both");
	/* with a token, the passphrase source gives its PIN */
	if (pass_file || ask || o.pkcs11_uri) {
		cli_passphrase_init(&pp, pass_file);
		o.passphrase = &pp;
	}
	cm_err_clear(&err);
	if (cm_identity_create(argv[2], &o, &err) < 0)
		return cli_fail("identity", &err);
	fprintf(stderr,
		"wipe: identity: created '%s' (%s, cert.pem, profile.json)\n",
		argv[2],
		o.tpm	       ? "key.tss: the key stays in the TPM"
		: o.pkcs11_uri ? "key.uri: the key stays in the token"
		: o.passphrase ? "key.pem passphrase-protected"
			       : "key.pem");
	return 0;
}
