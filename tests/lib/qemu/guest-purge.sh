#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs inside the emulated machine (busybox sh) as the init's last step:
# list, inspect and erase the emulated NVMe and SATA drives, then write
# every output and certificate to the virtio disk as a tar stream and
# power off. Each command's stdout, stderr and exit code are kept.
export PATH=/bin
[ -f /env ] && . /env
O=/out
mkdir -p "$O/certs" /tmp/state

# the drives appear asynchronously after their modules load
i=0
while { [ ! -b /dev/nvme0n1 ] || [ ! -b /dev/sda ] || [ ! -b /dev/vda ]; } &&
	[ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
ls /sys/block >"$O/blocks"

run() {
	name=$1
	shift
	"$@" >"$O/$name.out" 2>"$O/$name.err"
	echo $? >"$O/$name.rc"
	echo "guest: $name exit $(cat "$O/$name.rc")"
}
E="wipe erase --identity /id --cert-dir $O/certs --state-dir /tmp/state --yes --json"

run list wipe list --json
run inspect-nvme wipe inspect --json /dev/nvme0n1
run inspect-sata wipe inspect --json /dev/sda
run inspect-sata-text wipe inspect /dev/sda

# unsupported Purge methods: refused before anything is sent
sha256sum /dev/nvme0n1 >"$O/nvme-sum-before"
run nvme-sanitize-crypto $E --method nvme-sanitize-crypto /dev/nvme0n1
run nvme-sanitize-block $E --method nvme-sanitize-block /dev/nvme0n1
run nvme-sanitize-overwrite $E --method nvme-sanitize-overwrite /dev/nvme0n1
sha256sum /dev/nvme0n1 >"$O/nvme-sum-after"
sha256sum /dev/sda >"$O/sata-sum-before"
for m in ata-sanitize-crypto ata-sanitize-block ata-sanitize-overwrite \
	ata-secure-erase ata-secure-erase-enhanced scsi-sanitize-crypto; do
	run "sata-$m" $E --method "$m" /dev/sda
done
sha256sum /dev/sda >"$O/sata-sum-after"
ls "$O/certs" >"$O/certs-after-refusals"

# what auto would do, then Format NVM (SES=1), then auto for real
run nvme-auto-dry $E --dry-run --method auto /dev/nvme0n1
run nvme-format-erase $E --method nvme-format-erase /dev/nvme0n1
dd if=/dev/nvme0n1 bs=512 skip=2048 count=1 2>/dev/null | od -An -c \
	>"$O/nvme-marker-after"
printf 'SANITAS-SECOND-MARKER' | dd of=/dev/nvme0n1 bs=512 seek=1000 \
	conv=notrunc 2>/dev/null
sync
run nvme-auto $E --method auto /dev/nvme0n1

# a Clear overwrite of the SATA disk through a failing sector range
run sata-write-error $E --method zero --verify none /dev/sda

tar cf /dev/vda -C "$O" .
sync
echo "guest: done"
poweroff -f
