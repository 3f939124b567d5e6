/* test-clock.c — times that go back are flagged; only the record moves the fingerprint
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An abuser sharing the computer sets its clock back a week and edits an
 * entry, hoping the change passes for an old one. The time is kept as the
 * clock gave it, and the chain itself shows it is earlier than a change saved
 * before it: the history, `verify`, `verify --json` and the report all name
 * it, and making the time look right again breaks a link.
 *
 * Case details are part of the record, like entries: changed behind
 * Daybook's back they fail `verify`. Preferences and bookkeeping (a backup
 * made, the backup folder, the auto-lock delay) are not: they never change
 * the fingerprint.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "daybook-backup.h"
#include "daybook-diary-private.h"
#include "daybook-history.h"
#include "daybook-test-util.h"

#define WEEK (7 * 24 * 3600)

typedef struct
{
  char *dir;
  DaybookDiary *diary;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_fast_template ();
  f->diary = daybook_test_open (f->dir);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  _daybook_chain_set_clock_offset_for_test (0);
  if (f->diary != NULL)
    g_assert_finalize_object (f->diary);
  daybook_test_rm_copy (f->dir);
  g_free (f->dir);
}

static void
close_diary (Fixture *f)
{
  daybook_diary_close (f->diary);
  g_clear_object (&f->diary);
}

static int
cli (const char *dir, char **out, char **err, ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = daybook_test_cli_diary_valist (dir, TEST_PASSPHRASE "\n", out, err, ap);
  va_end (ap);
  return status;
}

static gint64
add (DaybookDiary *diary, const char *title)
{
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GError) error = NULL;
  DaybookWhen when = { 1767261600, 0, (char *)"Europe/London" };

  daybook_incident_set_start (incident, &when);
  daybook_incident_set_title (incident, title);
  daybook_incident_set_narrative (incident, "What happened.");
  g_assert_true (daybook_diary_save_incident (diary, incident, &error));
  g_assert_no_error (error);
  return daybook_incident_get_number (incident);
}

static void
edit (DaybookDiary *diary, gint64 number, const char *title)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) incident = daybook_diary_get_incident (diary, number, &error);

  g_assert_no_error (error);
  daybook_incident_set_title (incident, title);
  g_assert_true (daybook_diary_save_incident (diary, incident, &error));
  g_assert_no_error (error);
}

static GPtrArray *
verify (DaybookDiary *diary)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *problems = NULL;

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("verify: %s", (char *)problems->pdata[i]);
  return problems;
}

static GPtrArray *
regressions (DaybookDiary *diary)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *list = daybook_diary_list_clock_regressions (diary, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static void
tamper (DaybookDiary *diary, const char *sql)
{
  g_autoptr (GError) error = NULL;

  _daybook_diary_lock (diary);
  g_assert_true (_daybook_sql_exec (_daybook_diary_get_db (diary), sql, &error));
  g_assert_no_error (error);
  _daybook_diary_unlock (diary);
}

static void
set (DaybookDiary *diary, const char *key, const char *value)
{
  g_autoptr (GError) error = NULL;
  const char *keys[] = { key, NULL };
  const char *values[] = { value, NULL };

  g_assert_true (daybook_diary_set_settings (diary, keys, values, &error));
  g_assert_no_error (error);
}

/* ---- the clock set back --------------------------------------------------- */

/* Entry A is saved, then edited a week "earlier"; entry B is added while
 * the clock is still behind; then the clock is right again and B edited. */
static void
make_set_back (Fixture *f, gint64 *a, gint64 *b, gint64 *first_at)
{
  g_autoptr (GListModel) history = NULL;
  g_autoptr (DaybookRevision) rev1 = NULL;

  *a = add (f->diary, "Car outside the house");
  history = daybook_diary_list_history (f->diary, "incident", *a, NULL);
  rev1 = g_list_model_get_item (history, 0);
  *first_at = daybook_revision_get_at (rev1);

  _daybook_chain_set_clock_offset_for_test (-WEEK);
  edit (f->diary, *a, "Nothing much");
  *b = add (f->diary, "Flowers left");
  _daybook_chain_set_clock_offset_for_test (0);
  edit (f->diary, *b, "Flowers left at the door");
}

static void
test_flagged (Fixture *f, gconstpointer data)
{
  g_autoptr (GListModel) history = NULL;
  g_autoptr (DaybookRevision) rev1 = NULL;
  g_autoptr (DaybookRevision) rev2 = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  const DaybookClockRegression *r;
  gint64 a, b, first_at;

  /* Saves in order are never flagged, even within one second. */
  add (f->diary, "first");
  edit (f->diary, 1, "first, again");
  found = regressions (f->diary);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  make_set_back (f, &a, &b, &first_at);
  g_assert_cmpint (a, ==, 2);

  history = daybook_diary_list_history (f->diary, "incident", a, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  rev1 = g_list_model_get_item (history, 0);
  rev2 = g_list_model_get_item (history, 1);
  g_assert_false (daybook_revision_get_clock_set_back (rev1));
  g_assert_true (daybook_revision_get_clock_set_back (rev2));
  /* Both times are known: the clock's, and the latest one before it. */
  g_assert_cmpint (daybook_revision_get_at (rev2), <=, first_at - WEEK + 5);
  g_assert_cmpint (daybook_revision_get_previous_at (rev2), ==, first_at);

  /* B's first revision came while the clock was still behind; its edit,
   * with the clock right again, is not flagged. */
  found = regressions (f->diary);
  g_assert_cmpuint (found->len, ==, 2);
  r = found->pdata[0];
  g_assert_cmpint (r->link, ==, 5); /* the case, two saves, then A twice */
  g_assert_cmpstr (r->entity, ==, "incident");
  g_assert_cmpint (r->entity_id, ==, a);
  g_assert_cmpuint (r->revision, ==, 2);
  g_assert_cmpint (r->previous_at, ==, first_at);
  g_assert_cmpint (r->at, <, first_at);
  r = found->pdata[1];
  g_assert_cmpint (r->entity_id, ==, b);
  g_assert_cmpuint (r->revision, ==, 1);

  /* Not damage: verify finds no problem. */
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_flag_cannot_be_hidden (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autofree char *sql = NULL;
  gint64 a, b, first_at;

  make_set_back (f, &a, &b, &first_at);
  /* Whoever holds the key makes the edit's time look right. */
  sql = g_strdup_printf ("UPDATE revisions SET at = %" G_GINT64_FORMAT
                         " WHERE entity = 'incident' AND entity_id = 1 AND revision = 2",
                         first_at);
  tamper (f->diary, sql);
  found = regressions (f->diary);
  g_assert_cmpuint (found->len, ==, 1); /* B's first save is still earlier */
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 1);
  /* That edit is entry 1's latest revision, whose snapshot is its row
   * (schema 7): its link, made again from the row, no longer matches, and
   * verify cannot tell the record's time from the row as what changed. */
  g_assert_cmpstr (problems->pdata[0], ==,
                   "Entry 1 differs from its last saved revision: it was changed outside"
                   " Daybook.");
}

static JsonObject *
parse_object (const char *text, JsonParser *parser)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_cli (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *fingerprint = NULL;
  JsonObject *root, *r;
  JsonArray *list;
  gint64 a, b, first_at;

  make_set_back (f, &a, &b, &first_at);
  fingerprint = daybook_diary_dup_fingerprint (f->diary);
  close_diary (f);

  /* verify: the warning is printed, and is not damage. */
  g_assert_cmpint (cli (f->dir, &out, &err, "verify", NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "Warning: clock set back: entry 1, revision 2 was recorded at"));
  g_assert_nonnull (strstr (out, "entry 2, revision 1"));
  g_assert_nonnull (strstr (out, "Everything checks out"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* verify --json */
  g_assert_cmpint (cli (f->dir, &out, &err, "verify", "--json", NULL), ==, 0);
  root = parse_object (out, parser);
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpstr (json_object_get_string_member (root, "fingerprint"), ==, fingerprint);
  /* The template's case revision, then the four saves. */
  g_assert_cmpint (json_object_get_int_member (root, "length"), ==, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "problems")), ==, 0);
  list = json_object_get_array_member (root, "clock_regressions");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  r = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (r, "link"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (r, "entity"), ==, "incident");
  g_assert_cmpint (json_object_get_int_member (r, "number"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (r, "revision"), ==, 2);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (r, "at"), ":00")
                 || g_str_has_suffix (json_object_get_string_member (r, "at"), "Z"));
  g_assert_cmpstr (json_object_get_string_member (r, "at"), <,
                   json_object_get_string_member (r, "previous_at"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* show --history, as text and JSON */
  g_assert_cmpint (cli (f->dir, &out, &err, "show", "1", "--history", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "clock set back"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f->dir, &out, &err, "show", "1", "--history", "--json", NULL), ==, 0);
  root = parse_object (out, parser);
  list = json_object_get_array_member (root, "history");
  g_assert_false (
      json_object_get_boolean_member (json_array_get_object_element (list, 0), "clock_set_back"));
  g_assert_true (
      json_object_get_boolean_member (json_array_get_object_element (list, 1), "clock_set_back"));
  g_assert_true (json_object_has_member (json_array_get_object_element (list, 1), "previous_at"));
}

/* The report's text with every run of spaces and line breaks as one space:
 * lines wrap anywhere. A missing pdftotext fails the test (tools/install-deps
 * installs it). */
static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", pdf, "-", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
  g_auto (GStrv) words = NULL;
  g_auto (GStrv) joined = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  words = g_strsplit_set (text, " \n\f", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_strv_builder_add (kept, words[i]);
  joined = g_strv_builder_end (kept);
  return g_strjoinv (" ", joined);
}

static void
report (const char *dir, const char *pdf)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = cli (dir, &out, &err, "report", "--force", "-o", pdf, NULL);

  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
}

static void
test_report (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = daybook_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (folder, "report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  gint64 a, b, first_at;

  /* Without a clock set back the report says so. */
  add (f->diary, "Before");
  close_diary (f);
  report (f->dir, pdf);
  text = pdf_text (pdf);
  g_assert_null (strstr (text, "Clock set back"));
  g_assert_nonnull (strstr (text, "No change in the diary was recorded at a time earlier"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&out, g_free);

  f->diary = daybook_test_open (f->dir);
  make_set_back (f, &a, &b, &first_at);
  close_diary (f);
  report (f->dir, pdf);
  text = pdf_text (pdf);
  g_test_message ("%s", text);
  /* The note on the entries, and the line on the verify page. */
  {
    g_auto (GStrv) parts = g_strsplit (text, "Clock set back", -1);

    /* The label on entries 2 and 3, and the verify page; pdftotext puts a
     * table's labels apart from their values. */
    g_assert_cmpuint (g_strv_length (parts), ==, 4);
  }
  g_assert_nonnull (strstr (text, "revision 2 saved at"));
  g_assert_nonnull (strstr (text, "revision 1 saved at"));
  g_assert_nonnull (strstr (text, "2 changes in the diary were recorded at a time earlier"));
  g_assert_nonnull (strstr (text, "In this report: entry 2 (revision 2), entry 3 (revision 1)."));
  daybook_test_rm_rf (folder);
}

/* ---- case details are the record; preferences are not ------------------- */

static void
test_case_tampered (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;

  set (f->diary, DAYBOOK_SETTING_OWNER_NAME, "Alex Example");
  set (f->diary, DAYBOOK_SETTING_CASE_REF, "CASE-1");
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A preference changed behind Daybook's back is not the record. */
  tamper (f->diary, "INSERT OR REPLACE INTO settings VALUES ('autolock-minutes', '99')");
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  tamper (f->diary, "UPDATE settings SET value = 'Someone Else' WHERE key = 'owner-name'");
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "owner-name"));
  g_assert_nonnull (strstr (problems->pdata[0], "changed outside Daybook"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Put back, then a detail removed, and one added. */
  tamper (f->diary, "UPDATE settings SET value = 'Alex Example' WHERE key = 'owner-name'");
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  tamper (f->diary, "DELETE FROM settings WHERE key = 'case-ref'");
  tamper (f->diary, "INSERT INTO settings VALUES ('crime-ref', 'CR/1')");
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "case-ref, crime-ref"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* The case revisions removed outright (the last links here, so the
   * chain alone would not notice). */
  tamper (f->diary, "DELETE FROM revisions WHERE entity = 'case'");
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "The case details have no history"));
}

static void
test_case_tampered_cli (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonObject *root;
  JsonArray *problems;

  set (f->diary, DAYBOOK_SETTING_CRIME_REF, "CR/1");
  tamper (f->diary, "UPDATE settings SET value = 'CR/2' WHERE key = 'crime-ref'");
  close_diary (f);

  g_assert_cmpint (cli (f->dir, &out, NULL, "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "The case details (crime-ref) differ"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f->dir, &out, NULL, "verify", "--json", NULL), ==, 1);
  root = parse_object (out, parser);
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  problems = json_object_get_array_member (root, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  g_assert_nonnull (strstr (json_array_get_string_element (problems, 0), "crime-ref"));
}

static void
test_preferences_no_revision (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 length;

  set (f->diary, DAYBOOK_SETTING_OWNER_NAME, "Alex Example");
  before = daybook_diary_dup_fingerprint (f->diary);
  length = daybook_diary_get_history_length (f->diary);

  set (f->diary, DAYBOOK_SETTING_AUTOLOCK, "5");
  set (f->diary, DAYBOOK_SETTING_BACKUP_FOLDER, "/somewhere");
  set (f->diary, DAYBOOK_SETTING_LAST_BACKUP, "1767261600");
  /* The same value again is no change either. */
  set (f->diary, DAYBOOK_SETTING_OWNER_NAME, "Alex Example");
  after = daybook_diary_dup_fingerprint (f->diary);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (daybook_diary_get_history_length (f->diary), ==, length);
  g_clear_pointer (&after, g_free);

  /* A case detail that does change is a revision, and its snapshot holds
   * the case details alone. */
  set (f->diary, DAYBOOK_SETTING_OWNER_NAME, "Alex B. Example");
  after = daybook_diary_dup_fingerprint (f->diary);
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpint (daybook_diary_get_history_length (f->diary), ==, length + 1);
  {
    g_autoptr (GListModel) history = daybook_diary_list_history (f->diary, "case", 0, NULL);
    g_autoptr (DaybookRevision) last
        = g_list_model_get_item (history, g_list_model_get_n_items (history) - 1);

    g_assert_nonnull (strstr (daybook_revision_get_snapshot (last), "Alex B. Example"));
    g_assert_null (strstr (daybook_revision_get_snapshot (last), "somewhere"));
    g_assert_null (strstr (daybook_revision_get_snapshot (last), "autolock"));
  }
  g_assert_cmpuint (verify (f->diary)->len, ==, 0);
}

/* A diary made before the split: its case snapshots also hold the
 * preferences of the time. Only the case details in them count. */
static void
test_old_case_snapshot (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = daybook_diary_dup_setting (f->diary, DAYBOOK_SETTING_DIARY_ID);
  g_autofree char *created = daybook_diary_dup_setting (f->diary, DAYBOOK_SETTING_CREATED_AT);
  g_autofree char *snapshot = NULL;

  set (f->diary, DAYBOOK_SETTING_OWNER_NAME, "Alex Example");
  set (f->diary, DAYBOOK_SETTING_AUTOLOCK, "5");
  snapshot = g_strdup_printf ("{\"autolock-minutes\":\"7\",\"created-at\":\"%s\","
                              "\"diary-id\":\"%s\",\"last-backup\":\"1\","
                              "\"owner-name\":\"Alex Example\"}",
                              created, id);
  _daybook_diary_lock (f->diary);
  g_assert_true (_daybook_chain_append (_daybook_diary_get_db (f->diary), "case", 0, 3, "edit",
                                        _daybook_chain_now (), snapshot, &error));
  _daybook_diary_unlock (f->diary);
  g_assert_no_error (error);

  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  tamper (f->diary, "UPDATE settings SET value = 'X' WHERE key = 'owner-name'");
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 1);
}

static void
test_backup_folder_twice (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *folder = daybook_test_make_tmpdir ();
  g_autofree char *out = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *last = NULL;
  gint64 length;
  JsonObject *root;

  add (f->diary, "An entry");
  fingerprint = daybook_diary_dup_fingerprint (f->diary);
  length = daybook_diary_get_history_length (f->diary);
  close_diary (f);

  for (int i = 0; i < 2; i++)
    {
      g_assert_cmpint (cli (f->dir, &out, NULL, "backup", "--folder", folder, NULL), ==, 0);
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (cli (f->dir, &out, NULL, "verify", "--json", NULL), ==, 0);
      root = parse_object (out, parser);
      g_assert_cmpstr (json_object_get_string_member (root, "fingerprint"), ==, fingerprint);
      g_assert_cmpint (json_object_get_int_member (root, "length"), ==, length);
      g_clear_pointer (&out, g_free);
      /* Backups are named to the second. */
      g_usleep (1100 * 1000);
    }

  /* The backup was still noted, as a preference. */
  f->diary = daybook_test_open (f->dir);
  last = daybook_diary_dup_setting (f->diary, DAYBOOK_SETTING_LAST_BACKUP);
  g_assert_nonnull (last);
  daybook_test_rm_rf (folder);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/clock/set-back/flagged", test_flagged);
  ADD ("/clock/set-back/cannot-be-hidden", test_flag_cannot_be_hidden);
  ADD ("/clock/set-back/cli", test_cli);
  ADD ("/clock/set-back/report", test_report);
  ADD ("/clock/case/tampered", test_case_tampered);
  ADD ("/clock/case/tampered-cli", test_case_tampered_cli);
  ADD ("/clock/case/preferences-no-revision", test_preferences_no_revision);
  ADD ("/clock/case/old-snapshot", test_old_case_snapshot);
  ADD ("/clock/case/backup-folder-twice", test_backup_folder_twice);
#undef ADD

  return g_test_run ();
}
