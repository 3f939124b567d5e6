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

/* A copy of the template diary, open, and a window over it (made by the
 * test, or by its own set-up); the teardown destroys the window, closes the
 * diary and removes the copy. A test's own fixture may start with one. */

typedef struct
{
  char *dir;
  DaybookDiary *diary;
  DaybookWindow *window;
} DaybookTestWindowFixture;

void daybook_test_window_fixture_setup (DaybookTestWindowFixture *f, gconstpointer data);
void daybook_test_window_fixture_teardown (DaybookTestWindowFixture *f, gconstpointer data);

/* Every page of the unlocked window's main view, each shown in turn */

typedef void (*DaybookTestPageFunc) (GtkWidget *page, const char *name, gpointer data);

gboolean daybook_test_page_shown (gpointer page);
void daybook_test_walk_main_pages (DaybookWindow *window, DaybookTestPageFunc func, gpointer data);

/* With DAYBOOK_SCREENSHOTS=DIR, saves what @window shows as DIR/NAME */

void daybook_test_screenshot (GtkWidget *window, const char *name);

G_END_DECLS
