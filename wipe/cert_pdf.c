// SPDX-License-Identifier: Apache-2.0
/*
 * Certificates of sanitization rendered as PDF pages. Every value printed
 * is read from the certificate's signed JSON; a field the JSON leaves null
 * prints as a dash, and nothing is added that the JSON does not say (the
 * standards line is the JSON's own list). The result band has one size
 * whatever the result, so a failure is as visible as a success.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_file.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_size.h"
#include "cm_time.h"
#include "wp_cert_pdf.h"

#define SIG_MAX	   (256 * 1024)
#define LABEL_W	   150.0f
#define SIZE_BODY  7.5f
#define SIZE_HEAD  10.0f
#define TEXT_W	   (CM_PDF_WIDTH - 2 * CM_PDF_MARGIN)
#define ERRORS_MAX 60
#define DASH	   "\xe2\x80\x94"

void wp_cert_pdf_doc_release(struct wp_cert_pdf_doc *d)
{
	wp_cert_check_release(&d->chk);
	free(d->name);
	free(d->json);
	free(d->sig);
	memset(d, 0, sizeof(*d));
}

static int verify_self(struct wp_cert_pdf_doc *d, struct cm_err *err)
{
	uint8_t md[CM_SHA256_LEN];
	json_error_t je;
	const char *org;
	int rc;

	cm_sha256_buf(d->json, d->json_len, md, NULL);
	cm_hex(md, sizeof(md), d->chk.sha256);
	d->chk.cert =
		json_loadb(d->json, d->json_len, JSON_REJECT_DUPLICATES, &je);
	if (!d->chk.cert)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "%s:%d:%d: malformed JSON: %s", d->name,
				   je.line, je.column, je.text);
	if (wp_cert_check_schema(d->chk.cert, err) < 0)
		return cm_err_wrap(err, "'%s' is not a valid certificate",
				   d->name);
	rc = cm_cms_verify(d->json, d->json_len, d->sig, d->sig_len, NULL,
			   &d->chk.cms, err);
	if (rc != 0)
		return rc;
	org = cm_json_get_str(json_object_get(d->chk.cert, "operator"),
			      "organization");
	if (org && strcmp(d->chk.cms.signer_org, org)) {
		cm_err_set(
			err, 0,
			"signed by organisation '%s', but the certificate names '%s'",
			d->chk.cms.signer_org, org);
		return 1;
	}
	return 0;
}

/* the signature of d's bytes, against @trust or (NULL) the signer's own */
static int check(struct wp_cert_pdf_doc *d, struct cm_cms_trust *trust,
		 struct cm_err *err)
{
	int rc;

	if (trust) {
		rc = wp_cert_verify_mem(d->name, d->json, d->json_len, d->sig,
					d->sig_len, trust, &d->chk, err);
		d->anchored = rc == 0 && d->chk.cms.anchored;
		return rc;
	}
	/* no anchor: the signer's own certificate proves integrity only */
	return verify_self(d, err);
}

int wp_cert_pdf_load(const char *path, struct cm_cms_trust *trust,
		     struct wp_cert_pdf_doc *d, struct cm_err *err)
{
	const char *base = strrchr(path, '/');
	char *sigp = NULL;
	size_t n = strlen(path) + 5;
	char *sigbuf = NULL;
	int rc;

	memset(d, 0, sizeof(*d));
	d->name = strdup(base ? base + 1 : path);
	sigp = malloc(n);
	if (!d->name || !sigp) {
		free(sigp);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	snprintf(sigp, n, "%s.p7s", path);
	rc = cm_read_file(path, WP_CERT_MAX, &d->json, &d->json_len, err);
	if (rc == 0)
		rc = cm_read_file(sigp, SIG_MAX, &sigbuf, &d->sig_len, err);
	free(sigp);
	d->sig = (uint8_t *)sigbuf;
	if (rc < 0)
		return rc;
	return check(d, trust, err);
}

int wp_cert_pdf_load_mem(const char *name, const void *json, size_t json_len,
			 const void *sig, size_t sig_len,
			 struct cm_cms_trust *trust, struct wp_cert_pdf_doc *d,
			 struct cm_err *err)
{
	memset(d, 0, sizeof(*d));
	if (json_len > WP_CERT_MAX || sig_len > SIG_MAX)
		return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				   "'%s' is larger than a certificate may be",
				   name);
	d->name = strdup(name);
	d->json = malloc(json_len + 1);
	d->sig = malloc(sig_len ? sig_len : 1);
	if (!d->name || !d->json || !d->sig)
		return cm_err_set(err, -ENOMEM, "out of memory");
	memcpy(d->json, json, json_len);
	d->json[json_len] = '\0';
	d->json_len = json_len;
	memcpy(d->sig, sig, sig_len);
	d->sig_len = sig_len;
	return check(d, trust, err);
}

/* @v as text: NULL for null; objects and arrays as compact JSON */
static char *text_of(const json_t *v)
{
	char buf[64];

	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%lld",
			 (long long)json_integer_value(v));
		return strdup(buf);
	}
	if (json_is_real(v)) {
		snprintf(buf, sizeof(buf), "%g", json_real_value(v));
		return strdup(buf);
	}
	if (json_is_boolean(v))
		return strdup(json_is_true(v) ? "yes" : "no");
	return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

/*
 * The fields go two to a row (label, value, label, value); a long value
 * takes the full width. A grid holds the field waiting for its partner.
 */
struct grid {
	struct cm_pdf *p;
	char *label, *value; /* owned, the pending left field */
	bool pending;
};

static const float grid_w[4] = {84, 164, 84, 163};
static const enum cm_pdf_font grid_f[4] = {CM_PDF_BOLD, CM_PDF_REGULAR,
					   CM_PDF_BOLD, CM_PDF_REGULAR};

static void grid_flush(struct grid *g)
{
	const char *cells[2];
	const float w[2] = {grid_w[0], TEXT_W - grid_w[0]};

	if (!g->pending)
		return;
	cells[0] = g->label;
	cells[1] = g->value ? g->value : DASH;
	cm_pdf_row(g->p, 2, w, cells, grid_f, CM_PDF_REGULAR, SIZE_BODY, false);
	free(g->label);
	free(g->value);
	g->label = g->value = NULL;
	g->pending = false;
}

/* a field; @value (may be NULL: a dash) is borrowed */
static void field(struct grid *g, const char *label, const char *value)
{
	const char *cells[4];

	if (!g->pending) {
		g->label = strdup(label);
		g->value = value ? strdup(value) : NULL;
		g->pending = true;
		return;
	}
	cells[0] = g->label;
	cells[1] = g->value ? g->value : DASH;
	cells[2] = label;
	cells[3] = value ? value : DASH;
	cm_pdf_row(g->p, 4, grid_w, cells, grid_f, CM_PDF_REGULAR, SIZE_BODY,
		   false);
	free(g->label);
	free(g->value);
	g->label = g->value = NULL;
	g->pending = false;
}

/* a field as wide as the page */
static void wide(struct grid *g, const char *label, const char *value)
{
	grid_flush(g);
	cm_pdf_kv(g->p, grid_w[0], SIZE_BODY, label, value);
}

static void kv(struct grid *g, const char *label, const json_t *obj,
	       const char *key)
{
	char *t = text_of(json_object_get(obj, key));

	if (t && strlen(t) > 40)
		wide(g, label, t);
	else
		field(g, label, t);
	free(t);
}

static void kv_bytes(struct grid *g, const char *label, const json_t *obj,
		     const char *key)
{
	const json_t *v = json_object_get(obj, key);
	char h[32], buf[96];

	if (!json_is_integer(v)) {
		kv(g, label, obj, key);
		return;
	}
	cm_size_human((uint64_t)json_integer_value(v), h, sizeof(h));
	snprintf(buf, sizeof(buf), "%lld bytes (%s)",
		 (long long)json_integer_value(v), h);
	field(g, label, buf);
}

static void section(struct grid *g, const char *title)
{
	grid_flush(g);
	cm_pdf_heading(g->p, SIZE_HEAD, title);
}

static const char *str(const json_t *o, const char *k)
{
	const char *s = cm_json_get_str(o, k);

	return s ? s : "\xe2\x80\x94";
}

void wp_cert_pdf_qr_text(const struct wp_cert_pdf_doc *d,
			 const char *verify_url, char *buf, size_t len)
{
	const char *id = str(d->chk.cert, "id");

	if (verify_url)
		snprintf(buf, len, "%s%cid=%s&sha256=%s", verify_url,
			 strchr(verify_url, '?') ? '&' : '?', id,
			 d->chk.sha256);
	else
		snprintf(buf, len, "sanitas.certificate id=%s sha256=%s", id,
			 d->chk.sha256);
}

/* the band and the sentence under it: the result as the JSON states it */
static void result_band(struct cm_pdf *p, const json_t *c)
{
	const char *r = str(c, "result");
	const json_t *sa = json_object_get(c, "sanitization");
	const json_t *ve = json_object_get(c, "verification");
	char line[512];

	if (!strcmp(r, "success")) {
		cm_pdf_banner(p, 0.11f, 0.45f, 0.18f, 16, "RESULT: SUCCESS");
		snprintf(
			line, sizeof(line),
			"The job completed: %s (%s, method %s); verification %s: %s.",
			str(sa, "category"), str(sa, "technique"),
			str(sa, "method"), str(ve, "method"),
			str(ve, "result"));
	} else {
		bool failed = !strcmp(r, "failed");

		cm_pdf_banner(p, 0.72f, 0.07f, 0.07f, 16,
			      failed ? "RESULT: FAILED"
			      : !strcmp(r, "interrupted")
				      ? "RESULT: INTERRUPTED"
				      : "RESULT: NOT A SUCCESS");
		snprintf(
			line, sizeof(line),
			"This media was NOT shown to be sanitized: the job %s (method %s; verification %s). Reason: %s.",
			failed ? "failed" : "did not complete",
			str(sa, "method"), str(ve, "result"),
			str(sa, "failure_reason"));
	}
	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W, CM_PDF_BOLD, 9.5f, line);
}

static void error_ranges(struct grid *g, const json_t *sa)
{
	const json_t *errs = json_object_get(sa, "errors");
	size_t i, n = json_array_size(errs);
	const json_t *e;
	char buf[256];

	if (!n) {
		field(g, "Errors", "none recorded");
		return;
	}
	snprintf(buf, sizeof(buf), "%zu LBA range(s) could not be written:", n);
	wide(g, "Errors", buf);
	json_array_foreach(errs, i, e)
	{
		if (i == ERRORS_MAX) {
			snprintf(
				buf, sizeof(buf),
				"... and %zu more: every range is in the attached JSON",
				n - ERRORS_MAX);
			wide(g, "", buf);
			break;
		}
		snprintf(buf, sizeof(buf), "LBA %lld-%lld: %s",
			 (long long)json_integer_value(
				 json_object_get(e, "first_lba")),
			 (long long)json_integer_value(
				 json_object_get(e, "last_lba")),
			 str(e, "error"));
		wide(g, "", buf);
	}
}

static void header(struct cm_pdf *p, const struct wp_cert_pdf_doc *d,
		   const char *verify_url, struct cm_err *err)
{
	const json_t *c = d->chk.cert;
	char qr[600], line[256];
	float top = cm_pdf_y(p);

	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W - 130, CM_PDF_BOLD, 18,
		    "Certificate of Sanitization");
	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W - 130, CM_PDF_REGULAR, 11,
		    str(json_object_get(c, "operator"), "organization"));
	cm_pdf_space(p, 4);
	snprintf(line, sizeof(line), "Certificate %s", str(c, "id"));
	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W - 130, CM_PDF_MONO, 8, line);
	snprintf(line, sizeof(line), "Issued %s", str(c, "issued_at"));
	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W - 130, CM_PDF_REGULAR, 8, line);
	cm_pdf_para(
		p, CM_PDF_MARGIN, TEXT_W - 130, CM_PDF_REGULAR, 7,
		"NIST SP 800-88 Appendix G fields, rendered from the signed JSON attached to this PDF");
	wp_cert_pdf_qr_text(d, verify_url, qr, sizeof(qr));
	cm_pdf_qr(p, CM_PDF_WIDTH - CM_PDF_MARGIN - 120, top + 6, 120, qr, err);
	if (cm_pdf_y(p) > top - 124)
		cm_pdf_set_y(p, top - 124);
}

static void signature(struct grid *g, const struct wp_cert_pdf_doc *d)
{
	char buf[1024];

	snprintf(
		buf, sizeof(buf),
		"intact over the attached %s (CMS); signed by CN=%s, O=%s; signer certificate SHA-256 %s; %s",
		d->name, d->chk.cms.signer_cn, d->chk.cms.signer_org,
		d->chk.cms.signer_fingerprint,
		d->anchored
			? "the signer chains to the trust anchor given when this PDF was made"
			: "the signer was NOT checked against a trust anchor when this PDF was made: check it with openssl cms -verify -CAfile");
	wide(g, "Signature", buf);
}

static void standards(struct grid *g, const json_t *c)
{
	const json_t *st = json_object_get(c, "standards"), *v;
	char buf[1024];
	size_t i, o = 0;

	buf[0] = '\0';
	json_array_foreach(st, i, v)
	{
		int k = snprintf(buf + o, sizeof(buf) - o, "%s%s",
				 i ? "; " : "", json_string_value(v));

		if (k < 0 || (size_t)k >= sizeof(buf) - o)
			break;
		o += (size_t)k;
	}
	wide(g, "Standards claimed",
	     json_array_size(st) ? buf : "none claimed");
}

static void media(struct grid *g, const json_t *me)
{
	section(g, "Media information");
	kv(g, "Manufacturer", me, "vendor");
	kv(g, "Model", me, "model");
	kv(g, "Serial number", me, "serial");
	kv(g, "Property no.", me, "property_number");
	kv(g, "WWN", me, "wwn");
	kv(g, "Firmware", me, "firmware");
	kv(g, "Media type", me, "type");
	kv(g, "Transport", me, "transport");
	kv_bytes(g, "Capacity", me, "capacity_bytes");
	kv_bytes(g, "Native capacity", me, "native_capacity_bytes");
	kv(g, "Hidden areas", me, "hidden_areas");
	kv(g, "Device", me, "device");
	kv(g, "Source", me, "source");
	kv(g, "Classification", me, "classification");
	kv(g, "Data backed up", me, "data_backed_up");
	kv(g, "Backup location", me, "backup_location");
}

static void sanitization(struct grid *g, const json_t *sa, const json_t *ve)
{
	section(g, "Sanitization details");
	kv(g, "Method type", sa, "category");
	kv(g, "Technique", sa, "technique");
	kv(g, "Method", sa, "method");
	kv_bytes(g, "Bytes written", sa, "bytes_written");
	kv(g, "Started", sa, "started_at");
	kv(g, "Finished", sa, "finished_at");
	if (json_object_get(sa, "failure_reason"))
		wide(g, "Failure reason",
		     cm_json_get_str(sa, "failure_reason"));
	error_ranges(g, sa);
	kv(g, "Device status", sa, "device_status");
	grid_flush(g);
	kv(g, "Details", sa, "details");
	section(g, "Verification");
	kv(g, "Method", ve, "method");
	kv(g, "Result", ve, "result");
	kv(g, "Coverage", ve, "coverage");
	kv(g, "Samples", ve, "samples");
	grid_flush(g);
	kv(g, "Details", ve, "details");
}

static void body(struct cm_pdf *p, const struct wp_cert_pdf_doc *d)
{
	const json_t *c = d->chk.cert, *v;
	const json_t *tool = json_object_get(c, "tool");
	const json_t *op = json_object_get(c, "operator");
	struct grid g = {.p = p};
	char buf[1024];

	section(&g, "Person performing sanitization");
	kv(&g, "Name", op, "name");
	kv(&g, "Title", op, "title");
	kv(&g, "Organization", op, "organization");
	kv(&g, "Location", op, "location");
	kv(&g, "Phone", op, "phone");
	media(&g, json_object_get(c, "media"));
	sanitization(&g, json_object_get(c, "sanitization"),
		     json_object_get(c, "verification"));
	section(&g, "Destination, standards and validation");
	kv(&g, "Destination", c, "destination");
	kv(&g, "Post classif.", c, "post_classification");
	if (json_object_get(c, "customer"))
		kv(&g, "Customer", c, "customer");
	if (json_object_get(c, "job"))
		kv(&g, "Job", c, "job");
	kv(&g, "Notes", c, "notes");
	standards(&g, c);
	v = json_object_get(c, "validation");
	if (v && !json_is_null(v))
		kv(&g, "Validation", c, "validation");
	else
		wide(&g, "Validation", "none in this certificate");
	section(&g, "Record");
	kv(&g, "Attestation", c, "attestation");
	signature(&g, d);
	wide(&g, "SHA-256 (JSON)", d->chk.sha256);
	wide(&g, "Chain link",
	     cm_json_get_str(c, "previous_sha256")
		     ? cm_json_get_str(c, "previous_sha256")
		     : "none: the first certificate of this identity");
	snprintf(buf, sizeof(buf), "%s %s (build %s) on %s", str(tool, "name"),
		 str(tool, "version"), str(tool, "build"),
		 str(json_object_get(tool, "host"), "hostname"));
	wide(&g, "Tool", buf);
	snprintf(
		buf, sizeof(buf),
		"%s and %s.p7s are attached to this PDF. Check: pdfdetach -saveall F.pdf; openssl cms -verify -binary -inform DER -in %s.p7s -content %s -CAfile ORG-CA.pem -purpose any",
		d->name, d->name, d->name, d->name);
	wide(&g, "Attached", buf);
	grid_flush(&g);
}

int wp_cert_pdf_render(struct cm_pdf *p, const struct wp_cert_pdf_doc *d,
		       const char *verify_url, struct cm_err *err)
{
	char signame[300];
	int rc;

	rc = cm_pdf_page(p);
	if (rc < 0)
		return cm_err_setk(err, rc,
				   rc == -ENOMEM ? CM_ERR_SOFTWARE
						 : CM_ERR_CANTCREAT,
				   "cannot write the PDF's pages (at '%s'): %s",
				   d->name, strerror(-rc));
	header(p, d, verify_url, err);
	result_band(p, d->chk.cert);
	body(p, d);
	snprintf(signame, sizeof(signame), "%s.p7s", d->name);
	rc = cm_pdf_attach(p, d->name, d->json, d->json_len,
			   "certificate of sanitization (signed JSON)", err);
	if (rc == 0)
		rc = cm_pdf_attach(p, signame, d->sig, d->sig_len,
				   "detached CMS signature (DER) of the JSON",
				   err);
	return rc;
}

void wp_cert_pdf_summary_begin(struct cm_pdf *p, const char *title,
			       const struct wp_cert_pdf_totals *t)
{
	static const float w[6] = {24, 172, 90, 58, 95, 56};
	static const char *const head[6] = {
		"#", "Certificate", "Serial", "Result", "Method", "Finished"};
	char buf[256];

	cm_pdf_page(p);
	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W, CM_PDF_BOLD, 18,
		    "Certificates of Sanitization");
	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W, CM_PDF_REGULAR, 10, title);
	snprintf(
		buf, sizeof(buf),
		"%zu certificate(s): %zu success, %zu failed, %zu interrupted. One page each follows; each certificate's signed JSON and .p7s are attached.",
		t->n, t->success, t->failed, t->interrupted);
	cm_pdf_space(p, 4);
	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W, CM_PDF_REGULAR, 9, buf);
	cm_pdf_space(p, 6);
	cm_pdf_row(p, 6, w, head, NULL, CM_PDF_BOLD, 8, true);
}

void wp_cert_pdf_summary_row(struct cm_pdf *p, size_t i,
			     const struct wp_cert_pdf_doc *d)
{
	static const float w[6] = {24, 172, 90, 58, 95, 56};
	const json_t *c = d->chk.cert;
	const json_t *sa = json_object_get(c, "sanitization");
	const char *r = str(c, "result");
	char num[24], result[32], fin[16];
	const char *cells[6];

	snprintf(num, sizeof(num), "%zu", i);
	snprintf(result, sizeof(result), "%s",
		 !strcmp(r, "success") ? "success" : r);
	for (size_t k = 0; k < sizeof(result) && result[k]; k++)
		if (strcmp(r, "success") && result[k] >= 'a' &&
		    result[k] <= 'z')
			result[k] = (char)(result[k] - 'a' + 'A');
	snprintf(fin, sizeof(fin), "%.10s", str(sa, "finished_at"));
	cells[0] = num;
	cells[1] = str(c, "id");
	cells[2] = str(json_object_get(c, "media"), "serial");
	cells[3] = result;
	cells[4] = str(sa, "method");
	cells[5] = fin;
	cm_pdf_row(p, 6, w, cells, NULL, CM_PDF_REGULAR, 7.5f, true);
}

static int open_doc(const char *title, const char *author, time_t created,
		    const char *spool_dir, struct cm_pdf **p,
		    struct cm_err *err)
{
	struct cm_pdf_info info = {
		.title = title,
		.author = author,
		.subject = "NIST SP 800-88 certificate of sanitization",
		.created = created,
		.footer =
			"Rendered from the signed JSON attached to this PDF; the JSON and its .p7s are the record.",
		.spool_dir = spool_dir,
	};

	return cm_pdf_new(&info, p, err);
}

static time_t issued(const struct wp_cert_pdf_doc *d)
{
	time_t t = 0;
	const char *s = cm_json_get_str(d->chk.cert, "issued_at");

	if (s)
		cm_time_parse(s, &t);
	return t;
}

int wp_cert_pdf_write(const char *cert_path, const char *out,
		      struct cm_cms_trust *trust, const char *verify_url,
		      struct cm_err *err)
{
	struct wp_cert_pdf_doc d;
	struct cm_pdf *p = NULL;
	char title[128];
	int rc;

	rc = wp_cert_pdf_load(cert_path, trust, &d, err);
	if (rc == 1)
		cm_err_wrap(err,
			    "'%s': signature does not verify, not rendered",
			    cert_path);
	if (rc != 0)
		goto out;
	snprintf(title, sizeof(title), "Certificate of Sanitization %s",
		 str(d.chk.cert, "id"));
	rc = open_doc(title,
		      cm_json_get_str(json_object_get(d.chk.cert, "operator"),
				      "organization"),
		      issued(&d), NULL, &p, err);
	if (rc == 0)
		rc = wp_cert_pdf_render(p, &d, verify_url, err);
	if (rc == 0)
		rc = cm_pdf_save(p, out, err);
out:
	cm_pdf_free(p);
	wp_cert_pdf_doc_release(&d);
	return rc;
}

/* the i-th of a source, a signature that does not verify stopping it */
static int load_checked(const struct wp_cert_pdf_source *src, size_t i,
			struct wp_cert_pdf_doc *d, struct cm_err *err)
{
	int rc = src->load(src->ctx, i, d, err);

	if (rc == 1)
		cm_err_wrap(
			err,
			"'%s': signature does not verify, batch not rendered",
			d->name ? d->name : "?");
	return rc;
}

int wp_cert_pdf_batch_from(const struct wp_cert_pdf_source *src,
			   const char *title, const char *out,
			   const char *spool_dir, const char *verify_url,
			   struct cm_err *err)
{
	size_t n = src->n;
	struct wp_cert_pdf_totals t = {.n = n};
	uint8_t(*sums)[CM_SHA256_LEN] = calloc(n ? n : 1, sizeof(*sums));
	struct wp_cert_pdf_doc d = {0};
	struct cm_pdf *p = NULL;
	time_t newest = 0;
	int rc = 0;

	if (!sums)
		return cm_err_set(err, -ENOMEM, "out of memory");
	/*
	 * Three passes, one certificate in memory at a time: the summary
	 * needs the counts first. Each one's hash is kept so that the
	 * page drawn in the last pass is of the bytes counted in the
	 * first.
	 */
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *r;

		rc = load_checked(src, i, &d, err);
		if (rc == 0) {
			r = str(d.chk.cert, "result");
			t.success += !strcmp(r, "success");
			t.failed += !strcmp(r, "failed");
			t.interrupted += !strcmp(r, "interrupted");
			cm_unhex(d.chk.sha256, sums[i], CM_SHA256_LEN);
			if (issued(&d) > newest)
				newest = issued(&d);
		}
		wp_cert_pdf_doc_release(&d);
	}
	if (rc == 0)
		rc = open_doc(title, NULL, newest, spool_dir, &p, err);
	if (rc == 0)
		wp_cert_pdf_summary_begin(p, title, &t);
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n && rc == 0; i++) {
			uint8_t md[CM_SHA256_LEN];

			rc = load_checked(src, i, &d, err);
			if (rc == 0 &&
			    (cm_unhex(d.chk.sha256, md, sizeof(md)) < 0 ||
			     memcmp(md, sums[i], sizeof(md))))
				rc = cm_err_setk(
					err, -EAGAIN, CM_ERR_TEMPFAIL,
					"'%s' changed while the batch was rendered: run again",
					d.name);
			if (rc == 0 && pass == 0)
				wp_cert_pdf_summary_row(p, i + 1, &d);
			else if (rc == 0)
				rc = wp_cert_pdf_render(p, &d, verify_url, err);
			wp_cert_pdf_doc_release(&d);
		}
	if (rc == 0)
		rc = cm_pdf_save(p, out, err);
	cm_pdf_free(p);
	free(sums);
	return rc;
}

struct path_source {
	char *const *paths;
	struct cm_cms_trust *trust;
};

static int load_path(void *ctx, size_t i, struct wp_cert_pdf_doc *d,
		     struct cm_err *err)
{
	struct path_source *ps = ctx;

	return wp_cert_pdf_load(ps->paths[i], ps->trust, d, err);
}

int wp_cert_pdf_batch(char *const *paths, size_t n, const char *title,
		      const char *out, const char *spool_dir,
		      struct cm_cms_trust *trust, const char *verify_url,
		      struct cm_err *err)
{
	struct path_source ps = {.paths = paths, .trust = trust};
	const struct wp_cert_pdf_source src = {
		.n = n, .load = load_path, .ctx = &ps};

	return wp_cert_pdf_batch_from(&src, title, out, spool_dir, verify_url,
				      err);
}

int wp_cert_pdf_beside(const char *cert_path, const char *ca_pem_path,
		       char **pdf_out, struct cm_err *err)
{
	struct cm_cms_trust *t = NULL;
	size_t n = strlen(cert_path), len;
	char *out = malloc(n + 5), *pem = NULL;
	int rc = 0;

	*pdf_out = NULL;
	if (!out)
		return cm_err_set(err, -ENOMEM, "out of memory");
	snprintf(
		out, n + 5, "%.*s.pdf",
		(int)(n > 5 && !strcmp(cert_path + n - 5, ".json") ? n - 5 : n),
		cert_path);
	if (ca_pem_path) {
		rc = cm_read_file(ca_pem_path, SIG_MAX, &pem, &len, err);
		if (rc == 0)
			rc = cm_cms_trust_new(pem, len, &t, err);
		free(pem);
	}
	if (rc == 0)
		rc = wp_cert_pdf_write(cert_path, out, t, NULL, err);
	cm_cms_trust_free(t);
	if (rc == 0)
		*pdf_out = out;
	else
		free(out);
	return rc;
}
