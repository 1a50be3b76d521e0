// SPDX-License-Identifier: Apache-2.0
/*
 * collect.command: run one explicit binary (absolute path, argv array,
 * never a shell) with a clean environment, optionally refusing it unless
 * its SHA-256 matches a pinned value, and keep stdout, stderr and the
 * exit status as evidence.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cm_path.h"
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

#define CC_MAX_ARGS 256
#define CC_OUT_MAX  (256UL * 1024 * 1024) /* per stream kept as evidence */

static const struct rs_param cc_params[] = {
	{"path", RS_P_STRING, true, "absolute path of the binary"},
	{"args", RS_P_LIST, false, "argument strings (argv[1]...)"},
	{"sha256", RS_P_STRING, false,
	 "refuse to run unless the binary's SHA-256 is this (hex)"},
	{"timeout", RS_P_ANY, false,
	 "kill the command after this long (30s, 5m; default 5m)"},
	{NULL, 0, false, NULL},
};

static int cc_check(const json_t *with, struct cm_err *err)
{
	const char *path = cm_json_get_str(with, "path");
	const char *sha = cm_json_get_str(with, "sha256");
	const json_t *args = json_object_get(with, "args");
	const json_t *t = json_object_get(with, "timeout");
	uint8_t md[CM_SHA256_LEN];
	unsigned secs;
	size_t i;
	json_t *v;

	if (path && path[0] != '/' && path[0] != '$')
		return cm_err_set(
			err, -EINVAL,
			"'with.path' '%s' is not absolute; give the full path (no PATH search)",
			path);
	if (sha && sha[0] != '$' && cm_unhex(sha, md, sizeof(md)))
		return cm_err_set(err, -EINVAL,
				  "'with.sha256' must be 64 hex digits");
	if (json_array_size(args) > CC_MAX_ARGS)
		return cm_err_set(err, -EINVAL, "more than %d 'with.args'",
				  CC_MAX_ARGS);
	json_array_foreach(args, i, v) if (!json_is_string(v)) return cm_err_set(
		err, -EINVAL, "'with.args' item %zu is not a string; quote it",
		i + 1);
	if (t && !(json_is_integer(t) && json_integer_value(t) > 0) &&
	    !(json_is_string(t) &&
	      (json_string_value(t)[0] == '$' ||
	       !rs_parse_duration(json_string_value(t), &secs))))
		return cm_err_set(
			err, -EINVAL,
			"'with.timeout' must be a duration like 30s or 5m");
	return 0;
}

static unsigned cc_timeout(const json_t *with)
{
	const json_t *t = json_object_get(with, "timeout");
	unsigned secs = 300;

	if (json_is_integer(t) && json_integer_value(t) > 0)
		secs = (unsigned)json_integer_value(t);
	else if (json_is_string(t))
		rs_parse_duration(json_string_value(t), &secs);
	return secs;
}

static int cc_plan(struct rs_ctx *ctx, const struct rs_step *step,
		   const json_t *with, json_t **plan, struct cm_err *err)
{
	(void)ctx;
	(void)err;
	*plan = json_pack(
		"{s:O,s:o,s:o,s:i,s:s++}", "runs",
		json_object_get(with, "path"), "args",
		json_object_get(with, "args")
			? json_deep_copy(json_object_get(with, "args"))
			: json_array(),
		"pinned_sha256",
		cm_json_str_or_null(cm_json_get_str(with, "sha256")), "timeout",
		(int)cc_timeout(with), "writes", "evidence/", step->id,
		".tar.zst");
	return *plan ? 0 : -ENOMEM;
}

static int cc_open_out(const char *case_dir, const char *id, const char *stream,
		       bool in_memory, char **path)
{
	char rel[512];
	int fd;

	/* an encrypted case: the output is collected content, and must not
	 * reach a disk in plain; it stays in memory until archived */
	if (in_memory) {
		*path = NULL;
		fd = memfd_create(stream, MFD_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	snprintf(rel, sizeof(rel), "evidence/%s.%s.part", id, stream);
	*path = cm_path_join(case_dir, rel);
	if (!*path)
		return -ENOMEM;
	/* the first collecting step of a case creates evidence/ */
	*strrchr(*path, '/') = '\0';
	fd = cm_mkdirs(*path, 0700, NULL);
	(*path)[strlen(*path)] = '/';
	if (fd)
		return fd;
	unlink(*path);
	fd = open(*path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	return fd < 0 ? -errno : fd;
}

static int cc_add_stream(struct rs_evidence *ev, const char *member, int fd,
			 json_t *out, const char *key, struct cm_err *err)
{
	struct stat st;
	int rc;

	if (fstat(fd, &st) || lseek(fd, 0, SEEK_SET) < 0)
		return cm_err_set(err, -errno, "cannot read back %s: %s",
				  member, strerror(errno));
	if ((uint64_t)st.st_size > CC_OUT_MAX)
		st.st_size = (off_t)CC_OUT_MAX;
	st.st_mode = S_IFREG | 0600;
	if ((rc = rs_evidence_add_file(ev, member, fd, &st, NULL, err)))
		return rc;
	json_object_set_new(out, key, json_integer((json_int_t)st.st_size));
	return 0;
}

static int cc_run(struct rs_ctx *ctx, const struct rs_step *step,
		  const json_t *with, json_t **outputs, struct cm_err *err)
{
	const char *path = cm_json_get_str(with, "path");
	const char *pin = cm_json_get_str(with, "sha256");
	const json_t *args = json_object_get(with, "args");
	char *argv[CC_MAX_ARGS + 2];
	static char env_path[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
	static char env_lc[] = "LC_ALL=C";
	char *envp[] = {env_path, env_lc, NULL};
	char *out_path = NULL, *err_path = NULL;
	char hex[CM_SHA256_HEX], t0[CM_RFC3339_LEN], t1[CM_RFC3339_LEN];
	uint8_t md[CM_SHA256_LEN];
	posix_spawn_file_actions_t fa;
	struct rs_evidence ev = {.fd = -1};
	json_t *meta = NULL, *out = NULL;
	int ofd = -1, efd = -1, status = 0, rc;
	bool fa_init = false, timed_out = false, reaped = false;
	pid_t pid = -1;
	double deadline;
	size_t i, n = 0;
	json_t *v;
	char *txt;

	if ((rc = cc_check(with, err)))
		return cm_err_setk(err, rc, CM_ERR_DATAERR, "%s", err->msg);
	if (!path || path[0] != '/')
		return cm_err_setk(err, -EINVAL, CM_ERR_DATAERR,
				   "'with.path' must be an absolute path");
	/* hashed right before the spawn: what we ran is what we recorded */
	if ((rc = cm_sha256_file(path, md, err)))
		return cm_err_wrap(err, "'%s'", path);
	cm_hex(md, sizeof(md), hex);
	if (pin && strcasecmp(pin, hex))
		return cm_err_setk(
			err, -EPERM, CM_ERR_NEGATIVE,
			"'%s' has sha256 %s, not the pinned %s; refusing to run it",
			path, hex, pin);
	argv[n++] = (char *)path;
	json_array_foreach(args, i, v) argv[n++] = (char *)json_string_value(v);
	argv[n] = NULL;
	ofd = cc_open_out(ctx->case_dir, step->id, "stdout",
			  ctx->age && ctx->age->n, &out_path);
	efd = cc_open_out(ctx->case_dir, step->id, "stderr",
			  ctx->age && ctx->age->n, &err_path);
	if (ofd < 0 || efd < 0) {
		rc = cm_err_setk(err, ofd < 0 ? ofd : efd, CM_ERR_CANTCREAT,
				 "cannot create the output files: %s",
				 strerror(-(ofd < 0 ? ofd : efd)));
		goto out;
	}
	if (posix_spawn_file_actions_init(&fa)) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	fa_init = true;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, ofd, 1);
	posix_spawn_file_actions_adddup2(&fa, efd, 2);
	cm_time_rfc3339(cm_time_now(), t0);
	rc = posix_spawn(&pid, path, &fa, NULL, argv, envp);
	if (rc) {
		rc = cm_err_set(err, -rc, "cannot run '%s': %s", path,
				strerror(rc));
		pid = -1;
		goto out;
	}
	deadline = cm_time_mono() + cc_timeout(with);
	if (ctx->deadline > 0 && ctx->deadline < deadline)
		deadline = ctx->deadline;
	for (;;) {
		struct timespec nap = {0, 50 * 1000 * 1000};
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid) {
			reaped = true;
			break;
		}
		if (r < 0 && errno != EINTR) {
			rc = cm_err_set(err, -errno, "waitpid: %s",
					strerror(errno));
			goto out;
		}
		if (ctx->interrupted && *ctx->interrupted) {
			rc = cm_err_setk(err, -EINTR, CM_ERR_INTERRUPTED,
					 "interrupted");
			goto out;
		}
		if (cm_time_mono() > deadline) {
			timed_out = true;
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			reaped = true;
			break;
		}
		nanosleep(&nap, NULL);
	}
	cm_time_rfc3339(cm_time_now(), t1);
	out = json_object();
	meta = json_pack("{s:s,s:O,s:s,s:o,s:s,s:s,s:b,s:o,s:o}", "path", path,
			 "args", args ? args : json_array(), "sha256", hex,
			 "pinned_sha256", cm_json_str_or_null(pin), "started",
			 t0, "finished", t1, "timed_out", timed_out,
			 "exit_code",
			 WIFEXITED(status) && !timed_out
				 ? json_integer(WEXITSTATUS(status))
				 : json_null(),
			 "signal",
			 WIFSIGNALED(status) ? json_integer(WTERMSIG(status))
					     : json_null());
	if ((rc = rs_evidence_open(&ev, ctx->case_dir, step->id, ctx->age,
				   err)))
		goto out;
	if ((rc = cc_add_stream(&ev, "stdout", ofd, out, "stdout_bytes",
				err)) ||
	    (rc = cc_add_stream(&ev, "stderr", efd, out, "stderr_bytes", err)))
		goto out;
	txt = cm_json_dumps(meta);
	rc = txt ? rs_evidence_add_buf(&ev, "command.json", txt, strlen(txt),
				       err)
		 : -ENOMEM;
	free(txt);
	if (rc || (rc = rs_evidence_close(&ev, meta, err)))
		goto out;
	if (timed_out) {
		rc = cm_err_set(
			err, -ETIMEDOUT,
			"'%s' did not finish in time and was killed (output kept)",
			path);
		goto out;
	}
	*outputs = rs_evidence_outputs(ctx->case_dir, step->id,
				       ev.archive_sha256, err);
	rs_evidence_outputs_age(*outputs, &ev);
	if (!*outputs) {
		rc = -ENOMEM;
		goto out;
	}
	json_object_update(*outputs, out);
	json_object_set(*outputs, "exit_code",
			json_object_get(meta, "exit_code"));
	json_object_set(*outputs, "signal", json_object_get(meta, "signal"));
	json_object_set_new(*outputs, "sha256", json_string(hex));
out:
	if (pid > 0 && !reaped) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	if (fa_init)
		posix_spawn_file_actions_destroy(&fa);
	rs_evidence_abort(&ev);
	if (ofd >= 0)
		close(ofd);
	if (efd >= 0)
		close(efd);
	if (out_path)
		unlink(out_path);
	if (err_path)
		unlink(err_path);
	free(out_path);
	free(err_path);
	json_decref(meta);
	json_decref(out);
	return rc;
}

const struct rs_action rs_action_collect_command = {
	.name = "collect.command",
	.summary =
		"run one explicit binary (argv array, never a shell, optional pinned SHA-256, timeout) and keep its stdout, stderr and exit status as evidence",
	.state_changing = false,
	.collects = true,
	.params = cc_params,
	.validate = cc_check,
	.plan = cc_plan,
	.run = cc_run,
};
