/* daybook-diary-bundle.c
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

#include "daybook-bytes.h"
#include "daybook-chain.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"

/*
 * Reading a hand-over bundle's tie to its source diary (the writing side,
 * and the table `bundle_source_chain`, are described at the top of
 * app/backup/daybook-bundle.c).
 *
 * The check starts from the link before the first position the bundle
 * carries and recomputes every link up to the source's length: from the
 * bundle's own revision where it is carried as it is, from the link inputs
 * (with the snapshot's hash) where it is not. If the last link equals the
 * recorded source fingerprint then, as far as SHA-256 holds, each revision
 * carried as it is sits at its position in a chain that ends in that
 * fingerprint at that length, with exactly that content. It proves nothing
 * about a fingerprint nobody has seen elsewhere: whoever held the source's
 * key could have made the whole chain. Compared with a fingerprint printed
 * on a report from the source (at the same length), or with the source's
 * own link at that position, it shows the bundle's entries are the
 * source's, unaltered. It does not show that the source's history before
 * the first carried position is what it was: that part is one link, taken
 * as given. Entries whose shown text differs from their source revision
 * (private notes blanked) are tied by their revision's hash only, and are
 * named as such.
 */

static char *
setting (sqlite3 *db, const char *key)
{
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db, "SELECT value FROM settings WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup (_daybook_sql_text (stmt, 0));
}

static gboolean
from_hex (const char *hex, guint8 *out, gsize len)
{
  if (hex == NULL || strlen (hex) != 2 * len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8)(hi << 4 | lo);
    }
  return TRUE;
}

static gboolean
has_table (sqlite3 *db, const char *name)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* "2, 5–9, 12" */
static void
append_range (GString *s, gint64 from, gint64 to)
{
  if (s->len > 0)
    g_string_append (s, ", ");
  if (from == to)
    g_string_append_printf (s, "%" PRId64, from);
  else
    g_string_append_printf (s, "%" PRId64 "–%" PRId64, from, to);
}

static char *
ranges (GArray *numbers)
{
  GString *s = g_string_new (NULL);
  gint64 from = 0, to = 0;

  for (guint i = 0; i < numbers->len; i++)
    {
      gint64 n = g_array_index (numbers, gint64, i);

      if (i > 0 && n == to + 1)
        {
          to = n;
          continue;
        }
      if (i > 0)
        append_range (s, from, to);
      from = to = n;
    }
  if (numbers->len > 0)
    append_range (s, from, to);
  return g_string_free (s, FALSE);
}

/* Recomputes the carried chain; adds what does not hold to @problems. */
static gboolean
recompute (sqlite3 *db, DaybookBundleSource *out, gint64 start_at, const guint8 start[32],
           const guint8 head[32], GPtrArray *problems, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      "SELECT c.id, c.revision, c.entity, c.entity_id, c.rev, c.action, c.at, c.snapshot_sha256,"
      " r.id, r.entity, r.entity_id, r.revision, r.action, r.at, r.snapshot, c.shown,"
      " s.entity, s.entity_id, s.revision, s.action, s.at"
      " FROM bundle_source_chain c LEFT JOIN revisions r ON r.id = c.revision"
      " LEFT JOIN revisions s ON s.id = c.shown ORDER BY c.id",
      error);
  g_auto (DaybookStmt) orphans = _daybook_sql_prepare (
      db,
      "SELECT id FROM revisions WHERE id NOT IN (SELECT revision FROM bundle_source_chain"
      " WHERE revision IS NOT NULL UNION SELECT shown FROM bundle_source_chain"
      " WHERE shown IS NOT NULL) ORDER BY id",
      error);
  guint8 link[32];
  gint64 expected = start_at + 1;
  gboolean broken = FALSE;
  int rc;

  if (stmt == NULL || orphans == NULL)
    return FALSE;
  memcpy (link, start, 32);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 position = sqlite3_column_int64 (stmt, 0);

      if (position != expected)
        broken = TRUE;
      expected = position + 1;
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        {
          if (sqlite3_column_type (stmt, 8) == SQLITE_NULL)
            {
              broken = TRUE;
              continue;
            }
          _daybook_chain_link (link, position, _daybook_sql_text (stmt, 9),
                               sqlite3_column_int64 (stmt, 10), sqlite3_column_int64 (stmt, 11),
                               _daybook_sql_text (stmt, 12), sqlite3_column_int64 (stmt, 13),
                               _daybook_sql_text (stmt, 14), link);
        }
      else if (sqlite3_column_bytes (stmt, 7) == 32)
        {
          guint8 hash[32];

          memcpy (hash, sqlite3_column_blob (stmt, 7), 32);
          _daybook_chain_link_hashed (link, position, _daybook_sql_text (stmt, 2),
                                      sqlite3_column_int64 (stmt, 3),
                                      sqlite3_column_int64 (stmt, 4), _daybook_sql_text (stmt, 5),
                                      sqlite3_column_int64 (stmt, 6), hash, link);
          /* A narrowed copy shows the same change of the same record. */
          if (sqlite3_column_type (stmt, 15) != SQLITE_NULL
              && (g_strcmp0 (_daybook_sql_text (stmt, 16), _daybook_sql_text (stmt, 2)) != 0
                  || sqlite3_column_int64 (stmt, 17) != sqlite3_column_int64 (stmt, 3)
                  || sqlite3_column_int64 (stmt, 18) != sqlite3_column_int64 (stmt, 4)
                  || g_strcmp0 (_daybook_sql_text (stmt, 19), _daybook_sql_text (stmt, 5)) != 0
                  || sqlite3_column_int64 (stmt, 20) != sqlite3_column_int64 (stmt, 6)))
            g_ptr_array_add (
                problems, g_strdup_printf (_ ("The bundle's copy of source history record %" PRId64
                                              " is not the change the source recorded there."),
                                           position));
        }
      else
        broken = TRUE;
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  if (broken || expected - 1 != out->length)
    g_ptr_array_add (problems,
                     g_strdup (_ ("The bundle's copy of the source diary's history has gaps: "
                                  "it was altered after the bundle was made.")));
  else if (memcmp (link, head, 32) != 0)
    g_ptr_array_add (
        problems,
        g_strdup (_ ("The bundle's entries do not match the source fingerprint it records: "
                     "something in the bundle was altered after it was made.")));
  else
    out->matches = TRUE;

  while ((rc = sqlite3_step (orphans)) == SQLITE_ROW)
    {
      out->matches = FALSE;
      g_ptr_array_add (problems,
                       g_strdup_printf (_ ("History record %" PRId64
                                           " of the bundle is not in the source diary's history: "
                                           "it was added after the bundle was made."),
                                        (gint64)sqlite3_column_int64 (orphans, 0)));
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}

/* Which entries are shown exactly as their source revision, and which
 * (private notes blanked) are tied by hash only. */
static gboolean
entries (sqlite3 *db, DaybookBundleSource *out, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      out->tied && has_table (db, "bundle_source_chain")
          ? "SELECT i.number, EXISTS (SELECT 1 FROM bundle_source_chain c WHERE c.revision ="
            " (SELECT MAX(r.id) FROM revisions r WHERE r.entity = 'incident'"
            " AND r.entity_id = i.number)) FROM incidents i ORDER BY i.number"
          : "SELECT number, 1 FROM incidents ORDER BY number",
      error);
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) hashed = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 number = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (all, number);
      if (!sqlite3_column_int (stmt, 1))
        g_array_append_val (hashed, number);
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  out->n_entries = all->len;
  out->entries = ranges (all);
  out->hashed = hashed->len > 0 ? ranges (hashed) : NULL;
  return TRUE;
}

/**
 * _daybook_diary_check_bundle_source:
 * @out: filled in; clear with daybook_bundle_source_clear()
 * @problems: (element-type utf8): receives one sentence per problem found
 *
 * For a hand-over bundle, recomputes its tie to the source diary's hash
 * chain (see above). Call with the diary lock held.
 *
 * Returns: %FALSE only if the check could not be run
 */
gboolean
_daybook_diary_check_bundle_source (DaybookDiary *self, DaybookBundleSource *out,
                                    GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);
  g_autofree char *head_hex = NULL, *id_hex = NULL, *length = NULL, *start_text = NULL;
  g_auto (GStrv) start_parts = NULL;
  guint8 head[32], start[32], source_id[16], genesis[32];
  gint64 start_at;

  memset (out, 0, sizeof *out);
  head_hex = setting (db, DAYBOOK_SETTING_BUNDLE_SOURCE);
  if (head_hex == NULL)
    return TRUE;
  out->is_bundle = TRUE;
  out->head = g_strdup (head_hex);
  id_hex = setting (db, DAYBOOK_SETTING_BUNDLE_SOURCE_ID);
  out->source_id = g_strdup (id_hex);
  length = setting (db, DAYBOOK_SETTING_BUNDLE_SOURCE_LENGTH);
  start_text = setting (db, DAYBOOK_SETTING_BUNDLE_SOURCE_START);
  if (length == NULL && start_text == NULL && !has_table (db, "bundle_source_chain"))
    return entries (db, out, error); /* made before bundles carried the source chain */

  out->tied = TRUE;
  out->length = length ? g_ascii_strtoll (length, NULL, 10) : 0;
  start_parts = g_strsplit (start_text ? start_text : "", " ", 2);
  if (length == NULL || g_strv_length (start_parts) != 2 || !from_hex (head_hex, head, 32)
      || !from_hex (id_hex, source_id, 16) || !from_hex (start_parts[1], start, 32)
      || !has_table (db, "bundle_source_chain"))
    {
      g_ptr_array_add (problems,
                       g_strdup (_ ("The bundle's record of its source diary is damaged: it "
                                    "was altered after the bundle was made.")));
      return entries (db, out, error);
    }
  start_at = g_ascii_strtoll (start_parts[0], NULL, 10);
  _daybook_chain_genesis (source_id, genesis);
  if (start_at < 0 || (start_at == 0 && memcmp (start, genesis, 32) != 0))
    {
      g_ptr_array_add (problems,
                       g_strdup (_ ("The bundle's record of its source diary is damaged: it "
                                    "was altered after the bundle was made.")));
      return entries (db, out, error);
    }
  return recompute (db, out, start_at, start, head, problems, error) && entries (db, out, error);
}

/**
 * daybook_diary_check_bundle_source:
 * @out: (out caller-allocates): what the bundle is tied to; clear with
 *   daybook_bundle_source_clear(). @out->is_bundle is %FALSE for a diary.
 * @problems: (out) (optional) (transfer full) (element-type utf8): what
 *   does not hold
 */
gboolean
daybook_diary_check_bundle_source (DaybookDiary *self, DaybookBundleSource *out,
                                   GPtrArray **problems, GError **error)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);
  _daybook_diary_lock (self);
  ok = _daybook_diary_check_open (self, error)
       && _daybook_diary_check_bundle_source (self, out, found, error);
  _daybook_diary_unlock (self);
  if (ok && problems != NULL)
    *problems = g_steal_pointer (&found);
  if (!ok)
    daybook_bundle_source_clear (out);
  return ok;
}

void
daybook_bundle_source_clear (DaybookBundleSource *source)
{
  g_clear_pointer (&source->source_id, g_free);
  g_clear_pointer (&source->head, g_free);
  g_clear_pointer (&source->entries, g_free);
  g_clear_pointer (&source->hashed, g_free);
  memset (source, 0, sizeof *source);
}
