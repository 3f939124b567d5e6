/* bench-disk.c — where a diary's bytes on disk go, table by table
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-disk DIARY_DIR PASSPHRASE
 *
 * SQLCipher 3.4.1 is built without the dbstat table, so the bytes of each
 * table and index are counted two ways: the bytes its rows hold (the sum
 * of the lengths of every column), and the pages it takes when copied
 * alone into a plain temporary database beside it (a table as a table, an
 * index as the same index over a copy of its table, minus the copy). The
 * text is what the user wrote: every text field of every entry. Prints
 * figures; asserts nothing.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "daybook-diary-private.h"
#include "daybook-fileutil.h"
#include "daybook-test-util.h"

static gint64
scalar (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
exec (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_printerr ("bench-disk: %s: %s\n", sql, message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* The sum of the lengths of every column of @table. */
static gint64
row_bytes (sqlite3 *db, const char *table)
{
  g_autofree char *info = g_strdup_printf ("PRAGMA main.table_info(\"%s\")", table);
  g_autoptr (GString) sql = g_string_new ("SELECT 0");
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, info, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (sql, " + coalesce(sum(length(\"%s\")), 0)",
                            (const char *)sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  g_string_append_printf (sql, " FROM main.\"%s\"", table);
  return scalar (db, sql->str);
}

static gint64
scratch_pages (sqlite3 *db)
{
  return scalar (db, "PRAGMA scratch.page_count") - scalar (db, "PRAGMA scratch.freelist_count");
}

int
main (int argc, char **argv)
{
  g_autoptr (DaybookSecret) pass = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *scratch_dir = NULL;
  g_autofree char *scratch = NULL;
  char *attach = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;
  gint64 page_size, text, entries, total_pages;

  if (argc != 3)
    {
      g_printerr ("usage: bench-disk DIARY_DIR PASSPHRASE\n");
      return 2;
    }
  pass = daybook_test_secret (argv[2]);
  diary = daybook_diary_open (argv[1], pass, &error);
  if (diary == NULL)
    {
      g_printerr ("bench-disk: %s\n", error->message);
      return 1;
    }
  db_path = g_build_filename (argv[1], "diary.db", NULL);
  g_assert_cmpint (g_stat (db_path, &st), ==, 0);

  _daybook_diary_lock (diary);
  db = _daybook_diary_get_db (diary);
  page_size = scalar (db, "PRAGMA main.page_size");
  total_pages = scalar (db, "PRAGMA main.page_count");
  entries = scalar (db, "SELECT count(*) FROM incidents");
  text = scalar (db, "SELECT sum(length(CAST(title AS BLOB)) + length(CAST(narrative AS BLOB))"
                     " + length(CAST(location AS BLOB)) + length(CAST(impact AS BLOB))"
                     " + length(CAST(police_ref AS BLOB)) + length(CAST(police_officer AS BLOB))"
                     " + length(CAST(private_notes AS BLOB))) FROM incidents");

  g_print ("Where the bytes of a %" G_GINT64_FORMAT "-entry diary go\n", entries);
  g_print ("diary.db %" G_GINT64_FORMAT " bytes: %" G_GINT64_FORMAT " pages of %" G_GINT64_FORMAT
           ", %" G_GINT64_FORMAT " free; text written %" G_GINT64_FORMAT
           " bytes; %.2f times the text (target <= 3)\n",
           (gint64)st.st_size, total_pages, page_size, scalar (db, "PRAGMA main.freelist_count"),
           text, (double)st.st_size / MAX (text, 1));

  /* A plain scratch database with the same page size, in a private folder. */
  scratch_dir = daybook_test_make_tmpdir ();
  scratch = g_build_filename (scratch_dir, "scratch.db", NULL);
  /* An empty file: the diary's connection is not allowed to create one. */
  g_assert_true (g_file_set_contents (scratch, "", 0, NULL));
  attach = sqlite3_mprintf ("ATTACH DATABASE %Q AS scratch KEY ''", scratch);
  if (!exec (db, attach))
    return 1;
  sqlite3_free (attach);
  {
    g_autofree char *ps
        = g_strdup_printf ("PRAGMA scratch.page_size = %" G_GINT64_FORMAT, page_size);
    exec (db, ps);
  }

  g_print ("%-34s %8s %12s %8s %10s %8s\n", "table or index", "rows", "row bytes", "pages", "bytes",
           "/ entry");
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT type, name, tbl_name, sql FROM main.sqlite_master"
                                       " WHERE type IN ('table', 'index') AND sql IS NOT NULL"
                                       " AND name NOT LIKE 'sqlite_%' ORDER BY tbl_name, type DESC",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  {
    g_autoptr (GPtrArray) rows_of_master = g_ptr_array_new_with_free_func (g_free);

    while (sqlite3_step (stmt) == SQLITE_ROW)
      for (int c = 0; c < 4; c++)
        g_ptr_array_add (rows_of_master, g_strdup ((const char *)sqlite3_column_text (stmt, c)));
    sqlite3_finalize (stmt);
    stmt = NULL;
    /* The copies leave the tables they refer to behind. */
    exec (db, "PRAGMA foreign_keys = OFF");

    for (guint m = 0; m + 3 < rows_of_master->len; m += 4)
      {
        const char *type = rows_of_master->pdata[m];
        const char *name = rows_of_master->pdata[m + 1];
        const char *table = rows_of_master->pdata[m + 2];
        const char *sql = rows_of_master->pdata[m + 3];
        gboolean is_index = g_str_equal (type, "index");
        g_autofree char *copy = NULL;
        g_autofree char *label = is_index ? g_strdup_printf ("  index %s", name) : g_strdup (name);
        gint64 before, pages, rows, bytes;

        if (g_str_has_prefix (sql, "CREATE VIRTUAL"))
          continue; /* its shadow tables are counted */
        exec (db, "DROP TABLE IF EXISTS scratch.t");
        before = scratch_pages (db);
        /* The table's own definition (so WITHOUT ROWID stays so), then its rows. */
        {
          g_autofree char *table_sql = NULL;
          sqlite3_stmt *t = NULL;
          g_autofree char *q = g_strdup_printf (
              "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = '%s'", table);

          sqlite3_prepare_v2 (db, q, -1, &t, NULL);
          if (sqlite3_step (t) == SQLITE_ROW)
            {
              const char *s = (const char *)sqlite3_column_text (t, 0);
              const char *paren = strchr (s, '(');
              table_sql = g_strdup_printf ("CREATE TABLE scratch.t %s", paren);
            }
          sqlite3_finalize (t);
          if (table_sql == NULL || !exec (db, table_sql))
            continue;
        }
        copy = g_strdup_printf ("INSERT INTO scratch.t SELECT * FROM main.\"%s\"", table);
        exec (db, copy);
        pages = scratch_pages (db) - before;
        if (is_index)
          {
            /* The index's definition on the copy. */
            const char *on = strstr (sql, " ON ");
            const char *cols = on != NULL ? strchr (on, '(') : NULL;
            g_autofree char *index_sql = NULL;
            gint64 with_table = scratch_pages (db);

            if (cols == NULL)
              continue;
            index_sql = g_strdup_printf ("CREATE %sINDEX scratch.i ON t %s",
                                         strstr (sql, "UNIQUE") != NULL ? "UNIQUE " : "", cols);
            if (!exec (db, index_sql))
              continue;
            pages = scratch_pages (db) - with_table;
            exec (db, "DROP INDEX scratch.i");
          }
        rows = scalar (db, "SELECT count(*) FROM scratch.t");
        bytes = is_index ? 0 : row_bytes (db, table);
        g_print ("%-34s %8" G_GINT64_FORMAT " %12" G_GINT64_FORMAT " %8" G_GINT64_FORMAT
                 " %10" G_GINT64_FORMAT " %8.0f\n",
                 label, rows, bytes, pages, pages * page_size,
                 (double)pages * page_size / MAX (entries, 1));
      }
  }
  exec (db, "PRAGMA foreign_keys = ON");

  /* One cure weighed: each stored snapshot compressed alone (zlib, as
   * a column could hold it; the chain would still hash the JSON). */
  {
    GZlibCompressor *z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 6);
    gint64 plain = 0, packed = 0;
    guint8 buf[65536];

    g_assert_cmpint (
        sqlite3_prepare_v2 (db, "SELECT snapshot FROM revisions WHERE snapshot IS NOT NULL", -1,
                            &stmt, NULL),
        ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        const void *in = sqlite3_column_blob (stmt, 0);
        gsize len = sqlite3_column_bytes (stmt, 0), read = 0, written = 0;

        g_converter_reset (G_CONVERTER (z));
        if (g_converter_convert (G_CONVERTER (z), in, len, buf, sizeof buf,
                                 G_CONVERTER_INPUT_AT_END, &read, &written, NULL)
            == G_CONVERTER_FINISHED)
          packed += written;
        else
          packed += len;
        plain += len;
      }
    sqlite3_finalize (stmt);
    g_object_unref (z);
    g_print ("stored snapshots: %" G_GINT64_FORMAT " bytes of JSON; each compressed alone "
             "(zlib): %" G_GINT64_FORMAT " bytes (%.0f %%)\n",
             plain, packed, 100.0 * packed / MAX (plain, 1));
  }
  /* Schema 7: an entry's latest revision keeps no snapshot; it is rebuilt
   * from the entry's row. What is stored, and what is not. */
  {
    gint64 not_stored = scalar (db, "SELECT count(*) FROM revisions WHERE snapshot IS NULL");
    gint64 latest_stored
        = scalar (db, "SELECT count(*) FROM revisions r WHERE r.entity = 'incident'"
                      " AND r.snapshot IS NOT NULL AND r.revision = (SELECT max(l.revision)"
                      " FROM revisions l WHERE l.entity = 'incident'"
                      " AND l.entity_id = r.entity_id)");
    gint64 stored = scalar (db, "SELECT coalesce(sum(length(CAST(snapshot AS BLOB))), 0)"
                                " FROM revisions");

    g_print ("latest snapshots: %" G_GINT64_FORMAT " entries' latest ones rebuilt from their"
             " rows (not stored), %" G_GINT64_FORMAT " latest ones stored (their row did not"
             " rebuild them byte for byte); %" G_GINT64_FORMAT " bytes of older versions and"
             " other records stored\n",
             not_stored, latest_stored, stored);
  }
  exec (db, "DETACH DATABASE scratch");
  _daybook_diary_unlock (diary);
  daybook_diary_close (diary);
  daybook_test_rm_rf (scratch_dir);

  /* What the diary takes once closed (its write-ahead log folded in), the
   * file beside the first line's, which was read while it was open. */
  {
    g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
    gint64 size, wal = 0;

    g_assert_cmpint (g_stat (db_path, &st), ==, 0);
    size = (gint64)st.st_size;
    if (g_stat (wal_path, &st) == 0)
      wal = (gint64)st.st_size;
    g_print ("on disk: diary.db %" G_GINT64_FORMAT " bytes and its log %" G_GINT64_FORMAT
             " bytes for %" G_GINT64_FORMAT
             " bytes of text: %.2f times the text (target <= 3: %s)\n",
             size, wal, text, (double)(size + wal) / MAX (text, 1),
             size + wal <= 3 * text ? "met" : "not met");
  }
  return 0;
}
