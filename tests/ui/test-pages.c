/* test-pages.c — the main view's pages, through the DaybookPage interface
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. Every page of the main view is a DaybookPage; what the
 * view asks of all of them (the folding, unsaved changes, saving before a
 * lock, discarding) reaches the page that has something to save.
 */

#include "config.h"

#include "daybook-application.h"
#include "daybook-history-window.h"
#include "daybook-incident-editor.h"
#include "daybook-main-view.h"
#include "daybook-page.h"
#include "daybook-test-util.h"
#include "daybook-window.h"
#include "daybook-ui-test-util.h"

static DaybookApplication *app;

static const char *const page_names[] = { "timeline", "editor", "overview", "people", "orders",
                                          "contacts", "case",   "evidence", "report" };

typedef struct
{
  char *dir;
  DaybookDiary *diary;
  DaybookWindow *window;
  DaybookMainView *view;
} Fixture;

/* Helpers */

static GtkWidget *
first_of_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* The case page's first row: the owner's name. */
static GtkEditable *
case_name_row (Fixture *f)
{
  GtkWidget *page = daybook_main_view_get_page (f->view, "case");
  GtkWidget *row = first_of_type (page, ADW_TYPE_ENTRY_ROW);

  g_assert_nonnull (row);
  return GTK_EDITABLE (row);
}

static void
saved_all_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_main_view_save_all_finish (DAYBOOK_MAIN_VIEW (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

/* Fixture: the window unlocked on a fresh diary. */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
  f->diary = daybook_test_open (f->dir);
  f->window = daybook_window_new (app, f->dir);
  gtk_window_present (GTK_WINDOW (f->window));
  daybook_test_spin (100);
  g_signal_emit_by_name (daybook_window_get_page (f->window, "unlock"), "unlocked", f->diary);
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "main");
  f->view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  daybook_test_spin (50);
  g_clear_object (&f->diary);
  daybook_test_rm_rf (parent);
  g_free (f->dir);
}

/* Tests */

static void
test_all_pages (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      GtkWidget *page = daybook_main_view_get_page (f->view, page_names[i]);

      g_test_message ("page %s", page_names[i]);
      g_assert_nonnull (page);
      g_assert_true (DAYBOOK_IS_PAGE (page));
      g_assert_nonnull (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "folded"));
      /* Nothing typed yet. */
      g_assert_false (daybook_page_has_unsaved_changes (DAYBOOK_PAGE (page)));
    }
}

static void
test_folded (Fixture *f, gconstpointer data)
{
  DaybookPage *page = DAYBOOK_PAGE (daybook_main_view_get_page (f->view, "people"));
  guint notified = 0;
  gboolean folded = TRUE;

  g_signal_connect (page, "notify::folded", G_CALLBACK (count_notify_cb), &notified);
  daybook_page_set_folded (page, FALSE);
  daybook_page_set_folded (page, TRUE);
  daybook_page_set_folded (page, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (page, "folded", &folded, NULL);
  g_assert_true (folded);
  g_object_set (page, "folded", FALSE, NULL);
  g_assert_false (daybook_page_get_folded (page));
  g_assert_cmpuint (notified, ==, 2);
  g_signal_handlers_disconnect_by_func (page, count_notify_cb, &notified);
}

/* The view's unsaved changes are its pages'; saving them all reaches
 * the page, and the diary has what was typed. */
static void
test_save_all (Fixture *f, gconstpointer data)
{
  DaybookPage *page = DAYBOOK_PAGE (daybook_main_view_get_page (f->view, "case"));
  g_autoptr (GError) error = NULL;
  g_autofree char *stored = NULL;

  daybook_main_view_show_page (f->view, "case");
  g_assert_false (daybook_main_view_has_unsaved_changes (f->view));
  gtk_editable_set_text (case_name_row (f), "Robin Example");
  g_assert_true (daybook_page_has_unsaved_changes (page));
  g_assert_true (daybook_main_view_has_unsaved_changes (f->view));

  g_assert_true (daybook_main_view_save_all (f->view, &error));
  g_assert_no_error (error);
  g_assert_false (daybook_page_has_unsaved_changes (page));
  g_assert_false (daybook_main_view_has_unsaved_changes (f->view));
  stored = daybook_diary_dup_setting (f->diary, DAYBOOK_SETTING_OWNER_NAME);
  g_assert_cmpstr (stored, ==, "Robin Example");
}

/* Ctrl+S goes to the visible page: the case details are saved at once. */
static void
test_save_visible (Fixture *f, gconstpointer data)
{
  g_autofree char *stored = NULL;

  GtkWidget *save_button
      = daybook_test_need (daybook_main_view_get_page (f->view, "case"), "save_button");

  daybook_main_view_show_page (f->view, "case");
  g_assert_false (gtk_widget_has_css_class (save_button, "suggested-action"));
  gtk_editable_set_text (case_name_row (f), "Robin Example");
  g_assert_true (gtk_widget_has_css_class (save_button, "suggested-action"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  g_assert_false (daybook_main_view_has_unsaved_changes (f->view));
  /* Nothing is left to save: the button is no longer highlighted. */
  g_assert_false (gtk_widget_has_css_class (save_button, "suggested-action"));
  stored = daybook_diary_dup_setting (f->diary, DAYBOOK_SETTING_OWNER_NAME);
  g_assert_cmpstr (stored, ==, "Robin Example");
}

static void
test_discard (Fixture *f, gconstpointer data)
{
  DaybookPage *page = DAYBOOK_PAGE (daybook_main_view_get_page (f->view, "case"));
  g_autofree char *stored = NULL;

  daybook_main_view_show_page (f->view, "case");
  gtk_editable_set_text (case_name_row (f), "Not to be kept");
  g_assert_true (daybook_main_view_has_unsaved_changes (f->view));
  daybook_main_view_discard (f->view);
  g_assert_false (daybook_page_has_unsaved_changes (page));
  g_assert_cmpstr (gtk_editable_get_text (case_name_row (f)), ==, "");
  stored = daybook_diary_dup_setting (f->diary, DAYBOOK_SETTING_OWNER_NAME);
  g_assert_true (stored == NULL || *stored == '\0');
}

/* Saving all without blocking waits for the editor's save under way in
 * the background, then saves what was typed meanwhile: one entry, all of
 * it. */
static void
test_save_all_async (Fixture *f, gconstpointer data)
{
  DaybookIncidentEditor *editor
      = DAYBOOK_INCIDENT_EDITOR (daybook_main_view_get_page (f->view, "editor"));
  GtkWidget *title = first_of_type (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW);
  g_autoptr (DaybookIncident) stored = NULL;
  g_autoptr (GError) error = NULL;
  guint before = daybook_diary_count_incidents (f->diary);
  gboolean done = FALSE;

  daybook_main_view_new_incident (f->view);
  gtk_editable_set_text (GTK_EDITABLE (title), "Saved in the background");
  daybook_main_view_save (f->view);
  g_assert_true (daybook_incident_editor_is_saving (editor));
  gtk_editable_set_text (GTK_EDITABLE (title), "Saved in the background, then again");
  g_assert_true (daybook_main_view_has_unsaved_changes (f->view));

  daybook_main_view_save_all_async (f->view, NULL, saved_all_cb, &done);
  g_assert_false (done);
  daybook_test_wait_for (is_true, &done, "saving all");
  g_assert_false (daybook_incident_editor_is_saving (editor));
  g_assert_false (daybook_main_view_has_unsaved_changes (f->view));

  g_assert_cmpuint (daybook_diary_count_incidents (f->diary), ==, before + 1);
  stored
      = daybook_diary_get_incident (f->diary, daybook_incident_editor_get_number (editor), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (stored), ==, "Saved in the background, then again");
}

/* Counts the history window's rows, and those that say the clock was set
 * back. */
static void
count_rows (GtkWidget *widget, guint *rows, guint *set_back)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));

      (*rows)++;
      if (subtitle != NULL && strstr (subtitle, "Clock set back") != NULL)
        (*set_back)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_rows (child, rows, set_back);
}

static void
test_history_clock_set_back (void)
{
  g_autoptr (GListStore) store = g_list_store_new (DAYBOOK_TYPE_REVISION);
  g_autoptr (DaybookRevision) first
      = daybook_revision_new (1, "create", 1767261600, "{\"title\":\"a\"}", "00");
  g_autoptr (DaybookRevision) second
      = daybook_revision_new (2, "edit", 1767261600 - 7 * 86400, "{\"title\":\"b\"}", "11");
  GtkWidget *window;
  guint rows = 0, set_back = 0;

  daybook_revision_set_previous_at (second, 1767261600);
  g_list_store_append (store, first);
  g_list_store_append (store, second);
  window = daybook_history_window_new (G_LIST_MODEL (store));
  count_rows (window, &rows, &set_back);
  g_assert_cmpuint (rows, ==, 2);
  g_assert_cmpuint (set_back, ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = daybook_application_new ("/nonexistent", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/ui/pages/all-implement-page", Fixture, NULL, fixture_setup, test_all_pages,
              fixture_teardown);
  g_test_add ("/ui/pages/folded", Fixture, NULL, fixture_setup, test_folded, fixture_teardown);
  g_test_add ("/ui/pages/save-all", Fixture, NULL, fixture_setup, test_save_all, fixture_teardown);
  g_test_add ("/ui/pages/save-all-async", Fixture, NULL, fixture_setup, test_save_all_async,
              fixture_teardown);
  g_test_add ("/ui/pages/save-visible", Fixture, NULL, fixture_setup, test_save_visible,
              fixture_teardown);
  g_test_add ("/ui/pages/discard", Fixture, NULL, fixture_setup, test_discard, fixture_teardown);
  g_test_add_func ("/ui/pages/history-clock-set-back", test_history_clock_set_back);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
