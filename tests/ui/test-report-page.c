/* test-report-page.c — the Report page, driven the way a user drives it
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. The page is found in the unlocked window, its selection
 * set through its rows, its preview prepared; the PDF it saves and the one
 * it prints are read back with pdftotext and checked with qpdf and
 * minisign, as the people who receive them would.
 */

#include "config.h"

#include <string.h>

#include "daybook-exports.h"
#include "daybook-application.h"
#include "daybook-main-view.h"
#include "daybook-report-page.h"
#include "daybook-window.h"
#include "report/daybook-signature.h"
#include "daybook-test-po.h"
#include "daybook-ui-test-util.h"

static DaybookApplication *app;

typedef struct
{
  char *dir;
  char *out;
  DaybookWindow *window;
  DaybookReportPage *page;
} Fixture;

static const struct
{
  const char *when;
  const char *title;
  DaybookBehaviour types;
  const char *person;
  gboolean is_private;
} entries[] = {
  { "2026-02-03T08:15", "Blue van outside the school", DAYBOOK_BEHAVIOUR_LOITERING, "Sam Example",
    FALSE },
  { "2026-02-10T23:50", "Message at midnight", DAYBOOK_BEHAVIOUR_CONTACT, "Sam Example", FALSE },
  { "2026-03-01T12:00", "Flowers left at the door", DAYBOOK_BEHAVIOUR_GIFT, "Alex Sample", FALSE },
  { "2026-03-05T18:30", "Private worry about the car", DAYBOOK_BEHAVIOUR_WATCHING, "Sam Example",
    TRUE },
};

/* Helpers */

static gboolean
page_settled (gpointer data)
{
  return !_daybook_report_page_is_busy (DAYBOOK_REPORT_PAGE (data));
}

static gboolean
page_busy (gpointer data)
{
  return _daybook_report_page_is_busy (DAYBOOK_REPORT_PAGE (data));
}

/* Waits for the preview of the selection and returns its state. */
static const char *
settle (Fixture *f)
{
  daybook_test_wait_for (page_settled, f->page, "the report page");
  return _daybook_report_page_get_state (f->page);
}

static void
set_text (Fixture *f, const char *id, const char *text)
{
  daybook_test_set_text (GTK_WIDGET (f->page), id, text);
}

static char *
pdf_text (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
assert_qpdf_clean (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "qpdf", "--check", path, NULL };
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("qpdf --check %s failed:\n%s", path, out);
}

static void
fill_diary (DaybookDiary *diary)
{
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      DaybookWhen when = { 0 };

      daybook_when_parse (entries[i].when, london, &when, NULL, &error);
      g_assert_no_error (error);
      daybook_incident_set_start (incident, &when);
      daybook_when_clear (&when);
      daybook_incident_set_title (incident, entries[i].title);
      daybook_incident_set_narrative (incident, "He was there again; I wrote it down at once.");
      daybook_incident_set_types (incident, entries[i].types);
      daybook_incident_add_person (incident, entries[i].person, DAYBOOK_ROLE_SUSPECT);
      daybook_incident_set_private (incident, entries[i].is_private);
      daybook_diary_save_incident (diary, incident, &error);
      g_assert_no_error (error);
    }
}

/* Fixture: the window unlocked on a diary of four entries, Report shown. */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = NULL;
  DaybookMainView *view;

  f->dir = daybook_test_copy_template ();
  f->out = daybook_test_make_tmpdir ();
  diary = daybook_test_open (f->dir);
  fill_diary (diary);

  f->window = daybook_test_window_new (app, f->dir);
  daybook_test_window_unlocked (f->window, diary);

  view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"));
  daybook_main_view_show_page (view, "report");
  g_assert_cmpstr (daybook_main_view_get_page_name (view), ==, "report");
  f->page = DAYBOOK_REPORT_PAGE (daybook_main_view_get_page (view, "report"));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  daybook_test_window_destroy (&f->window);
  daybook_test_rm_copy (f->dir);
  daybook_test_rm_rf (f->out);
  g_free (f->dir);
  g_free (f->out);
}

/* Tests */

static void
test_preview_and_save (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->out, "report.pdf", NULL);
  g_autofree char *sig = g_strconcat (pdf, ".minisig", NULL);
  g_autofree char *pub = g_build_filename (f->out, "daybook.pub", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (pdf);
  g_autofree char *text = NULL;
  g_autofree char *pubkey = NULL;
  char *minisign_argv[] = { "minisign", "-Vm", pdf, "-p", pub, NULL };
  int status;

  /* Prepared as soon as it is shown. */
  g_assert_cmpstr (settle (f), ==, "preview");
  g_assert_cmpuint (_daybook_report_page_get_n_pages (f->page), >, 0);
  daybook_test_spin (300); /* let it draw the first pages */

  _daybook_report_page_save_to (f->page, file, FALSE);
  g_assert_true (_daybook_report_page_is_busy (f->page));
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sig, G_FILE_TEST_IS_REGULAR));

  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Blue van outside the school"));
  g_assert_nonnull (strstr (text, "Message at midnight"));
  g_assert_nonnull (strstr (text, "Flowers left at the door"));
  g_assert_null (strstr (text, "Private worry about the car"));
  g_assert_true (strstr (text, "Blue van outside") < strstr (text, "Flowers left"));
  assert_qpdf_clean (pdf);

  /* Signed with the diary's key, the one `daybook-cli pubkey` prints. */
  pubkey = daybook_signature_format_public_key (daybook_window_get_diary (f->window));
  g_assert_true (g_file_set_contents (pub, pubkey, -1, NULL));
  /* install-deps installs minisign: missing, the test fails. */
  g_assert_true (g_spawn_sync (NULL, minisign_argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                               NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* Never replaces a file unless the user agreed in the file chooser. */
  _daybook_report_page_save_to (f->page, file, FALSE);
  settle (f);
  g_assert_nonnull (_daybook_report_page_get_last_error (f->page));
  g_assert_nonnull (strstr (_daybook_report_page_get_last_error (f->page), "already exists"));
  _daybook_report_page_save_to (f->page, file, TRUE);
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
}

static void
test_selection (Fixture *f, gconstpointer data)
{
  GtkWidget *page = GTK_WIDGET (f->page);
  g_autofree char *pdf = g_build_filename (f->out, "gifts.pdf", NULL);
  g_autofree char *sig = g_strconcat (pdf, ".minisig", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (pdf);
  g_autoptr (GPtrArray) checks = g_ptr_array_new ();
  g_autofree char *text = NULL;
  guint all_pages;

  g_assert_cmpstr (settle (f), ==, "preview");
  all_pages = _daybook_report_page_get_n_pages (f->page);

  /* Nothing in range: a message, not an empty report. */
  set_text (f, "to_row", "2001-01-01");
  g_assert_cmpstr (settle (f), ==, "message");
  g_assert_cmpuint (_daybook_report_page_get_n_pages (f->page), ==, 0);
  g_assert_cmpstr (
      adw_status_page_get_title (ADW_STATUS_PAGE (daybook_test_need (page, "message_status"))), ==,
      "No Matching Entries");

  /* A date that does not parse says so beside the dates. */
  set_text (f, "to_row", "the 31st");
  g_assert_cmpstr (settle (f), ==, "message");
  g_assert_true (gtk_widget_get_visible (daybook_test_need (page, "range_error")));

  set_text (f, "to_row", "2026-03-01");
  set_text (f, "from_row", "2026-02-05");
  g_assert_cmpstr (settle (f), ==, "preview");
  g_assert_false (gtk_widget_get_visible (daybook_test_need (page, "range_error")));

  /* Gifts only, on Letter paper, unsigned. */
  daybook_test_collect_type (daybook_test_need (page, "types_row"), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, ==, DAYBOOK_N_BEHAVIOURS);
  gtk_check_button_set_active (checks->pdata[11] /* gift */, TRUE);
  /* Fewer entries on the same paper: no more pages (the summary's fixed
   * sections make a smaller report on shorter paper longer). */
  g_assert_cmpstr (settle (f), ==, "preview");
  g_assert_cmpuint (_daybook_report_page_get_n_pages (f->page), <=, all_pages);
  adw_combo_row_set_selected (ADW_COMBO_ROW (daybook_test_need (page, "paper_row")), 1);
  gtk_switch_set_active (GTK_SWITCH (daybook_test_need (page, "sign_switch")), FALSE);
  set_text (f, "title_row", "Gifts for PC Example");
  g_assert_cmpstr (settle (f), ==, "preview");

  _daybook_report_page_save_to (f->page, file, FALSE);
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  g_assert_false (g_file_test (sig, G_FILE_TEST_EXISTS));
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Gifts for PC Example"));
  g_assert_nonnull (strstr (text, "Flowers left at the door"));
  g_assert_null (strstr (text, "Message at midnight"));
  g_assert_null (strstr (text, "Blue van outside the school"));
  assert_qpdf_clean (pdf);
}

static gboolean
dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          *(AdwMessageDialog **)data = ADW_MESSAGE_DIALOG (w);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_private_asks (Fixture *f, gconstpointer data)
{
  GtkSwitch *sw = GTK_SWITCH (daybook_test_need (GTK_WIDGET (f->page), "private_switch"));
  g_autofree char *pdf = g_build_filename (f->out, "private.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (pdf);
  g_autofree char *text = NULL;
  AdwMessageDialog *dialog = NULL;

  g_assert_cmpstr (settle (f), ==, "preview");

  /* Turning it on asks first; cancelling leaves it off. */
  gtk_switch_set_active (sw, TRUE);
  g_assert_false (gtk_switch_get_active (sw));
  daybook_test_wait_for (dialog_shown, &dialog, "the question");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (gtk_switch_get_active (sw));

  gtk_switch_set_active (sw, TRUE);
  dialog = NULL;
  daybook_test_wait_for (dialog_shown, &dialog, "the question");
  adw_message_dialog_response (dialog, "include");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gtk_switch_get_active (sw));
  g_assert_cmpstr (settle (f), ==, "preview");

  _daybook_report_page_save_to (f->page, file, FALSE);
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Private worry about the car"));
}

static void
test_print (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->out, "printed.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (pdf);
  g_autofree char *text = NULL;

  g_assert_cmpstr (settle (f), ==, "preview");
  _daybook_report_page_print_to (f->page, file);
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Blue van outside the school"));
  g_assert_nonnull (strstr (text, "Flowers left at the door"));
  g_assert_nonnull (strstr (text, "Page 1 of"));
}

static void
test_lock_clears (Fixture *f, gconstpointer data)
{
  GtkWidget *page = GTK_WIDGET (f->page);
  AdwComboRow *person = ADW_COMBO_ROW (daybook_test_need (page, "person_row"));

  g_assert_cmpstr (settle (f), ==, "preview");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (person)), ==, 3);
  set_text (f, "title_row", "Notes about Sam");
  adw_combo_row_set_selected (person, 2);
  /* Lock in the middle of preparing the new selection. */
  daybook_test_wait_for (page_busy, f->page, "the page to start preparing");
  g_assert_true (_daybook_report_page_is_busy (f->page));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "unlock");
  g_assert_cmpstr (_daybook_report_page_get_state (f->page), ==, "none");
  g_assert_cmpuint (_daybook_report_page_get_n_pages (f->page), ==, 0);
  g_assert_false (_daybook_report_page_is_busy (f->page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (daybook_test_need (page, "title_row"))), !=,
                   "Notes about Sam");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (person)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
                        GTK_LIST_VIEW (daybook_test_need (page, "pages_view"))))),
                    ==, 0);
  daybook_test_spin (500); /* whatever was running finishes without touching the page */
  g_assert_cmpstr (_daybook_report_page_get_state (f->page), ==, "none");
}

static gboolean
find_message_dialog (gpointer data)
{
  AdwMessageDialog **found = data;
  GListModel *toplevels = gtk_window_get_toplevels (); /* not owned */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        *found = ADW_MESSAGE_DIALOG (window);
    }
  return *found != NULL;
}

/* "Give Your Report Key to the Police…": the sheet and the key file are
 * written, the hand-over remembered, and the next report names it and is
 * checked with that key file. */
static void
test_handover_key (Fixture *f, gconstpointer data)
{
  g_autofree char *sheet = g_build_filename (f->out, "key.pdf", NULL);
  g_autofree char *pub = g_build_filename (f->out, "key.pub", NULL);
  g_autofree char *pdf = g_build_filename (f->out, "report.pdf", NULL);
  g_autoptr (GFile) sheet_file = g_file_new_for_path (sheet);
  g_autoptr (GFile) pdf_file = g_file_new_for_path (pdf);
  g_autoptr (DaybookReportKey) key = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *report_text = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *entry;
  char *minisign_argv[] = { "minisign", "-Vm", pdf, "-p", pub, NULL };
  int status;

  g_assert_cmpstr (settle (f), ==, "preview");
  g_assert_true (gtk_widget_get_visible (daybook_test_need (GTK_WIDGET (f->page), "handover_row")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                                daybook_test_need (GTK_WIDGET (f->page), "handover_row"))),
                            "Not handed over yet"));

  /* The action asks for the officer's name first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "report.handover-key", NULL));
  daybook_test_wait_for (find_message_dialog, &dialog, "the hand-over dialog");
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_true (adw_message_dialog_has_response (dialog, "choose"));
  adw_message_dialog_response (dialog, "cancel");
  daybook_test_spin (100);

  _daybook_report_page_handover_to (f->page, sheet_file, "PC 1234", FALSE);
  g_assert_true (_daybook_report_page_is_busy (f->page));
  g_assert_cmpstr (settle (f), ==, "preview");
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  g_assert_true (g_file_test (sheet, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (pub, G_FILE_TEST_IS_REGULAR));

  key = daybook_report_key_load (daybook_window_get_diary (f->window), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key->given_to, ==, "PC 1234");
  /* The row says so, from the report prepared again. */
  {
    const char *subtitle = adw_action_row_get_subtitle (
        ADW_ACTION_ROW (daybook_test_need (GTK_WIDGET (f->page), "handover_row")));

    g_assert_nonnull (strstr (subtitle, "Last given to PC 1234 on "));
    g_assert_nonnull (strstr (subtitle, key->key_id));
  }
  text = pdf_text (sheet);
  g_assert_nonnull (strstr (text, key->key_id));
  g_assert_nonnull (strstr (text, key->public_key));

  /* The report saved next names the hand-over, and the key file checks it. */
  _daybook_report_page_save_to (f->page, pdf_file, FALSE);
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  report_text = pdf_text (pdf);
  g_assert_nonnull (strstr (report_text, "given to PC 1234"));
  g_assert_nonnull (strstr (report_text, key->key_id));
  g_assert_null (strstr (report_text, key->public_key));
  g_assert_true (g_spawn_sync (NULL, minisign_argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                               NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* Never replaces a sheet unless the user agreed in the file chooser. */
  _daybook_report_page_handover_to (f->page, sheet_file, "PC 5678", FALSE);
  settle (f);
  g_assert_nonnull (_daybook_report_page_get_last_error (f->page));
  g_assert_nonnull (strstr (_daybook_report_page_get_last_error (f->page), "already exists"));
  g_clear_pointer (&key, daybook_report_key_free);
  key = daybook_report_key_load (daybook_window_get_diary (f->window), &error);
  g_assert_cmpstr (key->given_to, ==, "PC 1234");
}

/* "Changes Since Report": the section in the saved PDF, and a fingerprint
 * that is not in the chain refused with the reason. */
static void
test_since (Fixture *f, gconstpointer data)
{
  DaybookDiary *diary = daybook_window_get_diary (f->window);
  GtkWidget *page = GTK_WIDGET (f->page);
  g_autofree char *first = g_build_filename (f->out, "first.pdf", NULL);
  g_autofree char *second = g_build_filename (f->out, "second.pdf", NULL);
  g_autoptr (GFile) first_file = g_file_new_for_path (first);
  g_autoptr (GFile) second_file = g_file_new_for_path (second);
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GPtrArray) register_ = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  DaybookWhen when = { 1775000000, 3600, (char *)"Europe/London" };
  DaybookExport *made;

  g_assert_cmpstr (settle (f), ==, "preview");
  _daybook_report_page_save_to (f->page, first_file, FALSE);
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  register_ = daybook_diary_list_exports (diary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (register_->len, ==, 1);
  made = register_->pdata[0];
  g_assert_cmpstr (made->kind, ==, "report");

  daybook_incident_set_start (incident, &when);
  daybook_incident_set_title (incident, "A card through the letterbox");
  g_assert_true (daybook_diary_save_incident (diary, incident, &error));
  g_assert_no_error (error);

  set_text (f, "since_row", made->ref);
  g_assert_cmpstr (settle (f), ==, "preview");
  _daybook_report_page_save_to (f->page, second_file, FALSE);
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  text = pdf_text (second);
  heading = g_strdup_printf ("Changes since report %s of", made->ref);
  g_assert_nonnull (strstr (text, heading));
  g_assert_nonnull (strstr (text, "Entries added"));

  set_text (f, "since_row", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_assert_cmpstr (settle (f), ==, "message");
  g_assert_cmpstr (
      adw_status_page_get_title (ADW_STATUS_PAGE (daybook_test_need (page, "message_status"))), ==,
      "Could Not Prepare the Report");
  g_assert_nonnull (strstr (adw_status_page_get_description (
                                ADW_STATUS_PAGE (daybook_test_need (page, "message_status"))),
                            "not a link"));
}

/* The revision appendix switch: an edited entry's first version is in the
 * saved PDF only with the switch on. */
static void
test_history (Fixture *f, gconstpointer data)
{
  DaybookDiary *diary = daybook_window_get_diary (f->window);
  GtkWidget *page = GTK_WIDGET (f->page);
  g_autofree char *without = g_build_filename (f->out, "without.pdf", NULL);
  g_autofree char *with = g_build_filename (f->out, "with.pdf", NULL);
  g_autoptr (GFile) without_file = g_file_new_for_path (without);
  g_autoptr (GFile) with_file = g_file_new_for_path (with);
  g_autoptr (DaybookIncident) incident = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;

  incident = daybook_diary_get_incident (diary, 1, &error);
  g_assert_no_error (error);
  daybook_incident_set_title (incident, "Renamed after the first version");
  g_assert_true (daybook_diary_save_incident (diary, incident, &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (page, "report.refresh", NULL);
  g_assert_cmpstr (settle (f), ==, "preview");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (daybook_test_need (page, "history_switch"))));
  _daybook_report_page_save_to (f->page, without_file, FALSE);
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  text = pdf_text (without);
  g_assert_nonnull (strstr (text, "Renamed after the first version"));
  g_assert_null (strstr (text, entries[0].title));

  gtk_switch_set_active (GTK_SWITCH (daybook_test_need (page, "history_switch")), TRUE);
  g_assert_cmpstr (settle (f), ==, "preview");
  _daybook_report_page_save_to (f->page, with_file, FALSE);
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  text2 = pdf_text (with);
  g_assert_nonnull (strstr (text2, entries[0].title));
}

/* The report's language: its own dropdown, independent of the window's
 * (English here), remembered in the diary and chosen again at unlock. */
static void
test_language (Fixture *f, gconstpointer data)
{
  DaybookDiary *diary = daybook_window_get_diary (f->window);
  GtkWidget *page = GTK_WIDGET (f->page);
  AdwComboRow *row = ADW_COMBO_ROW (daybook_test_need (page, "language_row"));
  g_autofree char *pdf = g_build_filename (f->out, "welsh.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (pdf);
  g_autoptr (GPtrArray) po = daybook_test_po_read ("cy");
  const char *includes = daybook_test_po_translation (po, NULL, "What this report includes");
  const char *title
      = daybook_test_po_translation (po, NULL, "Incident diary: a timeline of events");
  g_autofree char *saved = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (includes);
  g_assert_nonnull (title);
  g_assert_cmpstr (settle (f), ==, "preview");
  /* The window speaks English, so English is the default. */
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_null (daybook_diary_dup_setting (diary, DAYBOOK_SETTING_REPORT_LANGUAGE));

  adw_combo_row_set_selected (row, 1); /* Welsh */
  g_assert_cmpstr (settle (f), ==, "preview");
  saved = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_REPORT_LANGUAGE);
  g_assert_cmpstr (saved, ==, "cy");
  _daybook_report_page_save_to (f->page, file, FALSE);
  settle (f);
  g_assert_null (_daybook_report_page_get_last_error (f->page));
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, includes));
  /* The default title is written in the report's language, not the window's. */
  g_assert_null (strstr (text, "Incident diary: a timeline of events"));
  /* The window itself still speaks English. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (daybook_test_need (page, "title_row"))), ==,
                   "Incident diary: a timeline of events");

  /* Locked, the choice is not shown; unlocked again, it is the diary's. */
  daybook_page_set_diary (DAYBOOK_PAGE (f->page), NULL);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  daybook_page_set_diary (DAYBOOK_PAGE (f->page), diary);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);
  g_assert_cmpstr (settle (f), ==, "preview");
}

int
main (int argc, char *argv[])
{
  int ret;

  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);
  app = daybook_test_application_new ();

  g_test_add ("/ui/report/preview-and-save", Fixture, NULL, fixture_setup, test_preview_and_save,
              fixture_teardown);
  g_test_add ("/ui/report/selection", Fixture, NULL, fixture_setup, test_selection,
              fixture_teardown);
  g_test_add ("/ui/report/private-asks", Fixture, NULL, fixture_setup, test_private_asks,
              fixture_teardown);
  g_test_add ("/ui/report/print", Fixture, NULL, fixture_setup, test_print, fixture_teardown);
  g_test_add ("/ui/report/handover-key", Fixture, NULL, fixture_setup, test_handover_key,
              fixture_teardown);
  g_test_add ("/ui/report/since", Fixture, NULL, fixture_setup, test_since, fixture_teardown);
  g_test_add ("/ui/report/history", Fixture, NULL, fixture_setup, test_history, fixture_teardown);
  g_test_add ("/ui/report/language", Fixture, NULL, fixture_setup, test_language, fixture_teardown);
  g_test_add ("/ui/report/lock-clears", Fixture, NULL, fixture_setup, test_lock_clears,
              fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
