/* daybook-diary-orders.c
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
#include "daybook-incident-private.h"
#include "daybook-registers.h"

/*
 * Orders and their terms, and breaches.
 *
 * An order is a row of `orders` and its terms rows of `order_terms`; its
 * snapshot (entity "order") holds both, so a term changed or removed behind
 * Daybook's back is found by verify like a changed entry. Terms are never
 * renumbered or really deleted: removing one sets its `deleted_at`, and a
 * removed term can no longer change.
 *
 * A breach mark (`incident_breaches`) belongs to the entry: it is written
 * with the entry, and is the member "breaches" of the entry's snapshot, so
 * "edited to add a breach" is a revision of the entry. The member is left
 * out when the entry has none, so snapshots saved before breaches existed
 * keep their bytes. A new mark must name a term that exists and is not
 * removed; marks an entry already had stay when their term or order is
 * removed, and stay readable through daybook_diary_get_order().
 *
 * Diaries made before the register kept the orders in force as the free
 * text case detail "orders". After open, that text is copied once, byte for
 * byte, into the notes of an order of kind "other" (with its own revision);
 * the case detail itself is kept unchanged, in the case history as before.
 * The plain setting `orders-migrated` (no revision) remembers the copy was
 * made, with the order's id.
 */

#define ORDER_COLUMNS                                                                              \
  "id, revision, deleted_at, kind, court, reference, made_on, served_on, expires_on, notes,"       \
  " document"
#define ORDERS_MIGRATED "orders-migrated"

/*
 * _daybook_diary_has_registers:
 *
 * Whether the database has the tables of schema 5 (orders, breaches,
 * police contacts). A hand-over bundle made before them is opened
 * read-only and never migrated: it simply has none. Call with the lock.
 */
gboolean
_daybook_diary_has_registers (DaybookDiary *self)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      _daybook_diary_get_db (self),
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'incident_breaches'", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

static DaybookOrder *
order_from_row (sqlite3_stmt *stmt)
{
  DaybookOrderKind kind = DAYBOOK_ORDER_OTHER;
  DaybookOrder *order;

  daybook_order_kind_from_id (_daybook_sql_text (stmt, 3), &kind);
  order = daybook_order_new (kind);
  _daybook_order_set_stored (order, sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1),
                             sqlite3_column_int64 (stmt, 2));
  for (guint f = 0; f < DAYBOOK_ORDER_N_FIELDS; f++)
    daybook_order_set_field (order, f, _daybook_sql_text (stmt, 4 + (int)f));
  daybook_order_set_document (order, sqlite3_column_int64 (stmt, 10));
  return order;
}

static gboolean
load_terms (sqlite3 *db, DaybookOrder *order, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT number, text, deleted_at FROM order_terms WHERE order_id = ? ORDER BY number",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, daybook_order_get_id (order));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _daybook_order_set_term_stored (order, (guint)sqlite3_column_int64 (stmt, 0),
                                    _daybook_sql_text (stmt, 1), sqlite3_column_int64 (stmt, 2));
  return rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);
}

static DaybookOrder *
load_order (sqlite3 *db, gint64 id, gboolean deleted_too, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      deleted_too ? "SELECT " ORDER_COLUMNS " FROM orders WHERE id = ?"
                  : "SELECT " ORDER_COLUMNS " FROM orders WHERE id = ? AND deleted_at IS NULL",
      error);
  g_autoptr (DaybookOrder) order = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no order number %" PRId64 ". List them with “orders”."), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _daybook_sql_error (db, rc, error);
      return NULL;
    }
  order = order_from_row (stmt);
  if (!load_terms (db, order, error))
    return NULL;
  return g_steal_pointer (&order);
}

static gboolean
record_order_revision (sqlite3 *db, gint64 id, const char *action, gint64 now,
                       DaybookOrder **stored_out, GError **error)
{
  g_autoptr (DaybookOrder) stored = load_order (db, id, TRUE, error);
  g_autofree char *snapshot = NULL;

  if (stored == NULL)
    return FALSE;
  snapshot = _daybook_order_to_snapshot (stored);
  if (!_daybook_chain_append (db, "order", id, daybook_order_get_revision (stored), action, now,
                              snapshot, error))
    return FALSE;
  if (stored_out != NULL)
    *stored_out = g_steal_pointer (&stored);
  return TRUE;
}

static gboolean
check_document (sqlite3 *db, gint64 document, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;

  if (document == 0)
    return TRUE;
  stmt = _daybook_sql_prepare (db, "SELECT 1 FROM attachments WHERE id = ? AND deleted_at IS NULL",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("The order's document is not in the diary's evidence: attach it first."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_order_row (sqlite3 *db, DaybookOrder *order, gint64 now, gint64 *id, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  gint64 document = daybook_order_get_document (order);

  if (*id == 0)
    stmt = _daybook_sql_prepare (db,
                                 "INSERT INTO orders (kind, court, reference, made_on, served_on,"
                                 " expires_on, notes, document, created_at, updated_at, revision)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, 1)",
                                 error);
  else
    stmt = _daybook_sql_prepare (db,
                                 "UPDATE orders SET kind = ?1, court = ?2, reference = ?3,"
                                 " made_on = ?4, served_on = ?5, expires_on = ?6, notes = ?7,"
                                 " document = ?8, updated_at = ?9, revision = revision + 1"
                                 " WHERE id = ?10 AND deleted_at IS NULL",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, daybook_order_kind_get_id (daybook_order_get_kind (order)), -1,
                     SQLITE_STATIC);
  for (guint f = 0; f < DAYBOOK_ORDER_N_FIELDS; f++)
    sqlite3_bind_text (stmt, 2 + (int)f, daybook_order_get_field (order, f), -1, SQLITE_STATIC);
  if (document != 0)
    sqlite3_bind_int64 (stmt, 8, document);
  else
    sqlite3_bind_null (stmt, 8);
  sqlite3_bind_int64 (stmt, 9, now);
  if (*id != 0)
    sqlite3_bind_int64 (stmt, 10, *id);
  if (!_daybook_sql_step_done (db, stmt, error))
    return FALSE;
  if (*id == 0)
    *id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) != 1)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no order number %" PRId64 ". List them with “orders”."), *id);
      return FALSE;
    }
  return TRUE;
}

/* Terms as the caller has them, against the stored ones: new numbers are
 * added, changed text is written, a removal sets deleted_at; a stored term
 * the caller left out is kept as it is; a removed term cannot change. */
static gboolean
write_terms (sqlite3 *db, DaybookOrder *order, gint64 id, gint64 now, GError **error)
{
  g_autoptr (DaybookOrder) stored = daybook_order_new (DAYBOOK_ORDER_OTHER);
  g_auto (DaybookStmt) put = _daybook_sql_prepare (
      db,
      "INSERT OR REPLACE INTO order_terms (order_id, number, text, deleted_at) VALUES (?, ?, ?, ?)",
      error);

  if (put == NULL)
    return FALSE;
  _daybook_order_set_stored (stored, id, 0, 0);
  if (!load_terms (db, stored, error))
    return FALSE;

  for (guint i = 0; i < daybook_order_get_n_terms (order); i++)
    {
      const DaybookOrderTerm *term = daybook_order_get_term (order, i);
      const DaybookOrderTerm *old = daybook_order_find_term (stored, term->number);
      gint64 deleted_at = 0;

      if (term->number == 0)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("An order's terms are numbered from 1."));
          return FALSE;
        }
      if (old != NULL && old->deleted)
        {
          if (!term->deleted || strcmp (old->text, term->text) != 0)
            {
              g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("Term %u of the order was removed and cannot be changed: add a new "
                              "term instead."),
                           term->number);
              return FALSE;
            }
          continue;
        }
      if (old != NULL && !term->deleted && strcmp (old->text, term->text) == 0)
        continue;
      if (term->deleted)
        deleted_at = now;

      sqlite3_reset (put);
      sqlite3_bind_int64 (put, 1, id);
      sqlite3_bind_int64 (put, 2, term->number);
      sqlite3_bind_text (put, 3, term->text, -1, SQLITE_STATIC);
      if (deleted_at != 0)
        sqlite3_bind_int64 (put, 4, deleted_at);
      else
        sqlite3_bind_null (put, 4);
      if (!_daybook_sql_step_done (db, put, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
save_order_locked (DaybookDiary *self, DaybookOrder *order, gint64 now, DaybookOrder **stored,
                   GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  gint64 id = daybook_order_get_id (order);
  gboolean is_new = id == 0;

  return check_document (db, daybook_order_get_document (order), error)
         && write_order_row (db, order, now, &id, error) && write_terms (db, order, id, now, error)
         && record_order_revision (db, id, is_new ? "create" : "edit", now, stored, error);
}

static int
compare_orders (gconstpointer a, gconstpointer b, gpointer user_data)
{
  gint64 x = daybook_order_get_id ((DaybookOrder *)a), y = daybook_order_get_id ((DaybookOrder *)b);

  return x < y ? -1 : x > y;
}

/**
 * daybook_diary_list_orders:
 *
 * Returns: (transfer full): the orders not deleted, as #DaybookOrder, by id
 */
GListModel *
daybook_diary_list_orders (DaybookDiary *self, GError **error)
{
  g_autoptr (GListStore) store = g_list_store_new (DAYBOOK_TYPE_ORDER);
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
  stmt = _daybook_sql_prepare (
      db, "SELECT " ORDER_COLUMNS " FROM orders WHERE deleted_at IS NULL ORDER BY id", error);
  if (stmt == NULL)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (DaybookOrder) order = order_from_row (stmt);

      if (!load_terms (db, order, error))
        goto out;
      g_list_store_append (store, order);
    }
  ok = rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);

out:
  _daybook_diary_unlock (self);
  if (!ok)
    return NULL;
  g_list_store_sort (store, compare_orders, NULL);
  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * daybook_diary_get_order:
 *
 * Returns: (transfer full) (nullable): order @id, deleted or not (see
 *   daybook_order_get_deleted_at())
 */
DaybookOrder *
daybook_diary_get_order (DaybookDiary *self, gint64 id, GError **error)
{
  DaybookOrder *order = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (_daybook_diary_check_open (self, error))
    {
      if (_daybook_diary_has_registers (self))
        order = load_order (_daybook_diary_get_db (self), id, TRUE, error);
      else
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                     _ ("There is no order number %" PRId64 ". List them with “orders”."), id);
    }
  _daybook_diary_unlock (self);
  return order;
}

/**
 * daybook_diary_save_order:
 *
 * Adds (id 0) or changes an order, in one transaction with a revision. On
 * success @order is what was stored: its id, revision and the times its
 * terms were removed.
 */
gboolean
daybook_diary_save_order (DaybookDiary *self, DaybookOrder *order, GError **error)
{
  g_autoptr (DaybookOrder) stored = NULL;
  gint64 now = _daybook_chain_now ();
  gboolean ok = FALSE;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);
  g_return_val_if_fail (DAYBOOK_IS_ORDER (order), FALSE);

  if (!daybook_order_validate (order, error))
    return FALSE;

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error) || !_daybook_diary_begin (self, error))
    goto out;
  ok = save_order_locked (self, order, now, &stored, error) && _daybook_diary_commit (self, error);
  if (!ok)
    _daybook_diary_rollback (self);

out:
  _daybook_diary_unlock (self);
  if (!ok)
    return FALSE;

  _daybook_order_set_stored (order, daybook_order_get_id (stored),
                             daybook_order_get_revision (stored), 0);
  for (guint i = 0; i < daybook_order_get_n_terms (stored); i++)
    {
      const DaybookOrderTerm *term = daybook_order_get_term (stored, i);
      _daybook_order_set_term_stored (order, term->number, term->text, term->deleted_at);
    }
  _daybook_diary_emit_changed (self);
  return TRUE;
}

/**
 * daybook_diary_delete_order:
 *
 * Marks order @id deleted, with a revision. Breach marks of it stay on
 * their entries.
 */
gboolean
daybook_diary_delete_order (DaybookDiary *self, gint64 id, GError **error)
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
                               "UPDATE orders SET deleted_at = ?1, updated_at = ?1,"
                               " revision = revision + 1 WHERE id = ?2 AND deleted_at IS NULL",
                               error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = _daybook_sql_step_done (db, stmt, error);
      if (ok && sqlite3_changes (db) != 1)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                       _ ("There is no order number %" PRId64 ". List them with “orders”."), id);
          ok = FALSE;
        }
      ok = ok && record_order_revision (db, id, "delete", now, NULL, error)
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

/* ---- breaches ------------------------------------------------------------ */

static gboolean
check_new_breach (sqlite3 *db, const DaybookBreach *breach, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      "SELECT o.deleted_at IS NULL, t.number IS NOT NULL, t.deleted_at IS NULL FROM orders o"
      " LEFT JOIN order_terms t ON t.order_id = o.id AND t.number = ?2 WHERE o.id = ?1",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, breach->order_id);
  sqlite3_bind_int64 (stmt, 2, breach->term);
  if (sqlite3_step (stmt) != SQLITE_ROW || !sqlite3_column_int (stmt, 0))
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                 _ ("There is no order number %" PRId64 ": the entry was not saved. "
                    "List the orders with “orders”."),
                 breach->order_id);
  else if (!sqlite3_column_int (stmt, 1))
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                 _ ("Order %" PRId64 " has no term %u: the entry was not saved. "
                    "See its terms with “orders”."),
                 breach->order_id, breach->term);
  else if (!sqlite3_column_int (stmt, 2))
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                 _ ("Term %u of order %" PRId64 " was removed: the entry was not saved. "
                    "Mark a term in force."),
                 breach->term, breach->order_id);
  else
    return TRUE;
  return FALSE;
}

/*
 * _daybook_diary_write_breaches:
 *
 * Inside the entry's transaction: replaces entry @number's breach marks
 * with @incident's. A mark the entry did not have must name an order and
 * term in force.
 */
gboolean
_daybook_diary_write_breaches (DaybookDiary *self, DaybookIncident *incident, gint64 number,
                               GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_auto (DaybookStmt) had = _daybook_sql_prepare (
      db, "SELECT 1 FROM incident_breaches WHERE number = ? AND order_id = ? AND term = ?", error);
  g_auto (DaybookStmt) del
      = _daybook_sql_prepare (db, "DELETE FROM incident_breaches WHERE number = ?", error);
  g_auto (DaybookStmt) add = _daybook_sql_prepare (
      db, "INSERT INTO incident_breaches (number, order_id, term) VALUES (?, ?, ?)", error);

  if (had == NULL || del == NULL || add == NULL)
    return FALSE;

  for (guint i = 0; i < daybook_incident_get_n_breaches (incident); i++)
    {
      const DaybookBreach *breach = daybook_incident_get_breach (incident, i);

      sqlite3_reset (had);
      sqlite3_bind_int64 (had, 1, number);
      sqlite3_bind_int64 (had, 2, breach->order_id);
      sqlite3_bind_int64 (had, 3, breach->term);
      if (sqlite3_step (had) != SQLITE_ROW && !check_new_breach (db, breach, error))
        return FALSE;
    }

  sqlite3_bind_int64 (del, 1, number);
  if (!_daybook_sql_step_done (db, del, error))
    return FALSE;
  for (guint i = 0; i < daybook_incident_get_n_breaches (incident); i++)
    {
      const DaybookBreach *breach = daybook_incident_get_breach (incident, i);

      sqlite3_reset (add);
      sqlite3_bind_int64 (add, 1, number);
      sqlite3_bind_int64 (add, 2, breach->order_id);
      sqlite3_bind_int64 (add, 3, breach->term);
      if (!_daybook_sql_step_done (db, add, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * daybook_diary_list_breaches:
 *
 * Returns: (transfer full) (element-type DaybookBreachMark): the breach
 *   marks of entries not deleted, by order, term and entry
 */
GArray *
daybook_diary_list_breaches (DaybookDiary *self, GError **error)
{
  g_autoptr (GArray) marks = g_array_new (FALSE, FALSE, sizeof (DaybookBreachMark));
  g_auto (DaybookStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error))
    goto out;
  if (!_daybook_diary_has_registers (self))
    {
      ok = TRUE;
      goto out;
    }
  stmt = _daybook_sql_prepare (_daybook_diary_get_db (self),
                               "SELECT b.number, b.order_id, b.term FROM incident_breaches b"
                               " JOIN incidents i ON i.number = b.number"
                               " WHERE i.deleted_at IS NULL ORDER BY b.order_id, b.term, b.number",
                               error);
  if (stmt == NULL)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DaybookBreachMark mark = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                                 (guint)sqlite3_column_int64 (stmt, 2) };
      g_array_append_val (marks, mark);
    }
  ok = rc == SQLITE_DONE || _daybook_sql_error (_daybook_diary_get_db (self), rc, error);

out:
  _daybook_diary_unlock (self);
  return ok ? g_steal_pointer (&marks) : NULL;
}

/**
 * daybook_diary_count_breaches:
 *
 * Returns: (transfer full) (element-type DaybookBreachCount): per order and
 *   term, the entries not deleted that mark it
 */
GArray *
daybook_diary_count_breaches (DaybookDiary *self, GError **error)
{
  g_autoptr (GArray) marks = daybook_diary_list_breaches (self, error);
  GArray *counts;

  if (marks == NULL)
    return NULL;
  counts = g_array_new (FALSE, FALSE, sizeof (DaybookBreachCount));
  for (guint i = 0; i < marks->len; i++)
    {
      const DaybookBreachMark *m = &g_array_index (marks, DaybookBreachMark, i);
      DaybookBreachCount *last
          = counts->len > 0 ? &g_array_index (counts, DaybookBreachCount, counts->len - 1) : NULL;

      if (last != NULL && last->order_id == m->order_id && last->term == m->term)
        last->count++;
      else
        {
          DaybookBreachCount c = { m->order_id, m->term, 1 };
          g_array_append_val (counts, c);
        }
    }
  return counts;
}

/**
 * daybook_diary_set_incident_breaches:
 *
 * Replaces entry @number's breach marks and saves it (a revision of the
 * entry).
 */
gboolean
daybook_diary_set_incident_breaches (DaybookDiary *self, gint64 number,
                                     const DaybookBreach *breaches, guint n, GError **error)
{
  g_autoptr (DaybookIncident) incident = daybook_diary_get_incident (self, number, error);

  if (incident == NULL)
    return FALSE;
  daybook_incident_clear_breaches (incident);
  for (guint i = 0; i < n; i++)
    daybook_incident_add_breach (incident, breaches[i].order_id, breaches[i].term);
  return daybook_diary_save_incident (self, incident, error);
}

/* ---- the free-text orders of older diaries ------------------------------- */

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/*
 * _daybook_diary_migrate_orders_text:
 *
 * Once, after open, in a diary that can be written: copies the free-text
 * case detail "orders" into an order of kind "other", byte for byte in its
 * notes, with its own revision. The case detail is left as it is.
 */
gboolean
_daybook_diary_migrate_orders_text (DaybookDiary *self, GError **error)
{
  g_autofree char *text = NULL;
  g_autofree char *done = NULL;
  g_autoptr (DaybookOrder) order = NULL;
  g_autoptr (DaybookOrder) stored = NULL;
  g_auto (DaybookStmt) mark = NULL;
  g_autofree char *id = NULL;
  gint64 now = _daybook_chain_now ();
  gboolean ok = FALSE;

  if (daybook_diary_is_read_only (self))
    return TRUE;
  done = daybook_diary_dup_setting (self, ORDERS_MIGRATED);
  text = daybook_diary_dup_setting (self, DAYBOOK_SETTING_ORDERS);
  if (done != NULL || text == NULL || is_blank (text))
    return TRUE;

  order = daybook_order_new (DAYBOOK_ORDER_OTHER);
  daybook_order_set_field (order, DAYBOOK_ORDER_NOTES, text);

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error) || !_daybook_diary_begin (self, error))
    goto out;
  ok = save_order_locked (self, order, now, &stored, error)
       && (mark = _daybook_sql_prepare (
               _daybook_diary_get_db (self),
               "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", error))
              != NULL;
  if (ok)
    {
      id = g_strdup_printf ("%" PRId64, daybook_order_get_id (stored));
      sqlite3_bind_text (mark, 1, ORDERS_MIGRATED, -1, SQLITE_STATIC);
      sqlite3_bind_text (mark, 2, id, -1, SQLITE_STATIC);
      ok = _daybook_sql_step_done (_daybook_diary_get_db (self), mark, error)
           && _daybook_diary_commit (self, error);
    }
  if (!ok)
    _daybook_diary_rollback (self);
out:
  _daybook_diary_unlock (self);
  return ok;
}

/* ---- verification -------------------------------------------------------- */

static gboolean
verify_orders (DaybookDiary *self, GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_auto (DaybookStmt) ids = _daybook_sql_prepare (db, "SELECT id FROM orders ORDER BY id", error);
  g_auto (DaybookStmt) last
      = _daybook_sql_prepare (db,
                              "SELECT snapshot FROM revisions WHERE entity = 'order' AND "
                              "entity_id = ? ORDER BY revision DESC LIMIT 1",
                              error);
  g_auto (DaybookStmt) orphans = NULL;
  int rc;

  if (ids == NULL || last == NULL)
    return FALSE;
  while ((rc = sqlite3_step (ids)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (ids, 0);
      g_autoptr (DaybookOrder) order = load_order (db, id, TRUE, error);
      g_autofree char *snapshot = NULL;

      if (order == NULL)
        return FALSE;
      snapshot = _daybook_order_to_snapshot (order);
      sqlite3_reset (last);
      sqlite3_bind_int64 (last, 1, id);
      if (sqlite3_step (last) != SQLITE_ROW || strcmp (_daybook_sql_text (last, 0), snapshot) != 0)
        g_ptr_array_add (problems,
                         g_strdup_printf (_ ("Order %" PRId64
                                             " or its terms differ from its last saved revision: "
                                             "changed outside Daybook."),
                                          id));
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  /* Terms of an order that was never saved cannot be in any snapshot. */
  orphans = _daybook_sql_prepare (db,
                                  "SELECT count(*) FROM order_terms WHERE order_id NOT IN"
                                  " (SELECT id FROM orders)",
                                  error);
  if (orphans == NULL)
    return FALSE;
  if (sqlite3_step (orphans) == SQLITE_ROW && sqlite3_column_int (orphans, 0) > 0)
    g_ptr_array_add (problems, g_strdup (_ ("The diary holds terms of an order it does not have: "
                                            "changed outside Daybook.")));
  return TRUE;
}

gboolean
_daybook_diary_verify_orders (DaybookDiary *self, GPtrArray *problems, GError **error)
{
  /* A bundle made before schema 5 has no registers to check. */
  return !_daybook_diary_has_registers (self) || verify_orders (self, problems, error);
}
