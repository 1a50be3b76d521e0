// SPDX-License-Identifier: Apache-2.0
/*
 * The ledger store on SQLite: schema creation and version, insert-if-
 * absent keyed by SHA-256, rollback, trust anchors, append-only rows and
 * a ledger newer than this build.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "cm_identity.h"
#include "cm_file.h"
#include "wp_ledger.h"

struct fx {
	char dir[64];
	char path[96];
	struct wp_ledger *l;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct cm_err err = {0};

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_ledger.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/l.db", f->dir);
	assert_int_equal(wp_ledger_open(f->path, &f->l, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[160];

	wp_ledger_close(f->l);
	snprintf(cmd, sizeof(cmd), "%s/l.db", f->dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/l.db-wal", f->dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/l.db-shm", f->dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/id/key.pem", f->dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/id/cert.pem", f->dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/id/profile.json", f->dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/id", f->dir);
	rmdir(cmd);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void record(struct wp_ledger_record *r, char c)
{
	memset(r, 0, sizeof(*r));
	memset(r->sha256, c, 64);
	memset(r->p7s_sha256, 'b', 64);
	r->id = "id";
	r->issued_at = "2026-01-01T00:00:00Z";
	r->result = "success";
	r->signer_fingerprint = "fp";
	r->json = "{}";
	r->json_len = 2;
	r->p7s = (const unsigned char *)"\0\1";
	r->p7s_len = 2;
}

static void test_schema(void **state)
{
	struct fx *f = *state;
	struct cm_err err = {0};
	struct stat st;
	int v = 0;

	assert_int_equal(wp_ledger_schema_version(f->l, &v, &err), 0);
	assert_int_equal(v, WP_LEDGER_SCHEMA_VERSION);
	assert_int_equal(wp_ledger_backend(f->l), WP_LEDGER_SQLITE);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* opening again migrates nothing */
	wp_ledger_close(f->l);
	assert_int_equal(wp_ledger_open(f->path, &f->l, &err), 0);
	assert_int_equal(wp_ledger_schema_version(f->l, &v, &err), 0);
	assert_int_equal(v, WP_LEDGER_SCHEMA_VERSION);
	assert_true(wp_ledger_is_uri("postgresql://x/y"));
	assert_true(wp_ledger_is_uri("postgres:///y"));
	assert_false(wp_ledger_is_uri("/var/lib/postgresql://x"));
}

static void test_insert_if_absent(void **state)
{
	struct fx *f = *state;
	struct wp_ledger_record r;
	struct cm_err err = {0};
	long n = -1;

	record(&r, 'a');
	assert_int_equal(wp_ledger_insert_cert(f->l, &r, &err), 0);
	assert_int_equal(wp_ledger_insert_cert(f->l, &r, &err), 1);
	r.result = "failed"; /* same key: still a no-op, never an update */
	assert_int_equal(wp_ledger_insert_cert(f->l, &r, &err), 1);
	assert_int_equal(wp_ledger_count(f->l, &n, &err), 0);
	assert_int_equal(n, 1);
	/* rolled back: gone; committed: kept */
	record(&r, 'c');
	assert_int_equal(wp_ledger_begin(f->l, &err), 0);
	assert_int_equal(wp_ledger_insert_cert(f->l, &r, &err), 0);
	wp_ledger_rollback(f->l);
	assert_int_equal(wp_ledger_count(f->l, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(wp_ledger_begin(f->l, &err), 0);
	assert_int_equal(wp_ledger_begin(f->l, &err), -EINVAL);
	assert_int_equal(wp_ledger_insert_cert(f->l, &r, &err), 0);
	assert_int_equal(wp_ledger_commit(f->l, &err), 0);
	assert_int_equal(wp_ledger_count(f->l, &n, &err), 0);
	assert_int_equal(n, 2);
	/* a required field missing: an error, not a row */
	record(&r, 'd');
	r.result = NULL;
	assert_true(wp_ledger_insert_cert(f->l, &r, &err) < 0);
	assert_int_equal(cm_err_kind(&err), CM_ERR_IOERR);
}

static void test_append_only(void **state)
{
	struct fx *f = *state;
	struct wp_ledger_record r;
	struct cm_err err = {0};
	sqlite3 *db;

	record(&r, 'a');
	assert_int_equal(wp_ledger_insert_cert(f->l, &r, &err), 0);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE certificates SET id='x'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(
		sqlite3_exec(db, "DELETE FROM certificates", NULL, NULL, NULL),
		SQLITE_OK);
	/* a ledger from a newer build is refused */
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO schema_migrations VALUES"
				      " (99, 'later')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	wp_ledger_close(f->l);
	f->l = NULL;
	assert_int_equal(wp_ledger_open(f->path, &f->l, &err), -EPROTO);
	assert_int_equal(cm_err_kind(&err), CM_ERR_DATAERR);
	assert_non_null(strstr(err.msg, "version 99 is newer"));
}

static int count_anchor(void *ctx, const struct wp_ledger_anchor *a)
{
	(*(int *)ctx)++;
	assert_int_equal(strlen(a->fingerprint), 64);
	return 0;
}

static void test_trust(void **state)
{
	struct fx *f = *state;
	struct cm_identity_opts o = {.organization = "Org",
				     .operator_name = "Op"};
	struct wp_ledger_anchor a;
	struct cm_err err = {0};
	char id[96], cert[128], *pem = NULL, *all = NULL;
	size_t len = 0, all_len = 0;
	int n = 0, seen = 0;

	snprintf(id, sizeof(id), "%s/id", f->dir);
	snprintf(cert, sizeof(cert), "%s/cert.pem", id);
	assert_int_equal(cm_identity_create(id, &o, &err), 0);
	assert_int_equal(cm_read_file(cert, 65536, &pem, &len, &err), 0);
	assert_int_equal(wp_ledger_trust_add(f->l, pem, len, &a, &err), 0);
	assert_non_null(strstr(a.subject, "CN=Op"));
	assert_int_equal(wp_ledger_trust_add(f->l, pem, len, NULL, &err), 1);
	assert_int_equal(wp_ledger_trust_list(f->l, count_anchor, &seen, &err),
			 0);
	assert_int_equal(seen, 1);
	assert_int_equal(wp_ledger_trust_pem(f->l, &all, &all_len, &n, &err),
			 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(all, "BEGIN CERTIFICATE"));
	free(all);
	assert_int_equal(wp_ledger_trust_remove(f->l, a.fingerprint, &err), 0);
	assert_int_equal(wp_ledger_trust_remove(f->l, a.fingerprint, &err),
			 -ENOENT);
	assert_int_equal(wp_ledger_trust_pem(f->l, &all, &all_len, &n, &err),
			 0);
	assert_int_equal(n, 0);
	free(all);
	/* trusted again */
	assert_int_equal(wp_ledger_trust_add(f->l, pem, len, NULL, &err), 0);
	/* not a certificate; two certificates */
	assert_int_equal(wp_ledger_trust_add(f->l, "junk", 4, NULL, &err),
			 -EBADMSG);
	{
		char *two = malloc(2 * len);

		memcpy(two, pem, len);
		memcpy(two + len, pem, len);
		assert_int_equal(
			wp_ledger_anchor_parse(two, 2 * len, &a, NULL, &err),
			-EBADMSG);
		free(two);
	}
	free(pem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert_if_absent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_append_only, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_trust, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
