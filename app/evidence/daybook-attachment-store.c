/* daybook-attachment-store.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <inttypes.h>

#include "daybook-i18n.h"

#include "daybook-attachment-private.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"

/* Reading attachments, and the changes that are not imports: links to
 * entries, descriptions, renumbering. Each change is one transaction with
 * a revision of the attachment in the hash chain. */

static gboolean
load_links (sqlite3 *db, DaybookAttachment *self, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT number FROM attachment_links WHERE attachment_id = ? ORDER BY number", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 number = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (self->incidents, number);
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}

/*
 * _daybook_attachment_load:
 *
 * Loads attachment @id, deleted or not, with its links. Hold the lock.
 */
DaybookAttachment *
_daybook_attachment_load (DaybookDiary *diary, gint64 id, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT " DAYBOOK_ATTACHMENT_COLUMNS " FROM attachments WHERE id = ?", error);
  g_autoptr (DaybookAttachment) self = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no attachment %" PRId64 "."), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _daybook_sql_error (db, rc, error);
      return NULL;
    }
  self = _daybook_attachment_new_from_row (stmt);
  if (!load_links (db, self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/*
 * _daybook_attachment_record:
 *
 * Appends a revision of attachment @id as the database now holds it.
 * Call inside the transaction that made the change.
 */
gboolean
_daybook_attachment_record (DaybookDiary *diary, gint64 id, const char *action, gint64 now,
                            GError **error)
{
  g_autoptr (DaybookAttachment) stored = _daybook_attachment_load (diary, id, error);
  g_autofree char *snapshot = NULL;

  if (stored == NULL)
    return FALSE;
  snapshot = _daybook_attachment_to_snapshot (stored);
  return _daybook_chain_append (_daybook_diary_get_db (diary), "attachment", id, stored->revision,
                                action, now, snapshot, error);
}

static gboolean
check_incident (sqlite3 *db, gint64 number, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT 1 FROM incidents WHERE number = ? AND deleted_at IS NULL", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
               _ ("There is no entry number %" PRId64 "."), number);
  return FALSE;
}

/*
 * _daybook_attachment_add_link:
 * @added: (out): whether the link is new
 *
 * Links attachment @id to entry @number, which must exist. Hold the lock
 * and a transaction; the caller records the revision.
 */
gboolean
_daybook_attachment_add_link (DaybookDiary *diary, gint64 id, gint64 number, gboolean *added,
                              GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt = NULL;

  if (!check_incident (db, number, error))
    return FALSE;
  stmt = _daybook_sql_prepare (
      db, "INSERT OR IGNORE INTO attachment_links (attachment_id, number) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, number);
  if (!_daybook_sql_step_done (db, stmt, error))
    return FALSE;
  *added = sqlite3_changes (db) == 1;
  return TRUE;
}

static gboolean
bump_revision (sqlite3 *db, gint64 id, gint64 now, GError **error)
{
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db,
                              "UPDATE attachments SET revision = revision + 1, updated_at = ? "
                              "WHERE id = ? AND deleted_at IS NULL",
                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!_daybook_sql_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (db) != 1)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no attachment %" PRId64 "."), id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
remove_link (sqlite3 *db, gint64 id, gint64 number, gboolean *changed, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "DELETE FROM attachment_links WHERE attachment_id = ? AND number = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, number);
  if (!_daybook_sql_step_done (db, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (db) == 1;
  return TRUE;
}

/**
 * daybook_diary_link_attachment:
 * @link: %TRUE to link attachment @id to entry @number, %FALSE to unlink
 *
 * Adds or removes one link, as a new revision of the attachment. Doing
 * what is already so changes nothing and succeeds.
 */
gboolean
daybook_diary_link_attachment (DaybookDiary *diary, gint64 id, gint64 number, gboolean link,
                               GError **error)
{
  gint64 now = _daybook_chain_now ();
  gboolean changed = FALSE, ok = FALSE;
  g_autoptr (DaybookAttachment) existing = NULL;
  sqlite3 *db;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), FALSE);

  _daybook_diary_lock (diary);
  if (!_daybook_diary_check_open (diary, error) || !_daybook_diary_begin (diary, error))
    goto out;
  db = _daybook_diary_get_db (diary);

  existing = _daybook_attachment_load (diary, id, error);
  if (existing == NULL || existing->deleted_at != 0)
    {
      if (existing != NULL)
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                     _ ("There is no attachment %" PRId64 "."), id);
      goto rollback;
    }
  if (link ? !_daybook_attachment_add_link (diary, id, number, &changed, error)
           : !remove_link (db, id, number, &changed, error))
    goto rollback;
  if (changed
      && (!bump_revision (db, id, now, error)
          || !_daybook_attachment_record (diary, id, "edit", now, error)))
    goto rollback;
  ok = _daybook_diary_commit (diary, error);
  goto out;

rollback:
  _daybook_diary_rollback (diary);
out:
  _daybook_diary_unlock (diary);
  if (ok && changed)
    _daybook_diary_emit_changed (diary);
  return ok;
}

/**
 * daybook_diary_describe_attachment:
 * @description: what it shows, in the user's words (UTF-8)
 */
gboolean
daybook_diary_describe_attachment (DaybookDiary *diary, gint64 id, const char *description,
                                   GError **error)
{
  gint64 now = _daybook_chain_now ();
  g_auto (DaybookStmt) stmt = NULL;
  gboolean ok = FALSE;
  sqlite3 *db;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), FALSE);
  g_return_val_if_fail (description != NULL, FALSE);

  if (!g_utf8_validate (description, -1, NULL))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The description must be UTF-8 text."));
      return FALSE;
    }

  _daybook_diary_lock (diary);
  if (!_daybook_diary_check_open (diary, error) || !_daybook_diary_begin (diary, error))
    goto out;
  db = _daybook_diary_get_db (diary);
  stmt = _daybook_sql_prepare (db, "UPDATE attachments SET description = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_text (stmt, 1, description, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!_daybook_sql_step_done (db, stmt, error) || !bump_revision (db, id, now, error)
      || !_daybook_attachment_record (diary, id, "edit", now, error))
    goto rollback;
  ok = _daybook_diary_commit (diary, error);
  goto out;

rollback:
  _daybook_diary_rollback (diary);
out:
  _daybook_diary_unlock (diary);
  if (ok)
    _daybook_diary_emit_changed (diary);
  return ok;
}

/**
 * daybook_diary_list_attachments:
 * @number: an entry number for the attachments it cites, 0 for every
 *   attachment, -1 for the unlinked evidence list
 *
 * Returns: (transfer full): #DaybookAttachment in mark order
 */
GListModel *
daybook_diary_list_attachments (DaybookDiary *diary, gint64 number, GError **error)
{
  g_autoptr (GListStore) store = g_list_store_new (DAYBOOK_TYPE_ATTACHMENT);
  g_auto (DaybookStmt) stmt = NULL;
  gboolean ok = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  _daybook_diary_lock (diary);
  if (!_daybook_diary_check_open (diary, error))
    goto out;
  db = _daybook_diary_get_db (diary);
  if (number > 0 && !check_incident (db, number, error))
    goto out;
  stmt = _daybook_sql_prepare (db,
                               "SELECT " DAYBOOK_ATTACHMENT_COLUMNS
                               " FROM attachments a WHERE deleted_at IS NULL"
                               " AND (?1 = 0"
                               "  OR (?1 > 0 AND EXISTS (SELECT 1 FROM attachment_links l WHERE "
                               "l.attachment_id = a.id AND l.number = ?1))"
                               "  OR (?1 < 0 AND NOT EXISTS (SELECT 1 FROM attachment_links l "
                               "WHERE l.attachment_id = a.id)))"
                               " ORDER BY serial, id",
                               error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, number);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (DaybookAttachment) attachment = _daybook_attachment_new_from_row (stmt);

      if (!load_links (db, attachment, error))
        goto out;
      g_list_store_append (store, attachment);
    }
  ok = rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);

out:
  _daybook_diary_unlock (diary);
  return ok ? G_LIST_MODEL (g_steal_pointer (&store)) : NULL;
}

/**
 * daybook_diary_get_attachment:
 *
 * Returns: (transfer full) (nullable): attachment @id
 */
DaybookAttachment *
daybook_diary_get_attachment (DaybookDiary *diary, gint64 id, GError **error)
{
  g_autoptr (DaybookAttachment) attachment = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  _daybook_diary_lock (diary);
  if (_daybook_diary_check_open (diary, error))
    attachment = _daybook_attachment_load (diary, id, error);
  _daybook_diary_unlock (diary);

  if (attachment != NULL && attachment->deleted_at != 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no attachment %" PRId64 "."), id);
      return NULL;
    }
  return g_steal_pointer (&attachment);
}

/**
 * daybook_diary_find_attachment:
 * @id_or_mark: an attachment id ("3") or an exhibit mark ("AB/3")
 *
 * Returns: (transfer full) (nullable): the attachment
 */
DaybookAttachment *
daybook_diary_find_attachment (DaybookDiary *diary, const char *id_or_mark, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  guint64 id = 0;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  if (g_ascii_string_to_unsigned (id_or_mark, 10, 1, G_MAXINT64, &id, NULL))
    return daybook_diary_get_attachment (diary, (gint64)id, error);

  _daybook_diary_lock (diary);
  if (_daybook_diary_check_open (diary, error))
    {
      stmt = _daybook_sql_prepare (_daybook_diary_get_db (diary),
                                   "SELECT id FROM attachments WHERE mark = ? COLLATE NOCASE"
                                   " AND deleted_at IS NULL",
                                   error);
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, id_or_mark, -1, SQLITE_STATIC);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            id = (guint64)sqlite3_column_int64 (stmt, 0);
        }
    }
  _daybook_diary_unlock (diary);

  if (stmt == NULL)
    return NULL;
  if (rc == SQLITE_ROW)
    return daybook_diary_get_attachment (diary, (gint64)id, error);
  if (rc != SQLITE_DONE)
    _daybook_sql_error (NULL, rc, error);
  else
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                 _ ("There is no attachment with the id or mark “%s”."), id_or_mark);
  return NULL;
}

/**
 * daybook_diary_dup_attachment_thumbnail:
 *
 * Returns: (transfer full) (nullable): a small PNG for an image, else %NULL
 */
GBytes *
daybook_diary_dup_attachment_thumbnail (DaybookDiary *diary, gint64 id)
{
  g_auto (DaybookStmt) stmt = NULL;
  GBytes *bytes = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  _daybook_diary_lock (diary);
  if (_daybook_diary_check_open (diary, NULL))
    {
      stmt = _daybook_sql_prepare (
          _daybook_diary_get_db (diary),
          "SELECT thumbnail FROM attachments WHERE id = ? AND thumbnail IS NOT NULL", NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
        }
    }
  _daybook_diary_unlock (diary);

  return bytes;
}
