// SPDX-License-Identifier: Apache-2.0
/*
 * Notice letters as PDF, from the draft's Markdown as notify.draft wrote
 * it: the letter is everything from the first "## " heading on (the
 * first heading is the notice's title), the lines before it are the
 * draft's notes for counsel. Only what the draft says is printed; the
 * letterhead leaves out what the facts do not give.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_pdf.h"
#include "rs_letter_pdf.h"

#define TEXT_W (CM_PDF_WIDTH - 2 * CM_PDF_MARGIN)
#define MARK   "[TO BE COMPLETED"

/*
 * @n bytes of @s with each "[TO BE COMPLETED ...]" (brackets matched)
 * wrapped in the marks cm_pdf_rich() draws red. Returns a malloc'd copy.
 */
static char *mark_placeholders(const char *s, size_t n)
{
	char *o = malloc(n * 2 + 1);
	size_t k = 0;

	if (!o)
		return NULL;
	for (size_t i = 0; i < n;) {
		if (n - i >= strlen(MARK) &&
		    !memcmp(s + i, MARK, strlen(MARK))) {
			int depth = 0;

			o[k++] = '\x01';
			do {
				depth += s[i] == '[';
				depth -= s[i] == ']';
				o[k++] = s[i++];
			} while (i < n && depth > 0);
			o[k++] = '\x02';
			continue;
		}
		o[k++] = s[i] == '\x01' || s[i] == '\x02' ? ' ' : s[i];
		i++;
	}
	o[k] = '\0';
	return o;
}

static void rich(struct cm_pdf *p, float x, float w, float size, const char *s,
		 size_t n)
{
	char *m = mark_placeholders(s, n);

	if (m)
		cm_pdf_rich(p, x, w, size, m);
	free(m);
}

static void letterhead(struct cm_pdf *p, const struct rs_letterhead *lh)
{
	const char *parts[4] = {lh->phone, lh->email, lh->website, lh->address};
	char line[1024];
	size_t o = 0;

	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W, CM_PDF_BOLD, 15,
		    lh->organization ? lh->organization : "");
	line[0] = '\0';
	for (int i = 0; i < 4; i++) {
		int k;

		if (!parts[i])
			continue;
		k = snprintf(line + o, sizeof(line) - o, "%s%s",
			     o ? "  \xc2\xb7  " : "", parts[i]);
		if (k < 0 || (size_t)k >= sizeof(line) - o)
			break;
		o += (size_t)k;
	}
	if (o)
		cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W, CM_PDF_REGULAR, 9, line);
	cm_pdf_rule(p);
	cm_pdf_space(p, 10);
}

/* the letter: from the first "## " heading to the end */
static void letter(struct cm_pdf *p, const char *s)
{
	bool first = true;
	char *para = NULL;
	size_t plen = 0;

	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		bool blank = n == 0, head = n > 3 && !strncmp(s, "## ", 3),
		     item = n > 2 && !strncmp(s, "- ", 2);

		if ((blank || head || item) && para) {
			rich(p, CM_PDF_MARGIN, TEXT_W, RS_LETTER_BODY, para,
			     plen);
			cm_pdf_space(p, RS_LETTER_BODY * 0.5f);
			free(para);
			para = NULL;
			plen = 0;
		}
		if (head && first) {
			char *t = strndup(s + 3, n - 3);

			if (t)
				cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W,
					    CM_PDF_BOLD, RS_LETTER_TITLE, t);
			free(t);
			first = false;
			cm_pdf_space(p, 6);
		} else if (head) {
			char *h = strndup(s + 3, n - 3);

			if (h)
				cm_pdf_heading(p, RS_LETTER_HEAD, h);
			free(h);
		} else if (item) {
			cm_pdf_text_at(p, CM_PDF_MARGIN + 4,
				       cm_pdf_y(p) - RS_LETTER_BODY,
				       CM_PDF_REGULAR, RS_LETTER_BODY,
				       "\xe2\x80\xa2");
			rich(p, CM_PDF_MARGIN + 16, TEXT_W - 16, RS_LETTER_BODY,
			     s + 2, n - 2);
		} else if (!blank) {
			char *np = realloc(para, plen + n + 2);

			if (np) {
				para = np;
				if (plen)
					para[plen++] = ' ';
				memcpy(para + plen, s, n);
				plen += n;
				para[plen] = '\0';
			}
		}
		s += n + (nl ? 1 : 0);
	}
	if (para)
		rich(p, CM_PDF_MARGIN, TEXT_W, RS_LETTER_BODY, para, plen);
	free(para);
}

/* the draft's notes for counsel (the lines before the letter) */
static void notes(struct cm_pdf *p, const char *s, size_t len)
{
	const char *end = s + len;

	cm_pdf_page(p);
	cm_pdf_para(p, CM_PDF_MARGIN, TEXT_W, CM_PDF_BOLD, 13,
		    "Notes for counsel (not part of the letter)");
	cm_pdf_space(p, 6);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		if (n > 2 && !strncmp(s, "# ", 2))
			rich(p, CM_PDF_MARGIN, TEXT_W, 11, s + 2, n - 2);
		else if (n > 2 &&
			 (!strncmp(s, "> ", 2) || !strncmp(s, "- ", 2)))
			rich(p, CM_PDF_MARGIN + 10, TEXT_W - 10, 9, s + 2,
			     n - 2);
		else if (n)
			rich(p, CM_PDF_MARGIN, TEXT_W, 9, s, n);
		cm_pdf_space(p, 3);
		s += n + 1;
	}
}

int rs_letter_pdf(const char *path, const char *md, const char *source,
		  const struct rs_letterhead *lh, time_t created,
		  struct cm_err *err)
{
	char footer[512];
	struct cm_pdf_info info = {
		.title = "Notice",
		.author = lh->organization,
		.created = created,
		.footer = footer,
		.mode = 0600,
	};
	const char *start = strstr(md, "\n## ");
	struct cm_pdf *p = NULL;
	int rc;

	snprintf(
		footer, sizeof(footer),
		"DRAFT prepared by respond notify.draft from %s for review by counsel before it is sent",
		source);
	rc = cm_pdf_new(&info, &p, err);
	if (rc < 0)
		return rc;
	rc = cm_pdf_page(p);
	if (rc == 0) {
		letterhead(p, lh);
		letter(p, start ? start + 1 : md);
		if (start && start > md)
			notes(p, md, (size_t)(start - md));
		rc = cm_pdf_save(p, path, err);
	}
	cm_pdf_free(p);
	return rc;
}
