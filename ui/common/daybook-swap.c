/* daybook-swap.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-swap"

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <glib/gstdio.h>

#include "daybook-swap.h"

/*
 * Whether the system can write memory to the disk unencrypted. Keys are
 * in locked memory and never swapped, but what the window shows (entries,
 * pictures) is ordinary memory that the kernel may move to swap, where it
 * stays after Daybook locks. Read from /proc/swaps and /sys:
 *
 * - zram swap is compressed memory, never on a disk: safe;
 * - a device-mapper device is encrypted when its dm uuid starts with
 *   "CRYPT-" (dm-crypt, LUKS or plain), or when every device it is built
 *   on is (LVM on LUKS, the Debian installer's "encrypted LVM");
 * - any other partition is not encrypted;
 * - a swap file is as encrypted as the block device its file system is
 *   on, found through its st_dev in /sys/dev/block.
 *
 * Anything unexpected (unreadable files, a device that cannot be found)
 * is "cannot tell", never a guess. @root is "/" except in tests.
 */

/* /proc/swaps escapes spaces and the like as \ooo. */
static char *
unescape (const char *field)
{
  return g_strcompress (field);
}

typedef enum
{
  DEV_PLAIN,
  DEV_ENCRYPTED,
  DEV_UNKNOWN,
} DevState;

/* @sys_dev: a device's folder in /sys (/sys/class/block/NAME, a slave
 * link, /sys/dev/block/M:m). */
static DevState
device_state (const char *root, const char *sys_dev, guint depth)
{
  g_autofree char *uuid_path = g_build_filename (sys_dev, "dm", "uuid", NULL);
  g_autofree char *slaves_path = g_build_filename (sys_dev, "slaves", NULL);
  g_autofree char *resolved = g_file_read_link (sys_dev, NULL);
  g_autofree char *name = g_path_get_basename (resolved != NULL ? resolved : sys_dev);
  g_autofree char *uuid = NULL;
  g_autoptr (GDir) slaves = NULL;
  const char *slave;
  guint n = 0;
  DevState state = DEV_ENCRYPTED;

  if (depth > 8 || !g_file_test (sys_dev, G_FILE_TEST_IS_DIR))
    return DEV_UNKNOWN;
  if (g_str_has_prefix (name, "zram"))
    return DEV_ENCRYPTED; /* memory, not disk */
  if (g_str_has_prefix (name, "loop"))
    return DEV_UNKNOWN; /* a file somewhere else */
  if (g_file_get_contents (uuid_path, &uuid, NULL, NULL) && g_str_has_prefix (uuid, "CRYPT-"))
    return DEV_ENCRYPTED;

  /* Built on other devices (LVM, RAID): encrypted if all of them are. */
  slaves = g_dir_open (slaves_path, 0, NULL);
  while (slaves != NULL && (slave = g_dir_read_name (slaves)) != NULL)
    {
      g_autofree char *next = g_build_filename (slaves_path, slave, NULL);
      DevState s = device_state (root, next, depth + 1);

      n++;
      if (s == DEV_PLAIN)
        return DEV_PLAIN;
      if (s == DEV_UNKNOWN)
        state = DEV_UNKNOWN;
    }
  if (n > 0)
    return state;
  /* Device-mapper with nothing below it that this can see: cannot tell.
   * Otherwise a disk or a partition: not encrypted. */
  return uuid != NULL ? DEV_UNKNOWN : DEV_PLAIN;
}

/* A swap partition, named as /proc/swaps names it ("/dev/dm-1"). */
static DevState
partition_state (const char *root, const char *path)
{
  g_autofree char *dev = g_build_filename (root, path, NULL);
  g_autofree char *name = NULL;
  g_autofree char *sys = NULL;
  struct stat st;

  if (!g_str_has_prefix (path, "/dev/"))
    return DEV_UNKNOWN;
  name = g_path_get_basename (path);
  if (g_str_has_prefix (name, "zram"))
    return DEV_ENCRYPTED;
  /* /dev/mapper/NAME is a link to ../dm-N. */
  if (g_file_test (dev, G_FILE_TEST_IS_SYMLINK))
    {
      g_autofree char *target = g_file_read_link (dev, NULL);

      if (target == NULL)
        return DEV_UNKNOWN;
      g_free (name);
      name = g_path_get_basename (target);
    }
  sys = g_build_filename (root, "sys", "class", "block", name, NULL);
  if (g_lstat (sys, &st) != 0)
    return DEV_UNKNOWN;
  return device_state (root, sys, 0);
}

/* A swap file: the state of the device its file system is on. */
static DevState
file_state (const char *root, const char *path)
{
  g_autofree char *file = g_build_filename (root, path, NULL);
  g_autofree char *majmin = NULL;
  g_autofree char *sys = NULL;
  GStatBuf st;

  if (g_stat (file, &st) != 0)
    return DEV_UNKNOWN;
  majmin = g_strdup_printf ("%u:%u", major (st.st_dev), minor (st.st_dev));
  sys = g_build_filename (root, "sys", "dev", "block", majmin, NULL);
  return device_state (root, sys, 0);
}

static gboolean
hibernation_possible (const char *root)
{
  g_autofree char *state_path = g_build_filename (root, "sys", "power", "state", NULL);
  g_autofree char *disk_path = g_build_filename (root, "sys", "power", "disk", NULL);
  g_autofree char *state = NULL;
  g_autofree char *disk = NULL;
  g_auto (GStrv) words = NULL;

  if (!g_file_get_contents (state_path, &state, NULL, NULL))
    return FALSE;
  words = g_strsplit_set (g_strstrip (state), " \n", -1);
  if (!g_strv_contains ((const char *const *)words, "disk"))
    return FALSE;
  /* "[disabled]" when the kernel refuses to hibernate (lockdown). */
  return !g_file_get_contents (disk_path, &disk, NULL, NULL) || strstr (disk, "[disabled]") == NULL;
}

/**
 * daybook_swap_check:
 * @root: "/" (a fake tree in tests)
 * @can_hibernate: (out) (optional): whether the system can hibernate
 *
 * Returns: whether swap in use is encrypted, and whether that is known
 */
DaybookSwapState
daybook_swap_check (const char *root, gboolean *can_hibernate)
{
  g_autofree char *swaps_path = g_build_filename (root, "proc", "swaps", NULL);
  g_autofree char *swaps = NULL;
  g_auto (GStrv) lines = NULL;
  DaybookSwapState result = DAYBOOK_SWAP_NONE;

  if (can_hibernate != NULL)
    *can_hibernate = hibernation_possible (root);
  if (!g_file_get_contents (swaps_path, &swaps, NULL, NULL))
    return DAYBOOK_SWAP_UNKNOWN;
  lines = g_strsplit (swaps, "\n", -1);
  if (lines[0] == NULL || !g_str_has_prefix (lines[0], "Filename"))
    return DAYBOOK_SWAP_UNKNOWN;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = NULL;
      g_autofree char *path = NULL;
      DevState state;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      fields = g_strsplit_set (lines[i], " \t", -1);
      {
        /* Drop the empty fields between runs of blanks. */
        guint n = 0;

        for (guint j = 0; fields[j] != NULL; j++)
          if (*fields[j] != '\0')
            {
              char *keep = fields[j];

              fields[j] = NULL;
              fields[n++] = keep;
            }
          else
            g_clear_pointer (&fields[j], g_free);
        fields[n] = NULL;
        if (n < 2)
          return DAYBOOK_SWAP_UNKNOWN;
      }
      path = unescape (fields[0]);
      if (g_str_equal (fields[1], "partition"))
        state = partition_state (root, path);
      else if (g_str_equal (fields[1], "file"))
        state = file_state (root, path);
      else
        state = DEV_UNKNOWN;

      if (state == DEV_PLAIN)
        return DAYBOOK_SWAP_PLAIN;
      if (state == DEV_UNKNOWN)
        result = DAYBOOK_SWAP_UNKNOWN;
      else if (result == DAYBOOK_SWAP_NONE)
        result = DAYBOOK_SWAP_ENCRYPTED;
    }
  return result;
}
