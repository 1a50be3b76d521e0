/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The identity sources of a target that are plain text or bytes: udev
 * properties, sysfs attributes, SCSI VPD pages 0x80 and 0x83, the sysfs
 * path (transport). Pure given their input, so unit tests feed them
 * strings and fake sysfs trees. Internal to wipe/dev/ and its tests.
 */
#ifndef SANITAS_WP_IDENTITY_H
#define SANITAS_WP_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "wp_devinfo.h"

/*
 * The transport ("usb", "nvme", "sata", "sas", "virtio", "mmc", "scsi",
 * "loop", "virtual") of a block device from its resolved sysfs path
 * (/sys/devices/...) and kernel name; "" when nothing matches.
 */
void wp_transport_from_syspath(const char *syspath, const char *name, char *out,
			       size_t len);

/* The transport for a udev ID_BUS value ("ata" -> "sata"), or NULL. */
const char *wp_transport_from_bus(const char *bus);

/*
 * Fill the empty identity fields of @info (vendor, model, serial, wwn,
 * firmware, transport) from udev properties read through @get, which returns
 * a borrowed string or NULL. Returns the number of fields filled.
 */
int wp_identity_from_props(const char *(*get)(void *ctx, const char *key),
			   void *ctx, struct wp_devinfo *info);

/*
 * Fill the empty identity fields of @info from the sysfs directory of a
 * whole disk (@dir, e.g. "/sys/block/sdb"): device/{vendor,model,serial,
 * rev,firmware_rev,wwid,vpd_pg80}, serial, wwid. Returns the number of
 * fields filled.
 */
int wp_identity_from_sysfs(const char *dir, struct wp_devinfo *info);

/*
 * The unit serial number of a SCSI VPD page 0x80 (@page, @len bytes) into
 * @out, trimmed. Returns 0, or -EBADMSG when @page is not a page 0x80.
 */
int wp_vpd80_serial(const uint8_t *page, size_t len, char *out, size_t outlen);

/*
 * The first NAA designator of a SCSI VPD page 0x83 as "0x" + hex into @out.
 * Returns 0, -ENOENT when there is none, -EBADMSG when malformed.
 */
int wp_vpd83_naa(const uint8_t *page, size_t len, char *out, size_t outlen);

#endif
