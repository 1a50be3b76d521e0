// SPDX-License-Identifier: Apache-2.0
/*
 * Purge entry points. This first version knows only what the kernel tells
 * about a plain block device; the NVMe, ATA, SCSI and LUKS backends are
 * added behind the same functions.
 */
#include <errno.h>
#include <stdlib.h>

#include "wp_purge.h"

const char *wp_dev_type_name(enum wp_dev_type t)
{
	static const char *const names[] = {"hdd",	 "ssd",	 "nvme",
					    "usb-flash", "file", "other"};

	return t <= WP_TYPE_OTHER ? names[t] : "other";
}

void wp_caps_init(struct wp_caps *c)
{
	*c = (struct wp_caps){0};
	c->type = WP_TYPE_OTHER;
}

void wp_caps_release(struct wp_caps *c)
{
	if (!c)
		return;
	for (int i = 0; i < WP_M_COUNT; i++)
		free(c->unsupported_reason[i]);
	free(c->advice);
	json_decref(c->raw);
	wp_caps_init(c);
}

int wp_caps_probe(struct wp_dev *d, struct wp_caps *caps, struct cm_err *err)
{
	(void)err;
	caps->visible_bytes = d->size;
	caps->type = d->is_block ? WP_TYPE_OTHER : WP_TYPE_FILE;
	for (int m = WP_M_ZERO; m <= WP_M_PATTERN; m++)
		caps->supported[m] = true;
	return 0;
}

enum wp_method_id wp_purge_auto(const struct wp_caps *caps)
{
	(void)caps;
	return WP_M_RANDOM;
}

int wp_purge_run(struct wp_dev *d, enum wp_method_id m,
		 const struct wp_caps *caps, const struct wp_purge_opts *opts,
		 struct wp_job_result *res, struct cm_err *err)
{
	(void)caps;
	(void)opts;
	(void)res;
	return cm_err_setx(err, -EOPNOTSUPP, CM_EXIT_UNAVAILABLE,
			   "'%s' does not support %s", d->path,
			   wp_method_get(m)->name);
}
