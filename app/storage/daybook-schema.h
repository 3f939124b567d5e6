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

G_END_DECLS
