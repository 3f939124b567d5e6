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

/* OpenSSL 3 looks up its implementation of a digest named by EVP_sha256()
 * again on every use (a lock and a table search): looked up once, it is
 * about a quarter of the cost of hashing a short record, and `verify`
 * hashes hundreds of thousands of them. */
static const EVP_MD *
sha256_md (void)
{
  static gsize md;

  if (g_once_init_enter (&md))
    {
      EVP_MD *fetched = EVP_MD_fetch (NULL, "SHA256", NULL);

      g_once_init_leave (&md, fetched != NULL ? (gsize)fetched : (gsize)EVP_sha256 ());
    }
  return (const EVP_MD *)md;
}

void
_daybook_sha256 (const void *data, gsize len, guint8 out[32])
{
  unsigned int out_len = 32;

  EVP_Digest (data, len, out, &out_len, sha256_md (), NULL);
}
