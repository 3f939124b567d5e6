/* daybook-history.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include <inttypes.h>

#include "daybook-i18n.h"

#include "daybook-diary-private.h"
#include "daybook-history.h"

/*
 * What the hash chain says about itself. Every revision keeps the time the
 * computer's clock gave when it was saved; nothing makes that time move
 * forward. A time earlier than one already in the chain means the clock was
 * set back (or was wrong) at that save. Both times stay in the chain, and
 * the flag is derived from it, so it cannot be hidden without changing a
 * link, which `verify` finds.
 */

void
daybook_clock_regression_free (DaybookClockRegression *regression)
{
  if (regression == NULL)
    return;
  g_free (regression->entity);
  g_free (regression);
}

/**
 * _daybook_clock_scan_init:
 * @found: (element-type DaybookClockRegression): receives the regressions
 *
 * Starts a walk of the chain for _daybook_clock_scan_row().
 */
void
_daybook_clock_scan_init (DaybookClockScan *scan, GPtrArray *found)
{
  scan->latest = G_MININT64;
  scan->found = found;
}

/**
 * _daybook_clock_scan_row:
 * @data: a #DaybookClockScan
 *
 * One record of the chain, in order: a #DaybookChainRowFunc.
 */
void
_daybook_clock_scan_row (gint64 id, const char *entity, gint64 entity_id, gint64 revision,
                         gint64 at, gpointer data)
{
  DaybookClockScan *scan = data;

  if (at < scan->latest)
    {
      DaybookClockRegression *r = g_new0 (DaybookClockRegression, 1);

      r->link = id;
      r->entity = g_strdup (entity);
      r->entity_id = entity_id;
      r->revision = (guint)revision;
      r->at = at;
      r->previous_at = scan->latest;
      g_ptr_array_add (scan->found, r);
    }
  scan->latest = MAX (scan->latest, at);
}

/**
 * daybook_diary_list_clock_regressions:
 *
 * Walks the chain in order and lists every revision recorded at a time
 * earlier than the latest time of the revisions before it.
 *
 * Returns: (transfer full) (element-type DaybookClockRegression): the
 *   regressions in chain order, or %NULL on error
 */
GPtrArray *
daybook_diary_list_clock_regressions (DaybookDiary *self, GError **error)
{
  g_autoptr (GPtrArray) found
      = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_clock_regression_free);
  g_auto (DaybookStmt) stmt = NULL;
  DaybookClockScan scan;
  gboolean ok = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_clock_scan_init (&scan, found);
  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error))
    goto out;
  db = _daybook_diary_get_db (self);
  stmt = _daybook_sql_prepare (
      db, "SELECT id, entity, entity_id, revision, at FROM revisions ORDER BY id", error);
  if (stmt == NULL)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _daybook_clock_scan_row (sqlite3_column_int64 (stmt, 0), _daybook_sql_text (stmt, 1),
                             sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3),
                             sqlite3_column_int64 (stmt, 4), &scan);
  ok = rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);

out:
  _daybook_diary_unlock (self);
  return ok ? g_steal_pointer (&found) : NULL;
}

/**
 * daybook_diary_get_history_length:
 *
 * Returns: the number of links in the hash chain (0 when locked or empty)
 */
gint64
daybook_diary_get_history_length (DaybookDiary *self)
{
  g_auto (DaybookStmt) stmt = NULL;
  gint64 length = 0;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), 0);

  _daybook_diary_lock (self);
  if (_daybook_diary_check_open (self, NULL))
    {
      stmt = _daybook_sql_prepare (_daybook_diary_get_db (self),
                                   "SELECT coalesce(max(id), 0) FROM revisions", NULL);
      if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        length = sqlite3_column_int64 (stmt, 0);
    }
  _daybook_diary_unlock (self);
  return length;
}

/**
 * daybook_clock_regression_dup_subject:
 *
 * Returns: (transfer full): what was saved, as a sentence names it:
 *   "entry 3, revision 2"
 */
char *
daybook_clock_regression_dup_subject (const DaybookClockRegression *regression)
{
  const char *entity = regression->entity;
  gint64 id = regression->entity_id;
  guint rev = regression->revision;

  if (g_strcmp0 (entity, "incident") == 0)
    /* TRANSLATORS: a change in the history: entry number, its revision */
    return g_strdup_printf (_ ("entry %" PRId64 ", revision %u"), id, rev);
  if (g_strcmp0 (entity, "person") == 0)
    return g_strdup_printf (_ ("person %" PRId64 ", revision %u"), id, rev);
  if (g_strcmp0 (entity, "attachment") == 0)
    return g_strdup_printf (_ ("attachment %" PRId64 ", revision %u"), id, rev);
  if (g_strcmp0 (entity, "case") == 0)
    return g_strdup_printf (_ ("the case details, revision %u"), rev);
  if (g_strcmp0 (entity, "order") == 0)
    return g_strdup_printf (_ ("order %" PRId64 ", revision %u"), id, rev);
  if (g_strcmp0 (entity, "contact") == 0)
    return g_strdup_printf (_ ("police contact %" PRId64 ", revision %u"), id, rev);
  return g_strdup_printf (_ ("%s %" PRId64 ", revision %u"), entity, id, rev);
}
