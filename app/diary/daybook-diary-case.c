/* daybook-diary-case.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "daybook-diary-private.h"
#include "daybook-error.h"

/*
 * Settings and case details: key/value rows in the encrypted database
 * (never dconf). Every change to them is a revision of the "case" in the
 * hash chain, with the whole set as its snapshot.
 */

/**
 * daybook_diary_dup_setting:
 *
 * Returns: (transfer full) (nullable): the value, or %NULL if unset
 */
char *
daybook_diary_dup_setting (DaybookDiary *self, const char *key)
{
  g_auto (DaybookStmt) stmt = NULL;
  char *value = NULL;
  sqlite3 *db;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  db = _daybook_diary_get_db (self);
  if (db != NULL)
    {
      stmt = _daybook_sql_prepare (db, "SELECT value FROM settings WHERE key = ?", NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            value = g_strdup (_daybook_sql_text (stmt, 0));
        }
    }
  _daybook_diary_unlock (self);

  return value;
}

static char *
case_snapshot (sqlite3 *db)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db, "SELECT key, value FROM settings ORDER BY key", NULL);

  json_builder_begin_object (b);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_builder_set_member_name (b, _daybook_sql_text (stmt, 0));
      json_builder_add_string_value (b, _daybook_sql_text (stmt, 1));
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static int
case_revision (sqlite3 *db)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT coalesce(max(revision), 0) FROM revisions WHERE entity = 'case'", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
}

/**
 * daybook_diary_set_settings:
 * @keys: (array zero-terminated=1): the setting names
 * @values: (array zero-terminated=1): their new values, UTF-8
 *
 * Stores case details and preferences in one transaction, with a revision
 * of the case details in the history.
 */
gboolean
daybook_diary_set_settings (DaybookDiary *self, const char *const *keys, const char *const *values,
                            GError **error)
{
  g_autofree char *snapshot = NULL;
  gboolean ok = FALSE;
  sqlite3 *db;
  int revision;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  for (guint i = 0; keys[i] != NULL; i++)
    if (values[i] == NULL || !g_utf8_validate (values[i], -1, NULL))
      {
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                     _ ("Case details must be UTF-8 text."));
        return FALSE;
      }

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error) || !_daybook_diary_begin (self, error))
    goto out;
  db = _daybook_diary_get_db (self);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
          db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", error);

      if (stmt == NULL)
        goto rollback;
      sqlite3_bind_text (stmt, 1, keys[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, values[i], -1, SQLITE_STATIC);
      if (!_daybook_sql_step_done (db, stmt, error))
        goto rollback;
    }

  revision = case_revision (db) + 1;
  snapshot = case_snapshot (db);
  if (!_daybook_chain_append (db, "case", 0, revision, revision == 1 ? "create" : "edit",
                              g_get_real_time () / G_USEC_PER_SEC, snapshot, error))
    goto rollback;

  ok = _daybook_diary_commit (self, error);
  goto out;

rollback:
  _daybook_diary_rollback (self);
out:
  _daybook_diary_unlock (self);
  if (ok)
    _daybook_diary_emit_changed (self);
  return ok;
}
