// SPDX-License-Identifier: Apache-2.0
/*
 * wipe cert pdf: a certificate of sanitization, or a directory of them,
 * rendered as PDF from the signed JSON, with the JSON and its signature
 * attached.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cm_file.h"
#include "cmds.h"
#include "wp_cert_pdf.h"

#define PEM_MAX (1024 * 1024)

static const char usage_text[] =
	"usage: wipe cert pdf CERT.json [-o FILE] [--ca PEM | --identity DIR]\n"
	"                     [--verify-url URL]\n"
	"       wipe cert pdf DIR --batch -o FILE [--ca PEM | --identity DIR]\n"
	"\n"
	"Renders a certificate of sanitization as a one-page PDF (default\n"
	"FILE: CERT with .pdf for .json) with every NIST SP 800-88 Appendix G\n"
	"field, the result, the standards claimed, the chain link and a QR\n"
	"code of the certificate's id and SHA-256 (or of URL?id=..&sha256=..\n"
	"with --verify-url). The JSON and its .p7s are attached to the PDF\n"
	"byte for byte (pdfdetach -saveall). The signature is checked first:\n"
	"against --ca PEM or the identity's cert.pem when given or present,\n"
	"else for integrity only (the page says so). --batch renders every\n"
	"*.json of DIR: a summary table, then one page per certificate,\n"
	"each written out as soon as it is finished (into an unlinked file\n"
	"beside FILE, renamed into place at the end), so memory does not\n"
	"grow with the batch.\n"
	"\n"
	"Exit: 0 written; 1 a signature does not verify (nothing written);\n"
	"64 usage; 65 malformed; 66 not found; 73 cannot write FILE.\n";

struct opts {
	const char *out, *ca, *identity, *url;
	bool batch;
};

static int load_trust(const struct opts *o, struct cm_cms_trust **t,
		      struct cm_err *err)
{
	char idcert[4096];
	const char *pem = o->ca;
	char *buf = NULL;
	size_t len;
	int rc;

	*t = NULL;
	if (!pem) {
		snprintf(idcert, sizeof(idcert), "%s/cert.pem",
			 o->identity ? o->identity : cli_default_identity());
		if (o->identity || access(idcert, R_OK) == 0)
			pem = idcert;
	}
	if (!pem)
		return 0;
	rc = cm_read_file(pem, PEM_MAX, &buf, &len, err);
	if (rc == 0)
		rc = cm_cms_trust_new(buf, len, t, err);
	free(buf);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* DIR's *.json, sorted by name (the order of pages and attachments) */
static int list_dir(const char *dir, char ***out, size_t *n, struct cm_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t nn = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return cm_err_set(err, -errno, "cannot open '%s': %s", dir,
				  strerror(errno));
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char **nv;

		if (l <= 5 || strcmp(e->d_name + l - 5, ".json"))
			continue;
		nv = realloc(v, (nn + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[nn] = malloc(strlen(dir) + l + 2);
		if (!v[nn])
			break;
		snprintf(v[nn], strlen(dir) + l + 2, "%s/%s", dir, e->d_name);
		nn++;
	}
	closedir(d);
	if (e) {
		for (size_t i = 0; i < nn; i++)
			free(v[i]);
		free(v);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	if (nn)
		qsort(v, nn, sizeof(*v), cmp_str);
	*out = v;
	*n = nn;
	return 0;
}

static int batch(const char *dir, const struct opts *o, struct cm_cms_trust *t,
		 struct cm_err *err)
{
	char **paths = NULL, *dcopy = strdup(o->out), title[600];
	size_t n = 0;
	int rc;

	if (!dcopy)
		return cm_err_set(err, -ENOMEM, "out of memory");
	rc = list_dir(dir, &paths, &n, err);
	if (rc == 0 && n == 0)
		rc = cm_err_setk(err, -ENOENT, CM_ERR_NOINPUT,
				 "'%s' holds no certificate (*.json)", dir);
	snprintf(title, sizeof(title), "Batch of %zu certificate(s) from %s", n,
		 dir);
	if (rc == 0)
		rc = wp_cert_pdf_batch(paths, n, title, o->out, dirname(dcopy),
				       t, o->url, err);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(dcopy);
	return rc;
}

int cmd_cert_pdf(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"batch", no_argument, NULL, 'b'},
		{"ca", required_argument, NULL, 'c'},
		{"identity", required_argument, NULL, 'i'},
		{"verify-url", required_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	struct opts o = {0};
	struct cm_cms_trust *t = NULL;
	struct cm_err err;
	char *def = NULL;
	struct stat st;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (c == 'o')
			o.out = optarg;
		else if (c == 'b')
			o.batch = true;
		else if (c == 'c')
			o.ca = optarg;
		else if (c == 'i')
			o.identity = optarg;
		else if (c == 'u')
			o.url = optarg;
		else if (c == 'h') {
			fputs(usage_text, stdout);
			return 0;
		} else
			return cli_usage("cert", "pdf: unknown option");
	}
	if (optind + 1 != argc)
		return cli_usage("cert", "pdf takes one CERT.json or DIR");
	if (o.ca && o.identity)
		return cli_usage("cert", "give --ca or --identity, not both");
	if (o.batch && !o.out)
		return cli_usage("cert", "pdf --batch needs -o FILE");
	cm_err_clear(&err);
	if (stat(argv[optind], &st) < 0) {
		cm_err_setk(&err, -errno, CM_ERR_NOINPUT,
			    "cannot open '%s': %s", argv[optind],
			    strerror(errno));
		return cli_fail("cert", &err);
	}
	if (S_ISDIR(st.st_mode) != o.batch)
		return cli_usage("cert",
				 o.batch ? "pdf --batch takes a DIR"
					 : "pdf of a DIR needs --batch");
	if (!o.out) {
		size_t n = strlen(argv[optind]);

		def = malloc(n + 5);
		if (!def)
			return CLI_EXIT_SOFTWARE;
		snprintf(def, n + 5, "%.*s.pdf",
			 (int)(n > 5 && !strcmp(argv[optind] + n - 5, ".json")
				       ? n - 5
				       : n),
			 argv[optind]);
		o.out = def;
	}
	rc = load_trust(&o, &t, &err);
	if (rc == 0 && o.batch)
		rc = batch(argv[optind], &o, t, &err);
	else if (rc == 0)
		rc = wp_cert_pdf_write(argv[optind], o.out, t, o.url, &err);
	cm_cms_trust_free(t);
	if (rc == 0) {
		if (!t)
			fprintf(stderr,
				"wipe: cert: warning: no trust anchor given: the signature was checked for integrity only, and the PDF says so\n");
		printf("%s\n", o.out);
	}
	free(def);
	if (rc == 1) {
		fprintf(stderr, "wipe: cert: %s\n", err.msg);
		return CLI_EXIT_NEGATIVE;
	}
	return rc < 0 ? cli_fail("cert", &err) : 0;
}
