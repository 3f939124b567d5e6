/* daybook-chain.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-chain"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include "daybook-i18n.h"
#include <openssl/evp.h>

#include "daybook-bytes.h"
#include "daybook-chain.h"
#include "daybook-schema.h"
#include "daybook-sql.h"
#include "daybook-error.h"

/*
 * The history's hash chain. Each revision row carries
 *
 *   link = SHA-256 (previous link || id || entity || entity id || revision ||
 *                   action || at || SHA-256 (snapshot))
 *
 * with integers as 8-byte big-endian and strings NUL-terminated; the first
 * link's "previous" is SHA-256 ("daybook-chain-v1" || diary id). The last
 * link is the diary's fingerprint: a report prints it, so a later report can
 * show that nothing before it was altered.
 */

/* Added to the clock by tests that need a computer whose clock was set
 * back; nothing else sets it. */
static gint64 clock_offset;

/**
 * _daybook_chain_now:
 *
 * The time a change is recorded at: this computer's clock, in seconds since
 * the epoch. Nothing makes it move forward; a time earlier than one already
 * in the chain is kept as it is, and the history shows it (see
 * daybook-history.h).
 */
gint64
_daybook_chain_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC + clock_offset;
}

/**
 * _daybook_chain_set_clock_offset_for_test:
 * @seconds: how far to move the clock, negative to set it back
 *
 * Only for tests, before any thread saves.
 */
void
_daybook_chain_set_clock_offset_for_test (gint64 seconds)
{
  clock_offset = seconds;
}

/* Writes @v as 8 bytes big-endian at @p; returns the byte after them. */
static guint8 *
put_be64 (guint8 *p, gint64 v)
{
  for (int i = 0; i < 8; i++)
    p[i] = ((guint64)v >> (56 - 8 * i)) & 0xff;
  return p + 8;
}

void
_daybook_chain_genesis (const guint8 *diary_id, guint8 out[32])
{
  static const char tag[] = "daybook-chain-v1";
  guint8 buf[sizeof tag + 16];

  memcpy (buf, tag, sizeof tag);
  memcpy (buf + sizeof tag, diary_id, 16);
  _daybook_sha256 (buf, sizeof buf, out);
}

void
_daybook_chain_link (const guint8 prev[32], gint64 id, const char *entity, gint64 entity_id,
                     gint64 revision, const char *action, gint64 at, const char *snapshot,
                     guint8 out[32])
{
  guint8 snap_hash[32];

  _daybook_sha256 (snapshot, strlen (snapshot), snap_hash);
  _daybook_chain_link_hashed (prev, id, entity, entity_id, revision, action, at, snap_hash, out);
}

/**
 * _daybook_chain_link_hashed:
 * @snap_hash: SHA-256 of the snapshot
 *
 * The same link as _daybook_chain_link(), from the snapshot's hash instead
 * of the snapshot: what a hand-over bundle carries for a revision it leaves
 * out.
 */
void
_daybook_chain_link_hashed (const guint8 prev[32], gint64 id, const char *entity, gint64 entity_id,
                            gint64 revision, const char *action, gint64 at,
                            const guint8 snap_hash[32], guint8 out[32])
{
  gsize entity_len = strlen (entity) + 1, action_len = strlen (action) + 1;
  gsize len = 32 + 8 + entity_len + 8 + 8 + action_len + 8 + 32;
  guint8 on_stack[256];
  g_autofree guint8 *on_heap = NULL;
  guint8 *buf = on_stack, *p;

  /* Entity and action are short words: no allocation per link. */
  if (len > sizeof on_stack)
    buf = on_heap = g_malloc (len);
  p = buf;
  memcpy (p, prev, 32);
  p = put_be64 (p + 32, id);
  memcpy (p, entity, entity_len);
  p = put_be64 (p + entity_len, entity_id);
  p = put_be64 (p, revision);
  memcpy (p, action, action_len);
  p = put_be64 (p + action_len, at);
  memcpy (p, snap_hash, 32);
  _daybook_sha256 (buf, len, out);
}

static gboolean
last_link (sqlite3 *db, guint8 prev[32], gint64 *last_id, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  int rc;

  stmt
      = _daybook_sql_prepare (db, "SELECT id, link FROM revisions ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      *last_id = 0;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return _daybook_sql_error (db, rc, error);
  if (sqlite3_column_bytes (stmt, 1) != 32)
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
          _ ("The diary's history is damaged. Run “daybook-cli verify” and restore a backup."));
      return FALSE;
    }
  *last_id = sqlite3_column_int64 (stmt, 0);
  memcpy (prev, sqlite3_column_blob (stmt, 1), 32);
  return TRUE;
}

static gboolean
diary_id_from_db (sqlite3 *db, guint8 out[16])
{
  g_auto (DaybookStmt) stmt = NULL;
  const char *hex;

  stmt = _daybook_sql_prepare (db, "SELECT value FROM settings WHERE key = 'diary-id'", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  hex = _daybook_sql_text (stmt, 0);
  if (strlen (hex) != 32)
    return FALSE;
  for (int i = 0; i < 16; i++)
    out[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
  return TRUE;
}

/**
 * _daybook_chain_append:
 *
 * Appends a revision and its link. Call inside the transaction that makes
 * the change, so the change and its history land together or not at all.
 */
gboolean
_daybook_chain_append (sqlite3 *db, const char *entity, gint64 entity_id, guint revision,
                       const char *action, gint64 at, const char *snapshot, GError **error)
{
  return _daybook_chain_append_full (db, entity, entity_id, revision, action, at, snapshot, TRUE,
                                     error);
}

/**
 * _daybook_chain_append_full:
 * @store_snapshot: %FALSE to store the snapshot as NULL: the link is made
 *   from @snapshot all the same, and whoever reads the revision rebuilds
 *   the snapshot from the live row (an entry's latest revision, schema 7)
 *
 * _daybook_chain_append(), optionally without keeping the snapshot.
 */
gboolean
_daybook_chain_append_full (sqlite3 *db, const char *entity, gint64 entity_id, guint revision,
                            const char *action, gint64 at, const char *snapshot,
                            gboolean store_snapshot, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  guint8 prev[32], link[32], diary_id[16];
  gint64 last_id;

  if (!last_link (db, prev, &last_id, error))
    return FALSE;
  if (last_id == 0)
    {
      if (!diary_id_from_db (db, diary_id))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                       _ ("The diary's identity is missing: the diary is damaged."));
          return FALSE;
        }
      _daybook_chain_genesis (diary_id, prev);
    }

  _daybook_chain_link (prev, last_id + 1, entity, entity_id, revision, action, at, snapshot, link);

  stmt = _daybook_sql_prepare (
      db,
      "INSERT INTO revisions (id, entity, entity_id, revision, action, at, snapshot, link)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last_id + 1);
  sqlite3_bind_text (stmt, 2, entity, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, entity_id);
  sqlite3_bind_int64 (stmt, 4, revision);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, at);
  if (store_snapshot)
    sqlite3_bind_text (stmt, 7, snapshot, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 8, link, 32, SQLITE_STATIC);

  return _daybook_sql_step_done (db, stmt, error);
}

/**
 * _daybook_chain_store_snapshot:
 * @id: a revision whose snapshot is stored as NULL
 * @snapshot: its snapshot, rebuilt
 * @matches: (out): whether @snapshot is what the revision's link was made
 *   from; only then is it stored
 *
 * Writes out the snapshot of a revision that had none stored (it was its
 * entry's latest; now a newer one comes). The link decides: a snapshot
 * rebuilt from a row altered behind Daybook's back does not match, and is
 * not stored. A revision whose snapshot is stored already is left as it is
 * (@matches %TRUE).
 */
gboolean
_daybook_chain_store_snapshot (sqlite3 *db, gint64 id, const char *snapshot, gboolean *matches,
                               GError **error)
{
  g_auto (DaybookStmt) row = NULL;
  g_auto (DaybookStmt) update = NULL;
  guint8 prev[32], link[32], diary_id[16];
  gboolean found = FALSE;
  int rc;

  *matches = FALSE;
  row = _daybook_sql_prepare (db,
                              "SELECT entity, entity_id, revision, action, at, link,"
                              " snapshot IS NULL FROM revisions WHERE id = ?",
                              error);
  if (row == NULL)
    return FALSE;
  sqlite3_bind_int64 (row, 1, id);
  rc = sqlite3_step (row);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        return _daybook_sql_error (db, rc, error);
      return TRUE; /* no such revision: *matches stays FALSE */
    }
  if (sqlite3_column_int (row, 6) == 0)
    {
      *matches = TRUE;
      return TRUE;
    }
  if (sqlite3_column_bytes (row, 5) != 32)
    return TRUE;

  if (id == 1)
    {
      if (!diary_id_from_db (db, diary_id))
        return TRUE;
      _daybook_chain_genesis (diary_id, prev);
    }
  else if (!_daybook_chain_get_link (db, id - 1, prev, &found, error))
    return FALSE;
  else if (!found)
    return TRUE;

  _daybook_chain_link (prev, id, _daybook_sql_text (row, 0), sqlite3_column_int64 (row, 1),
                       sqlite3_column_int64 (row, 2), _daybook_sql_text (row, 3),
                       sqlite3_column_int64 (row, 4), snapshot, link);
  if (memcmp (link, sqlite3_column_blob (row, 5), 32) != 0)
    return TRUE;

  update = _daybook_sql_prepare (db, "UPDATE revisions SET snapshot = ? WHERE id = ?", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_text (update, 1, snapshot, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 2, id);
  if (!_daybook_sql_step_done (db, update, error))
    return FALSE;
  *matches = TRUE;
  return TRUE;
}

/**
 * _daybook_chain_last_matches:
 * @last: a thing's last revision, from _daybook_chain_verify_tracking()
 * @entity: the kind of thing, as tracked
 * @snap_hash: SHA-256 of the snapshot made of the thing as it is now
 *
 * Whether the thing as it is now is its last revision: the digest of the
 * stored snapshot, or, when that revision's snapshot is not stored, its
 * link made again from @snap_hash.
 */
gboolean
_daybook_chain_last_matches (const DaybookChainLast *last, const char *entity,
                             const guint8 snap_hash[32])
{
  guint8 link[32];

  if (!last->rebuilt)
    return memcmp (last->snapshot_sha256, snap_hash, 32) == 0;
  if (last->link_reported)
    return TRUE;
  if (last->action == NULL)
    return FALSE;
  _daybook_chain_link_hashed (last->prev, last->id, entity, last->entity_id, last->revision,
                              last->action, last->at, snap_hash, link);
  return memcmp (link, last->link, 32) == 0;
}

/**
 * _daybook_chain_verify:
 * @problems: (element-type utf8): where each problem found is added as a sentence
 *
 * Recomputes every link from the snapshots. Returns %FALSE only when the
 * check itself could not run; what it finds goes into @problems.
 */
gboolean
_daybook_chain_verify (sqlite3 *db, const guint8 *diary_id, GPtrArray *problems, GError **error)
{
  return _daybook_chain_verify_tracking (db, diary_id, NULL, NULL, NULL, NULL, problems, error);
}

/**
 * _daybook_chain_verify_tracking:
 * @track: (nullable): the entity whose last revisions to keep, such as "incident"
 * @last: (out) (optional) (transfer full): a table from the entity id (a
 *   pointer to #gint64) to its #DaybookChainLast, for every id of @track
 *   that has a revision
 * @row_func: (nullable): called with each record, in chain order
 * @row_data: for @row_func
 * @problems: (element-type utf8): where each problem found is added as a sentence
 *
 * _daybook_chain_verify(), which also keeps, for each thing of kind
 * @track, its revision with the highest number: the digest of its
 * snapshot, which the chain computes anyway, so comparing the things with
 * their last revisions needs no second pass over the history; and gives
 * each record to @row_func, for what else needs one pass in order.
 */
gboolean
_daybook_chain_verify_tracking (sqlite3 *db, const guint8 *diary_id, const char *track,
                                GHashTable **last, DaybookChainRowFunc row_func, gpointer row_data,
                                GPtrArray *problems, GError **error)
{
  g_autoptr (GHashTable) found = NULL;
  g_auto (DaybookStmt) stmt = NULL;
  guint8 prev[32], link[32], snap_hash[32];
  gint64 expected_id = 1;
  int rc;

  if (track != NULL && last != NULL)
    found = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  _daybook_chain_genesis (diary_id, prev);
  stmt = _daybook_sql_prepare (db,
                               "SELECT id, entity, entity_id, revision, action, at, snapshot, link,"
                               " snapshot IS NULL FROM revisions ORDER BY id",
                               error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *entity = _daybook_sql_text (stmt, 1);
      gint64 entity_id = sqlite3_column_int64 (stmt, 2);
      gint64 revision = sqlite3_column_int64 (stmt, 3);
      const char *action = _daybook_sql_text (stmt, 4);
      const char *snapshot = _daybook_sql_text (stmt, 6);
      gboolean rebuilt = sqlite3_column_int (stmt, 8) != 0;
      gboolean altered = FALSE;

      if (id != expected_id)
        g_ptr_array_add (
            problems, g_strdup_printf (_ ("History record %" PRId64 " is missing."), expected_id));

      if (rebuilt)
        {
          /* Only a tracked thing's revision may go without its snapshot
           * (the caller checks its link against the live row); anywhere
           * else a NULL snapshot is an alteration. */
          altered = found == NULL || strcmp (entity, track) != 0
                    || sqlite3_column_bytes (stmt, 7) != 32
                    /* Its link was made from a record that is gone: it
                     * cannot match, whatever the row holds. */
                    || id != expected_id;
          /* The next link follows the stored one. */
          memcpy (link, altered ? prev : sqlite3_column_blob (stmt, 7), 32);
        }
      else
        {
          _daybook_sha256 (snapshot, strlen (snapshot), snap_hash);
          _daybook_chain_link_hashed (prev, id, entity, entity_id, revision, action,
                                      sqlite3_column_int64 (stmt, 5), snap_hash, link);
        }
      if (row_func != NULL)
        row_func (id, entity, entity_id, revision, sqlite3_column_int64 (stmt, 5), row_data);

      if (found != NULL && strcmp (entity, track) == 0
          && (!altered || sqlite3_column_bytes (stmt, 7) == 32))
        {
          DaybookChainLast *was = g_hash_table_lookup (found, &entity_id);

          /* The highest revision number, as "ORDER BY revision DESC
           * LIMIT 1" would choose; on a tie (only if the history was
           * altered), the later record. */
          if (was == NULL)
            {
              was = g_new0 (DaybookChainLast, 1);
              was->entity_id = entity_id;
              was->revision = G_MININT64;
              g_hash_table_insert (found, &was->entity_id, was);
            }
          if (revision >= was->revision)
            {
              /* Only the last revision may go without its snapshot. */
              if (was->rebuilt && !was->link_reported)
                g_ptr_array_add (problems,
                                 g_strdup_printf (_ ("History record %" PRId64 " (%s %" PRId64
                                                     ") does not match its hash chain: it was"
                                                     " altered outside Daybook."),
                                                  was->id, entity, entity_id));
              was->revision = revision;
              was->deleted = strcmp (action, "delete") == 0;
              was->rebuilt = rebuilt;
              /* Reported below already: not again as the entry's. */
              was->link_reported = altered;
              if (rebuilt)
                {
                  was->id = id;
                  was->at = sqlite3_column_int64 (stmt, 5);
                  was->action = strcmp (action, "create") == 0   ? "create"
                                : strcmp (action, "edit") == 0   ? "edit"
                                : strcmp (action, "delete") == 0 ? "delete"
                                                                 : NULL;
                  memcpy (was->prev, prev, 32);
                  memcpy (was->link, sqlite3_column_blob (stmt, 7), 32);
                }
              else
                memcpy (was->snapshot_sha256, snap_hash, 32);
            }
          else if (rebuilt && !altered)
            g_ptr_array_add (problems, g_strdup_printf (_ ("History record %" PRId64 " (%s %" PRId64
                                                           ") does not match its hash chain: it was"
                                                           " altered outside Daybook."),
                                                        id, entity, entity_id));
        }

      if (altered
          || (!rebuilt
              && (sqlite3_column_bytes (stmt, 7) != 32
                  || memcmp (link, sqlite3_column_blob (stmt, 7), 32) != 0)))
        {
          g_ptr_array_add (
              problems, g_strdup_printf (
                            _ ("History record %" PRId64 " (%s %" PRId64
                               ") does not match its hash chain: it was altered outside Daybook."),
                            id, entity, entity_id));
          /* Carry on from the stored link, so one alteration is reported once. */
          if (sqlite3_column_bytes (stmt, 7) == 32)
            memcpy (link, sqlite3_column_blob (stmt, 7), 32);
        }

      memcpy (prev, link, 32);
      expected_id = id + 1;
    }

  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  if (last != NULL)
    *last = g_steal_pointer (&found);
  return TRUE;
}

/**
 * _daybook_chain_dup_head:
 *
 * Returns: (transfer full): the fingerprint, 64 hex digits
 */
char *
_daybook_chain_dup_head (sqlite3 *db, const guint8 *diary_id)
{
  guint8 head[32];
  gint64 last_id;

  if (!last_link (db, head, &last_id, NULL))
    return NULL;
  if (last_id == 0)
    _daybook_chain_genesis (diary_id, head);

  return _daybook_hex (head, sizeof head);
}

/**
 * _daybook_chain_get_tip:
 * @length: (out): the number of links (0 for an empty history)
 * @head: (out): the last link, or the genesis value of an empty history
 */
gboolean
_daybook_chain_get_tip (sqlite3 *db, const guint8 *diary_id, gint64 *length, guint8 head[32],
                        GError **error)
{
  if (!last_link (db, head, length, error))
    return FALSE;
  if (*length == 0)
    _daybook_chain_genesis (diary_id, head);
  return TRUE;
}

/**
 * _daybook_chain_get_link:
 * @id: a link's position, from 1
 * @found: (out): whether the history has a link there
 */
gboolean
_daybook_chain_get_link (sqlite3 *db, gint64 id, guint8 link[32], gboolean *found, GError **error)
{
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db, "SELECT link FROM revisions WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == 32;
  if (*found)
    memcpy (link, sqlite3_column_blob (stmt, 0), 32);
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}
