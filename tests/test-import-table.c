/* test-import-table.c — a spreadsheet diary's rows become entries citing their row
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a defence would ask of an entry that came from a spreadsheet: is it
 * exactly what the row said (no cell moved into another field, nothing of
 * an unmapped column copied, no time made up for a row without one), can
 * it be traced to the row (the exhibit and the line), and was it recorded
 * when it was imported, not back-dated to the row's date? And what an
 * import must never do: leave half of itself after a cancel, or make the
 * same entries twice.
 *
 * The file goes through the real parser in the sandboxed helper.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-import-parse.h"
#include "daybook-import.h"
#include "daybook-incident.h"
#include "daybook-messages.h"
#include "daybook-person.h"
#include "daybook-test-util.h"
#include "daybook-verify.h"

#define COLUMNS "date=1,time=2,who=3,title=4,where=5,text=6,police=7"
#define ZONE "Europe/Berlin"

typedef struct
{
  char *dir;
  char *files;
  char *table;
  DaybookDiary *diary;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
  f->files = daybook_test_make_tmpdir ();
  f->table = g_test_build_filename (G_TEST_DIST, "data", "import", "csv-table-1252.csv", NULL);
  f->diary = daybook_test_open (f->dir);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->diary);
  daybook_test_rm_copy (f->dir);
  daybook_test_rm_rf (f->files);
  g_free (f->dir);
  g_free (f->files);
  g_free (f->table);
}

static gboolean
parse_then_cancel (GInputStream *stream, const DaybookImportOptions *options,
                   const DaybookImportSink *sink, gpointer sink_data, GVariant **summary,
                   GCancellable *cancellable, GError **error)
{
  gboolean ok
      = daybook_import_parse (stream, options, sink, sink_data, summary, cancellable, error);

  /* Cancelled after the rows were read, before the transaction commits. */
  g_cancellable_cancel (cancellable);
  return ok;
}

static DaybookImportResult *
import (Fixture *f, const char *path, DaybookImportParseFunc parse, GCancellable *cancellable,
        GError **error)
{
  DaybookImportChoices choices = { { 0 } };

  choices.parse.format = DAYBOOK_IMPORT_FORMAT_CSV;
  choices.parse.csv_columns = COLUMNS;
  choices.time_zone = ZONE;
  return daybook_diary_import_messages (f->diary, path, &choices, parse, cancellable, error);
}

static gint64
add_suspect (Fixture *f, const char *name)
{
  g_autoptr (DaybookPerson) person = daybook_person_new (name);
  g_autoptr (GError) error = NULL;

  daybook_person_set_role (person, DAYBOOK_ROLE_SUSPECT);
  g_assert_true (daybook_diary_save_person (f->diary, person, &error));
  g_assert_no_error (error);
  return daybook_person_get_id (person);
}

static gint64
wall_in_zone (int y, int mo, int d, int h, int mi)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (ZONE);
  g_autoptr (GDateTime) dt = g_date_time_new (zone, y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

/* The one message entry @number cites. */
static DaybookMessage *
cited_row (Fixture *f, gint64 number)
{
  g_autoptr (GArray) cited = NULL;
  g_autoptr (GArray) by = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  DaybookMessageQuery query;

  cited = daybook_diary_dup_cited_messages (f->diary, number, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cited->len, ==, 1);
  g_array_append_val (by, number);
  daybook_message_query_init (&query);
  query.cited_by = by;
  found = daybook_diary_list_messages (f->diary, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((DaybookMessage *)found->pdata[0])->id, ==, g_array_index (cited, gint64, 0));
  return g_ptr_array_steal_index (found, 0);
}

static void
assert_verifies (Fixture *f)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_diary_verify (f->diary, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *)problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_rows_become_entries (Fixture *f, gconstpointer data)
{
  gint64 sam = add_suspect (f, "Sam Example");
  gint64 before = g_get_real_time () / G_USEC_PER_SEC, after;
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (DaybookIncident) one = NULL;
  g_autoptr (DaybookIncident) two = NULL;
  g_autoptr (DaybookIncident) three = NULL;
  g_autoptr (DaybookMessage) row = NULL;
  g_autoptr (DaybookPerson) alex = NULL;
  g_autoptr (GError) error = NULL;
  const DaybookInvolvement *inv;

  r = import (f, f->table, NULL, NULL, &error);
  after = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_false (r->already);
  g_assert_cmpuint (r->messages, ==, 3);
  g_assert_cmpuint (r->entries, ==, 3);
  g_assert_cmpuint (g_variant_n_children (r->skipped), ==, 1); /* "pas une date" */
  g_assert_cmpint (daybook_diary_count_incidents (f->diary), ==, 3);

  /* Row 2: every mapped field, exactly; the time read in the zone given. */
  one = daybook_diary_get_incident (f->diary, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (one), ==, "Outside the caf\xC3\xA9");
  g_assert_cmpstr (daybook_incident_get_narrative (one), ==,
                   "He waited \xE2\x80\x9C"
                   "for hours\xE2\x80\x9D");
  g_assert_cmpstr (daybook_incident_get_location (one), ==, "High St");
  g_assert_cmpstr (daybook_incident_get_police_ref (one), ==, "CR/123");
  g_assert_true (daybook_incident_get_police_reported (one));
  g_assert_cmpint (daybook_incident_get_start (one)->utc, ==, wall_in_zone (2023, 3, 14, 22, 15));
  g_assert_cmpint (daybook_incident_get_start (one)->offset, ==, 3600);
  g_assert_cmpstr (daybook_incident_get_start (one)->zone, ==, ZONE);
  g_assert_cmpint (daybook_incident_get_precision (one), ==, DAYBOOK_PRECISION_EXACT);
  g_assert_null (daybook_incident_get_end (one));
  /* Nothing of the unmapped column, nothing made up. */
  g_assert_cmpstr (daybook_incident_get_private_notes (one), ==, "");
  g_assert_cmpstr (daybook_incident_get_impact (one), ==, "");
  g_assert_cmpstr (daybook_incident_get_police_officer (one), ==, "");
  g_assert_cmpint (daybook_incident_get_types (one), ==, 0);
  g_assert_false (daybook_incident_get_private (one));
  g_assert_cmpint (daybook_test_sql_count (
                       f->diary, "SELECT count(*) FROM incidents WHERE title LIKE '%not for%'"
                                 " OR narrative LIKE '%not for%' OR location LIKE '%not for%'"
                                 " OR private_notes LIKE '%not for%'"),
                   ==, 0);
  /* Recorded at the import, never at the row's date. */
  g_assert_cmpint (daybook_incident_get_recorded_at (one), >=, before);
  g_assert_cmpint (daybook_incident_get_recorded_at (one), <=, after);
  /* Who: the suspect already in the register stays a suspect and is that
   * person; the new name is a new person, "other". */
  g_assert_cmpuint (daybook_incident_get_n_people (one), ==, 2);
  inv = daybook_incident_get_person (one, 0);
  g_assert_cmpstr (inv->name, ==, "Sam Example");
  g_assert_cmpint (inv->role, ==, DAYBOOK_ROLE_SUSPECT);
  g_assert_cmpint (inv->person_id, ==, sam);
  inv = daybook_incident_get_person (one, 1);
  g_assert_cmpstr (inv->name, ==, "Alex");
  g_assert_cmpint (inv->role, ==, DAYBOOK_ROLE_OTHER);
  alex = daybook_diary_find_person (f->diary, "Alex");
  g_assert_nonnull (alex);
  g_assert_cmpint (daybook_person_get_role (alex), ==, DAYBOOK_ROLE_OTHER);
  g_assert_cmpint (inv->person_id, ==, daybook_person_get_id (alex));
  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM people WHERE deleted_at IS NULL"), ==,
      2);
  /* Traced to its row: the exhibit of the file and the line. */
  row = cited_row (f, 1);
  g_assert_cmpuint (row->line, ==, 2);
  g_assert_cmpstr (row->source_mark, ==, r->mark);
  g_assert_cmpint (row->source_attachment_id, ==, r->attachment_id);
  g_clear_pointer (&row, daybook_message_free);

  /* Row 3: no time given, so only the date is known; no police ref. */
  two = daybook_diary_get_incident (f->diary, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (two), ==, "Flowers left");
  g_assert_cmpstr (daybook_incident_get_narrative (two), ==, "A bouquet \xE2\x80\x93 no card");
  g_assert_cmpstr (daybook_incident_get_location (two), ==, "Front door");
  g_assert_cmpstr (daybook_incident_get_police_ref (two), ==, "");
  g_assert_false (daybook_incident_get_police_reported (two));
  g_assert_cmpint (daybook_incident_get_precision (two), ==, DAYBOOK_PRECISION_DAY);
  g_assert_cmpint (daybook_incident_get_start (two)->utc, ==, wall_in_zone (2023, 3, 15, 0, 0));
  g_assert_cmpint (daybook_incident_get_recorded_at (two), >=, before);
  g_assert_cmpint (daybook_incident_get_recorded_at (two), <=, after);
  g_assert_cmpuint (daybook_incident_get_n_people (two), ==, 1);
  g_assert_cmpint (daybook_incident_get_person (two, 0)->person_id, ==, sam);
  g_assert_cmpint (daybook_incident_get_person (two, 0)->role, ==, DAYBOOK_ROLE_SUSPECT);
  row = cited_row (f, 2);
  g_assert_cmpuint (row->line, ==, 3);
  g_clear_pointer (&row, daybook_message_free);

  /* Row 4: nobody named, no place; the comma stays inside the text. */
  three = daybook_diary_get_incident (f->diary, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (three), ==, "Calls");
  g_assert_cmpstr (daybook_incident_get_narrative (three), ==, "Five calls, none answered");
  g_assert_cmpstr (daybook_incident_get_location (three), ==, "");
  g_assert_cmpuint (daybook_incident_get_n_people (three), ==, 0);
  g_assert_cmpint (daybook_incident_get_start (three)->utc, ==, wall_in_zone (2023, 3, 16, 7, 5));
  row = cited_row (f, 3);
  g_assert_cmpuint (row->line, ==, 4);

  assert_verifies (f);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;

  r = import (f, f->table, parse_then_cancel, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (r);
  g_assert_cmpint (daybook_diary_count_incidents (f->diary), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM incidents"), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM people"), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM message_links"), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM messages"), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary,
                                           "SELECT count(*) FROM revisions WHERE entity IN"
                                           " ('incident', 'person', 'message-links')"),
                   ==, 0);
  assert_verifies (f);

  /* Importing again finishes the job, once. */
  g_clear_error (&error);
  r = import (f, f->table, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->entries, ==, 3);
  g_assert_cmpint (daybook_diary_count_incidents (f->diary), ==, 3);
  assert_verifies (f);
}

/* The second row's entry cannot be saved (the database refuses its
 * citation): nothing of the import stays, not the first row's entry. */
static void
test_failure_half_way (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  sqlite3 *db;

  _daybook_diary_lock (f->diary);
  db = _daybook_diary_get_db (f->diary);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TEMP TRIGGER refuse BEFORE INSERT ON message_links"
                                 " WHEN (SELECT count(*) FROM message_links) >= 1"
                                 " BEGIN SELECT RAISE(ABORT, 'refused'); END",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  _daybook_diary_unlock (f->diary);

  r = import (f, f->table, NULL, NULL, &error);
  g_assert_nonnull (error);
  g_assert_null (r);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM incidents"), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM people"), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM messages"), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM message_links"), ==, 0);
  assert_verifies (f);
}

static void
test_twice (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *longer = NULL;
  g_autofree char *copy = g_build_filename (f->files, "diary-later.csv", NULL);
  g_autoptr (DaybookIncident) four = NULL;
  gsize len;

  r = import (f, f->table, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->entries, ==, 3);
  g_clear_pointer (&r, daybook_import_result_free);

  /* The same file: recognised, nothing added. */
  r = import (f, f->table, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (r->already);
  g_assert_cmpuint (r->entries, ==, 0);
  g_assert_cmpint (daybook_diary_count_incidents (f->diary), ==, 3);
  g_clear_pointer (&r, daybook_import_result_free);

  /* The spreadsheet kept going: a later save with one more row is a new
   * exhibit, and only the new row becomes an entry. */
  g_assert_true (g_file_get_contents (f->table, &bytes, &len, NULL));
  longer = g_strconcat (bytes, "17/03/2023;09:30;Alex;Car outside;Work;Parked all day;;\r\n", NULL);
  g_assert_true (g_file_set_contents (copy, longer, -1, NULL));
  r = import (f, copy, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (r->already);
  g_assert_cmpuint (r->present, ==, 3);
  g_assert_cmpuint (r->messages, ==, 1);
  g_assert_cmpuint (r->entries, ==, 1);
  g_assert_cmpint (daybook_diary_count_incidents (f->diary), ==, 4);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM message_links"), ==, 4);
  four = daybook_diary_get_incident (f->diary, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (four), ==, "Car outside");
  g_assert_cmpuint (daybook_incident_get_n_people (four), ==, 1);
  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM people WHERE name = 'Alex'"), ==, 1);
  assert_verifies (f);
}

static int
cli (Fixture *f, char **out, char **err, ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = daybook_test_cli_diary_valist (f->dir, TEST_PASSPHRASE "\n", out, err, ap);
  va_end (ap);
  return status;
}

static void
test_cli (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_clear_object (&f->diary);
  /* A mapping that is not one: one sentence, nothing added. */
  g_assert_cmpint (cli (f, &out, &err, "import", f->table, "--columns", "date=1,colour=2", NULL),
                   ==, 2);
  g_assert_nonnull (strstr (err, "not a column mapping"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (f, &out, &err, "list", "--json", NULL), ==, 0);
  g_assert_null (strstr (out, "Outside the caf"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cli (f, &out, &err, "import", f->table, "--columns", COLUMNS, "--time-zone", ZONE, NULL);
  g_test_message ("%s%s", out != NULL ? out : "", err != NULL ? err : "");
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "format csv\nmessages 3\ncalls 0\nmedia 0\nentries 3\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (f, &out, &err, "import", f->table, "--columns", COLUMNS, "--json", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "\"entries\" : 0"));
  g_assert_nonnull (strstr (out, "\"already_imported\" : true"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (f, &out, &err, "list", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Outside the caf\xC3\xA9"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Where entry 1 came from: the exhibit, the row's line, the import. */
  g_assert_cmpint (cli (f, &out, &err, "show", "1", NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "(exhibit EX/1, line 2, imported 20"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, &out, &err, "show", "2", "--json", NULL), ==, 0);
  /* One array of the cited messages, each with where and when it came. */
  g_assert_nonnull (strstr (out, "\"messages\" : ["));
  /* And, as before, where each came from in cited_messages. */
  g_assert_nonnull (strstr (out, "\"cited_messages\" : ["));
  g_assert_nonnull (strstr (out, "\"source\" : \"EX/1\""));
  g_assert_nonnull (strstr (out, "\"line\" : 3"));
  g_assert_nonnull (strstr (out, "\"imported_at\" : \"20"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, &out, &err, "verify", NULL), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/import-table/rows-become-entries", Fixture, NULL, setup, test_rows_become_entries,
              teardown);
  g_test_add ("/import-table/cancel", Fixture, NULL, setup, test_cancel, teardown);
  g_test_add ("/import-table/failure-half-way", Fixture, NULL, setup, test_failure_half_way,
              teardown);
  g_test_add ("/import-table/twice", Fixture, NULL, setup, test_twice, teardown);
  g_test_add ("/import-table/cli", Fixture, NULL, setup, test_cli, teardown);
  return g_test_run ();
}
