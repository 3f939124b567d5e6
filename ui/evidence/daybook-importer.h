/* daybook-importer.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-attachment.h"
#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_IMPORTER (daybook_importer_get_type ())

G_DECLARE_FINAL_TYPE (DaybookImporter, daybook_importer, DAYBOOK, IMPORTER, GObject)

DaybookImporter *daybook_importer_new (void);
void daybook_importer_add_files (DaybookImporter *self, DaybookDiary *diary, GList *files,
                                 gint64 number);
void daybook_importer_add_bytes (DaybookImporter *self, DaybookDiary *diary, GBytes *bytes,
                                 const char *name, gint64 number);
void daybook_importer_cancel (DaybookImporter *self);
gboolean daybook_importer_is_busy (DaybookImporter *self);
double daybook_importer_get_fraction (DaybookImporter *self);
const char *daybook_importer_get_current_name (DaybookImporter *self);
char *daybook_importer_dup_screenshot_name (GDateTime *when);
GPtrArray *daybook_importer_take_originals (DaybookImporter *self);

G_END_DECLS
