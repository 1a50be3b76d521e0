/* SPDX-License-Identifier: Apache-2.0 */
/* The PostgreSQL back end of the ledger (libpq). */
#ifndef SANITAS_LEDGER_PG_H
#define SANITAS_LEDGER_PG_H

#include "backend.h"

/* Connect to the PostgreSQL ledger @uri. *@out: new, closed through its
 * ops. */
int wp_ledger_pg_open(const char *uri, struct wp_ledger **out,
		      struct cm_err *err);

#endif
