// SPDX-License-Identifier: Apache-2.0
/* libFuzzer: the openssl ca index.txt parser; format(parse(x)) reparses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rs_x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rs_ca_db db, db2;
	struct cm_err err = {0};
	char *text;

	if (rs_ca_db_parse((const char *)data, size, &db, &err))
		return 0;
	text = rs_ca_db_format(&db);
	if (text) {
		if (rs_ca_db_parse(text, strlen(text), &db2, &err) ||
		    db2.n != db.n)
			abort();
		for (size_t i = 0; i < db.n; i++)
			if (rs_ca_db_find(&db2, db.rows[i].serial) < 0)
				abort();
		rs_ca_db_release(&db2);
		free(text);
	}
	rs_ca_db_release(&db);
	return 0;
}
