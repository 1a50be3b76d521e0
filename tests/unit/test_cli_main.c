// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests of the dispatcher (common/cli/): verb lookup, messages, the
 * signal dispositions the verb table asks for, the checked stdout, prompts.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_fail.h"
#include "cli_main.h"
#include "cli_prompt.h"
#include "cli_signal.h"

/* what the test verbs saw */
static int seen_argc;
static char seen_arg0[16], seen_arg1[16];
static const struct cli_verb *seen_verb;

static int verb_echo(int argc, char **argv)
{
	seen_argc = argc;
	snprintf(seen_arg0, sizeof(seen_arg0), "%s", argv[0]);
	snprintf(seen_arg1, sizeof(seen_arg1), "%s", argc > 1 ? argv[1] : "");
	seen_verb = cli_running_verb();
	printf("out\n");
	return argc > 1 && !strcmp(argv[1], "fail") ? 66 : 0;
}

static int verb_fail(int argc, char **argv)
{
	struct cm_err err;

	(void)argc;
	(void)argv;
	cm_err_setk(&err, -ENOENT, CM_ERR_NOINPUT, "cannot open '%s'", "x");
	return cli_fail("fail", &err);
}

static int verb_fail_bare(int argc, char **argv)
{
	struct cm_err err;

	(void)argc;
	(void)argv;
	cm_err_clear(&err);
	err.code = -EIO;
	return cli_fail("bare", &err);
}

static int verb_usage(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage("use", "give one FILE");
}

static struct sigaction sa_int, sa_pipe;

static int verb_signals(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_signal_catch();
	sigaction(SIGINT, NULL, &sa_int);
	sigaction(SIGPIPE, NULL, &sa_pipe);
	return 0;
}

static const struct cli_verb verbs[] = {
	{"echo", verb_echo, "print and return", 0},
	{"fail", verb_fail, "fail with a message", 0},
	{"bare", verb_fail_bare, "fail without a message", 0},
	{"use", verb_usage, "misuse", 0},
	{"plain", verb_signals, "catches nothing", 0},
	{"stop", verb_signals, "stoppable", CLI_VERB_STOPPABLE},
	{"pipe", verb_signals, "stoppable, no SIGPIPE",
	 CLI_VERB_STOPPABLE | CLI_VERB_NO_SIGPIPE},
};

static const struct cli_tool tool = {"tool", verbs,
				     sizeof(verbs) / sizeof(verbs[0]), 0};
static const struct cli_tool hinted = {
	"hinted", verbs, sizeof(verbs) / sizeof(verbs[0]), CLI_TOOL_HINT_VERB};

static char out[4096], err[4096];

static void slurp(int fd, char *buf, size_t len)
{
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
}

/*
 * cli_main() with stdout and stderr captured into out[] and err[] (stdout
 * into @stdout_path if given, e.g. /dev/full); stdout is reopened after,
 * since cli_main() closes it.
 */
static int run_to(const struct cli_tool *t, const char *stdout_path, int argc,
		  char **argv)
{
	char opath[] = "/tmp/test_cli_main.XXXXXX";
	char epath[] = "/tmp/test_cli_main.XXXXXX";
	int ofd = mkstemp(opath), efd = mkstemp(epath);
	int saved_out, saved_err, rc;

	assert_true(ofd >= 0 && efd >= 0);
	unlink(opath);
	unlink(epath);
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(STDOUT_FILENO);
	saved_err = dup(STDERR_FILENO);
	if (stdout_path) {
		int fd = open(stdout_path, O_WRONLY);

		assert_true(fd >= 0);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	} else {
		dup2(ofd, STDOUT_FILENO);
	}
	dup2(efd, STDERR_FILENO);
	rc = cli_main(t, argc, argv);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	stdout = fdopen(STDOUT_FILENO, "w");
	assert_non_null(stdout);
	slurp(ofd, out, sizeof(out));
	slurp(efd, err, sizeof(err));
	return rc;
}

/* run_to() with the arguments after @path (NULL-terminated) as argv[1..] */
static int runv(const struct cli_tool *t, const char *path, ...)
{
	char *argv[16] = {strdup("tool")};
	const char *a;
	va_list ap;
	int argc = 1, rc;

	va_start(ap, path);
	while ((a = va_arg(ap, const char *)) && argc < 15)
		argv[argc++] = strdup(a);
	va_end(ap);
	rc = run_to(t, path, argc, argv);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return rc;
}

#define RUN(t, ...)	 runv(t, NULL, __VA_ARGS__, (const char *)NULL)
#define RUN_FULL(t, ...) runv(t, "/dev/full", __VA_ARGS__, (const char *)NULL)

static const char usage_text[] = "usage: tool VERB [options] ARGS\n\nverbs:\n"
				 "  echo       print and return\n"
				 "  fail       fail with a message\n"
				 "  bare       fail without a message\n"
				 "  use        misuse\n"
				 "  plain      catches nothing\n"
				 "  stop       stoppable\n"
				 "  pipe       stoppable, no SIGPIPE\n"
				 "\n'tool VERB --help' describes each verb.\n";

static void test_no_verb_help_version(void **state)
{
	(void)state;
	assert_int_equal(runv(&tool, NULL, (const char *)NULL), 64);
	assert_string_equal(out, "");
	assert_string_equal(err, usage_text);
	assert_int_equal(RUN(&tool, "--help"), 0);
	assert_string_equal(out, usage_text);
	assert_string_equal(err, "");
	assert_int_equal(RUN(&tool, "-h", "echo"), 0);
	assert_string_equal(out, usage_text);
	assert_int_equal(RUN(&tool, "--version"), 0);
	assert_string_equal(out, "tool (sanitas) " SANITAS_VERSION "\n");
	assert_int_equal(RUN(&tool, "frob"), 64);
	assert_string_equal(out, "");
	assert_string_equal(err,
			    "tool: unknown verb 'frob'\nTry 'tool --help'\n");
}

static void test_verb_gets_its_args(void **state)
{
	(void)state;
	seen_verb = NULL;
	assert_int_equal(RUN(&tool, "echo", "a"), 0);
	assert_int_equal(seen_argc, 2);
	assert_string_equal(seen_arg0, "echo");
	assert_string_equal(seen_arg1, "a");
	assert_ptr_equal(seen_verb, &verbs[0]);
	assert_null(cli_running_verb());
	assert_null(cli_running_tool());
	assert_string_equal(out, "out\n");
	assert_int_equal(RUN(&tool, "echo", "fail"), 66);
}

static void test_messages(void **state)
{
	(void)state;
	assert_int_equal(RUN(&tool, "fail"), 66);
	assert_string_equal(err, "tool: fail: cannot open 'x'\n");
	assert_int_equal(RUN(&tool, "bare"), 74);
	assert_string_equal(err, "tool: bare: Input/output error\n");
	assert_int_equal(RUN(&tool, "use"), 64);
	assert_string_equal(err,
			    "tool: use: give one FILE\nTry 'tool --help'\n");
	assert_int_equal(RUN(&hinted, "use"), 64);
	assert_string_equal(
		err, "hinted: use: give one FILE\nTry 'hinted use --help'\n");
}

static void test_stdout_checked(void **state)
{
	(void)state;
	if (access("/dev/full", W_OK))
		skip();
	assert_int_equal(RUN_FULL(&tool, "echo"), 74);
	assert_string_equal(
		err,
		"tool: echo: cannot write to standard output: No space left on device\n");
	assert_int_equal(RUN_FULL(&tool, "--help"), 74);
	assert_string_equal(
		err,
		"tool: cannot write to standard output: No space left on device\n");
	/* a failed verb keeps its code and says nothing more */
	assert_int_equal(RUN_FULL(&tool, "echo", "fail"), 66);
	assert_string_equal(err, "");
	/* nothing written: nothing to fail */
	assert_int_equal(RUN_FULL(&tool, "use"), 64);
}

static void test_signals_follow_the_table(void **state)
{
	struct sigaction dfl = {.sa_handler = SIG_DFL};

	(void)state;
	sigemptyset(&dfl.sa_mask);
	assert_int_equal(RUN(&tool, "plain"), 0);
	assert_ptr_equal(sa_int.sa_handler, SIG_DFL);
	assert_ptr_equal(sa_pipe.sa_handler, SIG_DFL);
	assert_int_equal(RUN(&tool, "stop"), 0);
	assert_ptr_not_equal(sa_int.sa_handler, SIG_DFL);
	assert_ptr_equal(sa_pipe.sa_handler, SIG_DFL);
	cli_interrupted = 0;
	raise(SIGINT);
	assert_int_equal(cli_interrupted, 1);
	cli_interrupted = 0;
	raise(SIGTERM);
	assert_int_equal(cli_interrupted, 1);
	cli_interrupted = 0;
	assert_int_equal(RUN(&tool, "pipe"), 0);
	assert_ptr_equal(sa_pipe.sa_handler, SIG_IGN);
	/* outside cli_main() nothing is installed */
	sigaction(SIGINT, &dfl, NULL);
	sigaction(SIGTERM, &dfl, NULL);
	sigaction(SIGPIPE, &dfl, NULL);
	cli_signal_catch();
	sigaction(SIGINT, NULL, &sa_int);
	assert_ptr_equal(sa_int.sa_handler, SIG_DFL);
}

/* stdin from @text for one prompt */
static bool confirm_with(const char *text, const char *want)
{
	char path[] = "/tmp/test_cli_main.XXXXXX";
	int fd = mkstemp(path), saved = dup(STDIN_FILENO), efd;
	bool ok;

	assert_true(fd >= 0);
	unlink(path);
	assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	lseek(fd, 0, SEEK_SET);
	dup2(fd, STDIN_FILENO);
	close(fd);
	clearerr(stdin);
	efd = dup(STDERR_FILENO);
	fd = open("/dev/null", O_WRONLY);
	assert_true(fd >= 0);
	dup2(fd, STDERR_FILENO);
	close(fd);
	ok = cli_prompt_confirm(want, "Type '%s': ", want);
	fflush(stderr);
	dup2(efd, STDERR_FILENO);
	close(efd);
	dup2(saved, STDIN_FILENO);
	close(saved);
	clearerr(stdin);
	return ok;
}

static void test_confirm(void **state)
{
	char answer[16];

	(void)state;
	assert_true(confirm_with("SN123\n", "SN123"));
	assert_true(confirm_with("SN123\r\n", "SN123"));
	assert_false(confirm_with("sn123\n", "SN123"));
	assert_false(confirm_with("SN1234\n", "SN123"));
	assert_false(confirm_with("", "SN123"));
	if (!isatty(STDIN_FILENO))
		assert_int_equal(
			cli_prompt_ask(NULL, "ok? ", answer, sizeof(answer)),
			-ENOTTY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_verb_help_version),
		cmocka_unit_test(test_verb_gets_its_args),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_stdout_checked),
		cmocka_unit_test(test_signals_follow_the_table),
		cmocka_unit_test(test_confirm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
