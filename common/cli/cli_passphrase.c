// SPDX-License-Identifier: Apache-2.0
/* Passphrases of signing keys: from a file or the terminal, wiped after. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli_passphrase.h"
#include "cli_prompt.h"
#include "cm_file.h"

/* The first line of @path into @buf: FIFOs and /dev/fd/N welcome. */
static int from_file(const char *path, char *buf, size_t size,
		     struct cm_err *err)
{
	char raw[CM_PASSPHRASE_MAX + 2];
	size_t n = 0, line;
	ssize_t r = 0;
	struct stat st;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		return cm_err_setk(
			err, -e, e == ENOENT ? CM_ERR_NOINPUT : CM_ERR_NONE,
			"--passphrase-file '%s': %s", path, strerror(e));
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077)) {
		rc = cm_err_setk(
			err, -EPERM, CM_ERR_NOPERM,
			"--passphrase-file '%s' is readable by others (mode %03o): run 'chmod 600 %s'",
			path, (unsigned)(st.st_mode & 0777), path);
		goto out;
	}
	/* one line is all we want: stop at its end (a pipe may never close) */
	while (n < sizeof(raw) && !memchr(raw, '\n', n) &&
	       (r = cm_read_some(fd, raw + n, sizeof(raw) - n, path, err)) > 0)
		n += (size_t)r;
	if (r < 0) {
		rc = (int)r;
		goto out;
	}
	for (line = 0; line < n && raw[line] != '\n'; line++)
		;
	if (line && raw[line - 1] == '\r')
		line--;
	if (line == 0 || memchr(raw, '\0', line)) {
		rc = cm_err_setk(
			err, -EINVAL, CM_ERR_KEYLOCKED,
			"--passphrase-file '%s': %s", path,
			line ? "holds a NUL byte"
			     : "its first line is empty: write the passphrase there");
		goto out;
	}
	if (line > CM_PASSPHRASE_MAX || line >= size) {
		rc = cm_err_setk(err, -E2BIG, CM_ERR_KEYLOCKED,
				 "--passphrase-file '%s': longer than %d bytes",
				 path, CM_PASSPHRASE_MAX);
		goto out;
	}
	memcpy(buf, raw, line);
	buf[line] = '\0';
	rc = (int)line;
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	close(fd);
	return rc;
}

/* One line from the terminal with echo off; the terminal always restored. */
static int read_hidden(const char *question, char *buf, size_t size)
{
	struct termios old, quiet;
	bool restore = false;
	int rc;

	if (tcgetattr(STDIN_FILENO, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		restore = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
	}
	rc = cli_prompt_line(question, buf, size);
	if (restore)
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputc('\n', stderr);
	return rc;
}

static int from_terminal(const char *what, bool confirm, char *buf, size_t size,
			 struct cm_err *err)
{
	char again[CM_PASSPHRASE_MAX + 2];
	char q[512];
	int rc;

	if (!cli_prompt_can_ask())
		return cm_err_setk(
			err, -ENOKEY, CM_ERR_KEYLOCKED,
			"'%s' is passphrase-protected and nobody is at a terminal: give --passphrase-file FILE",
			what);
	snprintf(q, sizeof(q),
		 "%s passphrase for '%s': ", confirm ? "new" : "the", what);
	rc = read_hidden(q, buf, size);
	if (rc == 0 && confirm) {
		rc = read_hidden("the same again: ", again, sizeof(again));
		if (rc == 0 && strcmp(buf, again))
			rc = cm_err_setk(err, -EINVAL, CM_ERR_KEYLOCKED,
					 "the two passphrases differ");
		OPENSSL_cleanse(again, sizeof(again));
	}
	if (rc == -EIO)
		rc = cm_err_setk(err, -ENOKEY, CM_ERR_KEYLOCKED,
				 "no passphrase typed for '%s'", what);
	if (rc == 0 && !buf[0])
		rc = cm_err_setk(err, -EINVAL, CM_ERR_KEYLOCKED,
				 "an empty passphrase protects nothing");
	if (rc < 0) {
		OPENSSL_cleanse(buf, size);
		return rc;
	}
	return (int)strlen(buf);
}

static int get(void *cookie, const char *what, bool confirm, char *buf,
	       size_t size, struct cm_err *err)
{
	const char *file = cookie;

	if (file)
		return from_file(file, buf, size, err);
	return from_terminal(what, confirm, buf, size, err);
}

void cli_passphrase_init(struct cm_passphrase *pp, const char *file)
{
	pp->get = get;
	pp->cookie = (void *)file;
}

int cli_identity_unlock(struct cm_identity *id, const char *dir,
			const char *file, struct cm_err *err)
{
	struct cm_passphrase pp;

	cli_passphrase_init(&pp, file);
	return cm_identity_unlock(id, dir, &pp, err);
}
