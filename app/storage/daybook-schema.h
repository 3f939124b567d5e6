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

/* SQL for the name an entry wrote for one of its people, @ip being an alias
 * of incident_people: stored only where it differs from the person's name
 * in People (schema 8). */
#define DAYBOOK_SCHEMA_WRITTEN_NAME(ip)                                                            \
  "coalesce (" ip ".name, (SELECT wn.name FROM people wn WHERE wn.id = " ip ".person_id))"

int _daybook_schema_latest (void);
int _daybook_schema_version (sqlite3 *db);
gboolean _daybook_schema_migrate (sqlite3 *db, GError **error);

/* Called inside a migration's transaction, after its SQL: @version is the
 * version it brings the database to. */
typedef gboolean (*DaybookSchemaHook) (sqlite3 *db, int version, gpointer data, GError **error);
gboolean _daybook_schema_migrate_full (sqlite3 *db, DaybookSchemaHook hook, gpointer data,
                                       GError **error);
void _daybook_schema_give_back_pages (sqlite3 *db);

G_END_DECLS
