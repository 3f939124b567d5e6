/* test-swap.c — is swap encrypted? Read from fake /proc and /sys trees
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "daybook-swap.h"
#include "daybook-test-util.h"

#define SWAPS_HEADER "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"

static void
put (const char *root, const char *rel, const char *contents)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
dir (const char *root, const char *rel)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
}

static void
link_to (const char *root, const char *rel, const char *target)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

/* A device-mapper device dm-N with @uuid, as /sys shows it. */
static void
dm (const char *root, int n, const char *uuid)
{
  g_autofree char *dev = g_strdup_printf ("sys/devices/virtual/block/dm-%d", n);
  g_autofree char *uuid_file = g_strdup_printf ("%s/dm/uuid", dev);
  g_autofree char *slaves = g_strdup_printf ("%s/slaves", dev);
  g_autofree char *class_link = g_strdup_printf ("sys/class/block/dm-%d", n);
  g_autofree char *target = g_strdup_printf ("../../devices/virtual/block/dm-%d", n);
  g_autofree char *text = g_strdup_printf ("%s\n", uuid);

  put (root, uuid_file, text);
  dir (root, slaves);
  link_to (root, class_link, target);
}

/* dm-@n is built on @slave (a dm-N or a partition such as sda3). */
static void
built_on (const char *root, int n, const char *slave)
{
  g_autofree char *rel = g_strdup_printf ("sys/devices/virtual/block/dm-%d/slaves/%s", n, slave);
  g_autofree char *target = g_str_has_prefix (slave, "dm-")
                                ? g_strdup_printf ("../../%s", slave)
                                : g_strdup_printf ("../../../../pci0000:00/block/sda/%s", slave);

  link_to (root, rel, target);
}

/* A partition @name of disk sda, plain. */
static void
partition (const char *root, const char *name)
{
  g_autofree char *dev = g_strdup_printf ("sys/devices/pci0000:00/block/sda/%s/partition", name);
  g_autofree char *class_link = g_strdup_printf ("sys/class/block/%s", name);
  g_autofree char *target = g_strdup_printf ("../../devices/pci0000:00/block/sda/%s", name);

  put (root, dev, "3\n");
  link_to (root, class_link, target);
}

static DaybookSwapState
check (const char *root, gboolean *hibernate)
{
  gboolean h = FALSE;
  DaybookSwapState state = daybook_swap_check (root, &h);

  if (hibernate != NULL)
    *hibernate = h;
  return state;
}

static char *
fresh (void)
{
  return daybook_test_make_tmpdir ();
}

static void
test_unreadable (void)
{
  g_autofree char *root = fresh ();

  /* No /proc/swaps: cannot tell, and says so. */
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_UNKNOWN);
  put (root, "proc/swaps", "something else entirely\n");
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_UNKNOWN);
  daybook_test_rm_rf (root);
}

static void
test_none (void)
{
  g_autofree char *root = fresh ();

  put (root, "proc/swaps", SWAPS_HEADER);
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_NONE);
  daybook_test_rm_rf (root);
}

static void
test_zram (void)
{
  g_autofree char *root = fresh ();

  put (root, "proc/swaps", SWAPS_HEADER "/dev/zram0  partition\t4046844\t0\t100\n");
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_ENCRYPTED);
  daybook_test_rm_rf (root);
}

static void
test_plain_partition (void)
{
  g_autofree char *root = fresh ();
  gboolean hibernate = FALSE;

  put (root, "proc/swaps",
       SWAPS_HEADER "/dev/zram0  partition\t4046844\t0\t100\n"
                    "/dev/sda2                               partition\t999420\t\t0\t\t-2\n");
  partition (root, "sda2");
  put (root, "sys/power/state", "freeze mem disk\n");
  put (root, "sys/power/disk", "[platform] shutdown reboot suspend test_resume\n");
  g_assert_cmpint (check (root, &hibernate), ==, DAYBOOK_SWAP_PLAIN);
  g_assert_true (hibernate);

  /* A kernel that refuses to hibernate. */
  put (root, "sys/power/disk", "[disabled]\n");
  g_assert_cmpint (check (root, &hibernate), ==, DAYBOOK_SWAP_PLAIN);
  g_assert_false (hibernate);
  put (root, "sys/power/state", "freeze mem\n");
  g_assert_cmpint (check (root, &hibernate), ==, DAYBOOK_SWAP_PLAIN);
  g_assert_false (hibernate);
  daybook_test_rm_rf (root);
}

static void
test_luks (void)
{
  g_autofree char *root = fresh ();

  put (root, "proc/swaps", SWAPS_HEADER "/dev/dm-1   partition\t999420\t0\t-2\n");
  dm (root, 1, "CRYPT-PLAIN-cryptswap");
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_ENCRYPTED);
  daybook_test_rm_rf (root);
}

/* The Debian installer's "encrypted LVM": a swap volume on LUKS. */
static void
test_lvm_on_luks (void)
{
  g_autofree char *root = fresh ();

  put (root, "proc/swaps", SWAPS_HEADER "/dev/dm-2   partition\t999420\t0\t-2\n");
  dm (root, 2, "LVM-abcdef");
  dm (root, 0, "CRYPT-LUKS2-0123456789abcdef-sda3_crypt");
  built_on (root, 2, "dm-0");
  partition (root, "sda3");
  built_on (root, 0, "sda3");
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_ENCRYPTED);
  daybook_test_rm_rf (root);
}

static void
test_lvm_plain (void)
{
  g_autofree char *root = fresh ();

  put (root, "proc/swaps", SWAPS_HEADER "/dev/mapper/vg-swap partition\t999420\t0\t-2\n");
  link_to (root, "dev/mapper/vg-swap", "../dm-2");
  dm (root, 2, "LVM-abcdef");
  partition (root, "sda3");
  built_on (root, 2, "sda3");
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_PLAIN);
  daybook_test_rm_rf (root);
}

/* Device-mapper with nothing known below it, or a device not in /sys. */
static void
test_cannot_tell (void)
{
  g_autofree char *root = fresh ();

  put (root, "proc/swaps", SWAPS_HEADER "/dev/dm-3   partition\t999420\t0\t-2\n");
  dm (root, 3, "LVM-abcdef");
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_UNKNOWN);
  put (root, "proc/swaps", SWAPS_HEADER "/dev/nvme0n1p3 partition\t999420\t0\t-2\n");
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_UNKNOWN);
  daybook_test_rm_rf (root);
}

/* A swap file (name with a space, escaped): its file system's device. */
static void
test_swap_file (void)
{
  g_autofree char *root = fresh ();
  g_autofree char *file = g_build_filename (root, "swap file", NULL);
  g_autofree char *majmin = NULL;
  g_autofree char *sys = NULL;
  GStatBuf st;

  put (root, "proc/swaps", SWAPS_HEADER "/swap\\040file file\t999420\t0\t-2\n");
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  /* Nothing known of the device it is on. */
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_UNKNOWN);

  majmin = g_strdup_printf ("sys/dev/block/%u:%u", major (st.st_dev), minor (st.st_dev));
  dm (root, 0, "CRYPT-LUKS2-0123456789abcdef-root_crypt");
  link_to (root, majmin, "../../devices/virtual/block/dm-0");
  g_assert_cmpint (check (root, NULL), ==, DAYBOOK_SWAP_ENCRYPTED);
  daybook_test_rm_rf (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/swap/unreadable", test_unreadable);
  g_test_add_func ("/swap/none", test_none);
  g_test_add_func ("/swap/zram", test_zram);
  g_test_add_func ("/swap/plain-partition", test_plain_partition);
  g_test_add_func ("/swap/luks", test_luks);
  g_test_add_func ("/swap/lvm-on-luks", test_lvm_on_luks);
  g_test_add_func ("/swap/lvm-plain", test_lvm_plain);
  g_test_add_func ("/swap/cannot-tell", test_cannot_tell);
  g_test_add_func ("/swap/swap-file", test_swap_file);

  return g_test_run ();
}
