/* daybook-diary-exports.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include <string.h>
#include "daybook-i18n.h"
#include <json-glib/json-glib.h>

#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-exports.h"

/*
 * The register of exports, and "what changed since": see daybook-exports.h.
 *
 * Whether an earlier head is contained in today's history is decided by
 * recomputing every link from the revisions themselves, never by reading
 * the stored links: a history rewritten with the SQL shell and its links
 * recomputed no longer has the earlier head among its links, and a history
 * cut short or put back from an older copy does not have a later one.
 */

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void
daybook_export_free (DaybookExport *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->ref);
  g_free (self->fingerprint);
  g_free (self->selection);
  g_free (self);
}

static void
clear_exhibit (gpointer data)
{
  g_free (((DaybookExhibitAdded *)data)->mark);
}

void
daybook_since_free (DaybookSince *self)
{
  if (self == NULL)
    return;
  g_free (self->fingerprint);
  g_array_unref (self->added);
  g_array_unref (self->edited);
  g_array_unref (self->deleted);
  g_array_unref (self->exhibits_added);
  g_free (self);
}

/**
 * daybook_parse_fingerprint:
 * @text: 64 hex digits in either case, as a report prints them; spaces,
 *   line breaks, dashes and colons between them are ignored
 * @head: (out): the 32 bytes
 *
 * Returns: whether @text is a fingerprint
 */
gboolean
daybook_parse_fingerprint (const char *text, guint8 head[32])
{
  guint n = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p != '\0'; p++)
    {
      int v;

      if (g_ascii_isspace (*p) || *p == '-' || *p == ':')
        continue;
      v = g_ascii_xdigit_value (*p);
      if (v < 0 || n >= 64)
        return FALSE;
      if (n % 2 == 0)
        head[n / 2] = v << 4;
      else
        head[n / 2] |= v;
      n++;
    }
  return n == 64;
}

/**
 * daybook_normalize_report_id:
 * @text: a report id as read off a report, in either case, with or without
 *   its dashes
 *
 * Crockford's base 32 reads O as 0 and I or L as 1.
 *
 * Returns: (transfer full) (nullable): the id as reports print it
 *   ("2NFJ-…"), or %NULL if @text is not one
 */
char *
daybook_normalize_report_id (const char *text)
{
  GString *id = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (g_ascii_isspace (c) || c == '-')
        continue;
      if (c == 'O')
        c = '0';
      else if (c == 'I' || c == 'L')
        c = '1';
      if (strchr (crockford, c) == NULL || c == '\0')
        {
          g_string_free (id, TRUE);
          return NULL;
        }
      if (id->len > 0 && id->len % 5 == 4)
        g_string_append_c (id, '-');
      g_string_append_c (id, c);
    }
  if (id->len != 19) /* 16 digits, 3 dashes */
    {
      g_string_free (id, TRUE);
      return NULL;
    }
  return g_string_free (id, FALSE);
}

static void
id_bytes (DaybookDiary *self, guint8 out[16])
{
  g_autofree char *hex = daybook_diary_dup_id (self);

  for (int i = 0; i < 16; i++)
    out[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
}

/**
 * daybook_diary_get_tip:
 * @fingerprint: (out) (transfer full): the chain's head, 64 hex digits
 * @length: (out): the number of links; the head is link @length
 *
 * Reads both at once, so they belong together.
 */
gboolean
daybook_diary_get_tip (DaybookDiary *self, char **fingerprint, gint64 *length, GError **error)
{
  guint8 diary_id[16], head[32];
  gboolean ok;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  id_bytes (self, diary_id);
  _daybook_diary_lock (self);
  ok = _daybook_diary_check_open (self, error)
       && _daybook_chain_get_tip (_daybook_diary_get_db (self), diary_id, length, head, error);
  _daybook_diary_unlock (self);
  if (ok)
    *fingerprint = _daybook_hex (head, sizeof head);
  return ok;
}

static gboolean
valid_kind (const char *kind)
{
  return g_strcmp0 (kind, DAYBOOK_EXPORT_REPORT) == 0
         || g_strcmp0 (kind, DAYBOOK_EXPORT_BACKUP) == 0
         || g_strcmp0 (kind, DAYBOOK_EXPORT_BUNDLE) == 0
         || g_strcmp0 (kind, DAYBOOK_EXPORT_KEY) == 0;
}

static gboolean
valid_selection (const char *selection)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  return g_utf8_validate (selection, -1, NULL)
         && json_parser_load_from_data (parser, selection, -1, NULL)
         && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser));
}

/**
 * daybook_diary_register_export:
 * @kind: %DAYBOOK_EXPORT_REPORT, %DAYBOOK_EXPORT_BACKUP,
 *   %DAYBOOK_EXPORT_BUNDLE or %DAYBOOK_EXPORT_KEY
 * @ref: what names it: the report id, the backup's file name, the bundle
 *   id, the key id
 * @fingerprint: (nullable): the head the export carries (64 hex digits),
 *   from daybook_diary_get_tip() when it was made; %NULL for the head now
 * @length: the number of links with that head (ignored with %NULL)
 * @selection: (nullable): a JSON object saying what was chosen; never
 *   diary content
 *
 * Adds one row to the register. Adds no link to the chain and leaves the
 * fingerprint as it is. Fails with %DAYBOOK_ERROR_READ_ONLY in a bundle.
 */
gboolean
daybook_diary_register_export (DaybookDiary *self, const char *kind, const char *ref,
                               const char *fingerprint, gint64 length, const char *selection,
                               GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  guint8 diary_id[16], head[32];
  gboolean ok = FALSE;
  sqlite3 *db;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);
  g_return_val_if_fail (valid_kind (kind), FALSE);
  g_return_val_if_fail (ref != NULL && ref[0] != '\0' && g_utf8_validate (ref, -1, NULL), FALSE);

  if (selection == NULL)
    selection = "{}";
  if (!valid_selection (selection)
      || (fingerprint != NULL && (!daybook_parse_fingerprint (fingerprint, head) || length < 0)))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The record of what left the diary is malformed, so it was not kept."));
      return FALSE;
    }

  id_bytes (self, diary_id);
  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error) || !_daybook_diary_begin (self, error))
    goto out;
  db = _daybook_diary_get_db (self);

  if (fingerprint == NULL && !_daybook_chain_get_tip (db, diary_id, &length, head, error))
    goto rollback;
  stmt = _daybook_sql_prepare (db,
                               "INSERT INTO exports (kind, ref, head, length, selection, made_at)"
                               " VALUES (?, ?, ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ref, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, head, 32, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, length);
  sqlite3_bind_text (stmt, 5, selection, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);
  if (!_daybook_sql_step_done (db, stmt, error))
    goto rollback;

  ok = _daybook_diary_commit (self, error);
  goto out;

rollback:
  _daybook_diary_rollback (self);
out:
  _daybook_diary_unlock (self);
  return ok;
}

/* Bundles made before schema 4 have no register. */
static gboolean
has_register (sqlite3 *db)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'exports'", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

static DaybookExport *
export_from_row (sqlite3_stmt *stmt)
{
  DaybookExport *e = g_new0 (DaybookExport, 1);

  e->id = sqlite3_column_int64 (stmt, 0);
  e->kind = g_strdup (_daybook_sql_text (stmt, 1));
  e->ref = g_strdup (_daybook_sql_text (stmt, 2));
  if (sqlite3_column_bytes (stmt, 3) == 32)
    e->fingerprint = _daybook_hex (sqlite3_column_blob (stmt, 3), 32);
  e->length = sqlite3_column_int64 (stmt, 4);
  e->selection = g_strdup (_daybook_sql_text (stmt, 5));
  e->made_at = sqlite3_column_int64 (stmt, 6);
  return e;
}

static GPtrArray *
query_exports (DaybookDiary *self, const char *ref, GError **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_export_free);
  g_auto (DaybookStmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error))
    goto fail;
  db = _daybook_diary_get_db (self);
  if (!has_register (db))
    goto done;
  stmt
      = _daybook_sql_prepare (db,
                              ref == NULL ? "SELECT id, kind, ref, head, length, selection, made_at"
                                            " FROM exports ORDER BY id"
                                          : "SELECT id, kind, ref, head, length, selection, made_at"
                                            " FROM exports WHERE ref = ? ORDER BY id DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    goto fail;
  if (ref != NULL)
    sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, export_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _daybook_sql_error (db, rc, error);
      goto fail;
    }
done:
  _daybook_diary_unlock (self);
  return g_steal_pointer (&list);
fail:
  _daybook_diary_unlock (self);
  return NULL;
}

/**
 * daybook_diary_list_exports:
 *
 * Returns: (transfer full) (element-type DaybookExport): the register,
 *   oldest first; empty for a diary without one
 */
GPtrArray *
daybook_diary_list_exports (DaybookDiary *self, GError **error)
{
  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  return query_exports (self, NULL, error);
}

/**
 * daybook_diary_find_export:
 * @ref: a report id, backup file name, bundle id or key id, exactly
 *
 * Returns: (transfer full) (nullable): the newest export of that name, or
 *   %NULL with %DAYBOOK_ERROR_NOT_FOUND
 */
DaybookExport *
daybook_diary_find_export (DaybookDiary *self, const char *ref, GError **error)
{
  g_autoptr (GPtrArray) list = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);
  g_return_val_if_fail (ref != NULL, NULL);

  list = query_exports (self, ref, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("“%s” is neither a fingerprint (64 hexadecimal digits) nor a report, backup "
                      "or bundle in this diary's register. Check what you typed, or give the "
                      "fingerprint printed on the report."),
                   ref);
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

/**
 * daybook_diary_resolve_since:
 * @text: a fingerprint (see daybook_parse_fingerprint()), a report id, or
 *   a backup file name or bundle id from the register
 * @head: (out): the head to look for
 * @export: (out) (optional) (transfer full) (nullable): the register's
 *   record, when @text named one
 */
gboolean
daybook_diary_resolve_since (DaybookDiary *self, const char *text, guint8 head[32],
                             DaybookExport **export, GError **error)
{
  g_autoptr (DaybookExport) found = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (export != NULL)
    *export = NULL;
  if (daybook_parse_fingerprint (text, head))
    return TRUE;

  id = daybook_normalize_report_id (text);
  found = daybook_diary_find_export (self, id != NULL ? id : text, error);
  if (found == NULL)
    return FALSE;
  if (found->fingerprint == NULL || !daybook_parse_fingerprint (found->fingerprint, head))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("The register has no fingerprint for “%s”. Give the fingerprint printed on "
                      "it instead."),
                   text);
      return FALSE;
    }
  if (export != NULL)
    *export = g_steal_pointer (&found);
  return TRUE;
}

static char *
exhibit_mark (const char *snapshot)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, snapshot, -1, NULL))
    return g_strdup ("");
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup ("");
  return g_strdup (
      json_object_get_string_member_with_default (json_node_get_object (root), "mark", ""));
}

static gboolean
collect_changes (sqlite3 *db, gint64 after_id, DaybookSince *since, GError **error)
{
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db,
                              "SELECT entity, entity_id, revision, action, snapshot FROM revisions "
                              "WHERE id > ? ORDER BY id",
                              error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *entity = _daybook_sql_text (stmt, 0);
      gint64 entity_id = sqlite3_column_int64 (stmt, 1);
      const char *action = _daybook_sql_text (stmt, 3);

      if (strcmp (entity, "incident") == 0 && strcmp (action, "create") == 0)
        g_array_append_val (since->added, entity_id);
      else if (strcmp (entity, "incident") == 0 && strcmp (action, "edit") == 0)
        {
          DaybookEdit edit = { entity_id, sqlite3_column_int64 (stmt, 2) };

          g_array_append_val (since->edited, edit);
        }
      else if (strcmp (entity, "incident") == 0 && strcmp (action, "delete") == 0)
        g_array_append_val (since->deleted, entity_id);
      else if (strcmp (entity, "attachment") == 0 && strcmp (action, "create") == 0)
        {
          DaybookExhibitAdded exhibit = { entity_id, exhibit_mark (_daybook_sql_text (stmt, 4)) };

          g_array_append_val (since->exhibits_added, exhibit);
        }
      else if (strcmp (entity, "case") == 0)
        since->case_changed++;
      else
        since->other_changes++;
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}

/* Recomputes the chain from the revisions and finds @head among the links. */
static gboolean
find_link (sqlite3 *db, const guint8 diary_id[16], const guint8 head[32], gint64 *position,
           gint64 *row_id, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  guint8 link[32];
  gint64 n = 0;
  int rc;

  *position = -1;
  *row_id = 0;
  _daybook_chain_genesis (diary_id, link);
  if (memcmp (link, head, 32) == 0)
    {
      *position = 0;
      return TRUE;
    }

  stmt = _daybook_sql_prepare (
      db,
      "SELECT id, entity, entity_id, revision, action, at, " DAYBOOK_REVISION_SNAPSHOT_SQL
      " FROM revisions ORDER BY id",
      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint8 prev[32];

      memcpy (prev, link, 32);
      _daybook_chain_link (prev, sqlite3_column_int64 (stmt, 0), _daybook_sql_text (stmt, 1),
                           sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3),
                           _daybook_sql_text (stmt, 4), sqlite3_column_int64 (stmt, 5),
                           _daybook_sql_text (stmt, 6), link);
      n++;
      if (memcmp (link, head, 32) == 0)
        {
          *position = n;
          *row_id = sqlite3_column_int64 (stmt, 0);
          return TRUE;
        }
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}

/**
 * daybook_diary_check_since:
 * @head: an earlier head, from daybook_diary_resolve_since()
 *
 * Recomputes the whole chain from the revisions and looks for @head among
 * its links. If it is there, lists what the history recorded after it.
 * That @head is not there is a finding (@contained is %FALSE), not an
 * error. Blocking: it reads every revision.
 *
 * Returns: (transfer full) (nullable): the finding
 */
DaybookSince *
daybook_diary_check_since (DaybookDiary *self, const guint8 head[32], GError **error)
{
  g_autoptr (DaybookSince) since = g_new0 (DaybookSince, 1);
  guint8 diary_id[16], tip[32];
  gint64 row_id = 0;
  gboolean ok;
  sqlite3 *db;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  since->added = g_array_new (FALSE, FALSE, sizeof (gint64));
  since->edited = g_array_new (FALSE, FALSE, sizeof (DaybookEdit));
  since->deleted = g_array_new (FALSE, FALSE, sizeof (gint64));
  since->exhibits_added = g_array_new (FALSE, FALSE, sizeof (DaybookExhibitAdded));
  g_array_set_clear_func (since->exhibits_added, clear_exhibit);

  id_bytes (self, diary_id);
  _daybook_diary_lock (self);
  ok = _daybook_diary_check_open (self, error);
  if (ok)
    {
      db = _daybook_diary_get_db (self);
      ok = _daybook_chain_get_tip (db, diary_id, &since->length, tip, error)
           && find_link (db, diary_id, head, &since->link, &row_id, error)
           && (since->link < 0 || collect_changes (db, row_id, since, error));
    }
  _daybook_diary_unlock (self);
  if (!ok)
    return NULL;

  since->contained = since->link >= 0;
  since->fingerprint = _daybook_hex (tip, sizeof tip);
  return g_steal_pointer (&since);
}

static void
add_time (JsonBuilder *b, const char *name, gint64 utc, gint64 unset)
{
  json_builder_set_member_name (b, name);
  if (utc == unset)
    json_builder_add_null_value (b);
  else
    {
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (utc);
      g_autofree char *text = dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;

      json_builder_add_string_value (b, text ? text : "");
    }
}

/**
 * daybook_export_selection_new:
 * @query: (nullable): the selection of entries
 * @people: (nullable) (array zero-terminated=1): names the entries had to
 *   mention, when not in @query->person
 * @n_entries: how many entries went out
 *
 * Returns: (transfer full): a #JsonBuilder with an open object holding the
 *   selection, for the caller to add its own members, close with
 *   json_builder_end_object() and pass to daybook_export_selection_finish()
 */
JsonBuilder *
daybook_export_selection_new (const DaybookQuery *query, const char *const *people, guint n_entries)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "entries");
  json_builder_add_int_value (b, n_entries);
  if (query == NULL)
    return b;

  add_time (b, "from", query->from, G_MININT64);
  add_time (b, "to", query->to, G_MAXINT64);
  json_builder_set_member_name (b, "types");
  json_builder_begin_array (b);
  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if (query->types & daybook_behaviour_nth (i))
      json_builder_add_string_value (b, daybook_behaviour_get_id (daybook_behaviour_nth (i)));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "people");
  json_builder_begin_array (b);
  if (query->person != NULL)
    json_builder_add_string_value (b, query->person);
  for (guint i = 0; people != NULL && people[i] != NULL; i++)
    json_builder_add_string_value (b, people[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "include_private");
  json_builder_add_boolean_value (b, query->include_private);
  return b;
}

/**
 * daybook_export_selection_finish:
 * @b: (transfer full): from daybook_export_selection_new(), its object closed
 *
 * Returns: (transfer full): the JSON text for daybook_diary_register_export()
 */
char *
daybook_export_selection_finish (JsonBuilder *b)
{
  g_autoptr (JsonBuilder) owned = b;
  g_autoptr (JsonNode) root = json_builder_get_root (owned);

  return json_to_string (root, FALSE);
}
