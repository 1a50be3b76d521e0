// SPDX-License-Identifier: Apache-2.0
/*
 * What the verbs of wipe share: identity and state paths, the typed
 * confirmation of an erase.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cli_prompt.h"
#include "wp_erase.h"

const char *cli_default_state_dir(void)
{
	const char *e = getenv("SANITAS_STATE_DIR");

	return e && *e ? e : "/var/lib/sanitas/checkpoints";
}

bool cli_confirm_erase(const struct wp_job *job, const char *method)
{
	/* an image file has no serial: its path is what the operator types */
	const char *want = job->info.serial[0] && !job->info.is_file
				   ? job->info.serial
				   : job->info.path;

	return cli_prompt_confirm(
		want,
		"\nAbout to ERASE %s (%s%s%s, serial %s) with method '%s'.\n"
		"All data on it will be destroyed. Type %s '%s' to continue: ",
		job->target, job->info.vendor, job->info.vendor[0] ? " " : "",
		job->info.model[0] ? job->info.model : "no model",
		job->info.serial[0] ? job->info.serial : "none", method,
		want == job->info.path ? "the path" : "the serial", want);
}
