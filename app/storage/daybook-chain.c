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

static void
put_be64 (GByteArray *buf, gint64 v)
{
  guint8 b[8];

  for (int i = 0; i < 8; i++)
    b[i] = ((guint64)v >> (56 - 8 * i)) & 0xff;
  g_byte_array_append (buf, b, 8);
}

static void
put_str (GByteArray *buf, const char *s)
{
  g_byte_array_append (buf, (const guint8 *)s, strlen (s) + 1);
}

void
_daybook_chain_genesis (const guint8 *diary_id, guint8 out[32])
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();

  put_str (buf, "daybook-chain-v1");
  g_byte_array_append (buf, diary_id, 16);
  _daybook_sha256 (buf->data, buf->len, out);
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
  g_autoptr (GByteArray) buf = g_byte_array_new ();

  g_byte_array_append (buf, prev, 32);
  put_be64 (buf, id);
  put_str (buf, entity);
  put_be64 (buf, entity_id);
  put_be64 (buf, revision);
  put_str (buf, action);
  put_be64 (buf, at);
  g_byte_array_append (buf, snap_hash, 32);
  _daybook_sha256 (buf->data, buf->len, out);
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
  sqlite3_bind_text (stmt, 7, snapshot, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 8, link, 32, SQLITE_STATIC);

  return _daybook_sql_step_done (db, stmt, error);
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
  g_auto (DaybookStmt) stmt = NULL;
  guint8 prev[32], link[32];
  gint64 expected_id = 1;
  int rc;

  _daybook_chain_genesis (diary_id, prev);
  stmt = _daybook_sql_prepare (db,
                               "SELECT id, entity, entity_id, revision, action, at, snapshot, link"
                               " FROM revisions ORDER BY id",
                               error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *entity = _daybook_sql_text (stmt, 1);
      gint64 entity_id = sqlite3_column_int64 (stmt, 2);

      if (id != expected_id)
        g_ptr_array_add (
            problems, g_strdup_printf (_ ("History record %" PRId64 " is missing."), expected_id));

      _daybook_chain_link (prev, id, entity, entity_id, sqlite3_column_int64 (stmt, 3),
                           _daybook_sql_text (stmt, 4), sqlite3_column_int64 (stmt, 5),
                           _daybook_sql_text (stmt, 6), link);

      if (sqlite3_column_bytes (stmt, 7) != 32
          || memcmp (link, sqlite3_column_blob (stmt, 7), 32) != 0)
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
