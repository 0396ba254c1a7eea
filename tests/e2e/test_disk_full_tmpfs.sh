#!/usr/bin/env bash
# A real full file system: a 6 MB tmpfs, filled until about three of six 400 kB files
# fit. The execution rolls back in the same run, names the file and why, leaves no temp
# file. Skipped (77) where this user may not mount a tmpfs.
source "${TARS_TEST_LIB:?run it through ctest (it sets TARS_TEST_LIB)}" || exit 1
source "$(dirname "${BASH_SOURCE[0]}")/disk_full_lib.sh"
mkdir -p "$TMP/mnt"
if ! mount -t tmpfs -o size=6m tmpfs "$TMP/mnt" 2>/dev/null; then
  echo "skip: cannot mount a tmpfs here"
  exit 77
fi
trap 'umount "$TMP/mnt" 2>/dev/null; rm -rf "$TMP"' EXIT
six_file_workspace "$TMP/mnt/ws" 400000
BEFORE=$(snapshot)
expect 0 improve import "$TMP/six.patch" --format json
free_kb=$(df -k --output=avail "$TMP/mnt" | tail -1)
head -c $(((free_kb - 1500) * 1024)) /dev/zero >"$TMP/mnt/filler"  # ~3 files' room left
ID=$(json_get 'j["improvements"][0]["id"]')
tars execute improvement --id "$ID"
check_rolled_back "tmpfs"
ok "a real full tmpfs: rolled back in the same run, the file named"
finish
