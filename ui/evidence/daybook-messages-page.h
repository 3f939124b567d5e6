/* daybook-messages-page.h — imported messages and calls, read as transcripts
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-messages.h"
#include "daybook-page.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_MESSAGES_PAGE (daybook_messages_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookMessagesPage, daybook_messages_page, DAYBOOK, MESSAGES_PAGE, GtkWidget)

void daybook_messages_page_reload (DaybookMessagesPage *self);
GtkSelectionModel *daybook_messages_page_get_selection (DaybookMessagesPage *self);
gint64 daybook_messages_page_new_entry (DaybookMessagesPage *self, GError **error);
gboolean daybook_messages_page_add_to_entry (DaybookMessagesPage *self, gint64 number,
                                             GError **error);
char *daybook_message_dup_accessible_text (const DaybookMessage *message);
gboolean daybook_messages_page_import_files (DaybookMessagesPage *self, GList *files);
GtkWindow *daybook_messages_page_get_import_dialog (DaybookMessagesPage *self);
gboolean daybook_messages_page_is_loading (DaybookMessagesPage *self);
void _daybook_messages_page_delay_next_load_for_test (DaybookMessagesPage *self, guint ms);

G_END_DECLS
