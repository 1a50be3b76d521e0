// SPDX-License-Identifier: Apache-2.0
/*
 * collect.volatile: the running system's state, read natively from /proc,
 * /sys and utmp; no host binary is run (RFC 3227: the host's tools may be
 * trojaned). Each view is one JSON member of the step's archive. Under
 * --root there is no running system to read: not applicable.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utmpx.h>

#include "cm_file.h"
#include "cm_hash.h"
#include "cm_json.h"
#include "cm_time.h"
#include "rs_action.h"
#include "rs_actions_list.h"
#include "rs_evidence.h"
#include "rs_evidence_age.h"
#include "playbook/playbook.h"
#include "rs_util.h"

#define CV_FILE_MAX	(16UL * 1024 * 1024)
#define CV_EXE_HASH_MAX (1024LL * 1024 * 1024)
#define CV_MAX_FDS	500000

static const struct rs_param cv_params[] = {
	{"hash_executables", RS_P_BOOLEAN, false,
	 "SHA-256 of every process's executable (default true)"},
	{NULL, 0, false, NULL},
};

struct cv {
	struct rs_ctx *ctx;
	struct cm_err *err;
	long hz;
	time_t btime;
	json_t *sock_pids; /* "inode" -> [pid...] */
	json_t *exe_cache; /* "dev:ino" -> sha256 */
	bool hash_exe;
	size_t n_fds;
};

static int cv_int(const char *s)
{
	long v = strtol(s, NULL, 10);

	return v < 0 || v > INT_MAX ? -1 : (int)v;
}

static char *cv_read(const char *path, size_t *len)
{
	char *buf = NULL;

	if (cm_read_file(path, CV_FILE_MAX, &buf, len, NULL))
		return NULL;
	return buf;
}

static void cv_chomp(char *s)
{
	size_t n = s ? strlen(s) : 0;

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

static json_t *cv_str_file(const char *path)
{
	char *s = cv_read(path, NULL);
	json_t *v;

	cv_chomp(s);
	v = cm_json_str_or_null(s);
	free(s);
	return v;
}

static json_t *cv_system(struct cv *c)
{
	char *up = cv_read("/proc/uptime", NULL);
	char now[CM_RFC3339_LEN], boot[CM_RFC3339_LEN];
	double secs = up ? strtod(up, NULL) : 0;

	free(up);
	cm_time_rfc3339(cm_time_now(), now);
	cm_time_rfc3339(c->btime, boot);
	return json_pack(
		"{s:s,s:o,s:{s:o,s:o,s:o},s:f,s:s,s:o}", "collected_at", now,
		"hostname", cv_str_file("/proc/sys/kernel/hostname"), "kernel",
		"ostype", cv_str_file("/proc/sys/kernel/ostype"), "release",
		cv_str_file("/proc/sys/kernel/osrelease"), "version",
		cv_str_file("/proc/sys/kernel/version"), "uptime_seconds", secs,
		"boot_time", boot, "domainname",
		cv_str_file("/proc/sys/kernel/domainname"));
}

static json_t *cv_ids(const char *status, const char *key)
{
	const char *p = strstr(status, key);
	json_t *a = json_array();
	unsigned long v[4];

	if (p && sscanf(p + strlen(key), "%lu %lu %lu %lu", &v[0], &v[1], &v[2],
			&v[3]) == 4)
		for (int i = 0; i < 4; i++)
			json_array_append_new(a,
					      json_integer((json_int_t)v[i]));
	return a;
}

static json_t *cv_exe_hash(struct cv *c, const char *exe_link)
{
	struct stat st;
	char key[64];
	uint8_t md[CM_SHA256_LEN];
	char hex[CM_SHA256_HEX];
	json_t *v;

	if (!c->hash_exe || stat(exe_link, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > CV_EXE_HASH_MAX)
		return json_null();
	snprintf(key, sizeof(key), "%ju:%ju", (uintmax_t)st.st_dev,
		 (uintmax_t)st.st_ino);
	v = json_object_get(c->exe_cache, key);
	if (v)
		return json_incref(v);
	/* /proc/PID/exe opens the very file the process runs, deleted or not */
	if (cm_sha256_file(exe_link, md, NULL))
		return json_null();
	cm_hex(md, sizeof(md), hex);
	v = json_string(hex);
	json_object_set(c->exe_cache, key, v);
	return v;
}

static json_t *cv_link(const char *path)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return json_null();
	buf[n] = '\0';
	return json_string(buf);
}

static json_t *cv_cmdline(const char *path)
{
	size_t len = 0;
	char *s = cv_read(path, &len);
	json_t *a = json_array();

	for (size_t off = 0; s && off < len; off += strlen(s + off) + 1)
		json_array_append_new(a, json_string(s + off));
	free(s);
	return a;
}

/* One process; its open files go to @files, its sockets to c->sock_pids. */
static json_t *cv_process(struct cv *c, int pid, json_t *files)
{
	char path[64], *stat_s, *status, *rp;
	char comm[64] = "", state = '?', start[CM_RFC3339_LEN];
	long ppid = 0;
	unsigned long long starttime = 0;
	json_t *p, *exe;
	DIR *d;
	struct dirent *de;
	bool deleted = false;
	int nfd = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	/* read into this frame's variable, not through cv_read(): gcc 12's
	 * -Wdangling-pointer takes the inlined cv_read() local for the
	 * buffer's storage and warns on every later use of it at -O3 */
	stat_s = NULL;
	if (cm_read_file(path, CV_FILE_MAX, &stat_s, NULL, NULL) || !stat_s)
		return NULL; /* exited meanwhile */
	/* comm may hold spaces and parentheses: parse after the last ')' */
	rp = strrchr(stat_s, ')');
	if (rp) {
		char *lp = strchr(stat_s, '(');
		size_t n = lp && rp > lp ? (size_t)(rp - lp - 1) : 0;

		snprintf(comm, sizeof(comm), "%.*s", (int)n, lp ? lp + 1 : "");
		sscanf(rp + 2,
		       "%c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u "
		       "%*d %*d %*d %*d %*d %*d %llu",
		       &state, &ppid, &starttime);
	}
	free(stat_s);
	cm_time_rfc3339(c->btime +
				(time_t)(starttime / (unsigned long long)c->hz),
			start);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	status = cv_read(path, NULL);
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	exe = cv_link(path);
	if (json_is_string(exe)) {
		const char *e = json_string_value(exe);
		size_t l = strlen(e);

		deleted = l > 10 && !strcmp(e + l - 10, " (deleted)");
	}
	p = json_pack("{s:i,s:I,s:s,s:s#,s:o,s:o,s:o,s:o,s:b,s:o,s:o,s:o,s:s}",
		      "pid", pid, "ppid", (json_int_t)ppid, "name", comm,
		      "state", &state, 1, "uids",
		      cv_ids(status ? status : "", "Uid:"), "gids",
		      cv_ids(status ? status : "", "Gid:"), "cmdline",
		      cv_cmdline((snprintf(path, sizeof(path),
					   "/proc/%d/cmdline", pid),
				  path)),
		      "exe", exe, "exe_deleted", deleted, "exe_sha256",
		      (snprintf(path, sizeof(path), "/proc/%d/exe", pid),
		       cv_exe_hash(c, path)),
		      "cwd",
		      (snprintf(path, sizeof(path), "/proc/%d/cwd", pid),
		       cv_link(path)),
		      "root",
		      (snprintf(path, sizeof(path), "/proc/%d/root", pid),
		       cv_link(path)),
		      "start_time", start);
	free(status);
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	d = opendir(path);
	while (d && (de = readdir(d))) {
		char fdp[384], target[PATH_MAX];
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		snprintf(fdp, sizeof(fdp), "/proc/%d/fd/%s", pid, de->d_name);
		n = readlink(fdp, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		nfd++;
		if (!strncmp(target, "socket:[", 8)) {
			char ino[32];
			json_t *a;

			snprintf(ino, sizeof(ino), "%.*s",
				 (int)strcspn(target + 8, "]"), target + 8);
			a = json_object_get(c->sock_pids, ino);
			if (!a) {
				a = json_array();
				json_object_set_new(c->sock_pids, ino, a);
			}
			if (!json_array_size(a) ||
			    json_integer_value(json_array_get(
				    a, json_array_size(a) - 1)) != pid)
				json_array_append_new(a, json_integer(pid));
		}
		if (c->n_fds++ < CV_MAX_FDS)
			json_array_append_new(
				files, json_pack("{s:i,s:i,s:s}", "pid", pid,
						 "fd", cv_int(de->d_name),
						 "target", target));
	}
	if (d)
		closedir(d);
	json_object_set_new(p, "open_fds", json_integer(nfd));
	return p;
}

static int cv_is_pid(const char *s)
{
	if (!*s)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

static int cv_processes(struct cv *c, json_t *procs, json_t *files)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int rc = 0;

	if (!d)
		return cm_err_set(c->err, -errno, "cannot read /proc: %s",
				  strerror(errno));
	while ((de = readdir(d))) {
		json_t *p;

		if (!cv_is_pid(de->d_name))
			continue;
		if ((rc = rs_ctx_check(c->ctx, c->err)))
			break;
		p = cv_process(c, cv_int(de->d_name), files);
		if (p)
			json_array_append_new(procs, p);
	}
	closedir(d);
	return rc;
}

static const char *cv_tcp_state(unsigned st)
{
	static const char *const names[] = {
		"UNKNOWN",     "ESTABLISHED", "SYN_SENT",  "SYN_RECV",
		"FIN_WAIT1",   "FIN_WAIT2",   "TIME_WAIT", "CLOSE",
		"CLOSE_WAIT",  "LAST_ACK",    "LISTEN",	   "CLOSING",
		"NEW_SYN_RECV"};

	return st < sizeof(names) / sizeof(names[0]) ? names[st] : "UNKNOWN";
}

/* "0100007F:0035" (v4) or 32 hex digits + ":port" (v6) to text. */
static json_t *cv_addr(const char *hex, bool v6)
{
	char out[INET6_ADDRSTRLEN + 8], ip[INET6_ADDRSTRLEN];
	const char *colon = strchr(hex, ':');
	unsigned port = colon ? (unsigned)strtoul(colon + 1, NULL, 16) : 0;

	if (!v6) {
		uint32_t a = (uint32_t)strtoul(hex, NULL, 16);
		struct in_addr in;

		memcpy(&in, &a, 4);
		inet_ntop(AF_INET, &in, ip, sizeof(ip));
		snprintf(out, sizeof(out), "%s:%u", ip, port);
	} else {
		struct in6_addr in6;

		for (int i = 0; i < 4; i++) {
			char w[9];
			uint32_t v;

			memcpy(w, hex + 8 * i, 8);
			w[8] = '\0';
			v = (uint32_t)strtoul(w, NULL, 16);
			memcpy(&in6.s6_addr[4 * i], &v, 4);
		}
		inet_ntop(AF_INET6, &in6, ip, sizeof(ip));
		snprintf(out, sizeof(out), "[%s]:%u", ip, port);
	}
	return json_string(out);
}

/* The pids holding socket @ino (new reference). */
static json_t *cv_pids(struct cv *c, const char *ino)
{
	json_t *a = json_object_get(c->sock_pids, ino);

	return a ? json_incref(a) : json_array();
}

static void cv_inet(struct cv *c, json_t *out, const char *file,
		    const char *proto, bool v6, bool tcp)
{
	char *s = cv_read(file, NULL), *line, *save = NULL;
	bool first = true;

	for (line = s ? strtok_r(s, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char local[64], remote[64], ino[32];
		unsigned st, uid;

		if (first) { /* the header */
			first = false;
			continue;
		}
		if (sscanf(line, " %*d: %63s %63s %x %*s %*s %*s %u %*d %31s",
			   local, remote, &st, &uid, ino) != 5)
			continue;
		json_array_append_new(
			out,
			json_pack("{s:s,s:o,s:o,s:s,s:i,s:s,s:o}", "proto",
				  proto, "local", cv_addr(local, v6), "remote",
				  cv_addr(remote, v6), "state",
				  tcp ? cv_tcp_state(st)
				      : (st == 7 ? "UNCONN" : "ESTABLISHED"),
				  "uid", (int)uid, "inode", ino, "pids",
				  cv_pids(c, ino)));
	}
	free(s);
}

static void cv_unix(struct cv *c, json_t *out)
{
	char *s = cv_read("/proc/net/unix", NULL), *line, *save = NULL;
	bool first = true;

	for (line = s ? strtok_r(s, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char ino[32], path[PATH_MAX] = "";
		unsigned type, st;

		if (first) {
			first = false;
			continue;
		}
		if (sscanf(line, "%*s %*s %*s %*s %x %x %31s %4095s", &type,
			   &st, ino, path) < 3)
			continue;
		json_array_append_new(
			out, json_pack("{s:s,s:s,s:s,s:i,s:s,s:o}", "proto",
				       "unix", "path", path, "type",
				       type == 1   ? "stream"
				       : type == 2 ? "dgram"
						   : "seqpacket",
				       "state", (int)st, "inode", ino, "pids",
				       cv_pids(c, ino)));
	}
	free(s);
}

static json_t *cv_routes(void)
{
	json_t *v4 = json_array(), *v6 = json_array();
	char *s = cv_read("/proc/net/route", NULL), *line, *save = NULL;
	bool first = true;

	for (line = s ? strtok_r(s, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char ifc[32], dst[16], gw[16], mask[16];
		unsigned flags, metric;

		if (first) {
			first = false;
			continue;
		}
		if (sscanf(line, "%31s %15s %15s %x %*d %*d %u %15s", ifc, dst,
			   gw, &flags, &metric, mask) != 6)
			continue;
		json_t *d = cv_addr(dst, false), *g = cv_addr(gw, false),
		       *m = cv_addr(mask, false);
		char ds[32], gs[32], ms[32];

		/* cv_addr appends ":0"; routes carry no port */
		snprintf(ds, sizeof(ds), "%.*s",
			 (int)strcspn(json_string_value(d), ":"),
			 json_string_value(d));
		snprintf(gs, sizeof(gs), "%.*s",
			 (int)strcspn(json_string_value(g), ":"),
			 json_string_value(g));
		snprintf(ms, sizeof(ms), "%.*s",
			 (int)strcspn(json_string_value(m), ":"),
			 json_string_value(m));
		json_decref(d);
		json_decref(g);
		json_decref(m);
		json_array_append_new(
			v4,
			json_pack("{s:s,s:s,s:s,s:s,s:i,s:i}", "interface", ifc,
				  "destination", ds, "gateway", gs, "mask", ms,
				  "flags", (int)flags, "metric", (int)metric));
	}
	free(s);
	s = cv_read("/proc/net/ipv6_route", NULL);
	save = NULL;
	for (line = s ? strtok_r(s, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char dst[40], gw[40], ifc[32];
		unsigned plen, metric;

		if (sscanf(line, "%32s %x %*s %*s %32s %x %*s %*s %*s %31s",
			   dst, &plen, gw, &metric, ifc) != 5)
			continue;
		json_array_append_new(
			v6,
			json_pack("{s:s,s:s,s:i,s:s,s:i}", "interface", ifc,
				  "destination", dst, "prefix_len", (int)plen,
				  "gateway", gw, "metric", (int)metric));
	}
	free(s);
	return json_pack("{s:o,s:o}", "ipv4", v4, "ipv6", v6);
}

static json_t *cv_neighbours(void)
{
	json_t *a = json_array();
	char *s = cv_read("/proc/net/arp", NULL), *line, *save = NULL;
	bool first = true;

	for (line = s ? strtok_r(s, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char ip[64], hw[64], ifc[32];
		unsigned type, flags;

		if (first) {
			first = false;
			continue;
		}
		if (sscanf(line, "%63s %x %x %63s %*s %31s", ip, &type, &flags,
			   hw, ifc) != 5)
			continue;
		json_array_append_new(a,
				      json_pack("{s:s,s:s,s:s,s:i}", "ip", ip,
						"hwaddr", hw, "interface", ifc,
						"flags", (int)flags));
	}
	free(s);
	return json_pack(
		"{s:o,s:s}", "arp", a, "note",
		"IPv6 neighbours are kept by the kernel behind netlink only, not in /proc");
}

static json_t *cv_interfaces(void)
{
	json_t *a = json_array();
	DIR *d = opendir("/sys/class/net");
	struct dirent *de;
	char *s, *line, *save = NULL;

	while (d && (de = readdir(d))) {
		char p[PATH_MAX];

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/sys/class/net/%s/address", de->d_name);
		json_t *addr = cv_str_file(p);
		snprintf(p, sizeof(p), "/sys/class/net/%s/operstate",
			 de->d_name);
		json_t *state = cv_str_file(p);
		snprintf(p, sizeof(p), "/sys/class/net/%s/mtu", de->d_name);
		json_t *mtu = cv_str_file(p);
		json_array_append_new(
			a, json_pack("{s:s,s:o,s:o,s:o,s:o}", "name",
				     de->d_name, "hwaddr", addr, "operstate",
				     state, "mtu", mtu, "ipv6", json_array()));
	}
	if (d)
		closedir(d);
	s = cv_read("/proc/net/if_inet6", NULL);
	for (line = s ? strtok_r(s, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char hex[40], ifc[32], ip[INET6_ADDRSTRLEN];
		unsigned plen;
		struct in6_addr in6;
		size_t i;
		json_t *e;

		if (sscanf(line, "%32s %*x %x %*x %*x %31s", hex, &plen, ifc) !=
		    3)
			continue;
		for (int k = 0; k < 16; k++) {
			char b[3] = {hex[2 * k], hex[2 * k + 1], 0};

			in6.s6_addr[k] = (uint8_t)strtoul(b, NULL, 16);
		}
		inet_ntop(AF_INET6, &in6, ip, sizeof(ip));
		json_array_foreach(
			a, i, e) if (!strcmp(cm_json_get_str(e, "name"), ifc))
			json_array_append_new(json_object_get(e, "ipv6"),
					      json_sprintf("%s/%u", ip, plen));
	}
	free(s);
	return a;
}

static json_t *cv_mounts(void)
{
	json_t *a = json_array();
	char *s = cv_read("/proc/self/mountinfo", NULL), *line, *save = NULL;

	for (line = s ? strtok_r(s, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char root[PATH_MAX], mnt[PATH_MAX], opts[1024], fstype[64],
			src[PATH_MAX], *sep = strstr(line, " - ");

		if (!sep ||
		    sscanf(line, "%*d %*d %*s %4095s %4095s %1023s", root, mnt,
			   opts) != 3 ||
		    sscanf(sep + 3, "%63s %4095s", fstype, src) != 2)
			continue;
		json_array_append_new(
			a, json_pack("{s:s,s:s,s:s,s:s,s:s}", "source", src,
				     "mountpoint", mnt, "fstype", fstype,
				     "options", opts, "root", root));
	}
	free(s);
	return a;
}

static json_t *cv_modules(void)
{
	json_t *a = json_array();
	char *s = cv_read("/proc/modules", NULL), *line, *save = NULL;

	for (line = s ? strtok_r(s, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[64], deps[1024], state[16];
		unsigned long size;
		int refs;

		if (sscanf(line, "%63s %lu %d %1023s %15s", name, &size, &refs,
			   deps, state) != 5)
			continue;
		json_array_append_new(
			a, json_pack("{s:s,s:I,s:i,s:s,s:s,s:b}", "name", name,
				     "size", (json_int_t)size, "refcount", refs,
				     "used_by", deps, "state", state,
				     "tainted_out_of_tree",
				     strstr(line, "(O") != NULL ||
					     strstr(line, "(PO") != NULL));
	}
	free(s);
	return a;
}

static json_t *cv_users(void)
{
	json_t *a = json_array();
	struct utmpx *u;

	setutxent();
	while ((u = getutxent())) {
		char when[CM_RFC3339_LEN];

		if (u->ut_type != USER_PROCESS)
			continue;
		cm_time_rfc3339(u->ut_tv.tv_sec, when);
		json_array_append_new(
			a, json_pack("{s:s#,s:s#,s:s#,s:i,s:s}", "user",
				     u->ut_user,
				     strnlen(u->ut_user, sizeof(u->ut_user)),
				     "line", u->ut_line,
				     strnlen(u->ut_line, sizeof(u->ut_line)),
				     "host", u->ut_host,
				     strnlen(u->ut_host, sizeof(u->ut_host)),
				     "pid", (int)u->ut_pid, "login", when));
	}
	endutxent();
	return a;
}

static int cv_add(struct cv *c, struct rs_evidence *ev, const char *member,
		  json_t *v)
{
	char *txt = v ? cm_json_dumps(v) : NULL;
	int rc;

	json_decref(v);
	if (!txt)
		return cm_err_set(c->err, -ENOMEM, "out of memory");
	rc = rs_evidence_add_buf(ev, member, txt, strlen(txt), c->err);
	free(txt);
	return rc;
}

static int cv_plan(struct rs_ctx *ctx, const struct rs_step *step,
		   const json_t *with, json_t **plan, struct cm_err *err)
{
	(void)with;
	(void)err;
	if (ctx->dead_box)
		*plan = json_pack(
			"{s:s}", "not_applicable",
			"dead-box collection (--root): no running system");
	else
		*plan = json_pack("{s:s,s:s++}", "reads", "/proc, /sys, utmp",
				  "writes", "evidence/", step->id, ".tar.zst");
	return *plan ? 0 : -ENOMEM;
}

static int cv_run(struct rs_ctx *ctx, const struct rs_step *step,
		  const json_t *with, json_t **outputs, struct cm_err *err)
{
	struct cv c = {0};
	struct rs_evidence ev = {.fd = -1};
	json_t *procs = json_array(), *files = json_array(),
	       *socks = json_array();
	char *st = NULL;
	const char *bt;
	size_t np;
	int rc;

	if (ctx->dead_box) {
		cm_err_set(
			err, RS_NOT_APPLICABLE,
			"dead-box collection (--root %s): there is no running system to capture",
			ctx->root);
		*outputs = json_pack("{s:s}", "not_applicable", "--root");
		json_decref(procs);
		json_decref(files);
		json_decref(socks);
		return RS_NOT_APPLICABLE;
	}
	c.ctx = ctx;
	c.err = err;
	c.hz = sysconf(_SC_CLK_TCK);
	if (c.hz <= 0)
		c.hz = 100;
	c.sock_pids = json_object();
	c.exe_cache = json_object();
	c.hash_exe = !json_is_false(json_object_get(with, "hash_executables"));
	st = cv_read("/proc/stat", NULL);
	bt = st ? strstr(st, "\nbtime ") : NULL;
	c.btime = bt ? (time_t)strtoll(bt + 7, NULL, 10) : 0;
	free(st);
	if ((rc = rs_evidence_open(&ev, ctx->case_dir, step->id, ctx->age,
				   err)))
		goto out;
	ev.numeric_owner = true;
	/* most volatile first: processes and their sockets, then the rest */
	if ((rc = cv_processes(&c, procs, files)))
		goto out;
	np = json_array_size(procs);
	cv_inet(&c, socks, "/proc/net/tcp", "tcp", false, true);
	cv_inet(&c, socks, "/proc/net/tcp6", "tcp6", true, true);
	cv_inet(&c, socks, "/proc/net/udp", "udp", false, false);
	cv_inet(&c, socks, "/proc/net/udp6", "udp6", true, false);
	cv_unix(&c, socks);
	if ((rc = cv_add(&c, &ev, "volatile/processes.json",
			 json_incref(procs))) ||
	    (rc = cv_add(&c, &ev, "volatile/open-files.json",
			 json_pack("{s:O,s:b}", "files", files, "truncated",
				   c.n_fds > CV_MAX_FDS))) ||
	    (rc = cv_add(&c, &ev, "volatile/sockets.json",
			 json_incref(socks))) ||
	    (rc = cv_add(&c, &ev, "volatile/routes.json", cv_routes())) ||
	    (rc = cv_add(&c, &ev, "volatile/neighbours.json",
			 cv_neighbours())) ||
	    (rc = cv_add(&c, &ev, "volatile/interfaces.json",
			 cv_interfaces())) ||
	    (rc = cv_add(&c, &ev, "volatile/mounts.json", cv_mounts())) ||
	    (rc = cv_add(&c, &ev, "volatile/modules.json", cv_modules())) ||
	    (rc = cv_add(&c, &ev, "volatile/users.json", cv_users())) ||
	    (rc = cv_add(&c, &ev, "volatile/system.json", cv_system(&c))))
		goto out;
	if ((rc = rs_evidence_close(&ev, NULL, err)))
		goto out;
	*outputs = rs_evidence_outputs(ctx->case_dir, step->id,
				       ev.archive_sha256, err);
	rs_evidence_outputs_age(*outputs, &ev);
	if (!*outputs) {
		rc = -ENOMEM;
		goto out;
	}
	json_object_set_new(*outputs, "processes",
			    json_integer((json_int_t)np));
	json_object_set_new(*outputs, "sockets",
			    json_integer((json_int_t)json_array_size(socks)));
	json_object_set_new(*outputs, "open_files",
			    json_integer((json_int_t)c.n_fds));
out:
	rs_evidence_abort(&ev);
	json_decref(procs);
	json_decref(files);
	json_decref(socks);
	json_decref(c.sock_pids);
	json_decref(c.exe_cache);
	return rc;
}

const struct rs_action rs_action_collect_volatile = {
	.name = "collect.volatile",
	.summary =
		"processes (exe SHA-256, deleted exe), open files, sockets with owning pids, routes, neighbours, interfaces, mounts, modules, logged-in users, hostname, kernel, uptime; read from /proc, /sys and utmp, no host binaries",
	.state_changing = false,
	.collects = true,
	.params = cv_params,
	.plan = cv_plan,
	.run = cv_run,
};
