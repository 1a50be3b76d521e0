// SPDX-License-Identifier: Apache-2.0
/*
 * The playbook's public API: read the file (with a ceiling), parse one
 * YAML document, then the schema (playbook/schema.c) and the checks
 * across steps (playbook/graph.c); release and look-ups.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "cm_file.h"
#include "cm_hash.h"
#include "playbook/graph.h"
#include "playbook/playbook.h"
#include "playbook/schema.h"
#include "playbook/yaml.h"

static int load_doc(struct rs_ld *ld, struct rs_playbook *pb)
{
	yaml_node_t *root = yaml_document_get_root_node(ld->doc);
	yaml_node_t *inputs = NULL, *steps = NULL;
	struct rs_step_nodes *nodes = NULL;
	int rc;

	if ((rc = rs_schema_top(ld, root, pb, &inputs, &steps)))
		return rc;
	if (inputs && (rc = rs_schema_inputs(ld, inputs, pb)))
		return rc;
	if ((rc = rs_schema_steps(ld, root, steps, pb, &nodes)))
		return rc;
	rc = rs_graph_check(ld, pb, nodes);
	free(nodes);
	return rc;
}

int rs_playbook_load_mem(struct rs_playbook *pb, const char *name,
			 const char *buf, size_t len, struct cm_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct rs_ld ld = {name, &doc, err, 0};
	uint8_t md[CM_SHA256_LEN];
	int rc;

	memset(pb, 0, sizeof(*pb));
	pb->path = strdup(name);
	if (!pb->path)
		return cm_err_set(err, -ENOMEM, "out of memory");
	if (len > RS_PLAYBOOK_MAX) {
		rc = rs_yaml_fail_at(
			name, (struct rs_pos){1, 1}, err,
			"file is %zu bytes, more than the %d limit; split the playbook",
			len, RS_PLAYBOOK_MAX);
		goto fail;
	}
	if ((rc = cm_sha256_buf(buf, len, md, err)))
		goto fail;
	cm_hex(md, sizeof(md), pb->sha256);
	if ((rc = rs_yaml_check_depth(name, buf, len, err)))
		goto fail;
	if (!yaml_parser_initialize(&parser)) {
		rc = cm_err_set(err, -ENOMEM, "out of memory");
		goto fail;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		struct rs_pos p = {(unsigned)parser.problem_mark.line + 1,
				   (unsigned)parser.problem_mark.column + 1};

		if (parser.error == YAML_MEMORY_ERROR)
			rc = cm_err_set(err, -ENOMEM, "out of memory");
		else
			rc = rs_yaml_fail_at(
				name, p, err,
				"YAML syntax: %s%s%s; fix the syntax here",
				parser.problem ? parser.problem : "malformed",
				parser.context ? " " : "",
				parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		goto fail;
	}
	rc = load_doc(&ld, pb);
	yaml_document_delete(&doc);
	/* a second document in the same file is not a playbook */
	if (!rc) {
		yaml_document_t doc2;

		if (yaml_parser_load(&parser, &doc2)) {
			if (yaml_document_get_root_node(&doc2))
				rc = rs_yaml_fail_at(
					name,
					(struct rs_pos){
						(unsigned)doc2.start_mark.line +
							1,
						1},
					err,
					"a second YAML document; a playbook file holds one");
			yaml_document_delete(&doc2);
		}
	}
	yaml_parser_delete(&parser);
	if (rc == -ENOMEM)
		cm_err_set(err, rc, "out of memory");
	if (!rc)
		return 0;
fail:
	rs_playbook_release(pb);
	return rc;
}

int rs_playbook_load(struct rs_playbook *pb, const char *path,
		     struct cm_err *err)
{
	char *buf = NULL;
	ssize_t n;
	size_t len = 0;
	struct stat sb;
	int fd, rc;

	memset(pb, 0, sizeof(*pb));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cm_err_set(err, -errno, "cannot open '%s': %s", path,
				  strerror(errno));
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return cm_err_setk(err, -EINVAL, CM_ERR_NOINPUT,
				   "'%s' is not a regular file", path);
	}
	if (sb.st_size > RS_PLAYBOOK_MAX) {
		close(fd);
		return rs_yaml_fail_at(
			path, (struct rs_pos){1, 1}, err,
			"file is %jd bytes, more than the %d limit; split the playbook",
			(intmax_t)sb.st_size, RS_PLAYBOOK_MAX);
	}
	buf = malloc(RS_PLAYBOOK_MAX + 1);
	if (!buf) {
		close(fd);
		return cm_err_set(err, -ENOMEM, "out of memory");
	}
	/* read to the cap even if the file grew after fstat */
	while (len <= RS_PLAYBOOK_MAX &&
	       (n = cm_read_some(fd, buf + len, RS_PLAYBOOK_MAX + 1 - len, path,
				 err)) != 0) {
		if (n < 0) {
			close(fd);
			free(buf);
			return (int)n;
		}
		len += (size_t)n;
	}
	close(fd);
	rc = rs_playbook_load_mem(pb, path, buf, len, err);
	free(buf);
	return rc;
}

void rs_playbook_release(struct rs_playbook *pb)
{
	if (!pb)
		return;
	for (size_t i = 0; i < pb->n_inputs; i++) {
		free(pb->inputs[i].name);
		json_decref(pb->inputs[i].def);
		free(pb->inputs[i].description);
	}
	for (size_t i = 0; i < pb->n_steps; i++) {
		struct rs_step *st = &pb->steps[i];

		free(st->id);
		free(st->action);
		json_decref(st->with);
		for (size_t a = 0; a < st->n_after; a++)
			free(st->after[a]);
		free(st->after);
		free(st->when);
		free(st->phase);
		for (size_t w = 0; w < st->n_with_pos; w++)
			free(st->with_pos[w].key);
		free(st->with_pos);
	}
	free(pb->inputs);
	free(pb->steps);
	free(pb->path);
	free(pb->schema);
	free(pb->id);
	free(pb->title);
	free(pb->description);
	memset(pb, 0, sizeof(*pb));
}

const struct rs_step *rs_playbook_step(const struct rs_playbook *pb,
				       const char *id)
{
	for (size_t i = 0; i < pb->n_steps; i++)
		if (pb->steps[i].id && !strcmp(pb->steps[i].id, id))
			return &pb->steps[i];
	return NULL;
}

struct rs_pos rs_step_with_pos(const struct rs_step *step, const char *key)
{
	for (size_t i = 0; i < step->n_with_pos; i++)
		if (step->with_pos[i].key &&
		    !strcmp(step->with_pos[i].key, key))
			return step->with_pos[i].pos;
	return step->pos;
}
