/* daybook-diary-people.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include <inttypes.h>

#include "daybook-i18n.h"

#include "daybook-behaviour.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"

#define PERSON_COLUMNS                                                                             \
  "id, revision, role, name, aliases, description, phones, emails, handles, vehicles, notes"

static DaybookPerson *
person_from_row (sqlite3_stmt *stmt)
{
  DaybookPerson *person = daybook_person_new (NULL);
  DaybookRole role = DAYBOOK_ROLE_OTHER;

  _daybook_person_set_stored (person, sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1));
  daybook_role_from_id (_daybook_sql_text (stmt, 2), &role);
  daybook_person_set_role (person, role);
  for (guint f = 0; f < DAYBOOK_PERSON_N_FIELDS; f++)
    daybook_person_set_field (person, f, _daybook_sql_text (stmt, 3 + (int)f));
  return person;
}

static DaybookPerson *
load_person (sqlite3 *db, const char *where, gint64 id, const char *name, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " PERSON_COLUMNS " FROM people WHERE %s", where);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (name != NULL)
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return person_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND, _ ("There is no such person."));
  else
    _daybook_sql_error (db, rc, error);
  return NULL;
}

static gboolean
record_person_revision (sqlite3 *db, gint64 id, const char *action, gint64 now, GError **error)
{
  g_autoptr (DaybookPerson) stored = load_person (db, "id = ?", id, NULL, error);
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *snapshot = NULL;

  if (stored == NULL)
    return FALSE;
  node = daybook_person_to_json (stored);
  snapshot = json_to_string (node, FALSE);
  return _daybook_chain_append (db, "person", id, daybook_person_get_revision (stored), action, now,
                                snapshot, error);
}

static gboolean
write_person (sqlite3 *db, DaybookPerson *person, gint64 now, gint64 *id, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;

  if (*id == 0)
    stmt = _daybook_sql_prepare (
        db,
        "INSERT INTO people (role, name, aliases, description, phones, emails, handles,"
        " vehicles, notes, created_at, updated_at, revision)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?10, ?10, 1)",
        error);
  else
    stmt = _daybook_sql_prepare (
        db,
        "UPDATE people SET role = ?, name = ?, aliases = ?, description = ?, phones = ?,"
        " emails = ?, handles = ?, vehicles = ?, notes = ?, updated_at = ?10,"
        " revision = revision + 1 WHERE id = ?11 AND deleted_at IS NULL",
        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, daybook_role_get_id (daybook_person_get_role (person)), -1,
                     SQLITE_STATIC);
  for (guint f = 0; f < DAYBOOK_PERSON_N_FIELDS; f++)
    sqlite3_bind_text (stmt, 2 + (int)f, daybook_person_get_field (person, f), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, now);
  if (*id != 0)
    sqlite3_bind_int64 (stmt, 11, *id);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_errcode (db) == SQLITE_CONSTRAINT)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("There is already a person with that name in People."));
          return FALSE;
        }
      return _daybook_sql_error (db, sqlite3_errcode (db), error);
    }

  if (*id == 0)
    *id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) != 1)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND, _ ("There is no such person."));
      return FALSE;
    }
  return TRUE;
}

/**
 * _daybook_diary_ensure_person:
 *
 * Finds the person called @name (any case) or adds them with @role, inside
 * the caller's transaction.
 */
gboolean
_daybook_diary_ensure_person (DaybookDiary *self, const char *name, DaybookRole role, gint64 *id,
                              GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  g_autoptr (DaybookPerson) person = NULL;
  gint64 now = _daybook_chain_now ();

  person = load_person (db, "name = ? COLLATE NOCASE AND deleted_at IS NULL", 0, trimmed, NULL);
  if (person != NULL)
    {
      *id = daybook_person_get_id (person);
      return TRUE;
    }

  person = daybook_person_new (trimmed);
  daybook_person_set_role (person, role);
  *id = 0;
  return write_person (db, person, now, id, error)
         && record_person_revision (db, *id, "create", now, error);
}

static int
compare_people (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_utf8_collate (daybook_person_get_name ((DaybookPerson *)a),
                         daybook_person_get_name ((DaybookPerson *)b));
}

/**
 * daybook_diary_list_people:
 *
 * Returns: (transfer full): every person not deleted, by name, as a list of
 *   #DaybookPerson
 */
GListModel *
daybook_diary_list_people (DaybookDiary *self, GError **error)
{
  g_autoptr (GListStore) store = g_list_store_new (DAYBOOK_TYPE_PERSON);
  g_auto (DaybookStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error))
    goto out;
  stmt = _daybook_sql_prepare (_daybook_diary_get_db (self),
                               "SELECT " PERSON_COLUMNS " FROM people WHERE deleted_at IS NULL",
                               error);
  if (stmt == NULL)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (DaybookPerson) person = person_from_row (stmt);
      g_list_store_append (store, person);
    }
  ok = rc == SQLITE_DONE || _daybook_sql_error (_daybook_diary_get_db (self), rc, error);

out:
  _daybook_diary_unlock (self);
  if (!ok)
    return NULL;
  g_list_store_sort (store, compare_people, NULL);
  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * daybook_diary_get_person:
 *
 * Returns: (transfer full) (nullable): the person
 */
DaybookPerson *
daybook_diary_get_person (DaybookDiary *self, gint64 id, GError **error)
{
  DaybookPerson *person = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (_daybook_diary_check_open (self, error))
    person = load_person (_daybook_diary_get_db (self), "id = ? AND deleted_at IS NULL", id, NULL,
                          error);
  _daybook_diary_unlock (self);

  return person;
}

/**
 * daybook_diary_find_person:
 *
 * Returns: (transfer full) (nullable): the person called @name, any case
 */
DaybookPerson *
daybook_diary_find_person (DaybookDiary *self, const char *name)
{
  DaybookPerson *person = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (_daybook_diary_check_open (self, NULL))
    person = load_person (_daybook_diary_get_db (self),
                          "name = ? COLLATE NOCASE AND deleted_at IS NULL", 0, name, NULL);
  _daybook_diary_unlock (self);

  return person;
}

/**
 * daybook_diary_get_person_role:
 * @name: a person's name, any case
 * @fallback: the role when the register has nobody called @name
 *
 * The role to record for @name when it is given without one: the role the
 * register already gives that person (a known suspect named again stays a
 * suspect), else @fallback.
 */
DaybookRole
daybook_diary_get_person_role (DaybookDiary *self, const char *name, DaybookRole fallback)
{
  g_autoptr (DaybookPerson) person = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), fallback);
  g_return_val_if_fail (name != NULL, fallback);

  person = daybook_diary_find_person (self, name);
  return person != NULL ? daybook_person_get_role (person) : fallback;
}

/**
 * daybook_diary_save_person:
 *
 * Adds (id 0) or changes a person, with a revision in the history.
 */
gboolean
daybook_diary_save_person (DaybookDiary *self, DaybookPerson *person, GError **error)
{
  gint64 id, now = _daybook_chain_now ();
  gboolean ok = FALSE;
  sqlite3 *db;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);
  g_return_val_if_fail (DAYBOOK_IS_PERSON (person), FALSE);

  if (!daybook_person_validate (person, error))
    return FALSE;

  id = daybook_person_get_id (person);

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error) || !_daybook_diary_begin (self, error))
    goto out;

  db = _daybook_diary_get_db (self);
  ok = write_person (db, person, now, &id, error)
       && record_person_revision (db, id, daybook_person_get_id (person) == 0 ? "create" : "edit",
                                  now, error)
       && _daybook_diary_commit (self, error);
  if (!ok)
    _daybook_diary_rollback (self);
  else
    _daybook_person_set_stored (person, id, daybook_person_get_revision (person) + 1);

out:
  _daybook_diary_unlock (self);
  if (ok)
    _daybook_diary_emit_changed (self);
  return ok;
}

/**
 * daybook_diary_delete_person:
 *
 * Removes a person from People. Entries that name them keep the name; the
 * person's history stays in the chain.
 */
gboolean
daybook_diary_delete_person (DaybookDiary *self, gint64 id, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  gint64 now = _daybook_chain_now ();
  gboolean ok = FALSE;
  sqlite3 *db;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error) || !_daybook_diary_begin (self, error))
    goto out;

  db = _daybook_diary_get_db (self);
  stmt = _daybook_sql_prepare (
      db,
      "UPDATE people SET deleted_at = ?1, updated_at = ?1, revision = revision + 1"
      " WHERE id = ?2 AND deleted_at IS NULL",
      error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = _daybook_sql_step_done (db, stmt, error);
      if (ok && sqlite3_changes (db) != 1)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                       _ ("There is no such person."));
          ok = FALSE;
        }
      ok = ok && record_person_revision (db, id, "delete", now, error)
           && _daybook_diary_commit (self, error);
    }
  if (!ok)
    _daybook_diary_rollback (self);

out:
  _daybook_diary_unlock (self);
  if (ok)
    _daybook_diary_emit_changed (self);
  return ok;
}

gboolean
_daybook_diary_verify_people (DaybookDiary *self, GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db, "SELECT " PERSON_COLUMNS " FROM people", error);
  g_auto (DaybookStmt) last
      = _daybook_sql_prepare (db,
                              "SELECT snapshot FROM revisions WHERE entity = 'person' AND "
                              "entity_id = ? ORDER BY revision DESC LIMIT 1",
                              error);
  int rc;

  if (stmt == NULL || last == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (DaybookPerson) person = person_from_row (stmt);
      g_autoptr (JsonNode) node = daybook_person_to_json (person);
      g_autofree char *snapshot = json_to_string (node, FALSE);

      sqlite3_reset (last);
      sqlite3_bind_int64 (last, 1, daybook_person_get_id (person));
      if (sqlite3_step (last) != SQLITE_ROW || strcmp (_daybook_sql_text (last, 0), snapshot) != 0)
        g_ptr_array_add (
            problems, g_strdup_printf (
                          _ ("Person %" PRId64
                             " differs from their last saved revision: changed outside Daybook."),
                          daybook_person_get_id (person)));
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}
