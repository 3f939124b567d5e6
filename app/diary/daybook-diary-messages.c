/* daybook-diary-messages.c — imported messages and calls: reading, citing, verifying
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

#include "daybook-error.h"
#include "daybook-messages-private.h"
#include "daybook-query.h"

/*
 * Messages are never edited. An import adds one source and its messages in
 * one transaction with ONE revision (entity "message-source"), whose
 * snapshot holds the source's fields, the number of its messages and a
 * SHA-256 over them in id order (messages_digest()): the messages are in the
 * hash chain without a revision each, and verification recomputes that
 * digest, so a message changed, added or removed with SQL shows. Which
 * person a message is mapped to (person_id) is bookkeeping, left out of
 * the digest; the sender and address as the file gave them are in it.
 *
 * Citing messages in an entry (message_links) appends a revision of entity
 * "message-links" for that entry number, holding the cited ids; verify
 * compares the links with it.
 */

#define MESSAGE_COLUMNS                                                                            \
  "m.id, m.source_id, m.kind, m.direction, m.sent_utc, m.sent_offset, m.sent_zone,"                \
  " m.time_flag, m.sender, m.address, m.person_id, p.name, m.recipients, m.text, m.line,"          \
  " m.media_id, ma.mark, m.media_name, m.media_state, m.outcome, m.duration_s, m.headers,"         \
  " s.attachment_id, a.mark"
#define MESSAGE_FROM                                                                               \
  " FROM messages m JOIN message_sources s ON s.id = m.source_id"                                  \
  " JOIN attachments a ON a.id = s.attachment_id"                                                  \
  " LEFT JOIN attachments ma ON ma.id = m.media_id"                                                \
  " LEFT JOIN people p ON p.id = m.person_id"

/* A hand-over bundle made before schema 5 is opened read-only, never
 * migrated: it has no message tables, and so no messages. */
static gboolean
has_messages (sqlite3 *db)
{
  g_auto (DaybookStmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages'",
                          -1, &stmt, NULL)
      != SQLITE_OK)
    return FALSE;
  return sqlite3_step (stmt) == SQLITE_ROW;
}

void
daybook_message_free (DaybookMessage *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->direction);
  g_free (self->sent_zone);
  g_free (self->time_flag);
  g_free (self->sender);
  g_free (self->address);
  g_free (self->person);
  g_free (self->recipients);
  g_free (self->text);
  g_free (self->media_mark);
  g_free (self->media_name);
  g_free (self->media_state);
  g_free (self->outcome);
  g_free (self->headers);
  g_free (self->source_mark);
  g_free (self);
}

void
daybook_message_source_free (DaybookMessageSource *self)
{
  if (self == NULL)
    return;
  g_free (self->mark);
  g_free (self->sha256);
  g_free (self->filename);
  g_free (self->format);
  g_free (self->time_zone);
  g_free (self->date_order);
  g_free (self->options);
  g_free (self);
}

static char *
dup_column (sqlite3_stmt *stmt, int col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NULL
                                                        : g_strdup (_daybook_sql_text (stmt, col));
}

static DaybookMessage *
message_from_row (sqlite3_stmt *stmt)
{
  DaybookMessage *m = g_new0 (DaybookMessage, 1);

  m->id = sqlite3_column_int64 (stmt, 0);
  m->source_id = sqlite3_column_int64 (stmt, 1);
  m->kind = g_strdup (_daybook_sql_text (stmt, 2));
  m->direction = g_strdup (_daybook_sql_text (stmt, 3));
  m->sent_utc = sqlite3_column_int64 (stmt, 4);
  m->sent_offset = sqlite3_column_int (stmt, 5);
  m->sent_zone = dup_column (stmt, 6);
  m->time_flag = g_strdup (_daybook_sql_text (stmt, 7));
  m->sender = g_strdup (_daybook_sql_text (stmt, 8));
  m->address = g_strdup (_daybook_sql_text (stmt, 9));
  m->person_id = sqlite3_column_int64 (stmt, 10);
  m->person = dup_column (stmt, 11);
  m->recipients = g_strdup (_daybook_sql_text (stmt, 12));
  m->text = g_strdup (_daybook_sql_text (stmt, 13));
  m->line = sqlite3_column_int (stmt, 14);
  m->media_id = sqlite3_column_int64 (stmt, 15);
  m->media_mark = dup_column (stmt, 16);
  m->media_name = g_strdup (_daybook_sql_text (stmt, 17));
  m->media_state = g_strdup (_daybook_sql_text (stmt, 18));
  m->outcome = g_strdup (_daybook_sql_text (stmt, 19));
  m->duration_s
      = sqlite3_column_type (stmt, 20) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 20);
  m->headers = g_strdup (_daybook_sql_text (stmt, 21));
  m->source_attachment_id = sqlite3_column_int64 (stmt, 22);
  m->source_mark = g_strdup (_daybook_sql_text (stmt, 23));
  return m;
}

/**
 * daybook_message_dup_sent_at:
 *
 * Returns: (transfer full): when it was sent, ISO 8601 with the offset it
 *   was stored with ("2026-03-29T01:30:00+00:00")
 */
char *
daybook_message_dup_sent_at (const DaybookMessage *self)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_offset (self->sent_offset);
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (self->sent_utc);
  g_autoptr (GDateTime) local = NULL;

  if (zone == NULL || utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, zone);
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/**
 * daybook_message_to_json:
 *
 * Returns: (transfer full): the message as `messages --json` prints it
 */
JsonNode *
daybook_message_to_json (const DaybookMessage *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *sent_at = daybook_message_dup_sent_at (self);
  g_autoptr (JsonParser) parser = json_parser_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, self->id);
  json_builder_set_member_name (b, "sent_at");
  json_builder_add_string_value (b, sent_at);
  json_builder_set_member_name (b, "time_zone");
  if (self->sent_zone != NULL)
    json_builder_add_string_value (b, self->sent_zone);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "time_flag");
  json_builder_add_string_value (b, self->time_flag);
  json_builder_set_member_name (b, "sender");
  json_builder_add_string_value (b, self->sender);
  json_builder_set_member_name (b, "address");
  json_builder_add_string_value (b, self->address);
  json_builder_set_member_name (b, "person");
  if (self->person != NULL)
    json_builder_add_string_value (b, self->person);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "direction");
  json_builder_add_string_value (b, self->direction);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, self->kind);
  json_builder_set_member_name (b, "recipients");
  json_builder_add_string_value (b, self->recipients);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, self->text);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, self->source_mark);
  json_builder_set_member_name (b, "line");
  json_builder_add_int_value (b, self->line);
  json_builder_set_member_name (b, "media");
  if (self->media_name[0] != '\0' || self->media_state[0] != '\0')
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, self->media_name);
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, self->media_state);
      json_builder_set_member_name (b, "exhibit");
      if (self->media_mark != NULL)
        json_builder_add_string_value (b, self->media_mark);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  if (g_strcmp0 (self->kind, "call") == 0)
    {
      json_builder_set_member_name (b, "outcome");
      json_builder_add_string_value (b, self->outcome);
      json_builder_set_member_name (b, "duration_s");
      if (self->duration_s >= 0)
        json_builder_add_int_value (b, self->duration_s);
      else
        json_builder_add_null_value (b);
    }
  json_builder_set_member_name (b, "headers");
  if (json_parser_load_from_data (parser, self->headers, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
daybook_message_query_init (DaybookMessageQuery *query)
{
  memset (query, 0, sizeof *query);
  query->from = G_MININT64;
  query->to = G_MAXINT64;
}

/**
 * daybook_diary_list_messages:
 *
 * Returns: (transfer full) (element-type DaybookMessage): the messages
 *   matching @query, oldest first
 */
GPtrArray *
daybook_diary_list_messages (DaybookDiary *diary, const DaybookMessageQuery *query, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_message_free);
  g_autoptr (GString) sql
      = g_string_new ("SELECT " MESSAGE_COLUMNS MESSAGE_FROM " WHERE s.deleted_at IS NULL");
  g_autofree char *fts = NULL;
  g_auto (DaybookStmt) stmt = NULL;
  sqlite3 *db;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  if (query->search != NULL && query->search[0] != '\0')
    {
      fts = daybook_fts_query_from_text (query->search);
      if (fts == NULL)
        return g_steal_pointer (&out); /* nothing searchable typed */
      g_string_append (sql,
                       " AND m.id IN (SELECT docid FROM messages_fts WHERE messages_fts MATCH ?1)");
    }
  if (query->attachment_id != 0)
    g_string_append (sql, " AND s.attachment_id = ?2");
  if (query->person_id != 0)
    g_string_append (sql, " AND m.person_id = ?3");
  if (query->from != G_MININT64)
    g_string_append (sql, " AND m.sent_utc >= ?4");
  if (query->to != G_MAXINT64)
    g_string_append (sql, " AND m.sent_utc < ?5");
  if (query->cited_by != NULL)
    {
      g_string_append (sql,
                       " AND m.id IN (SELECT message_id FROM message_links WHERE number IN (0");
      for (guint i = 0; i < query->cited_by->len; i++)
        g_string_append_printf (sql, ", %" PRId64, g_array_index (query->cited_by, gint64, i));
      g_string_append (sql, "))");
    }
  g_string_append (sql, " ORDER BY m.sent_utc, m.id");

  _daybook_diary_lock (diary);
  if (!_daybook_diary_check_open (diary, error))
    goto out;
  db = _daybook_diary_get_db (diary);
  if (!has_messages (db))
    {
      ok = TRUE;
      goto out;
    }
  stmt = _daybook_sql_prepare (db, sql->str, error);
  if (stmt == NULL)
    goto out;
  if (fts != NULL)
    sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_STATIC);
  if (query->attachment_id != 0)
    sqlite3_bind_int64 (stmt, 2, query->attachment_id);
  if (query->person_id != 0)
    sqlite3_bind_int64 (stmt, 3, query->person_id);
  if (query->from != G_MININT64)
    sqlite3_bind_int64 (stmt, 4, query->from);
  if (query->to != G_MAXINT64)
    sqlite3_bind_int64 (stmt, 5, query->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, message_from_row (stmt));
  ok = rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);
out:
  _daybook_diary_unlock (diary);
  return ok ? g_steal_pointer (&out) : NULL;
}

/**
 * daybook_diary_get_message:
 *
 * Returns: (transfer full) (nullable): message @id
 */
DaybookMessage *
daybook_diary_get_message (DaybookDiary *diary, gint64 id, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  DaybookMessage *m = NULL;
  sqlite3 *db;
  int rc;

  _daybook_diary_lock (diary);
  if (!_daybook_diary_check_open (diary, error))
    goto out;
  db = _daybook_diary_get_db (diary);
  stmt = _daybook_sql_prepare (db, "SELECT " MESSAGE_COLUMNS MESSAGE_FROM " WHERE m.id = ?", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    m = message_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                 _ ("There is no message %" PRId64 ". List them with messages."), id);
  else
    _daybook_sql_error (db, rc, error);
out:
  _daybook_diary_unlock (diary);
  return m;
}

#define SOURCE_QUERY                                                                               \
  "SELECT s.id, s.attachment_id, a.mark, a.sha256, a.filename, s.format, s.time_zone,"             \
  " s.date_order, s.options, s.imported_at,"                                                       \
  " (SELECT count(*) FROM messages m WHERE m.source_id = s.id)"                                    \
  " FROM message_sources s JOIN attachments a ON a.id = s.attachment_id"                           \
  " WHERE s.deleted_at IS NULL"

static DaybookMessageSource *
source_from_row (sqlite3_stmt *stmt)
{
  DaybookMessageSource *s = g_new0 (DaybookMessageSource, 1);
  const void *hash = sqlite3_column_blob (stmt, 3);
  const void *name = sqlite3_column_blob (stmt, 4);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->attachment_id = sqlite3_column_int64 (stmt, 1);
  s->mark = g_strdup (_daybook_sql_text (stmt, 2));
  s->sha256 = sqlite3_column_type (stmt, 3) == SQLITE_BLOB
                  ? _daybook_hex (hash, sqlite3_column_bytes (stmt, 3))
                  : g_strdup (_daybook_sql_text (stmt, 3));
  s->filename = g_utf8_make_valid (name != NULL ? name : "", sqlite3_column_bytes (stmt, 4));
  s->format = g_strdup (_daybook_sql_text (stmt, 5));
  s->time_zone = g_strdup (_daybook_sql_text (stmt, 6));
  s->date_order = g_strdup (_daybook_sql_text (stmt, 7));
  s->options = g_strdup (_daybook_sql_text (stmt, 8));
  s->imported_at = sqlite3_column_int64 (stmt, 9);
  s->n_messages = sqlite3_column_int (stmt, 10);
  return s;
}

static GPtrArray *
list_sources (DaybookDiary *diary, gint64 attachment_id, GError **error)
{
  g_autoptr (GPtrArray) out
      = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_message_source_free);
  g_auto (DaybookStmt) stmt = NULL;
  sqlite3 *db;
  gboolean ok = FALSE;
  int rc;

  _daybook_diary_lock (diary);
  if (!_daybook_diary_check_open (diary, error))
    goto out;
  db = _daybook_diary_get_db (diary);
  if (!has_messages (db))
    {
      ok = TRUE;
      goto out;
    }
  stmt = _daybook_sql_prepare (db,
                               attachment_id != 0 ? SOURCE_QUERY " AND s.attachment_id = ?"
                                                  : SOURCE_QUERY " ORDER BY s.id",
                               error);
  if (stmt == NULL)
    goto out;
  if (attachment_id != 0)
    sqlite3_bind_int64 (stmt, 1, attachment_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, source_from_row (stmt));
  ok = rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);
out:
  _daybook_diary_unlock (diary);
  return ok ? g_steal_pointer (&out) : NULL;
}

/**
 * daybook_diary_list_message_sources:
 *
 * Returns: (transfer full) (element-type DaybookMessageSource): every
 *   exhibit messages were imported from, in import order
 */
GPtrArray *
daybook_diary_list_message_sources (DaybookDiary *diary, GError **error)
{
  return list_sources (diary, 0, error);
}

/**
 * daybook_diary_find_message_source:
 *
 * Returns: (transfer full) (nullable): the source imported from exhibit
 *   @attachment_id, or %NULL without setting @error when there is none
 */
DaybookMessageSource *
daybook_diary_find_message_source (DaybookDiary *diary, gint64 attachment_id, GError **error)
{
  g_autoptr (GPtrArray) all = list_sources (diary, attachment_id, error);

  if (all == NULL || all->len == 0)
    return NULL;
  return g_ptr_array_steal_index (all, 0);
}

static gboolean
cited_locked (sqlite3 *db, gint64 number, GArray *ids, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT message_id FROM message_links WHERE number = ? ORDER BY message_id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, number);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);
}

/**
 * daybook_diary_dup_cited_messages:
 *
 * Returns: (transfer full) (element-type gint64): the ids of the messages
 *   entry @number cites, ascending
 */
GArray *
daybook_diary_dup_cited_messages (DaybookDiary *diary, gint64 number, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok;

  _daybook_diary_lock (diary);
  ok = _daybook_diary_check_open (diary, error)
       && cited_locked (_daybook_diary_get_db (diary), number, ids, error);
  _daybook_diary_unlock (diary);
  return ok ? g_steal_pointer (&ids) : NULL;
}

static char *
links_snapshot (gint64 number, GArray *ids)
{
  g_autoptr (GString) s = g_string_new (NULL);

  g_string_append_printf (s, "{\"number\":%" PRId64 ",\"messages\":[", number);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%" PRId64, i ? "," : "", g_array_index (ids, gint64, i));
  g_string_append (s, "]}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
links_revision (sqlite3 *db, gint64 number, guint *revision, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      "SELECT coalesce(max(revision), 0) FROM revisions WHERE entity = 'message-links'"
      " AND entity_id = ?",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, number);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _daybook_sql_error (db, rc, error);
  *revision = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
cite_locked (DaybookDiary *diary, gint64 number, const gint64 *ids, guint n_ids, gboolean cite,
             gboolean *changed, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) entry = _daybook_sql_prepare (
      db, "SELECT 1 FROM incidents WHERE number = ? AND deleted_at IS NULL", error);
  g_auto (DaybookStmt) exists
      = _daybook_sql_prepare (db, "SELECT 1 FROM messages WHERE id = ?", error);
  g_auto (DaybookStmt) change
      = exists == NULL
            ? NULL
            : _daybook_sql_prepare (
                db,
                cite ? "INSERT OR IGNORE INTO message_links (number, message_id) VALUES (?, ?)"
                     : "DELETE FROM message_links WHERE number = ? AND message_id = ?",
                error);
  g_autoptr (GArray) now_cited = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *snapshot = NULL;
  guint revision = 0;

  *changed = FALSE;
  if (entry == NULL || exists == NULL || change == NULL)
    return FALSE;
  sqlite3_bind_int64 (entry, 1, number);
  if (sqlite3_step (entry) != SQLITE_ROW)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no entry number %" PRId64 "."), number);
      return FALSE;
    }
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_reset (exists);
      sqlite3_bind_int64 (exists, 1, ids[i]);
      if (sqlite3_step (exists) != SQLITE_ROW)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                       _ ("There is no message %" PRId64 ". List them with messages."), ids[i]);
          return FALSE;
        }
      sqlite3_reset (change);
      sqlite3_bind_int64 (change, 1, number);
      sqlite3_bind_int64 (change, 2, ids[i]);
      if (!_daybook_sql_step_done (db, change, error))
        return FALSE;
      if (sqlite3_changes (db) > 0)
        *changed = TRUE;
    }
  if (!*changed)
    return TRUE;
  if (!cited_locked (db, number, now_cited, error)
      || !links_revision (db, number, &revision, error))
    return FALSE;
  snapshot = links_snapshot (number, now_cited);
  return _daybook_chain_append (db, "message-links", number, revision + 1,
                                revision == 0 ? "create" : "edit", _daybook_chain_now (), snapshot,
                                error);
}

/* For the importer (daybook-messages-private.h): cites @ids in entry
 * @number inside the caller's transaction, with the lock held. */
gboolean
_daybook_messages_cite_locked (DaybookDiary *diary, gint64 number, const gint64 *ids, guint n_ids,
                               GError **error)
{
  gboolean changed;

  return cite_locked (diary, number, ids, n_ids, TRUE, &changed, error);
}

/**
 * daybook_diary_cite_messages:
 * @cite: %TRUE to cite the messages in entry @number, %FALSE to stop
 *
 * Links messages @ids to entry @number (message_links), in one transaction
 * with a revision of the entry's citations when anything changed.
 */
gboolean
daybook_diary_cite_messages (DaybookDiary *diary, gint64 number, const gint64 *ids, guint n_ids,
                             gboolean cite, GError **error)
{
  gboolean ok = FALSE, changed = FALSE;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), FALSE);

  _daybook_diary_lock (diary);
  if (_daybook_diary_check_open (diary, error))
    {
      if (daybook_diary_is_read_only (diary))
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_READ_ONLY,
                     _ ("This is a hand-over bundle: it can be read, but not changed."));
      else if (_daybook_diary_begin (diary, error))
        {
          if (cite_locked (diary, number, ids, n_ids, cite, &changed, error))
            ok = _daybook_diary_commit (diary, error);
          else
            _daybook_diary_rollback (diary);
        }
    }
  _daybook_diary_unlock (diary);
  if (ok && changed)
    _daybook_diary_emit_changed (diary);
  return ok;
}

/**
 * daybook_messages_calls_per_day:
 * @messages: (element-type DaybookMessage): messages, any order
 *
 * Returns: (transfer full) (element-type DaybookCallDay): for each day in
 *   @zone with a call, the calls and how many were missed or rejected,
 *   in date order
 */
GArray *
daybook_messages_calls_per_day (GPtrArray *messages, GTimeZone *zone)
{
  g_autoptr (GTree) days = g_tree_new_full ((GCompareDataFunc)strcmp, NULL, g_free, g_free);
  GArray *out = g_array_new (FALSE, TRUE, sizeof (DaybookCallDay));
  GTreeNode *node;

  for (guint i = 0; i < messages->len; i++)
    {
      const DaybookMessage *m = g_ptr_array_index (messages, i);
      g_autoptr (GDateTime) utc = NULL;
      g_autoptr (GDateTime) local = NULL;
      DaybookCallDay *day;
      char *date;

      if (g_strcmp0 (m->kind, "call") != 0)
        continue;
      utc = g_date_time_new_from_unix_utc (m->sent_utc);
      if (utc == NULL)
        continue;
      local = g_date_time_to_timezone (utc, zone);
      date = g_date_time_format (local, "%Y-%m-%d");
      day = g_tree_lookup (days, date);
      if (day == NULL)
        {
          day = g_new0 (DaybookCallDay, 1);
          g_strlcpy (day->date, date, sizeof day->date);
          g_tree_insert (days, date, day);
        }
      else
        g_free (date);
      day->calls++;
      if (g_strcmp0 (m->outcome, "missed") == 0)
        day->missed++;
      else if (g_strcmp0 (m->outcome, "rejected") == 0)
        day->rejected++;
    }
  for (node = g_tree_node_first (days); node != NULL; node = g_tree_node_next (node))
    g_array_append_vals (out, g_tree_node_value (node), 1);
  return out;
}

/* -- writing (for the importer, daybook-messages-private.h) */

gboolean
_daybook_messages_add_source (DaybookDiary *diary, gint64 attachment_id, const char *format,
                              const char *time_zone, const char *date_order, const char *options,
                              gint64 now, gint64 *id, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      "INSERT INTO message_sources (attachment_id, format, time_zone, date_order, options,"
      " imported_at, revision) VALUES (?, ?, ?, ?, ?, ?, 1)",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, attachment_id);
  sqlite3_bind_text (stmt, 2, format, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, time_zone, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, date_order, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, options, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!_daybook_sql_step_done (db, stmt, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (db);
  return TRUE;
}

struct _DaybookMessageWriter
{
  sqlite3 *db;
  sqlite3_stmt *find;
  sqlite3_stmt *insert;
  sqlite3_stmt *fts;
};

/* Statements prepared once for a whole import, not once per message.
 * The insert ignores a row the unique digest index refuses: the digest is
 * looked up only then (a message already in the diary), not before every
 * insert. */
DaybookMessageWriter *
_daybook_messages_writer_new (DaybookDiary *diary, GError **error)
{
  g_autoptr (DaybookMessageWriter) w = g_new0 (DaybookMessageWriter, 1);

  w->db = _daybook_diary_get_db (diary);
  w->find = _daybook_sql_prepare (w->db, "SELECT id FROM messages WHERE digest = ?", error);
  if (w->find == NULL)
    return NULL;
  w->insert = _daybook_sql_prepare (
      w->db,
      "INSERT OR IGNORE INTO messages (source_id, kind, direction, sent_utc, sent_offset,"
      " sent_zone,"
      " time_flag, sender, address, person_id, recipients, text, line, media_id, media_name,"
      " media_state, outcome, duration_s, headers, digest)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
      " ?19, ?20)",
      error);
  if (w->insert == NULL)
    return NULL;
  w->fts = _daybook_sql_prepare (
      w->db, "INSERT INTO messages_fts (docid, sender, text) VALUES (?, ?, ?)", error);
  if (w->fts == NULL)
    return NULL;
  return g_steal_pointer (&w);
}

void
_daybook_messages_writer_free (DaybookMessageWriter *w)
{
  if (w == NULL)
    return;
  sqlite3_finalize (w->find);
  sqlite3_finalize (w->insert);
  sqlite3_finalize (w->fts);
  g_free (w);
}

/* @duplicate: set (and nothing added) when a message of the same digest is
 * already in the diary. */
gboolean
_daybook_messages_writer_add (DaybookMessageWriter *w, const DaybookMessage *m,
                              const guint8 digest[32], gboolean *duplicate, gint64 *id,
                              GError **error)
{
  sqlite3 *db = w->db;
  sqlite3_stmt *insert = w->insert;
  sqlite3_stmt *fts = w->fts;
  int rc;

  *duplicate = FALSE;
  sqlite3_reset (insert);
  sqlite3_clear_bindings (insert);
  sqlite3_bind_int64 (insert, 1, m->source_id);
  sqlite3_bind_text (insert, 2, m->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, m->direction, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, m->sent_utc);
  sqlite3_bind_int (insert, 5, m->sent_offset);
  if (m->sent_zone != NULL)
    sqlite3_bind_text (insert, 6, m->sent_zone, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, m->time_flag, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, m->sender, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 9, m->address, -1, SQLITE_STATIC);
  if (m->person_id != 0)
    sqlite3_bind_int64 (insert, 10, m->person_id);
  sqlite3_bind_text (insert, 11, m->recipients, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 12, m->text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 13, m->line);
  if (m->media_id != 0)
    sqlite3_bind_int64 (insert, 14, m->media_id);
  sqlite3_bind_text (insert, 15, m->media_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 16, m->media_state, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 17, m->outcome, -1, SQLITE_STATIC);
  if (m->duration_s >= 0)
    sqlite3_bind_int (insert, 18, m->duration_s);
  sqlite3_bind_text (insert, 19, m->headers, -1, SQLITE_STATIC);
  sqlite3_bind_blob (insert, 20, digest, 32, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  sqlite3_reset (insert);
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  if (sqlite3_changes (db) == 0)
    {
      /* Ignored: the same digest is there, or (never from a checked
       * record) a NOT NULL or CHECK constraint refused the row. */
      sqlite3_reset (w->find);
      sqlite3_bind_blob (w->find, 1, digest, 32, SQLITE_STATIC);
      rc = sqlite3_step (w->find);
      if (rc == SQLITE_ROW)
        {
          *duplicate = TRUE;
          *id = sqlite3_column_int64 (w->find, 0);
          sqlite3_reset (w->find);
          return TRUE;
        }
      sqlite3_reset (w->find);
      return _daybook_sql_error (db, rc == SQLITE_DONE ? SQLITE_CONSTRAINT : rc, error);
    }
  *id = sqlite3_last_insert_rowid (db);

  sqlite3_reset (fts);
  sqlite3_bind_int64 (fts, 1, *id);
  sqlite3_bind_text (fts, 2, m->sender, -1, SQLITE_STATIC);
  sqlite3_bind_text (fts, 3, m->text, -1, SQLITE_STATIC);
  rc = sqlite3_step (fts);
  sqlite3_reset (fts);
  return rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);
}

/* The same, for one message. */
gboolean
_daybook_messages_add (DaybookDiary *diary, const DaybookMessage *m, const guint8 digest[32],
                       gboolean *duplicate, gint64 *id, GError **error)
{
  g_autoptr (DaybookMessageWriter) w = _daybook_messages_writer_new (diary, error);

  return w != NULL && _daybook_messages_writer_add (w, m, digest, duplicate, id, error);
}

/* Feeds one value to the digest, its length first: no two sequences of
 * values give the same bytes. */
static void
feed_text (GChecksum *sum, sqlite3_stmt *stmt, int col)
{
  guint8 len[9] = { 0 };
  gsize n = sqlite3_column_bytes (stmt, col);
  const unsigned char *text = sqlite3_column_text (stmt, col);

  len[0] = sqlite3_column_type (stmt, col) == SQLITE_NULL ? 0 : 1;
  for (int i = 0; i < 8; i++)
    len[1 + i] = (guint8)((guint64)n >> (56 - 8 * i));
  g_checksum_update (sum, len, sizeof len);
  if (n > 0)
    g_checksum_update (sum, text, n);
}

static void
feed_blob (GChecksum *sum, sqlite3_stmt *stmt, int col)
{
  guint8 len[9] = { 2 };
  gsize n = sqlite3_column_bytes (stmt, col);
  const void *blob = sqlite3_column_blob (stmt, col);

  for (int i = 0; i < 8; i++)
    len[1 + i] = (guint8)((guint64)n >> (56 - 8 * i));
  g_checksum_update (sum, len, sizeof len);
  if (n > 0)
    g_checksum_update (sum, blob, n);
}

/* The SHA-256 over the messages of @source_id in id order, and their
 * number. Every stored column but person_id goes in. */
static gboolean
messages_digest (sqlite3 *db, const char *schema, gint64 source_id, char **hex, guint *count,
                 GError **error)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT id, kind, direction, sent_utc, sent_offset, sent_zone, time_flag, sender, address,"
      " recipients, text, line, media_id, media_name, media_state, outcome, duration_s,"
      " headers, digest FROM %s.messages"
      /* In the table's own order from the source's first message: sorting
       * by id after the source's index would hold every row in memory. */
      " WHERE id >= (SELECT min(id) FROM %s.messages WHERE source_id = ?1) AND +source_id = ?1"
      " ORDER BY id",
      schema, schema);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, sql, error);
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  int rc, columns;

  if (stmt == NULL)
    return FALSE;
  columns = sqlite3_column_count (stmt);
  sqlite3_bind_int64 (stmt, 1, source_id);
  *count = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int col = 0; col < columns - 1; col++)
        feed_text (sum, stmt, col);
      feed_blob (sum, stmt, columns - 1);
      (*count)++;
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  *hex = g_strdup (g_checksum_get_string (sum));
  return TRUE;
}

/*
 * _daybook_messages_source_snapshot:
 * @schema: the database holding the source: "main", or an attached one
 *   (a hand-over bundle being made narrows a source to the messages it
 *   carries, and records this snapshot of what it holds)
 *
 * The snapshot of message source @source_id as its revision records it,
 * the digest over its messages as they are now in @schema.
 */
gboolean
_daybook_messages_source_snapshot (sqlite3 *db, const char *schema, gint64 source_id,
                                   char **snapshot, guint *revision, GError **error)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT s.attachment_id, a.sha256, s.format, s.time_zone, s.date_order, s.options,"
      " s.imported_at, s.revision, s.deleted_at FROM %s.message_sources s"
      " LEFT JOIN %s.attachments a ON a.id = s.attachment_id WHERE s.id = ?",
      schema, schema);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, sql, error);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *sha256 = NULL;
  guint count;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _daybook_sql_error (db, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, error);
  if (!messages_digest (db, schema, source_id, &digest, &count, error))
    return FALSE;
  sha256 = sqlite3_column_type (stmt, 1) == SQLITE_BLOB
               ? _daybook_hex (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1))
               : g_strdup (_daybook_sql_text (stmt, 1));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, source_id);
  json_builder_set_member_name (b, "attachment");
  json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 0));
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, sha256);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, _daybook_sql_text (stmt, 2));
  json_builder_set_member_name (b, "time_zone");
  json_builder_add_string_value (b, _daybook_sql_text (stmt, 3));
  json_builder_set_member_name (b, "date_order");
  json_builder_add_string_value (b, _daybook_sql_text (stmt, 4));
  json_builder_set_member_name (b, "options");
  json_builder_add_string_value (b, _daybook_sql_text (stmt, 5));
  json_builder_set_member_name (b, "imported_at");
  json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 6));
  json_builder_set_member_name (b, "deleted");
  json_builder_add_boolean_value (b, sqlite3_column_type (stmt, 8) != SQLITE_NULL);
  json_builder_set_member_name (b, "messages");
  json_builder_add_int_value (b, count);
  json_builder_set_member_name (b, "messages_sha256");
  json_builder_add_string_value (b, digest);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  *snapshot = json_to_string (root, FALSE);
  *revision = sqlite3_column_int (stmt, 7);
  return TRUE;
}

/* Appends the source's one revision, after its messages were added. */
gboolean
_daybook_messages_record_source (DaybookDiary *diary, gint64 source_id, gint64 now, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_autofree char *snapshot = NULL;
  guint revision;

  return _daybook_messages_source_snapshot (db, "main", source_id, &snapshot, &revision, error)
         && _daybook_chain_append (db, "message-source", source_id, revision, "create", now,
                                   snapshot, error);
}

gboolean
_daybook_messages_source_of_attachment (DaybookDiary *diary, gint64 attachment_id,
                                        gint64 *source_id, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      "SELECT id FROM message_sources WHERE attachment_id = ? AND deleted_at IS NULL"
      " ORDER BY id LIMIT 1",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, attachment_id);
  rc = sqlite3_step (stmt);
  *source_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return rc == SQLITE_ROW || rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);
}

/* -- people's identifiers */

/*
 * Normalises a number, address or account name so that the same one
 * written two ways is found: an e-mail address in lower case, a phone
 * number as its digits with a leading + kept, anything else (an account
 * name, a display name) trimmed and case-folded. Sets @kind to "email",
 * "phone" or "name".
 */
char *
_daybook_identifier_normalize (const char *value, const char **kind)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));
  g_autoptr (GString) digits = g_string_new (NULL);
  gboolean phone = TRUE;
  guint n_digits = 0;

  if (strchr (trimmed, '@') != NULL && strchr (trimmed, ' ') == NULL)
    {
      *kind = "email";
      return g_utf8_strdown (trimmed, -1);
    }
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        {
          g_string_append_c (digits, (char)c);
          n_digits++;
        }
      else if (c == '+' && digits->len == 0)
        g_string_append_c (digits, '+');
      else if (!(c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == 0x00A0
                 || c == 0x202A || c == 0x202B || c == 0x202C || c == 0x200E || c == 0x200F
                 || c == 0x2068 || c == 0x2069))
        phone = FALSE;
    }
  if (phone && n_digits >= 3)
    {
      *kind = "phone";
      return g_string_free (g_steal_pointer (&digits), FALSE);
    }
  *kind = "name";
  return g_utf8_casefold (trimmed, -1);
}

gboolean
_daybook_messages_find_identifier (DaybookDiary *diary, const char *kind, const char *value,
                                   gint64 *person_id, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      "SELECT i.person_id FROM person_identifiers i JOIN people p ON p.id = i.person_id"
      " WHERE i.kind = ? AND i.value = ? AND p.deleted_at IS NULL",
      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *person_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return rc == SQLITE_ROW || rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);
}

gboolean
_daybook_messages_add_identifier (DaybookDiary *diary, const char *kind, const char *value,
                                  gint64 person_id, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "INSERT OR REPLACE INTO person_identifiers (kind, value, person_id) VALUES (?, ?, ?)",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, person_id);
  return _daybook_sql_step_done (db, stmt, error);
}

/* -- verification */

static gboolean
verify_sources (sqlite3 *db, GPtrArray *problems, GError **error)
{
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db,
                              "SELECT s.id, coalesce(a.mark, '') FROM message_sources s"
                              " LEFT JOIN attachments a ON a.id = s.attachment_id ORDER BY s.id",
                              error);
  g_auto (DaybookStmt) last
      = stmt == NULL
            ? NULL
            : _daybook_sql_prepare (
                db,
                "SELECT snapshot FROM revisions WHERE entity = 'message-source' AND entity_id = ?"
                " ORDER BY revision DESC LIMIT 1",
                error);
  g_auto (DaybookStmt) orphans
      = last == NULL ? NULL
                     : _daybook_sql_prepare (db,
                                             "SELECT count(*) FROM messages WHERE source_id NOT IN "
                                             "(SELECT id FROM message_sources)",
                                             error);
  int rc;

  if (stmt == NULL || last == NULL || orphans == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *mark = g_strdup (_daybook_sql_text (stmt, 1));
      g_autofree char *snapshot = NULL;
      guint revision;

      if (!_daybook_messages_source_snapshot (db, "main", id, &snapshot, &revision, error))
        return FALSE;
      sqlite3_reset (last);
      sqlite3_bind_int64 (last, 1, id);
      if (sqlite3_step (last) != SQLITE_ROW)
        g_ptr_array_add (problems,
                         g_strdup_printf (_ ("The messages imported from exhibit %s have no saved "
                                             "revision: they were added outside Daybook."),
                                          mark));
      else if (strcmp (_daybook_sql_text (last, 0), snapshot) != 0)
        g_ptr_array_add (
            problems,
            g_strdup_printf (_ ("The messages imported from exhibit %s differ from what was "
                                "imported: a message was changed, added or removed outside "
                                "Daybook."),
                             mark));
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  if (sqlite3_step (orphans) == SQLITE_ROW && sqlite3_column_int64 (orphans, 0) > 0)
    {
      gint64 n = sqlite3_column_int64 (orphans, 0);

      g_ptr_array_add (problems,
                       g_strdup_printf (ngettext ("%" PRId64 " message belongs to no "
                                                  "import: it was added outside Daybook.",
                                                  "%" PRId64 " messages belong to no "
                                                  "import: they were added outside Daybook.",
                                                  n),
                                        n));
    }
  return TRUE;
}

static gboolean
verify_links (sqlite3 *db, GPtrArray *problems, GError **error)
{
  g_auto (DaybookStmt) numbers = _daybook_sql_prepare (
      db,
      "SELECT number FROM message_links UNION SELECT entity_id FROM revisions"
      " WHERE entity = 'message-links' ORDER BY 1",
      error);
  g_auto (DaybookStmt) last
      = numbers == NULL
            ? NULL
            : _daybook_sql_prepare (
                db,
                "SELECT snapshot FROM revisions WHERE entity = 'message-links' AND entity_id = ?"
                " ORDER BY revision DESC LIMIT 1",
                error);
  int rc;

  if (numbers == NULL || last == NULL)
    return FALSE;
  while ((rc = sqlite3_step (numbers)) == SQLITE_ROW)
    {
      gint64 number = sqlite3_column_int64 (numbers, 0);
      g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *snapshot = NULL;
      const char *saved;

      if (!cited_locked (db, number, ids, error))
        return FALSE;
      snapshot = links_snapshot (number, ids);
      sqlite3_reset (last);
      sqlite3_bind_int64 (last, 1, number);
      saved = sqlite3_step (last) == SQLITE_ROW ? _daybook_sql_text (last, 0) : "{\"messages\":[]}";
      if (strcmp (saved, snapshot) != 0 && !(ids->len == 0 && strstr (saved, "[]") != NULL))
        g_ptr_array_add (problems,
                         g_strdup_printf (_ ("The messages cited by entry %" PRId64
                                             " differ from their last saved revision: changed "
                                             "outside Daybook."),
                                          number));
    }
  return rc == SQLITE_DONE || _daybook_sql_error (db, rc, error);
}

/*
 * _daybook_diary_verify_messages:
 *
 * Each import's messages against the digest in its revision, and each
 * entry's cited messages against their last revision. Lock held.
 */
gboolean
_daybook_diary_verify_messages (DaybookDiary *self, GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (self);

  if (!has_messages (db))
    return TRUE;
  return verify_sources (db, problems, error) && verify_links (db, problems, error);
}
