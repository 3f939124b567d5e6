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
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "daybook-attachment-private.h"
#include "daybook-blob.h"
#include "daybook-bundle.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-keyfile.h"
#include "daybook-seal.h"

/*
 * A hand-over bundle lets a victim give an advocate part of the diary
 * without their own passphrase. It is a diary folder of its own, with a new
 * master key and a new one-time passphrase, holding copies of the selected
 * entries (same numbers, same recorded-at times, their whole history), the
 * people they name, the attachments they cite and the case details. It
 * records the source diary's id and fingerprint, and Daybook opens it
 * read-only.
 *
 * The copy is made with the bundle's database attached to the diary's own
 * connection, so no plaintext ever leaves the two encrypted files. The
 * bundle's hash chain is recomputed from the copied revisions, so `verify`
 * proves the bundle whole; private notes are blanked, in the rows and in
 * their revisions, unless private content was asked for.
 *
 * The evidence files its attachments name are copied byte for byte: each
 * is sealed under a key of its own, kept in its row, which the bundle's
 * encrypted database now holds.
 */

#define BUNDLE "bundle"
#define CHUNK (1 << 20)

typedef struct
{
  sqlite3 *db;
  const char *selected; /* SQL list of entry numbers: "1,4,9" */
  gboolean include_private;
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

static gboolean
copy_rows (Copy *c, GError **error)
{
  const char *notes = c->include_private ? "private_notes" : "''";

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
         && exec_printf (c->db, error,
                         "INSERT INTO " BUNDLE
                         ".incident_people SELECT * FROM main.incident_people WHERE number IN (%s)",
                         c->selected)
         && exec_printf (
             c->db, error,
             "INSERT INTO " BUNDLE
             ".incidents_fts (docid, title, narrative, location, people, impact, police, notes)"
             " SELECT docid, title, narrative, location, people, impact, police, %s FROM "
             "main.incidents_fts"
             " WHERE docid IN (%s)",
             c->include_private ? "notes" : "''", c->selected)
         /* Attachments keep their links to entries left out: the numbers
          * alone, so their history still verifies. */
         && exec_printf (
             c->db, error,
             "INSERT INTO " BUNDLE
             ".attachments SELECT * FROM main.attachments WHERE deleted_at IS NULL"
             " AND id IN (SELECT attachment_id FROM main.attachment_links WHERE number IN (%s))",
             c->selected)
         && _daybook_sql_exec (c->db,
                               "INSERT INTO " BUNDLE
                               ".attachment_links SELECT * FROM main.attachment_links"
                               " WHERE attachment_id IN (SELECT id FROM " BUNDLE ".attachments)",
                               error)
         && _daybook_sql_exec (c->db,
                               "INSERT INTO " BUNDLE
                               ".attachment_chunks SELECT * FROM main.attachment_chunks"
                               " WHERE attachment_id IN (SELECT id FROM " BUNDLE ".attachments)",
                               error)
         && _daybook_sql_exec (c->db,
                               "INSERT INTO " BUNDLE
                               ".sqlite_sequence SELECT * FROM main.sqlite_sequence"
                               " WHERE name IN ('incidents', 'people', 'attachments')",
                               error);
}

/* Private notes leave the snapshots too, so that the bundle verifies. */
static char *
bundle_snapshot (const char *entity, const char *snapshot, gboolean include_private)
{
  g_autoptr (JsonNode) node = NULL;

  if (include_private || strcmp (entity, "incident") != 0)
    return g_strdup (snapshot);
  node = json_from_string (snapshot, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (snapshot);
  if (json_object_has_member (json_node_get_object (node), "private_notes"))
    json_object_set_string_member (json_node_get_object (node), "private_notes", "");
  return json_to_string (node, FALSE);
}

static gboolean
copy_history (Copy *c, const guint8 *bundle_id, GError **error)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT entity, entity_id, revision, action, at, snapshot FROM main.revisions WHERE"
      " (entity = 'incident' AND entity_id IN (%s))"
      " OR (entity = 'person' AND entity_id IN (SELECT id FROM " BUNDLE ".people))"
      " OR (entity = 'attachment' AND entity_id IN (SELECT id FROM " BUNDLE ".attachments))"
      " ORDER BY id",
      c->selected);
  g_auto (DaybookStmt) rows = _daybook_sql_prepare (c->db, sql, error);
  g_auto (DaybookStmt) insert = _daybook_sql_prepare (
      c->db,
      "INSERT INTO " BUNDLE
      ".revisions (id, entity, entity_id, revision, action, at, snapshot, link)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      error);
  guint8 link[32];
  gint64 id = 0;
  int rc;

  if (rows == NULL || insert == NULL)
    return FALSE;

  _daybook_chain_genesis (bundle_id, link);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      const char *entity = _daybook_sql_text (rows, 0);
      g_autofree char *snapshot
          = bundle_snapshot (entity, _daybook_sql_text (rows, 5), c->include_private);

      id++;
      _daybook_chain_link (link, id, entity, sqlite3_column_int64 (rows, 1),
                           sqlite3_column_int64 (rows, 2), _daybook_sql_text (rows, 3),
                           sqlite3_column_int64 (rows, 4), snapshot, link);
      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, id);
      sqlite3_bind_text (insert, 2, entity, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (insert, 3, sqlite3_column_int64 (rows, 1));
      sqlite3_bind_int64 (insert, 4, sqlite3_column_int64 (rows, 2));
      sqlite3_bind_text (insert, 5, _daybook_sql_text (rows, 3), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (insert, 6, sqlite3_column_int64 (rows, 4));
      sqlite3_bind_text (insert, 7, snapshot, -1, SQLITE_STATIC);
      sqlite3_bind_blob (insert, 8, link, 32, SQLITE_TRANSIENT);
      if (!_daybook_sql_step_done (c->db, insert, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (c->db, rc, error);
  return TRUE;
}

static gboolean
copy_settings (Copy *c, DaybookDiary *self, GError **error)
{
  g_autofree char *fingerprint = daybook_diary_dup_fingerprint (self);
  g_autofree char *source_id = daybook_diary_dup_id (self);
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      c->db, "INSERT OR REPLACE INTO " BUNDLE ".settings (key, value) VALUES (?, ?)", error);
  const char *pairs[][2] = {
    { DAYBOOK_SETTING_BUNDLE_SOURCE, fingerprint },
    { DAYBOOK_SETTING_BUNDLE_SOURCE_ID, source_id },
    { DAYBOOK_SETTING_BUNDLE_CREATED, now },
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
                    GError **error)
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
        g_set_error (
            error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
            _ ("No bundle was made because the stored copy of an exhibit, evidence/%s, is missing "
               "from the diary folder."),
            name);
      else
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

/* Copies the evidence files @names from the diary in @from_dir into the
 * bundle in @to_dir, as they are: still sealed, each with its own key. */
static gboolean
copy_evidence (const char *from_dir, const char *to_dir, GPtrArray *names, GError **error)
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
  for (guint i = 0; i < names->len; i++)
    if (!copy_evidence_file (from_dir, folder, names->pdata[i], buf, error))
      return FALSE;
  return daybook_fsync_dir (folder, error) && daybook_fsync_dir (to_dir, error);
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

/**
 * daybook_diary_export_bundle:
 * @dir: a folder that does not exist yet
 * @query: the selection; private entries and notes only if it includes them
 * @passphrase: (out) (transfer full): the bundle's one-time passphrase, to
 *   give to the advocate
 * @n_entries: (out) (optional): how many entries it holds
 *
 * Makes a hand-over bundle (see above). On failure nothing is left.
 */
gboolean
daybook_diary_export_bundle (DaybookDiary *self, const char *dir, const DaybookQuery *query,
                             DaybookSecret **passphrase, guint *n_entries, GError **error)
{
  g_autoptr (DaybookSecret) master = NULL;
  g_autoptr (DaybookSecret) secret = NULL;
  g_autofree char *selected = NULL;
  g_autoptr (GPtrArray) evidence = NULL;
  guint8 bundle_id[16];
  Copy c = { 0 };
  gboolean ok = FALSE, attached = FALSE;
  guint n = 0;

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

  c.db = _daybook_diary_get_db (self);
  c.selected = selected;
  c.include_private = query->include_private;

  attached = attach_bundle (self, dir, master, error);
  ok = attached && _daybook_sql_exec (c.db, "BEGIN IMMEDIATE", error);
  if (ok)
    {
      ok = _daybook_sql_exec (c.db, "DELETE FROM " BUNDLE ".revisions", error)
           && copy_rows (&c, error) && copy_history (&c, bundle_id, error)
           && copy_settings (&c, self, error) && _daybook_sql_exec (c.db, "COMMIT", error);
      if (!ok)
        sqlite3_exec (c.db, "ROLLBACK", NULL, NULL, NULL);
    }
  /* One file to hand over: no write-ahead log beside it. */
  ok = ok && _daybook_sql_exec (c.db, "PRAGMA " BUNDLE ".journal_mode = DELETE", error)
       && (evidence = _daybook_attachments_list_blobs (c.db, BUNDLE, error)) != NULL;

out:
  if (attached)
    sqlite3_exec (_daybook_diary_get_db (self), "DETACH DATABASE " BUNDLE, NULL, NULL, NULL);
  _daybook_diary_unlock (self);

  /* Evidence files never change once written: no need to hold the lock
   * while they are copied. */
  ok = ok && copy_evidence (daybook_diary_get_dir (self), dir, evidence, error);

  if (!ok)
    {
      if (secret != NULL)
        remove_bundle (dir);
      return FALSE;
    }
  if (n_entries != NULL)
    *n_entries = n;
  *passphrase = g_steal_pointer (&secret);
  return TRUE;
}
