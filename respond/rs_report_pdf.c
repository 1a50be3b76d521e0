// SPDX-License-Identifier: Apache-2.0
/*
 * The case report as PDF. Nothing is taken from a file that the seal does
 * not cover: SHA256SUMS and its signature are read once and checked, and
 * every file rendered is hashed from the bytes read and compared with its
 * line before a word of it is drawn. The report restates what the case
 * files say; it is not itself part of the seal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_cms.h"
#include "cm_file.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_pdf.h"
#include "cm_time.h"
#include "rs_report_pdf.h"

#define SUMS_MAX (8 * 1024 * 1024)
#define SIG_MAX	 (256 * 1024)
#define FILE_MAX (64 * 1024 * 1024)
#define TEXT_W	 (CM_PDF_WIDTH - 2 * CM_PDF_MARGIN)
#define BODY	 8.0f
#define HEAD	 11.0f
#define DASH	 "\xe2\x80\x94"
#define LIST_MAX 400

int rs_sums_find(const char *sums, size_t len, const char *path, char *hex,
		 struct cm_err *err)
{
	size_t pl = strlen(path), line = 0;
	const char *p = sums, *end = sums + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line++;
		if (n < 67 || p[64] != ' ' || (p[65] != ' ' && p[65] != '*'))
			return cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
					   "SHA256SUMS:%zu: not 'HEX  PATH'",
					   line);
		for (int i = 0; i < 64; i++)
			if (cm_hexval(p[i]) < 0)
				return cm_err_setk(
					err, -EBADMSG, CM_ERR_DATAERR,
					"SHA256SUMS:%zu: not a SHA-256", line);
		if (n - 66 == pl && !memcmp(p + 66, path, pl)) {
			memcpy(hex, p, 64);
			hex[64] = '\0';
			return 0;
		}
		p += n + 1;
	}
	return -ENOENT;
}

static void add_actor(struct rs_journal_summary *s, const char *a)
{
	size_t n = strlen(s->actors), al = strlen(a);
	const char *f = s->actors;

	while ((f = strstr(f, a))) {
		if ((f == s->actors || f[-2] == ',') &&
		    (f[al] == '\0' || f[al] == ','))
			return;
		f += al;
	}
	if (n + al + 3 < sizeof(s->actors))
		snprintf(s->actors + n, sizeof(s->actors) - n, "%s%s",
			 n ? ", " : "", a);
}

int rs_journal_summarise(const char *text, size_t len,
			 struct rs_journal_summary *s, struct cm_err *err)
{
	const char *p = text, *end = text + len;

	memset(s, 0, sizeof(*s));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_error_t je;
		json_t *e;
		const char *ev, *t, *h, *a;

		if (n == 0) {
			p += 1;
			continue;
		}
		e = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
		ev = cm_json_get_str(e, "event");
		t = cm_json_get_str(e, "time");
		h = cm_json_get_str(e, "sha256");
		a = cm_json_get_str(e, "actor");
		if (!ev || !t || !h) {
			json_decref(e);
			return cm_err_setk(
				err, -EBADMSG, CM_ERR_DATAERR,
				"custody.jsonl:%zu: not a journal entry",
				s->entries + 1);
		}
		s->entries++;
		if (s->entries == 1)
			snprintf(s->first, sizeof(s->first), "%s", t);
		snprintf(s->last, sizeof(s->last), "%s", t);
		snprintf(s->head, sizeof(s->head), "%s", h);
		if (!strcmp(ev, "step.start"))
			s->steps_started++;
		else if (!strcmp(ev, "step.result"))
			s->steps_finished++;
		else if (strstr(ev, "approv"))
			s->approvals++;
		else
			s->other++;
		if (a)
			add_actor(s, a);
		json_decref(e);
		p += n + 1;
	}
	return 0;
}

struct sealed {
	const char *dir;
	char *sums; /* owned */
	size_t sums_len;
	uint8_t *sig; /* owned */
	size_t sig_len;
	struct cm_cms_info seal;
	bool anchored;
};

/*
 * Read @rel of the case, checked against its SHA256SUMS line. Returns 0
 * (*@buf owned), 1 mismatch (in @err), -ENOENT when neither present nor
 * listed, <0 error.
 */
static int read_sealed(const struct sealed *s, const char *rel, char **buf,
		       size_t *len, struct cm_err *err)
{
	char path[4096], want[65], got[65];
	uint8_t md[CM_SHA256_LEN];
	int rc, listed;

	*buf = NULL;
	snprintf(path, sizeof(path), "%s/%s", s->dir, rel);
	listed = rs_sums_find(s->sums, s->sums_len, rel, want, err);
	if (listed < 0 && listed != -ENOENT)
		return listed;
	rc = cm_read_file(path, FILE_MAX, buf, len, err);
	if (rc == -ENOENT && listed == -ENOENT)
		return -ENOENT;
	if (rc < 0)
		return rc;
	if (listed == -ENOENT) {
		cm_err_set(err, 0, "'%s' is not covered by the seal", rel);
		goto bad;
	}
	cm_sha256_buf(*buf, *len, md, NULL);
	cm_hex(md, sizeof(md), got);
	if (strcmp(got, want)) {
		cm_err_set(
			err, 0,
			"'%s' does not match SHA256SUMS (sha256 %s, sealed %s)",
			rel, got, want);
		goto bad;
	}
	return 0;
bad:
	free(*buf);
	*buf = NULL;
	return 1;
}

static json_t *load_sealed(const struct sealed *s, const char *rel, int *rc,
			   struct cm_err *err)
{
	char *buf;
	size_t len;
	json_error_t je;
	json_t *j;

	*rc = read_sealed(s, rel, &buf, &len, err);
	if (*rc)
		return NULL;
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	free(buf);
	if (!j)
		*rc = cm_err_setk(err, -EBADMSG, CM_ERR_DATAERR,
				  "%s:%d:%d: malformed JSON: %s", rel, je.line,
				  je.column, je.text);
	return j;
}

static const char *str(const json_t *o, const char *k)
{
	const char *s = cm_json_get_str(o, k);

	return s ? s : DASH;
}

static void kv(struct cm_pdf *p, const char *label, const char *value)
{
	cm_pdf_kv(p, 120, BODY, label, value);
}

static void head_block(struct cm_pdf *p, const json_t *c,
		       const struct sealed *s)
{
	const json_t *pb = json_object_get(c, "playbook");
	const json_t *in = json_object_get(c, "inputs");
	const json_t *host = json_object_get(c, "host");
	char buf[1024], when[CM_RFC3339_LEN] = DASH;

	cm_pdf_page(p);
	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W, CM_PDF_BOLD, 18,
		    "Incident Case Report");
	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W, CM_PDF_REGULAR, 11,
		    str(in, "organization"));
	cm_pdf_space(p, 6);
	snprintf(buf, sizeof(buf), "CASE STATUS: %s", str(c, "status"));
	for (char *q = buf; *q; q++)
		if (*q >= 'a' && *q <= 'z')
			*q = (char)(*q - 'a' + 'A');
	if (!strcmp(str(c, "status"), "complete"))
		cm_pdf_banner(p, 0.11f, 0.45f, 0.18f, 14, buf);
	else
		cm_pdf_banner(p, 0.72f, 0.07f, 0.07f, 14, buf);
	cm_pdf_heading(p, HEAD, "Case");
	snprintf(buf, sizeof(buf), "%s (%s), playbook sha256 %s",
		 str(pb, "title"), str(pb, "id"), str(pb, "sha256"));
	kv(p, "Playbook", buf);
	kv(p, "Incident id", str(in, "incident_id"));
	kv(p, "Operator", str(c, "operator"));
	kv(p, "Started", str(host, "started"));
	kv(p, "Finished", str(c, "finished"));
	snprintf(buf, sizeof(buf), "%s%s; collector %s", str(host, "root"),
		 json_is_true(json_object_get(host, "dead_box"))
			 ? " (dead-box, --root)"
			 : "",
		 str(json_object_get(host, "collector"), "hostname"));
	kv(p, "Host", buf);
	cm_pdf_heading(p, HEAD, "Seal");
	if (s->seal.signing_time)
		cm_time_rfc3339(s->seal.signing_time, when);
	snprintf(
		buf, sizeof(buf),
		"SHA256SUMS signed by CN=%s, O=%s at %s; signer certificate SHA-256 %s; %s",
		s->seal.signer_cn, s->seal.signer_org, when,
		s->seal.signer_fingerprint,
		s->anchored
			? "the signer chains to the trust anchor given when this report was made"
			: "the signer was NOT checked against a trust anchor when this report was made");
	kv(p, "Signer", buf);
	kv(p, "Attached",
	   "SHA256SUMS and SHA256SUMS.p7s, byte for byte: openssl cms -verify -binary -inform DER -in SHA256SUMS.p7s -content SHA256SUMS -CAfile CA.pem -purpose any; then sha256sum -c SHA256SUMS in the case directory");
}

static void steps_table(struct cm_pdf *p, const json_t *c)
{
	static const float w[6] = {80, 78, 50, 62, 90, 135};
	static const char *const h[6] = {"Step",    "Action",
					 "Phase",   "Result",
					 "Started", "Finished / error"};
	const json_t *st = json_object_get(c, "steps"), *s;
	size_t i;

	cm_pdf_heading(p, HEAD, "Steps");
	cm_pdf_row(p, 6, w, h, NULL, CM_PDF_BOLD, BODY, true);
	json_array_foreach(st, i, s)
	{
		char fin[600];
		const char *cells[6];

		snprintf(fin, sizeof(fin), "%s%s%s", str(s, "finished"),
			 cm_json_get_str(s, "error") ? ": " : "",
			 cm_json_get_str(s, "error")
				 ? cm_json_get_str(s, "error")
				 : "");
		cells[0] = str(s, "id");
		cells[1] = str(s, "action");
		cells[2] = str(s, "phase");
		cells[3] = str(s, "status");
		cells[4] = str(s, "started");
		cells[5] = fin;
		cm_pdf_row(p, 6, w, cells, NULL, CM_PDF_REGULAR, BODY - 0.5f,
			   true);
	}
}

static void evidence_table(struct cm_pdf *p, const json_t *c,
			   const struct sealed *s, struct cm_err *err)
{
	static const float w[4] = {150, 40, 55, 250};
	static const char *const h[4] = {"Archive", "Files", "Bytes",
					 "SHA-256 (sealed)"};
	const json_t *st = json_object_get(c, "steps"), *e;
	size_t i, n = 0;

	cm_pdf_heading(p, HEAD, "Evidence archives");
	cm_pdf_row(p, 4, w, h, NULL, CM_PDF_BOLD, BODY, true);
	json_array_foreach(st, i, e)
	{
		const json_t *o = json_object_get(e, "outputs");
		const char *arch = cm_json_get_str(o, "archive");
		char files[24], bytes[24], hex[65];
		const char *cells[4];

		if (!arch)
			continue;
		if (rs_sums_find(s->sums, s->sums_len, arch, hex, err) < 0)
			snprintf(hex, sizeof(hex), "NOT IN THE SEAL");
		snprintf(files, sizeof(files), "%lld",
			 (long long)json_integer_value(
				 json_object_get(o, "files")));
		snprintf(bytes, sizeof(bytes), "%lld",
			 (long long)json_integer_value(
				 json_object_get(o, "bytes")));
		cells[0] = arch;
		cells[1] = files;
		cells[2] = bytes;
		cells[3] = hex;
		cm_pdf_row(p, 4, w, cells, NULL, CM_PDF_REGULAR, BODY - 0.5f,
			   true);
		n++;
	}
	if (!n)
		kv(p, "", "no evidence archive in this case");
}

static void journal_block(struct cm_pdf *p, const struct rs_journal_summary *j)
{
	char buf[512];

	cm_pdf_heading(p, HEAD, "Custody journal (custody.jsonl)");
	snprintf(
		buf, sizeof(buf),
		"%zu entries from %s to %s: %zu step starts, %zu step results, %zu approvals, %zu other",
		j->entries, j->first, j->last, j->steps_started,
		j->steps_finished, j->approvals, j->other);
	kv(p, "Entries", buf);
	kv(p, "Actors", j->actors[0] ? j->actors : DASH);
	kv(p, "Chain head", j->head);
}

static void revocations_block(struct cm_pdf *p, const json_t *r)
{
	const json_t *list = json_object_get(r, "revocations"), *e;
	size_t i;

	cm_pdf_heading(p, HEAD, "Revocations");
	if (!json_array_size(list)) {
		kv(p, "", r ? "none recorded" : "no revocations in this case");
		return;
	}
	json_array_foreach(list, i, e)
	{
		const json_t *res = json_object_get(e, "result");
		json_t *brief = json_object();
		const char *k;
		json_t *v;
		char label[200], *t;

		/* the facts of a revocation; the diffs stay in the case */
		json_object_foreach((json_t *)res, k,
				    v) if (strcmp(k, "index_diff") &&
					   !strstr(k, "backup"))
			json_object_set(brief, k, v);
		t = json_dumps(brief, JSON_COMPACT | JSON_PRESERVE_ORDER);
		snprintf(label, sizeof(label), "%s", str(e, "step"));
		kv(p, label, str(e, "action"));
		kv(p, "", t ? t : DASH);
		free(t);
		json_decref(brief);
	}
}

static void deadlines_block(struct cm_pdf *p, const json_t *d)
{
	static const float w[6] = {72, 72, 100, 95, 62, 94};
	static const char *const h[6] = {"Notice",   "Regime",	"Recipient",
					 "Citation", "Applies", "Due"};
	const json_t *ns = json_object_get(d, "notices"), *n, *v;
	size_t i;

	cm_pdf_heading(p, HEAD, "Notice deadlines (notices/deadlines.json)");
	if (!d) {
		kv(p, "", "this case drafted no notices");
		return;
	}
	cm_pdf_row(p, 6, w, h, NULL, CM_PDF_BOLD, BODY, true);
	json_array_foreach(ns, i, n)
	{
		char due[160];
		const char *cells[6];

		snprintf(due, sizeof(due), "%s%s%s%s", str(n, "due"),
			 cm_json_get_str(n, "due_kind") ? " (" : "",
			 cm_json_get_str(n, "due_kind")
				 ? cm_json_get_str(n, "due_kind")
				 : "",
			 cm_json_get_str(n, "due_kind") ? ")" : "");
		cells[0] = str(n, "id");
		cells[1] = str(n, "regime");
		cells[2] = str(n, "recipient");
		cells[3] = str(n, "citation");
		cells[4] = str(n, "applicability");
		cells[5] = due;
		cm_pdf_row(p, 6, w, cells, NULL, CM_PDF_REGULAR, BODY - 0.5f,
			   true);
	}
	json_array_foreach(json_object_get(d, "not_assessed"), i, v)
	{
		char *t = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);

		kv(p, "Not assessed", t ? t : DASH);
		free(t);
	}
	json_array_foreach(json_object_get(d, "notes"), i, v)
		kv(p, "Note", json_is_string(v) ? json_string_value(v) : DASH);
}

static void files_block(struct cm_pdf *p, const struct sealed *s)
{
	static const float w[2] = {200, 295};
	const char *q = s->sums, *end = s->sums + s->sums_len;
	size_t n = 0;

	cm_pdf_heading(p, HEAD, "Files under the seal (SHA256SUMS)");
	while (q < end && n < LIST_MAX) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t len = nl ? (size_t)(nl - q) : (size_t)(end - q);
		char name[1024], hex[65];
		const char *cells[2] = {name, hex};

		if (len > 66) {
			snprintf(hex, sizeof(hex), "%.64s", q);
			snprintf(name, sizeof(name), "%.*s", (int)(len - 66),
				 q + 66);
			cm_pdf_row(p, 2, w, cells, NULL, CM_PDF_MONO, 6.5f,
				   false);
			n++;
		}
		q += len + 1;
	}
	if (q < end)
		kv(p, "",
		   "... more files: every one is in the attached SHA256SUMS");
}

static int read_seal(struct sealed *s, const char *ca_pem, struct cm_err *err)
{
	char path[4096], *sig = NULL;
	int rc;

	snprintf(path, sizeof(path), "%s/SHA256SUMS", s->dir);
	rc = cm_read_file(path, SUMS_MAX, &s->sums, &s->sums_len, err);
	if (rc < 0)
		return rc;
	snprintf(path, sizeof(path), "%s/SHA256SUMS.p7s", s->dir);
	rc = cm_read_file(path, SIG_MAX, &sig, &s->sig_len, err);
	s->sig = (uint8_t *)sig;
	if (rc < 0)
		return rc;
	rc = cm_cms_verify(s->sums, s->sums_len, s->sig, s->sig_len, ca_pem,
			   &s->seal, err);
	if (rc == 1)
		cm_err_wrap(err, "the seal (SHA256SUMS.p7s) does not verify");
	s->anchored = rc == 0 && ca_pem && s->seal.anchored;
	return rc;
}

int rs_report_pdf(const char *dir, const char *ca_pem, const char *out,
		  struct cm_err *err)
{
	struct sealed s = {.dir = dir};
	struct cm_pdf_info info = {
		.title = "Incident case report",
		.subject = "respond case report",
		.footer =
			"Rendered from the sealed case files; SHA256SUMS and its signature are attached. The case directory is the record.",
	};
	struct rs_journal_summary j;
	json_t *c = NULL, *dl = NULL, *rv = NULL;
	struct cm_pdf *p = NULL;
	char *jtext = NULL;
	size_t jlen;
	int rc;

	rc = read_seal(&s, ca_pem, err);
	if (rc == 0)
		c = load_sealed(&s, "case.json", &rc, err);
	if (rc == 0)
		rc = read_sealed(&s, "custody.jsonl", &jtext, &jlen, err);
	if (rc == 0)
		rc = rs_journal_summarise(jtext, jlen, &j, err);
	if (rc == 0) {
		dl = load_sealed(&s, "notices/deadlines.json", &rc, err);
		rc = rc == -ENOENT ? 0 : rc;
	}
	if (rc == 0) {
		rv = load_sealed(&s, "revocations/revocations.json", &rc, err);
		rc = rc == -ENOENT ? 0 : rc;
	}
	if (rc)
		goto out;
	cm_time_parse(str(c, "finished"), &info.created);
	info.author =
		cm_json_get_str(json_object_get(c, "inputs"), "organization");
	rc = cm_pdf_new(&info, &p, err);
	if (rc < 0)
		goto out;
	head_block(p, c, &s);
	steps_table(p, c);
	evidence_table(p, c, &s, err);
	journal_block(p, &j);
	revocations_block(p, rv);
	deadlines_block(p, dl);
	files_block(p, &s);
	rc = cm_pdf_attach(p, "SHA256SUMS", s.sums, s.sums_len,
			   "the case's file hashes (sha256sum format)", err);
	if (rc == 0)
		rc = cm_pdf_attach(p, "SHA256SUMS.p7s", s.sig, s.sig_len,
				   "CMS signature (DER) over SHA256SUMS", err);
	if (rc == 0)
		rc = cm_pdf_save(p, out, err);
out:
	cm_pdf_free(p);
	json_decref(c);
	json_decref(dl);
	json_decref(rv);
	free(jtext);
	free(s.sums);
	free(s.sig);
	return rc;
}
