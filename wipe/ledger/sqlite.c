// SPDX-License-Identifier: Apache-2.0
/* The SQLite back end of the ledger: one file, WAL, foreign keys on. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sqlite.h"

static const char *const migrations[] = {
	/* 1: certificates and trust anchors */
	"CREATE TABLE trust_anchors (\n"
	" fingerprint TEXT PRIMARY KEY, subject TEXT NOT NULL,\n"
	" not_after TEXT, pem TEXT NOT NULL, added_at TEXT NOT NULL,\n"
	" removed_at TEXT);\n"
	"CREATE TABLE certificates (\n"
	" sha256 TEXT PRIMARY KEY, id TEXT NOT NULL, issued_at TEXT NOT NULL,\n"
	" previous_sha256 TEXT, station TEXT, machine_id TEXT, serial TEXT,\n"
	" wwn TEXT, asset_tag TEXT, model TEXT, result TEXT NOT NULL,\n"
	" method TEXT, category TEXT, operator TEXT, org TEXT,\n"
	" signer_fingerprint TEXT NOT NULL, signer_subject TEXT,\n"
	" json BLOB NOT NULL, p7s BLOB NOT NULL, p7s_sha256 TEXT NOT NULL,\n"
	" ingested_at TEXT NOT NULL);\n"
	"CREATE INDEX certificates_serial ON certificates(serial);\n"
	"CREATE INDEX certificates_wwn ON certificates(wwn);\n"
	"CREATE INDEX certificates_asset_tag ON certificates(asset_tag);\n"
	"CREATE INDEX certificates_model ON certificates(model);\n"
	"CREATE INDEX certificates_station ON certificates(station);\n"
	"CREATE INDEX certificates_issued_at ON certificates(issued_at);\n"
	"CREATE TRIGGER certificates_no_update BEFORE UPDATE ON certificates\n"
	" BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;\n"
	"CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates\n"
	" BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;\n"
	"CREATE TRIGGER trust_anchors_no_delete BEFORE DELETE ON trust_anchors\n"
	" BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;",
	/* 2: who the work was for and the job it was part of; rows stored
	 * before it came from certificates without these fields */
	"ALTER TABLE certificates ADD COLUMN customer TEXT;\n"
	"ALTER TABLE certificates ADD COLUMN job TEXT;\n"
	"CREATE INDEX certificates_customer ON certificates(customer);\n"
	"CREATE INDEX certificates_job ON certificates(job);",
	/* 3: each identity's records in issue order, as verify reads them
	 * (an index walk instead of sorting every stored record) */
	"CREATE INDEX certificates_chain\n"
	" ON certificates(signer_fingerprint, issued_at, sha256);",
	/* 4: validation records (sanitas.validation/1), a second person's
	 * signed assessment of one certificate, append-only like them */
	"CREATE TABLE validations (\n"
	" sha256 TEXT PRIMARY KEY, id TEXT NOT NULL,\n"
	" certificate_sha256 TEXT NOT NULL, certificate_id TEXT,\n"
	" validated_at TEXT NOT NULL, verdict TEXT NOT NULL,\n"
	" name TEXT NOT NULL, title TEXT, organization TEXT,\n"
	" signer_fingerprint TEXT NOT NULL, signer_subject TEXT,\n"
	" reverify_result TEXT, coverage REAL, mismatched_bytes INTEGER,\n"
	" json BLOB NOT NULL, p7s BLOB NOT NULL, p7s_sha256 TEXT NOT NULL,\n"
	" ingested_at TEXT NOT NULL);\n"
	"CREATE INDEX validations_certificate\n"
	" ON validations(certificate_sha256);\n"
	"CREATE INDEX validations_validated_at ON validations(validated_at);\n"
	"CREATE TRIGGER validations_no_update BEFORE UPDATE ON validations\n"
	" BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;\n"
	"CREATE TRIGGER validations_no_delete BEFORE DELETE ON validations\n"
	" BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;",
	/* 5: sample records (wipe ledger sample): the seed, the selection
	 * and the members, so a sample can be shown and re-drawn */
	"CREATE TABLE samples (\n"
	" id TEXT PRIMARY KEY, created_at TEXT NOT NULL, seed TEXT NOT NULL,\n"
	" population INTEGER NOT NULL, size INTEGER NOT NULL,\n"
	" sha256 TEXT NOT NULL, json BLOB NOT NULL);\n"
	"CREATE TRIGGER samples_no_update BEFORE UPDATE ON samples\n"
	" BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;\n"
	"CREATE TRIGGER samples_no_delete BEFORE DELETE ON samples\n"
	" BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;",
	/* 6: chain-of-custody events (sanitas.custody/1), signed by the
	 * person responsible, append-only */
	"CREATE TABLE custody (\n"
	" sha256 TEXT PRIMARY KEY, id TEXT NOT NULL, at TEXT NOT NULL,\n"
	" serial TEXT NOT NULL, event TEXT NOT NULL, location TEXT,\n"
	" note TEXT, by_name TEXT NOT NULL, by_title TEXT, by_org TEXT,\n"
	" signer_fingerprint TEXT NOT NULL, json BLOB NOT NULL,\n"
	" p7s BLOB NOT NULL, p7s_sha256 TEXT NOT NULL,\n"
	" ingested_at TEXT NOT NULL);\n"
	"CREATE INDEX custody_serial ON custody(serial, at);\n"
	"CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody\n"
	" BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;\n"
	"CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody\n"
	" BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;",
	/* 7: the RFC 3161 time-stamp token over each signature, and the
	 * TSA's time when ingest checked it; rows stored before it came
	 * without one (NULL) */
	"ALTER TABLE certificates ADD COLUMN tsr BLOB;\n"
	"ALTER TABLE certificates ADD COLUMN tsa_time TEXT;",
	NULL,
};

static int fail(struct wp_ledger *l, int code, struct cm_err *err,
		const char *what)
{
	sqlite3 *db = l->db;

	return cm_err_setk(err, code,
			   code == -EBUSY ? CM_ERR_TEMPFAIL : CM_ERR_IOERR,
			   "ledger: %s: %s", what, sqlite3_errmsg(db));
}

static int code_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return -EACCES;
	default:
		return -EIO;
	}
}

static int lite_exec(struct wp_ledger *l, const char *sql, struct cm_err *err)
{
	int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : fail(l, code_of(rc), err, "exec");
}

static int bind(sqlite3_stmt *st, int np, const struct wp_ledger_param *p)
{
	for (int i = 0; i < np; i++) {
		char name[16];
		int rc, at;

		/* SQLite numbers $N by first appearance: look each one up */
		snprintf(name, sizeof(name), "$%d", i + 1);
		at = sqlite3_bind_parameter_index(st, name);
		if (at == 0)
			return SQLITE_RANGE;

		if (!p[i].p)
			rc = sqlite3_bind_null(st, at);
		else if (p[i].blob)
			rc = sqlite3_bind_blob64(st, at, p[i].p, p[i].len,
						 SQLITE_STATIC);
		else
			rc = sqlite3_bind_text64(st, at, p[i].p, p[i].len,
						 SQLITE_STATIC, SQLITE_UTF8);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

/* The widest row a query may return (the certificates table has 25). */
#define MAX_COLS 64

static int lite_query(struct wp_ledger *l, const char *sql, int np,
		      const struct wp_ledger_param *p, wp_ledger_row_fn fn,
		      void *ctx, long *changes, struct cm_err *err)
{
	const char *vals[MAX_COLS];
	size_t lens[MAX_COLS];
	sqlite3_stmt *st = NULL;
	int rc, ret = 0;

	rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(l, code_of(rc), err, "prepare");
	if (sqlite3_column_count(st) > MAX_COLS) {
		sqlite3_finalize(st);
		return cm_err_setk(
			err, -E2BIG, CM_ERR_SOFTWARE,
			"ledger: a query returns more than %d columns",
			MAX_COLS);
	}
	rc = bind(st, np, p);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		int n;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		n = sqlite3_column_count(st);
		for (int i = 0; i < n; i++) {
			/* text first: the length is then the text's */
			vals[i] = (const char *)sqlite3_column_text(st, i);
			lens[i] = (size_t)sqlite3_column_bytes(st, i);
		}
		l->row_lens = lens;
		if (fn && fn(ctx, n, vals)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	l->row_lens = NULL;
	if (rc != SQLITE_DONE)
		ret = fail(l, code_of(rc), err, "query");
	else if (changes)
		*changes = sqlite3_changes(l->db);
	sqlite3_finalize(st);
	return ret;
}

static void lite_close(struct wp_ledger *l)
{
	sqlite3_close(l->db);
	free(l);
}

static const struct wp_ledger_ops ops = {
	.exec = lite_exec,
	.query = lite_query,
	.begin_sql = "BEGIN IMMEDIATE",
	/* a deferred transaction reads one WAL snapshot from its first read */
	.snapshot_sql = "BEGIN",
	.lock_sql = NULL,
	.has_table_sql = "SELECT count(*) FROM sqlite_master\n"
			 " WHERE type = 'table' AND name = $1",
	.migrations = migrations,
	.close = lite_close,
};

/* Create the file ourselves: sqlite3 would honour the umask, not 0600. */
static int create_file(const char *path, struct cm_err *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0) {
		int e = errno;

		return cm_err_set(err, -e, "ledger: cannot open '%s': %s", path,
				  strerror(e));
	}
	close(fd);
	return 0;
}

int wp_ledger_sqlite_open(const char *path, struct wp_ledger **out,
			  struct cm_err *err)
{
	struct wp_ledger *l;
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	rc = create_file(path, err);
	if (rc < 0)
		return rc;
	l = calloc(1, sizeof(*l));
	if (!l)
		return cm_err_set(err, -ENOMEM, "out of memory");
	l->ops = &ops;
	l->backend = WP_LEDGER_SQLITE;
	rc = sqlite3_open_v2(
		path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	l->db = db;
	if (rc != SQLITE_OK) {
		rc = cm_err_setk(err, -EIO, CM_ERR_IOERR,
				 "ledger: cannot open '%s': %s", path,
				 db ? sqlite3_errmsg(db) : "out of memory");
		lite_close(l);
		return rc;
	}
	sqlite3_busy_timeout(db, 10000);
	rc = lite_exec(l, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
		       err);
	if (rc < 0) {
		cm_err_wrap(err, "'%s'", path);
		lite_close(l);
		return rc;
	}
	*out = l;
	return 0;
}
