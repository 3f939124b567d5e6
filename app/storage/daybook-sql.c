/* daybook-sql.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-sql"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-error.h"
#include "daybook-sql.h"

/*
 * Small helpers around SQLite's C API, shared by every part of the core
 * that runs SQL: one place turns a result code into a plain sentence.
 */

/**
 * _daybook_sql_error:
 *
 * Turns a SQLite result code into a plain sentence. A database that is not a
 * database, or is corrupt, after the key unwrapped correctly is damaged or
 * tampered with: exit code 4.
 *
 * Returns: %FALSE, always, for `return _daybook_sql_error (…)`
 */
gboolean
_daybook_sql_error (sqlite3 *db, int rc, GError **error)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   _ ("The diary is damaged or has been tampered with. Restore it from a backup."));
      break;
    case SQLITE_FULL:
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
          _ ("The disk is full. Free some space and try again; nothing saved before was lost."));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_BUSY,
                   _ ("The diary is busy in another program. Try again in a moment."));
      break;
    case SQLITE_IOERR:
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("The diary could not be read or written (input/output error). Check the disk "
                      "and try again."));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("The diary files cannot be opened for writing. Check their permissions."));
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("That change conflicts with what is already in the diary."));
      break;
    default:
      /* The message from SQLite never contains diary content. */
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED, _ ("Database error: %s."),
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }
  return FALSE;
}

gboolean
_daybook_sql_exec (sqlite3 *db, const char *sql, GError **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}

sqlite3_stmt *
_daybook_sql_prepare (sqlite3 *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _daybook_sql_error (db, rc, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

gboolean
_daybook_sql_step_done (sqlite3 *db, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}

/* Never NULL: absent text reads as "". */
const char *
_daybook_sql_text (sqlite3_stmt *stmt, int col)
{
  const char *text = (const char *)sqlite3_column_text (stmt, col);

  return text != NULL ? text : "";
}

/* The first column of the first row of @sql (a pragma, a count), or
 * @fallback where there is none or it fails. */
int
_daybook_sql_int (sqlite3 *db, const char *sql, int fallback)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, sql, NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0)
                                                           : fallback;
}
