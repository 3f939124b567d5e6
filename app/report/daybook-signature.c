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
#include "daybook-i18n.h"
#include <sodium.h>

#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-exports.h"
#include "daybook-signature.h"

/* Report signatures in minisign's formats, so that anyone can check a
 * report with the stock `minisign` tool and nothing from Daybook.
 *
 * The Ed25519 key is random, made the first time a report or the public key
 * is asked for, and its seed is kept in the diary's encrypted database
 * (`report_keys`), so a passphrase change or a rekey does not change it.
 * Its public half is handed to the police apart from any report (the
 * hand-over sheet, daybook-key-sheet.c; `key_handovers` remembers when and
 * to whom): a report only names the key id, because a key printed inside
 * the PDF it vouches for proves nothing — whoever edits the PDF can print
 * their own. Making the key is bookkeeping, not a change to the diary's
 * content, so it adds no link to the chain. Diaries from before schema 4
 * signed with a key derived from the master key; they get a new random key
 * on first use.
 *
 * Public key: base64 ("Ed" || key id (8) || public key (32)).
 * Signature:  base64 ("ED" || key id (8) || Ed25519 (BLAKE2b-512 (file)))
 *             then the trusted comment, then
 *             base64 (Ed25519 (signature (64) || trusted comment)). */

#define KEYNUM_BYTES 8

typedef struct
{
  gint64 row;
  gint64 created_at;
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 keynum[KEYNUM_BYTES];
  guint8 *sk; /* secure memory; NULL unless asked for */
} Keypair;

static void
keypair_clear (Keypair *kp)
{
  if (kp->sk != NULL)
    sodium_free (kp->sk);
  kp->sk = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Keypair, keypair_clear)

static void
key_id_from_public (Keypair *kp)
{
  static const char tag[] = "daybook minisign key id";
  guint8 id[crypto_generichash_BYTES_MIN];
  crypto_generichash_state state;

  /* minisign picks the key id at random; ours follows from the key. */
  crypto_generichash_init (&state, NULL, 0, sizeof id);
  crypto_generichash_update (&state, (const guint8 *)tag, sizeof tag);
  crypto_generichash_update (&state, kp->pk, sizeof kp->pk);
  crypto_generichash_final (&state, id, sizeof id);
  memcpy (kp->keynum, id, KEYNUM_BYTES);
}

/* Under the diary's lock: the newest key's row, or 0 if there is none yet;
 * with @seed, its seed copied into @seed (secure memory). */
static gboolean
select_key (sqlite3 *db, Keypair *kp, guint8 *seed, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT id, seed, created_at FROM report_keys ORDER BY id DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      kp->row = 0;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return _daybook_sql_error (db, rc, error);
  if (sqlite3_column_bytes (stmt, 1) != crypto_sign_SEEDBYTES)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                           _ ("The diary’s report key is damaged. Run “daybook-cli verify” and "
                              "restore a backup if it reports damage."));
      return FALSE;
    }
  kp->row = sqlite3_column_int64 (stmt, 0);
  kp->created_at = sqlite3_column_int64 (stmt, 2);
  memcpy (seed, sqlite3_column_blob (stmt, 1), crypto_sign_SEEDBYTES);
  return TRUE;
}

static gboolean
insert_key (sqlite3 *db, Keypair *kp, guint8 *seed, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "INSERT INTO report_keys (seed, created_at) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  randombytes_buf (seed, crypto_sign_SEEDBYTES);
  kp->created_at = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_bind_blob (stmt, 1, seed, crypto_sign_SEEDBYTES, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, kp->created_at);
  if (!_daybook_sql_step_done (db, stmt, error))
    return FALSE;
  kp->row = sqlite3_last_insert_rowid (db);
  return TRUE;
}

/* Under the diary's lock: the newest key, made now if the diary has none. */
static gboolean
find_or_make (DaybookDiary *diary, Keypair *kp, guint8 *seed, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);

  if (!select_key (db, kp, seed, error))
    return FALSE;
  if (kp->row != 0)
    return TRUE;
  if (daybook_diary_is_read_only (diary))
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_READ_ONLY,
                           _ ("This hand-over bundle has no report key of its own, so its reports "
                              "cannot be signed. Ask the diary keeper for a signed report."));
      return FALSE;
    }
  if (!_daybook_diary_begin (diary, error))
    return FALSE;
  /* Another process may have made one since the look above. */
  if (!select_key (db, kp, seed, error) || (kp->row == 0 && !insert_key (db, kp, seed, error)))
    {
      _daybook_diary_rollback (diary);
      return FALSE;
    }
  return _daybook_diary_commit (diary, error);
}

/* The diary's report key; with @with_secret, its secret half in secure
 * memory as well. */
static gboolean
load_keypair (DaybookDiary *diary, Keypair *kp, gboolean with_secret, GError **error)
{
  guint8 *seed = sodium_malloc (crypto_sign_SEEDBYTES);
  guint8 *sk = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  gboolean ok;

  g_assert (seed != NULL && sk != NULL);
  _daybook_diary_lock (diary);
  ok = _daybook_diary_check_open (diary, error) && find_or_make (diary, kp, seed, error);
  _daybook_diary_unlock (diary);
  if (ok)
    {
      crypto_sign_seed_keypair (kp->pk, sk, seed);
      key_id_from_public (kp);
    }
  sodium_free (seed);
  if (ok && with_secret)
    kp->sk = sk;
  else
    sodium_free (sk);
  return ok;
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

static gboolean
load_handover (DaybookDiary *diary, DaybookReportKey *key, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  _daybook_diary_lock (diary);
  if (!_daybook_diary_check_open (diary, error))
    goto out;
  stmt = _daybook_sql_prepare (_daybook_diary_get_db (diary),
                               "SELECT given_to, given_at FROM key_handovers WHERE key_id = ? "
                               "ORDER BY id DESC LIMIT 1",
                               error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, key->row);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      key->given_to = g_strdup (_daybook_sql_text (stmt, 0));
      key->given_at = sqlite3_column_int64 (stmt, 1);
      ok = TRUE;
    }
  else if (rc == SQLITE_DONE)
    ok = TRUE;
  else
    _daybook_sql_error (_daybook_diary_get_db (diary), rc, error);

out:
  _daybook_diary_unlock (diary);
  return ok;
}

void
daybook_report_key_free (DaybookReportKey *key)
{
  if (key == NULL)
    return;
  g_free (key->key_id);
  g_free (key->public_key);
  g_free (key->given_to);
  g_free (key);
}

/**
 * daybook_report_key_load:
 *
 * The diary's report-signing key, made now (randomly, stored in the
 * diary, without a link in the chain) if the diary has none yet, and its
 * latest hand-over. A read-only hand-over bundle has no key of its own.
 *
 * Returns: (transfer full) (nullable): the public half; %NULL with @error
 *   set when the diary is locked, read-only without a key, or damaged
 */
DaybookReportKey *
daybook_report_key_load (DaybookDiary *diary, GError **error)
{
  g_auto (Keypair) kp = { 0 };
  g_autoptr (DaybookReportKey) key = NULL;
  guint8 blob[2 + KEYNUM_BYTES + crypto_sign_PUBLICKEYBYTES];

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  if (!load_keypair (diary, &kp, FALSE, error))
    return NULL;
  memcpy (blob, "Ed", 2);
  memcpy (blob + 2, kp.keynum, KEYNUM_BYTES);
  memcpy (blob + 2 + KEYNUM_BYTES, kp.pk, sizeof kp.pk);

  key = g_new0 (DaybookReportKey, 1);
  key->row = kp.row;
  key->created_at = kp.created_at;
  key->key_id = format_key_id (kp.keynum);
  key->public_key = g_base64_encode (blob, sizeof blob);
  if (!load_handover (diary, key, error))
    return NULL;
  return g_steal_pointer (&key);
}

/**
 * daybook_report_key_format_pub:
 *
 * Returns: (transfer full): the public key as a minisign `.pub` file
 */
char *
daybook_report_key_format_pub (const DaybookReportKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_strdup_printf ("untrusted comment: minisign public key %s\n%s\n", key->key_id,
                          key->public_key);
}

/**
 * daybook_report_key_record_handover:
 * @given_to: the officer's name or number; "" when not given
 * @given_at: UTC seconds
 *
 * Remembers that @key's public half was handed over (`key_handovers`) and
 * registers it in the same transaction as an export of kind
 * %DAYBOOK_EXPORT_KEY: @ref the key id, the chain's tip now, selection
 * `{"given_to": …}`. Bookkeeping: no link in the chain.
 */
gboolean
daybook_report_key_record_handover (DaybookDiary *diary, const DaybookReportKey *key,
                                    const char *given_to, gint64 given_at, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  g_autofree char *selection = NULL;
  JsonBuilder *b;
  gboolean ok = FALSE;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (given_to == NULL)
    given_to = "";
  if (!g_utf8_validate (given_to, -1, NULL))
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("The officer’s name must be UTF-8 text."));
      return FALSE;
    }

  _daybook_diary_lock (diary);
  if (!_daybook_diary_check_open (diary, error) || !_daybook_diary_begin (diary, error))
    goto out;
  stmt = _daybook_sql_prepare (_daybook_diary_get_db (diary),
                               "INSERT INTO key_handovers (key_id, given_to, given_at) "
                               "VALUES (?, ?, ?)",
                               error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, key->row);
      sqlite3_bind_text (stmt, 2, given_to, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, given_at);
    }
  if (stmt == NULL || !_daybook_sql_step_done (_daybook_diary_get_db (diary), stmt, error))
    goto rollback;

  /* The register of what left the diary: the chain's tip now, no link. */
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "given_to");
  json_builder_add_string_value (b, given_to);
  json_builder_end_object (b);
  selection = daybook_export_selection_finish (b);
  if (!daybook_diary_register_export (diary, DAYBOOK_EXPORT_KEY, key->key_id, NULL, 0, selection,
                                      error))
    goto rollback;

  ok = _daybook_diary_commit (diary, error);
  goto out;

rollback:
  _daybook_diary_rollback (diary);
out:
  _daybook_diary_unlock (diary);
  return ok;
}

/**
 * daybook_signature_format_public_key:
 *
 * Returns: (transfer full) (nullable): the public key as a minisign `.pub`
 *   file; %NULL when the diary is locked or has no key and cannot make one
 */
char *
daybook_signature_format_public_key (DaybookDiary *diary)
{
  g_autoptr (DaybookReportKey) key = daybook_report_key_load (diary, NULL);

  return key != NULL ? daybook_report_key_format_pub (key) : NULL;
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
  g_auto (Keypair) kp = { 0 };
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

  if (!load_keypair (diary, &kp, TRUE, error))
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
