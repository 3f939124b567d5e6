/* test-window.c — the window, driven the way a user drives it
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. Widgets are found by their template ids and driven
 * through their actions and their real entries and buttons; what was
 * saved is checked through the core.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "daybook-application.h"
#include "daybook-create-page.h"
#include "daybook-demo.h"
#include "daybook-diary.h"
#include "daybook-incident-list.h"
#include "daybook-incident-row.h"
#include "daybook-incident-editor.h"
#include "daybook-involvement-row.h"
#include "daybook-main-view.h"
#include "daybook-timeline.h"
#include "daybook-window.h"
#include "daybook-ui-test-util.h"

#define PASSPHRASE "correct horse battery staple"

static DaybookApplication *app;

typedef struct
{
  char *tmp;
  char *dir;
  DaybookWindow *window;
} Fixture;

/* Helpers */

static gboolean
timeline_settled (gpointer data)
{
  return !daybook_timeline_is_loading (DAYBOOK_TIMELINE (data));
}

static guint
timeline_count (Fixture *f)
{
  DaybookTimeline *timeline = DAYBOOK_TIMELINE (daybook_test_main_page (f->window, "timeline"));
  GListModel *model;

  daybook_test_spin (250); /* the search entry waits a little before it searches */
  daybook_test_wait_for (timeline_settled, timeline, "the timeline's query");
  model = daybook_timeline_get_model (timeline);
  return model != NULL ? g_list_model_get_n_items (model) : 0;
}

static char *
get_view_text (GtkWidget *root, const char *id)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (daybook_test_need (root, id)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
create_step_is_recovery (gpointer data)
{
  return g_strcmp0 (daybook_create_page_get_step (DAYBOOK_CREATE_PAGE (data)), "recovery") == 0;
}

static gboolean
unlock_is_idle (gpointer data)
{
  return gtk_widget_get_sensitive (daybook_test_need (GTK_WIDGET (data), "entry"));
}

static void
unlock (Fixture *f, const char *passphrase)
{
  GtkWidget *page = daybook_window_get_page (f->window, "unlock");

  daybook_test_set_text (page, "entry", passphrase);
  g_signal_emit_by_name (daybook_test_need (page, "entry"), "activate");
  g_assert_cmpstr (daybook_test_get_text (page, "entry"), ==, "");
  daybook_test_wait_for (unlock_is_idle, page, "the unlock to finish");
}

/* Fixture */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->tmp = daybook_test_make_tmpdir ();
  f->dir = g_build_filename (f->tmp, "diary", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  daybook_test_window_destroy (&f->window);
  daybook_test_rm_rf (f->tmp);
  g_free (f->dir);
  g_free (f->tmp);
}

/* Tests */

static void
create_through_ui (Fixture *f)
{
  GtkWidget *page = daybook_window_get_page (f->window, "create");
  DaybookCreatePage *create = DAYBOOK_CREATE_PAGE (page);
  GtkLabel *code_label;

  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "create");
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));

  gtk_widget_activate_action (page, "create.start", NULL);
  g_assert_cmpstr (daybook_create_page_get_step (create), ==, "passphrase");

  /* Empty and mismatched passphrases are refused, inline. */
  gtk_widget_activate_action (page, "create.create", NULL);
  g_assert_true (gtk_widget_get_visible (daybook_test_need (page, "error_label")));
  daybook_test_set_text (page, "passphrase_entry", PASSPHRASE);
  daybook_test_set_text (page, "repeat_entry", "correct horse battery stable");
  g_signal_emit_by_name (daybook_test_need (page, "repeat_entry"), "activate");
  g_assert_cmpstr (daybook_create_page_get_step (create), ==, "passphrase");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (daybook_test_need (page, "error_label"))), ==,
                   "The two passphrases are not the same.");
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));

  /* A passphrase anyone would try first: refused, with the warning and
   * "Use it anyway" shown; ticking it lets it through to the next check
   * only for that passphrase. */
  daybook_test_set_text (page, "passphrase_entry", "password1");
  g_assert_true (gtk_widget_get_visible (daybook_test_need (page, "weak_box")));
  daybook_test_set_text (page, "repeat_entry", "password1");
  gtk_widget_activate_action (page, "create.create", NULL);
  g_assert_cmpstr (daybook_create_page_get_step (create), ==, "passphrase");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (daybook_test_need (page, "error_label"))), ==,
                   "This passphrase is easy to guess. Choose a longer one, or tick “Use it "
                   "anyway”.");
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (daybook_test_need (page, "weak_check")), TRUE);
  daybook_test_set_text (page, "repeat_entry", "password2");
  gtk_widget_activate_action (page, "create.create", NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (daybook_test_need (page, "error_label"))), ==,
                   "The two passphrases are not the same.");
  daybook_test_set_text (page, "passphrase_entry", "12345678");
  g_assert_false (
      gtk_check_button_get_active (GTK_CHECK_BUTTON (daybook_test_need (page, "weak_check"))));
  daybook_test_set_text (page, "repeat_entry", "12345678");
  gtk_widget_activate_action (page, "create.create", NULL);
  g_assert_nonnull (
      strstr (gtk_label_get_text (GTK_LABEL (daybook_test_need (page, "error_label"))), "easy"));
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
  daybook_test_set_text (page, "passphrase_entry", PASSPHRASE);
  daybook_test_set_text (page, "repeat_entry", "");
  g_assert_false (gtk_widget_get_visible (daybook_test_need (page, "weak_box")));

  /* The meter uses the estimator. */
  g_assert_cmpfloat (
      gtk_level_bar_get_value (GTK_LEVEL_BAR (daybook_test_need (page, "strength_bar"))), >=, 3);

  daybook_test_set_text (page, "repeat_entry", PASSPHRASE);
  g_signal_emit_by_name (daybook_test_need (page, "repeat_entry"), "activate");
  /* Nothing of the passphrase stays in the entries. */
  g_assert_cmpstr (daybook_test_get_text (page, "passphrase_entry"), ==, "");
  g_assert_cmpstr (daybook_test_get_text (page, "repeat_entry"), ==, "");
  daybook_test_wait_for (create_step_is_recovery, page, "the diary to be created");

  /* The code is shown once, on two lines of four groups that never wrap
   * inside a group; going on needs the confirmation. */
  code_label = GTK_LABEL (daybook_test_need (page, "code_label"));
  g_assert_cmpuint (strlen (gtk_label_get_text (code_label)), ==, 39);
  g_assert_cmpint (gtk_label_get_text (code_label)[19], ==, '\n');
  g_assert_null (strchr (gtk_label_get_text (code_label) + 20, '\n'));
  g_assert_false (gtk_label_get_wrap (code_label));
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (code_label)), ==, 2);
  gtk_widget_activate_action (page, "create.continue", NULL);
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "create");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (daybook_test_need (page, "written_check")), TRUE);
  gtk_widget_activate_action (page, "create.continue", NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (daybook_test_need (page, "code_label"))), ==, "");
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "main");
  g_assert_true (daybook_diary_exists (f->dir));
}

static gboolean
editor_is_idle (gpointer data)
{
  return !daybook_incident_editor_is_saving (DAYBOOK_INCIDENT_EDITOR (data));
}

static gint64
add_incident (Fixture *f, const char *title, const char *narrative, guint behaviour_index,
              const char *person)
{
  GtkWidget *editor = daybook_test_main_page (f->window, "editor");
  g_autoptr (GPtrArray) checks = g_ptr_array_new ();
  GtkWidget *focus;
  gint64 number;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-incident", NULL);
  g_assert_cmpstr (daybook_main_view_get_page_name (
                       DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"))),
                   ==, "editor");
  /* Stamped now, focus in the title. */
  g_assert_cmpstr (daybook_test_get_text (editor, "title_row"), ==, "");
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, daybook_test_need (editor, "title_row")));

  daybook_test_set_text (editor, "title_row", title);
  daybook_test_set_text (editor, "location_row", "Outside the house");
  daybook_test_set_text (editor, "narrative_view", narrative);
  daybook_test_collect_type (daybook_test_need (editor, "types_group"), GTK_TYPE_CHECK_BUTTON,
                             checks);
  g_assert_cmpuint (checks->len, ==, DAYBOOK_N_BEHAVIOURS);
  gtk_check_button_set_active (checks->pdata[behaviour_index], TRUE);
  if (person != NULL)
    {
      g_autoptr (GPtrArray) rows = g_ptr_array_new ();

      gtk_widget_activate_action (editor, "editor.add-person", NULL);
      daybook_test_collect_type (daybook_test_need (editor, "people_list"),
                                 DAYBOOK_TYPE_INVOLVEMENT_ROW, rows);
      g_assert_cmpuint (rows->len, ==, 1);
      daybook_test_set_text (rows->pdata[0], "name_entry", person);
    }
  g_assert_true (daybook_incident_editor_has_unsaved_changes (DAYBOOK_INCIDENT_EDITOR (editor)));
  /* Highlighted while there is something to save, and only then. */
  g_assert_true (
      gtk_widget_has_css_class (daybook_test_need (editor, "save_button"), "suggested-action"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  daybook_test_wait_for (editor_is_idle, editor, "the save");
  g_assert_false (daybook_incident_editor_has_unsaved_changes (DAYBOOK_INCIDENT_EDITOR (editor)));
  g_assert_false (
      gtk_widget_has_css_class (daybook_test_need (editor, "save_button"), "suggested-action"));
  number = daybook_incident_editor_get_number (DAYBOOK_INCIDENT_EDITOR (editor));
  g_assert_cmpint (number, >, 0);

  gtk_widget_activate_action (editor, "editor.close", NULL);
  g_assert_cmpstr (daybook_main_view_get_page_name (
                       DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"))),
                   ==, "timeline");
  return number;
}

static void
check_saved (Fixture *f, gint64 number, const char *title, const char *narrative)
{
  g_autoptr (DaybookIncident) incident = NULL;
  g_autoptr (GError) error = NULL;

  incident = daybook_diary_get_incident (daybook_window_get_diary (f->window), number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (incident), ==, title);
  g_assert_cmpstr (daybook_incident_get_narrative (incident), ==, narrative);
  g_assert_cmpstr (daybook_incident_get_location (incident), ==, "Outside the house");
  g_assert_cmpint (daybook_incident_get_recorded_at (incident), >, 0);
}

static void
test_full_flow (Fixture *f, gconstpointer data)
{
  GtkWidget *timeline;
  GtkWidget *editor;
  gint64 first, second;
  g_autofree char *narrative = NULL;

  f->window = daybook_test_window_new (app, f->dir);
  create_through_ui (f);

  timeline = daybook_test_main_page (f->window, "timeline");
  editor = daybook_test_main_page (f->window, "editor");
  g_assert_cmpuint (timeline_count (f), ==, 0);
  g_assert_cmpstr (daybook_timeline_get_state (DAYBOOK_TIMELINE (timeline)), ==, "empty");

  first = add_incident (f, "Blue van outside", "He sat in a blue van for an hour and watched.",
                        4 /* loitering */, "Sam Example");
  second = add_incident (f, "Message at midnight", "Another text, from a new number.",
                         1 /* contact */, NULL);
  check_saved (f, first, "Blue van outside", "He sat in a blue van for an hour and watched.");
  check_saved (f, second, "Message at midnight", "Another text, from a new number.");
  g_assert_cmpuint (timeline_count (f), ==, 2);
  g_assert_cmpstr (daybook_timeline_get_state (DAYBOOK_TIMELINE (timeline)), ==, "list");

  /* Search as you type. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  g_assert_true (
      gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (daybook_test_need (timeline, "search_bar"))));
  daybook_test_set_text (timeline, "search_entry", "van");
  g_assert_cmpuint (timeline_count (f), ==, 1);
  daybook_test_set_text (timeline, "search_entry", "zebra");
  g_assert_cmpuint (timeline_count (f), ==, 0);
  g_assert_cmpstr (daybook_timeline_get_state (DAYBOOK_TIMELINE (timeline)), ==, "no-results");
  gtk_widget_activate_action (timeline, "timeline.clear-filters", NULL);
  g_assert_cmpuint (timeline_count (f), ==, 2);

  /* Filters: person, behaviour types, dates. */
  daybook_test_set_text (timeline, "person_entry", "Sam Example");
  g_assert_cmpuint (timeline_count (f), ==, 1);
  g_assert_true (gtk_revealer_get_reveal_child (
      GTK_REVEALER (daybook_test_need (timeline, "filter_revealer"))));
  daybook_test_set_text (timeline, "person_entry", "");
  daybook_timeline_set_types (DAYBOOK_TIMELINE (timeline), DAYBOOK_BEHAVIOUR_CONTACT);
  g_assert_cmpuint (timeline_count (f), ==, 1);
  daybook_timeline_set_types (DAYBOOK_TIMELINE (timeline), DAYBOOK_BEHAVIOUR_FOLLOWING);
  g_assert_cmpuint (timeline_count (f), ==, 0);
  daybook_timeline_set_types (DAYBOOK_TIMELINE (timeline), 0);
  daybook_test_set_text (timeline, "to_entry", "2001-01-01");
  g_assert_cmpuint (timeline_count (f), ==, 0);
  daybook_test_set_text (timeline, "to_entry", "not a date");
  g_assert_true (gtk_widget_get_visible (daybook_test_need (timeline, "range_error")));
  gtk_widget_activate_action (timeline, "timeline.clear-filters", NULL);
  g_assert_cmpuint (timeline_count (f), ==, 2);

  /* Unsaved edits survive a lock request. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-incident", NULL);
  daybook_test_set_text (editor, "title_row", "Typed just before locking");
  daybook_test_set_text (editor, "narrative_view", "Nothing typed is lost: a grey car again.");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL);

  /* Locked: every widget that showed the diary is empty. */
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "unlock");
  g_assert_null (daybook_window_get_diary (f->window));
  g_assert_null (daybook_timeline_get_model (DAYBOOK_TIMELINE (timeline)));
  g_assert_cmpstr (daybook_test_get_text (editor, "title_row"), ==, "");
  narrative = get_view_text (editor, "narrative_view");
  g_assert_cmpstr (narrative, ==, "");
  g_assert_cmpstr (daybook_test_get_text (timeline, "search_entry"), ==, "");
  g_assert_false (
      g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (f->window), "new-incident")));

  /* A wrong passphrase is an inline message. */
  unlock (f, "wrong horse");
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "unlock");
  g_assert_true (gtk_widget_get_visible (
      daybook_test_need (daybook_window_get_page (f->window, "unlock"), "message_label")));

  unlock (f, PASSPHRASE);
  daybook_test_wait_for (daybook_test_window_is_unlocked, f->window, "the diary to open");
  g_assert_cmpuint (timeline_count (f), ==, 3);

  /* Found again, the saved-at-lock one included. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  daybook_test_set_text (timeline, "search_entry", "grey car");
  g_assert_cmpuint (timeline_count (f), ==, 1);
  daybook_test_set_text (timeline, "search_entry", "blue van");
  g_assert_cmpuint (timeline_count (f), ==, 1);
}

static void
test_damaged (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookSecret) secret = daybook_secret_new_from_data (PASSPHRASE, strlen (PASSPHRASE));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *db = g_build_filename (f->dir, "diary.db", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  GtkWidget *damaged;

  diary = daybook_diary_create (f->dir, secret, NULL, &error);
  g_assert_no_error (error);
  daybook_diary_close (diary);

  /* Scramble the database past its first page. */
  g_assert_true (g_file_get_contents (db, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 4096);
  for (gsize i = 0; i < len; i++)
    contents[i] ^= 0x5a;
  g_assert_true (g_file_set_contents (db, contents, len, NULL));

  f->window = daybook_test_window_new (app, f->dir);
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "unlock");
  unlock (f, PASSPHRASE);
  daybook_test_wait_for (daybook_test_window_is_damaged, f->window, "the damaged page");

  /* It says what to do, and offers nothing that would overwrite it: no
   * button or action there creates a diary, and the damaged file is
   * still byte for byte what it was. */
  damaged = daybook_window_get_page (f->window, "damaged");
  g_assert_nonnull (strstr (
      gtk_label_get_text (GTK_LABEL (daybook_test_need (damaged, "damaged_label"))), "backup"));
  g_assert_false (daybook_test_shows_label (damaged, "_Create a Diary"));
  g_assert_nonnull (daybook_test_find_action (damaged, "win.restore-backup"));
  g_assert_true (daybook_diary_exists (f->dir));
  {
    g_autofree char *after = NULL;
    gsize after_len;

    g_assert_true (g_file_get_contents (db, &after, &after_len, NULL));
    g_assert_cmpmem (after, after_len, contents, len);
  }
}

/* Saved entries gone from the database (an older copy put back beside
 * today's seal): the window says so at unlock, in the diary's words. */
static void
test_missing (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookSecret) secret = daybook_secret_new_from_data (PASSPHRASE, strlen (PASSPHRASE));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *db = g_build_filename (f->dir, "diary.db", NULL);
  g_autofree char *older = NULL;
  gsize older_len;
  AdwMessageDialog *dialog;

  diary = daybook_diary_create (f->dir, secret, NULL, &error);
  g_assert_no_error (error);
  daybook_diary_close (diary);
  g_clear_object (&diary);
  g_assert_true (g_file_get_contents (db, &older, &older_len, NULL));

  diary = daybook_diary_open (f->dir, secret, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      DaybookWhen when = { 1767261600 + i * 60, 0, (char *)"Europe/London" };

      daybook_incident_set_start (incident, &when);
      daybook_incident_set_title (incident, "Saved, then lost");
      g_assert_true (daybook_diary_save_incident (diary, incident, &error));
    }
  daybook_diary_close (diary);
  g_clear_object (&diary);
  g_assert_true (g_file_set_contents (db, older, older_len, NULL));

  diary = daybook_diary_open (f->dir, secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (daybook_diary_get_missing (diary));
  f->window = daybook_test_window_new (app, f->dir);
  daybook_test_window_unlocked (f->window, diary);
  daybook_test_spin (100);

  dialog = ADW_MESSAGE_DIALOG (daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Saved Changes Are Missing");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, daybook_diary_get_missing (diary));
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog), "Changes saved up to "));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A diary with nothing missing opens without that dialog. */
static void
test_nothing_missing (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookSecret) secret = daybook_secret_new_from_data (PASSPHRASE, strlen (PASSPHRASE));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;

  diary = daybook_diary_create (f->dir, secret, NULL, &error);
  g_assert_no_error (error);
  f->window = daybook_test_window_new (app, f->dir);
  daybook_test_window_unlocked (f->window, diary);
  daybook_test_spin (100);
  g_assert_null (daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_close_asks (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookSecret) secret = daybook_secret_new_from_data (PASSPHRASE, strlen (PASSPHRASE));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before;

  diary = daybook_diary_create (f->dir, secret, NULL, &error);
  g_assert_no_error (error);

  f->window = daybook_test_window_new (app, f->dir);
  daybook_test_window_unlocked (f->window, diary);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-incident", NULL);
  daybook_test_set_text (daybook_test_main_page (f->window, "editor"), "title_row", "Half written");

  /* Closing with unsaved edits asks instead of closing. */
  before = g_list_model_get_n_items (toplevels);
  gtk_window_close (GTK_WINDOW (f->window));
  daybook_test_spin (100);
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "main");
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);
  g_assert_true (daybook_main_view_has_unsaved_changes (
      DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"))));
}

/* The key file altered (here the passphrase slot's limits, checksum
 * recomputed): the diary opens with keys.bak, and the window says so. */
static void
test_key_notice (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookSecret) secret = daybook_secret_new_from_data (PASSPHRASE, strlen (PASSPHRASE));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *bytes = NULL;
  gsize len;
  const gsize slot_ops = 36 + 4; /* version 2 header, then the slot's opslimit */
  AdwMessageDialog *dialog;

  diary = daybook_diary_create (f->dir, secret, NULL, &error);
  g_assert_no_error (error);
  daybook_diary_close (diary);
  g_clear_object (&diary);

  g_assert_true (g_file_get_contents (keys, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, slot_ops + 8 + 32);
  g_assert_cmpuint ((guint8)bytes[8], ==, 2);
  bytes[slot_ops]++;
  crypto_generichash ((guint8 *)bytes + len - 32, 32, (guint8 *)bytes, len - 32, NULL, 0);
  g_assert_true (g_file_set_contents (keys, bytes, len, NULL));

  diary = daybook_diary_open (f->dir, secret, &error);
  g_assert_no_error (error);
  g_assert_nonnull (daybook_diary_get_key_notice (diary));
  f->window = daybook_test_window_new (app, f->dir);
  daybook_test_window_unlocked (f->window, diary);
  daybook_test_spin (100);

  dialog = ADW_MESSAGE_DIALOG (daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Key File Was Altered");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, daybook_diary_get_key_notice (diary));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "altered"));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  adw_message_dialog_response (dialog, "close");
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  daybook_test_spin (100);
  g_assert_null (dialog);
  /* Nothing was missing: no second dialog. */
  g_assert_null (daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* Xvfb has only Mesa's software OpenGL (llvmpipe): the window draws with
 * cairo there, not with GTK's GL renderer, whose shaders compiled by LLVM
 * would keep some 100 MB (daybook-renderer.c). */
static void
test_software_gl_cairo (Fixture *f, gconstpointer data)
{
  f->window = daybook_test_window_new (app, f->dir);
  g_assert_true (gtk_widget_get_realized (GTK_WIDGET (f->window)));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (f->window))), ==,
                   "GskCairoRenderer");
}

typedef struct
{
  DaybookTimeline *timeline;
  GtkWidget *list_view;
  guint rows_first;   /* row widgets when the first rows were painted */
  guint listed_first; /* items the list view had then */
} FirstPaint;

static guint
count_rows (GtkWidget *list_view)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();

  daybook_test_collect_type (list_view, DAYBOOK_TYPE_INCIDENT_ROW, rows);
  return rows->len;
}

static void
first_paint_cb (GdkFrameClock *clock, FirstPaint *fp)
{
  GListModel *model = daybook_timeline_get_model (fp->timeline);
  GListModel *listed = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fp->list_view)));

  if (fp->rows_first != 0 || model == NULL || g_list_model_get_n_items (listed) == 0)
    return;
  fp->listed_first = g_list_model_get_n_items (listed);
  fp->rows_first = count_rows (fp->list_view);
}

static gboolean
first_painted (gpointer data)
{
  return ((FirstPaint *)data)->rows_first != 0;
}

static gboolean
all_listed (gpointer data)
{
  FirstPaint *fp = data;
  GListModel *listed = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fp->list_view)));

  return g_list_model_get_n_items (listed)
         == g_list_model_get_n_items (daybook_timeline_get_model (fp->timeline));
}

/* Issue 17: the first screen of rows is all the first frame waits for.
 * GTK 4.8's list view makes a row widget for up to 200 items below its
 * top; at unlock those are built, bound and measured before anything is
 * drawn unless the list starts with what fits on the screen. Then the list
 * grows to every entry, in the model's order, and an entry far down can
 * still be reached. */
static void
test_first_screen_first (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookSecret) pass = daybook_test_secret (PASSPHRASE);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  FirstPaint fp = { 0 };
  GListModel *model, *listed;
  guint screen, n;
  gulong id;

  diary = daybook_diary_create (f->dir, pass, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (daybook_demo_fill (diary, 400, 1, &error));
  f->window = daybook_test_window_new (app, f->dir);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 700);
  daybook_test_spin (200);
  fp.timeline = DAYBOOK_TIMELINE (daybook_test_main_page (f->window, "timeline"));
  fp.list_view = daybook_test_need (GTK_WIDGET (fp.timeline), "list_view");
  id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), "after-paint",
                         G_CALLBACK (first_paint_cb), &fp);
  daybook_test_window_unlocked (f->window, diary);
  /* No spinner stands in for a quick first query. */
  g_assert_cmpstr (daybook_timeline_get_state (fp.timeline), ==, "list");
  daybook_test_wait_for (first_painted, &fp, "the first rows to be painted");
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), id);

  /* A row is at least 40 pixels tall: the first frame had no more rows
   * than fit in the window, of 400 entries. */
  screen = (guint)gtk_widget_get_height (GTK_WIDGET (f->window)) / 40 + 2;
  g_test_message ("first frame: %u of 400 entries listed, %u row widgets (screen: %u)",
                  fp.listed_first, fp.rows_first, screen);
  g_assert_cmpuint (fp.listed_first, <=, screen);
  g_assert_cmpuint (fp.rows_first, <=, screen);
  g_assert_cmpuint (fp.rows_first, >=, 5);

  daybook_test_wait_for (all_listed, &fp, "the list to grow to every entry");
  model = daybook_timeline_get_model (fp.timeline);
  listed = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (fp.list_view)));
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, 400);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, n);
  /* The same entries in the same order: newest first. */
  for (guint i = 0; i < n; i += 37)
    {
      g_autoptr (DaybookIncident) a = g_list_model_get_item (model, i);
      g_autoptr (DaybookIncident) b = g_list_model_get_item (listed, i);

      g_assert_cmpint (daybook_incident_get_number (a), ==, daybook_incident_get_number (b));
      if (i > 0)
        {
          g_autoptr (DaybookIncident) before = g_list_model_get_item (model, i - 1);

          g_assert_cmpint (daybook_incident_get_start (before)->utc, >=,
                           daybook_incident_get_start (a)->utc);
        }
    }
  /* The last entry opens like the first. */
  g_signal_emit_by_name (fp.list_view, "activate", n - 1);
  g_assert_cmpstr (daybook_main_view_get_page_name (
                       DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"))),
                   ==, "editor");
}

int
main (int argc, char *argv[])
{
  int ret;

  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);
  app = daybook_test_application_new ();

  g_test_add ("/ui/window/create-add-search-filter-lock-unlock", Fixture, NULL, fixture_setup,
              test_full_flow, fixture_teardown);
  g_test_add ("/ui/window/damaged", Fixture, NULL, fixture_setup, test_damaged, fixture_teardown);
  g_test_add ("/ui/window/close-asks", Fixture, NULL, fixture_setup, test_close_asks,
              fixture_teardown);
  g_test_add ("/ui/window/missing", Fixture, NULL, fixture_setup, test_missing, fixture_teardown);
  g_test_add ("/ui/window/key-notice", Fixture, NULL, fixture_setup, test_key_notice,
              fixture_teardown);
  g_test_add ("/ui/window/nothing-missing", Fixture, NULL, fixture_setup, test_nothing_missing,
              fixture_teardown);
  g_test_add ("/ui/window/first-screen-first", Fixture, NULL, fixture_setup,
              test_first_screen_first, fixture_teardown);
  g_test_add ("/ui/window/software-gl-cairo", Fixture, NULL, fixture_setup, test_software_gl_cairo,
              fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
