// SPDX-License-Identifier: Apache-2.0
/* `sshd -t` run with its stderr captured, before and after a change
 * (rs_sshdtest.h). */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rs_sshdtest.h"

extern char **environ;

/* The first line of @buf, printable bytes only, into @msg. */
static void first_line(const char *buf, size_t n, char *msg, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < n && buf[i] != '\n' && o + 1 < size; i++)
		msg[o++] = (buf[i] >= 0x20 && buf[i] < 0x7f) ? buf[i] : '?';
	msg[o] = '\0';
}

int rs_sshd_test(const char *sshd, const char *conf, bool *accepted, char *msg,
		 size_t size, struct cm_err *err)
{
	char *argv[] = {(char *)sshd, (char *)"-t", (char *)"-f", (char *)conf,
			NULL};
	posix_spawn_file_actions_t fa;
	char buf[1024];
	size_t got = 0;
	int p[2], st, rc;
	pid_t pid;

	*accepted = false;
	msg[0] = '\0';
	if (pipe2(p, O_CLOEXEC))
		return cm_err_set(err, -errno, "cannot run '%s -t': %s", sshd,
				  strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	rc = posix_spawn(&pid, sshd, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc) {
		close(p[0]);
		return cm_err_set(err, -rc, "cannot run '%s -t': %s", sshd,
				  strerror(rc));
	}
	/* read to the end so that sshd never blocks on a full pipe */
	for (;;) {
		char junk[512];
		ssize_t n = got < sizeof(buf)
				    ? read(p[0], buf + got, sizeof(buf) - got)
				    : read(p[0], junk, sizeof(junk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (got < sizeof(buf))
			got += (size_t)n;
	}
	close(p[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return cm_err_set(err, -errno, "waitpid: %s",
					  strerror(errno));
	*accepted = WIFEXITED(st) && WEXITSTATUS(st) == 0;
	first_line(buf, got, msg, size);
	if (!*accepted && !msg[0]) {
		if (WIFEXITED(st))
			snprintf(msg, size, "exit status %d", WEXITSTATUS(st));
		else
			snprintf(msg, size, "killed by signal %d",
				 WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	}
	return 0;
}

static const char *sshd_of(const struct rs_sshd_check *c)
{
	return c->sshd ? c->sshd : "/usr/sbin/sshd";
}

/* Whether `sshd -t` is to run: no reason in *why when it is. */
static bool wanted(const struct rs_sshd_check *c, const char **why)
{
	const char *mode = c->mode ? c->mode : "auto";

	*why = NULL;
	if (!strcmp(mode, "never"))
		*why = "skipped: sshd_check never";
	else if (!strcmp(mode, "auto") && c->dead_box)
		*why = "skipped: dead-box (--root)";
	else if (!c->conf)
		*why = "skipped: no sshd_config";
	else if (access(sshd_of(c), X_OK))
		*why = "skipped: sshd not installed";
	return !*why;
}

/*
 * Before the change: a configuration sshd already rejects (a missing
 * privilege separation directory, a bad line) says nothing about the
 * change, so the check after it cannot be a rollback signal then.
 */
int rs_sshd_check_before(struct rs_sshd_check *c, struct cm_err *err)
{
	const char *sshd = sshd_of(c);
	const char *why;
	bool ok;
	int rc;

	if (!wanted(c, &why))
		return 0;
	rc = rs_sshd_test(sshd, c->conf, &ok, c->before, sizeof(c->before),
			  err);
	if (rc)
		return rc;
	c->failed_before = !ok;
	return 0;
}

int rs_sshd_check_after(const struct rs_sshd_check *c, json_t **status,
			struct cm_err *err)
{
	const char *sshd = sshd_of(c);
	const char *why;
	char said[256];
	bool ok;
	int rc;

	if (!wanted(c, &why)) {
		*status = json_string(why);
		return *status ? 0 : cm_err_set(err, -ENOMEM, "out of memory");
	}
	rc = rs_sshd_test(sshd, c->conf, &ok, said, sizeof(said), err);
	if (rc)
		return rc;
	if (ok) {
		*status = json_string("ok: sshd -t accepted the configuration");
		return 0;
	}
	if (c->failed_before) {
		*status = json_pack(
			"{s:s, s:s, s:s}", "result",
			"failed before and after the change: kept (not a rollback signal)",
			"before", c->before, "after", said);
		return 0;
	}
	*status = json_pack("{s:s, s:s}", "result", "failed", "after", said);
	return cm_err_setk(
		err, -EINVAL, CM_ERR_DATAERR,
		"'%s -t -f %s' rejected the configuration after the change (%s)",
		sshd, c->conf, said);
}
