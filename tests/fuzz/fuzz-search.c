/* fuzz-search.c — what a person types into search is never query syntax
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "daybook-query.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static sqlite3 *db;
  static sqlite3_stmt *stmt;
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_autofree char *query = daybook_fts_query_from_text (text);
  int rc;

  if (db == NULL)
    {
      g_assert (sqlite3_open (":memory:", &db) == SQLITE_OK);
      g_assert (
          sqlite3_exec (
              db,
              "CREATE VIRTUAL TABLE t USING fts4 (a, tokenize=unicode61 \"remove_diacritics=1\");"
              "INSERT INTO t VALUES ('the quick brown fox near the café');",
              NULL, NULL, NULL)
          == SQLITE_OK);
      g_assert (sqlite3_prepare_v2 (db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &stmt, NULL)
                == SQLITE_OK);
    }

  if (query == NULL)
    return 0;

  /* Whatever was typed, the translated query is valid FTS4. */
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  g_assert (rc == SQLITE_ROW);
  return 0;
}
