/* replay.c — runs a fuzz target over its corpus, for `make test`
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built with the ordinary compiler when libFuzzer is not used: each file
 * named on the command line (or in a folder named there) is fed to the
 * target once, and the result printed as TAP.
 */

#include "config.h"

#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
collect (const char *path, GPtrArray *files)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      collect (child, files);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    collect (argv[i], files);

  g_print ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *data = NULL;
      gsize len;

      if (!g_file_get_contents (files->pdata[i], &data, &len, NULL))
        {
          g_print ("not ok %u %s (unreadable)\n", i + 1, (char *)files->pdata[i]);
          continue;
        }
      LLVMFuzzerTestOneInput ((const guint8 *)data, len);
      g_print ("ok %u %s\n", i + 1, (char *)files->pdata[i]);
    }
  return 0;
}
