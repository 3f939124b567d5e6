/* daybook-attachment-content.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include "daybook-i18n.h"

#include "daybook-attachment-private.h"
#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"

/* An evidence file holds an attachment's chunks one to one. */
G_STATIC_ASSERT (DAYBOOK_ATTACHMENT_CHUNK_SIZE == DAYBOOK_BLOB_CHUNK_SIZE);

/* An attachment's stored bytes, chunk by chunk, wherever they are kept:
 * in an evidence file (daybook-blob.c), or, for attachments imported by
 * the first version of Daybook, in the attachment_chunks table. Export,
 * verify and the viewer's stream read through this and need not know. */

struct _DaybookContent
{
  DaybookDiary *diary; /* NULL: a file not yet in the diary */
  gint64 id;
  guint64 size;
  DaybookBlobReader *reader; /* NULL: chunks in the database */
};

static DaybookContent *
content_new (DaybookDiary *diary, gint64 id, guint64 size, DaybookBlobReader *reader)
{
  DaybookContent *self = g_new0 (DaybookContent, 1);

  self->diary = diary != NULL ? g_object_ref (diary) : NULL;
  self->id = id;
  self->size = size;
  self->reader = reader;
  return self;
}

static guint64
table_chunks (guint64 size)
{
  return (size + DAYBOOK_ATTACHMENT_CHUNK_SIZE - 1) / DAYBOOK_ATTACHMENT_CHUNK_SIZE;
}

static gboolean
missing_part (GError **error)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
               _ ("Part of an attachment is missing from the diary. Run “daybook-cli verify”."));
  return FALSE;
}

/* The table must hold exactly the chunks the size calls for. */
static gboolean
check_table (sqlite3 *db, gint64 id, guint64 size, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT count(*), coalesce(max(seq), -1) FROM attachment_chunks WHERE attachment_id = ?",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _daybook_sql_error (db, sqlite3_errcode (db), error);
  if ((guint64)sqlite3_column_int64 (stmt, 0) != table_chunks (size)
      || sqlite3_column_int64 (stmt, 1) + 1 != sqlite3_column_int64 (stmt, 0))
    return missing_part (error);
  return TRUE;
}

/*
 * _daybook_content_open:
 *
 * Takes the diary's lock itself (and may be called holding it).
 */
DaybookContent *
_daybook_content_open (DaybookDiary *diary, gint64 id, GError **error)
{
  sqlite3 *db;
  g_auto (DaybookStmt) stmt = NULL;
  DaybookContent *self = NULL;
  guint64 size;
  int rc;

  _daybook_diary_lock (diary);
  if (!_daybook_diary_check_open (diary, error))
    goto out;
  db = _daybook_diary_get_db (diary);
  /* A bundle made by version 2 has no evidence files, nor their columns. */
  stmt = _daybook_sql_prepare (db,
                               _daybook_schema_version (db) >= 3
                                   ? "SELECT size, blob, blob_key FROM attachments WHERE id = ?"
                                   : "SELECT size, NULL, NULL FROM attachments WHERE id = ?",
                               error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                     _ ("There is no attachment %" PRId64 "."), id);
      else
        _daybook_sql_error (db, rc, error);
      goto out;
    }

  size = (guint64)sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
    {
      if (check_table (db, id, size, error))
        self = content_new (diary, id, size, NULL);
    }
  else
    {
      DaybookSecret *key = daybook_secret_new_from_data (sqlite3_column_blob (stmt, 2),
                                                         sqlite3_column_bytes (stmt, 2));
      DaybookBlobReader *reader = _daybook_blob_reader_new (
          daybook_diary_get_dir (diary), _daybook_sql_text (stmt, 1), daybook_secret_peek (key),
          daybook_secret_get_size (key), size, error);

      daybook_secret_free (key);
      if (reader != NULL)
        self = content_new (diary, id, size, reader);
    }

out:
  _daybook_diary_unlock (diary);
  return self;
}

/*
 * _daybook_content_new_for_blob:
 * @diary: (nullable): checked to be still open before each read
 * @reader: (transfer full): the evidence file
 */
DaybookContent *
_daybook_content_new_for_blob (DaybookDiary *diary, DaybookBlobReader *reader, guint64 size)
{
  return content_new (diary, 0, size, reader);
}

guint64
_daybook_content_get_size (DaybookContent *self)
{
  return self->size;
}

guint64
_daybook_content_n_chunks (DaybookContent *self)
{
  return self->reader != NULL ? _daybook_blob_reader_n_chunks (self->reader)
                              : table_chunks (self->size);
}

static gssize
read_table (DaybookContent *self, guint64 seq, guint8 *buffer, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self->diary);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT data FROM attachment_chunks WHERE attachment_id = ? AND seq = ?", error);
  gssize len;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_int64 (stmt, 2, (gint64)seq);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return (rc == SQLITE_DONE ? missing_part (error) : _daybook_sql_error (db, rc, error)), -1;
  len = sqlite3_column_bytes (stmt, 0);
  if (len > DAYBOOK_ATTACHMENT_CHUNK_SIZE)
    return missing_part (error), -1;
  memcpy (buffer, sqlite3_column_blob (stmt, 0), len);
  return len;
}

/*
 * _daybook_content_read:
 * @buffer: DAYBOOK_BLOB_BUFFER_LEN bytes
 *
 * Reads chunk @seq, refusing once the diary is locked.
 *
 * Returns: its length, or -1 with @error set (%DAYBOOK_ERROR_DAMAGED when
 *   the stored bytes are missing or altered)
 */
gssize
_daybook_content_read (DaybookContent *self, guint64 seq, guint8 *buffer, GError **error)
{
  gssize len = -1;

  if (self->diary == NULL)
    return _daybook_blob_reader_read (self->reader, seq, buffer, error);

  _daybook_diary_lock (self->diary);
  if (_daybook_diary_check_open (self->diary, error))
    {
      if (self->reader != NULL)
        len = _daybook_blob_reader_read (self->reader, seq, buffer, error);
      else
        len = read_table (self, seq, buffer, error);
    }
  _daybook_diary_unlock (self->diary);
  return len;
}

/*
 * _daybook_content_check_padding:
 *
 * Authenticates what an evidence file holds after the original (the
 * padding, see daybook-blob.c), refusing once the diary is locked.
 */
gboolean
_daybook_content_check_padding (DaybookContent *self, GError **error)
{
  gboolean ok = FALSE;

  if (self->reader == NULL)
    return TRUE; /* schema 2: chunks in the database, no padding */
  if (self->diary == NULL)
    return _daybook_blob_reader_check_padding (self->reader, error);

  _daybook_diary_lock (self->diary);
  if (_daybook_diary_check_open (self->diary, error))
    ok = _daybook_blob_reader_check_padding (self->reader, error);
  _daybook_diary_unlock (self->diary);
  return ok;
}

/*
 * _daybook_content_is_file:
 *
 * Whether @self reads an evidence file (rather than database rows).
 */
gboolean
_daybook_content_is_file (DaybookContent *self)
{
  return self->reader != NULL;
}

/*
 * _daybook_content_detach:
 *
 * Makes later reads of an evidence file go to the file without taking the
 * diary's lock or checking it is open, so another thread can read it
 * while this one holds the lock. The caller holds the diary's lock from
 * before this until those reads have ended, so the diary cannot be locked
 * meanwhile. Does nothing to content in database rows.
 */
void
_daybook_content_detach (DaybookContent *self)
{
  if (self->reader != NULL)
    g_clear_object (&self->diary);
}

void
_daybook_content_free (DaybookContent *self)
{
  g_clear_pointer (&self->reader, _daybook_blob_reader_free);
  g_clear_object (&self->diary);
  g_free (self);
}

/*
 * _daybook_attachments_list_blobs:
 * @schema: "main", or the name of an attached diary
 *
 * Returns: (transfer full) (element-type utf8): the evidence files the
 *   rows of @schema name, in the order of their attachments; none for a
 *   diary from before evidence files
 */
GPtrArray *
_daybook_attachments_list_blobs (sqlite3 *db, const char *schema, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *version_sql = g_strdup_printf ("PRAGMA %s.user_version", schema);
  g_autofree char *sql = g_strdup_printf (
      "SELECT blob FROM %s.attachments WHERE blob IS NOT NULL ORDER BY id", schema);
  g_auto (DaybookStmt) version = _daybook_sql_prepare (db, version_sql, error);
  g_auto (DaybookStmt) stmt = NULL;
  int rc;

  if (version == NULL || sqlite3_step (version) != SQLITE_ROW)
    return version != NULL ? (_daybook_sql_error (db, sqlite3_errcode (db), error), NULL) : NULL;
  if (sqlite3_column_int (version, 0) < 3)
    return g_steal_pointer (&names);
  stmt = _daybook_sql_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup (_daybook_sql_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return (_daybook_sql_error (db, rc, error), NULL);
  return g_steal_pointer (&names);
}
