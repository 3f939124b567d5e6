/* test-migrate.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Old diaries keep working.
 *
 * tests/data/schema-N holds a diary made by the daybook-cli of the last
 * version that wrote schema N, and what that version itself printed of it
 * (tests/data/README.md says how they were made). Each test opens a copy
 * with today's code, which migrates it, and checks every field of every
 * entry, revision, person and case detail against the old version's own
 * words, every exhibit's bytes against the original file, and that the
 * hash chain, so the fingerprint, is the one the old version printed.
 * Backups and hand-over bundles made by the old version are restored and
 * opened the same way. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "daybook-bytes.h"
#include "daybook-diary-private.h"
#include "daybook-exports.h"
#include "daybook-keyfile.h"
#include "daybook-schema.h"
#include "daybook-sql.h"
#include "daybook-test-util.h"

#define FIXTURE_PASSPHRASE "correct horse fixture staple\n"

typedef struct
{
  int schema;
  char *data;  /* tests/data/schema-N */
  char *tmp;   /* what the test made */
  char *diary; /* the copy being migrated */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer user_data)
{
  g_autofree char *name = NULL;

  f->schema = GPOINTER_TO_INT (user_data);
  name = g_strdup_printf ("schema-%d", f->schema);
  f->data = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  f->tmp = daybook_test_make_tmpdir ();
  f->diary = g_build_filename (f->tmp, "diary", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer user_data)
{
  daybook_test_rm_rf (f->tmp);
  g_free (f->tmp);
  g_free (f->diary);
  g_free (f->data);
}

/* ---- comparing with what the old version said --------------------------- */

/* Every member the old version printed is there, with the same value; today's
 * version may print more (new fields), never less or different. */
static gboolean
json_contains (JsonNode *old, JsonNode *now, GString *path)
{
  gsize len = path->len;
  gboolean ok = TRUE;

  if (JSON_NODE_TYPE (old) != JSON_NODE_TYPE (now))
    return FALSE;

  switch (JSON_NODE_TYPE (old))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (old);
        JsonObject *n = json_node_get_object (now);
        g_autoptr (GList) members = json_object_get_members (o);

        for (GList *l = members; l != NULL && ok; l = l->next)
          {
            const char *name = l->data;

            g_string_append_printf (path, ".%s", name);
            ok = json_object_has_member (n, name)
                 && json_contains (json_object_get_member (o, name),
                                   json_object_get_member (n, name), path);
            if (ok)
              g_string_truncate (path, len);
          }
        return ok;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *o = json_node_get_array (old);
        JsonArray *n = json_node_get_array (now);

        if (json_array_get_length (o) != json_array_get_length (n))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (o) && ok; i++)
          {
            g_string_append_printf (path, "[%u]", i);
            ok = json_contains (json_array_get_element (o, i), json_array_get_element (n, i), path);
            if (ok)
              g_string_truncate (path, len);
          }
        return ok;
      }
    default:
      return json_node_equal (old, now);
    }
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static char *
run_cli (const char *dir, const char *passphrase, int expect_status, ...)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list ap;
  int status;

  va_start (ap, expect_status);
  status = daybook_test_cli_diary_valist (dir, passphrase, &out, &err, ap);
  va_end (ap);
  if (status != expect_status)
    g_printerr ("daybook-cli said: %s", err);
  g_assert_cmpint (status, ==, expect_status);
  return out;
}

/* Compares today's output of a command with the file the old version wrote. */
static void
assert_same_as_old (const char *expected_path, const char *now_text)
{
  g_autofree char *old_text = NULL;
  g_autoptr (JsonNode) old = NULL;
  g_autoptr (JsonNode) now = NULL;
  g_autoptr (GString) path = g_string_new ("$");

  g_assert_true (g_file_get_contents (expected_path, &old_text, NULL, NULL));
  old = parse_json (old_text);
  now = parse_json (now_text);
  if (!json_contains (old, now, path))
    g_error ("%s: today's output differs at %s:\n%s", expected_path, path->str, now_text);
}

static char *
expected (Fixture *f, const char *name)
{
  return g_build_filename (f->data, "expected", name, NULL);
}

static char *
fingerprint_line (const char *verify_output)
{
  const char *line = strstr (verify_output, "Fingerprint: ");

  g_assert_nonnull (line);
  return g_strndup (line, strcspn (line, "\n"));
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)data, len);
}

static char *
read_trimmed (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return g_strstrip (text);
}

/* An exhibit's bytes, exported by today's code, are the original file's. */
static void
assert_exhibit (const char *dir, const char *passphrase, const char *id, const char *original,
                const char *old_sha256_path)
{
  g_autofree char *parent = daybook_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (parent, "exhibit", NULL);
  g_autofree char *now = NULL;
  g_autofree char *orig = NULL;
  g_autofree char *old = NULL;
  g_autofree char *ignored = run_cli (dir, passphrase, 0, "export-attachment", id, out, NULL);

  now = file_sha256 (out);
  old = read_trimmed (old_sha256_path);
  g_assert_cmpstr (now, ==, old);
  if (original != NULL)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "inputs", original, NULL);

      orig = file_sha256 (path);
      g_assert_cmpstr (now, ==, orig);
    }
  daybook_test_rm_rf (parent);
}

/* The old chain is contained, unaltered, in today's; after it comes exactly
 * one change: an order of kind "other" whose notes are the old free-text
 * orders, byte for byte; the case details still hold that text, in the
 * settings and in the case's last revision. Opening again adds nothing. */
static void
assert_orders_migrated (Fixture *f, const char *dir, const char *old_head)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("correct horse fixture staple");
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookSince) since = NULL;
  g_autofree char *case_path = expected (f, "case.json");
  g_autofree char *case_text = NULL;
  g_autoptr (JsonNode) old_case = NULL;
  g_autofree char *orders_json = NULL;
  g_autoptr (JsonNode) orders = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *sql = NULL;
  const char *old_orders;
  guint8 head[32];
  JsonObject *order;

  g_assert_true (daybook_parse_fingerprint (old_head, head));
  diary = daybook_diary_open (dir, pass, &error);
  g_assert_no_error (error);
  since = daybook_diary_check_since (diary, head, &error);
  g_assert_no_error (error);
  g_assert_true (since->contained);

  g_assert_true (g_file_get_contents (case_path, &case_text, NULL, NULL));
  old_case = parse_json (case_text);
  old_orders = json_object_get_string_member (json_node_get_object (old_case), "orders");
  /* Every fixture holds orders text: without it this proves nothing. */
  g_assert_nonnull (old_orders);
  g_assert_cmpstr (old_orders, !=, "");

  g_assert_cmpint (since->length, ==, since->link + 1);
  g_assert_cmpuint (since->other_changes, ==, 1);
  sql = g_strdup_printf ("SELECT count(*) FROM revisions WHERE id > %" G_GINT64_FORMAT
                         " AND entity = 'order' AND action = 'create'",
                         since->link);
  g_assert_cmpint (daybook_test_sql_count (diary, sql), ==, 1);

  setting = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_ORDERS);
  g_assert_cmpstr (setting, ==, old_orders);
  {
    g_autoptr (GListModel) history = daybook_diary_list_history (diary, "case", 0, &error);
    g_autoptr (DaybookRevision) last = NULL;
    g_autoptr (JsonNode) snapshot = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (history), >, 0);
    last = g_list_model_get_item (history, g_list_model_get_n_items (history) - 1);
    snapshot = parse_json (daybook_revision_get_snapshot (last));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (snapshot), "orders"), ==,
                     old_orders);
  }
  g_clear_object (&diary);

  orders_json = run_cli (dir, FIXTURE_PASSPHRASE, 0, "orders", "--json", NULL);
  orders = parse_json (orders_json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (orders)), ==, 1);
  order = json_array_get_object_element (json_node_get_array (orders), 0);
  g_assert_cmpstr (json_object_get_string_member (order, "kind"), ==, "other");
  g_assert_cmpstr (json_object_get_string_member (order, "notes"), ==, old_orders);
}

/* Everything the old version printed of the diary at @dir. */
static void
assert_diary_as_old (Fixture *f, const char *dir)
{
  const char *pass = FIXTURE_PASSPHRASE;
  g_autofree char *verify = run_cli (dir, pass, 0, "verify", NULL);
  g_autofree char *verify_path = expected (f, "verify.txt");
  g_autofree char *old_verify = NULL;
  g_autofree char *old_fp = NULL;
  g_autofree char *now_fp = NULL;
  struct
  {
    const char *file;
    const char *args[5];
  } dumps[] = {
    { "list.json", { "list", "--json" } },
    { "show-1.json", { "show", "1", "--json", "--history" } },
    { "show-2.json", { "show", "2", "--json", "--history" } },
    { "show-3.json", { "show", "3", "--json", "--history" } },
    { "show-4.json", { "show", "4", "--json", "--history" } },
    { "show-5.json", { "show", "5", "--json", "--history" } },
    { "people.json", { "people", "--json" } },
    { "case.json", { "case", "--json" } },
    { "attachments.json", { "attachments", "--json" } },
    /* schema 5 on: imported messages, and what searching found */
    { "messages.json", { "messages", "--json" } },
    { "messages-search-stop.json", { "messages", "--search", "stop", "--json" } },
    { "search-roses.json", { "search", "roses", "--json" } },
    { "search-bus-stop.json", { "search", "bus stop", "--json" } },
    { "search-priya.json", { "search", "Priya", "--json" } },
    { "search-pc-1234.json", { "search", "PC 1234", "--json" } },
    { "search-sister.json", { "search", "sister", "--json" } },
    { "search-12.json", { "search", "12", "--json" } },
  };
  guint compared = 0;

  /* The same chain as the old version printed, with at most the one
   * recorded step that copied the free-text orders into the register. */
  g_assert_true (g_file_get_contents (verify_path, &old_verify, NULL, NULL));
  old_fp = fingerprint_line (old_verify);
  now_fp = fingerprint_line (verify);
  if (f->schema >= 5)
    g_assert_cmpstr (now_fp, ==, old_fp); /* the orders were an order already */
  else
    assert_orders_migrated (f, dir, old_fp + strlen ("Fingerprint: "));

  for (guint i = 0; i < G_N_ELEMENTS (dumps); i++)
    {
      g_autofree char *path = expected (f, dumps[i].file);
      g_autofree char *now = NULL;
      g_autofree char *err = NULL;
      g_autoptr (GPtrArray) argv = g_ptr_array_new ();

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      g_ptr_array_add (argv, (gpointer) "--diary");
      g_ptr_array_add (argv, (gpointer)dir);
      g_ptr_array_add (argv, (gpointer) "--passphrase-fd");
      g_ptr_array_add (argv, (gpointer) "0");
      for (guint a = 0; a < G_N_ELEMENTS (dumps[i].args) && dumps[i].args[a]; a++)
        g_ptr_array_add (argv, (gpointer)dumps[i].args[a]);
      g_ptr_array_add (argv, NULL);
      g_assert_cmpint (daybook_test_cli_argv (pass, &now, &err, (const char *const *)argv->pdata),
                       ==, 0);
      assert_same_as_old (path, now);
      compared++;
    }
  /* Count what must be there: a fixture that lost its dumps proves nothing. */
  g_assert_cmpuint (compared, >=, f->schema >= 5 ? 16 : f->schema >= 2 ? 8 : 7);

  if (f->schema >= 2)
    {
      g_autofree char *sha1 = expected (f, "attachment-1.sha256");
      g_autofree char *sha2 = expected (f, "attachment-2.sha256");

      assert_exhibit (dir, pass, "1", "photo.jpg", sha1);
      assert_exhibit (dir, pass, "2", "note.txt", sha2);
    }
}

static int
user_version (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("correct horse fixture staple");
  g_autoptr (DaybookDiary) diary = daybook_diary_open (dir, pass, &error);

  g_assert_no_error (error);
  return _daybook_schema_version (_daybook_diary_get_db (diary));
}

/* How many entries (or messages) a command's JSON array holds, and the
 * number of the first. */
static guint
json_count (const char *text, gint64 *first)
{
  g_autoptr (JsonNode) node = parse_json (text);
  JsonArray *array = json_node_get_array (node);

  if (first != NULL && json_array_get_length (array) > 0)
    *first = json_object_get_int_member (json_array_get_object_element (array, 0), "number");
  return json_array_get_length (array);
}

static guint
search_count (const char *dir, const char *passphrase, const char *words, gint64 *first)
{
  g_autofree char *out = run_cli (dir, passphrase, 0, "search", words, "--json", NULL);

  return json_count (out, first);
}

/* Schema 6 stores the search text once: both indexes read their words from
 * the rows, hold exactly those words (FTS4's own check), keep no copy of
 * the text and no sizes; the migration gave the freed pages back. */
static void
assert_search_text_once (const char *dir, gboolean vacuumed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("correct horse fixture staple");
  g_autoptr (DaybookDiary) diary = daybook_diary_open (dir, pass, &error);
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM sqlite_master WHERE"
                                                  " name LIKE '%fts_content'"
                                                  " OR name LIKE '%fts_docsize'"),
                   ==, 0);
  g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM sqlite_master WHERE"
                                                  " name = 'incidents_fts_source'"
                                                  " AND type = 'view'"),
                   ==, 1);
  if (vacuumed)
    g_assert_cmpint (daybook_test_sql_count (diary, "PRAGMA freelist_count"), ==, 0);
  _daybook_diary_lock (diary);
  db = _daybook_diary_get_db (diary);
  g_assert_true (_daybook_sql_exec (
      db, "INSERT INTO incidents_fts (incidents_fts) VALUES ('integrity-check')", &error));
  g_assert_no_error (error);
  g_assert_true (_daybook_sql_exec (
      db, "INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')", &error));
  g_assert_no_error (error);
  _daybook_diary_unlock (diary);
}

/* What every fixture's entries hold (make-fixture.sh), found by today's
 * search: in the text, a person's name, the police fields; never the
 * deleted entry, nor a note edited away. */
static void
assert_search_as_written (const char *dir, const char *passphrase)
{
  gint64 first = 0;

  g_assert_cmpuint (search_count (dir, passphrase, "roses", &first), ==, 1);
  g_assert_cmpint (first, ==, 1);
  g_assert_cmpuint (search_count (dir, passphrase, "Priya", &first), ==, 1);
  g_assert_cmpint (first, ==, 2);
  g_assert_cmpuint (search_count (dir, passphrase, "PC 1234", &first), ==, 1);
  g_assert_cmpint (first, ==, 2);
  g_assert_cmpuint (search_count (dir, passphrase, "Stone", NULL), ==, 3);
  g_assert_cmpuint (search_count (dir, passphrase, "sister", NULL), ==, 0);
  g_assert_cmpuint (search_count (dir, passphrase, "12", NULL), ==, 0);
}

/* Schema 7: each entry's latest revision keeps no snapshot of its own where
 * its row rebuilds it byte for byte; the fixtures' five entries all do
 * (the deleted one included), and every other revision keeps its own. */
static void
assert_latest_from_rows (const char *dir, guint rebuilt)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("correct horse fixture staple");
  g_autoptr (DaybookDiary) diary = daybook_diary_open (dir, pass, &error);

  g_assert_no_error (error);
  g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM revisions"
                                                  " WHERE snapshot IS NULL"),
                   ==, rebuilt);
  g_assert_cmpint (daybook_test_sql_count (diary,
                                           "SELECT count(*) FROM revisions r WHERE snapshot IS NULL"
                                           " AND (entity != 'incident' OR revision !="
                                           " (SELECT max(l.revision) FROM revisions l"
                                           " WHERE l.entity = 'incident'"
                                           " AND l.entity_id = r.entity_id))"),
                   ==, 0);
}

/* Schema 8: the file gives free pages back by itself (auto_vacuum), none
 * are left after the upgrade, the indexes no query used are gone, and each
 * entry's people keep the names the old version showed (compared by
 * assert_diary_as_old()), stored only where they differ from People's. As
 * the stock shell sees the closed diary. */
static void
assert_shrinks (const char *dir)
{
  g_autofree char *out = NULL;

  daybook_test_sqlcipher (dir, "correct horse fixture staple",
                          "PRAGMA auto_vacuum;"
                          "PRAGMA freelist_count;"
                          "SELECT count(*) FROM sqlite_master WHERE name IN"
                          " ('incident_types_by_type', 'incident_people_by_person');"
                          "SELECT count(*) FROM incident_people ip JOIN people p"
                          " ON p.id = ip.person_id WHERE ip.name = p.name;"
                          "PRAGMA integrity_check;",
                          &out);
  g_assert_cmpstr (out, ==, "2\n0\n0\n0\nok\n");
}

/* ---- the tests ---------------------------------------------------------- */

static void
test_diary (Fixture *f, gconstpointer data)
{
  g_autofree char *from = g_build_filename (f->data, "diary", NULL);
  g_autofree char *first_list = NULL;
  g_autofree char *second_list = NULL;
  g_autofree char *number = NULL;
  g_autofree char *verify = NULL;

  daybook_test_copy_tree (from, f->diary);
  g_free (run_cli (f->diary, FIXTURE_PASSPHRASE, 0, "verify", NULL));
  assert_shrinks (f->diary);
  assert_search_text_once (f->diary, TRUE);
  assert_latest_from_rows (f->diary, 5);
  daybook_test_make_fast (f->diary, FIXTURE_PASSPHRASE);
  assert_diary_as_old (f, f->diary);
  assert_search_as_written (f->diary, FIXTURE_PASSPHRASE);
  g_assert_cmpint (user_version (f->diary), ==, _daybook_schema_latest ());

  /* Opening again changes nothing. */
  first_list = run_cli (f->diary, FIXTURE_PASSPHRASE, 0, "list", "--json", NULL);
  assert_diary_as_old (f, f->diary);
  second_list = run_cli (f->diary, FIXTURE_PASSPHRASE, 0, "list", "--json", NULL);
  g_assert_cmpstr (first_list, ==, second_list);

  /* And the migrated diary takes new entries on the same chain. */
  number = run_cli (f->diary, FIXTURE_PASSPHRASE, 0, "add", "--when", "2026-11-01T09:00", "--title",
                    "After the upgrade", "--text", "Still writing.", NULL);
  g_assert_cmpstr (g_strstrip (number), ==, "6");
  /* An entry from before the upgrade, edited: the index follows. */
  g_free (
      run_cli (f->diary, FIXTURE_PASSPHRASE, 0, "edit", "1", "--text", "Tulips this time.", NULL));
  g_assert_cmpuint (search_count (f->diary, FIXTURE_PASSPHRASE, "roses", NULL), ==, 0);
  g_assert_cmpuint (search_count (f->diary, FIXTURE_PASSPHRASE, "tulips", NULL), ==, 1);
  g_assert_cmpuint (search_count (f->diary, FIXTURE_PASSPHRASE, "upgrade", NULL), ==, 1);
  assert_search_text_once (f->diary, FALSE);
  verify = run_cli (f->diary, FIXTURE_PASSPHRASE, 0, "verify", NULL);
  g_assert_nonnull (strstr (verify, "Fingerprint: "));
  g_assert_nonnull (strstr (verify, "history intact"));

  /* Schema 4 registers what left the diary: the register survives too. */
  if (f->schema >= 4)
    {
      g_autofree char *path = expected (f, "reports.json");
      g_autofree char *reports
          = run_cli (f->diary, FIXTURE_PASSPHRASE, 0, "reports", "--json", NULL);

      assert_same_as_old (path, reports);
    }
}

static void
test_backup (Fixture *f, gconstpointer data)
{
  g_autofree char *backup = g_build_filename (f->data, "backup.dbk", NULL);
  g_autofree char *copy = g_build_filename (f->tmp, "backup.dbk", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GBytes) bytes = daybook_test_read (backup);

  g_assert_nonnull (bytes);
  g_assert_true (
      g_file_set_contents (copy, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  g_assert_cmpint (daybook_test_cli (FIXTURE_PASSPHRASE, &out, &err, "--passphrase-fd", "0",
                                     "restore", copy, f->diary, NULL),
                   ==, 0);
  daybook_test_make_fast (f->diary, FIXTURE_PASSPHRASE);
  assert_diary_as_old (f, f->diary);
  g_assert_cmpint (user_version (f->diary), ==, _daybook_schema_latest ());
  assert_search_as_written (f->diary, FIXTURE_PASSPHRASE);
  assert_search_text_once (f->diary, FALSE);
  assert_latest_from_rows (f->diary, 5);
  assert_shrinks (f->diary);
}

/* A schema-6 diary whose entry was altered behind Daybook's back before the
 * upgrade: the migration keeps that entry's stored snapshot (the only
 * record of what was saved), empties the others, and verify still finds
 * the alteration, once. */
static void
test_altered_before_upgrade (Fixture *f, gconstpointer data)
{
  g_autofree char *from = g_build_filename (f->data, "diary", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("correct horse fixture staple");
  g_autoptr (DaybookDiary) diary = NULL;

  daybook_test_copy_tree (from, f->diary);
  daybook_test_sqlcipher (f->diary, "correct horse fixture staple",
                          "UPDATE incidents SET narrative = 'Nothing at all.' WHERE number = 3;",
                          NULL);
  g_assert_cmpint (daybook_test_cli (FIXTURE_PASSPHRASE, &out, &err, "--diary", f->diary,
                                     "--passphrase-fd", "0", "verify", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (out, "Entry 3 differs from its last saved revision"));
  g_assert_null (strstr (strstr (out, "Entry 3 differs") + 1, "Entry 3"));
  g_assert_null (strstr (out, "hash chain"));
  g_assert_cmpint (user_version (f->diary), ==, _daybook_schema_latest ());

  diary = daybook_diary_open (f->diary, pass, &error);
  g_assert_no_error (error);
  g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM revisions"
                                                  " WHERE snapshot IS NULL"),
                   ==, 4);
  /* Entry 3's last saved words are still there, not the altered ones. */
  g_assert_cmpint (
      daybook_test_sql_count (diary, "SELECT count(*) FROM revisions WHERE entity = 'incident'"
                                     " AND entity_id = 3 AND revision = 2"
                                     " AND instr (snapshot, 'Eleven texts in one evening') > 0"
                                     " AND instr (snapshot, 'Nothing at all') = 0"),
      ==, 1);
}

/* The VACUUM that switches auto_vacuum on runs after the migration's
 * commits: a diary whose VACUUM failed is migrated, all there, only larger,
 * and the next open switches it on. Made here as such a VACUUM would leave
 * it: migrated, auto_vacuum still 0. */
static void
test_vacuum_later (Fixture *f, gconstpointer data)
{
  g_autofree char *from = g_build_filename (f->data, "diary", NULL);
  g_autofree char *out = NULL;
  g_autofree char *verify = NULL;

  daybook_test_copy_tree (from, f->diary);
  g_assert_cmpint (user_version (f->diary), ==, _daybook_schema_latest ());
  daybook_test_sqlcipher (f->diary, "correct horse fixture staple",
                          "PRAGMA auto_vacuum = NONE; VACUUM; PRAGMA auto_vacuum;"
                          "PRAGMA user_version;",
                          &out);
  g_assert_cmpstr (out, ==, "0\n8\n");
  verify = run_cli (f->diary, FIXTURE_PASSPHRASE, 0, "verify", NULL);
  g_assert_nonnull (strstr (verify, "history intact"));
  assert_shrinks (f->diary);
  daybook_test_make_fast (f->diary, FIXTURE_PASSPHRASE);
  assert_diary_as_old (f, f->diary);
  assert_search_as_written (f->diary, FIXTURE_PASSPHRASE);
}

static void
test_bundle (Fixture *f, gconstpointer data)
{
  g_autofree char *from = g_build_filename (f->data, "bundle", NULL);
  g_autofree char *info_path = expected (f, "bundle.json");
  g_autofree char *info_text = NULL;
  g_autofree char *pass = NULL;
  g_autoptr (JsonNode) info = NULL;
  g_autofree char *list = NULL;
  g_autofree char *show = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *old_verify_path = expected (f, "bundle-verify.txt");
  g_autofree char *old_verify = NULL;
  g_autofree char *old_fp = NULL;
  g_autofree char *now_fp = NULL;
  g_autofree char *list_path = expected (f, "bundle-list.json");
  g_autofree char *show_path = expected (f, "bundle-show-2.json");
  g_autofree char *sha_path = expected (f, "bundle-attachment-1.sha256");

  g_assert_true (g_file_get_contents (info_path, &info_text, NULL, NULL));
  info = parse_json (info_text);
  pass = g_strconcat (json_object_get_string_member (json_node_get_object (info), "passphrase"),
                      "\n", NULL);

  daybook_test_copy_tree (from, f->diary);
  list = run_cli (f->diary, pass, 0, "list", "--json", NULL);
  daybook_test_make_fast (f->diary, pass);
  assert_same_as_old (list_path, list);
  show = run_cli (f->diary, pass, 0, "show", "2", "--json", "--history", NULL);
  assert_same_as_old (show_path, show);
  verify = run_cli (f->diary, pass, 0, "verify", NULL);
  g_assert_true (g_file_get_contents (old_verify_path, &old_verify, NULL, NULL));
  old_fp = fingerprint_line (old_verify);
  now_fp = fingerprint_line (verify);
  g_assert_cmpstr (now_fp, ==, old_fp);
  assert_exhibit (f->diary, pass, "1", "photo.jpg", sha_path);
  /* Opened read-only, an old bundle keeps its schema, and its search. */
  {
    gint64 first = 0;

    g_assert_cmpuint (search_count (f->diary, pass, "bus stop", &first), ==, 1);
    g_assert_cmpint (first, ==, 2);
    g_assert_cmpuint (search_count (f->diary, pass, "roses", NULL), ==, 0);
  }
  /* Nothing was written to it: its database is the old version's, byte for
   * byte (no migration, no VACUUM, no pages given back). */
  {
    g_autofree char *old_db = g_build_filename (from, "diary.db", NULL);
    g_autofree char *now_db = g_build_filename (f->diary, "diary.db", NULL);
    g_autoptr (GBytes) old_bytes = daybook_test_read (old_db);
    g_autoptr (GBytes) now_bytes = daybook_test_read (now_db);

    g_assert_true (g_bytes_equal (old_bytes, now_bytes));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (int schema = 1; schema <= 7; schema++)
    {
      g_autofree char *name = g_strdup_printf ("/migrate/schema-%d/diary", schema);

      g_test_add (name, Fixture, GINT_TO_POINTER (schema), fixture_set_up, test_diary,
                  fixture_tear_down);
    }
  for (int schema = 3; schema <= 7; schema++)
    {
      g_autofree char *backup = g_strdup_printf ("/migrate/schema-%d/backup", schema);
      g_autofree char *bundle = g_strdup_printf ("/migrate/schema-%d/bundle", schema);

      g_test_add (backup, Fixture, GINT_TO_POINTER (schema), fixture_set_up, test_backup,
                  fixture_tear_down);
      g_test_add (bundle, Fixture, GINT_TO_POINTER (schema), fixture_set_up, test_bundle,
                  fixture_tear_down);
    }

  g_test_add ("/migrate/schema-6/altered-before-upgrade", Fixture, GINT_TO_POINTER (6),
              fixture_set_up, test_altered_before_upgrade, fixture_tear_down);
  g_test_add ("/migrate/schema-7/vacuum-later", Fixture, GINT_TO_POINTER (7), fixture_set_up,
              test_vacuum_later, fixture_tear_down);

  return g_test_run ();
}
