// SPDX-License-Identifier: Apache-2.0
/*
 * The manifest's entries (sanitas.manifest/1): each member's metadata as
 * JSON, and the fast path for a plain regular file, written straight to
 * the manifest without building a JSON object.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "cm_json.h"
#include "cm_time.h"
#include "rs_evidence.h"
#include "rs_manifest.h"

static void time_field(json_t *o, const char *key, struct timespec ts)
{
	char buf[CM_RFC3339_LEN], frac[CM_RFC3339_LEN + 16];
	char k2[32];
	size_t n;

	/* the nanoseconds in the text too: "_ns" above 2^53 is rounded by
	 * every reader that parses JSON numbers as doubles */
	cm_time_rfc3339(ts.tv_sec, buf);
	n = strlen(buf);
	if (n && buf[n - 1] == 'Z')
		buf[n - 1] = '\0';
	snprintf(frac, sizeof(frac), "%s.%09ldZ", buf, (long)ts.tv_nsec);
	json_object_set_new(o, key, json_string(frac));
	snprintf(k2, sizeof(k2), "%s_ns", key);
	json_object_set_new(
		o, k2,
		json_integer((json_int_t)ts.tv_sec * 1000000000 + ts.tv_nsec));
}

json_t *rs_manifest_meta(const char *member, const struct stat *st, bool names)
{
	json_t *o = json_object();
	char mode[8];

	cm_json_set_bytes(o, "member", member);
	if (!st)
		return o;
	snprintf(mode, sizeof(mode), "%04o", (unsigned)(st->st_mode & 07777));
	json_object_set_new(o, "type", json_string(rs_mode_type(st->st_mode)));
	json_object_set_new(o, "size", json_integer((json_int_t)st->st_size));
	json_object_set_new(o, "mode", json_string(mode));
	json_object_set_new(o, "uid", json_integer(st->st_uid));
	json_object_set_new(o, "gid", json_integer(st->st_gid));
	if (names) {
		struct passwd *pw = getpwuid(st->st_uid);
		struct group *gr = getgrgid(st->st_gid);

		if (pw)
			json_object_set_new(o, "owner",
					    json_string(pw->pw_name));
		if (gr)
			json_object_set_new(o, "group",
					    json_string(gr->gr_name));
	}
	time_field(o, "mtime", st->st_mtim);
	time_field(o, "atime", st->st_atim);
	time_field(o, "ctime", st->st_ctim);
	return o;
}

int rs_manifest_write(struct rs_evidence *ev, FILE *f, uint64_t n,
		      json_t *entry, const json_t *extra, struct cm_err *err)
{
	char *txt;
	int rc = 0;

	if (extra)
		json_object_update(entry, (json_t *)extra);
	txt = json_dumps(entry, JSON_COMPACT | JSON_PRESERVE_ORDER |
					JSON_ENSURE_ASCII);
	if (!txt)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (fprintf(f, "%s\n%s", n ? "," : "", txt) < 0)
		rc = cm_err_setk(err, -EIO, CM_ERR_IOERR,
				 "evidence '%s': cannot write the manifest",
				 ev->step);
	free(txt);
	return rc;
}

/* The user and group names of @st, each looked up once while it repeats
 * (getpwuid/getgrgid read the databases on every call). */
const char *rs_owner_of(struct rs_evidence *ev, uid_t uid)
{
	struct rs_ev_cache *c = &ev->cache;

	if (!c->have_uid || c->uid != uid) {
		struct passwd *pw = getpwuid(uid);

		snprintf(c->owner, sizeof(c->owner), "%s",
			 pw && strlen(pw->pw_name) < sizeof(c->owner)
				 ? pw->pw_name
				 : "");
		c->uid = uid;
		c->have_uid = true;
	}
	return c->owner[0] ? c->owner : NULL;
}

const char *rs_group_of(struct rs_evidence *ev, gid_t gid)
{
	struct rs_ev_cache *c = &ev->cache;

	if (!c->have_gid || c->gid != gid) {
		struct group *gr = getgrgid(gid);

		snprintf(c->group, sizeof(c->group), "%s",
			 gr && strlen(gr->gr_name) < sizeof(c->group)
				 ? gr->gr_name
				 : "");
		c->gid = gid;
		c->have_gid = true;
	}
	return c->group[0] ? c->group : NULL;
}

/* A name JSON holds as it is: printable ASCII, no quote or backslash. */
static bool json_plain(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return false;
	return true;
}

/* ,"KEY":"...Z","KEY_ns":N with the date part formatted once a second. */
static void time_out(struct rs_evidence *ev, int k, const char *key,
		     struct timespec ts)
{
	struct rs_ev_cache *c = &ev->cache;

	if (!c->day[k][0] || c->sec[k] != ts.tv_sec) {
		size_t n;

		cm_time_rfc3339(ts.tv_sec, c->day[k]);
		n = strlen(c->day[k]);
		if (n && c->day[k][n - 1] == 'Z')
			c->day[k][n - 1] = '\0';
		c->sec[k] = ts.tv_sec;
	}
	fprintf(ev->man, ",\"%s\":\"%s.%09ldZ\",\"%s_ns\":%lld", key, c->day[k],
		(long)ts.tv_nsec, key,
		(long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
}

/*
 * The manifest entry of a regular file, written straight to the manifest
 * when nothing in it needs JSON escaping: the same fields, in the same
 * order, as meta_json() and json_dumps() make (the per-file objects were
 * most of the writer's cost on small files). 1 when it cannot be.
 */
int rs_manifest_fast_entry(struct rs_evidence *ev, const char *member,
			   const struct stat *st, const char *hex)
{
	const char *own = NULL, *grp = NULL;

	if (!json_plain(member))
		return 1;
	if (!ev->numeric_owner) {
		own = rs_owner_of(ev, st->st_uid);
		grp = rs_group_of(ev, st->st_gid);
		if ((own && !json_plain(own)) || (grp && !json_plain(grp)))
			return 1;
	}
	fprintf(ev->man,
		"%s\n{\"member\":\"%s\",\"type\":\"file\",\"size\":%lld,\"mode\":\"%04o\",\"uid\":%u,\"gid\":%u",
		ev->n_members ? "," : "", member, (long long)st->st_size,
		(unsigned)(st->st_mode & 07777), (unsigned)st->st_uid,
		(unsigned)st->st_gid);
	if (own)
		fprintf(ev->man, ",\"owner\":\"%s\"", own);
	if (grp)
		fprintf(ev->man, ",\"group\":\"%s\"", grp);
	time_out(ev, 0, "mtime", st->st_mtim);
	time_out(ev, 1, "atime", st->st_atim);
	time_out(ev, 2, "ctime", st->st_ctim);
	fprintf(ev->man, ",\"sha256\":\"%s\"}", hex);
	return 0;
}
