// SPDX-License-Identifier: Apache-2.0
/*
 * The PostgreSQL back end of the ledger, through libpq: parameters sent
 * separately from the SQL (text, bytea as binary), results read as text.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"

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
	" json BYTEA NOT NULL, p7s BYTEA NOT NULL, p7s_sha256 TEXT NOT NULL,\n"
	" ingested_at TEXT NOT NULL);\n"
	"CREATE INDEX certificates_serial ON certificates(serial);\n"
	"CREATE INDEX certificates_wwn ON certificates(wwn);\n"
	"CREATE INDEX certificates_asset_tag ON certificates(asset_tag);\n"
	"CREATE INDEX certificates_model ON certificates(model);\n"
	"CREATE INDEX certificates_station ON certificates(station);\n"
	"CREATE INDEX certificates_issued_at ON certificates(issued_at);\n"
	"CREATE FUNCTION sanitas_append_only() RETURNS trigger\n"
	" LANGUAGE plpgsql AS\n"
	" $$BEGIN RAISE EXCEPTION 'the ledger is append-only'; END$$;\n"
	"CREATE TRIGGER certificates_append_only BEFORE UPDATE OR DELETE\n"
	" ON certificates FOR EACH ROW EXECUTE FUNCTION sanitas_append_only();\n"
	"CREATE TRIGGER certificates_no_truncate BEFORE TRUNCATE\n"
	" ON certificates EXECUTE FUNCTION sanitas_append_only();\n"
	"CREATE TRIGGER trust_anchors_no_delete BEFORE DELETE OR TRUNCATE\n"
	" ON trust_anchors EXECUTE FUNCTION sanitas_append_only();",
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
	" reverify_result TEXT, coverage DOUBLE PRECISION,\n"
	" mismatched_bytes BIGINT,\n"
	" json BYTEA NOT NULL, p7s BYTEA NOT NULL, p7s_sha256 TEXT NOT NULL,\n"
	" ingested_at TEXT NOT NULL);\n"
	"CREATE INDEX validations_certificate\n"
	" ON validations(certificate_sha256);\n"
	"CREATE INDEX validations_validated_at ON validations(validated_at);\n"
	"CREATE TRIGGER validations_append_only BEFORE UPDATE OR DELETE\n"
	" ON validations FOR EACH ROW EXECUTE FUNCTION sanitas_append_only();\n"
	"CREATE TRIGGER validations_no_truncate BEFORE TRUNCATE\n"
	" ON validations EXECUTE FUNCTION sanitas_append_only();",
	/* 5: sample records (wipe ledger sample): the seed, the selection
	 * and the members, so a sample can be shown and re-drawn */
	"CREATE TABLE samples (\n"
	" id TEXT PRIMARY KEY, created_at TEXT NOT NULL, seed TEXT NOT NULL,\n"
	" population INTEGER NOT NULL, size INTEGER NOT NULL,\n"
	" sha256 TEXT NOT NULL, json BYTEA NOT NULL);\n"
	"CREATE TRIGGER samples_append_only BEFORE UPDATE OR DELETE\n"
	" ON samples FOR EACH ROW EXECUTE FUNCTION sanitas_append_only();\n"
	"CREATE TRIGGER samples_no_truncate BEFORE TRUNCATE\n"
	" ON samples EXECUTE FUNCTION sanitas_append_only();",
	/* 6: chain-of-custody events (sanitas.custody/1), signed by the
	 * person responsible, append-only */
	"CREATE TABLE custody (\n"
	" sha256 TEXT PRIMARY KEY, id TEXT NOT NULL, at TEXT NOT NULL,\n"
	" serial TEXT NOT NULL, event TEXT NOT NULL, location TEXT,\n"
	" note TEXT, by_name TEXT NOT NULL, by_title TEXT, by_org TEXT,\n"
	" signer_fingerprint TEXT NOT NULL, json BYTEA NOT NULL,\n"
	" p7s BYTEA NOT NULL, p7s_sha256 TEXT NOT NULL,\n"
	" ingested_at TEXT NOT NULL);\n"
	"CREATE INDEX custody_serial ON custody(serial, at);\n"
	"CREATE TRIGGER custody_append_only BEFORE UPDATE OR DELETE\n"
	" ON custody FOR EACH ROW EXECUTE FUNCTION sanitas_append_only();\n"
	"CREATE TRIGGER custody_no_truncate BEFORE TRUNCATE\n"
	" ON custody EXECUTE FUNCTION sanitas_append_only();",
	/* 7: the RFC 3161 time-stamp token over each signature, and the
	 * TSA's time when ingest checked it; rows stored before it came
	 * without one (NULL) */
	"ALTER TABLE certificates ADD COLUMN tsr BYTEA;\n"
	"ALTER TABLE certificates ADD COLUMN tsa_time TEXT;",
	NULL,
};

/* The first line of libpq's message (it ends with a newline). */
static int fail(PGconn *c, const PGresult *r, struct cm_err *err,
		const char *what)
{
	const char *m = r ? PQresultErrorMessage(r) : "";
	size_t n;

	if (!m || !*m)
		m = PQerrorMessage(c);
	n = strcspn(m, "\n");
	return cm_err_setk(err, -EIO, CM_ERR_IOERR, "ledger: %s: %.*s", what,
			   (int)n, m);
}

static int pg_exec(struct wp_ledger *l, const char *sql, struct cm_err *err)
{
	PGresult *r = PQexec(l->db, sql);
	int st = PQresultStatus(r), rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = fail(l->db, r, err, "exec");
	PQclear(r);
	return rc;
}

/* The widest row a query may return (the certificates table has 25). */
#define MAX_COLS 64

/* One row of @r to @fn; returns what @fn does (-1: too wide). */
static int give_row(struct wp_ledger *l, const PGresult *r, wp_ledger_row_fn fn,
		    void *ctx)
{
	const char *vals[MAX_COLS];
	size_t lens[MAX_COLS];
	int n = PQnfields(r), rc;

	if (n > MAX_COLS)
		return -1;
	for (int i = 0; i < n; i++) {
		vals[i] = PQgetisnull(r, 0, i) ? NULL : PQgetvalue(r, 0, i);
		lens[i] = vals[i] ? (size_t)PQgetlength(r, 0, i) : 0;
	}
	l->row_lens = lens;
	rc = fn(ctx, n, vals);
	l->row_lens = NULL;
	return rc;
}

/*
 * Rows arrive one at a time (single-row mode): memory does not grow with
 * the size of the result. After @fn stops, the rest is read and dropped.
 */
static int pg_query(struct wp_ledger *l, const char *sql, int np,
		    const struct wp_ledger_param *p, wp_ledger_row_fn fn,
		    void *ctx, long *changes, struct cm_err *err)
{
	const char *vals[64];
	int lens[64], fmts[64];
	PGresult *r;
	bool stop = !fn;
	int rc = 0;

	if (np > 64)
		return cm_err_set(err, -E2BIG, "ledger: too many parameters");
	for (int i = 0; i < np; i++) {
		vals[i] = p[i].p;
		lens[i] = (int)p[i].len;
		fmts[i] = p[i].blob ? 1 : 0;
	}
	if (!PQsendQueryParams(l->db, sql, np, NULL, vals, lens, fmts, 0))
		return fail(l->db, NULL, err, "query");
	PQsetSingleRowMode(l->db);
	while ((r = PQgetResult(l->db))) {
		int st = PQresultStatus(r);

		if (st == PGRES_SINGLE_TUPLE) {
			int g = stop || rc ? 0 : give_row(l, r, fn, ctx);

			if (g < 0)
				rc = cm_err_setk(
					err, -E2BIG, CM_ERR_SOFTWARE,
					"ledger: a query returns more than %d columns",
					MAX_COLS);
			if (g)
				stop = true;
		} else if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
			if (changes && rc == 0)
				*changes = strtol(PQcmdTuples(r), NULL, 10);
		} else if (rc == 0) {
			rc = fail(l->db, r, err, "query");
		}
		PQclear(r);
	}
	return rc;
}

static void pg_close(struct wp_ledger *l)
{
	PQfinish(l->db);
	free(l);
}

static const struct wp_ledger_ops ops = {
	.exec = pg_exec,
	.query = pg_query,
	.begin_sql = "BEGIN",
	.snapshot_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	/* two stations migrating one new database wait for each other */
	.lock_sql = "SELECT pg_advisory_xact_lock(736110421)",
	.has_table_sql =
		"SELECT count(*) FROM pg_catalog.pg_tables\n"
		" WHERE schemaname = current_schema() AND tablename = $1",
	.migrations = migrations,
	.close = pg_close,
};

int wp_ledger_pg_open(const char *uri, struct wp_ledger **out,
		      struct cm_err *err)
{
	struct wp_ledger *l;
	int rc;

	*out = NULL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return cm_err_set(err, -ENOMEM, "out of memory");
	l->ops = &ops;
	l->backend = WP_LEDGER_POSTGRES;
	l->db = PQconnectdb(uri);
	if (!l->db || PQstatus(l->db) != CONNECTION_OK) {
		rc = l->db ? fail(l->db, NULL, err, "cannot connect")
			   : cm_err_set(err, -ENOMEM, "out of memory");
		pg_close(l);
		return rc;
	}
	rc = pg_exec(l, "SET client_min_messages = warning", err);
	if (rc < 0) {
		pg_close(l);
		return rc;
	}
	*out = l;
	return 0;
}
