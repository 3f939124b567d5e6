/* daybook-main-view.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_MAIN_VIEW (daybook_main_view_get_type ())

G_DECLARE_FINAL_TYPE (DaybookMainView, daybook_main_view, DAYBOOK, MAIN_VIEW, GtkWidget)

void daybook_main_view_set_diary (DaybookMainView *self, DaybookDiary *diary);
void daybook_main_view_new_incident (DaybookMainView *self);
void daybook_main_view_open_incident (DaybookMainView *self, gint64 number);
void daybook_main_view_search (DaybookMainView *self);
void daybook_main_view_save (DaybookMainView *self);
gboolean daybook_main_view_save_all (DaybookMainView *self, GError **error);
void daybook_main_view_save_all_async (DaybookMainView *self, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gboolean daybook_main_view_save_all_finish (DaybookMainView *self, GAsyncResult *result,
                                            GError **error);
gboolean daybook_main_view_has_unsaved_changes (DaybookMainView *self);
void daybook_main_view_discard (DaybookMainView *self);
void daybook_main_view_show_page (DaybookMainView *self, const char *name);
const char *daybook_main_view_get_page_name (DaybookMainView *self);
GtkWidget *daybook_main_view_get_page (DaybookMainView *self, const char *name);
void daybook_main_view_add_toast (DaybookMainView *self, AdwToast *toast);

G_END_DECLS
