/* daybook-seal.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-seal"

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "daybook-fileutil.h"
#include "daybook-seal.h"

/*
 * The seal: a small file beside the database that records how long the
 * hash chain was after the last save, its last link, and when.
 *
 * SQLite treats every write-ahead-log frame after a damaged one as never
 * committed, by design, so one flipped bit in the log can take saved
 * entries away without any error. The seal lives outside the log: when the
 * database holds a shorter chain than the seal, or a different link where
 * the seal's chain ended, saved changes are missing, and the diary says so.
 *
 * Layout (88 bytes): "DBKSEAL1", length and sealed-at as 8-byte
 * big-endian, the 32-byte link, then HMAC-SHA-512/256 (libsodium's
 * crypto_auth) of those 56 bytes and the diary id, under a key derived from
 * the master key. Written atomically (temporary file, fsync, rename).
 *
 * The limit: deleting the seal, or putting back an older seal together
 * with an older database, is not detected; it needs no key.
 */

#define MAGIC "DBKSEAL1"
#define BODY_LEN 56
#define FILE_LEN (BODY_LEN + crypto_auth_BYTES)

G_STATIC_ASSERT (crypto_auth_KEYBYTES == DAYBOOK_SEAL_KEY_LEN);

static void
put_be64 (guint8 *p, guint64 v)
{
  for (int i = 7; i >= 0; i--, v >>= 8)
    p[i] = v & 0xff;
}

static guint64
get_be64 (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return v;
}

static void
mac (const guint8 *body, const guint8 *diary_id, const DaybookSecret *key,
     guint8 out[crypto_auth_BYTES])
{
  crypto_auth_hmacsha512256_state state;

  crypto_auth_hmacsha512256_init (&state, daybook_secret_peek (key), daybook_secret_get_size (key));
  crypto_auth_hmacsha512256_update (&state, body, BODY_LEN);
  crypto_auth_hmacsha512256_update (&state, diary_id, 16);
  crypto_auth_hmacsha512256_final (&state, out);
  sodium_memzero (&state, sizeof state);
}

/**
 * _daybook_seal_read:
 * @diary_id: the diary's 16-byte id
 *
 * Returns: whether a seal was found and holds; %DAYBOOK_SEAL_DAMAGED for a
 *   file of the wrong size, layout or authenticator
 */
DaybookSealState
_daybook_seal_read (const char *dir, const DaybookSecret *key, const guint8 *diary_id,
                    DaybookSeal *out)
{
  g_autofree char *path = g_build_filename (dir, DAYBOOK_SEAL_FILE, NULL);
  g_autofree guint8 *data = NULL;
  guint8 expected[crypto_auth_BYTES];
  gsize len;

  if (!g_file_get_contents (path, (char **)&data, &len, NULL))
    return g_file_test (path, G_FILE_TEST_EXISTS) ? DAYBOOK_SEAL_DAMAGED : DAYBOOK_SEAL_ABSENT;
  if (len != FILE_LEN || memcmp (data, MAGIC, 8) != 0)
    return DAYBOOK_SEAL_DAMAGED;

  mac (data, diary_id, key, expected);
  if (sodium_memcmp (expected, data + BODY_LEN, sizeof expected) != 0)
    return DAYBOOK_SEAL_DAMAGED;

  out->length = (gint64)get_be64 (data + 8);
  out->sealed_at = (gint64)get_be64 (data + 16);
  memcpy (out->head, data + 24, 32);
  if (out->length < 0)
    return DAYBOOK_SEAL_DAMAGED;
  return DAYBOOK_SEAL_FOUND;
}

gboolean
_daybook_seal_write (const char *dir, const DaybookSecret *key, const guint8 *diary_id,
                     const DaybookSeal *seal, GError **error)
{
  return _daybook_seal_write_as (dir, DAYBOOK_SEAL_FILE, key, diary_id, seal, error);
}

/**
 * _daybook_seal_write_as:
 * @name: the file name in @dir: a rekey writes the seal under the new key
 *   beside the current one, and renames it once the database has that key
 */
gboolean
_daybook_seal_write_as (const char *dir, const char *name, const DaybookSecret *key,
                        const guint8 *diary_id, const DaybookSeal *seal, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  guint8 data[FILE_LEN];

  memcpy (data, MAGIC, 8);
  put_be64 (data + 8, (guint64)seal->length);
  put_be64 (data + 16, (guint64)seal->sealed_at);
  memcpy (data + 24, seal->head, 32);
  mac (data, diary_id, key, data + BODY_LEN);

  /* The folder is not synced: a crash may then leave the previous seal,
   * which is behind the database, and that is caught up at the next open
   * (never reported as a loss). One fsync fewer on every save. */
  return daybook_write_file_atomic_full (path, data, sizeof data, FALSE, error);
}
