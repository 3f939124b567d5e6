/* daybook-attachment-marks.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-attachment-private.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"

/* Exhibit marks: the producer's initials and a serial, "AB/1". A mark is
 * fixed when the attachment is imported, so a statement that cites "AB/3"
 * stays right; only an explicit renumbering changes marks, and that is in
 * the history too. */

#define FALLBACK_INITIALS "EX"

static char *
dup_initials (DaybookDiary *diary)
{
  g_autofree char *setting = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_OWNER_INITIALS);
  g_autoptr (GString) initials = g_string_new (NULL);

  /* "a.b." and "A B" both mean AB; a slash would make the mark ambiguous. */
  for (const char *p = setting; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (initials, g_unichar_toupper (c));
    }
  if (initials->len == 0)
    g_string_append (initials, FALLBACK_INITIALS);
  return g_string_free (g_steal_pointer (&initials), FALSE);
}

/*
 * _daybook_attachment_make_mark:
 *
 * Returns: (transfer full): the mark for @serial with today's initials
 */
char *
_daybook_attachment_make_mark (DaybookDiary *diary, guint serial)
{
  g_autofree char *initials = dup_initials (diary);

  return g_strdup_printf ("%s/%u", initials, serial);
}

static gboolean
set_mark (sqlite3 *db, gint64 id, guint serial, const char *mark, gint64 now, GError **error)
{
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db,
                              "UPDATE attachments SET serial = ?, mark = ?, revision = revision + "
                              "1, updated_at = ? WHERE id = ?",
                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, serial);
  sqlite3_bind_text (stmt, 2, mark, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, id);
  return _daybook_sql_step_done (db, stmt, error);
}

static gboolean
renumber_locked (DaybookDiary *diary, gint64 now, guint *n_changed, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT id, serial, mark FROM attachments WHERE deleted_at IS NULL ORDER BY serial, id",
      error);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) marks = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      g_ptr_array_add (marks, g_strdup (_daybook_sql_text (stmt, 2)));
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *mark = _daybook_attachment_make_mark (diary, i + 1);

      if (g_strcmp0 (mark, marks->pdata[i]) == 0)
        continue;
      if (!set_mark (db, id, i + 1, mark, now, error)
          || !_daybook_attachment_record (diary, id, "edit", now, error))
        return FALSE;
      (*n_changed)++;
    }
  return TRUE;
}

/**
 * daybook_diary_renumber_attachments:
 *
 * Gives the attachments consecutive marks, in their present order, with
 * the case's present initials. Only attachments whose mark changes get a
 * new revision. Statements that cite the old marks no longer match: the
 * user interface says so before calling this.
 */
gboolean
daybook_diary_renumber_attachments (DaybookDiary *diary, GError **error)
{
  gint64 now = _daybook_chain_now ();
  guint n_changed = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), FALSE);

  _daybook_diary_lock (diary);
  if (_daybook_diary_check_open (diary, error) && _daybook_diary_begin (diary, error))
    {
      if (renumber_locked (diary, now, &n_changed, error))
        ok = _daybook_diary_commit (diary, error);
      else
        _daybook_diary_rollback (diary);
    }
  _daybook_diary_unlock (diary);

  if (ok && n_changed > 0)
    _daybook_diary_emit_changed (diary);
  return ok;
}
