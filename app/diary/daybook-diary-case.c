/* daybook-diary-case.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include <string.h>
#include "daybook-i18n.h"
#include <json-glib/json-glib.h>

#include "daybook-diary-private.h"
#include "daybook-error.h"

/*
 * Settings and case details: key/value rows in the encrypted database
 * (never dconf). Only the case details are part of the record: a change to
 * them is a revision of the "case" in the hash chain, with every case detail
 * as its snapshot. Preferences and bookkeeping (the backup folder, when the
 * last backup was made, the auto-lock delay…) are stored without a
 * revision, so they never change the fingerprint.
 *
 * Diaries made before this split have case snapshots that also hold the
 * preferences of the time; only the case details in them are compared.
 */

static const char *const case_keys[] = {
  DAYBOOK_SETTING_ADVOCATE,       DAYBOOK_SETTING_CASE_REF,   DAYBOOK_SETTING_CREATED_AT,
  DAYBOOK_SETTING_CRIME_REF,      DAYBOOK_SETTING_DIARY_ID,   DAYBOOK_SETTING_ORDERS,
  DAYBOOK_SETTING_OWNER_INITIALS, DAYBOOK_SETTING_OWNER_NAME, DAYBOOK_SETTING_POLICE_FORCE,
};

/**
 * daybook_setting_is_case_detail:
 *
 * Returns: whether @key is part of the record (the case details and the
 *   diary's identity), kept in the hash chain, rather than a preference
 */
gboolean
daybook_setting_is_case_detail (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (case_keys); i++)
    if (g_strcmp0 (key, case_keys[i]) == 0)
      return TRUE;
  return FALSE;
}

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
    if (daybook_setting_is_case_detail (_daybook_sql_text (stmt, 0)))
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
 * Stores case details and preferences in one transaction. When a case
 * detail (daybook_setting_is_case_detail()) gets a new value, a revision of
 * the case details joins the history; preferences alone, or case details
 * set to the values they already have, add nothing to it.
 */
gboolean
daybook_diary_set_settings (DaybookDiary *self, const char *const *keys, const char *const *values,
                            GError **error)
{
  g_autofree char *before = NULL;
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
  before = case_snapshot (db);

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
  if ((revision == 1 || strcmp (before, snapshot) != 0)
      && !_daybook_chain_append (db, "case", 0, revision, revision == 1 ? "create" : "edit",
                                 _daybook_chain_now (), snapshot, error))
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

/* The case details must read exactly as their last revision says. A
 * hand-over bundle carries the case details without their history, so
 * there is nothing to compare them with. Call with the diary lock held. */
gboolean
_daybook_diary_verify_case (DaybookDiary *self, GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_autoptr (GString) differ = g_string_new (NULL);
  g_autoptr (JsonNode) node = NULL;
  g_auto (DaybookStmt) last = _daybook_sql_prepare (
      db, "SELECT snapshot FROM revisions WHERE entity = 'case' ORDER BY id DESC LIMIT 1", error);
  g_auto (DaybookStmt) rows = NULL;
  g_autoptr (GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *snapshot;
  int rc;

  if (last == NULL)
    return FALSE;
  rc = sqlite3_step (last);
  if (rc == SQLITE_DONE)
    {
      if (!daybook_diary_is_read_only (self))
        g_ptr_array_add (problems,
                         g_strdup (_ ("The case details have no history: the diary's first "
                                      "revision was removed outside Daybook.")));
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return _daybook_sql_error (db, rc, error);

  node = json_from_string (_daybook_sql_text (last, 0), NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (problems,
                       g_strdup (_ ("The last revision of the case details cannot be read: it "
                                    "was altered outside Daybook, or the disk damaged it.")));
      return TRUE;
    }
  snapshot = json_node_get_object (node);

  rows = _daybook_sql_prepare (db, "SELECT key, value FROM settings", error);
  if (rows == NULL)
    return FALSE;
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    if (daybook_setting_is_case_detail (_daybook_sql_text (rows, 0)))
      g_hash_table_insert (now, g_strdup (_daybook_sql_text (rows, 0)),
                           g_strdup (_daybook_sql_text (rows, 1)));
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  for (guint i = 0; i < G_N_ELEMENTS (case_keys); i++)
    {
      const char *value = g_hash_table_lookup (now, case_keys[i]);
      JsonNode *member = json_object_get_member (snapshot, case_keys[i]);
      const char *saved
          = member != NULL && JSON_NODE_HOLDS_VALUE (member) ? json_node_get_string (member) : NULL;

      if (g_strcmp0 (value, saved) != 0 || (member != NULL && saved == NULL))
        g_string_append_printf (differ, "%s%s", differ->len ? ", " : "", case_keys[i]);
    }
  if (differ->len > 0)
    g_ptr_array_add (problems,
                     g_strdup_printf (_ ("The case details (%s) differ from their last saved "
                                         "revision: they were changed outside Daybook."),
                                      differ->str));
  return TRUE;
}
