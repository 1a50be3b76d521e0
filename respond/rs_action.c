// SPDX-License-Identifier: Apache-2.0
/* The action registry. */
#include <string.h>

#include "rs_action.h"
#include "rs_actions_list.h"

static const struct rs_action *const registry[] = {RS_ACTIONS_TABLE};

const struct rs_action *const *rs_actions(size_t *count)
{
	*count = sizeof(registry) / sizeof(registry[0]);
	return registry;
}

const struct rs_action *rs_action_find(const char *name)
{
	size_t n;
	const struct rs_action *const *a = rs_actions(&n);

	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(a[i]->name, name))
			return a[i];
	return NULL;
}
