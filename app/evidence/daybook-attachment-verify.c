/* daybook-attachment-verify.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "daybook-attachment-private.h"
#include "daybook-attachment-verify.h"
#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"

/* `verify` for evidence: every attachment's stored bytes are hashed again
 * and compared with the SHA-256 recorded at import, and every attachment
 * must read exactly as its last revision in the hash chain (which holds
 * that SHA-256, so altering both the bytes and the recorded hash is caught
 * too). Problems name the exhibit mark and id, never the file name. */

/* Hashes the stored bytes of @id. Sets @intact to FALSE, without an
 * error, when they are missing or fail their authentication. */
static gboolean
rehash (DaybookDiary *diary, gint64 id, guint64 *total, gboolean *intact, guint8 sha256[32],
        GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (DaybookContent) content = _daybook_content_open (diary, id, &local_error);
  g_autofree guint8 *buf = NULL;
  EVP_MD_CTX *md;
  guint64 n;

  *total = 0;
  *intact = FALSE;
  if (content == NULL)
    goto damaged;

  buf = g_malloc (DAYBOOK_BLOB_BUFFER_LEN);
  md = EVP_MD_CTX_new ();
  EVP_DigestInit_ex (md, EVP_sha256 (), NULL);
  n = _daybook_content_n_chunks (content);
  for (guint64 seq = 0; seq < n && local_error == NULL; seq++)
    {
      gssize len = _daybook_content_read (content, seq, buf, &local_error);

      if (len >= 0)
        {
          EVP_DigestUpdate (md, buf, len);
          *total += len;
        }
    }
  EVP_DigestFinal_ex (md, sha256, NULL);
  EVP_MD_CTX_free (md);
  sodium_memzero (buf, DAYBOOK_BLOB_BUFFER_LEN);
  if (local_error == NULL)
    _daybook_content_check_padding (content, &local_error);
  if (local_error == NULL)
    {
      *intact = TRUE;
      return TRUE;
    }

damaged:
  if (g_error_matches (local_error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
check_snapshot (sqlite3 *db, DaybookAttachment *attachment, GPtrArray *problems, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      "SELECT revision, snapshot FROM revisions WHERE entity = 'attachment' AND entity_id = ?"
      " ORDER BY revision DESC LIMIT 1",
      error);
  g_autofree char *snapshot = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, attachment->id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  snapshot = _daybook_attachment_to_snapshot (attachment);
  if (rc == SQLITE_DONE)
    g_ptr_array_add (problems,
                     g_strdup_printf (_ ("Exhibit %s (attachment %" G_GINT64_FORMAT
                                         ") has no history: it was added outside Daybook."),
                                      attachment->mark, attachment->id));
  else if ((guint)sqlite3_column_int (stmt, 0) != attachment->revision
           || strcmp (_daybook_sql_text (stmt, 1), snapshot) != 0)
    g_ptr_array_add (
        problems,
        g_strdup_printf (
            _ ("Exhibit %s (attachment %" G_GINT64_FORMAT
               ") differs from its last saved revision: its record was changed outside Daybook."),
            attachment->mark, attachment->id));
  return TRUE;
}

static gboolean
check_one (DaybookDiary *diary, gint64 id, GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_autoptr (DaybookAttachment) attachment = _daybook_attachment_load (diary, id, error);
  g_autofree char *hex = NULL;
  gboolean intact;
  guint8 sha256[32];
  guint64 total;

  if (attachment == NULL || !check_snapshot (db, attachment, problems, error)
      || !rehash (diary, id, &total, &intact, sha256, error))
    return FALSE;

  hex = _daybook_hex (sha256, sizeof sha256);
  if (!intact || total != attachment->size || strcmp (hex, attachment->sha256) != 0)
    g_ptr_array_add (
        problems,
        g_strdup_printf (
            _ ("Exhibit %s (attachment %" G_GINT64_FORMAT
               ") no longer matches its SHA-256: its stored content was altered or damaged."),
            attachment->mark, attachment->id));
  return TRUE;
}

static char *
stray_message (guint kind, gint64 id)
{
  switch (kind)
    {
    case 0:
      return g_strdup_printf (_ ("Stored content belongs to attachment %" G_GINT64_FORMAT
                                 ", which does not exist: it was added outside Daybook."),
                              id);
    case 1:
      return g_strdup_printf (_ ("An entry cites attachment %" G_GINT64_FORMAT
                                 ", which does not exist: it was changed outside Daybook."),
                              id);
    default:
      return g_strdup_printf (
          _ ("Attachment %" G_GINT64_FORMAT " is missing: it was removed outside Daybook."), id);
    }
}

/* Rows that belong to no attachment, and histories without a row. */
static gboolean
check_strays (sqlite3 *db, GPtrArray *problems, GError **error)
{
  static const char *checks[] = {
    "SELECT DISTINCT attachment_id FROM attachment_chunks WHERE attachment_id NOT IN (SELECT id "
    "FROM attachments)",
    "SELECT DISTINCT attachment_id FROM attachment_links WHERE attachment_id NOT IN (SELECT id "
    "FROM attachments)",
    "SELECT DISTINCT entity_id FROM revisions WHERE entity = 'attachment' AND entity_id NOT IN "
    "(SELECT id FROM attachments)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, checks[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (problems, stray_message (i, sqlite3_column_int64 (stmt, 0)));
      if (rc != SQLITE_DONE)
        return _daybook_sql_error (db, rc, error);
    }
  return TRUE;
}

/* Evidence files that no attachment names. */
static gboolean
check_stray_files (DaybookDiary *diary, GPtrArray *problems, GError **error)
{
  g_autofree char *folder
      = g_build_filename (daybook_diary_get_dir (diary), DAYBOOK_BLOB_DIR, NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GHashTable) named = g_hash_table_new (g_str_hash, g_str_equal);
  const char *name;

  if (dir == NULL)
    return TRUE;
  names = _daybook_attachments_list_blobs (_daybook_diary_get_db (diary), "main", error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    g_hash_table_add (named, names->pdata[i]);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (_daybook_blob_name_is_valid (name) && !g_hash_table_contains (named, name))
      g_ptr_array_add (problems,
                       g_strdup_printf (_ ("The evidence file %s belongs to no attachment: it was "
                                           "added outside Daybook."),
                                        name));
  return TRUE;
}

/*
 * _daybook_diary_verify_attachments:
 * @problems: (element-type utf8): where each problem found is added
 *
 * Hold the lock. Returns %FALSE only when the check could not run.
 */
gboolean
_daybook_diary_verify_attachments (DaybookDiary *diary, GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db, "SELECT id FROM attachments ORDER BY id", error);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  for (guint i = 0; i < ids->len; i++)
    if (!check_one (diary, g_array_index (ids, gint64, i), problems, error))
      return FALSE;

  return check_strays (db, problems, error) && check_stray_files (diary, problems, error);
}
