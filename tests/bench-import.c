/* bench-import.c — `make bench`: the import parsers against SHA-256 of the same file
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes, under the build folder, a WhatsApp chat of 100,000 messages, an
 * SMS Backup & Restore file of 200 MB and an mbox of 10,000 messages, and
 * times against `openssl dgst -sha256` of the same file (read from the same
 * page cache):
 *
 *  - the parse alone, through the sandboxed helper (daybook_import_parse(),
 *    every record checked, the sink only counting);
 *  - the whole import into a fresh diary (daybook_diary_import_messages():
 *    the original and each media stored as exhibits, every message stored,
 *    indexed and chained, one commit), then checks that it verifies.
 *
 * Prints the ratio (target ≤ 5) of wall-clock time and of CPU time (this
 * process, its threads and its children: on a shared, loaded machine the
 * wall clock measures the neighbours) and the peak resident memory of this
 * process during the import (opening the diary, Argon2id, not counted) and
 * of the largest child so far (the helper; target < 150 MiB each).
 *
 * The helper runs under its own seccomp filter and limits without
 * bubblewrap here, so that it is this process's child and its CPU time and
 * memory are counted; bubblewrap adds its start, a few milliseconds.
 *
 * After the WhatsApp chat it prints the floor (time_floor()): the CPU time
 * of storing its 100,000 messages in a bare encrypted table with the same
 * indexes and full-text index, without parsing, and without the
 * encryption or the full-text index, to tell where the time goes.
 *
 *   DAYBOOK_BENCH_SMS_MB   size of the SMS file (default 200)
 *   DAYBOOK_BENCH_ONLY     whatsapp, mbox or sms: that one alone
 *   DAYBOOK_BENCH_MBOX_N   e-mails in the mbox (default 10,000)
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include <sqlite3.h>

#include "daybook-import-parse.h"
#include "daybook-import.h"
#include "daybook-parse-client.h"
#include "daybook-test-util.h"

typedef struct
{
  guint64 records;
  guint64 media;
} Count;

static gboolean
count_record (GVariant *record, gpointer user_data, GError **error)
{
  ((Count *)user_data)->records++;
  return TRUE;
}

static gboolean
count_media (GVariant *media, gpointer user_data, GError **error)
{
  ((Count *)user_data)->media++;
  return TRUE;
}

static void
write_whatsapp (const char *path)
{
  FILE *f = fopen (path, "w");
  GDateTime *t = g_date_time_new_utc (2023, 1, 1, 8, 0, 0);

  g_assert_nonnull (f);
  for (guint i = 0; i < 100000; i++)
    {
      GDateTime *next = g_date_time_add_seconds (t, 97);

      fprintf (f,
               "%02d/%02d/%04d, %02d:%02d - %s: message %u, where are you? I know you are there\n",
               g_date_time_get_day_of_month (t), g_date_time_get_month (t),
               g_date_time_get_year (t), g_date_time_get_hour (t), g_date_time_get_minute (t),
               i % 3 == 0 ? "Jo" : "Sam Example", i);
      if (i % 10 == 0)
        fputs ("a second line of the same message\n", f);
      g_date_time_unref (t);
      t = next;
    }
  g_date_time_unref (t);
  g_assert_cmpint (fclose (f), ==, 0);
}

static void
write_sms (const char *path, guint64 bytes)
{
  FILE *f = fopen (path, "w");
  guint64 written = 0;
  guint i = 0;

  g_assert_nonnull (f);
  written += fprintf (f, "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
                         "<smses count=\"0\">\n");
  while (written < bytes)
    {
      written += fprintf (
          f,
          "  <sms protocol=\"0\" address=\"+447700900%03u\" date=\"%" G_GINT64_FORMAT
          "\" type=\"%d\" subject=\"null\" body=\"Message %u: you can't hide from me "
          "&#55357;&#56832; "
          "I will find you\" toa=\"null\" sc_toa=\"null\" service_center=\"null\" read=\"1\" "
          "status=\"-1\" locked=\"0\" date_sent=\"0\" sub_id=\"1\" readable_date=\"1 Mar 2023 "
          "10:00:00\" contact_name=\"Sam Example\" />\n",
          i % 1000, G_GINT64_CONSTANT (1677664800000) + (gint64)i * 60000, i % 4 == 0 ? 2 : 1, i);
      i++;
    }
  fputs ("</smses>\n", f);
  g_assert_cmpint (fclose (f), ==, 0);
}

static void
write_mbox (const char *path, guint n)
{
  FILE *f = fopen (path, "w");

  g_assert_nonnull (f);
  for (guint i = 0; i < n; i++)
    {
      fprintf (f,
               "From sam@example.net Wed Mar 15 08:00:00 2023\n"
               "Return-Path: <sam@example.net>\n"
               "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.net\n"
               "From: Sam Example <sam@example.net>\n"
               "To: Jo <jo@example.org>\n"
               "Subject: Message %u\n"
               "Date: Wed, 15 Mar 2023 08:%02u:00 +0000\n"
               "Message-ID: <%u@example.net>\n"
               "Content-Type: text/plain; charset=UTF-8\n"
               "\n",
               i, i % 60, i);
      for (guint l = 0; l < 12; l++)
        fprintf (f, "Line %u of message %u: I saw you today, you cannot get away from me.\n", l, i);
      fputs (">From here on it gets worse.\n\n", f);
    }
  g_assert_cmpint (fclose (f), ==, 0);
}

/* VmHWM, reset by reset_peak_rss(). */
static long
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

static void
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file != NULL)
    {
      fputs ("5", file);
      fclose (file);
    }
}

static double
cpu_seconds (void)
{
  struct rusage self, children;

  getrusage (RUSAGE_SELF, &self);
  getrusage (RUSAGE_CHILDREN, &children);
  return self.ru_utime.tv_sec + self.ru_stime.tv_sec + children.ru_utime.tv_sec
         + children.ru_stime.tv_sec
         + (self.ru_utime.tv_usec + self.ru_stime.tv_usec + children.ru_utime.tv_usec
            + children.ru_stime.tv_usec)
               / 1e6;
}

static double
time_sha256 (const char *path, double *cpu)
{
  double cpu_start = cpu_seconds ();
  const char *argv[] = { "openssl", "dgst", "-sha256", path, NULL };
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("openssl: %s", error->message);
  *cpu = cpu_seconds () - cpu_start;
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
time_parse (const char *path, Count *count, double *cpu)
{
  double cpu_start = cpu_seconds ();
  static const DaybookImportSink sink = { count_record, count_media };
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInputStream) input = g_file_read (file, NULL, &error);
  g_autoptr (GVariant) summary = NULL;
  DaybookImportOptions options = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  if (!daybook_import_parse (G_INPUT_STREAM (input), &options, &sink, count, &summary, NULL,
                             &error))
    g_error ("%s: %s", path, error->message);
  *cpu = cpu_seconds () - cpu_start;
  return (g_get_monotonic_time () - start) / 1e6;
}

/* The floor: what storing @n messages costs without any parsing, in a
 * bare SQLCipher database of the diary's page size and sync settings:
 * the messages table with its indexes (the unique digest one included)
 * and, if @fts, the full-text table; encrypted if @key. One transaction,
 * one commit, statements prepared once. Returns the CPU seconds. */
static double
time_floor (const char *dir, guint n, gboolean key, gboolean fts)
{
  g_autofree char *path = g_build_filename (dir, "floor.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL, *index = NULL;
  double start;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (key)
    g_assert_cmpint (sqlite3_exec (db,
                                   "PRAGMA key = \"x'000102030405060708090a0b0c0d0e0f"
                                   "101112131415161718191a1b1c1d1e1f'\";"
                                   "PRAGMA cipher_page_size = 4096;",
                                   NULL, NULL, NULL),
                     ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_exec (
          db,
          "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -32768;"
          "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, source_id INTEGER NOT NULL,"
          " kind TEXT NOT NULL, direction TEXT NOT NULL, sent_utc INTEGER NOT NULL,"
          " sent_offset INTEGER NOT NULL, sent_zone TEXT, time_flag TEXT NOT NULL,"
          " sender TEXT NOT NULL, address TEXT NOT NULL, person_id INTEGER,"
          " recipients TEXT NOT NULL, text TEXT NOT NULL, line INTEGER NOT NULL,"
          " media_id INTEGER, media_name TEXT NOT NULL, media_state TEXT NOT NULL,"
          " outcome TEXT NOT NULL, duration_s INTEGER, headers TEXT NOT NULL,"
          " digest BLOB NOT NULL);"
          "CREATE INDEX messages_by_time ON messages (sent_utc, id);"
          "CREATE INDEX messages_by_source ON messages (source_id, line);"
          "CREATE INDEX messages_by_person ON messages (person_id, sent_utc);"
          "CREATE UNIQUE INDEX messages_by_digest ON messages (digest);"
          "CREATE VIRTUAL TABLE messages_fts USING fts4 (sender, text,"
          " tokenize=unicode61 \"remove_diacritics=1\");",
          NULL, NULL, NULL),
      ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_prepare_v2 (db,
                          "INSERT INTO messages (source_id, kind, direction, sent_utc,"
                          " sent_offset, time_flag, sender, address, person_id, recipients,"
                          " text, line, media_name, media_state, outcome, headers, digest)"
                          " VALUES (1, 'message', 'in', ?1, 0, '', ?2, '', ?3, '', ?4, ?5,"
                          " '', '', '', '{}', ?6)",
                          -1, &insert, NULL),
      ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO messages_fts (docid, sender, text)"
                                       " VALUES (?, ?, ?)",
                                       -1, &index, NULL),
                   ==, SQLITE_OK);

  start = cpu_seconds ();
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text
          = g_strdup_printf ("message %u, where are you? I know you are there", i);
      const char *sender = i % 3 == 0 ? "Jo" : "Sam Example";
      guint8 digest[32];
      gsize digest_len = sizeof digest;
      g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

      g_checksum_update (sum, (const guchar *)text, -1);
      g_checksum_get_digest (sum, digest, &digest_len);
      sqlite3_bind_int64 (insert, 1, 1672560000 + (gint64)i * 97);
      sqlite3_bind_text (insert, 2, sender, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, 1 + i % 3);
      sqlite3_bind_text (insert, 4, text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 5, i + 1);
      sqlite3_bind_blob (insert, 6, digest, 32, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
      if (fts)
        {
          sqlite3_bind_int64 (index, 1, sqlite3_last_insert_rowid (db));
          sqlite3_bind_text (index, 2, sender, -1, SQLITE_STATIC);
          sqlite3_bind_text (index, 3, text, -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (index), ==, SQLITE_DONE);
          sqlite3_reset (index);
        }
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  start = cpu_seconds () - start;
  sqlite3_finalize (insert);
  sqlite3_finalize (index);
  sqlite3_close (db);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  return start;
}

static void
run_floor (const char *dir, double hash_cpu)
{
  const guint n = 100000;
  static const struct
  {
    const char *what;
    gboolean key, fts;
  } cases[] = {
    { "encrypted, with the full-text index (as the diary)", TRUE, TRUE },
    { "encrypted, without the full-text index", TRUE, FALSE },
    { "not encrypted, with the full-text index", FALSE, TRUE },
    { "not encrypted, without the full-text index", FALSE, FALSE },
  };

  g_print ("floor: storing 100,000 messages, no parsing, no chain, no people"
           " (the WhatsApp chat's sha256: CPU %.2f s)\n",
           hash_cpu);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double cpu = time_floor (dir, n, cases[i].key, cases[i].fts);

      g_print ("  %-52s CPU %.2f s, %.1f us a message (%.0fx the sha256)\n", cases[i].what, cpu,
               cpu * 1e6 / n, cpu / MAX (hash_cpu, 0.001));
    }
}

static const char *
verdict (gboolean met)
{
  return met ? "met" : "NOT met";
}

/* The whole import into a fresh diary; checks it verifies. */
static double
time_import (const char *path, guint64 expected, double *cpu, long *rss_kib)
{
  g_autofree char *dir = daybook_test_copy_fast_template ();
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (DaybookImportResult) result = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  DaybookImportChoices choices = { { 0 } };
  double cpu_start;
  gint64 start;

  choices.time_zone = "Europe/London";
  reset_peak_rss ();
  cpu_start = cpu_seconds ();
  start = g_get_monotonic_time ();
  result = daybook_diary_import_messages (diary, path, &choices, NULL, NULL, &error);
  if (result == NULL)
    g_error ("%s: %s", path, error->message);
  *cpu = cpu_seconds () - cpu_start;
  *rss_kib = peak_rss_kib ();
  start = g_get_monotonic_time () - start;
  if (expected > 0 && result->messages + result->calls != expected)
    g_error ("%s: %u stored, %" G_GUINT64_FORMAT " expected", path,
             result->messages + result->calls, expected);
  if (!daybook_diary_verify (diary, &problems, &error) || problems->len > 0)
    g_error ("%s: the diary does not verify after the import", path);
  g_clear_object (&diary);
  daybook_test_rm_copy (dir);
  return start / 1e6;
}

static void
run (const char *what, const char *path, guint64 expected)
{
  struct stat st;
  Count count = { 0, 0 };
  double hash, parse, import, hash_cpu, parse_cpu, import_cpu;
  struct rusage children;
  long import_rss;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  /* Both read the file from the page cache: warm it once. */
  time_sha256 (path, &hash_cpu);
  hash = time_sha256 (path, &hash_cpu);
  parse = time_parse (path, &count, &parse_cpu);
  if (expected > 0 && count.records != expected)
    g_error ("%s: %" G_GUINT64_FORMAT " records, %" G_GUINT64_FORMAT " expected", what,
             count.records, expected);
  import = time_import (path, count.records, &import_cpu, &import_rss);
  getrusage (RUSAGE_CHILDREN, &children);
  g_print ("import %s: %.1f MB, %" G_GUINT64_FORMAT " records, %" G_GUINT64_FORMAT " media\n"
           "  sha256 (reference):   wall %.2f s, CPU %.2f s\n"
           "  parse only (helper):  wall %.2f s (%.1fx), CPU %.2f s (%.1fx)\n"
           "  whole import:         wall %.2f s (%.1fx), CPU %.2f s (%.1fx): target <= 5x %s\n"
           "  peak RSS: Daybook %ld MiB during the import, largest child (the helper) %ld MiB: "
           "target < 150 MiB %s\n",
           what, st.st_size / 1e6, count.records, count.media, hash, hash_cpu, parse,
           parse / MAX (hash, 0.001), parse_cpu, parse_cpu / MAX (hash_cpu, 0.001), import,
           import / MAX (hash, 0.001), import_cpu, import_cpu / MAX (hash_cpu, 0.001),
           verdict (import_cpu <= 5 * hash_cpu && import <= 5 * hash), import_rss / 1024,
           children.ru_maxrss / 1024,
           verdict (import_rss < 150 * 1024 && children.ru_maxrss < 150 * 1024));
}

int
main (int argc, char **argv)
{
  g_autofree char *here = g_path_get_dirname (argv[0]);
  g_autofree char *dir = g_build_filename (here, "bench-import-data", NULL);
  g_autofree char *chat = g_build_filename (dir, "chat.txt", NULL);
  g_autofree char *sms = g_build_filename (dir, "sms.xml", NULL);
  g_autofree char *mbox = g_build_filename (dir, "mail.mbox", NULL);
  const char *mb = g_getenv ("DAYBOOK_BENCH_SMS_MB");
  const char *only = g_getenv ("DAYBOOK_BENCH_ONLY");

  g_test_init (&argc, &argv, NULL);

  /* The helper of this build, unless one is named. */
  if (g_getenv ("DAYBOOK_PARSE_HELPER") == NULL)
    {
      g_autofree char *helper
          = g_build_filename (here, "..", "app", "import", "daybook-parse", NULL);
      g_autofree char *absolute = g_canonicalize_filename (helper, NULL);

      g_setenv ("DAYBOOK_PARSE_HELPER", absolute, TRUE);
    }
  _daybook_parse_set_sandbox_for_tests (DAYBOOK_SANDBOX_FORK);
  g_mkdir_with_parents (dir, 0700);
  if (only == NULL || strcmp (only, "whatsapp") == 0)
    {
      double hash_cpu;

      write_whatsapp (chat);
      run ("WhatsApp, 100,000 messages", chat, 100000);
      time_sha256 (chat, &hash_cpu);
      run_floor (dir, hash_cpu);
      g_unlink (chat);
    }
  if (only == NULL || strcmp (only, "mbox") == 0)
    {
      const char *n_text = g_getenv ("DAYBOOK_BENCH_MBOX_N");
      guint n = n_text != NULL ? (guint)g_ascii_strtoull (n_text, NULL, 10) : 10000;
      g_autofree char *what = g_strdup_printf ("mbox, %u messages", n);

      write_mbox (mbox, n);
      run (what, mbox, n);
      g_unlink (mbox);
    }
  if (only == NULL || strcmp (only, "sms") == 0)
    {
      write_sms (sms, (guint64)(mb != NULL ? g_ascii_strtoull (mb, NULL, 10) : 200) * 1000 * 1000);
      run ("SMS Backup & Restore", sms, 0);
      g_unlink (sms);
    }
  g_rmdir (dir);
  return 0;
}
