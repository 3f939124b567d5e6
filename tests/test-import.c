/* test-import.c — importing messages and calls: storing, re-import, zones, people, verify, kill
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "daybook-attachment.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-import.h"
#include "daybook-messages-private.h"
#include "daybook-messages.h"
#include "daybook-report.h"
#include "daybook-sql.h"
#include "daybook-test-util.h"
#include "daybook-verify.h"

/*
 * The parsers are tested on their own; here a small reader of a line
 * format of the test's own stands in for them, so the importer is tested
 * on exactly the records it gets. One line is one record:
 *
 *   basis|seconds|kind|direction|sender|address|text|line|media|state|outcome|duration
 *
 * and "MEDIA name" a media frame whose bytes are "bytes of name". It
 * reads the stream it is given (the stored copy), as the real one does.
 */

typedef struct
{
  char *dir;
  char *files;
  DaybookDiary *diary;
} Fixture;

static gboolean test_cancel_after_parse;
/* The real parsers say the format before the first record; FALSE plays a
 * reader that does not, which the importer must serve as well. */
static gboolean test_say_format = TRUE;

static gboolean
feeder (GInputStream *stream, const DaybookImportOptions *options, const DaybookImportSink *sink,
        gpointer sink_data, GVariant **summary, GCancellable *cancellable, GError **error)
{
  g_autoptr (GDataInputStream) data = g_data_input_stream_new (stream);
  char *line;
  guint records = 0, media = 0;

  const char *say_at = g_getenv ("TEST_IMPORT_SAY_AT");

  if (test_say_format && sink->format != NULL && !sink->format ("whatsapp", sink_data, error))
    return FALSE;
  while ((line = g_data_input_stream_read_line_utf8 (data, NULL, cancellable, error)) != NULL)
    {
      g_auto (GStrv) f = NULL;
      gboolean ok;

      /* Killed here by the parent: half of the records stored. */
      if (say_at != NULL && records == g_ascii_strtoull (say_at, NULL, 10))
        {
          fputs ("at\n", stdout);
          fflush (stdout);
          for (;;)
            g_usleep (G_USEC_PER_SEC);
        }

      if (g_str_has_prefix (line, "MEDIA "))
        {
          g_autofree char *bytes = g_strdup_printf ("bytes of %s", line + 6);
          GVariant *v = g_variant_new (
              "(ss@ay)", line + 6, "image/jpeg",
              g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, bytes, strlen (bytes), 1));

          g_variant_ref_sink (v);
          ok = sink->media (v, sink_data, error);
          g_variant_unref (v);
          media++;
        }
      else
        {
          GVariantBuilder headers;
          GVariant *v;

          f = g_strsplit (line, "|", -1);
          g_assert_cmpuint (g_strv_length (f), ==, 12);
          g_variant_builder_init (&headers, G_VARIANT_TYPE ("a{ss}"));
          v = g_variant_new ("(sssssxsisusssi@a{ss})", f[2], f[3], f[4], f[5], "",
                             g_ascii_strtoll (f[1], NULL, 10), f[0], 0, f[6],
                             (guint32)g_ascii_strtoull (f[7], NULL, 10), f[8], f[9], f[10],
                             (gint32)g_ascii_strtoll (f[11], NULL, 10),
                             g_variant_builder_end (&headers));
          g_variant_ref_sink (v);
          ok = sink->record (v, sink_data, error);
          g_variant_unref (v);
          records++;
        }
      g_free (line);
      if (!ok)
        return FALSE;
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  *summary = g_variant_new ("(ssuu@a(us))", "whatsapp", "dmy", records, media,
                            g_variant_new_parsed ("[(uint32 7, 'a line that is not a message')]"));
  if (g_getenv ("TEST_IMPORT_SAY_PARSED") != NULL)
    {
      fputs ("parsed\n", stdout);
      fflush (stdout);
    }
  if (test_cancel_after_parse)
    g_cancellable_cancel (cancellable);
  return TRUE;
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
  f->files = daybook_test_make_tmpdir ();
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
}

static char *
write_file (Fixture *f, const char *name, const char *text)
{
  char *path = g_build_filename (f->files, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static DaybookImportResult *
import (Fixture *f, const char *path, const char *zone, const char *me, char **people,
        GError **error)
{
  DaybookImportChoices choices = { { 0 } };

  choices.time_zone = zone;
  choices.me = me;
  choices.people = people;
  return daybook_diary_import_messages (f->diary, path, &choices, feeder, NULL, error);
}

static char *
messages_json (Fixture *f)
{
  DaybookMessageQuery query;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;

  daybook_message_query_init (&query);
  all = daybook_diary_list_messages (f->diary, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    json_array_add_element (array, daybook_message_to_json (g_ptr_array_index (all, i)));
  root = json_node_init_array (json_node_alloc (), array);
  return json_to_string (root, TRUE);
}

static GPtrArray *
verify (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *problems = NULL;

  g_assert_true (daybook_diary_verify (f->diary, &problems, &error));
  g_assert_no_error (error);
  return problems;
}

#define CHAT                                                                                       \
  "local|1775040000|message|in|Sam|+44 7700 900123|Where are you?|1||||-1\n"                       \
  "MEDIA IMG-0001.jpg\n"                                                                           \
  "local|1775040060|message|in|Sam|+44 7700 900123|I can see you|2|IMG-0001.jpg|present||-1\n"     \
  "local|1775040120|message|in|Alex||Leave me alone|3||||-1\n"                                     \
  "utc|1775040180|call|in|Sam|+447700900123||4|||missed|0\n"                                       \
  "local|1775040240|message|in|Sam|+44 7700 900123|Where are you?|5|IMG-0002.jpg|present||-1\n"

static void
test_import_exact (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "chat.txt", CHAT);
  char *people[] = { "+44 7700 900123=Sam Doe", NULL };
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;

  r = import (f, path, "Europe/London", "Alex", people, &error);
  g_assert_no_error (error);
  g_assert_false (r->already);
  g_assert_cmpstr (r->format, ==, "whatsapp");
  g_assert_cmpuint (r->messages, ==, 4);
  g_assert_cmpuint (r->calls, ==, 1);
  g_assert_cmpuint (r->media, ==, 1);
  g_assert_cmpuint (r->present, ==, 0);
  g_assert_cmpuint (g_variant_n_children (r->skipped), ==, 1);
  /* 2026-04-01 11:40 BST is 10:40 UTC */
  g_assert_cmpint (r->first, ==, 1775040000 - 3600);

  json = messages_json (f);
  g_assert_true (g_file_get_contents (
      g_test_get_filename (G_TEST_DIST, "data", "import", "messages.json", NULL), &expected, NULL,
      NULL));
  g_assert_cmpstr (json, ==, g_strchomp (expected));

  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions WHERE "
                                                     "entity = 'message-source'"),
                   ==, 1);
  /* Searchable. */
  {
    DaybookMessageQuery query;
    g_autoptr (GPtrArray) found = NULL;

    daybook_message_query_init (&query);
    query.search = "leave";
    found = daybook_diary_list_messages (f->diary, &query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (((DaybookMessage *)found->pdata[0])->text, ==, "Leave me alone");
  }
}

static void
test_reimport (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "chat.txt", CHAT);
  g_autofree char *copy = write_file (f, "chat copy.txt", CHAT);
  g_autoptr (DaybookImportResult) first = NULL;
  g_autoptr (DaybookImportResult) again = NULL;
  g_autoptr (DaybookImportResult) renamed = NULL;
  g_autoptr (GError) error = NULL;
  gint64 revisions;

  first = import (f, path, "Europe/London", NULL, NULL, &error);
  g_assert_no_error (error);
  revisions = daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions");
  again = import (f, path, "Europe/London", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (again->already);
  g_assert_cmpstr (again->mark, ==, first->mark);
  g_assert_cmpuint (again->messages, ==, 0);
  /* The same bytes under another name are the same exhibit. */
  renamed = import (f, copy, "Europe/Paris", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (renamed->already);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions"), ==,
                   revisions);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM messages"), ==, 5);
}

/* The writer inserts first and looks the digest up only when the insert
 * was ignored: a message already there is a duplicate (its id given, no
 * second row); a row a constraint refuses is an error, never dropped in
 * silence. */
static void
test_writer_ignored (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "chat.txt", CHAT);
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (DaybookMessage) m = NULL;
  g_autoptr (GError) error = NULL;
  sqlite3 *db = _daybook_diary_get_db (f->diary);
  g_auto (DaybookStmt) stmt = NULL;
  guint8 digest[32], fresh[32];
  gboolean duplicate = FALSE;
  gint64 id = 0, count;

  r = import (f, path, "Europe/London", NULL, NULL, &error);
  g_assert_no_error (error);
  count = daybook_test_sql_count (f->diary, "SELECT count(*) FROM messages");
  m = daybook_diary_get_message (f->diary, 2, &error);
  g_assert_no_error (error);
  stmt = _daybook_sql_prepare (db, "SELECT digest FROM messages WHERE id = 2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_bytes (stmt, 0), ==, 32);
  memcpy (digest, sqlite3_column_blob (stmt, 0), 32);

  g_assert_true (daybook_diary_begin_batch (f->diary, &error));
  g_assert_true (_daybook_messages_add (f->diary, m, digest, &duplicate, &id, &error));
  g_assert_no_error (error);
  g_assert_true (duplicate);
  g_assert_cmpint (id, ==, 2);

  /* A new digest, but a kind the table's CHECK refuses. */
  memset (fresh, 0x5a, sizeof fresh);
  g_free (m->kind);
  m->kind = g_strdup ("bogus");
  duplicate = TRUE;
  g_assert_false (_daybook_messages_add (f->diary, m, fresh, &duplicate, &id, &error));
  g_assert_nonnull (error);
  g_assert_false (duplicate);
  g_clear_error (&error);
  daybook_diary_end_batch (f->diary, FALSE, NULL);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM messages"), ==, count);
  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM messages WHERE kind = 'bogus'"), ==,
      0);
}

static void
test_overlap (Fixture *f, gconstpointer data)
{
  /* The later export starts in the middle of the first, and holds the
   * same message twice in one minute: both are kept, once. */
  g_autofree char *early = write_file (f, "early.txt",
                                       "local|1775040000|message|in|Sam||one|1||||-1\n"
                                       "local|1775040060|message|in|Sam||two|2||||-1\n"
                                       "local|1775040060|message|in|Sam||two|3||||-1\n");
  g_autofree char *later = write_file (f, "later.txt",
                                       "local|1775040060|message|in|Sam||two|1||||-1\n"
                                       "local|1775040060|message|in|Sam||two|2||||-1\n"
                                       "local|1775040120|message|in|Sam||three|3||||-1\n"
                                       "local|1775040060|message|in|Sam||two|4||||-1\n");
  g_autoptr (DaybookImportResult) a = NULL;
  g_autoptr (DaybookImportResult) b = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  a = import (f, early, "Europe/London", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->messages, ==, 3);
  b = import (f, later, "Europe/London", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (b->already);
  g_assert_cmpuint (b->messages, ==, 2); /* "three" and a third "two" */
  g_assert_cmpuint (b->present, ==, 2);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM messages"), ==, 5);
  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM messages WHERE text = 'two'"), ==, 3);
  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_dst (Fixture *f, gconstpointer data)
{
  /* Wall-clock times as if UTC: 2026-03-29 01:30 (London skips 01:00 to
   * 02:00), 2026-10-25 01:30 (happens twice), 2026-07-01 12:00. */
  g_autofree char *path = write_file (f, "dst.txt",
                                      "local|1774747800|message|in|Sam||in the gap|1||||-1\n"
                                      "local|1792891800|message|in|Sam||in the overlap|2||||-1\n"
                                      "local|1782907200|message|in|Sam||summer|3||||-1\n");
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  DaybookMessageQuery query;
  g_autoptr (GPtrArray) all = NULL;
  const char *expect[][3] = { { "in the gap", "2026-03-29T01:30:00+00:00", "gap" },
                              { "summer", "2026-07-01T12:00:00+01:00", "" },
                              { "in the overlap", "2026-10-25T01:30:00+01:00", "overlap" } };

  r = import (f, path, "Europe/London", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->flagged, ==, 2);
  daybook_message_query_init (&query);
  all = daybook_diary_list_messages (f->diary, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      DaybookMessage *m = all->pdata[i];
      g_autofree char *at = daybook_message_dup_sent_at (m);

      g_assert_cmpstr (m->text, ==, expect[i][0]);
      g_assert_cmpstr (at, ==, expect[i][1]);
      g_assert_cmpstr (m->time_flag, ==, expect[i][2]);
      g_assert_cmpstr (m->sent_zone, ==, "Europe/London");
    }
}

static void
test_people (Fixture *f, gconstpointer data)
{
  /* Two numbers, written two ways each, and an account name, all one
   * person; "me" by name. */
  g_autofree char *path = write_file (
      f, "people.txt",
      "utc|1775040000|message|in|Unknown 1|+44 (0)7700-900123|a|1||||-1\n"
      "utc|1775040001|message|in|Unknown 2|\xe2\x80\xaa+33 6 12 34 56 78\xe2\x80\xac|b|2||||-1\n"
      "utc|1775040002|message|in|night_owl_77||c|3||||-1\n"
      "utc|1775040003|message|in|ALEX||d|4||||-1\n"
      "utc|1775040004|message|in|Someone Else||e|5||||-1\n");
  char *people[]
      = { "+44 (0)7700 900123=Sam Doe", "+33612345678=sam doe", "Night_Owl_77=Sam Doe", NULL };
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookPerson) sam = NULL;
  DaybookMessageQuery query;
  g_autoptr (GPtrArray) all = NULL;

  r = import (f, path, "UTC", "alex", people, &error);
  g_assert_no_error (error);
  sam = daybook_diary_find_person (f->diary, "Sam Doe");
  g_assert_nonnull (sam);
  daybook_message_query_init (&query);
  all = daybook_diary_list_messages (f->diary, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (((DaybookMessage *)all->pdata[i])->person, ==, "Sam Doe");
  g_assert_cmpstr (((DaybookMessage *)all->pdata[3])->direction, ==, "out");
  g_assert_null (((DaybookMessage *)all->pdata[3])->person);
  g_assert_null (((DaybookMessage *)all->pdata[4])->person);
  g_assert_cmpstr (((DaybookMessage *)all->pdata[4])->direction, ==, "in");
  query.person_id = daybook_person_get_id (sam);
  g_clear_pointer (&all, g_ptr_array_unref);
  all = daybook_diary_list_messages (f->diary, &query, &error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM people"), ==, 1);
}

static void
sql (Fixture *f, const char *statement)
{
  g_autoptr (GError) error = NULL;

  _daybook_diary_lock (f->diary);
  g_assert_true (_daybook_sql_exec (_daybook_diary_get_db (f->diary), statement, &error));
  _daybook_diary_unlock (f->diary);
  g_assert_no_error (error);
}

static gboolean
has_problem (GPtrArray *problems, const char *needle)
{
  for (guint i = 0; i < problems->len; i++)
    if (strstr (problems->pdata[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_verify_tamper (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "chat.txt", CHAT);
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  const char *attacks[] = {
    "UPDATE messages SET text = 'I am sorry' WHERE line = 3",
    "UPDATE messages SET sent_utc = sent_utc + 86400 WHERE line = 1",
    "DELETE FROM messages WHERE line = 4",
    "INSERT INTO messages SELECT NULL, source_id, kind, direction, sent_utc, sent_offset,"
    " sent_zone, time_flag, sender, address, person_id, recipients, 'made up', 99, media_id,"
    " media_name, media_state, outcome, duration_s, headers, randomblob(32) FROM messages"
    " WHERE line = 1",
  };

  r = import (f, path, "Europe/London", NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      g_autoptr (GPtrArray) problems = NULL;
      g_autofree char *expected
          = g_strdup_printf ("imported from exhibit %s differ from what was imported", r->mark);

      sql (f, "SAVEPOINT attack");
      sql (f, attacks[i]);
      problems = verify (f);
      g_assert_true (has_problem (problems, expected));
      sql (f, "ROLLBACK TO attack");
      sql (f, "RELEASE attack");
      g_clear_pointer (&problems, g_ptr_array_unref);
      problems = verify (f);
      g_assert_cmpuint (problems->len, ==, 0);
    }
}

static void
test_cite (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "chat.txt", CHAT);
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GArray) cited = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  gint64 ids[2];
  gint64 number;

  r = import (f, path, "Europe/London", NULL, NULL, &error);
  g_assert_no_error (error);
  DaybookWhen when = { 1775040000, 3600, (char *)"Europe/London" };

  daybook_incident_set_start (incident, &when);
  daybook_incident_set_title (incident, "Messages at work");
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  number = daybook_incident_get_number (incident);
  ids[0] = daybook_test_sql_count (f->diary, "SELECT id FROM messages WHERE line = 3");
  ids[1] = daybook_test_sql_count (f->diary, "SELECT id FROM messages WHERE line = 1");
  g_assert_true (daybook_diary_cite_messages (f->diary, number, ids, 2, TRUE, &error));
  g_assert_no_error (error);
  cited = daybook_diary_dup_cited_messages (f->diary, number, &error);
  g_assert_cmpuint (cited->len, ==, 2);
  g_assert_cmpint (g_array_index (cited, gint64, 0), ==, MIN (ids[0], ids[1]));
  g_assert_false (daybook_diary_cite_messages (f->diary, number + 1, ids, 1, TRUE, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  ids[0] = 9999;
  g_assert_false (daybook_diary_cite_messages (f->diary, number, ids, 1, TRUE, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  sql (f, "DELETE FROM message_links WHERE message_id IN (SELECT id FROM messages WHERE line = 3)");
  problems = verify (f);
  g_assert_true (has_problem (problems, "cited by entry"));
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "chat.txt", CHAT);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  DaybookImportChoices choices = { { 0 } };
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  choices.time_zone = "Europe/London";
  test_cancel_after_parse = TRUE;
  r = daybook_diary_import_messages (f->diary, path, &choices, feeder, cancellable, &error);
  test_cancel_after_parse = FALSE;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (r);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM messages"), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM message_sources"), ==,
                   0);
  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Importing again finishes the job with the exhibit already stored. */
  g_clear_error (&error);
  r = daybook_diary_import_messages (f->diary, path, &choices, feeder, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (r->already);
  g_assert_cmpuint (r->messages, ==, 4);
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "bad.txt",
                                      "local|1775040000|message|in|Sam||ok|1||||-1\n"
                                      "local|1775040000|letter|in|Sam||not a kind|2||||-1\n");
  g_autofree char *good
      = write_file (f, "good.txt", "local|1775040000|message|in|Sam||ok|1||||-1\n");
  g_autoptr (GError) error = NULL;
  char *bad_people[] = { "Sam", NULL };

  g_assert_null (import (f, path, "Europe/London", NULL, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);
  g_assert_null (import (f, good, "Mars/Olympus", NULL, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (import (f, good, "UTC", NULL, bad_people, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM messages"), ==, 0);
}

static char *
report_text (Fixture *f, DaybookReportMessages mode)
{
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->files, "report.pdf", NULL);
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  char *out = NULL;
  int status;

  report = daybook_report_new (f->diary, query);
  daybook_report_set_messages (report, mode);
  daybook_report_set_generated_at (report, 1775100000);
  g_assert_true (daybook_report_prepare (report, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (daybook_report_write_pdf (report, pdf, DAYBOOK_REPORT_FORCE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  if (g_getenv ("TEST_IMPORT_KEEP_PDF") != NULL)
    {
      g_autofree char *copy
          = g_strdup_printf ("%s/report-%d.pdf", g_getenv ("TEST_IMPORT_KEEP_PDF"), mode);
      g_autofree char *bytes = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
      g_assert_true (g_file_set_contents (copy, bytes, len, NULL));
    }
  return out;
}

static void
test_report (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "chat.txt", CHAT);
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  DaybookWhen when = { 1775040000 - 3600, 3600, (char *)"Europe/London" };
  g_autofree char *cited = NULL;
  g_autofree char *all = NULL;
  g_autofree char *none = NULL;
  g_autofree char *extracted = NULL;
  gint64 ids[2];

  r = import (f, path, "Europe/London", "Alex", NULL, &error);
  g_assert_no_error (error);
  daybook_incident_set_start (incident, &when);
  daybook_incident_set_title (incident, "Messages at work");
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  ids[0] = daybook_test_sql_count (f->diary, "SELECT id FROM messages WHERE line = 3");
  ids[1] = daybook_test_sql_count (f->diary, "SELECT id FROM messages WHERE line = 4");
  g_assert_true (daybook_diary_cite_messages (f->diary, daybook_incident_get_number (incident), ids,
                                              2, TRUE, &error));
  g_assert_no_error (error);

  cited = report_text (f, DAYBOOK_REPORT_MESSAGES_CITED);
  extracted = g_strdup_printf ("Extracted by Daybook from exhibit %s", r->mark);
  g_assert_nonnull (strstr (cited, "Message log: exhibit"));
  g_assert_nonnull (strstr (cited, extracted));
  g_assert_nonnull (strstr (cited, r->sha256));
  g_assert_nonnull (strstr (cited, "the original is the evidence"));
  g_assert_nonnull (strstr (cited, "Wednesday 1 April 2026"));
  g_assert_nonnull (strstr (cited, "10:42:00+01:00 out Alex: Leave me alone (line 3)"));
  g_assert_nonnull (strstr (cited, "11:43:00+01:00 in Sam: call, missed, 0 s (line 4)"));
  g_assert_null (strstr (cited, "I can see you"));
  g_assert_nonnull (strstr (cited, "Messages and calls"));
  g_assert_nonnull (strstr (cited, "report: 1 message and"));
  g_assert_nonnull (strstr (cited, "1 (1 missed, 0 rejected)"));

  all = report_text (f, DAYBOOK_REPORT_MESSAGES_ALL);
  g_assert_nonnull (strstr (all, "10:41:00+01:00 in Sam: I can see you [IMG-0001.jpg = "));
  g_assert_nonnull (strstr (all, "[IMG-0002.jpg: missing] (line 5)"));
  g_assert_nonnull (strstr (all, "Sam: 3 messages, 1 call"));

  none = report_text (f, DAYBOOK_REPORT_MESSAGES_NONE);
  g_assert_null (strstr (none, "Message log"));
  g_assert_null (strstr (none, "Leave me alone"));
}

/* -- through the command line, with the real parsers and their fixtures */

static int
cli (Fixture *f, char **out, char **err, ...)
{
  va_list ap;
  int status;

  g_clear_object (&f->diary);
  va_start (ap, err);
  status = daybook_test_cli_diary_valist (f->dir, TEST_PASSPHRASE "\n", out, err, ap);
  va_end (ap);
  return status;
}

static void
test_cli (Fixture *f, gconstpointer data)
{
  g_autofree char *chat
      = g_test_build_filename (G_TEST_DIST, "data", "import", "whatsapp-android-dmy-24h.txt", NULL);
  g_autofree char *ambiguous
      = g_test_build_filename (G_TEST_DIST, "data", "import", "whatsapp-ambiguous.txt", NULL);
  g_autofree char *expected_path = g_test_build_filename (
      G_TEST_DIST, "data", "import", "whatsapp-android-dmy-24h.messages.json", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *sha = NULL;
  const char *sha_argv[] = { "sha256sum", chat, NULL };

  g_assert_cmpint (cli (f, &out, &err, "import", chat, "--time-zone", "Europe/London", "--person",
                        "+44 7700 900123=Sam Example", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "source EX/1\nformat whatsapp\nmessages 10\ncalls 0\n"));
  g_assert_nonnull (strstr (out, "first 2023-03-12T09:01:00+00:00\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* What an examiner would check: the exhibit is the file. */
  g_assert_cmpint (cli (f, &out, &err, "attachments", "--json", NULL), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char **)sha_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &sum,
                               NULL, NULL, NULL));
  sha = g_strndup (sum, 64);
  g_assert_nonnull (strstr (out, sha));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli (f, &out, &err, "messages", "--json", NULL), ==, 0);
  g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (
      cli (f, &out, &err, "messages", "--person", "Sam Example", "--search", "light", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "I can see the light on"));
  g_assert_null (strstr (out, "Stop messaging me"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The same file again: recognised, nothing added. */
  g_assert_cmpint (cli (f, &out, &err, "import", chat, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "This file was already imported as exhibit EX/1; nothing was added.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A file whose dates do not prove their order: refused, exit 2, no
   * messages; with the order given, imported. */
  g_assert_cmpint (cli (f, &out, &err, "import", ambiguous, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--date-order"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, &out, &err, "import", ambiguous, "--date-order", "mdy", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "source EX/2\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Citing a message in a new entry, then the report's message log. */
  g_assert_cmpint (cli (f, &out, &err, "add", "--when", "2023-03-12T09:02", "--title",
                        "Messages about the light", "--message", "3", NULL),
                   ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, &out, &err, "messages", "--entry", "1", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "I can see the light on"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (
      cli (f, &out, &err, "add", "--title", "No such message", "--message", "999", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no message 999"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, &out, &err, "list", "--json", NULL), ==, 0);
  g_assert_null (strstr (out, "No such message"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, &out, &err, "verify", NULL), ==, 0);
}

/* -- all or nothing */

/* What an import may add to: tables, the chain, the evidence folder. */
static char *
footprint (Fixture *f)
{
  static const char *const tables[]
      = { "attachments",  "attachment_links", "message_sources",    "messages",
          "messages_fts", "people",           "person_identifiers", "revisions" };
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) files = daybook_test_list_evidence (f->dir);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      g_string_append_printf (out, "%s %" G_GINT64_FORMAT "; ", tables[i],
                              daybook_test_sql_count (f->diary, sql));
    }
  g_string_append_printf (out, "evidence files %u", files->len);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_untouched (Fixture *f, const char *before)
{
  g_autofree char *after = footprint (f);
  g_autoptr (GPtrArray) problems = verify (f);

  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* A chat with a media before and one after the record that names it, a
 * new person, and a record naming media that never comes. */
#define CHAT_ALL                                                                                   \
  "local|1775040000|message|in|Sam|+44 7700 900123|Where are you?|1||||-1\n"                       \
  "MEDIA IMG-0001.jpg\n"                                                                           \
  "local|1775040060|message|in|Sam|+44 7700 900123|I can see you|2|IMG-0001.jpg|present||-1\n"     \
  "local|1775040120|message|in|Alex||Leave me alone|3|IMG-0003.jpg|present||-1\n"                  \
  "utc|1775040180|call|in|Sam|+447700900123||4|||missed|0\n"                                       \
  "MEDIA IMG-0003.jpg\n"                                                                           \
  "local|1775040240|message|in|Sam|+44 7700 900123|Where are you?|5|IMG-0002.jpg|present||-1\n"

static void
test_cancel_anywhere (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "chat.txt", CHAT_ALL);
  g_autofree char *before = NULL;
  char *people[] = { "+44 7700 900123=Sam Example", NULL };
  DaybookImportChoices choices = { { 0 } };
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  choices.time_zone = "Europe/London";
  choices.people = people;
  before = footprint (f);
  /* After the first record, between the media and their records, after
   * the last record (before the end's updates and revision). */
  for (guint n = 1; n <= 5; n++)
    {
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();

      _daybook_import_cancel_after_for_test (n);
      r = daybook_diary_import_messages (f->diary, path, &choices, feeder, cancellable, &error);
      _daybook_import_cancel_after_for_test (0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (r);
      g_clear_error (&error);
      assert_untouched (f, before);
    }
  /* The same without the format said first: the records wait for the end. */
  test_say_format = FALSE;
  for (guint n = 1; n <= 5; n += 4)
    {
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();

      _daybook_import_cancel_after_for_test (n);
      r = daybook_diary_import_messages (f->diary, path, &choices, feeder, cancellable, &error);
      _daybook_import_cancel_after_for_test (0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      assert_untouched (f, before);
    }
  test_say_format = TRUE;

  /* A re-run then imports normally. */
  r = daybook_diary_import_messages (f->diary, path, &choices, feeder, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (r->already);
  g_assert_cmpuint (r->messages, ==, 4);
  g_assert_cmpuint (r->calls, ==, 1);
  g_assert_cmpuint (r->media, ==, 2);
  g_assert_cmpint (daybook_test_sql_count (
                       f->diary, "SELECT count(*) FROM messages WHERE media_name = 'IMG-0003.jpg'"
                                 " AND media_id IS NOT NULL AND media_state = 'present'"),
                   ==, 1);
  g_assert_cmpint (daybook_test_sql_count (
                       f->diary, "SELECT count(*) FROM messages WHERE media_name = 'IMG-0002.jpg'"
                                 " AND media_id IS NULL AND media_state = 'missing'"),
                   ==, 1);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM attachments"), ==, 3);
  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The reader that says its format first and the one that does not store
 * the same messages. */
static void
test_format_late (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "chat.txt", CHAT_ALL);
  g_autofree char *first = NULL;
  g_autofree char *late = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;

  r = import (f, path, "Europe/London", NULL, NULL, &error);
  g_assert_no_error (error);
  first = messages_json (f);
  g_clear_pointer (&r, daybook_import_result_free);
  g_clear_object (&f->diary);
  daybook_test_rm_copy (f->dir);
  g_free (f->dir);
  f->dir = daybook_test_copy_template ();
  f->diary = daybook_test_open (f->dir);

  test_say_format = FALSE;
  r = import (f, path, "Europe/London", NULL, NULL, &error);
  test_say_format = TRUE;
  g_assert_no_error (error);
  late = messages_json (f);
  g_assert_cmpstr (late, ==, first);
  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* A record the importer refuses after the media and most records were
 * stored: nothing stays. */
static void
test_late_error (Fixture *f, gconstpointer data)
{
  g_autofree char *path
      = write_file (f, "late.txt", CHAT_ALL "local|1775040300|letter|in|Sam||not a kind|6||||-1\n");
  g_autofree char *before = footprint (f);
  char *people[] = { "Sam=Sam Example", NULL };
  g_autoptr (GError) error = NULL;

  g_assert_null (import (f, path, "Europe/London", NULL, people, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 6"));
  assert_untouched (f, before);
}

/* Past the number of records an import may hold: refused, nothing stays. */
static void
test_too_many (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "chat.txt", CHAT_ALL);
  g_autofree char *before = footprint (f);
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;

  _daybook_import_set_max_records_for_test (3);
  r = import (f, path, "Europe/London", NULL, NULL, &error);
  _daybook_import_set_max_records_for_test (0);
  g_assert_null (r);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "more than 3 messages and calls"));
  assert_untouched (f, before);
}

/* The same through the real helper and parser: cancelled half way through
 * a WhatsApp chat, nothing stays; then it imports. */
static void
test_cancel_real_parser (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *before = footprint (f);
  DaybookImportChoices choices = { { 0 } };
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "%02u/03/2026, 10:%02u - Sam: message %u\n", 1 + i % 28, i % 60,
                            i);
  path = write_file (f, "WhatsApp Chat with Sam.txt", text->str);
  choices.time_zone = "Europe/London";
  for (guint n = 1; n <= 3000; n += 1499)
    {
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();

      _daybook_import_cancel_after_for_test (n);
      r = daybook_diary_import_messages (f->diary, path, &choices, NULL, cancellable, &error);
      _daybook_import_cancel_after_for_test (0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      assert_untouched (f, before);
    }
  r = daybook_diary_import_messages (f->diary, path, &choices, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->format, ==, "whatsapp");
  g_assert_cmpuint (r->messages, ==, 3000);
  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* -- killed half way */

#define KILL_RECORDS 60000

static int
child_import (const char *dir, const char *path)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  DaybookImportChoices choices = { { 0 } };
  g_autoptr (GError) error = NULL;

  choices.time_zone = "UTC";
  daybook_diary_import_messages (diary, path, &choices, feeder, NULL, &error);
  /* Reaching here means the kill came too late: the parent says so. */
  fputs ("finished\n", stdout);
  return 0;
}

static void
test_killed (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *said = NULL;

  for (guint i = 0; i < KILL_RECORDS; i++)
    {
      if (i % 1000 == 0)
        g_string_append_printf (text, "MEDIA IMG-%u.jpg\n", i);
      g_string_append_printf (text, "utc|%u|message|in|Sam||message number %u|%u||||-1\n",
                              1775040000 + i, i, i + 1);
    }
  path = write_file (f, "long.txt", text->str);
  before = footprint (f);
  g_clear_object (&f->diary);

  /* Killed with the original, 30 media and half the messages stored in
   * the transaction. */
  g_subprocess_launcher_setenv (launcher, "TEST_IMPORT_SAY_AT", "30000", TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error,
                                       g_test_get_filename (G_TEST_BUILT, "test-import", NULL),
                                       "--child-import", f->dir, path, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  said = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_cmpstr (said, ==, "at");
  g_subprocess_send_signal (child, SIGKILL);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_clear_pointer (&said, g_free);
  said = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);
  g_assert_cmpstr (said, ==, NULL);

  /* The open removes the evidence files no row names. */
  f->diary = daybook_test_open (f->dir);
  assert_untouched (f, before);
  problems = verify (f);
  g_assert_cmpuint (problems->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  if (argc == 4 && strcmp (argv[1], "--child-import") == 0)
    return child_import (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/import/exact", test_import_exact);
  ADD ("/import/reimport", test_reimport);
  ADD ("/import/writer-ignored", test_writer_ignored);
  ADD ("/import/overlap", test_overlap);
  ADD ("/import/dst", test_dst);
  ADD ("/import/people", test_people);
  ADD ("/import/verify-tamper", test_verify_tamper);
  ADD ("/import/cite", test_cite);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/bad-input", test_bad_input);
  ADD ("/import/report", test_report);
  ADD ("/import/cli", test_cli);
  ADD ("/import/killed", test_killed);
  ADD ("/import/cancel-anywhere", test_cancel_anywhere);
  ADD ("/import/format-late", test_format_late);
  ADD ("/import/late-error", test_late_error);
  ADD ("/import/too-many", test_too_many);
  ADD ("/import/cancel-real-parser", test_cancel_real_parser);
  return g_test_run ();
}
