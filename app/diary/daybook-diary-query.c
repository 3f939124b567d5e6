/* daybook-diary-query.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-query"

#include "config.h"

#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-incident-list.h"

/*
 * Running a DaybookQuery (daybook-query.c, a value) against the diary:
 * the selection as entry numbers, then a lazy list over them.
 */

/**
 * _daybook_query_run:
 * @numbers: (element-type gint64): receives the entry numbers, in order
 * @starts: (element-type gint64): receives when each happened (UTC)
 *
 * Runs the selection part of a query: numbers only, so that a list of
 * ten thousand entries costs two arrays, not ten thousand objects. Call with
 * the diary lock held.
 */
gboolean
_daybook_query_run (DaybookDiary *self, const DaybookQuery *query, GArray *numbers, GArray *starts,
                    GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_autoptr (GString) sql
      = g_string_new ("SELECT i.number, i.start_utc FROM incidents i WHERE i.deleted_at IS NULL");
  g_autofree char *fts = NULL;
  g_auto (DaybookStmt) stmt = NULL;
  int col = 1, rc;

  if (query->text != NULL && query->text[0] != '\0')
    {
      fts = daybook_fts_query_from_text (query->text);
      if (fts == NULL)
        return TRUE; /* nothing searchable typed: nothing matches */
      g_string_append (
          sql, " AND i.number IN (SELECT docid FROM incidents_fts WHERE incidents_fts MATCH ?1)");
    }
  if (query->from != G_MININT64)
    g_string_append (sql, " AND i.start_utc >= ?2");
  if (query->to != G_MAXINT64)
    g_string_append (sql, " AND i.start_utc < ?3");
  if (!query->include_private)
    g_string_append (sql, " AND i.private = 0");
  if (query->types != 0)
    {
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM incident_types t WHERE t.number = i.number "
                            "AND t.type IN (''");
      for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
        if (query->types & daybook_behaviour_nth (i))
          g_string_append_printf (sql, ", '%s'",
                                  daybook_behaviour_get_id (daybook_behaviour_nth (i)));
      g_string_append (sql, "))");
    }
  if (query->person != NULL && query->person[0] != '\0')
    g_string_append (
        sql, " AND EXISTS (SELECT 1 FROM incident_people ip JOIN people p ON p.id = ip.person_id"
             " WHERE ip.number = i.number AND p.name = ?4 COLLATE NOCASE)");
  g_string_append (sql, query->newest_first ? " ORDER BY i.start_utc DESC, i.number DESC"
                                            : " ORDER BY i.start_utc, i.number");

  stmt = _daybook_sql_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  (void)col;
  if (fts != NULL)
    sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_STATIC);
  if (query->from != G_MININT64)
    sqlite3_bind_int64 (stmt, 2, query->from);
  if (query->to != G_MAXINT64)
    sqlite3_bind_int64 (stmt, 3, query->to);
  if (query->person != NULL && query->person[0] != '\0')
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (query->person));
      sqlite3_bind_text (stmt, 4, trimmed, -1, SQLITE_TRANSIENT);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 number = sqlite3_column_int64 (stmt, 0);
      gint64 start = sqlite3_column_int64 (stmt, 1);

      g_array_append_val (numbers, number);
      g_array_append_val (starts, start);
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}

/**
 * daybook_diary_query:
 *
 * Selects entries. The result is filled lazily: objects are loaded a page
 * at a time as a view asks for them.
 *
 * Returns: (transfer full) (nullable): a #GListModel of #DaybookIncident
 */
GListModel *
daybook_diary_query (DaybookDiary *self, const DaybookQuery *query, GError **error)
{
  g_autoptr (GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  _daybook_diary_lock (self);
  ok = _daybook_diary_check_open (self, error)
       && _daybook_query_run (self, query, numbers, starts, error);
  _daybook_diary_unlock (self);

  if (!ok)
    return NULL;
  return _daybook_incident_list_new (self, numbers, starts);
}

static void
query_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *model = daybook_diary_query (source, task_data, &error);

  if (model == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Load the first screen here too, so the window draws it at once. */
  for (guint i = 0; i < MIN (50, g_list_model_get_n_items (model)); i++)
    g_object_unref (g_list_model_get_item (model, i));
  g_task_return_pointer (task, model, g_object_unref);
}

/**
 * daybook_diary_query_async:
 *
 * daybook_diary_query() in a worker thread, with the first screen of
 * entries loaded. The query is copied.
 */
void
daybook_diary_query_async (DaybookDiary *self, const DaybookQuery *query, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, daybook_diary_query_async);
  g_task_set_task_data (task, daybook_query_copy (query), (GDestroyNotify)daybook_query_free);
  g_task_run_in_thread (task, query_thread);
}

/**
 * daybook_diary_query_finish:
 *
 * Returns: (transfer full) (nullable): a #GListModel of #DaybookIncident
 */
GListModel *
daybook_diary_query_finish (DaybookDiary *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
