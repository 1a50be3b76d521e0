// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer: path confinement (common/cm_root.c) on any path an image
 * could name, over a small tree with absolute, relative, looping and
 * dangling symlinks: every result, from openat2 or the fallback walk, with
 * or without following the last component, lies under the root.
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_root.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];

static int rm(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	return remove(p);
}

static void cleanup(void)
{
	nftw(root, rm, 16, FTW_DEPTH | FTW_PHYS);
}

static void tree(void)
{
	static const char *const dirs[] = {"etc", "etc/ssh", "home", "home/u"};
	static const char *const links[][2] = {
		{"/etc", "abs"},	{"../../../../etc", "rel"},
		{"loop2", "loop1"},	{"loop1", "loop2"},
		{"/../../x/y", "dang"}, {"/home/u/../..", "home/up"},
	};
	char p[160];

	snprintf(root, sizeof(root), "/tmp/fuzz_cm_root.XXXXXX");
	if (!mkdtemp(root))
		abort();
	atexit(cleanup);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		snprintf(p, sizeof(p), "%s/%s", root, dirs[i]);
		if (mkdir(p, 0755))
			abort();
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(*links); i++) {
		snprintf(p, sizeof(p), "%s/%s", root, links[i][1]);
		if (symlink(links[i][0], p))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = strndup((const char *)data, size > 8192 ? 8192 : size);
	size_t rl;

	if (!root[0])
		tree();
	rl = strlen(root);
	if (!path)
		return 0;
	for (unsigned f = 0; f < 4; f++) {
		struct cm_err err = {0};
		char *out = NULL;

		if (cm_root_resolve(root, path, f, &out, &err) == 0) {
			if (strncmp(out, root, rl) ||
			    (out[rl] && out[rl] != '/') ||
			    !cm_root_inside(root, out))
				abort();
			free(out);
		} else if (out || !err.msg[0]) {
			abort();
		}
	}
	free(path);
	return 0;
}
