/* SPDX-License-Identifier: Apache-2.0 */
/* The SQLite back end of the ledger (one file, WAL, foreign keys). */
#ifndef SANITAS_LEDGER_SQLITE_H
#define SANITAS_LEDGER_SQLITE_H

#include "backend.h"

/*
 * Open the SQLite ledger file @path, created 0600 when absent. *@out:
 * new, closed through its ops.
 */
int wp_ledger_sqlite_open(const char *path, struct wp_ledger **out,
			  struct cm_err *err);

#endif
