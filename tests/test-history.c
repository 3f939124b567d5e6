/* test-history.c — an earlier report is still contained in today's diary
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every report, backup and bundle records the chain's head and length in
 * the register; "verify --since" recomputes the chain and says whether an
 * earlier head is one of its links, and lists what changed after it. Tried
 * here as the abuser holding the key would: a revision rewritten with SQL
 * and every link recomputed (and the seal written again, as Daybook itself
 * would), the tail of the history cut off, an older copy of the folder put
 * back. In each case plain "verify" has nothing to find; "--since" must say
 * "not contained". The honest case must list exactly what changed.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "daybook-diary-private.h"
#include "daybook-exports.h"
#include "daybook-test-util.h"

typedef struct
{
  char *dir;    /* the diary */
  char *parent; /* removed at the end, with everything in it */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_fast_template ();
  f->parent = g_path_get_dirname (f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  daybook_test_rm_rf (f->parent);
  g_free (f->dir);
  g_free (f->parent);
}

/* Runs daybook-cli on @dir with the test passphrase. */
static int cli (const char *dir, char **out, char **err, ...) G_GNUC_NULL_TERMINATED;

static int
cli (const char *dir, char **out, char **err, ...)
{
  va_list ap;
  int status;

  /* Callers reuse their out and err: what an earlier call left goes. */
  if (out != NULL)
    g_clear_pointer (out, g_free);
  if (err != NULL)
    g_clear_pointer (err, g_free);
  va_start (ap, err);
  status = daybook_test_cli_diary_valist (dir, TEST_PASSPHRASE "\n", out, err, ap);
  va_end (ap);
  return status;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
add_entry (const char *dir, const char *title)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (cli (dir, &out, &err, "add", "--when", "2026-11-02T09:15", "--title", title,
                        "--text", "He was at the gate again.", NULL),
                   ==, 0);
}

/* Makes a report; returns its id, and its fingerprint as the CLI printed it. */
static char *
make_report (Fixture *f, const char *name, char **fingerprint, const char *since)
{
  g_autofree char *pdf = g_build_filename (f->parent, name, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GRegex) re
      = g_regex_new ("report id ([0-9A-Z-]+)\\..*\\nFingerprint: ([0-9a-f]{64}) \\(link ([0-9]+) ",
                     G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  int status;

  if (since != NULL)
    status = cli (f->dir, &out, &err, "report", "-o", pdf, "--since", since, NULL);
  else
    status = cli (f->dir, &out, &err, "report", "-o", pdf, NULL);
  g_assert_cmpstr (err ? err : "", ==, "");
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_regex_match (re, out, 0, &match));
  if (fingerprint != NULL)
    *fingerprint = g_match_info_fetch (match, 2);
  return g_match_info_fetch (match, 1);
}

static char *
tip (const char *dir, gint64 *length)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (GError) error = NULL;
  char *fingerprint = NULL;

  g_assert_true (daybook_diary_get_tip (diary, &fingerprint, length, &error));
  g_assert_no_error (error);
  return fingerprint;
}

/* The attacker's tool: every link recomputed from the revisions as they
 * now are, inside a transaction of the diary's own, so the seal is written
 * again for the new chain exactly as a save would write it. */
static void
rechain (DaybookDiary *diary)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_autofree char *id_hex = daybook_diary_dup_id (diary);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  guint8 diary_id[16], prev[32];
  sqlite3_stmt *stmt;

  for (int i = 0; i < 16; i++)
    diary_id[i]
        = (g_ascii_xdigit_value (id_hex[2 * i]) << 4) | g_ascii_xdigit_value (id_hex[2 * i + 1]);
  _daybook_chain_genesis (diary_id, prev);

  g_assert_cmpint (
      sqlite3_prepare_v2 (
          db,
          /* An entry's latest snapshot is its row, as
           * Daybook rebuilds it. */
          "SELECT id, entity, entity_id, revision, action, at, " DAYBOOK_REVISION_SNAPSHOT_SQL
          " FROM revisions ORDER BY id",
          -1, &stmt, NULL),
      ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint8 *link = g_malloc (32);
      gint64 id = sqlite3_column_int64 (stmt, 0);

      _daybook_chain_link (
          prev, id, (const char *)sqlite3_column_text (stmt, 1), sqlite3_column_int64 (stmt, 2),
          sqlite3_column_int64 (stmt, 3), (const char *)sqlite3_column_text (stmt, 4),
          sqlite3_column_int64 (stmt, 5), (const char *)sqlite3_column_text (stmt, 6), link);
      memcpy (prev, link, 32);
      g_array_append_val (ids, id);
      g_ptr_array_add (links, link);
    }
  sqlite3_finalize (stmt);

  g_assert_cmpint (
      sqlite3_prepare_v2 (db, "UPDATE revisions SET link = ? WHERE id = ?", -1, &stmt, NULL), ==,
      SQLITE_OK);
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_blob (stmt, 1, links->pdata[i], 32, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }
  sqlite3_finalize (stmt);
}

static void
attack_sql (const char *dir, const char *sql)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (GError) error = NULL;

  _daybook_diary_lock (diary);
  g_assert_true (_daybook_diary_begin (diary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (_daybook_diary_get_db (diary), sql, NULL, NULL, NULL), ==,
                   SQLITE_OK);
  rechain (diary);
  g_assert_true (_daybook_diary_commit (diary, &error));
  g_assert_no_error (error);
  _daybook_diary_unlock (diary);
}

/* "verify --since X --json": the finding, and the exit status. */
static JsonObject *
verify_since (const char *dir, const char *since, int *status, char **err)
{
  g_autofree char *out = NULL;

  *status = cli (dir, &out, err, "verify", "--since", since, "--json", NULL);
  return parse_object (out);
}

static void
assert_not_contained (const char *dir, const char *since)
{
  g_autoptr (JsonObject) o = NULL;
  g_autofree char *err = NULL;
  int status;

  o = verify_since (dir, since, &status, &err);
  g_assert_false (json_object_get_boolean_member (o, "contained"));
  g_assert_true (json_object_get_null_member (o, "link"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (o, "added")), ==, 0);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "is not a link of this diary’s chain"));
  g_assert_null (strstr (err, "damaged"));
}

/* Rewrite one revision with SQL, recompute every link, write the seal
 * again: plain verify finds nothing, --since the earlier report does. */
static void
test_rewritten (Fixture *f, gconstpointer data)
{
  g_autofree char *fingerprint = NULL, *report = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonObject) before = NULL;
  int status;

  add_entry (f->dir, "Outside the school");
  add_entry (f->dir, "Phone calls at night");
  report = make_report (f, "r1.pdf", &fingerprint, NULL);

  before = verify_since (f->dir, report, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_object_get_boolean_member (before, "contained"));

  attack_sql (f->dir, "UPDATE revisions SET snapshot = replace (snapshot, 'Outside the school',"
                      " 'Outside the shop') WHERE entity = 'incident' AND entity_id = 1;"
                      "UPDATE incidents SET title = 'Outside the shop' WHERE number = 1;");

  /* The rewrite is complete: the history checks out by itself. */
  g_assert_cmpint (cli (f->dir, &out, &err, "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Everything checks out"));
  g_assert_null (strstr (out, fingerprint));

  assert_not_contained (f->dir, fingerprint);
  assert_not_contained (f->dir, report);

  /* And no report "since" it is made. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    g_autofree char *pdf = g_build_filename (f->parent, "r2.pdf", NULL);

    g_assert_cmpint (cli (f->dir, &out, &err, "report", "-o", pdf, "--since", report, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "not a link"));
    g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }
}

/* Cut the last revisions off (the later report's head with them) and
 * write the seal again. */
static void
test_tail_cut (Fixture *f, gconstpointer data)
{
  g_autofree char *first = NULL, *later = NULL, *report = NULL;
  g_autoptr (JsonObject) o = NULL;
  g_autofree char *err = NULL;
  int status;

  add_entry (f->dir, "Outside the school");
  g_free (make_report (f, "r1.pdf", &first, NULL));
  add_entry (f->dir, "Flowers left at the door");
  add_entry (f->dir, "A message from a new number");
  report = make_report (f, "r2.pdf", &later, NULL);

  attack_sql (f->dir, "DELETE FROM revisions WHERE entity = 'incident' AND entity_id > 1;"
                      "DELETE FROM incident_types WHERE number > 1;"
                      "DELETE FROM incident_people WHERE number > 1;"
                      "DELETE FROM incidents WHERE number > 1;");

  assert_not_contained (f->dir, later);
  assert_not_contained (f->dir, report);

  /* What is left is still the first report's history. */
  o = verify_since (f->dir, first, &status, &err);
  g_assert_true (json_object_get_boolean_member (o, "contained"));
}

/* Put an older copy of the whole folder back. */
static void
test_older_copy (Fixture *f, gconstpointer data)
{
  g_autofree char *copy = g_build_filename (f->parent, "copy", NULL);
  g_autofree char *later = NULL, *report = NULL, *first = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *cp[] = { "cp", "-a", f->dir, copy, NULL };
  const char *mv[] = { "mv", copy, f->dir, NULL };
  int wait_status;

  add_entry (f->dir, "Outside the school");
  g_free (make_report (f, "r1.pdf", &first, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **)cp, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &wait_status, NULL));
  g_assert_cmpint (wait_status, ==, 0);

  add_entry (f->dir, "Flowers left at the door");
  report = make_report (f, "r2.pdf", &later, NULL);

  daybook_test_rm_rf (f->dir);
  g_assert_true (g_spawn_sync (NULL, (char **)mv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &wait_status, NULL));
  g_assert_cmpint (wait_status, ==, 0);

  /* The old copy is sound in itself; it just does not hold the later report. */
  g_assert_cmpint (cli (f->dir, &out, &err, "verify", NULL), ==, 0);
  assert_not_contained (f->dir, later);
}

static JsonObject *
array_object (JsonArray *a, guint i)
{
  return json_array_get_object_element (a, i);
}

/* After a report: entries added, edited, deleted, an exhibit, the case
 * details; "verify --since REPORT-ID" lists exactly those. */
static void
test_honest_changes (Fixture *f, gconstpointer data)
{
  g_autofree char *fingerprint = NULL, *report = NULL, *spaced = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *file = g_build_filename (f->parent, "photo.txt", NULL);
  g_autoptr (JsonObject) o = NULL;
  g_autoptr (JsonObject) again = NULL;
  JsonArray *a;
  gint64 link;
  int status;

  add_entry (f->dir, "Outside the school");
  add_entry (f->dir, "Phone calls at night");
  add_entry (f->dir, "Car parked across the road");
  report = make_report (f, "r1.pdf", &fingerprint, NULL);
  g_free (tip (f->dir, &link));

  add_entry (f->dir, "Flowers left at the door");
  add_entry (f->dir, "A message from a new number");
  g_assert_cmpint (
      cli (f->dir, &out, &err, "edit", "1", "--title", "Outside the school gates", NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, &out, &err, "edit", "1", "--location", "Park Road", NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, &out, &err, "edit", "3", "--title", "Car parked opposite", NULL),
                   ==, 0);
  g_assert_cmpint (cli (f->dir, &out, &err, "delete", "2", NULL), ==, 0);
  g_assert_true (g_file_set_contents (file, "a picture of the car", -1, NULL));
  g_assert_cmpint (cli (f->dir, &out, &err, "attach", "3", file, NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, &out, &err, "case", "--case-ref", "CASE-7", NULL), ==, 0);

  /* In lower case, without dashes, as someone might type it. */
  {
    g_autofree char *lower = g_ascii_strdown (report, -1);
    g_auto (GStrv) parts = g_strsplit (lower, "-", -1);
    g_autofree char *joined = g_strjoinv ("", parts);

    o = verify_since (f->dir, joined, &status, &err);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_object_get_boolean_member (o, "contained"));
  g_assert_cmpint (json_object_get_int_member (o, "link"), ==, link);
  g_assert_cmpstr (json_object_get_string_member (o, "since"), ==, fingerprint);

  a = json_object_get_array_member (o, "added");
  g_assert_cmpint (json_array_get_length (a), ==, 2);
  g_assert_cmpint (json_array_get_int_element (a, 0), ==, 4);
  g_assert_cmpint (json_array_get_int_element (a, 1), ==, 5);

  a = json_object_get_array_member (o, "edited");
  g_assert_cmpint (json_array_get_length (a), ==, 3);
  g_assert_cmpint (json_object_get_int_member (array_object (a, 0), "entry"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (array_object (a, 0), "revision"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (array_object (a, 1), "entry"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (array_object (a, 1), "revision"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (array_object (a, 2), "entry"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (array_object (a, 2), "revision"), ==, 2);

  a = json_object_get_array_member (o, "deleted");
  g_assert_cmpint (json_array_get_length (a), ==, 1);
  g_assert_cmpint (json_array_get_int_element (a, 0), ==, 2);

  a = json_object_get_array_member (o, "exhibits_added");
  g_assert_cmpint (json_array_get_length (a), ==, 1);
  g_assert_true (
      g_str_has_suffix (json_object_get_string_member (array_object (a, 0), "mark"), "/1"));

  g_assert_true (json_object_get_boolean_member (o, "case_changed"));
  g_assert_cmpint (json_object_get_int_member (o, "other_changes"), ==, 0);
  /* Each of the nine changes is one link: nothing else was added. */
  g_assert_cmpint (json_object_get_int_member (o, "length"), ==, link + 2 + 3 + 1 + 1 + 1);

  /* The fingerprint as printed, spaced out and in capitals, finds the
   * same link. */
  {
    GString *s = g_string_new (NULL);

    for (guint i = 0; fingerprint[i] != '\0'; i++)
      {
        if (i > 0 && i % 8 == 0)
          g_string_append_c (s, i % 32 == 0 ? '-' : ' ');
        g_string_append_c (s, g_ascii_toupper (fingerprint[i]));
      }
    spaced = g_string_free (s, FALSE);
  }
  g_clear_pointer (&err, g_free);
  again = verify_since (f->dir, spaced, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (again, "link"), ==, link);

  /* In words, too. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f->dir, &out, &err, "verify", "--since", report, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "the history up to it is contained"));
  g_assert_nonnull (strstr (out, "entries added (2): 4, 5"));
  g_assert_nonnull (strstr (out, "entries deleted (1): 2"));
  g_assert_nonnull (strstr (out, "entry 3, revision 2"));
}

/* "report --since" puts the same changes in the PDF. */
static void
test_report_since (Fixture *f, gconstpointer data)
{
  g_autofree char *report = NULL, *second = NULL, *fingerprint = NULL;
  g_autofree char *pdf = g_build_filename (f->parent, "r2.pdf", NULL);
  g_autofree char *text = NULL, *heading = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { "pdftotext", pdf, "-", NULL };
  int wait_status;

  add_entry (f->dir, "Outside the school");
  add_entry (f->dir, "Phone calls at night");
  report = make_report (f, "r1.pdf", NULL, NULL);
  add_entry (f->dir, "Flowers left at the door");
  g_assert_cmpint (cli (f->dir, &out, &err, "edit", "2", "--title", "Calls at night", NULL), ==, 0);

  second = make_report (f, "r2.pdf", &fingerprint, report);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text,
                               NULL, &wait_status, NULL));
  g_assert_cmpint (wait_status, ==, 0);
  heading = g_strdup_printf ("Changes since report %s of", report);
  g_assert_nonnull (strstr (text, heading));
  g_assert_nonnull (strstr (text, "Entries added"));
  g_assert_nonnull (strstr (text, "entry 2 (revision 2)"));
  g_assert_null (strstr (text, "Entries deleted"));
  g_assert_nonnull (strstr (text, fingerprint));

  /* Without --since, no such section. */
  g_free (make_report (f, "r3.pdf", NULL, NULL));
  {
    g_autofree char *pdf3 = g_build_filename (f->parent, "r3.pdf", NULL);
    const char *argv3[] = { "pdftotext", pdf3, "-", NULL };
    g_autofree char *text3 = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **)argv3, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &text3, NULL, &wait_status, NULL));
    g_assert_null (strstr (text3, "Changes since"));
  }
}

/* A backup and a bundle are registered with the head and length they
 * carry; registering adds no link and leaves the fingerprint alone. */
static void
test_register_backup_bundle (Fixture *f, gconstpointer data)
{
  g_autofree char *backup = g_build_filename (f->parent, "one.dbk", NULL);
  g_autofree char *bundle = g_build_filename (f->parent, "bundle", NULL);
  g_autofree char *head = NULL, *after = NULL, *expected = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gint64 length, length_after;
  JsonArray *list;

  add_entry (f->dir, "Outside the school");
  add_entry (f->dir, "Phone calls at night");
  head = tip (f->dir, &length);

  g_assert_cmpint (cli (f->dir, &out, &err, "backup", backup, NULL), ==, 0);
  expected = g_strdup_printf ("Fingerprint: %s (link %" G_GINT64_FORMAT " ", head, length);
  g_assert_nonnull (strstr (out, expected));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f->dir, &out, &err, "bundle", bundle, NULL), ==, 0);
  g_assert_nonnull (strstr (out, expected));

  after = tip (f->dir, &length_after);
  g_assert_cmpstr (after, ==, head);
  g_assert_cmpint (length_after, ==, length);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f->dir, &out, &err, "reports", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  list = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (array_object (list, 0), "kind"), ==, "backup");
  g_assert_cmpstr (json_object_get_string_member (array_object (list, 0), "ref"), ==, "one.dbk");
  g_assert_cmpstr (json_object_get_string_member (array_object (list, 1), "kind"), ==, "bundle");
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpstr (json_object_get_string_member (array_object (list, i), "fingerprint"), ==,
                       head);
      g_assert_cmpint (json_object_get_int_member (array_object (list, i), "link"), ==, length);
    }

  /* The backup's name finds its head too. */
  {
    g_autoptr (JsonObject) o = NULL;
    int status;

    g_clear_pointer (&err, g_free);
    o = verify_since (f->dir, "one.dbk", &status, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_cmpint (json_object_get_int_member (o, "link"), ==, length);
  }
}

/* A fingerprint that was never this diary's: a finding, exit 1, not damage. */
static void
test_unknown (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;

  add_entry (f->dir, "Outside the school");
  assert_not_contained (f->dir, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

  g_assert_cmpint (cli (f->dir, &out, &err, "verify", "--since", "ZZZZ-0000", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "neither a fingerprint"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn)                                                                              \
  g_test_add ("/history/" name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("rewritten", test_rewritten);
  ADD ("tail-cut", test_tail_cut);
  ADD ("older-copy", test_older_copy);
  ADD ("honest-changes", test_honest_changes);
  ADD ("report-since", test_report_since);
  ADD ("register-backup-bundle", test_register_backup_bundle);
  ADD ("unknown", test_unknown);
#undef ADD

  return g_test_run ();
}
