/* test-bundle-window.c — hand-over bundles through the window
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. The victim's side makes a bundle of February through
 * the dialog; the advocate's side opens it in a window, unlocks it with the
 * one-time passphrase and finds it read-only.
 */

#include "config.h"

#include <string.h>

#include "daybook-application.h"
#include "daybook-bundle-dialog.h"
#include "daybook-diary.h"
#include "daybook-incident.h"
#include "daybook-main-view.h"
#include "daybook-report-page.h"
#include "daybook-timeline.h"
#include "daybook-window.h"
#include "daybook-ui-test-util.h"

#define PASSPHRASE "correct horse battery staple"

static DaybookApplication *app;

static gboolean
dialog_idle (gpointer data)
{
  return !daybook_bundle_dialog_get_busy (data);
}

static gboolean
report_settled (gpointer data)
{
  return !_daybook_report_page_is_busy (data)
         && g_strcmp0 (_daybook_report_page_get_state (data), "preview") == 0;
}

static gboolean
timeline_loaded (gpointer data)
{
  GListModel *model = daybook_timeline_get_model (data);

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static gboolean
is_enabled (DaybookWindow *window, const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

static void
add_entry (DaybookDiary *diary, const char *when, const char *title, gboolean private)
{
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GError) error = NULL;
  DaybookWhen start;

  g_assert_true (daybook_when_parse (when, local, &start, NULL, &error));
  daybook_incident_set_start (incident, &start);
  daybook_incident_set_title (incident, title);
  daybook_incident_set_private (incident, private);
  g_assert_true (daybook_diary_save_incident (diary, incident, &error));
  g_assert_no_error (error);
}

static void
test_hand_over (void)
{
  g_autofree char *tmp = daybook_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "diary", NULL);
  g_autofree char *bundle = g_build_filename (tmp, "Case bundle", NULL);
  g_autoptr (DaybookSecret) pass = daybook_test_secret (PASSPHRASE);
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *bundle_pass = NULL;
  DaybookBundleDialog *dialog;
  DaybookWindow *window;
  GtkWidget *main_view, *timeline, *report, *bar, *dialog_ref;
  GListModel *model;

  diary = daybook_diary_create (dir, pass, &code, &error);
  g_assert_no_error (error);
  add_entry (diary, "2026-01-05T10:00", "January", FALSE);
  add_entry (diary, "2026-02-05T10:00", "February", FALSE);
  add_entry (diary, "2026-02-06T10:00", "Private one", TRUE);
  add_entry (diary, "2026-03-05T10:00", "March", FALSE);

  /* The victim's side: February, private entries left out. */
  dialog = daybook_bundle_dialog_new (NULL, diary);
  dialog_ref = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog_ref);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (daybook_test_need (GTK_WIDGET (dialog), "from_row")),
                         "2026-02-01");
  gtk_editable_set_text (GTK_EDITABLE (daybook_test_need (GTK_WIDGET (dialog), "to_row")),
                         "2026-02-28");
  _daybook_bundle_dialog_write_to (dialog, bundle);
  g_assert_true (daybook_bundle_dialog_get_busy (dialog));
  daybook_test_wait_for (dialog_idle, dialog, "the bundle");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                       GTK_STACK (daybook_test_need (GTK_WIDGET (dialog), "stack"))),
                   ==, "passphrase");
  bundle_pass = g_strdup (
      gtk_label_get_text (GTK_LABEL (daybook_test_need (GTK_WIDGET (dialog), "passphrase_label"))));
  g_assert_cmpuint (strlen (bundle_pass), >, 10);
  daybook_test_screenshot (GTK_WIDGET (dialog), "bundle.png");
  g_assert_nonnull (strstr (
      gtk_label_get_text (GTK_LABEL (daybook_test_need (GTK_WIDGET (dialog), "advice_label"))),
      "1 entry"));

  /* The passphrase cannot be closed away before it was given. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "bundle.done", NULL)
                  && dialog_ref == NULL);
  gtk_window_close (GTK_WINDOW (dialog));
  daybook_test_spin (50);
  g_assert_nonnull (dialog_ref);
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (daybook_test_need (GTK_WIDGET (dialog), "given_check")), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "bundle.done", NULL);
  daybook_test_spin (50);
  g_assert_null (dialog_ref);
  daybook_diary_close (diary);

  /* The advocate's side. */
  window = daybook_window_new (app, dir);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  daybook_test_spin (100);
  g_assert_false (daybook_window_open_bundle (window, tmp, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (daybook_window_open_bundle (window, bundle, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_window_get_page_name (window), ==, "unlock");
  gtk_editable_set_text (
      GTK_EDITABLE (daybook_test_need (daybook_window_get_page (window, "unlock"), "entry")),
      bundle_pass);
  gtk_widget_activate_action (daybook_window_get_page (window, "unlock"), "unlock.unlock", NULL);
  daybook_test_wait_for (daybook_test_window_is_unlocked, window, "the bundle to unlock");
  g_assert_true (daybook_diary_is_read_only (daybook_window_get_diary (window)));

  main_view = daybook_window_get_page (window, "main");
  timeline = daybook_main_view_get_page (DAYBOOK_MAIN_VIEW (main_view), "timeline");
  daybook_test_wait_for (timeline_loaded, timeline, "the timeline");
  model = daybook_timeline_get_model (DAYBOOK_TIMELINE (timeline));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  bar = daybook_test_need (main_view, "read_only_bar");
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_true (gtk_widget_get_mapped (bar));
  g_assert_nonnull (strstr (
      gtk_label_get_text (GTK_LABEL (daybook_test_need (main_view, "read_only_label"))), "made"));

  daybook_test_screenshot (GTK_WIDGET (window), "bundle-open.png");
  g_assert_false (is_enabled (window, "new-incident"));
  g_assert_false (is_enabled (window, "save"));
  g_assert_false (is_enabled (window, "preferences"));
  g_assert_false (is_enabled (window, "hand-over"));
  g_assert_true (is_enabled (window, "search"));
  g_assert_true (is_enabled (window, "lock"));
  g_assert_false (
      gtk_widget_is_sensitive (daybook_test_find_action (main_view, "win.new-incident")));

  /* Opening and leaving an entry never tries to save it. */
  daybook_main_view_open_incident (DAYBOOK_MAIN_VIEW (main_view), 2);
  daybook_main_view_show_page (DAYBOOK_MAIN_VIEW (main_view), "timeline");
  g_assert_false (daybook_main_view_has_unsaved_changes (DAYBOOK_MAIN_VIEW (main_view)));

  /* A report can still be made. */
  daybook_main_view_show_page (DAYBOOK_MAIN_VIEW (main_view), "report");
  report = daybook_main_view_get_page (DAYBOOK_MAIN_VIEW (main_view), "report");
  daybook_test_wait_for (report_settled, report, "the report");
  g_assert_cmpuint (_daybook_report_page_get_n_pages (DAYBOOK_REPORT_PAGE (report)), >, 0);

  daybook_window_lock (window);
  g_assert_cmpstr (daybook_window_get_page_name (window), ==, "unlock");
  g_assert_null (daybook_window_get_diary (window));
  g_assert_false (gtk_widget_get_visible (bar));

  daybook_test_window_destroy (&window);
  daybook_test_rm_rf (tmp);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);
  app = daybook_test_application_new ();

  g_test_add_func ("/ui/bundle/hand-over", test_hand_over);
  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
