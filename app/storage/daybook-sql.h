/* daybook-sql.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean _daybook_sql_error (sqlite3 *db, int rc, GError **error);
gboolean _daybook_sql_exec (sqlite3 *db, const char *sql, GError **error);
sqlite3_stmt *_daybook_sql_prepare (sqlite3 *db, const char *sql, GError **error);
gboolean _daybook_sql_step_done (sqlite3 *db, sqlite3_stmt *stmt, GError **error);
const char *_daybook_sql_text (sqlite3_stmt *stmt, int col);
int _daybook_sql_int (sqlite3 *db, const char *sql, int fallback);

typedef sqlite3_stmt *DaybookStmt;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (DaybookStmt, sqlite3_finalize, NULL)

G_END_DECLS
