// SPDX-License-Identifier: Apache-2.0
/*
 * The devinfo record's names (unsafe bits) and its JSON shape, the one
 * `list` and `inspect` print.
 */
#include <stdio.h>
#include <string.h>

#include "wp_devinfo.h"

static const struct {
	unsigned bit;
	const char *name;
} unsafe_names[] = {
	{WP_UNSAFE_MOUNTED, "mounted"},
	{WP_UNSAFE_SWAP, "swap"},
	{WP_UNSAFE_HOLDERS, "holders"},
	{WP_UNSAFE_SYSTEM, "system"},
	{WP_UNSAFE_READONLY, "read-only"},
	{WP_UNSAFE_BACKS_SYSTEM, "backs-system"},
};

const char *wp_unsafe_name(unsigned bit)
{
	for (size_t i = 0; i < sizeof(unsafe_names) / sizeof(*unsafe_names);
	     i++)
		if (unsafe_names[i].bit == bit)
			return unsafe_names[i].name;
	return NULL;
}

bool wp_unsafe_is_absolute(unsigned bits)
{
	return bits & (WP_UNSAFE_SYSTEM | WP_UNSAFE_BACKS_SYSTEM);
}

void wp_unsafe_str(unsigned bits, char *buf, size_t len)
{
	size_t w = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(unsafe_names) / sizeof(*unsafe_names);
	     i++) {
		int r;

		if (!(bits & unsafe_names[i].bit))
			continue;
		r = snprintf(buf + w, len - w, "%s%s", w ? ", " : "",
			     unsafe_names[i].name);
		if (r < 0 || (size_t)r >= len - w) {
			buf[len - 1] = '\0';
			return;
		}
		w += (size_t)r;
	}
}

static json_t *str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static const char *devtype(const struct wp_devinfo *info)
{
	if (info->is_file)
		return "file";
	if (info->is_partition)
		return "partition";
	if (info->backing_file[0])
		return "loop";
	return "disk";
}

json_t *wp_devinfo_json(const struct wp_devinfo *info)
{
	json_t *o = json_object(), *sigs = json_array(), *unsafe = json_array();
	char devno[32];

	if (!o || !sigs || !unsafe)
		goto fail;
	for (int i = 0; i < info->nsigs; i++) {
		const struct wp_signature *s = &info->sigs[i];
		json_t *j = json_object();

		if (!j || json_array_append_new(sigs, j))
			goto fail;
		json_object_set_new(j, "type", json_string(s->type));
		json_object_set_new(j, "usage", str_or_null(s->usage));
		json_object_set_new(j, "offset",
				    json_integer((json_int_t)s->offset));
		json_object_set_new(j, "label", str_or_null(s->label));
		json_object_set_new(j, "uuid", str_or_null(s->uuid));
	}
	for (size_t i = 0; i < sizeof(unsafe_names) / sizeof(*unsafe_names);
	     i++)
		if (info->unsafe & unsafe_names[i].bit)
			json_array_append_new(
				unsafe, json_string(unsafe_names[i].name));
	snprintf(devno, sizeof(devno), "%u:%u", info->major, info->minor);

	json_object_set_new(o, "path", json_string(info->path));
	json_object_set_new(o, "name", json_string(info->name));
	json_object_set_new(o, "type", json_string(devtype(info)));
	json_object_set_new(o, "parent", str_or_null(info->parent));
	json_object_set_new(o, "devno",
			    info->is_file ? json_null() : json_string(devno));
	json_object_set_new(o, "vendor", str_or_null(info->vendor));
	json_object_set_new(o, "model", str_or_null(info->model));
	json_object_set_new(o, "serial", str_or_null(info->serial));
	json_object_set_new(o, "wwn", str_or_null(info->wwn));
	json_object_set_new(o, "firmware", str_or_null(info->firmware));
	json_object_set_new(o, "transport", str_or_null(info->transport));
	json_object_set_new(o, "size_bytes",
			    json_integer((json_int_t)info->size));
	json_object_set_new(o, "logical_block_size",
			    json_integer(info->logical_block));
	json_object_set_new(o, "physical_block_size",
			    json_integer(info->physical_block));
	json_object_set_new(o, "rotational", json_boolean(info->rotational));
	json_object_set_new(o, "removable", json_boolean(info->removable));
	json_object_set_new(o, "readonly", json_boolean(info->readonly));
	json_object_set_new(o, "backing_file", str_or_null(info->backing_file));
	/* signatures that could not be read are unknown, not absent */
	if (info->sig_error) {
		json_object_set_new(o, "signatures", json_null());
		json_decref(sigs);
	} else {
		json_object_set_new(o, "signatures", sigs);
	}
	sigs = NULL;
	json_object_set_new(o, "signatures_error",
			    info->sig_error
				    ? json_string(strerror(-info->sig_error))
				    : json_null());
	json_object_set_new(o, "safe", json_boolean(info->unsafe == 0));
	json_object_set_new(o, "unsafe", unsafe);
	json_object_set_new(o, "unsafe_detail",
			    str_or_null(info->unsafe_detail));
	return o;
fail:
	json_decref(o);
	json_decref(sigs);
	json_decref(unsafe);
	return NULL;
}
