/* daybook-diary-incidents.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>

#include "daybook-i18n.h"

#include "daybook-bytes.h"
#include "daybook-chain.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-incident-private.h"

#define INCIDENT_COLUMNS                                                                           \
  "number, start_utc, start_offset, start_zone, end_utc, end_offset, end_zone,"                    \
  " precision, recorded_at, updated_at, revision, deleted_at, title, narrative,"                   \
  " location, fear_of_violence, alarm_distress, impact, police_reported, police_ref,"              \
  " police_officer, police_date, private_notes, private"

#define LOAD_BATCH 100
/* verify loads more at a time, by ranges of numbers: fewer statements
 * (test-verify's 1,000 entries are two batches). */
#define VERIFY_BATCH 500

static char *
placeholders (guint n)
{
  GString *s = g_string_sized_new (2 * n);

  for (guint i = 0; i < n; i++)
    g_string_append (s, i == 0 ? "?" : ",?");
  return g_string_free (s, FALSE);
}

static void
bind_numbers (sqlite3_stmt *stmt, const gint64 *numbers, guint n)
{
  for (guint i = 0; i < n; i++)
    sqlite3_bind_int64 (stmt, (int)i + 1, numbers[i]);
}

static void
bind_batch (sqlite3_stmt *stmt, const gint64 *numbers, guint n, gboolean range)
{
  if (range)
    {
      sqlite3_bind_int64 (stmt, 1, numbers[0]);
      sqlite3_bind_int64 (stmt, 2, numbers[n - 1]);
    }
  else
    bind_numbers (stmt, numbers, n);
}

static DaybookIncident *
incident_from_row (sqlite3_stmt *stmt)
{
  DaybookIncident *incident = daybook_incident_new ();
  DaybookWhen when = { 0 };
  DaybookPrecision precision = DAYBOOK_PRECISION_EXACT;

  when.utc = sqlite3_column_int64 (stmt, 1);
  when.offset = sqlite3_column_int (stmt, 2);
  when.zone = (char *)sqlite3_column_text (stmt, 3);
  daybook_incident_set_start (incident, &when);
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
    {
      when.utc = sqlite3_column_int64 (stmt, 4);
      when.offset = sqlite3_column_int (stmt, 5);
      when.zone = (char *)sqlite3_column_text (stmt, 6);
      daybook_incident_set_end (incident, &when);
    }
  daybook_precision_from_id (_daybook_sql_text (stmt, 7), &precision);
  daybook_incident_set_precision (incident, precision);
  _daybook_incident_set_stored (incident, sqlite3_column_int64 (stmt, 0),
                                sqlite3_column_int64 (stmt, 8), sqlite3_column_int64 (stmt, 9),
                                sqlite3_column_int (stmt, 10), sqlite3_column_int64 (stmt, 11));
  daybook_incident_set_title (incident, _daybook_sql_text (stmt, 12));
  daybook_incident_set_narrative (incident, _daybook_sql_text (stmt, 13));
  daybook_incident_set_location (incident, _daybook_sql_text (stmt, 14));
  daybook_incident_set_fear_of_violence (incident, sqlite3_column_int (stmt, 15));
  daybook_incident_set_alarm_distress (incident, sqlite3_column_int (stmt, 16));
  daybook_incident_set_impact (incident, _daybook_sql_text (stmt, 17));
  daybook_incident_set_police_reported (incident, sqlite3_column_int (stmt, 18));
  daybook_incident_set_police_ref (incident, _daybook_sql_text (stmt, 19));
  daybook_incident_set_police_officer (incident, _daybook_sql_text (stmt, 20));
  daybook_incident_set_police_date (incident, _daybook_sql_text (stmt, 21));
  daybook_incident_set_private_notes (incident, _daybook_sql_text (stmt, 22));
  daybook_incident_set_private (incident, sqlite3_column_int (stmt, 23));

  return incident;
}

/* Where @number is in @numbers. Rows mostly come back in the order of
 * @numbers, so *@hint (where the last one was) and the place after it are
 * tried first. */
static int
index_of (const gint64 *numbers, guint n, gint64 number, guint *hint)
{
  for (guint i = *hint; i < n && i <= *hint + 1; i++)
    if (numbers[i] == number)
      return (int)(*hint = i);
  for (guint i = 0; i < n; i++)
    if (numbers[i] == number)
      return (int)(*hint = i);
  return -1;
}

/* Loads the incidents @numbers into @out. @range: @numbers are sorted and
 * are every number from the first to the last (verify's case), so a range
 * selects them, and the statements take two parameters instead of @n. */
static gboolean
load_batch (DaybookDiary *self, const gint64 *numbers, guint n, gboolean range, GPtrArray *out,
            GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_autofree char *marks = range ? NULL : placeholders (n);
  g_autofree char *where
      = range ? g_strdup ("number BETWEEN ? AND ?") : g_strdup_printf ("number IN (%s)", marks);
  g_autofree char *sql_rows
      = g_strdup_printf ("SELECT " INCIDENT_COLUMNS " FROM incidents WHERE %s", where);
  g_autofree char *sql_types
      = g_strdup_printf ("SELECT number, type FROM incident_types WHERE %s", where);
  /* The name an entry wrote, or (NULL, schema 8) the person's in People:
   * a join only where it is needed, as quick as reading stored names. */
  g_autofree char *sql_people
      = g_strdup_printf ("SELECT ip.number, coalesce (ip.name, p.name), ip.role, ip.person_id"
                         " FROM incident_people ip LEFT JOIN people p"
                         " ON p.id = ip.person_id AND ip.name IS NULL"
                         " WHERE ip.%s ORDER BY ip.number, ip.position",
                         where);
  g_autofree char *sql_breaches
      = g_strdup_printf ("SELECT number, order_id, term FROM incident_breaches WHERE %s", where);
  g_auto (DaybookStmt) rows = NULL;
  g_auto (DaybookStmt) types = NULL;
  g_auto (DaybookStmt) people = NULL;
  g_auto (DaybookStmt) breaches = NULL;
  guint base = out->len;
  guint hint = 0;
  int rc;

  g_ptr_array_set_size (out, base + n);

  if ((rows = _daybook_sql_prepare (db, sql_rows, error)) == NULL)
    return FALSE;
  bind_batch (rows, numbers, n, range);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      int i = index_of (numbers, n, sqlite3_column_int64 (rows, 0), &hint);

      if (i >= 0 && out->pdata[base + i] == NULL)
        out->pdata[base + i] = incident_from_row (rows);
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  if ((types = _daybook_sql_prepare (db, sql_types, error)) == NULL)
    return FALSE;
  bind_batch (types, numbers, n, range);
  while ((rc = sqlite3_step (types)) == SQLITE_ROW)
    {
      int i = index_of (numbers, n, sqlite3_column_int64 (types, 0), &hint);
      DaybookBehaviour b;

      if (i >= 0 && out->pdata[base + i] != NULL
          && daybook_behaviour_from_id (_daybook_sql_text (types, 1), &b))
        daybook_incident_set_types (out->pdata[base + i],
                                    daybook_incident_get_types (out->pdata[base + i]) | b);
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  if ((people = _daybook_sql_prepare (db, sql_people, error)) == NULL)
    return FALSE;
  bind_batch (people, numbers, n, range);
  while ((rc = sqlite3_step (people)) == SQLITE_ROW)
    {
      int i = index_of (numbers, n, sqlite3_column_int64 (people, 0), &hint);
      DaybookRole role = DAYBOOK_ROLE_OTHER;

      daybook_role_from_id (_daybook_sql_text (people, 2), &role);
      if (i >= 0 && out->pdata[base + i] != NULL)
        daybook_incident_link_person (out->pdata[base + i], _daybook_sql_text (people, 1), role,
                                      sqlite3_column_int64 (people, 3));
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  /* A bundle made before schema 5 has no breach marks. */
  if (!_daybook_diary_has_registers (self))
    return TRUE;
  if ((breaches = _daybook_sql_prepare (db, sql_breaches, error)) == NULL)
    return FALSE;
  bind_batch (breaches, numbers, n, range);
  while ((rc = sqlite3_step (breaches)) == SQLITE_ROW)
    {
      int i = index_of (numbers, n, sqlite3_column_int64 (breaches, 0), &hint);

      if (i >= 0 && out->pdata[base + i] != NULL)
        daybook_incident_add_breach (out->pdata[base + i], sqlite3_column_int64 (breaches, 1),
                                     (guint)sqlite3_column_int64 (breaches, 2));
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  return TRUE;
}

/**
 * _daybook_diary_load_incidents:
 *
 * Loads incidents by number, in the order given, with four queries per
 * hundred. Call with the diary lock held.
 *
 * Returns: (transfer full) (element-type DaybookIncident): the incidents,
 *   %NULL where a number does not exist
 */
GPtrArray *
_daybook_diary_load_incidents (DaybookDiary *self, const gint64 *numbers, guint n, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_full (n, _daybook_object_unref_nullable);

  for (guint i = 0; i < n; i += LOAD_BATCH)
    if (!load_batch (self, numbers + i, MIN (LOAD_BATCH, n - i), FALSE, out, error))
      return NULL;

  return g_steal_pointer (&out);
}

static DaybookIncident *
load_one (DaybookDiary *self, gint64 number, GError **error)
{
  g_autoptr (GPtrArray) found = _daybook_diary_load_incidents (self, &number, 1, error);

  if (found == NULL)
    return NULL;
  if (found->pdata[0] == NULL)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no entry number %" PRId64 "."), number);
      return NULL;
    }
  return g_object_ref (found->pdata[0]);
}

static gboolean
write_row (DaybookDiary *self, DaybookIncident *incident, gint64 now, gint64 *number,
           GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  const DaybookWhen *start = daybook_incident_get_start (incident);
  const DaybookWhen *end = daybook_incident_get_end (incident);
  g_auto (DaybookStmt) stmt = NULL;
  int col = 1;

  if (*number == 0)
    stmt = _daybook_sql_prepare (
        db,
        "INSERT INTO incidents (start_utc, start_offset, start_zone, end_utc, end_offset,"
        " end_zone, precision, title, narrative, location, fear_of_violence, alarm_distress,"
        " impact, police_reported, police_ref, police_officer, police_date, private_notes,"
        " private, recorded_at, updated_at, revision)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?20,?20,1)",
        error);
  else
    stmt = _daybook_sql_prepare (
        db,
        "UPDATE incidents SET start_utc = ?, start_offset = ?, start_zone = ?, end_utc = ?,"
        " end_offset = ?, end_zone = ?, precision = ?, title = ?, narrative = ?, location = ?,"
        " fear_of_violence = ?, alarm_distress = ?, impact = ?, police_reported = ?,"
        " police_ref = ?, police_officer = ?, police_date = ?, private_notes = ?, private = ?,"
        " updated_at = ?20, revision = revision + 1"
        " WHERE number = ?21 AND deleted_at IS NULL",
        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, col++, start->utc);
  sqlite3_bind_int (stmt, col++, start->offset);
  sqlite3_bind_text (stmt, col++, start->zone, -1, SQLITE_STATIC);
  if (end != NULL)
    {
      sqlite3_bind_int64 (stmt, col++, end->utc);
      sqlite3_bind_int (stmt, col++, end->offset);
      sqlite3_bind_text (stmt, col++, end->zone, -1, SQLITE_STATIC);
    }
  else
    col += 3; /* unbound parameters are NULL */
  sqlite3_bind_text (stmt, col++,
                     daybook_precision_get_id (daybook_incident_get_precision (incident)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, col++, daybook_incident_get_title (incident), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, col++, daybook_incident_get_narrative (incident), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, col++, daybook_incident_get_location (incident), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, col++, daybook_incident_get_fear_of_violence (incident));
  sqlite3_bind_int (stmt, col++, daybook_incident_get_alarm_distress (incident));
  sqlite3_bind_text (stmt, col++, daybook_incident_get_impact (incident), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, col++, daybook_incident_get_police_reported (incident));
  sqlite3_bind_text (stmt, col++, daybook_incident_get_police_ref (incident), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, col++, daybook_incident_get_police_officer (incident), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, col++, daybook_incident_get_police_date (incident), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, col++, daybook_incident_get_private_notes (incident), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, col++, daybook_incident_get_private (incident));
  sqlite3_bind_int64 (stmt, 20, now);
  if (*number != 0)
    sqlite3_bind_int64 (stmt, 21, *number);

  if (!_daybook_sql_step_done (db, stmt, error))
    return FALSE;

  if (*number == 0)
    *number = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) != 1)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no entry number %" PRId64 "."), *number);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_links (DaybookDiary *self, DaybookIncident *incident, gint64 number, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_auto (DaybookStmt) del_types
      = _daybook_sql_prepare (db, "DELETE FROM incident_types WHERE number = ?", error);
  g_auto (DaybookStmt) del_people
      = _daybook_sql_prepare (db, "DELETE FROM incident_people WHERE number = ?", error);
  g_auto (DaybookStmt) add_type
      = _daybook_sql_prepare (db, "INSERT INTO incident_types (number, type) VALUES (?, ?)", error);
  g_auto (DaybookStmt) add_person
      = _daybook_sql_prepare (db,
                              "INSERT OR REPLACE INTO incident_people (number, person_id, name, "
                              "role, position) VALUES (?1, ?2, nullif (?3, (SELECT name FROM"
                              " people WHERE id = ?2)), ?4, ?5)",
                              error);
  DaybookBehaviour types = daybook_incident_get_types (incident);

  if (del_types == NULL || del_people == NULL || add_type == NULL || add_person == NULL)
    return FALSE;

  sqlite3_bind_int64 (del_types, 1, number);
  sqlite3_bind_int64 (del_people, 1, number);
  if (!_daybook_sql_step_done (db, del_types, error)
      || !_daybook_sql_step_done (db, del_people, error))
    return FALSE;

  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    {
      DaybookBehaviour b = daybook_behaviour_nth (i);

      if (!(types & b))
        continue;
      sqlite3_reset (add_type);
      sqlite3_bind_int64 (add_type, 1, number);
      sqlite3_bind_text (add_type, 2, daybook_behaviour_get_id (b), -1, SQLITE_STATIC);
      if (!_daybook_sql_step_done (db, add_type, error))
        return FALSE;
    }

  for (guint i = 0; i < daybook_incident_get_n_people (incident); i++)
    {
      const DaybookInvolvement *inv = daybook_incident_get_person (incident, i);
      g_autofree char *name = g_strstrip (g_strdup (inv->name));
      gint64 person_id = inv->person_id;

      if (person_id == 0
          && !_daybook_diary_ensure_person (self, name, inv->role, &person_id, error))
        return FALSE;
      sqlite3_reset (add_person);
      sqlite3_bind_int64 (add_person, 1, number);
      sqlite3_bind_int64 (add_person, 2, person_id);
      sqlite3_bind_text (add_person, 3, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (add_person, 4, daybook_role_get_id (inv->role), -1, SQLITE_STATIC);
      sqlite3_bind_int (add_person, 5, (int)i);
      if (!_daybook_sql_step_done (db, add_person, error))
        return FALSE;
    }

  return TRUE;
}

/* The search index reads an entry's words from the view
 * `incidents_fts_source` (schema 6: the text is stored once). To take an
 * entry out, FTS4 reads the words it holds now, so unindex() runs BEFORE
 * the entry's row, people or deleted mark change, and reindex() after,
 * from the view itself: the index holds exactly the view's words. */
static gboolean
unindex (DaybookDiary *self, gint64 number, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_auto (DaybookStmt) del
      = _daybook_sql_prepare (db, "DELETE FROM incidents_fts WHERE docid = ?", error);

  if (del == NULL)
    return FALSE;
  sqlite3_bind_int64 (del, 1, number);
  return _daybook_sql_step_done (db, del, error);
}

static gboolean
reindex (DaybookDiary *self, DaybookIncident *stored, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_auto (DaybookStmt) add = NULL;

  if (daybook_incident_get_deleted_at (stored) != 0)
    return TRUE;
  add = _daybook_sql_prepare (
      db,
      "INSERT INTO incidents_fts (docid, title, narrative, location, people, impact, police, notes)"
      " SELECT rowid, title, narrative, location, people, impact, police, notes"
      " FROM incidents_fts_source WHERE rowid = ?",
      error);
  if (add == NULL)
    return FALSE;
  sqlite3_bind_int64 (add, 1, daybook_incident_get_number (stored));
  return _daybook_sql_step_done (db, add, error);
}

/* An entry's latest revision keeps no snapshot of its own (schema 7): the
 * live row holds exactly what it would, and the snapshot is rebuilt from the
 * row when read (daybook_incident_snapshot() in SQL, verify through the
 * revision's link). Before the row changes, the latest revision's snapshot
 * is written out, built from the row as it still is, and only if it is what
 * the revision's link was made from: a row altered behind Daybook's back is
 * refused, never stored as if it were history. */
static gboolean
keep_last_snapshot (DaybookDiary *self, gint64 number, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_auto (DaybookStmt) last = NULL;
  g_autoptr (DaybookIncident) stored = NULL;
  g_autofree char *snapshot = NULL;
  gboolean matches = FALSE;
  gint64 id;
  int rc;

  last = _daybook_sql_prepare (db,
                               "SELECT id, snapshot IS NULL FROM revisions"
                               " WHERE entity = 'incident' AND entity_id = ?"
                               " ORDER BY revision DESC LIMIT 1",
                               error);
  if (last == NULL)
    return FALSE;
  sqlite3_bind_int64 (last, 1, number);
  rc = sqlite3_step (last);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return _daybook_sql_error (db, rc, error);
  if (sqlite3_column_int (last, 1) == 0)
    return TRUE;
  id = sqlite3_column_int64 (last, 0);

  /* A row removed outright leaves nothing to rebuild from. */
  stored = load_one (self, number, NULL);
  if (stored != NULL)
    {
      snapshot = _daybook_incident_to_snapshot (stored);
      if (!_daybook_chain_store_snapshot (db, id, snapshot, &matches, error))
        return FALSE;
    }
  if (!matches)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   _ ("Entry %" PRId64 " was changed outside Daybook: it no longer matches its"
                      " history, so nothing was saved. Run “daybook-cli verify” and restore a"
                      " backup."),
                   number);
      return FALSE;
    }
  return TRUE;
}

/* The revision is made from what the database now holds, not from the
 * caller's object, so that verify can compare the two later. */
static DaybookIncident *
record_revision (DaybookDiary *self, gint64 number, const char *action, gint64 now, GError **error)
{
  g_autoptr (DaybookIncident) stored = load_one (self, number, error);
  g_autofree char *snapshot = NULL;

  if (stored == NULL)
    return NULL;
  snapshot = _daybook_incident_to_snapshot (stored);
  if (!reindex (self, stored, error)
      || !_daybook_chain_append_full (_daybook_diary_get_db (self), "incident", number,
                                      daybook_incident_get_revision (stored), action, now, snapshot,
                                      FALSE, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static void
adopt_stored (DaybookIncident *incident, DaybookIncident *stored)
{
  _daybook_incident_set_stored (
      incident, daybook_incident_get_number (stored), daybook_incident_get_recorded_at (stored),
      daybook_incident_get_updated_at (stored), daybook_incident_get_revision (stored),
      daybook_incident_get_deleted_at (stored));
}

static DaybookIncident *
write_incident (DaybookDiary *self, DaybookIncident *incident, gint64 number, gboolean is_new,
                gint64 now, GError **error)
{
  if ((!is_new && (!keep_last_snapshot (self, number, error) || !unindex (self, number, error)))
      || !write_row (self, incident, now, &number, error)
      || !write_links (self, incident, number, error)
      || !_daybook_diary_write_breaches (self, incident, number, error))
    return NULL;
  return record_revision (self, number, is_new ? "create" : "edit", now, error);
}

/*
 * _daybook_diary_add_incident_locked:
 * @incident: a new incident (number 0)
 *
 * What daybook_diary_save_incident() does for a new entry, with the lock
 * held, inside the caller's transaction, without the "changed" signal (the
 * caller emits it after its commit). Its recorded-at is the clock's now.
 * On success @incident's number, times and revision are set.
 */
gboolean
_daybook_diary_add_incident_locked (DaybookDiary *self, DaybookIncident *incident, GError **error)
{
  g_autoptr (DaybookIncident) stored = NULL;

  g_return_val_if_fail (daybook_incident_get_number (incident) == 0, FALSE);

  if (!daybook_incident_validate (incident, error))
    return FALSE;
  stored = write_incident (self, incident, 0, TRUE, _daybook_chain_now (), error);
  if (stored == NULL)
    return FALSE;
  adopt_stored (incident, stored);
  return TRUE;
}

/**
 * daybook_diary_save_incident:
 * @incident: a new incident (number 0) or a changed copy of a stored one
 *
 * Saves @incident as one transaction: the row, its types and people (new
 * names become people), the search index and a revision in the hash chain.
 * A new incident gets the next entry number and its recorded-at time from
 * the clock; an edit keeps its recorded-at, whatever @incident says. On
 * success @incident's number, times and revision are updated.
 */
gboolean
daybook_diary_save_incident (DaybookDiary *self, DaybookIncident *incident, GError **error)
{
  g_autoptr (DaybookIncident) stored = NULL;
  gint64 now = _daybook_chain_now ();
  gint64 number;
  gboolean is_new;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);
  g_return_val_if_fail (DAYBOOK_IS_INCIDENT (incident), FALSE);

  if (!daybook_incident_validate (incident, error))
    return FALSE;

  number = daybook_incident_get_number (incident);
  is_new = number == 0;

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error) || !_daybook_diary_begin (self, error))
    goto out;

  if ((stored = write_incident (self, incident, number, is_new, now, error)) == NULL
      || !_daybook_diary_commit (self, error))
    {
      _daybook_diary_rollback (self);
      g_clear_object (&stored);
    }

out:
  _daybook_diary_unlock (self);

  if (stored == NULL)
    return FALSE;
  adopt_stored (incident, stored);
  _daybook_diary_emit_changed (self);
  return TRUE;
}

/**
 * daybook_diary_get_incident:
 *
 * Returns: (transfer full) (nullable): entry @number; a deleted entry is
 *   %DAYBOOK_ERROR_NOT_FOUND
 */
DaybookIncident *
daybook_diary_get_incident (DaybookDiary *self, gint64 number, GError **error)
{
  g_autoptr (DaybookIncident) incident = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (_daybook_diary_check_open (self, error))
    incident = load_one (self, number, error);
  _daybook_diary_unlock (self);

  if (incident != NULL && daybook_incident_get_deleted_at (incident) != 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("Entry %" PRId64 " was deleted. Its history is kept: see “show --history”."),
                   number);
      return NULL;
    }
  return g_steal_pointer (&incident);
}

/**
 * daybook_diary_delete_incident:
 *
 * Marks entry @number deleted. Nothing is erased: its revisions stay in the
 * history and a "delete" revision joins the hash chain, so a report can show
 * that the entry existed. The number is never reused.
 */
gboolean
daybook_diary_delete_incident (DaybookDiary *self, gint64 number, GError **error)
{
  g_autoptr (DaybookIncident) stored = NULL;
  g_auto (DaybookStmt) stmt = NULL;
  gint64 now = _daybook_chain_now ();
  sqlite3 *db;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error) || !_daybook_diary_begin (self, error))
    goto out;

  db = _daybook_diary_get_db (self);
  if (!keep_last_snapshot (self, number, error) || !unindex (self, number, error))
    goto rollback;
  stmt = _daybook_sql_prepare (
      db,
      "UPDATE incidents SET deleted_at = ?1, updated_at = ?1, revision = revision + 1"
      " WHERE number = ?2 AND deleted_at IS NULL",
      error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, number);
  if (!_daybook_sql_step_done (db, stmt, error))
    goto rollback;
  if (sqlite3_changes (db) != 1)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no entry number %" PRId64 "."), number);
      goto rollback;
    }

  stored = record_revision (self, number, "delete", now, error);
  if (stored != NULL && _daybook_diary_commit (self, error))
    goto out;
  g_clear_object (&stored);

rollback:
  _daybook_diary_rollback (self);
out:
  _daybook_diary_unlock (self);

  if (stored == NULL)
    return FALSE;
  _daybook_diary_emit_changed (self);
  return TRUE;
}

/**
 * daybook_diary_count_incidents:
 *
 * Returns: the number of entries not deleted
 */
guint
daybook_diary_count_incidents (DaybookDiary *self)
{
  g_auto (DaybookStmt) stmt = NULL;
  guint count = 0;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), 0);

  _daybook_diary_lock (self);
  if (_daybook_diary_check_open (self, NULL))
    {
      stmt = _daybook_sql_prepare (_daybook_diary_get_db (self),
                                   "SELECT count(*) FROM incidents WHERE deleted_at IS NULL", NULL);
      if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        count = (guint)sqlite3_column_int64 (stmt, 0);
    }
  _daybook_diary_unlock (self);

  return count;
}

/**
 * daybook_diary_list_history:
 * @entity: "incident", "person" or "case"
 *
 * Returns: (transfer full): the revisions of one thing, oldest first, as
 *   a list of #DaybookRevision
 */
GListModel *
daybook_diary_list_history (DaybookDiary *self, const char *entity, gint64 id, GError **error)
{
  g_autoptr (GListStore) store = g_list_store_new (DAYBOOK_TYPE_REVISION);
  g_auto (DaybookStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error))
    goto out;
  stmt = _daybook_sql_prepare (_daybook_diary_get_db (self),
                               "SELECT revision, action, at, " DAYBOOK_REVISION_SNAPSHOT_SQL
                               ", link, (SELECT max(e.at) FROM revisions e WHERE e.id < r.id)"
                               " FROM revisions r WHERE entity = ? AND entity_id = ?"
                               " ORDER BY revision",
                               error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *link
          = _daybook_hex (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4));
      g_autoptr (DaybookRevision) rev = daybook_revision_new (
          sqlite3_column_int (stmt, 0), _daybook_sql_text (stmt, 1), sqlite3_column_int64 (stmt, 2),
          _daybook_sql_text (stmt, 3), link);

      /* The clock set back shows in the chain itself: an earlier link with
       * a later time. */
      daybook_revision_set_previous_at (rev, sqlite3_column_int64 (stmt, 5));
      g_list_store_append (store, rev);
    }
  ok = rc == SQLITE_DONE || _daybook_sql_error (_daybook_diary_get_db (self), rc, error);

out:
  _daybook_diary_unlock (self);
  if (!ok)
    return NULL;
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND, _ ("There is no such entry."));
      return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* Each incident, deleted or not, must read exactly as its last revision:
 * @last holds, from the chain's pass over the history, each entry's last
 * revision with the digest of its snapshot. */
static gboolean
verify_batch (DaybookDiary *self, GHashTable *last, const gint64 *numbers, guint n,
              GPtrArray *problems, GError **error)
{
  g_autoptr (GPtrArray) loaded = g_ptr_array_new_full (n, _daybook_object_unref_nullable);
  g_autoptr (GString) written = g_string_sized_new (4096);

  if (!load_batch (self, numbers, n, TRUE, loaded, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      DaybookIncident *incident = loaded->pdata[i];
      const DaybookChainLast *rev = g_hash_table_lookup (last, &numbers[i]);
      gboolean same = FALSE;
      guint8 digest[32];

      if (rev == NULL)
        {
          g_ptr_array_add (problems,
                           g_strdup_printf (_ ("Entry %" PRId64
                                               " has no history: it was added outside Daybook."),
                                            numbers[i]));
          continue;
        }
      /* (Not loaded, though listed in the same read: cannot happen; it
       * would be reported as changed.) */
      if (incident != NULL && (guint)rev->revision == daybook_incident_get_revision (incident)
          && (daybook_incident_get_deleted_at (incident) != 0) == rev->deleted)
        {
          /* The written snapshot is a shortcut; the model's own
           * serialisation decides. */
          if (_daybook_incident_write_snapshot (incident, written))
            {
              _daybook_sha256 (written->str, strlen (written->str), digest);
              same = _daybook_chain_last_matches (rev, "incident", digest);
            }
          if (!same)
            {
              g_autofree char *snapshot = _daybook_incident_to_snapshot (incident);

              _daybook_sha256 (snapshot, strlen (snapshot), digest);
              same = _daybook_chain_last_matches (rev, "incident", digest);
            }
        }
      if (!same)
        g_ptr_array_add (
            problems,
            g_strdup_printf (
                _ ("Entry %" PRId64
                   " differs from its last saved revision: it was changed outside Daybook."),
                numbers[i]));
    }
  return TRUE;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/**
 * _daybook_diary_verify_incidents:
 * @last: the last revision of each entry, from _daybook_chain_verify_tracking()
 *   with "incident"
 *
 * Compares every entry with its last revision, and finds entries whose
 * row is gone but whose history is not. Call with the diary lock held.
 */
gboolean
_daybook_diary_verify_incidents (DaybookDiary *self, GHashTable *last, GPtrArray *problems,
                                 GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_autoptr (GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) orphans = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db, "SELECT number FROM incidents ORDER BY number", error);
  GHashTableIter iter;
  gpointer key;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 n = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (numbers, n);
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  for (guint i = 0; i < numbers->len; i += VERIFY_BATCH)
    if (!verify_batch (self, last, &g_array_index (numbers, gint64, i),
                       MIN (VERIFY_BATCH, numbers->len - i), problems, error))
      return FALSE;

  /* An entry whose row was removed outright still has its history: in
   * number order, as the numbers of the entries are sorted. */
  g_hash_table_iter_init (&iter, last);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (bsearch (key, numbers->data, numbers->len, sizeof (gint64), compare_gint64) == NULL)
      g_array_append_val (orphans, *(gint64 *)key);
  g_array_sort (orphans, compare_gint64);
  for (guint i = 0; i < orphans->len; i++)
    g_ptr_array_add (problems, g_strdup_printf (_ ("Entry %" PRId64
                                                   " is missing: it was removed outside Daybook."),
                                                g_array_index (orphans, gint64, i)));

  return TRUE;
}

/* daybook_incident_snapshot(NUMBER) in SQL: entry NUMBER's snapshot, made
 * from its row as it is now; what its latest revision holds when that
 * revision's snapshot is NULL. NULL for an entry that does not exist. */
static void
snapshot_function (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  DaybookDiary *self = sqlite3_user_data (ctx);
  gint64 number = sqlite3_value_int64 (argv[0]);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  char *snapshot;

  found = _daybook_diary_load_incidents (self, &number, 1, &error);
  if (found == NULL)
    {
      sqlite3_result_error (ctx, error->message, -1);
      return;
    }
  if (found->pdata[0] == NULL)
    {
      sqlite3_result_null (ctx);
      return;
    }
  snapshot = _daybook_incident_to_snapshot (found->pdata[0]);
  sqlite3_result_text (ctx, snapshot, -1, g_free);
}

/**
 * _daybook_diary_add_snapshot_function:
 *
 * Adds daybook_incident_snapshot() to the diary's connection (see
 * %DAYBOOK_REVISION_SNAPSHOT_SQL), before anything reads the history.
 */
gboolean
_daybook_diary_add_snapshot_function (DaybookDiary *self, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  int rc = sqlite3_create_function (db, "daybook_incident_snapshot", 1, SQLITE_UTF8, self,
                                    snapshot_function, NULL, NULL);

  return rc == SQLITE_OK || _daybook_sql_error (db, rc, error);
}

/**
 * _daybook_diary_migrate_hook:
 * @data: the #DaybookDiary being opened
 *
 * What the schema's migrations cannot do in SQL alone. Schema 7: each
 * entry's latest snapshot is emptied where the snapshot rebuilt from the
 * entry's row is the same byte for byte; where it differs (a row altered
 * behind Daybook's back, or an older serialisation), the stored one is
 * kept, so nothing is lost and verify still judges it.
 */
gboolean
_daybook_diary_migrate_hook (sqlite3 *db, int version, gpointer data, GError **error)
{
  if (version != 7)
    return TRUE;
  return _daybook_sql_exec (db,
                            "UPDATE revisions SET snapshot = NULL"
                            " WHERE entity = 'incident'"
                            " AND revision = (SELECT max(l.revision) FROM revisions l"
                            "   WHERE l.entity = 'incident' AND l.entity_id = revisions.entity_id)"
                            " AND snapshot = daybook_incident_snapshot (entity_id)",
                            error);
}
