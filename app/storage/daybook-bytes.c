/* daybook-bytes.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-bytes"

#include "config.h"

#include <openssl/evp.h>
#include <sodium.h>

#include "daybook-bytes.h"

/* For arrays of objects with holes. */
void
_daybook_object_unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

char *
_daybook_hex (const guint8 *data, gsize len)
{
  char *hex = g_malloc (2 * len + 1);

  sodium_bin2hex (hex, 2 * len + 1, data, len);
  return hex;
}

void
_daybook_sha256 (const void *data, gsize len, guint8 out[32])
{
  unsigned int out_len = 32;

  EVP_Digest (data, len, out, &out_len, EVP_sha256 (), NULL);
}
