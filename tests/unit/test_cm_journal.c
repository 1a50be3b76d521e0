// SPDX-License-Identifier: Apache-2.0
/* Unit tests of cm_journal, the custody journal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cm_atomic.h"
#include "cm_journal.h"
#include "cm_time.h"
#include "cm_file.h"

static char path[64];

static time_t fixed(void)
{
	return 1800000000;
}

static void write_three(void)
{
	struct cm_journal j;
	json_t *d = json_pack("{s:s}", "step", "logs");

	unlink(path);
	assert_int_equal(cm_journal_open(&j, path, NULL, NULL), 0);
	assert_int_equal(cm_journal_append(&j, "alice", "start", NULL, NULL),
			 0);
	assert_int_equal(cm_journal_append(&j, "alice", "step", d, NULL), 0);
	assert_int_equal(cm_journal_append(&j, "alice", "end", NULL, NULL), 0);
	cm_journal_close(&j);
	json_decref(d);
}

static void test_chain_ok_and_reopen(void **state)
{
	struct cm_journal j;
	uint64_t bad = 0;
	char *buf;

	(void)state;
	write_three();
	assert_int_equal(cm_journal_verify(path, &bad, NULL), 0);
	assert_int_equal(cm_journal_open(&j, path, NULL, NULL), 0);
	assert_int_equal(j.next_seq, 4);
	assert_int_equal(cm_journal_append(&j, "bob", "more", NULL, NULL), 0);
	cm_journal_close(&j);
	assert_int_equal(cm_journal_verify(path, &bad, NULL), 0);
	assert_int_equal(cm_read_file(path, 1 << 20, &buf, NULL, NULL), 0);
	/* the first entry chains to zeros and keys are in the documented order */
	assert_non_null(strstr(buf,
			       "{\"seq\":1,\"time\":\"2027-01-15T08:00:00Z\","
			       "\"actor\":\"alice\",\"event\":\"start\","
			       "\"details\":{},\"prev\":\"0000"));
	free(buf);
}

static void mutate(const char *from, const char *to)
{
	char *buf, *p;
	size_t len;

	assert_int_equal(cm_read_file(path, 1 << 20, &buf, &len, NULL), 0);
	p = strstr(buf, from);
	assert_non_null(p);
	memcpy(p, to, strlen(to));
	assert_int_equal(cm_atomic_write_file(path, buf, len, 0600, NULL), 0);
	free(buf);
}

static void test_edit_detected(void **state)
{
	uint64_t bad = 0;
	struct cm_err err;

	(void)state;
	write_three();
	mutate("\"logs\"", "\"LOGS\"");
	assert_int_equal(cm_journal_verify(path, &bad, &err), 1);
	assert_int_equal(bad, 2);
	assert_non_null(strstr(err.msg, "entry 2"));
}

static void test_removed_line_detected(void **state)
{
	char *buf, *nl;
	size_t len;
	uint64_t bad = 0;

	(void)state;
	write_three();
	assert_int_equal(cm_read_file(path, 1 << 20, &buf, &len, NULL), 0);
	nl = strchr(buf, '\n');
	/* drop line 1: line 2 now comes first */
	assert_int_equal(cm_atomic_write_file(path, nl + 1,
					      len - (size_t)(nl + 1 - buf),
					      0600, NULL),
			 0);
	free(buf);
	assert_int_equal(cm_journal_verify(path, &bad, NULL), 1);
	assert_int_equal(bad, 1);
}

static void test_torn_tail_truncated_on_open(void **state)
{
	struct cm_journal j;
	int fd, truncated = 0;
	uint64_t bad;

	(void)state;
	write_three();
	fd = open(path, O_WRONLY | O_APPEND);
	assert_int_equal(write(fd, "{\"seq\":4,\"ti", 12), 12);
	close(fd);
	assert_int_equal(cm_journal_verify(path, &bad, NULL), 1);
	assert_int_equal(cm_journal_open(&j, path, &truncated, NULL), 0);
	assert_int_equal(truncated, 1);
	assert_int_equal(j.next_seq, 4);
	assert_int_equal(cm_journal_append(&j, "x", "after", NULL, NULL), 0);
	cm_journal_close(&j);
	assert_int_equal(cm_journal_verify(path, &bad, NULL), 0);
}

static void test_open_refuses_broken(void **state)
{
	struct cm_journal j;
	struct cm_err err;

	(void)state;
	write_three();
	mutate("\"end\"", "\"END\"");
	assert_true(cm_journal_open(&j, path, NULL, &err) < 0);
	assert_non_null(strstr(err.msg, "entry 3"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_ok_and_reopen),
		cmocka_unit_test(test_edit_detected),
		cmocka_unit_test(test_removed_line_detected),
		cmocka_unit_test(test_torn_tail_truncated_on_open),
		cmocka_unit_test(test_open_refuses_broken),
	};
	int fd;

	cm_time_set_source(fixed);
	snprintf(path, sizeof(path), "/tmp/cmjournalXXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return 1;
	close(fd);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path);
	return rc;
}
