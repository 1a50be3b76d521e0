// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer targets for the drive-answer parsers. One source, one target
 * per parser (selected at compile time with PURGE_FUZZ_TARGET).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec/ata.h"
#include "spec/nvme.h"
#include "spec/scsi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a heap copy of exactly @size bytes, so ASan sees overreads */
	uint8_t *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
#if PURGE_FUZZ_TARGET == 1
	{
		struct wp_ata_identify id;

		if (wp_ata_parse_identify(buf, size, &id) == 0)
			(void)wp_ata_erase_time_secs(id.w[89]);
	}
#elif PURGE_FUZZ_TARGET == 2
	{
		struct wp_nvme_id_ctrl c;
		struct wp_nvme_id_ns n;

		wp_nvme_parse_id_ctrl(buf, size, &c);
		wp_nvme_parse_id_ns(buf, size, &n);
	}
#elif PURGE_FUZZ_TARGET == 3
	{
		struct wp_nvme_sanitize_log l;

		if (wp_nvme_parse_sanitize_log(buf, size, &l) == 0)
			(void)wp_nvme_sstat_status(l.sstat);
	}
#elif PURGE_FUZZ_TARGET == 4
	{
		struct wp_sense s;

		if (wp_sense_parse(buf, size, &s) == 0) {
			(void)wp_sense_is_sanitize_in_progress(&s);
			(void)wp_sense_is_sanitize_failed(&s);
		}
		(void)wp_scsi_parse_rsoc_support(buf, size);
	}
#elif PURGE_FUZZ_TARGET == 5
	{
		uint64_t max;

		(void)wp_ata_parse_dco(buf, size, &max);
	}
#endif
	free(buf);
	return 0;
}
