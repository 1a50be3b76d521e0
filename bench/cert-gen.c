// SPDX-License-Identifier: Apache-2.0
/*
 * Benchmark input, not a tool: issues N chained, signed certificates of
 * sanitization into DIR with the identity in IDDIR, through the same
 * wp_cert_build / wp_cert_issue path as 'wipe erase'. Certificate number
 * i (counted from FIRST, default 0) has the drive serial BENCH%08d, one of
 * four stations and one of three models, so that lookups by serial find
 * exactly one record and the other columns have a few values each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm_identity.h"
#include "wp_cert.h"
#include "wp_method.h"

static void sample(struct wp_devinfo *info, struct wp_job_result *r)
{
	memset(info, 0, sizeof(*info));
	snprintf(info->path, sizeof(info->path), "/dev/sdz");
	snprintf(info->transport, sizeof(info->transport), "sata");
	info->size = 1 << 30;
	info->logical_block = 512;
	info->physical_block = 4096;
	wp_job_result_init(r);
	r->result = WP_RESULT_SUCCESS;
	r->method = wp_method_get(WP_M_ZERO);
	r->category = WP_CAT_CLEAR;
	r->started_at = 1800000000 - 60;
	r->finished_at = 1800000000;
	r->bytes_written = 1 << 30;
	r->verification = json_pack("{s:s, s:f, s:i, s:s, s:{}}", "method",
				    "full", "coverage", 1.0, "samples", 256,
				    "result", "passed", "details");
}

/* The drive of certificate @i. */
static void drive(struct wp_devinfo *info, long i)
{
	static const char *const models[] = {"Bench Disk 1TB", "Bench Disk 2TB",
					     "Bench NVMe 512GB"};

	snprintf(info->serial, sizeof(info->serial), "BENCH%08ld", i);
	snprintf(info->model, sizeof(info->model), "%s", models[i % 3]);
}

/* The station of certificate @i, replaced in place (the keys keep order). */
static int station(json_t *c, long i)
{
	json_t *host = json_object_get(json_object_get(c, "tool"), "host");
	char s[64];

	snprintf(s, sizeof(s), "bench-station-%ld", i % 4);
	return host ? json_object_set_new(host, "hostname", json_string(s))
		    : -1;
}

int main(int argc, char **argv)
{
	struct cm_identity id;
	struct wp_cert_meta meta = {0};
	struct wp_devinfo info;
	struct wp_job_result r;
	struct cm_err err;
	long n, first = 0;

	if ((argc != 4 && argc != 5) || (n = strtol(argv[3], NULL, 10)) <= 0 ||
	    (argc == 5 && (first = strtol(argv[4], NULL, 10)) < 0)) {
		fprintf(stderr, "usage: cert-gen IDDIR DIR N [FIRST]\n");
		return 64;
	}
	cm_err_clear(&err);
	if (cm_identity_load(&id, argv[1], &err) < 0) {
		fprintf(stderr, "cert-gen: %s\n", err.msg);
		return 66;
	}
	sample(&info, &r);
	for (long i = first; i < first + n; i++) {
		json_t *c = NULL;

		drive(&info, i);
		if (wp_cert_build(&id, &info, NULL, &meta, &r, &c, &err) < 0 ||
		    station(c, i) < 0 ||
		    wp_cert_issue(&id, argv[2], c, NULL, NULL, &err) < 0) {
			fprintf(stderr, "cert-gen: %s\n", err.msg);
			json_decref(c);
			return 70;
		}
		json_decref(c);
	}
	wp_job_result_release(&r);
	cm_identity_release(&id);
	return 0;
}
