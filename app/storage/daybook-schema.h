/* daybook-schema.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

int _daybook_schema_latest (void);
int _daybook_schema_version (sqlite3 *db);
gboolean _daybook_schema_migrate (sqlite3 *db, GError **error);

/* Called inside a migration's transaction, after its SQL: @version is the
 * version it brings the database to. */
typedef gboolean (*DaybookSchemaHook) (sqlite3 *db, int version, gpointer data, GError **error);
gboolean _daybook_schema_migrate_full (sqlite3 *db, DaybookSchemaHook hook, gpointer data,
                                       GError **error);

G_END_DECLS
