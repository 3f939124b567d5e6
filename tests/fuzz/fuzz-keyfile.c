/* fuzz-keyfile.c — the key-file parser against arbitrary bytes
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "daybook-error.h"
#include "daybook-keyfile.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookKeyfile) keyfile = daybook_keyfile_parse (data, size, &error);

  if (keyfile == NULL)
    {
      /* Anything it does not take is "damaged", never another error. */
      g_assert (error != NULL && error->domain == DAYBOOK_ERROR
                && error->code == DAYBOOK_ERROR_DAMAGED);
      return 0;
    }

  /* What it takes, it writes back byte for byte. */
  {
    g_autoptr (GBytes) again = daybook_keyfile_serialize (keyfile);

    g_assert (g_bytes_get_size (again) == size);
    g_assert (memcmp (g_bytes_get_data (again, NULL), data, size) == 0);
  }
  return 0;
}
