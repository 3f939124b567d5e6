/* daybook-diary-rekey.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"

/*
 * The evidence part of a rekey (daybook_diary_rekey() in daybook-diary.c):
 * each evidence file is decrypted and encrypted again, chunk by chunk,
 * into a new file under a new random key, with the blob writer and reader
 * (daybook-blob.c), so the file format stays theirs.
 *
 * Crash-safe the way an import is: the new file is written as `.part`
 * and flushed; one transaction points the attachment's row at it and
 * records the old file's name and the row's id in `settings` (plain rows,
 * not case details: no revision); then the new file is published and the
 * old one removed. At every instant the row names a whole file whose key
 * it holds. A run cut short resumes after the last row done; an old file
 * whose removal a crash prevented is removed at the next open or rekey.
 */

#define PROGRESS_KEY "rekey-progress"
#define OLD_BLOB_KEY "rekey-old-blob"

gboolean
_daybook_diary_set_plain_setting (DaybookDiary *self, const char *key, const char *value,
                                  GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      value != NULL ? "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"
                    : "DELETE FROM settings WHERE key = ?",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _daybook_sql_error (db, sqlite3_errcode (db), error);
  return TRUE;
}

static gboolean
blob_in_use (sqlite3 *db, const char *name)
{
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db, "SELECT 1 FROM attachments WHERE blob = ?", NULL);

  if (stmt == NULL)
    return TRUE; /* when in doubt, keep it */
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) != SQLITE_DONE;
}

/**
 * _daybook_diary_drop_old_blob:
 *
 * Removes the evidence file a rekey replaced, when a crash came between
 * the row pointing at its successor and its removal. Call with the diary
 * lock held. Best effort.
 */
void
_daybook_diary_drop_old_blob (DaybookDiary *self)
{
  g_autofree char *name = daybook_diary_dup_setting (self, OLD_BLOB_KEY);
  g_autofree char *path = NULL;

  if (name == NULL || !_daybook_blob_name_is_valid (name)
      || blob_in_use (_daybook_diary_get_db (self), name))
    return;
  path = _daybook_blob_path (daybook_diary_get_dir (self), name);
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("Old evidence file not removed: %s", g_strerror (errno));
}

/* Copies one evidence file to a new one under a new key. */
static gboolean
reencrypt_one (DaybookDiary *self, gint64 id, guint64 size, const char *name, const guint8 *key,
               gsize key_len, GError **error)
{
  const char *dir = daybook_diary_get_dir (self);
  sqlite3 *db = _daybook_diary_get_db (self);
  g_autoptr (DaybookBlobReader) reader = NULL;
  g_autoptr (DaybookBlobWriter) writer = NULL;
  g_autoptr (DaybookSecret) buffer = NULL;
  g_auto (DaybookStmt) stmt = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *old_path = NULL;
  const DaybookSecret *new_key;
  guint64 n;

  reader = _daybook_blob_reader_new (dir, name, key, key_len, size, error);
  if (reader == NULL)
    return FALSE;
  writer = _daybook_blob_writer_new (dir, size, error);
  if (writer == NULL)
    return FALSE;

  /* The original's bytes pass through locked memory, one chunk at a time. */
  buffer = daybook_secret_new (DAYBOOK_BLOB_BUFFER_LEN);
  n = _daybook_blob_reader_n_chunks (reader);
  for (guint64 seq = 0; seq < n; seq++)
    {
      gssize len = _daybook_blob_reader_read (reader, seq, daybook_secret_get_data (buffer), error);

      if (len < 0
          || !_daybook_blob_writer_add (writer, daybook_secret_get_data (buffer), (gsize)len,
                                        error))
        return FALSE;
    }
  if (!_daybook_blob_writer_finish (writer, error))
    return FALSE;

  new_key = _daybook_blob_writer_get_key (writer);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (!_daybook_diary_begin (self, error))
    return FALSE;
  stmt = _daybook_sql_prepare (db, "UPDATE attachments SET blob = ?, blob_key = ? WHERE id = ?",
                               error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, _daybook_blob_writer_get_name (writer), -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, daybook_secret_peek (new_key), (int)daybook_secret_get_size (new_key),
                     SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _daybook_sql_error (db, sqlite3_errcode (db), error);
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!_daybook_diary_set_plain_setting (self, PROGRESS_KEY, id_text, error)
      || !_daybook_diary_set_plain_setting (self, OLD_BLOB_KEY, name, error))
    goto fail;
  _daybook_diary_add_blob (self, _daybook_blob_writer_get_name (writer));
  if (!_daybook_diary_commit (self, error))
    return FALSE;

  old_path = _daybook_blob_path (dir, name);
  if (g_unlink (old_path) != 0 && errno != ENOENT)
    g_debug ("Old evidence file not removed: %s", g_strerror (errno));
  return TRUE;

fail:
  _daybook_diary_rollback (self);
  return FALSE;
}

/**
 * _daybook_diary_reencrypt_evidence:
 *
 * Gives every evidence file a new key, resuming after the last one a
 * previous run finished. Call with the diary lock held, outside a
 * transaction.
 */
gboolean
_daybook_diary_reencrypt_evidence (DaybookDiary *self, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_autofree char *progress = daybook_diary_dup_setting (self, PROGRESS_KEY);
  gint64 last = progress != NULL ? g_ascii_strtoll (progress, NULL, 10) : 0;

  _daybook_diary_drop_old_blob (self);
  for (;;)
    {
      g_auto (DaybookStmt) stmt
          = _daybook_sql_prepare (db,
                                  "SELECT id, size, blob, blob_key FROM attachments"
                                  " WHERE blob IS NOT NULL AND id > ? ORDER BY id LIMIT 1",
                                  error);
      g_autofree char *name = NULL;
      g_autoptr (DaybookSecret) key = NULL;
      gint64 id;
      guint64 size;
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, last);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        break;
      if (rc != SQLITE_ROW)
        return _daybook_sql_error (db, rc, error);

      id = sqlite3_column_int64 (stmt, 0);
      size = (guint64)sqlite3_column_int64 (stmt, 1);
      name = g_strdup (_daybook_sql_text (stmt, 2));
      key = daybook_secret_new_from_data (sqlite3_column_blob (stmt, 3),
                                          (gsize)sqlite3_column_bytes (stmt, 3));
      g_clear_pointer (&stmt, sqlite3_finalize);

      if (!reencrypt_one (self, id, size, name, daybook_secret_peek (key),
                          daybook_secret_get_size (key), error))
        return FALSE;
      last = id;
    }
  return TRUE;
}

/**
 * _daybook_diary_end_reencrypt:
 *
 * Forgets the progress of a finished rekey, so the next one starts over.
 */
gboolean
_daybook_diary_end_reencrypt (DaybookDiary *self, GError **error)
{
  _daybook_diary_drop_old_blob (self);
  return _daybook_diary_set_plain_setting (self, PROGRESS_KEY, NULL, error)
         && _daybook_diary_set_plain_setting (self, OLD_BLOB_KEY, NULL, error);
}
