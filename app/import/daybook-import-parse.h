/* daybook-import-parse.h — parsing an export in the sandboxed helper, checked
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-import-records.h"

G_BEGIN_DECLS

gboolean daybook_import_parse (GInputStream *input, const DaybookImportOptions *options,
                               const DaybookImportSink *sink, gpointer user_data,
                               GVariant **summary, GCancellable *cancellable, GError **error);

gboolean daybook_import_record_check (GVariant *record, GError **error);
gboolean daybook_import_media_check (GVariant *media, GError **error);
gboolean daybook_import_summary_check (GVariant *summary, GError **error);
char *daybook_import_skip_reason (const char *wire, gboolean translate);

G_END_DECLS
