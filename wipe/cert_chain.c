// SPDX-License-Identifier: Apache-2.0
/*
 * Chain check over a set of certificates (gap, fork) and the link of one
 * certificate to its predecessor in its directory, both through string
 * hash maps so that checking N certificates costs O(N), not O(N^2).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cm_hash.h"
#include "wp_cert_chain.h"

struct slot {
	char *key; /* owned; NULL: empty */
	void *val;
	size_t count;
};

struct wp_cert_map {
	struct slot *s;
	size_t cap, n; /* cap is a power of two */
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct wp_cert_map *map_new(void)
{
	struct wp_cert_map *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->cap = 64;
	m->s = calloc(m->cap, sizeof(*m->s));
	if (!m->s) {
		free(m);
		return NULL;
	}
	return m;
}

static struct slot *probe(struct slot *s, size_t cap, const char *key)
{
	size_t i = hash(key) & (cap - 1);

	while (s[i].key && strcmp(s[i].key, key))
		i = (i + 1) & (cap - 1);
	return &s[i];
}

static int grow(struct wp_cert_map *m)
{
	size_t cap = m->cap * 2;
	struct slot *s = calloc(cap, sizeof(*s));

	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < m->cap; i++)
		if (m->s[i].key)
			*probe(s, cap, m->s[i].key) = m->s[i];
	free(m->s);
	m->s = s;
	m->cap = cap;
	return 0;
}

/* The slot for @key; with @create, a new empty-valued one if absent. */
static struct slot *map_get(struct wp_cert_map *m, const char *key, bool create)
{
	struct slot *sl;

	if (!m)
		return NULL;
	sl = probe(m->s, m->cap, key);
	if (sl->key || !create)
		return sl->key ? sl : NULL;
	if (2 * (m->n + 1) > m->cap) {
		if (grow(m) < 0)
			return NULL;
		sl = probe(m->s, m->cap, key);
	}
	sl->key = strdup(key);
	if (!sl->key)
		return NULL;
	sl->val = NULL;
	sl->count = 0;
	m->n++;
	return sl;
}

static void map_free(struct wp_cert_map *m, void (*free_val)(void *))
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->s[i].key)
			continue;
		if (free_val)
			free_val(m->s[i].val);
		free(m->s[i].key);
	}
	free(m->s);
	free(m);
}

static void free_dir(void *v)
{
	map_free(v, free);
}

void wp_cert_chain_init(struct wp_cert_chain *ch)
{
	memset(ch, 0, sizeof(*ch));
}

int wp_cert_chain_add(struct wp_cert_chain *ch, const char *path,
		      const char *sha, const char *prev, struct cm_err *err)
{
	return wp_cert_chain_add_by(ch, NULL, path, sha, prev, err);
}

bool wp_cert_file_is_regular(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	bool r;

	if (fd < 0)
		return true; /* the reader says why it cannot open it */
	r = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	close(fd);
	return r;
}

bool wp_cert_chain_has(const struct wp_cert_chain *ch, const char *sha)
{
	for (size_t i = 0; sha && sha[0] && i < ch->n; i++)
		if (!strcmp(ch->v[i].sha, sha))
			return true;
	return false;
}

int wp_cert_chain_add_by(struct wp_cert_chain *ch, const char *signer,
			 const char *path, const char *sha, const char *prev,
			 struct cm_err *err)
{
	struct wp_cert_chain_entry *e;

	if (ch->n == ch->cap) {
		size_t cap = ch->cap ? 2 * ch->cap : 16;
		struct wp_cert_chain_entry *v =
			realloc(ch->v, cap * sizeof(*v));

		if (!v)
			return cm_err_set(err, -ENOMEM, "out of memory");
		ch->v = v;
		ch->cap = cap;
	}
	e = &ch->v[ch->n];
	e->path = strdup(path);
	if (!e->path)
		return cm_err_set(err, -ENOMEM, "out of memory");
	snprintf(e->sha, sizeof(e->sha), "%s", sha ? sha : "");
	snprintf(e->prev, sizeof(e->prev), "%s", prev ? prev : "");
	snprintf(e->signer, sizeof(e->signer), "%s", signer ? signer : "");
	e->finding = WP_CHAIN_OK;
	e->sole_start = false;
	ch->n++;
	return 0;
}

/* sha -> file name of every .json file in @dir; the last one read wins. */
static struct wp_cert_map *index_dir(const char *dir)
{
	struct wp_cert_map *m = map_new();
	struct dirent *e;
	DIR *d;

	if (!m)
		return NULL;
	d = opendir(dir);
	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name), pn = strlen(dir) + n + 2;
		uint8_t md[CM_SHA256_LEN];
		char hex[CM_SHA256_HEX], *p;
		struct slot *sl;

		if (n < 6 || strcmp(e->d_name + n - 5, ".json"))
			continue;
		p = malloc(pn);
		if (!p)
			continue;
		snprintf(p, pn, "%s/%s", dir, e->d_name);
		if (wp_cert_file_is_regular(p) &&
		    cm_sha256_file(p, md, NULL) == 0) {
			cm_hex(md, sizeof(md), hex);
			sl = map_get(m, hex, true);
			if (sl) {
				char *name = strdup(e->d_name);

				if (name) {
					free(sl->val);
					sl->val = name;
				}
			}
		}
		free(p);
	}
	if (d)
		closedir(d);
	return m;
}

void wp_cert_chain_link(struct wp_cert_chain *ch, const char *path,
			const char *prev, char *out, size_t len)
{
	char *copy, *slash;
	const char *dir = ".";
	struct slot *ds, *hit;

	if (!prev) {
		snprintf(out, len, "first certificate of its identity");
		return;
	}
	snprintf(out, len, "predecessor %.12s... not in this directory", prev);
	copy = strdup(path);
	if (!copy)
		return;
	slash = strrchr(copy, '/');
	if (slash) {
		*slash = '\0';
		dir = copy;
	}
	if (!ch->dirs)
		ch->dirs = map_new();
	ds = map_get(ch->dirs, dir, true);
	if (ds && !ds->val)
		ds->val = index_dir(dir);
	hit = ds ? map_get(ds->val, prev, false) : NULL;
	if (hit && hit->val)
		snprintf(out, len, "linked to %s", (const char *)hit->val);
	free(copy);
}

/* A start of its signer's chain: no predecessor, or one outside the set. */
static bool is_start(struct wp_cert_map *shas,
		     const struct wp_cert_chain_entry *e)
{
	return !e->prev[0] || !map_get(shas, e->prev, false);
}

int wp_cert_chain_finish(struct wp_cert_chain *ch, struct cm_err *err)
{
	struct wp_cert_map *shas = map_new(), *prevs = map_new();
	struct wp_cert_map *starts = map_new();
	int broken = 0;

	if (!shas || !prevs || !starts) {
		broken = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ch->n; i++) {
		struct slot *a = map_get(shas, ch->v[i].sha, true);
		struct slot *b = ch->v[i].prev[0]
					 ? map_get(prevs, ch->v[i].prev, true)
					 : NULL;

		if (!a || (ch->v[i].prev[0] && !b)) {
			broken = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		if (b)
			b->count++;
	}
	/* how often each signer's chain starts in the set */
	for (size_t i = 0; i < ch->n; i++) {
		struct slot *c;

		if (!is_start(shas, &ch->v[i]))
			continue;
		c = map_get(starts, ch->v[i].signer, true);
		if (!c) {
			broken = cm_err_set(err, -ENOMEM, "out of memory");
			goto out;
		}
		c->count++;
	}
	for (size_t i = 0; i < ch->n; i++) {
		struct wp_cert_chain_entry *e = &ch->v[i];

		e->finding = WP_CHAIN_OK;
		e->sole_start = false;
		if (!e->prev[0])
			continue;
		if (!map_get(shas, e->prev, false)) {
			e->finding = WP_CHAIN_GAP;
			e->sole_start =
				map_get(starts, e->signer, false)->count == 1;
		} else if (map_get(prevs, e->prev, false)->count > 1) {
			e->finding = WP_CHAIN_FORK;
		}
		if (e->finding != WP_CHAIN_OK && !e->sole_start)
			broken++;
	}
out:
	map_free(shas, NULL);
	map_free(prevs, NULL);
	map_free(starts, NULL);
	return broken;
}

void wp_cert_chain_release(struct wp_cert_chain *ch)
{
	if (!ch)
		return;
	for (size_t i = 0; i < ch->n; i++)
		free(ch->v[i].path);
	free(ch->v);
	map_free(ch->dirs, free_dir);
	wp_cert_chain_init(ch);
}
