// SPDX-License-Identifier: Apache-2.0
/*
 * wipe ledger: the archive of certificates (SQLite file or PostgreSQL):
 * the trust anchors it accepts signatures from, verified ingest, verify;
 * the sub-verbs with files of their own are named in cmd_ledger.h.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_fail.h"
#include "cli_json.h"
#include "cm_file.h"
#include "cmd_ledger.h"
#include "cmds.h"
#include "wp_audit.h"
#include "wp_find.h"
#include "wp_ingest.h"
#include "wp_ledger.h"

#define DEFAULT_DIR    "/var/lib/sanitas"
#define DEFAULT_LEDGER DEFAULT_DIR "/ledger.db"

static const char usage_text[] =
	"usage: wipe ledger [--ledger PATH|URI] trust add CERT.pem...\n"
	"       wipe ledger [--ledger PATH|URI] trust list\n"
	"       wipe ledger [--ledger PATH|URI] trust remove CERT.pem|SHA256\n"
	"       wipe ledger [--ledger PATH|URI] add [--tsa-ca PEM] [--crl CRL]\n"
	"                   FILE|DIR...\n"
	"       wipe ledger [--ledger PATH|URI] find [FILTERS] [--limit N]\n"
	"                   [--cursor C] [--csv | --json | --jsonl]\n"
	"       wipe ledger [--ledger PATH|URI] verify [--content] [--tsa-ca PEM]\n"
	"                   [--crl CRL] [--json]\n"
	"       wipe ledger [--ledger PATH|URI] export --bundle FILE.tar\n"
	"                   [--since T] [--until T] [--customer C] [--job J]\n"
	"                   [--identity DIR] [--passphrase-file F] [--json]\n"
	"       wipe ledger [--ledger PATH|URI] export --pdf FILE.pdf\n"
	"                   [--since T] [--until T] [--customer C] [--job J]\n"
	"                   [--verify-url URL] [--json]\n"
	"       wipe ledger [--ledger PATH|URI] verify-bundle FILE.tar\n"
	"                   [--trust CERT.pem]... [--tsa-ca PEM] [--crl CRL]\n"
	"                   [--json]\n"
	"       wipe ledger [--ledger PATH|URI] report [FILTERS] [--all]\n"
	"                   [--json] [--fail-on-empty]\n"
	"       wipe ledger [--ledger PATH|URI] show SHA256 | --serial S |\n"
	"                   --asset-tag T [--json]\n"
	"       wipe ledger [--ledger PATH|URI] sample --percent P [FILTERS]\n"
	"                   [--seed S] [--json]\n"
	"       wipe ledger [--ledger PATH|URI] custody add --serial S\n"
	"                   --event E --by DIR [--where W] [--note N]\n"
	"\n"
	"The ledger is an append-only archive of signed certificates: a SQLite\n"
	"file, or a PostgreSQL database named by a postgresql:// URI. Default:\n"
	"$SANITAS_LEDGER, else " DEFAULT_LEDGER ". Its schema is created on\n"
	"first use.\n"
	"\n"
	"trust add records X.509 certificates (an organisation CA or an\n"
	"operator's cert.pem) whose signatures the ledger accepts; remove stops\n"
	"accepting one (by its file or SHA-256 fingerprint).\n"
	"\n"
	"add verifies every certificate (FILE.json with FILE.json.p7s; a DIR's\n"
	"*.json): the schema, and the CMS signature against the trust anchors\n"
	"at the signing time. Valid ones are stored with their original bytes\n"
	"and SHA-256; one already stored is a duplicate and changes nothing.\n"
	"A validation record (schema sanitas.validation/1, 'wipe cert\n"
	"validate') is recognised by its schema and stored when its certificate\n"
	"is stored (or in the same batch) and its validator did not sign it.\n"
	"A batch is one transaction: when any file is rejected, each is listed\n"
	"with its reason and nothing is stored. A time-stamp token beside the\n"
	"signature (FILE.json.p7s.tsr, RFC 3161) is stored with it; with\n"
	"--tsa-ca PEM it must verify against that TSA CA, and the TSA's time\n"
	"is stored. With --crl CRL (signed by a trust anchor of the ledger) a\n"
	"certificate whose signer was revoked at T is rejected unless a checked\n"
	"token puts it before T (as 'wipe cert verify --crl' judges it).\n"
	"\n"
	"show says whose time each certificate carries: the TSA's when add\n"
	"--tsa-ca checked its token, else the signer's own claim.\n"
	"\n"
	"find lists stored certificates, oldest issue first, filtered by exact\n"
	"--serial, --wwn, --asset-tag, --model, --station, --result, --method,\n"
	"--category, --operator, --org, --customer, --job, and --since/--until\n"
	"(RFC 3339 or YYYY-MM-DD, inclusive); every match, or with --limit N\n"
	"(1 to 10000) one page, the next one being --limit N --cursor C with\n"
	"the cursor the last gave (on stderr, or next_cursor in --json).\n"
	"--csv: RFC 4180 with a header; --jsonl: one JSON object a line.\n"
	"\n"
	"verify re-checks every stored record: its JSON and signature bytes\n"
	"against their stored SHA-256, its signature against the trust anchors,\n"
	"and each identity's chain: a missing predecessor (gap) or two records\n"
	"claiming one predecessor (fork) is a problem; first certificates are\n"
	"listed. add warns of a gap or fork in the chains its batch touched.\n"
	"With --tsa-ca PEM each stored time-stamp token is checked (one that\n"
	"fails is a problem); with --crl CRL a record whose signer was revoked\n"
	"before its time, or at a time no checked token proves, is a problem.\n"
	"--content also re-runs ingest's checks of each record's content (the\n"
	"schema, the organisation named against the signer's): the bytes are\n"
	"bound to the SHA-256 they were checked under, so it is not the default.\n"
	"\n"
	"sample picks ceil(P/100 x N) of the N successful certificates FILTERS\n"
	"select, seeded (same seed, same records: same sample), for independent\n"
	"re-verification, stores the seed and members as a sample record, and\n"
	"lists them. report gives the share validated per month and station.\n"
	"\n"
	"custody add stores one chain-of-custody event (received, sanitized,\n"
	"validated, shipped, destroyed) signed by the person responsible.\n"
	"\n"
	"show prints the history of one certificate or medium: each\n"
	"certificate with its signer, then its validators, by name.\n"
	"\n"
	"report counts, over the certificates find's FILTERS select, which\n"
	"NIST SP 800-88 Appendix G fields are empty or \"unknown\", by result,\n"
	"method, category and station, for the selection and per job, then\n"
	"lists each certificate with an empty required field (--all: each\n"
	"one) and its empty fields. --fail-on-empty: exit 1 when any has one.\n"
	"\n"
	"export writes the certificates (all, or those issued --since/--until,\n"
	"of one --customer or --job) into one tar: each NAME.json and\n"
	"NAME.json.p7s as stored (and NAME.json.p7s.tsr where a time-stamp\n"
	"token is stored), index.csv, SHA256SUMS over them and\n"
	"SHA256SUMS.p7s signed by --identity DIR.\n"
	"Check it with 'sha256sum -c SHA256SUMS', 'openssl cms -verify', and\n"
	"each token with 'openssl ts -verify -in NAME.json.p7s.tsr -data\n"
	"NAME.json.p7s -CAfile tsa-ca.pem' (wipe(8), docs/ledger.md).\n"
	"export --pdf renders the same selection as one batch PDF (as 'wipe\n"
	"cert pdf DIR --batch'): a summary table, then one page each with the\n"
	"stored NAME.json and NAME.json.p7s attached, drawn from the stored\n"
	"bytes after checking each against its key and its signature against\n"
	"the ledger's trust anchors.\n"
	"\n"
	"verify-bundle checks such a tar without the ledger: the signed list,\n"
	"every member against it, every certificate's signature and schema,\n"
	"each index.csv row against its certificate, and each identity's\n"
	"chain (a filtered bundle may start after a certificate it does not\n"
	"hold). Anchors: each --trust CERT.pem, and the trust anchors of the\n"
	"ledger named by --ledger.\n"
	"With --tsa-ca PEM each NAME.json.p7s.tsr is checked over its signature\n"
	"(one that fails is a problem); with --crl CRL a certificate whose\n"
	"signer was revoked before its time, or at a time no checked token\n"
	"proves, is a problem, as 'wipe cert verify --crl' judges it.\n"
	"\n"
	"Exit: 0 done; 1 a certificate was rejected, or verify or verify-bundle\n"
	"found a problem (report --fail-on-empty: an empty required field); 64\n"
	"usage; 65 malformed input; 66 not found; 73 cannot create the bundle;\n"
	"74 database or I/O error.\n";

const char *cmd_ledger_where(const char *opt, struct cm_err *err, int *rc)
{
	const char *e = getenv("SANITAS_LEDGER");

	*rc = 0;
	if (opt && *opt)
		return opt;
	if (e && *e)
		return e;
	/* only the default directory is ours to create */
	*rc = cm_mkdirs(DEFAULT_DIR, 0700, err);
	return DEFAULT_LEDGER;
}

static int print_anchor(void *ctx, const struct wp_ledger_anchor *a)
{
	(void)ctx;
	printf("%s  %s  (until %s, added %s)\n", a->fingerprint, a->subject,
	       a->not_after[0] ? a->not_after : "-", a->added_at);
	return 0;
}

static int read_pem(const char *path, char **pem, size_t *len,
		    struct cm_err *err)
{
	return cm_read_file(path, 1024 * 1024, pem, len, err);
}

static bool is_fingerprint(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == 64 && !s[n];
}

static int trust(struct wp_ledger *l, int argc, char **argv, struct cm_err *err)
{
	struct wp_ledger_anchor a;
	const char *sub = argv[0];
	char *pem = NULL;
	size_t len = 0;
	int rc = 0;

	if (!strcmp(sub, "list")) {
		if (argc != 1)
			return cli_usage("ledger",
					 "trust list takes no argument");
		rc = wp_ledger_trust_list(l, print_anchor, NULL, err);
		return rc < 0 ? cli_fail("ledger", err) : 0;
	}
	if (strcmp(sub, "add") && strcmp(sub, "remove"))
		return cli_usage("ledger", "expected 'trust add|list|remove'");
	if (argc < 2)
		return cli_usage("ledger", "trust add/remove needs CERT.pem");
	if (!strcmp(sub, "remove")) {
		if (argc != 2)
			return cli_usage(
				"ledger",
				"trust remove takes one CERT.pem or SHA256");
		if (is_fingerprint(argv[1])) {
			snprintf(a.fingerprint, sizeof(a.fingerprint), "%s",
				 argv[1]);
		} else {
			rc = read_pem(argv[1], &pem, &len, err);
			if (rc == 0)
				rc = wp_ledger_anchor_parse(pem, len, &a, NULL,
							    err);
			free(pem);
			if (rc < 0)
				return cli_fail("ledger", err);
		}
		if (wp_ledger_trust_remove(l, a.fingerprint, err) < 0)
			return cli_fail("ledger", err);
		printf("removed %s\n", a.fingerprint);
		return 0;
	}
	/* add: all of them or none */
	if (wp_ledger_begin(l, err) < 0)
		return cli_fail("ledger", err);
	for (int i = 1; i < argc && rc >= 0; i++) {
		pem = NULL;
		rc = read_pem(argv[i], &pem, &len, err);
		if (rc == 0)
			rc = wp_ledger_trust_add(l, pem, len, &a, err);
		free(pem);
		if (rc < 0)
			cm_err_wrap(err, "'%s'", argv[i]);
		else
			printf("%s %s  %s\n",
			       rc ? "already trusted" : "trusted",
			       a.fingerprint, a.subject);
	}
	if (rc >= 0)
		rc = wp_ledger_commit(l, err);
	if (rc < 0) {
		wp_ledger_rollback(l);
		return cli_fail("ledger", err);
	}
	return 0;
}

static void print_reject(void *ctx, const char *path, const struct cm_err *why)
{
	(void)ctx;
	printf("rejected %s: %s\n", path, why->msg[0] ? why->msg : "invalid");
}

static int chain_warnings(struct wp_ledger *l, struct wp_ingest_stats *st,
			  struct cm_err *err);

/*
 * The --tsa-ca and --crl options of add and verify (and --json,
 * --content for verify) from @argv, into @tr; the operands are moved to
 * the front, their number in *@nops. 0, or the usage exit code.
 */
static int trust_opts(int argc, char **argv, bool is_verify,
		      struct cm_verify_trust *tr, bool *json, bool *content,
		      int *nops)
{
	static const struct option longopts[] = {
		{"tsa-ca", required_argument, NULL, 'T'},
		{"crl", required_argument, NULL, 'R'},
		{"json", no_argument, NULL, 'j'},
		{"content", no_argument, NULL, 'C'},
		{NULL, 0, NULL, 0}};
	int c;

	/* 0: glibc starts afresh (the "+" of cmd_ledger() would stick) */
	optind = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'T')
			tr->tsa_ca_pem = optarg;
		else if (c == 'R')
			tr->crl_pem = optarg;
		else if (c == 'j' && is_verify)
			*json = true;
		else if (c == 'C' && is_verify)
			*content = true;
		else
			return cli_usage(
				"ledger",
				is_verify
					? "verify takes --content, --tsa-ca, --crl and --json"
					: "add takes --tsa-ca, --crl and FILE|DIR");
	}
	*nops = argc - optind;
	for (int i = 0; i < *nops; i++)
		argv[1 + i] = argv[optind + i];
	return 0;
}

static int add(struct wp_ledger *l, int argc, char **argv, struct cm_err *err)
{
	struct cm_verify_trust tr = {0};
	struct wp_ingest_stats st;
	int rc, n = 0;

	rc = trust_opts(argc, argv, false, &tr, NULL, NULL, &n);
	if (rc)
		return rc;
	if (n < 1)
		return cli_usage("ledger", "add needs FILE or DIR");
	rc = wp_ledger_ingest(l, argv + 1, n, &tr, print_reject, NULL, &st,
			      err);
	if (rc < 0)
		return cli_fail("ledger", err);
	if (rc > 0) {
		printf("%ld of %ld rejected: nothing stored\n", st.rejected,
		       st.seen);
		return 1;
	}
	printf("%ld stored, %ld already in the ledger\n", st.stored,
	       st.duplicates);
	rc = chain_warnings(l, &st, err);
	wp_ingest_stats_release(&st);
	return rc < 0 ? cli_fail("ledger", err) : 0;
}

static const char *dash(const char *s)
{
	return s && *s ? s : "-";
}

static const char *const why_text[] = {
	[WP_AUDIT_FIRST] = "the first certificate of its identity",
	[WP_AUDIT_JSON_HASH] = "the stored JSON does not hash to its SHA-256",
	[WP_AUDIT_P7S_HASH] =
		"the stored signature does not hash to its SHA-256",
	[WP_AUDIT_SIGNATURE] = "the signature does not verify",
	[WP_AUDIT_UNTRUSTED] =
		"its signer is trusted no longer (its anchor was removed)",
	[WP_AUDIT_GAP] = "its predecessor is not in the ledger",
	[WP_AUDIT_FORK] = "another record claims the same predecessor",
	[WP_AUDIT_CONTENT] =
		"signed, but its content fails the checks of ingest",
	[WP_AUDIT_TIMESTAMP] = "its stored time-stamp token does not verify",
	[WP_AUDIT_REVOKED] = "its signer's identity is revoked (--crl)",
	[WP_AUDIT_UNBOUND] =
		"a validation of a certificate that is not in the ledger",
};

static bool is_chain(enum wp_audit_kind k)
{
	return k == WP_AUDIT_GAP || k == WP_AUDIT_FORK;
}

static bool has_detail(enum wp_audit_kind k)
{
	return k == WP_AUDIT_SIGNATURE || k == WP_AUDIT_CONTENT ||
	       k == WP_AUDIT_TIMESTAMP || k == WP_AUDIT_REVOKED ||
	       k == WP_AUDIT_UNBOUND;
}

struct verify_out {
	json_t *problems, *first; /* --json */
	const char *prefix;	  /* human: "" or "warning: " */
	bool quiet_first;	  /* human: no first certificates */
	int rc;
};

static void print_item(void *ctx, const struct wp_audit_item *it)
{
	struct verify_out *o = ctx;
	json_t *j;

	if (!o->problems && o->quiet_first && it->kind == WP_AUDIT_FIRST)
		return;
	if (!o->problems) {
		printf("%s%s %s (identity %.16s, station %s, serial %s)%s%s%s%s\n",
		       it->kind == WP_AUDIT_FIRST ? "" : o->prefix,
		       wp_audit_kind_name(it->kind), it->sha256, it->identity,
		       dash(it->station), dash(it->serial),
		       it->prev[0] && is_chain(it->kind) ? " after " : "",
		       is_chain(it->kind) ? it->prev : "", ": ",
		       why_text[it->kind]);
		if (has_detail(it->kind) && it->detail[0])
			printf("  %s\n", it->detail);
		return;
	}
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kind",
		      wp_audit_kind_name(it->kind), "sha256", it->sha256,
		      "identity", it->identity, "station", it->station,
		      "serial", it->serial, "previous_sha256", it->prev,
		      "detail",
		      has_detail(it->kind) ? it->detail : why_text[it->kind]);
	if (!j ||
	    json_array_append_new(
		    it->kind == WP_AUDIT_FIRST ? o->first : o->problems, j) < 0)
		o->rc = -ENOMEM;
}

/* After a batch: a gap or fork in the chains it touched, as warnings. */
static int chain_warnings(struct wp_ledger *l, struct wp_ingest_stats *st,
			  struct cm_err *err)
{
	struct verify_out o = {.prefix = "warning: ", .quiet_first = true};
	struct wp_audit_stats ast;
	int rc;

	if (!st->nids)
		return 0;
	rc = wp_ledger_audit(l, (const char *const *)st->ids, st->nids,
			     WP_AUDIT_DEPTH_CHAINS, NULL, print_item, &o, &ast,
			     err);
	return rc < 0 ? rc : 0;
}

static int verify(struct wp_ledger *l, int argc, char **argv,
		  struct cm_err *err)
{
	struct verify_out o = {.prefix = ""};
	enum wp_audit_depth depth = WP_AUDIT_DEPTH_SIGNATURES;
	struct cm_verify_trust tr = {0};
	struct wp_audit_stats st;
	bool as_json = false, content = false;
	long nval = 0, ncus = 0;
	char checked[256];
	json_t *doc = NULL;
	int rc, n = 0;

	rc = trust_opts(argc, argv, true, &tr, &as_json, &content, &n);
	if (rc)
		return rc;
	if (n)
		return cli_usage("ledger", "verify takes no operand");
	if (content)
		depth = WP_AUDIT_DEPTH_CONTENT;
	snprintf(checked, sizeof(checked), "%s%s%s",
		 depth == WP_AUDIT_DEPTH_CONTENT
			 ? "hashes, signatures, chains, content"
			 : "hashes, signatures, chains (content: at ingest)",
		 tr.tsa_ca_pem ? ", time-stamp tokens" : "",
		 tr.crl_pem ? ", revocation (--crl)" : "");
	if (as_json &&
	    (!(o.problems = json_array()) || !(o.first = json_array()))) {
		json_decref(o.problems);
		return cli_fail("ledger", NULL);
	}
	rc = wp_ledger_audit(l, NULL, 0, depth, &tr, print_item, &o, &st, err);
	if (rc >= 0) {
		long vp = 0;

		rc = wp_ledger_audit_validations(l, print_item, &o, &nval, &vp,
						 err);
		st.problems += vp;
		if (rc >= 0)
			rc = wp_ledger_audit_custody(l, print_item, &o, &ncus,
						     &vp, err);
		st.problems += vp;
	}
	if (rc >= 0 && o.rc)
		rc = cm_err_set(err, o.rc, "out of memory");
	if (rc >= 0 && o.problems) {
		static const char fmt[] =
			"{s:s, s:b, s:b, s:b, s:b, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:O, s:O}";

		doc = json_pack(fmt, "schema", "sanitas.ledger-verify/1", "ok",
				st.problems == 0, "content_checked",
				depth == WP_AUDIT_DEPTH_CONTENT,
				"timestamps_checked", tr.tsa_ca_pem != NULL,
				"revocation_checked", tr.crl_pem != NULL,
				"counts", "records", (json_int_t)st.records,
				"identities", (json_int_t)st.identities,
				"first", (json_int_t)st.first, "problems",
				(json_int_t)st.problems, "validations",
				(json_int_t)nval, "custody", (json_int_t)ncus,
				"first_certificates", o.first, "problems",
				o.problems);
		if (cli_json_print(doc, err) < 0)
			rc = -EIO;
	} else if (rc >= 0) {
		printf("%ld records, %ld identities, %ld first certificates: %s\n",
		       st.records, st.identities, st.first,
		       st.problems ? "problems found" : "the ledger is whole");
		if (nval)
			printf("%ld validation records checked\n", nval);
		if (ncus)
			printf("%ld custody events checked\n", ncus);
		if (st.problems)
			printf("%ld problems\n", st.problems);
		printf("checked: %s\n", checked);
	}
	json_decref(doc);
	json_decref(o.problems);
	json_decref(o.first);
	if (rc < 0)
		return cli_fail("ledger", err);
	return st.problems ? 1 : 0;
}

int cmd_ledger(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"ledger", required_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	struct ledger_find f;
	struct wp_ledger *l = NULL;
	const char *opt = NULL, *where;
	struct cm_err err;
	int c, rc;

	optind = 1;
	/* options before the sub-verb only: what follows is its operands */
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'L':
			opt = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return cli_usage("ledger", "unknown option");
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return cli_usage("ledger",
				 "expected 'trust', 'add', 'find' or 'verify'");
	if (!strcmp(argv[0], "export") || !strcmp(argv[0], "verify-bundle"))
		return cmd_ledger_bundle(opt, argc, argv);
	if (!strcmp(argv[0], "report"))
		return cmd_ledger_report(argc, argv, opt, cmd_ledger_where);
	if (!strcmp(argv[0], "show"))
		return cmd_ledger_show(argc, argv, opt, cmd_ledger_where);
	if (!strcmp(argv[0], "sample"))
		return cmd_ledger_sample(argc, argv, opt, cmd_ledger_where);
	if (!strcmp(argv[0], "custody"))
		return cmd_ledger_custody(argc, argv, opt, cmd_ledger_where);
	if (!strcmp(argv[0], "find")) {
		rc = ledger_find_opts(argc, argv, &f);
		if (rc)
			return rc;
	} else if (strcmp(argv[0], "trust") && strcmp(argv[0], "add") &&
		   strcmp(argv[0], "verify")) {
		return cli_usage("ledger",
				 "expected 'trust', 'add', 'find' or 'verify'");
	}
	if (!strcmp(argv[0], "trust") && argc < 2)
		return cli_usage("ledger", "expected 'trust add|list|remove'");
	cm_err_clear(&err);
	where = cmd_ledger_where(opt, &err, &rc);
	if (rc < 0 || wp_ledger_open(where, &l, &err) < 0)
		return cli_fail("ledger", &err);
	if (!strcmp(argv[0], "trust"))
		rc = trust(l, argc - 1, argv + 1, &err);
	else if (!strcmp(argv[0], "find"))
		rc = ledger_find(l, &f, &err);
	else if (!strcmp(argv[0], "verify"))
		rc = verify(l, argc, argv, &err);
	else
		rc = add(l, argc, argv, &err);
	wp_ledger_close(l);
	return rc;
}
