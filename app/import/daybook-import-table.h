/* daybook-import-table.h — a spreadsheet diary's rows become entries
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-messages.h"

G_BEGIN_DECLS

/* With the diary's lock held, inside the import's transaction: makes the
 * entry of table row @row (just stored as message @message_id), citing
 * it, and counts it in @entries. See the note atop daybook-import-table.c. */
gboolean _daybook_import_table_add_entry (DaybookDiary *diary, const DaybookMessage *row,
                                          gint64 message_id, guint *entries, GError **error);

G_END_DECLS
