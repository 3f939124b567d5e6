/* daybook-bundle.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-bundle"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "daybook-i18n.h"
#include <glib/gstdio.h>
#include <sodium.h>

#include "daybook-attachment-private.h"
#include "daybook-blob.h"
#include "daybook-bytes.h"
#include "daybook-chain.h"
#include "daybook-bundle.h"
#include "daybook-exports.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-keyfile.h"
#include "daybook-messages-private.h"
#include "daybook-schema.h"
#include "daybook-seal.h"

/*
 * A hand-over bundle lets a victim give an advocate part of the diary
 * without their own passphrase. It is a diary folder of its own, with a new
 * master key and a new one-time passphrase, holding copies of the selected
 * entries (same numbers, same recorded-at times), the people they name, the
 * attachments they cite and the case details. Daybook opens it read-only.
 *
 * The copy is made with the bundle's database attached to the diary's own
 * connection, so no plaintext ever leaves the two encrypted files.
 *
 * Telling no more than chosen:
 * - an entry's earlier versions are left out (only their hashes, below)
 *   unless DAYBOOK_BUNDLE_WITH_HISTORY;
 * - a person is carried as the first selected entry names them (name and
 *   role as written there, nothing else) unless DAYBOOK_BUNDLE_WITH_PEOPLE;
 * - private notes are blanked unless the query includes private content;
 * - an attachment keeps only its links to selected entries;
 * - orders go in whole (every order in force, and any other a selected
 *   entry marks as breached, with their documents); a police contact only
 *   when a selected entry was reported in it, with only those links;
 * - an imported message only when a selected entry cites it, with its
 *   import's row and exhibit and its media exhibit; an import's revision
 *   is narrowed to the messages carried; people's numbers and addresses
 *   (person_identifiers) stay out;
 * - sqlite_sequence holds only what the copied rows make it (the highest
 *   number copied), not the diary's.
 * Still visible: the entries' and exhibits' own numbers (gaps show that
 * others exist, the highest shows at least that many), how many times an
 * entry was edited, and, from the source chain below, the length of the
 * diary's history and what kind of record each later change was to, when.
 *
 * Tied to the source: the bundle's table `bundle_source_chain` lists every
 * position of the source's hash chain from the first one it carries to the
 * source's last (DAYBOOK_SETTING_BUNDLE_SOURCE_LENGTH), each either as a
 * revision of the bundle's own history whose link inputs are exactly the
 * source revision's, or as that revision's link inputs without its snapshot
 * (entity, id, revision, action, time, SHA-256 of the snapshot). The link
 * before the first position is DAYBOOK_SETTING_BUNDLE_SOURCE_START. A link
 * depends on the whole of its inputs, so carrying a left-out revision as
 * its link alone would let the next link be anything: the inputs are what
 * make the recomputation bind. _daybook_diary_check_bundle_source()
 * recomputes the chain from the start link to the last position and
 * compares it with the recorded source fingerprint. See that function for
 * what a match proves.
 *
 * The bundle's own `revisions` hold what it shows (the carried revisions,
 * and the blanked or narrowed copies of those it could not carry as they
 * are) under its own chain, so `verify` also proves the bundle whole.
 *
 * The evidence files its attachments name are copied byte for byte: each
 * is sealed under a key of its own, kept in its row, which the bundle's
 * encrypted database now holds. A missing one is named, not fatal.
 */

#define BUNDLE "bundle"
#define CHUNK (1 << 20)

typedef struct
{
  sqlite3 *db;
  const char *selected; /* SQL list of entry numbers: "1,4,9" */
  GHashTable *numbers;  /* the same, as gint64 keys */
  gboolean include_private;
  DaybookBundleFlags flags;
  gint64 length; /* the source chain's length, read in the same transaction */
  guint8 head[32];
  guint8 start[32]; /* the link before the first carried position */
  gint64 first;     /* the first carried position */
} Copy;

static gboolean exec_printf (sqlite3 *db, GError **error, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static gboolean
exec_printf (sqlite3 *db, GError **error, const char *format, ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return _daybook_sql_exec (db, sql, error);
}

static gboolean
attach_bundle (DaybookDiary *self, const char *dir, DaybookSecret *master, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "diary.db", NULL);
  int rc;

  /* SQLCipher takes an attached database's page size from the defaults. */
  if (!_daybook_sql_exec (_daybook_diary_get_db (self), "PRAGMA cipher_default_page_size = 4096",
                          error))
    return FALSE;
  rc = _daybook_raw_key_attach (_daybook_diary_get_db (self), path, BUNDLE, master);
  if (rc != SQLITE_OK)
    return _daybook_sql_error (_daybook_diary_get_db (self), rc, error);
  return TRUE;
}

/* Unless the full records were asked for, a person is what the first
 * selected entry naming them shows: the name and role written there. */
static gboolean
narrow_people (Copy *c, GError **error)
{
  g_autofree char *sql = NULL;
  g_auto (DaybookStmt) rows = NULL;
  g_auto (DaybookStmt) taken = NULL;
  g_auto (DaybookStmt) update = NULL;
  g_autoptr (GHashTable) done = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  int rc;

  if (c->flags & DAYBOOK_BUNDLE_WITH_PEOPLE)
    return TRUE;
  sql = g_strdup_printf ("SELECT ip.person_id, %s, ip.role FROM main.incident_people ip"
                         " WHERE ip.number IN (%s) ORDER BY ip.number, ip.position",
                         DAYBOOK_SCHEMA_WRITTEN_NAME ("ip"), c->selected);
  rows = _daybook_sql_prepare (c->db, sql, error);
  taken = _daybook_sql_prepare (
      c->db, "SELECT 1 FROM " BUNDLE ".people WHERE name = ? COLLATE NOCASE AND id != ?", error);
  update = _daybook_sql_prepare (
      c->db,
      "UPDATE " BUNDLE ".people SET name = ?, role = ?, aliases = '', description = '',"
      " phones = '', emails = '', handles = '', vehicles = '', notes = '', updated_at = created_at"
      " WHERE id = ?",
      error);
  if (rows == NULL || taken == NULL || update == NULL)
    return FALSE;
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (rows, 0);
      gboolean clash;

      if (!g_hash_table_add (done, g_memdup2 (&id, sizeof id)))
        continue; /* named by an earlier selected entry already */
      /* Two people written the same way keep their own names apart. */
      sqlite3_reset (taken);
      sqlite3_bind_text (taken, 1, _daybook_sql_text (rows, 1), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (taken, 2, id);
      clash = sqlite3_step (taken) == SQLITE_ROW;
      sqlite3_reset (update);
      if (clash)
        {
          g_autofree char *numbered
              = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")", _daybook_sql_text (rows, 1), id);
          sqlite3_bind_text (update, 1, numbered, -1, SQLITE_TRANSIENT);
        }
      else
        sqlite3_bind_text (update, 1, _daybook_sql_text (rows, 1), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (update, 2, _daybook_sql_text (rows, 2), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (update, 3, id);
      if (!_daybook_sql_step_done (c->db, update, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (c->db, rc, error);
  return TRUE;
}

static gboolean
has_table (sqlite3 *db, const char *schema, const char *table)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT 1 FROM %s.sqlite_master WHERE type = 'table' AND name = ?", schema);
  g_auto (DaybookStmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* The messages the selected entries cite, for a "%s" of their numbers. */
#define CITED "SELECT message_id FROM main.message_links WHERE number IN (%s)"

/* Imported messages go in only when a selected entry cites them: each
 * with its import (the source row, and its exhibit, which copy_rows()
 * adds with the messages' media exhibits before this runs). Messages no
 * selected entry cites stay out, even of a source that is carried; the
 * source's revision is then narrowed to the messages carried
 * (shown_snapshot()). A message keeps its person only when the bundle
 * carries that person; the people's numbers, addresses and account names
 * (person_identifiers) never go in. Only called when the source diary has
 * message tables (schema 5 on). */
static gboolean
copy_messages (Copy *c, GError **error)
{
  return exec_printf (c->db, error,
                      "INSERT INTO " BUNDLE ".message_sources SELECT * FROM main.message_sources"
                      " WHERE id IN (SELECT source_id FROM main.messages WHERE id IN (" CITED "))",
                      c->selected)
         && exec_printf (
             c->db, error,
             "INSERT INTO " BUNDLE
             ".messages (id, source_id, kind, direction, sent_utc, sent_offset, sent_zone,"
             " time_flag, sender, address, person_id, recipients, text, line, media_id,"
             " media_name, media_state, outcome, duration_s, headers, digest)"
             " SELECT id, source_id, kind, direction, sent_utc, sent_offset, sent_zone, time_flag,"
             " sender, address, CASE WHEN person_id IN (SELECT id FROM " BUNDLE
             ".people) THEN person_id END, recipients, text, line, media_id, media_name,"
             " media_state, outcome, duration_s, headers, digest FROM main.messages"
             " WHERE id IN (" CITED ")",
             c->selected)
         && exec_printf (c->db, error,
                         "INSERT INTO " BUNDLE ".message_links SELECT * FROM main.message_links"
                         " WHERE number IN (%s)",
                         c->selected)
         && _daybook_sql_exec (
             c->db,
             /* The index of the bundle's own messages, read from them (schema 6). */
             "INSERT INTO " BUNDLE ".messages_fts (messages_fts) VALUES ('rebuild')", error);
}

static gboolean
copy_rows (Copy *c, GError **error)
{
  const char *notes = c->include_private ? "private_notes" : "''";
  gboolean messages = has_table (c->db, "main", "message_links");
  g_autofree char *media = g_strdup_printf (
      " OR id IN (SELECT media_id FROM main.messages WHERE id IN (" CITED "))", c->selected);
  g_autofree char *sources
      = g_strdup_printf (" OR id IN (SELECT attachment_id FROM main.message_sources WHERE id IN"
                         " (SELECT source_id FROM main.messages WHERE id IN (" CITED ")))",
                         c->selected);

  return exec_printf (
             c->db, error,
             "INSERT INTO " BUNDLE
             ".incidents SELECT number, start_utc, start_offset, start_zone, end_utc,"
             " end_offset, end_zone, precision, recorded_at, updated_at, revision, deleted_at, "
             "title,"
             " narrative, location, fear_of_violence, alarm_distress, impact, police_reported, "
             "police_ref,"
             " police_officer, police_date, %s, private FROM main.incidents WHERE number IN (%s)",
             notes, c->selected)
         && exec_printf (c->db, error,
                         "INSERT INTO " BUNDLE
                         ".incident_types SELECT * FROM main.incident_types WHERE number IN (%s)",
                         c->selected)
         && exec_printf (c->db, error,
                         "INSERT INTO " BUNDLE ".people SELECT * FROM main.people WHERE id IN"
                         " (SELECT person_id FROM main.incident_people WHERE number IN (%s))",
                         c->selected)
         /* The names as each entry wrote them, in full (schema 8). */
         && exec_printf (c->db, error,
                         "INSERT INTO " BUNDLE ".incident_people (number, person_id, name, role,"
                         " position) SELECT ip.number, ip.person_id, %s, ip.role, ip.position"
                         " FROM main.incident_people ip WHERE ip.number IN (%s)",
                         DAYBOOK_SCHEMA_WRITTEN_NAME ("ip"), c->selected)
         /* The search index of the entries carried, read from the bundle's
          * own rows (schema 6), so private notes left out are not in it. */
         && _daybook_sql_exec (c->db,
                               "INSERT INTO " BUNDLE ".incidents_fts (incidents_fts)"
                               " VALUES ('rebuild')",
                               error)
         /* Orders are the case's, like its details: every order in force,
          * and any other a selected entry marks as breached, with all their
          * terms; the entries' breach marks. A police contact goes in when
          * a selected entry was reported in it, keeping only its links to
          * selected entries. */
         && exec_printf (c->db, error,
                         "INSERT INTO " BUNDLE ".orders SELECT * FROM main.orders"
                         " WHERE deleted_at IS NULL OR id IN (SELECT order_id FROM"
                         " main.incident_breaches WHERE number IN (%s))",
                         c->selected)
         && _daybook_sql_exec (c->db,
                               "INSERT INTO " BUNDLE ".order_terms SELECT * FROM main.order_terms"
                               " WHERE order_id IN (SELECT id FROM " BUNDLE ".orders)",
                               error)
         && exec_printf (c->db, error,
                         "INSERT INTO " BUNDLE ".incident_breaches SELECT * FROM"
                         " main.incident_breaches WHERE number IN (%s)",
                         c->selected)
         && exec_printf (c->db, error,
                         "INSERT INTO " BUNDLE ".police_contacts SELECT * FROM"
                         " main.police_contacts WHERE deleted_at IS NULL AND id IN"
                         " (SELECT contact_id FROM main.contact_incidents WHERE number IN (%s))",
                         c->selected)
         && exec_printf (c->db, error,
                         "INSERT INTO " BUNDLE ".contact_incidents SELECT * FROM"
                         " main.contact_incidents WHERE contact_id IN (SELECT id FROM " BUNDLE
                         ".police_contacts) AND number IN (%s)",
                         c->selected)
         /* An attachment keeps only its links to selected entries: the
          * others' numbers would tell of entries left out. The documents
          * of the orders carried go in too, and the exhibits of the
          * messages carried (copy_messages()). */
         && exec_printf (
             c->db, error,
             "INSERT INTO " BUNDLE
             ".attachments SELECT * FROM main.attachments WHERE (deleted_at IS NULL"
             " AND (id IN (SELECT attachment_id FROM main.attachment_links WHERE number IN (%s))"
             " OR id IN (SELECT document FROM " BUNDLE ".orders)%s))%s",
             c->selected, messages ? media : "", messages ? sources : "")
         && exec_printf (c->db, error,
                         "INSERT INTO " BUNDLE
                         ".attachment_links SELECT * FROM main.attachment_links"
                         " WHERE attachment_id IN (SELECT id FROM " BUNDLE ".attachments)"
                         " AND number IN (%s)",
                         c->selected)
         && _daybook_sql_exec (c->db,
                               "INSERT INTO " BUNDLE
                               ".attachment_chunks SELECT * FROM main.attachment_chunks"
                               " WHERE attachment_id IN (SELECT id FROM " BUNDLE ".attachments)",
                               error)
         && (!messages || copy_messages (c, error)) && narrow_people (c, error);
}

/* What the bundle shows of a source revision's @snapshot: private notes
 * blanked, a person narrowed to the bundle's row, an attachment's links
 * narrowed to the selection. Equal to @snapshot when nothing was left out. */
static char *
shown_snapshot (Copy *c, const char *entity, gint64 entity_id, const char *snapshot, GError **error)
{
  g_autoptr (JsonNode) node = json_from_string (snapshot, NULL);
  JsonObject *o;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (snapshot);
  o = json_node_get_object (node);

  if (strcmp (entity, "incident") == 0)
    {
      if (c->include_private || !json_object_has_member (o, "private_notes")
          || g_strcmp0 (json_object_get_string_member (o, "private_notes"), "") == 0)
        return g_strdup (snapshot);
      json_object_set_string_member (o, "private_notes", "");
    }
  else if (strcmp (entity, "person") == 0)
    {
      g_auto (DaybookStmt) row = NULL;
      static const char *fields[] = { "name",   "aliases", "description", "phones",
                                      "emails", "handles", "vehicles",    "notes" };

      if (c->flags & DAYBOOK_BUNDLE_WITH_PEOPLE)
        return g_strdup (snapshot);
      row = _daybook_sql_prepare (c->db,
                                  "SELECT role, name, aliases, description, phones, emails,"
                                  " handles, vehicles, notes FROM " BUNDLE ".people WHERE id = ?",
                                  error);
      if (row == NULL)
        return NULL;
      sqlite3_bind_int64 (row, 1, entity_id);
      if (sqlite3_step (row) != SQLITE_ROW)
        return g_strdup (snapshot);
      json_object_set_string_member (o, "role", _daybook_sql_text (row, 0));
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (json_object_has_member (o, fields[i]))
          json_object_set_string_member (o, fields[i], _daybook_sql_text (row, 1 + (int)i));
    }
  else if (strcmp (entity, "message-source") == 0)
    {
      /* The import as the bundle holds it: the digest over the messages
       * it carries. Equal to @snapshot when it carries them all. */
      g_autofree char *shown = NULL;
      guint revision;

      if (!_daybook_messages_source_snapshot (c->db, BUNDLE, entity_id, &shown, &revision, error))
        return NULL;
      return g_steal_pointer (&shown);
    }
  else if (strcmp (entity, "attachment") == 0 || strcmp (entity, "contact") == 0)
    {
      const char *member = strcmp (entity, "contact") == 0 ? "entries" : "incidents";
      JsonArray *old, *kept;

      if (!json_object_has_member (o, member)
          || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, member)))
        return g_strdup (snapshot);
      old = json_object_get_array_member (o, member);
      kept = json_array_new ();
      for (guint i = 0; i < json_array_get_length (old); i++)
        {
          gint64 number = json_array_get_int_element (old, i);

          if (g_hash_table_contains (c->numbers, &number))
            json_array_add_int_element (kept, number);
        }
      if (json_array_get_length (kept) == json_array_get_length (old))
        {
          json_array_unref (kept);
          return g_strdup (snapshot);
        }
      json_object_set_array_member (o, member, kept);
    }
  else
    return g_strdup (snapshot);
  return json_to_string (node, FALSE);
}

/* Whether the bundle holds @entity @entity_id at all. */
static gboolean
holds (Copy *c, const char *entity, gint64 entity_id, GError **error)
{
  const char *sql;
  g_auto (DaybookStmt) stmt = NULL;

  if (strcmp (entity, "incident") == 0)
    return g_hash_table_contains (c->numbers, &entity_id);
  if (strcmp (entity, "person") == 0)
    sql = "SELECT 1 FROM " BUNDLE ".people WHERE id = ?";
  else if (strcmp (entity, "attachment") == 0)
    sql = "SELECT 1 FROM " BUNDLE ".attachments WHERE id = ?";
  else if (strcmp (entity, "order") == 0)
    sql = "SELECT 1 FROM " BUNDLE ".orders WHERE id = ?";
  else if (strcmp (entity, "contact") == 0)
    sql = "SELECT 1 FROM " BUNDLE ".police_contacts WHERE id = ?";
  else if (strcmp (entity, "message-source") == 0)
    sql = "SELECT 1 FROM " BUNDLE ".message_sources WHERE id = ?";
  else if (strcmp (entity, "message-links") == 0)
    return g_hash_table_contains (c->numbers, &entity_id);
  else
    return FALSE;
  stmt = _daybook_sql_prepare (c->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entity_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Whether a revision the bundle holds the record of goes in: the last
 * revision always, earlier ones of entries and attachments only with their
 * history, of people only with history and full records. */
static gboolean
carries (Copy *c, const char *entity, gboolean last)
{
  if (last)
    return TRUE;
  if (!(c->flags & DAYBOOK_BUNDLE_WITH_HISTORY))
    return FALSE;
  if (strcmp (entity, "person") == 0)
    return (c->flags & DAYBOOK_BUNDLE_WITH_PEOPLE) != 0;
  return TRUE;
}

/* The bundle's own history, and the source chain it is tied to (see the
 * top of this file). Walks the source's revisions up to the length read
 * with the head, in order. */
static gboolean
copy_history (Copy *c, const guint8 *bundle_id, GError **error)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT r.id, r.entity, r.entity_id, r.revision, r.action, r.at,"
      /* An entry's latest revision has its snapshot rebuilt from its row. */
      " CASE WHEN r.snapshot IS NULL AND r.entity = 'incident'"
      " THEN daybook_incident_snapshot (r.entity_id) ELSE r.snapshot END, r.link,"
      " r.id = (SELECT MAX(l.id) FROM main.revisions l WHERE l.entity = r.entity"
      " AND l.entity_id = r.entity_id AND l.id <= %" G_GINT64_FORMAT ")"
      " FROM main.revisions r WHERE r.id <= %" G_GINT64_FORMAT " ORDER BY r.id",
      c->length, c->length);
  g_auto (DaybookStmt) rows = NULL;
  g_auto (DaybookStmt) insert = NULL;
  g_auto (DaybookStmt) source = NULL;
  guint8 link[32];
  gint64 id = 0, expected = 1;
  int rc;

  if (!_daybook_sql_exec (c->db,
                          "CREATE TABLE " BUNDLE ".bundle_source_chain ("
                          "  id INTEGER PRIMARY KEY," /* the source position */
                          "  revision INTEGER,"       /* the bundle's revision carried as is */
                          "  entity TEXT, entity_id INTEGER, rev INTEGER, action TEXT,"
                          "  at INTEGER, snapshot_sha256 BLOB,"
                          "  shown INTEGER)" /* the bundle's narrowed copy, if any */,
                          error))
    return FALSE;
  rows = _daybook_sql_prepare (c->db, sql, error);
  insert = _daybook_sql_prepare (
      c->db,
      "INSERT INTO " BUNDLE
      ".revisions (id, entity, entity_id, revision, action, at, snapshot, link)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      error);
  source = _daybook_sql_prepare (c->db,
                                 "INSERT INTO " BUNDLE ".bundle_source_chain (id, revision, entity,"
                                 " entity_id, rev, action, at, snapshot_sha256, shown)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 error);
  if (rows == NULL || insert == NULL || source == NULL)
    return FALSE;

  _daybook_chain_genesis (bundle_id, link);
  c->first = 0;
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      gint64 position = sqlite3_column_int64 (rows, 0);
      const char *entity = _daybook_sql_text (rows, 1);
      gint64 entity_id = sqlite3_column_int64 (rows, 2);
      const char *snapshot = _daybook_sql_text (rows, 6);
      g_autofree char *shown = NULL;
      gboolean carried, as_is;
      GError *local_error = NULL;
      guint8 hash[32];

      if (position != expected || sqlite3_column_bytes (rows, 7) != 32
          || sqlite3_column_type (rows, 6) == SQLITE_NULL)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                       _ ("No bundle was made because the diary's history is damaged; "
                          "run “daybook-cli verify”."));
          return FALSE;
        }
      expected++;
      carried = holds (c, entity, entity_id, &local_error)
                && carries (c, entity, sqlite3_column_int (rows, 8) != 0);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (carried)
        {
          shown = shown_snapshot (c, entity, entity_id, snapshot, error);
          if (shown == NULL)
            return FALSE;
        }

      if (c->first == 0 && !carried)
        {
          /* Before the first carried revision, only the last link counts. */
          memcpy (c->start, sqlite3_column_blob (rows, 7), 32);
          continue;
        }
      if (c->first == 0)
        c->first = position;

      as_is = carried && strcmp (shown, snapshot) == 0;
      if (carried)
        {
          id++;
          _daybook_chain_link (link, id, entity, entity_id, sqlite3_column_int64 (rows, 3),
                               _daybook_sql_text (rows, 4), sqlite3_column_int64 (rows, 5), shown,
                               link);
          sqlite3_reset (insert);
          sqlite3_bind_int64 (insert, 1, id);
          sqlite3_bind_text (insert, 2, entity, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (insert, 3, entity_id);
          sqlite3_bind_int64 (insert, 4, sqlite3_column_int64 (rows, 3));
          sqlite3_bind_text (insert, 5, _daybook_sql_text (rows, 4), -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (insert, 6, sqlite3_column_int64 (rows, 5));
          sqlite3_bind_text (insert, 7, shown, -1, SQLITE_STATIC);
          sqlite3_bind_blob (insert, 8, link, 32, SQLITE_TRANSIENT);
          if (!_daybook_sql_step_done (c->db, insert, error))
            return FALSE;
        }

      sqlite3_reset (source);
      sqlite3_clear_bindings (source);
      sqlite3_bind_int64 (source, 1, position);
      if (as_is)
        sqlite3_bind_int64 (source, 2, id);
      else
        {
          _daybook_sha256 (snapshot, strlen (snapshot), hash);
          sqlite3_bind_text (source, 3, entity, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (source, 4, entity_id);
          sqlite3_bind_int64 (source, 5, sqlite3_column_int64 (rows, 3));
          sqlite3_bind_text (source, 6, _daybook_sql_text (rows, 4), -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (source, 7, sqlite3_column_int64 (rows, 5));
          sqlite3_bind_blob (source, 8, hash, 32, SQLITE_TRANSIENT);
          if (carried)
            sqlite3_bind_int64 (source, 9, id);
        }
      if (!_daybook_sql_step_done (c->db, source, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (c->db, rc, error);
  if (expected - 1 != c->length)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   _ ("No bundle was made because the diary's history is damaged; "
                      "run “daybook-cli verify”."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
copy_settings (Copy *c, DaybookDiary *self, GError **error)
{
  g_autofree char *fingerprint = _daybook_hex (c->head, sizeof c->head);
  g_autofree char *source_id = daybook_diary_dup_id (self);
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *length = g_strdup_printf ("%" G_GINT64_FORMAT, c->length);
  g_autofree char *start_hex = _daybook_hex (c->start, sizeof c->start);
  g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT " %s",
                                            (c->first ? c->first : c->length + 1) - 1, start_hex);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      c->db, "INSERT OR REPLACE INTO " BUNDLE ".settings (key, value) VALUES (?, ?)", error);
  const char *pairs[][2] = {
    { DAYBOOK_SETTING_BUNDLE_SOURCE, fingerprint },
    { DAYBOOK_SETTING_BUNDLE_SOURCE_ID, source_id },
    { DAYBOOK_SETTING_BUNDLE_CREATED, now },
    { DAYBOOK_SETTING_BUNDLE_SOURCE_LENGTH, length },
    { DAYBOOK_SETTING_BUNDLE_SOURCE_START, start },
  };

  if (stmt == NULL
      || !_daybook_sql_exec (c->db,
                             "INSERT OR REPLACE INTO " BUNDLE
                             ".settings SELECT key, value FROM main.settings WHERE key IN"
                             " ('" DAYBOOK_SETTING_OWNER_NAME "', '" DAYBOOK_SETTING_OWNER_INITIALS
                             "', '" DAYBOOK_SETTING_CASE_REF "', '" DAYBOOK_SETTING_CRIME_REF
                             "', '" DAYBOOK_SETTING_POLICE_FORCE "', '" DAYBOOK_SETTING_ORDERS
                             "', '" DAYBOOK_SETTING_ADVOCATE "')",
                             error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, pairs[i][0], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, pairs[i][1], -1, SQLITE_STATIC);
      if (!_daybook_sql_step_done (c->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static char *
selected_numbers (DaybookDiary *self, const DaybookQuery *query, guint *n, GError **error)
{
  g_autoptr (GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GString) list = g_string_new (NULL);

  if (!_daybook_query_run (self, query, numbers, starts, error))
    return NULL;
  for (guint i = 0; i < numbers->len; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            g_array_index (numbers, gint64, i));
  *n = numbers->len;
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static void
remove_seal (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, DAYBOOK_SEAL_FILE, NULL);

  g_unlink (path);
}

static DaybookSecret *
make_bundle_diary (const char *dir, guint8 bundle_id[16], DaybookSecret **master, GError **error)
{
  g_autoptr (DaybookSecret) passphrase = daybook_recovery_code_generate ();
  g_autoptr (DaybookDiary) bundle = daybook_diary_create (dir, passphrase, NULL, error);
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autofree char *id_hex = NULL;
  gsize len;

  if (bundle == NULL)
    return NULL;
  id_hex = daybook_diary_dup_id (bundle);
  sodium_hex2bin (bundle_id, 16, id_hex, strlen (id_hex), NULL, &len, NULL);
  daybook_diary_close (bundle);
  /* A bundle is opened read-only and never sealed: the seal of the empty
   * diary it began as would only mislead. */
  remove_seal (dir);

  keyfile = daybook_keyfile_load (dir, error);
  if (keyfile == NULL)
    return NULL;
  *master = daybook_keyfile_unwrap (keyfile, DAYBOOK_SLOT_PASSPHRASE, passphrase, error);
  if (*master == NULL)
    return NULL;
  return g_steal_pointer (&passphrase);
}

static gboolean
copy_fd (int in, int out, guint8 *buf, GError **error)
{
  for (;;)
    {
      gssize n = daybook_read_full (in, buf, CHUNK);

      if (n < 0)
        {
          daybook_set_io_error (error, errno,
                                _ ("Could not read an exhibit from the diary folder"));
          return FALSE;
        }
      if (n == 0)
        return TRUE;
      if (!daybook_write_full (out, buf, (gsize)n))
        {
          daybook_set_io_error (error, errno, _ ("Could not write the bundle"));
          return FALSE;
        }
    }
}

static gboolean
copy_evidence_file (const char *from_dir, const char *to_folder, const char *name, guint8 *buf,
                    gboolean *missing, GError **error)
{
  g_autofree char *dest = NULL;
  gboolean ok;
  int in, out, saved_errno;

  if (!_daybook_blob_name_is_valid (name))
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
          _ ("No bundle was made because the diary names an evidence file that cannot exist; "
             "run “daybook-cli verify”."));
      return FALSE;
    }
  in = _daybook_blob_open_stored (from_dir, name);
  saved_errno = errno;
  if (in < 0)
    {
      if (saved_errno == ENOENT)
        {
          /* Deleting a file needs no key: one gone must not hold back the
           * rest. The bundle keeps its record; the caller names it. */
          *missing = TRUE;
          return TRUE;
        }
      daybook_set_io_error (error, saved_errno,
                            _ ("Could not read an exhibit from the diary folder"));
      return FALSE;
    }

  dest = g_build_filename (to_folder, name, NULL);
  out = open (dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (out < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the bundle"));
      close (in);
      return FALSE;
    }
  ok = copy_fd (in, out, buf, error);
  close (in);
  if (ok && fsync (out) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the bundle"));
      ok = FALSE;
    }
  if (close (out) != 0 && ok)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the bundle"));
      ok = FALSE;
    }
  return ok;
}

/* Copies the evidence files @names (pairs: file name, exhibit as the user
 * knows it) from the diary in @from_dir into the bundle in @to_dir, as they
 * are: still sealed, each with its own key. Adds to @missing each exhibit
 * whose file is not there. */
static gboolean
copy_evidence (const char *from_dir, const char *to_dir, GPtrArray *names, GPtrArray *missing,
               GError **error)
{
  g_autofree char *folder = g_build_filename (to_dir, DAYBOOK_BLOB_DIR, NULL);
  g_autofree guint8 *buf = NULL;

  if (names->len == 0)
    return TRUE;
  if (g_mkdir (folder, 0700) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the bundle"));
      return FALSE;
    }
  buf = g_malloc (CHUNK);
  for (guint i = 0; i + 1 < names->len; i += 2)
    {
      gboolean gone = FALSE;

      if (!copy_evidence_file (from_dir, folder, names->pdata[i], buf, &gone, error))
        return FALSE;
      if (gone)
        g_ptr_array_add (missing, g_strdup (names->pdata[i + 1]));
    }
  return daybook_fsync_dir (folder, error) && daybook_fsync_dir (to_dir, error);
}

/* The evidence files the bundle's rows name, each followed by its exhibit
 * as "AE/3 (photo.jpg)". */
static GPtrArray *
list_evidence (sqlite3 *db, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db,
                              "SELECT blob, mark, CAST (filename AS TEXT) FROM " BUNDLE
                              ".attachments WHERE blob IS NOT NULL ORDER BY id",
                              error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *file = g_utf8_make_valid (_daybook_sql_text (stmt, 2), -1);

      g_ptr_array_add (names, g_strdup (_daybook_sql_text (stmt, 0)));
      /* TRANSLATORS: an exhibit mark and its file name, e.g. AB/3 (photo.jpg) */
      g_ptr_array_add (names, g_strdup_printf (_ ("%s (%s)"), _daybook_sql_text (stmt, 1), file));
    }
  if (rc != SQLITE_DONE)
    return (_daybook_sql_error (db, rc, error), NULL);
  return g_steal_pointer (&names);
}

/* The bundle's folder is new, so all that is in it is ours to remove. */
static void
remove_bundle (const char *dir)
{
  const char *names[]
      = { "diary.db", "diary.db-wal",    "diary.db-shm",   "diary.db-journal", "keys",
          "keys.bak", DAYBOOK_SEAL_FILE, ".trackerignore", ".nomedia" };
  g_autofree char *folder = g_build_filename (dir, DAYBOOK_BLOB_DIR, NULL);
  g_autoptr (GDir) evidence = g_dir_open (folder, 0, NULL);
  const char *entry;

  while (evidence != NULL && (entry = g_dir_read_name (evidence)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, entry, NULL);
      g_unlink (path);
    }
  g_rmdir (folder);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The register names the bundle by its id and keeps the source's head and
 * length when it was made, and the selection; never its contents. */
static gboolean
register_bundle (DaybookDiary *self, const char *dir, const guint8 bundle_id[16],
                 const DaybookQuery *query, guint n, const char *head, gint64 length,
                 GError **error)
{
  g_autofree char *id = _daybook_hex (bundle_id, 16);
  g_autofree char *selection = NULL;
  JsonBuilder *b;

  if (daybook_diary_is_read_only (self))
    return TRUE;
  b = daybook_export_selection_new (query, NULL, n);
  json_builder_end_object (b);
  selection = daybook_export_selection_finish (b);
  if (!daybook_diary_register_export (self, DAYBOOK_EXPORT_BUNDLE, id, head, length, selection,
                                      error))
    {
      /* A bundle without its passphrase is of no use: leave nothing. */
      remove_bundle (dir);
      g_prefix_error (error, _ ("The diary could not record the bundle, so none was made: "));
      return FALSE;
    }
  return TRUE;
}

void
daybook_bundle_result_clear (DaybookBundleResult *result)
{
  g_clear_pointer (&result->head, g_free);
  g_clear_pointer (&result->missing, g_ptr_array_unref);
  result->n_entries = 0;
  result->length = 0;
}

/* The selection as a set of numbers. */
static GHashTable *
number_set (const char *selected)
{
  GHashTable *set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_auto (GStrv) parts = g_strsplit (selected, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 n = g_ascii_strtoll (parts[i], NULL, 10);

      g_hash_table_add (set, g_memdup2 (&n, sizeof n));
    }
  return set;
}

/**
 * daybook_diary_export_bundle_full:
 * @dir: a folder that does not exist yet
 * @query: the selection; private entries and notes only if it includes them
 * @flags: what else goes in: earlier versions, full person records
 * @passphrase: (out) (transfer full): the bundle's one-time passphrase, to
 *   give to the advocate
 * @result: (out) (optional): how many entries it holds, the source chain it
 *   is tied to, and the exhibits whose evidence files were missing; clear
 *   with daybook_bundle_result_clear()
 *
 * Makes a hand-over bundle (see above). A missing evidence file does not
 * stop it: the bundle holds that exhibit's record without its content, and
 * @result names it. On failure nothing is left.
 */
gboolean
daybook_diary_export_bundle_full (DaybookDiary *self, const char *dir, const DaybookQuery *query,
                                  DaybookBundleFlags flags, DaybookSecret **passphrase,
                                  DaybookBundleResult *result, GError **error)
{
  g_autoptr (DaybookSecret) master = NULL;
  g_autoptr (DaybookSecret) secret = NULL;
  g_autofree char *selected = NULL;
  g_autofree char *source_hex = NULL;
  g_autoptr (GPtrArray) evidence = NULL;
  g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) numbers = NULL;
  guint8 bundle_id[16], source_id[16];
  Copy c = { 0 };
  gboolean ok = FALSE, attached = FALSE;
  guint n = 0;
  gsize len;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _ ("%s already exists. Choose a new name for the bundle."), dir);
      return FALSE;
    }

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error)
      || (selected = selected_numbers (self, query, &n, error)) == NULL)
    goto out;
  if (n == 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("No entries match the selection, so there is nothing to hand over."));
      goto out;
    }

  secret = make_bundle_diary (dir, bundle_id, &master, error);
  if (secret == NULL)
    goto out;

  source_hex = daybook_diary_dup_id (self);
  sodium_hex2bin (source_id, sizeof source_id, source_hex, strlen (source_hex), NULL, &len, NULL);
  numbers = number_set (selected);
  c.db = _daybook_diary_get_db (self);
  c.selected = selected;
  c.numbers = numbers;
  c.include_private = query->include_private;
  c.flags = flags;

  attached = attach_bundle (self, dir, master, error);
  ok = attached && _daybook_sql_exec (c.db, "BEGIN IMMEDIATE", error);
  if (ok)
    {
      /* The head and length are read inside the transaction that copies,
       * so they are those of exactly the history copied. */
      ok = _daybook_chain_get_tip (c.db, source_id, &c.length, c.head, error);
      _daybook_chain_genesis (source_id, c.start);
      ok = ok && _daybook_sql_exec (c.db, "DELETE FROM " BUNDLE ".revisions", error)
           && copy_rows (&c, error) && copy_history (&c, bundle_id, error)
           && copy_settings (&c, self, error) && _daybook_sql_exec (c.db, "COMMIT", error);
      if (!ok)
        sqlite3_exec (c.db, "ROLLBACK", NULL, NULL, NULL);
    }
  /* One file to hand over: no write-ahead log beside it. */
  ok = ok && _daybook_sql_exec (c.db, "PRAGMA " BUNDLE ".journal_mode = DELETE", error)
       && (evidence = list_evidence (c.db, error)) != NULL;

out:
  if (attached)
    sqlite3_exec (_daybook_diary_get_db (self), "DETACH DATABASE " BUNDLE, NULL, NULL, NULL);
  _daybook_diary_unlock (self);

  /* Evidence files never change once written: no need to hold the lock
   * while they are copied. */
  ok = ok && copy_evidence (daybook_diary_get_dir (self), dir, evidence, missing, error);

  if (!ok)
    {
      if (secret != NULL)
        remove_bundle (dir);
      return FALSE;
    }

  /* The bundle is complete: the register records the source's head and
   * length it is tied to. */
  {
    g_autofree char *head = _daybook_hex (c.head, sizeof c.head);

    if (!register_bundle (self, dir, bundle_id, query, n, head, c.length, error))
      return FALSE;
  }

  if (result != NULL)
    {
      result->n_entries = n;
      result->length = c.length;
      result->head = _daybook_hex (c.head, sizeof c.head);
      result->missing = g_steal_pointer (&missing);
    }
  *passphrase = g_steal_pointer (&secret);
  return TRUE;
}

/**
 * daybook_diary_export_bundle:
 * @n_entries: (out) (optional): how many entries it holds
 *
 * daybook_diary_export_bundle_full() without history or full person
 * records, and without the list of missing evidence files.
 */
gboolean
daybook_diary_export_bundle (DaybookDiary *self, const char *dir, const DaybookQuery *query,
                             DaybookSecret **passphrase, guint *n_entries, GError **error)
{
  g_auto (DaybookBundleResult) result = { 0 };

  if (!daybook_diary_export_bundle_full (self, dir, query, DAYBOOK_BUNDLE_DEFAULT, passphrase,
                                         &result, error))
    return FALSE;
  if (n_entries != NULL)
    *n_entries = result.n_entries;
  return TRUE;
}
