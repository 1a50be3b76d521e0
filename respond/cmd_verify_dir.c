// SPDX-License-Identifier: Apache-2.0
/*
 * respond verify DIR: every case under a directory of cases (as a fleet
 * run fetches them: DIR/HOST/CASE, or DIR/CASE) checked as one case is,
 * and summarised: where it was collected, its status, its seal, signer
 * and evidence counts.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_json.h"
#include "cm_json.h"
#include "cm_path.h"
#include "cm_time.h"
#include "cmd_util.h"
#include "rs_case.h"

/* How deep below DIR a case is looked for (DIR/HOST/CASE is 2). */
#define DEPTH_MAX 4
/* The most cases one summary takes. */
#define CASES_MAX     100000
#define CASE_JSON_MAX (16 * 1024 * 1024)

/* 1 @dir holds @name, 0 it surely does not (ENOENT), -1 cannot tell. */
static int has(const char *dir, const char *name)
{
	char *p = cm_path_join(dir, name);
	struct stat st;
	int r = -1;

	if (p && lstat(p, &st) == 0)
		r = 1;
	else if (p && errno == ENOENT)
		r = 0;
	free(p);
	return r;
}

bool rs_cmd_is_case_dir(const char *dir)
{
	static const char *const fixed[] = {"case.json", "SHA256SUMS",
					    "custody.jsonl"};
	struct stat st;

	/* what is not surely a directory of cases is verified as one case,
	 * which says best what is wrong with it (missing, too long a path) */
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return true;
	/* a damaged case still is one: any of its fixed files says so */
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (has(dir, fixed[i]) != 0)
			return true;
	return false;
}

struct found {
	char **v; /* paths, malloc'd */
	size_t n;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The case directories under @dir (not following links), into @f. */
static int walk(const char *dir, int depth, struct found *f, struct cm_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		int en = errno;

		return cm_err_setk(err, -en,
				   en == ENOENT ? CM_ERR_NOINPUT : CM_ERR_IOERR,
				   "cannot read '%s': %s", dir, strerror(en));
	}
	while (rc == 0 && (e = readdir(d))) {
		struct stat st;
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = cm_path_join(dir, e->d_name);
		if (!p) {
			rc = cm_err_set(err, -ENOMEM, "out of memory");
			break;
		}
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (rs_cmd_is_case_dir(p)) {
				char **nv;

				if (f->n >= CASES_MAX) {
					free(p);
					rc = cm_err_setk(
						err, -E2BIG, CM_ERR_DATAERR,
						"more than %d cases under '%s': verify part of it",
						CASES_MAX, dir);
					break;
				}
				nv = realloc(f->v, (f->n + 1) * sizeof(*nv));
				if (!nv) {
					free(p);
					rc = cm_err_set(err, -ENOMEM,
							"out of memory");
					break;
				}
				f->v = nv;
				f->v[f->n++] = p;
				continue;
			}
			if (depth < DEPTH_MAX)
				rc = walk(p, depth + 1, f, err);
		}
		free(p);
	}
	closedir(d);
	return rc;
}

/* case.json's view of the case (read as data: the seal says if it holds) */
static void case_facts(const char *c, char *host, size_t hsize, char *root,
		       size_t rsize, char *status, size_t ssize)
{
	char *p = cm_path_join(c, "case.json");
	json_t *j = p ? cm_json_load_file(p, CASE_JSON_MAX, NULL) : NULL;
	const json_t *h = json_object_get(j, "host");
	const char *hn =
		cm_json_get_str(json_object_get(h, "collector"), "hostname");
	const char *rt = cm_json_get_str(h, "root");
	const char *st = cm_json_get_str(j, "status");

	snprintf(host, hsize, "%s", hn ? hn : "?");
	snprintf(root, rsize, "%s", rt ? rt : "/");
	snprintf(status, ssize, "%s", st ? st : "?");
	json_decref(j);
	free(p);
}

/* A count of the verified case, or null when it did not verify. */
static json_t *count(const json_t *info, const char *key)
{
	const json_t *v = json_object_get(info, key);

	return v ? json_integer(json_integer_value(v)) : json_null();
}

static const char *rel(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (!strncmp(path, dir, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

int rs_cmd_verify_dir(const char *dir, const struct cm_verify_trust *tr,
		      bool json)
{
	struct found f = {0};
	struct cm_err err;
	json_t *cases = json_array();
	long intact = 0, failed = 0;
	int rc;

	cm_err_clear(&err);
	rc = walk(dir, 1, &f, &err);
	if (rc == 0 && f.n == 0)
		rc = cm_err_setk(
			&err, -ENOENT, CM_ERR_NOINPUT,
			"no case under '%s' (a case holds case.json, SHA256SUMS and custody.jsonl)",
			dir);
	if (rc < 0) {
		json_decref(cases);
		for (size_t i = 0; i < f.n; i++)
			free(f.v[i]);
		free(f.v);
		return cli_fail("verify", &err);
	}
	qsort(f.v, f.n, sizeof(*f.v), by_name);
	if (!json)
		printf("%-24s %-16s %-10s %-9s %-28s %6s %8s\n", "CASE", "HOST",
		       "STATUS", "SEAL", "SIGNER", "FILES", "ARCHIVES");
	for (size_t i = 0; i < f.n; i++) {
		char host[256], root[1024], status[64],
			when[CM_RFC3339_LEN] = "";
		const char *seal, *name = rel(dir, f.v[i]);
		struct cm_err e;
		json_t *info = NULL;
		int vrc;

		cm_err_clear(&e);
		vrc = rs_case_verify_trust(f.v[i], tr, &info, &e);
		case_facts(f.v[i], host, sizeof(host), root, sizeof(root),
			   status, sizeof(status));
		seal = vrc == 0 ? "intact"
		       : info && !json_is_true(json_object_get(info, "trusted"))
			       ? "untrusted"
			       : "MISMATCH";
		if (vrc == 0)
			intact++;
		else
			failed++;
		if (json_object_get(info, "sealed_at"))
			cm_time_rfc3339(
				(time_t)json_integer_value(
					json_object_get(info, "sealed_at")),
				when);
		json_array_append_new(
			cases,
			json_pack(
				"{s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
				"case", f.v[i], "host", host, "root", root,
				"status", status, "intact", vrc == 0, "seal",
				vrc == 0		     ? "intact"
				: !strcmp(seal, "untrusted") ? "untrusted"
							     : "mismatch",
				"mismatch",
				vrc ? json_string(e.msg) : json_null(),
				"signer",
				cm_json_str_or_null(
					cm_json_get_str(info, "signer")),
				"signer_fingerprint",
				cm_json_str_or_null(cm_json_get_str(
					info, "signer_fingerprint")),
				"files", count(info, "files"), "archives",
				count(info, "archives"), "encrypted_archives",
				count(info, "encrypted_archives"),
				"time_source",
				cm_json_str_or_null(
					cm_json_get_str(info, "time_source")),
				"sealed_at",
				when[0] ? json_string(when) : json_null()));
		if (!json) {
			char files[24] = "-", archives[24] = "-";

			/* a case that did not verify has no counts to give */
			if (info) {
				snprintf(files, sizeof(files), "%lld",
					 (long long)json_integer_value(
						 json_object_get(info,
								 "files")));
				snprintf(
					archives, sizeof(archives), "%lld%s",
					(long long)json_integer_value(
						json_object_get(info,
								"archives")) +
						(long long)json_integer_value(
							json_object_get(
								info,
								"encrypted_archives")),
					json_integer_value(json_object_get(
						info, "encrypted_archives"))
						? " enc"
						: "");
			}
			printf("%-24s %-16s %-10s %-9s %-28s %6s %8s\n", name,
			       host, status, seal,
			       cm_json_get_str(info, "signer") ?: "-", files,
			       archives);
			if (vrc)
				printf("  %s: %s\n", name, e.msg);
		}
		json_decref(info);
		free(f.v[i]);
	}
	free(f.v);
	if (json) {
		json_t *doc = json_pack(
			"{s:s, s:s, s:b, s:{s:I, s:I, s:I}, s:o}", "schema",
			"sanitas.verify-cases/1", "directory", dir,
			"all_intact", failed == 0, "counts", "cases",
			(json_int_t)(intact + failed), "intact",
			(json_int_t)intact, "failed", (json_int_t)failed,
			"cases", cases);

		cm_err_clear(&err);
		rc = cli_json_print(doc, &err);
		json_decref(doc);
		if (rc)
			return cli_fail("verify", &err);
	} else {
		json_decref(cases);
		printf("%ld cases: %ld intact, %ld failed\n", intact + failed,
		       intact, failed);
	}
	return failed ? CLI_EXIT_NEGATIVE : CLI_EXIT_OK;
}
