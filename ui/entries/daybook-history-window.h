/* daybook-history-window.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_HISTORY_WINDOW (daybook_history_window_get_type ())

G_DECLARE_FINAL_TYPE (DaybookHistoryWindow, daybook_history_window, DAYBOOK, HISTORY_WINDOW,
                      AdwWindow)

GtkWidget *daybook_history_window_new (GListModel *revisions);

G_END_DECLS
