/* daybook-window.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-application.h"
#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_WINDOW (daybook_window_get_type ())

G_DECLARE_FINAL_TYPE (DaybookWindow, daybook_window, DAYBOOK, WINDOW, AdwApplicationWindow)

DaybookWindow *daybook_window_new (DaybookApplication *application, const char *diary_dir);
void daybook_window_lock (DaybookWindow *self);
DaybookDiary *daybook_window_get_diary (DaybookWindow *self);
gboolean daybook_window_open_bundle (DaybookWindow *self, const char *dir, GError **error);
const char *daybook_window_get_page_name (DaybookWindow *self);
GtkWidget *daybook_window_get_page (DaybookWindow *self, const char *name);

G_END_DECLS
