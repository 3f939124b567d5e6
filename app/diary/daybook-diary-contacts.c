/* daybook-diary-contacts.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include "daybook-i18n.h"

#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-registers.h"

/*
 * Police contacts: a row of `police_contacts` and the entries reported in
 * it (`contact_incidents`). The links belong to the contact: they are in
 * its snapshot (entity "contact"), so linking an entry to a contact, from
 * either side, is a revision of the contact and leaves the entry's history
 * as it was. A link to a deleted entry stays, as the entry's number.
 */

#define CONTACT_COLUMNS                                                                            \
  "id, revision, deleted_at, at_utc, at_offset, at_zone, how, force_name, officer, collar,"        \
  " reference, reported, said, outcome"

static DaybookPoliceContact *
contact_from_row (sqlite3_stmt *stmt)
{
  DaybookPoliceContact *contact = daybook_police_contact_new ();
  DaybookContactHow how = DAYBOOK_CONTACT_OTHER;
  DaybookWhen when = { sqlite3_column_int64 (stmt, 3), sqlite3_column_int (stmt, 4),
                       (char *)sqlite3_column_text (stmt, 5) };

  _daybook_police_contact_set_stored (contact, sqlite3_column_int64 (stmt, 0),
                                      sqlite3_column_int (stmt, 1), sqlite3_column_int64 (stmt, 2));
  daybook_police_contact_set_when (contact, &when);
  daybook_contact_how_from_id (_daybook_sql_text (stmt, 6), &how);
  daybook_police_contact_set_how (contact, how);
  for (guint f = 0; f < DAYBOOK_CONTACT_N_FIELDS; f++)
    daybook_police_contact_set_field (contact, f, _daybook_sql_text (stmt, 7 + (int)f));
  return contact;
}

static gboolean
load_links (sqlite3 *db, DaybookPoliceContact *contact, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT number FROM contact_incidents WHERE contact_id = ? ORDER BY number", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, daybook_police_contact_get_id (contact));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    daybook_police_contact_add_entry (contact, sqlite3_column_int64 (stmt, 0));
  return rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);
}

static DaybookPoliceContact *
load_contact (sqlite3 *db, gint64 id, gboolean deleted_too, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      deleted_too ? "SELECT " CONTACT_COLUMNS " FROM police_contacts WHERE id = ?"
                  : "SELECT " CONTACT_COLUMNS
                    " FROM police_contacts WHERE id = ? AND deleted_at IS NULL",
      error);
  g_autoptr (DaybookPoliceContact) contact = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no police contact number %" PRId64 ". List them with “contacts”."),
                   id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _daybook_sql_error (db, rc, error);
      return NULL;
    }
  contact = contact_from_row (stmt);
  if (!load_links (db, contact, error))
    return NULL;
  return g_steal_pointer (&contact);
}

static gboolean
record_contact_revision (sqlite3 *db, gint64 id, const char *action, gint64 now,
                         DaybookPoliceContact **stored_out, GError **error)
{
  g_autoptr (DaybookPoliceContact) stored = load_contact (db, id, TRUE, error);
  g_autofree char *snapshot = NULL;

  if (stored == NULL)
    return FALSE;
  snapshot = _daybook_police_contact_to_snapshot (stored);
  if (!_daybook_chain_append (db, "contact", id, daybook_police_contact_get_revision (stored),
                              action, now, snapshot, error))
    return FALSE;
  if (stored_out != NULL)
    *stored_out = g_steal_pointer (&stored);
  return TRUE;
}

static gboolean
write_contact_row (sqlite3 *db, DaybookPoliceContact *contact, gint64 now, gint64 *id,
                   GError **error)
{
  const DaybookWhen *when = daybook_police_contact_get_when (contact);
  g_auto (DaybookStmt) stmt = NULL;

  if (*id == 0)
    stmt = _daybook_sql_prepare (
        db,
        "INSERT INTO police_contacts (at_utc, at_offset, at_zone, how, force_name, officer,"
        " collar, reference, reported, said, outcome, created_at, updated_at, revision)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, 1)",
        error);
  else
    stmt = _daybook_sql_prepare (
        db,
        "UPDATE police_contacts SET at_utc = ?1, at_offset = ?2, at_zone = ?3, how = ?4,"
        " force_name = ?5, officer = ?6, collar = ?7, reference = ?8, reported = ?9, said = ?10,"
        " outcome = ?11, updated_at = ?12, revision = revision + 1"
        " WHERE id = ?13 AND deleted_at IS NULL",
        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, when->utc);
  sqlite3_bind_int (stmt, 2, when->offset);
  if (when->zone != NULL)
    sqlite3_bind_text (stmt, 3, when->zone, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, daybook_contact_how_get_id (daybook_police_contact_get_how (contact)),
                     -1, SQLITE_STATIC);
  for (guint f = 0; f < DAYBOOK_CONTACT_N_FIELDS; f++)
    sqlite3_bind_text (stmt, 5 + (int)f, daybook_police_contact_get_field (contact, f), -1,
                       SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 12, now);
  if (*id != 0)
    sqlite3_bind_int64 (stmt, 13, *id);
  if (!_daybook_sql_step_done (db, stmt, error))
    return FALSE;
  if (*id == 0)
    *id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) != 1)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no police contact number %" PRId64 ". List them with “contacts”."),
                   *id);
      return FALSE;
    }
  return TRUE;
}

/* A link the contact did not have must name an entry that exists. */
static gboolean
write_links (sqlite3 *db, DaybookPoliceContact *contact, gint64 id, GError **error)
{
  g_auto (DaybookStmt) had = _daybook_sql_prepare (
      db, "SELECT 1 FROM contact_incidents WHERE contact_id = ? AND number = ?", error);
  g_auto (DaybookStmt) exists = _daybook_sql_prepare (
      db, "SELECT 1 FROM incidents WHERE number = ? AND deleted_at IS NULL", error);
  g_auto (DaybookStmt) del
      = _daybook_sql_prepare (db, "DELETE FROM contact_incidents WHERE contact_id = ?", error);
  g_auto (DaybookStmt) add = _daybook_sql_prepare (
      db, "INSERT INTO contact_incidents (contact_id, number) VALUES (?, ?)", error);

  if (had == NULL || exists == NULL || del == NULL || add == NULL)
    return FALSE;
  for (guint i = 0; i < daybook_police_contact_get_n_entries (contact); i++)
    {
      gint64 number = daybook_police_contact_get_entry (contact, i);

      sqlite3_reset (had);
      sqlite3_bind_int64 (had, 1, id);
      sqlite3_bind_int64 (had, 2, number);
      if (sqlite3_step (had) == SQLITE_ROW)
        continue;
      sqlite3_reset (exists);
      sqlite3_bind_int64 (exists, 1, number);
      if (sqlite3_step (exists) != SQLITE_ROW)
        {
          g_set_error (
              error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
              _ ("There is no entry number %" PRId64 ": the police contact was not saved."),
              number);
          return FALSE;
        }
    }
  sqlite3_bind_int64 (del, 1, id);
  if (!_daybook_sql_step_done (db, del, error))
    return FALSE;
  for (guint i = 0; i < daybook_police_contact_get_n_entries (contact); i++)
    {
      sqlite3_reset (add);
      sqlite3_bind_int64 (add, 1, id);
      sqlite3_bind_int64 (add, 2, daybook_police_contact_get_entry (contact, i));
      if (!_daybook_sql_step_done (db, add, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
save_contact_locked (sqlite3 *db, DaybookPoliceContact *contact, gint64 now,
                     DaybookPoliceContact **stored, GError **error)
{
  gint64 id = daybook_police_contact_get_id (contact);
  gboolean is_new = id == 0;

  return write_contact_row (db, contact, now, &id, error) && write_links (db, contact, id, error)
         && record_contact_revision (db, id, is_new ? "create" : "edit", now, stored, error);
}

/**
 * daybook_diary_list_contacts:
 *
 * Returns: (transfer full): the police contacts not deleted, as
 *   #DaybookPoliceContact, in the order they happened
 */
GListModel *
daybook_diary_list_contacts (DaybookDiary *self, GError **error)
{
  g_autoptr (GListStore) store = g_list_store_new (DAYBOOK_TYPE_POLICE_CONTACT);
  g_auto (DaybookStmt) stmt = NULL;
  gboolean ok = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error))
    goto out;
  db = _daybook_diary_get_db (self);
  if (!_daybook_diary_has_registers (self))
    {
      ok = TRUE;
      goto out;
    }
  stmt = _daybook_sql_prepare (db,
                               "SELECT " CONTACT_COLUMNS " FROM police_contacts"
                               " WHERE deleted_at IS NULL ORDER BY at_utc, id",
                               error);
  if (stmt == NULL)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (DaybookPoliceContact) contact = contact_from_row (stmt);

      if (!load_links (db, contact, error))
        goto out;
      g_list_store_append (store, contact);
    }
  ok = rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);

out:
  _daybook_diary_unlock (self);
  return ok ? G_LIST_MODEL (g_steal_pointer (&store)) : NULL;
}

/**
 * daybook_diary_get_contact:
 *
 * Returns: (transfer full) (nullable): contact @id; a deleted one is
 *   %DAYBOOK_ERROR_NOT_FOUND
 */
DaybookPoliceContact *
daybook_diary_get_contact (DaybookDiary *self, gint64 id, GError **error)
{
  DaybookPoliceContact *contact = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (_daybook_diary_check_open (self, error))
    {
      if (_daybook_diary_has_registers (self))
        contact = load_contact (_daybook_diary_get_db (self), id, FALSE, error);
      else
        g_set_error (
            error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
            _ ("There is no police contact number %" PRId64 ". List them with “contacts”."), id);
    }
  _daybook_diary_unlock (self);
  return contact;
}

/**
 * daybook_diary_save_contact:
 *
 * Adds (id 0) or changes a police contact and the entries reported in it,
 * with a revision. On success @contact's id and revision are updated.
 */
gboolean
daybook_diary_save_contact (DaybookDiary *self, DaybookPoliceContact *contact, GError **error)
{
  g_autoptr (DaybookPoliceContact) stored = NULL;
  gint64 now = _daybook_chain_now ();
  gboolean ok = FALSE;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (contact), FALSE);

  if (!daybook_police_contact_validate (contact, error))
    return FALSE;

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error) || !_daybook_diary_begin (self, error))
    goto out;
  ok = save_contact_locked (_daybook_diary_get_db (self), contact, now, &stored, error)
       && _daybook_diary_commit (self, error);
  if (!ok)
    _daybook_diary_rollback (self);

out:
  _daybook_diary_unlock (self);
  if (!ok)
    return FALSE;
  _daybook_police_contact_set_stored (contact, daybook_police_contact_get_id (stored),
                                      daybook_police_contact_get_revision (stored), 0);
  _daybook_diary_emit_changed (self);
  return TRUE;
}

/**
 * daybook_diary_delete_contact:
 *
 * Marks police contact @id deleted, with a revision; its history is kept.
 */
gboolean
daybook_diary_delete_contact (DaybookDiary *self, gint64 id, GError **error)
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
  stmt = _daybook_sql_prepare (db,
                               "UPDATE police_contacts SET deleted_at = ?1, updated_at = ?1,"
                               " revision = revision + 1 WHERE id = ?2 AND deleted_at IS NULL",
                               error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = _daybook_sql_step_done (db, stmt, error);
      if (ok && sqlite3_changes (db) != 1)
        {
          g_set_error (
              error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
              _ ("There is no police contact number %" PRId64 ". List them with “contacts”."), id);
          ok = FALSE;
        }
      ok = ok && record_contact_revision (db, id, "delete", now, NULL, error)
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

static GArray *
incident_contacts (sqlite3 *db, gint64 number, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      "SELECT c.id FROM contact_incidents l JOIN police_contacts c ON c.id = l.contact_id"
      " WHERE l.number = ? AND c.deleted_at IS NULL ORDER BY c.at_utc, c.id",
      error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, number);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _daybook_sql_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/**
 * daybook_diary_list_incident_contacts:
 *
 * Returns: (transfer full) (element-type gint64): the contacts entry
 *   @number was reported in
 */
GArray *
daybook_diary_list_incident_contacts (DaybookDiary *self, gint64 number, GError **error)
{
  GArray *ids = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (_daybook_diary_check_open (self, error))
    ids = _daybook_diary_has_registers (self)
              ? incident_contacts (_daybook_diary_get_db (self), number, error)
              : g_array_new (FALSE, FALSE, sizeof (gint64));
  _daybook_diary_unlock (self);
  return ids;
}

static gboolean
contains (const gint64 *ids, guint n, gint64 id)
{
  for (guint i = 0; i < n; i++)
    if (ids[i] == id)
      return TRUE;
  return FALSE;
}

/* Adds or removes entry @number on contact @id, with a revision. */
static gboolean
relink (sqlite3 *db, gint64 id, gint64 number, gboolean add, gint64 now, GError **error)
{
  g_autoptr (DaybookPoliceContact) contact = load_contact (db, id, FALSE, error);

  if (contact == NULL)
    return FALSE;
  if (add)
    daybook_police_contact_add_entry (contact, number);
  else
    daybook_police_contact_remove_entry (contact, number);
  return save_contact_locked (db, contact, now, NULL, error);
}

/**
 * daybook_diary_set_incident_contacts:
 *
 * Makes entry @number reported in exactly the contacts @ids (not deleted
 * ones); each contact that gains or loses it gets a revision, in one
 * transaction.
 */
gboolean
daybook_diary_set_incident_contacts (DaybookDiary *self, gint64 number, const gint64 *ids, guint n,
                                     GError **error)
{
  g_autoptr (GArray) current = NULL;
  g_autoptr (DaybookIncident) incident = NULL;
  gint64 now = _daybook_chain_now ();
  gboolean ok = FALSE;
  sqlite3 *db;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  incident = daybook_diary_get_incident (self, number, error);
  if (incident == NULL)
    return FALSE;

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error) || !_daybook_diary_begin (self, error))
    goto out;
  db = _daybook_diary_get_db (self);
  current = incident_contacts (db, number, error);
  ok = current != NULL;
  for (guint i = 0; ok && i < current->len; i++)
    {
      gint64 id = g_array_index (current, gint64, i);

      if (!contains (ids, n, id))
        ok = relink (db, id, number, FALSE, now, error);
    }
  for (guint i = 0; ok && i < n; i++)
    if (!contains ((gint64 *)current->data, current->len, ids[i]) && !contains (ids, i, ids[i]))
      ok = relink (db, ids[i], number, TRUE, now, error);
  ok = ok && _daybook_diary_commit (self, error);
  if (!ok)
    _daybook_diary_rollback (self);

out:
  _daybook_diary_unlock (self);
  if (ok)
    _daybook_diary_emit_changed (self);
  return ok;
}

static gboolean
verify_contacts (DaybookDiary *self, GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_auto (DaybookStmt) ids
      = _daybook_sql_prepare (db, "SELECT id FROM police_contacts ORDER BY id", error);
  g_auto (DaybookStmt) last
      = _daybook_sql_prepare (db,
                              "SELECT snapshot FROM revisions WHERE entity = 'contact' AND "
                              "entity_id = ? ORDER BY revision DESC LIMIT 1",
                              error);
  g_auto (DaybookStmt) orphans = NULL;
  int rc;

  if (ids == NULL || last == NULL)
    return FALSE;
  while ((rc = sqlite3_step (ids)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (ids, 0);
      g_autoptr (DaybookPoliceContact) contact = load_contact (db, id, TRUE, error);
      g_autofree char *snapshot = NULL;

      if (contact == NULL)
        return FALSE;
      snapshot = _daybook_police_contact_to_snapshot (contact);
      sqlite3_reset (last);
      sqlite3_bind_int64 (last, 1, id);
      if (sqlite3_step (last) != SQLITE_ROW || strcmp (_daybook_sql_text (last, 0), snapshot) != 0)
        g_ptr_array_add (problems,
                         g_strdup_printf (_ ("Police contact %" PRId64
                                             " differs from its last saved revision: changed "
                                             "outside Daybook."),
                                          id));
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  orphans = _daybook_sql_prepare (db,
                                  "SELECT count(*) FROM contact_incidents WHERE contact_id NOT IN"
                                  " (SELECT id FROM police_contacts)",
                                  error);
  if (orphans == NULL)
    return FALSE;
  if (sqlite3_step (orphans) == SQLITE_ROW && sqlite3_column_int (orphans, 0) > 0)
    g_ptr_array_add (problems,
                     g_strdup (_ ("The diary links entries to a police contact it does not have: "
                                  "changed outside Daybook.")));
  return TRUE;
}

gboolean
_daybook_diary_verify_contacts (DaybookDiary *self, GPtrArray *problems, GError **error)
{
  /* A bundle made before schema 5 has no registers to check. */
  return !_daybook_diary_has_registers (self) || verify_contacts (self, problems, error);
}
