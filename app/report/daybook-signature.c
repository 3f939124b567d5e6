/* daybook-signature.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-signature"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "daybook-diary.h"
#include "daybook-error.h"
#include "daybook-signature.h"

/* Report signatures in minisign's formats, so that anyone can check a
 * report with the stock `minisign` tool and nothing from Daybook. The
 * Ed25519 key is derived from the diary's master key: it needs no storing
 * and is the same for every report from one diary.
 *
 * Public key: base64 ("Ed" || key id (8) || public key (32)).
 * Signature:  base64 ("ED" || key id (8) || Ed25519 (BLAKE2b-512 (file)))
 *             then the trusted comment, then
 *             base64 (Ed25519 (signature (64) || trusted comment)). */

#define SIGN_KEY_ID 2
#define SIGN_KEY_CONTEXT "dbsign__"
#define KEYNUM_BYTES 8

typedef struct
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 keynum[KEYNUM_BYTES];
  guint8 *sk;
} Keypair;

static void
keypair_clear (Keypair *kp)
{
  if (kp->sk != NULL)
    sodium_free (kp->sk);
  kp->sk = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Keypair, keypair_clear)

static gboolean
derive_keypair (DaybookDiary *diary, Keypair *kp, GError **error)
{
  static const char tag[] = "daybook minisign key id";
  guint8 *seed = sodium_malloc (crypto_sign_SEEDBYTES);
  guint8 id[crypto_generichash_BYTES_MIN];
  crypto_generichash_state state;

  kp->sk = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  if (!daybook_diary_derive_key (diary, SIGN_KEY_ID, SIGN_KEY_CONTEXT, seed, crypto_sign_SEEDBYTES,
                                 error))
    {
      sodium_free (seed);
      return FALSE;
    }
  crypto_sign_seed_keypair (kp->pk, kp->sk, seed);
  sodium_free (seed);

  /* minisign picks the key id at random; ours follows from the key. */
  crypto_generichash_init (&state, NULL, 0, sizeof id);
  crypto_generichash_update (&state, (const guint8 *)tag, sizeof tag);
  crypto_generichash_update (&state, kp->pk, sizeof kp->pk);
  crypto_generichash_final (&state, id, sizeof id);
  memcpy (kp->keynum, id, KEYNUM_BYTES);
  return TRUE;
}

/* As minisign prints it: the id read as a little-endian number. */
static char *
format_key_id (const guint8 *keynum)
{
  guint64 v = 0;

  for (int i = KEYNUM_BYTES - 1; i >= 0; i--)
    v = (v << 8) | keynum[i];
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "X", v);
}

/**
 * daybook_signature_dup_public_key:
 * @key_id: (out) (optional): the key id as minisign prints it
 *
 * Returns: (transfer full) (nullable): the report-signing public key,
 *   base64, as `minisign -P` takes it; %NULL once the diary is locked
 */
char *
daybook_signature_dup_public_key (DaybookDiary *diary, char **key_id)
{
  g_auto (Keypair) kp = {
    {
        0,
    },
  };
  guint8 blob[2 + KEYNUM_BYTES + crypto_sign_PUBLICKEYBYTES];

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  if (!derive_keypair (diary, &kp, NULL))
    return NULL;
  memcpy (blob, "Ed", 2);
  memcpy (blob + 2, kp.keynum, KEYNUM_BYTES);
  memcpy (blob + 2 + KEYNUM_BYTES, kp.pk, sizeof kp.pk);
  if (key_id != NULL)
    *key_id = format_key_id (kp.keynum);
  return g_base64_encode (blob, sizeof blob);
}

/**
 * daybook_signature_format_public_key:
 *
 * Returns: (transfer full): the public key as a minisign `.pub` file
 */
char *
daybook_signature_format_public_key (DaybookDiary *diary)
{
  g_autofree char *key_id = NULL;
  g_autofree char *pubkey = daybook_signature_dup_public_key (diary, &key_id);

  if (pubkey == NULL)
    return NULL;
  return g_strdup_printf ("untrusted comment: minisign public key %s\n%s\n", key_id, pubkey);
}

static gboolean
hash_file (const char *path, guint8 *hash, GError **error)
{
  crypto_generichash_state state;
  guint8 buf[64 * 1024];
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  ssize_t n;

  if (fd < 0)
    goto failed;
  crypto_generichash_init (&state, NULL, 0, crypto_generichash_BYTES_MAX);
  while ((n = read (fd, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          errno = saved;
          goto failed;
        }
      crypto_generichash_update (&state, buf, (gsize)n);
    }
  close (fd);
  crypto_generichash_final (&state, hash, crypto_generichash_BYTES_MAX);
  return TRUE;

failed:
  {
    int saved = errno;
    g_autofree char *display = g_filename_display_name (path);

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 _ ("Could not read %s to sign it: %s"), display, g_strerror (saved));
    return FALSE;
  }
}

/**
 * daybook_signature_sign_file:
 * @trusted_comment: one line that the signature vouches for as well
 *
 * Returns: (transfer full): the text of a `.minisig` file for @path
 */
char *
daybook_signature_sign_file (DaybookDiary *diary, const char *path, const char *trusted_comment,
                             GError **error)
{
  g_auto (Keypair) kp = {
    {
        0,
    },
  };
  guint8 hash[crypto_generichash_BYTES_MAX];
  guint8 sig[2 + KEYNUM_BYTES + crypto_sign_BYTES];
  guint8 global[crypto_sign_BYTES];
  g_autofree guint8 *signed_comment = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *sig64 = NULL;
  g_autofree char *global64 = NULL;
  gsize comment_len;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (trusted_comment != NULL && strchr (trusted_comment, '\n') == NULL, NULL);

  if (!hash_file (path, hash, error))
    return NULL;

  if (!derive_keypair (diary, &kp, error))
    return NULL;
  memcpy (sig, "ED", 2);
  memcpy (sig + 2, kp.keynum, KEYNUM_BYTES);
  crypto_sign_detached (sig + 2 + KEYNUM_BYTES, NULL, hash, sizeof hash, kp.sk);

  comment_len = strlen (trusted_comment);
  signed_comment = g_malloc (crypto_sign_BYTES + comment_len);
  memcpy (signed_comment, sig + 2 + KEYNUM_BYTES, crypto_sign_BYTES);
  memcpy (signed_comment + crypto_sign_BYTES, trusted_comment, comment_len);
  crypto_sign_detached (global, NULL, signed_comment, crypto_sign_BYTES + comment_len, kp.sk);

  key_id = format_key_id (kp.keynum);
  sig64 = g_base64_encode (sig, sizeof sig);
  global64 = g_base64_encode (global, sizeof global);
  return g_strdup_printf ("untrusted comment: signature from Daybook report key %s\n%s\n"
                          "trusted comment: %s\n%s\n",
                          key_id, sig64, trusted_comment, global64);
}
