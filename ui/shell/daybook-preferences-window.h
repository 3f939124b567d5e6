/* daybook-preferences-window.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_PREFERENCES_WINDOW (daybook_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (DaybookPreferencesWindow, daybook_preferences_window, DAYBOOK,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *daybook_preferences_window_new (DaybookDiary *diary);

G_END_DECLS
