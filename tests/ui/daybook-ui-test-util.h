/* daybook-ui-test-util.h — finding, driving and waiting for the window in
 * widget tests
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-application.h"
#include "daybook-diary.h"
#include "daybook-test-util.h"
#include "daybook-window.h"

G_BEGIN_DECLS

/* Waiting */

typedef gboolean (*DaybookTestCondition) (gpointer data);

void daybook_test_wait_for (DaybookTestCondition condition, gpointer data, const char *what);
void daybook_test_spin (guint ms);

/* Finding widgets below @root (depth first, @root included) */

GtkWidget *daybook_test_find_id (GtkWidget *root, const char *id);
GtkWidget *daybook_test_need (GtkWidget *root, const char *id);
GtkWidget *daybook_test_find_type (GtkWidget *root, GType type);
void daybook_test_collect_type (GtkWidget *root, GType type, GPtrArray *out);
GtkWidget *daybook_test_find_css (GtkWidget *root, const char *css_class);
GtkWidget *daybook_test_find_action (GtkWidget *root, const char *action);
gboolean daybook_test_shows_label (GtkWidget *root, const char *text);
GtkWindow *daybook_test_find_toplevel (GType type);

/* Typing into the widget with template id @id below @root */

void daybook_test_set_text (GtkWidget *root, const char *id, const char *text);
const char *daybook_test_get_text (GtkWidget *root, const char *id);

/* The application and its window */

DaybookApplication *daybook_test_application_new (void);
DaybookWindow *daybook_test_window_new (DaybookApplication *app, const char *dir);
void daybook_test_window_unlocked (DaybookWindow *window, DaybookDiary *diary);
void daybook_test_window_destroy (DaybookWindow **window);
GtkWidget *daybook_test_main_page (DaybookWindow *window, const char *name);
gboolean daybook_test_window_is_unlocked (gpointer window);
gboolean daybook_test_window_is_damaged (gpointer window);

/* With DAYBOOK_SCREENSHOTS=DIR, saves what @window shows as DIR/NAME */

void daybook_test_screenshot (GtkWidget *window, const char *name);

G_END_DECLS
