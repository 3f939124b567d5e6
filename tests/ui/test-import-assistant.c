/* test-import-assistant.c — dropping exports on the window, choosing the
 * format and a table's columns, and a Messages page that never shows a
 * stale list
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. A drop is the main view's GtkDropTarget's "drop"
 * signal with the file list a file manager gives (GDK_TYPE_FILE_LIST),
 * not a drag between two X clients: what is tested is what the window does
 * with the files. The format and the columns are read by the sandboxed
 * helper, as for a user.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "daybook-import-dialog.h"
#include "daybook-import.h"
#include "daybook-main-view.h"
#include "daybook-messages-page.h"
#include "daybook-ui-format.h"
#include "daybook-ui-test-util.h"

static DaybookApplication *app;
static const char *import_data; /* tests/data/import, the first argument */

static gboolean
dialog_idle (gpointer data)
{
  return !daybook_import_dialog_is_busy (data);
}

static gboolean
page_idle (gpointer data)
{
  return !daybook_messages_page_is_loading (data);
}

static DaybookMessagesPage *
messages_page (DaybookWindow *window)
{
  return DAYBOOK_MESSAGES_PAGE (daybook_test_main_page (window, "messages"));
}

/* Drops @names (files of tests/data/import, or absolute paths) on the
 * main view, as a file manager would; returns what the drop target
 * answered. */
static gboolean
drop_files (DaybookWindow *window, const char *const *names)
{
  GtkWidget *view = daybook_window_get_page (window, "main");
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (view);
  GtkDropTarget *target = NULL;
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (c))
        target = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (target);
  for (guint i = 0; names[i] != NULL; i++)
    files = g_slist_append (files, g_path_is_absolute (names[i])
                                       ? g_file_new_for_path (names[i])
                                       : g_file_new_build_filename (import_data, names[i], NULL));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  return handled;
}

static DaybookImportDialog *
shown_dialog (DaybookWindow *window)
{
  GtkWindow *dialog = daybook_messages_page_get_import_dialog (messages_page (window));

  return dialog != NULL ? DAYBOOK_IMPORT_DIALOG (dialog) : NULL;
}

static void
test_drop (void)
{
  g_autofree char *dir = daybook_test_copy_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  DaybookDiary *diary = daybook_test_open (dir);
  DaybookWindow *window = daybook_test_window_new (app, dir);
  const char *const two[] = { "whatsapp-android-dmy-24h.txt", "telegram-single.json", NULL };
  const char *const one[] = { "whatsapp-android-dmy-24h.txt", NULL };
  DaybookImportDialog *dialog;

  daybook_test_window_unlocked (window, diary);
  gtk_window_present (GTK_WINDOW (window));

  /* Two files: the assistant opens for the first, with WhatsApp found. */
  g_assert_true (drop_files (window, two));
  dialog = shown_dialog (window);
  g_assert_nonnull (dialog);
  daybook_test_wait_for (dialog_idle, dialog, "the WhatsApp preview");
  g_test_message ("%s", daybook_import_dialog_get_message (dialog));
  g_assert_cmpstr (daybook_import_dialog_get_format (dialog), ==, "whatsapp");
  g_assert_nonnull (strstr (daybook_import_dialog_get_message (dialog), "10 messages"));
  daybook_test_screenshot (GTK_WIDGET (dialog), "import-whatsapp.png");
  /* Nothing is stored before Import. */
  g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM attachments"), ==, 0);

  /* Closed: the next file's assistant opens, Telegram found. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  dialog = shown_dialog (window);
  g_assert_nonnull (dialog);
  daybook_test_wait_for (dialog_idle, dialog, "the Telegram preview");
  g_assert_cmpstr (daybook_import_dialog_get_format (dialog), ==, "telegram");

  /* Choosing another format reads the file that way: an e-mail it is not. */
  g_assert_true (daybook_import_dialog_set_format (dialog, "csv"));
  daybook_test_wait_for (dialog_idle, dialog, "the file read as a table");
  g_assert_cmpstr (daybook_import_dialog_get_format (dialog), ==, "csv");
  g_test_message ("%s", daybook_import_dialog_get_message (dialog));
  g_assert_cmpuint (daybook_import_dialog_get_n_preview_rows (dialog), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (shown_dialog (window));

  /* A photo is no export: the assistant says so and where it belongs,
   * and Import does nothing until a format is chosen. */
  {
    g_autofree char *photo = g_build_filename (parent, "photo.png", NULL);
    const char *const photos[] = { photo, NULL };
    static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0 };

    g_assert_true (g_file_set_contents (photo, (const char *)png, sizeof png, NULL));
    g_assert_true (drop_files (window, photos));
    dialog = shown_dialog (window);
    daybook_test_wait_for (dialog_idle, dialog, "the photo's probe");
    g_test_message ("%s", daybook_import_dialog_get_message (dialog));
    g_assert_null (daybook_import_dialog_get_format (dialog));
    g_assert_nonnull (strstr (daybook_import_dialog_get_message (dialog), "Evidence page"));
    daybook_test_screenshot (GTK_WIDGET (dialog), "import-not-recognised.png");
    daybook_import_dialog_start (dialog);
    g_assert_false (daybook_import_dialog_is_busy (dialog));
    g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM attachments"), ==, 0);
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  /* Locking closes the assistant and forgets the files still waiting. */
  g_assert_true (drop_files (window, two));
  g_assert_nonnull (shown_dialog (window));
  daybook_window_lock (window);
  daybook_test_spin (100);
  g_assert_null (shown_dialog (window));
  g_assert_null (daybook_test_find_toplevel (DAYBOOK_TYPE_IMPORT_DIALOG));

  /* Locked, a drop is refused and opens nothing. */
  g_assert_false (drop_files (window, one));
  daybook_test_spin (100);
  g_assert_null (shown_dialog (window));
  g_assert_null (daybook_test_find_toplevel (DAYBOOK_TYPE_IMPORT_DIALOG));

  daybook_test_window_destroy (&window);
  g_clear_object (&diary);
  daybook_test_rm_rf (parent);
}

static JsonObject *
headers_of (JsonParser *parser, const DaybookMessage *m)
{
  g_assert_true (json_parser_load_from_data (parser, m->headers, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_csv_columns (void)
{
  g_autofree char *dir = daybook_test_copy_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *odd = g_build_filename (parent, "log.csv", NULL);
  DaybookDiary *diary = daybook_test_open (dir);
  DaybookWindow *window = daybook_test_window_new (app, dir);
  const char *const table[] = { "csv-comma-utf8.csv", NULL };
  const char *const odd_table[] = { odd, NULL };
  DaybookImportDialog *dialog;
  g_autofree char *columns = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (GError) error = NULL;
  DaybookMessageQuery query;

  daybook_test_window_unlocked (window, diary);
  gtk_window_present (GTK_WINDOW (window));

  /* Column names the parser does not know: only those it knows are
   * preselected, and without a date column nothing can be read. */
  g_assert_true (g_file_set_contents (odd,
                                      "When,Clock,Headline,Story,Location,Person,Crime number\n"
                                      "13/03/2023,22:15,Car outside,Parked all night,Home,M,CR1\n",
                                      -1, NULL));
  /* (The second import below checks the cells of where, who and police.) */
  g_assert_true (drop_files (window, odd_table));
  dialog = shown_dialog (window);
  daybook_test_wait_for (dialog_idle, dialog, "the odd table's probe");
  /* No column named as a date: detection cannot tell it is a table. */
  g_assert_null (daybook_import_dialog_get_format (dialog));
  g_assert_null (daybook_import_dialog_dup_columns (dialog));
  g_assert_true (daybook_import_dialog_set_format (dialog, "csv"));
  daybook_test_wait_for (dialog_idle, dialog, "the odd table's preview");
  g_test_message ("%s", daybook_import_dialog_get_message (dialog));
  g_assert_cmpstr (daybook_import_dialog_get_format (dialog), ==, "csv");
  columns = daybook_import_dialog_dup_columns (dialog);
  g_assert_cmpstr (columns, ==, "title=3,where=5,who=6,police=7");
  g_clear_pointer (&columns, g_free);
  g_assert_nonnull (strstr (daybook_import_dialog_get_message (dialog), "no date column"));
  g_assert_cmpuint (daybook_import_dialog_get_n_preview_rows (dialog), ==, 0);
  g_assert_true (daybook_import_dialog_set_column (dialog, "date", 1));
  daybook_test_wait_for (dialog_idle, dialog, "the preview with a date");
  g_assert_cmpuint (daybook_import_dialog_get_n_preview_rows (dialog), ==, 1);
  g_assert_false (daybook_import_dialog_set_column (dialog, "date", 8));
  g_assert_true (daybook_import_dialog_set_column (dialog, "time", 2));
  g_assert_true (daybook_import_dialog_set_column (dialog, "text", 4));
  daybook_test_wait_for (dialog_idle, dialog, "the preview with every column");
  g_test_message ("%s", daybook_import_dialog_get_preview_row (dialog, 0));
  g_assert_cmpstr (daybook_import_dialog_get_preview_row (dialog, 0), ==,
                   "Line 2 · 13 March 2023 22:15 · Car outside\nWhat happened: Parked all "
                   "night\nWhere: Home\nWho: M\nPolice reference: CR1");
  daybook_import_dialog_start (dialog);
  daybook_test_wait_for (dialog_idle, dialog, "the odd table's import");
  g_assert_cmpuint (daybook_import_dialog_get_imported (dialog), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The fixture's names are known: every one is preselected. */
  g_assert_true (drop_files (window, table));
  dialog = shown_dialog (window);
  daybook_test_wait_for (dialog_idle, dialog, "the table's preview");
  g_test_message ("%s", daybook_import_dialog_get_message (dialog));
  g_assert_cmpstr (daybook_import_dialog_get_format (dialog), ==, "csv");
  columns = daybook_import_dialog_dup_columns (dialog);
  g_assert_cmpstr (columns, ==, "date=1,time=2,title=3,text=4,where=5");
  g_clear_pointer (&columns, g_free);
  g_assert_cmpuint (daybook_import_dialog_get_n_preview_rows (dialog), ==, 2);

  /* The user says the title is in the description column and the other
   * way round, and that no column holds the place. */
  g_assert_true (daybook_import_dialog_set_column (dialog, "title", 4));
  g_assert_true (daybook_import_dialog_set_column (dialog, "text", 3));
  g_assert_true (daybook_import_dialog_set_column (dialog, "where", 0));
  daybook_test_wait_for (dialog_idle, dialog, "the preview in the columns chosen");
  columns = daybook_import_dialog_dup_columns (dialog);
  g_assert_cmpstr (columns, ==, "date=1,time=2,title=4,text=3");
  g_assert_cmpuint (daybook_import_dialog_get_n_preview_rows (dialog), ==, 2);
  g_test_message ("%s", daybook_import_dialog_get_preview_row (dialog, 0));
  /* The first row, as it will be imported: its time read as 22:15, its
   * title the description, no place. */
  g_assert_nonnull (strstr (daybook_import_dialog_get_preview_row (dialog, 0), "22:15"));
  g_assert_true (g_str_has_prefix (daybook_import_dialog_get_preview_row (dialog, 0), "Line 2 · "));
  g_assert_nonnull (
      strstr (daybook_import_dialog_get_preview_row (dialog, 0), "· He followed me\nfrom"));
  g_assert_nonnull (
      strstr (daybook_import_dialog_get_preview_row (dialog, 0), "What happened: Followed, again"));
  g_assert_null (strstr (daybook_import_dialog_get_preview_row (dialog, 0), "Station\n"));
  g_assert_null (strstr (daybook_import_dialog_get_preview_row (dialog, 0), "Where:"));
  daybook_test_screenshot (GTK_WIDGET (dialog), "import-csv-columns.png");

  daybook_import_dialog_start (dialog);
  daybook_test_wait_for (dialog_idle, dialog, "the import");
  g_test_message ("%s", daybook_import_dialog_get_message (dialog));
  g_assert_cmpuint (daybook_import_dialog_get_imported (dialog), ==, 2);
  /* Each row became an entry (the odd table's one before them), and the
   * dialog says so. */
  g_assert_nonnull (strstr (daybook_import_dialog_get_message (dialog),
                            "2 rows became entries, each citing its row"));
  g_assert_cmpint (daybook_diary_count_incidents (diary), ==, 3);
  daybook_test_screenshot (GTK_WIDGET (dialog), "import-csv-done.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* What was stored has the fields as mapped. */
  daybook_message_query_init (&query);
  messages = daybook_diary_list_messages (diary, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 3);
  {
    g_autoptr (JsonParser) parser = json_parser_new ();
    const DaybookMessage *m = g_ptr_array_index (messages, 0);
    JsonObject *h = headers_of (parser, m);
    g_autofree char *spoken = daybook_message_dup_accessible_text (m);

    g_assert_cmpstr (json_object_get_string_member (h, "title"), ==, "Car outside");
    g_assert_cmpstr (json_object_get_string_member (h, "text"), ==, "Parked all night");
    g_assert_cmpstr (json_object_get_string_member (h, "where"), ==, "Home");
    g_assert_cmpstr (json_object_get_string_member (h, "who"), ==, "M");
    g_assert_cmpstr (json_object_get_string_member (h, "police"), ==, "CR1");
    g_test_message ("%s", spoken);
    g_assert_true (g_str_has_suffix (
        spoken, ": Car outside\nParked all night\nWhere: Home\nWho: M\nPolice reference: CR1"));
  }
  {
    g_autoptr (JsonParser) parser = json_parser_new ();
    const DaybookMessage *m = g_ptr_array_index (messages, 1);
    JsonObject *h = headers_of (parser, m);
    g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
    g_autoptr (GDateTime) at = g_date_time_new (london, 2023, 3, 14, 22, 15, 0);

    g_assert_cmpstr (json_object_get_string_member (h, "title"), ==,
                     "He followed me\nfrom the station");
    g_assert_cmpstr (json_object_get_string_member (h, "text"), ==, "Followed, again");
    g_assert_false (json_object_has_member (h, "where"));
    g_assert_cmpstr (m->text, ==, "Followed, again");
    g_assert_cmpint (m->sent_utc, ==, g_date_time_to_unix (at));
    g_assert_cmpuint (m->line, ==, 2);
  }
  /* The Messages page shows (and a screen reader says) the row's title
   * above what happened. */
  {
    g_autofree char *spoken = daybook_message_dup_accessible_text (g_ptr_array_index (messages, 1));

    g_test_message ("%s", spoken);
    g_assert_nonnull (strstr (spoken, ": He followed me\nfrom the station\nFollowed, again"));
  }

  daybook_test_window_destroy (&window);
  g_clear_object (&diary);
  daybook_test_rm_rf (parent);
}

static void
import_chat (DaybookDiary *diary, const char *name)
{
  g_autofree char *path = g_build_filename (import_data, name, NULL);
  DaybookImportChoices choices = { 0 };
  g_autoptr (DaybookImportResult) r = NULL;
  g_autoptr (GError) error = NULL;

  choices.me = "Jo";
  r = daybook_diary_import_messages (diary, path, &choices, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
}

/* Types @text in the "From" date field and presses Enter. (Not the
 * search entry: its own timer would start queries of its own.) */
static void
from_date (GtkWidget *from, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (from), text);
  g_signal_emit_by_name (from, "activate");
}

/* How many messages the diary holds from @day on. */
static guint
count_from (DaybookDiary *diary, const char *day)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GPtrArray) all = NULL;
  DaybookMessageQuery query;

  daybook_message_query_init (&query);
  g_assert_true (daybook_parse_day_bound (day, FALSE, local, &query.from, NULL));
  all = daybook_diary_list_messages (diary, &query, NULL);
  g_assert_nonnull (all);
  return all->len;
}

static void
test_latest_query (void)
{
  g_autofree char *dir = daybook_test_copy_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  DaybookDiary *diary = daybook_test_open (dir);
  DaybookWindow *window = NULL;
  DaybookMessagesPage *page;
  GListModel *model;
  GtkWidget *from;
  GtkWidget *list;
  guint late;

  import_chat (diary, "whatsapp-android-dmy-24h.txt");
  late = count_from (diary, "2023-03-20");
  g_assert_cmpuint (late, >, 0);
  g_assert_cmpuint (late, <, 10);
  window = daybook_test_window_new (app, dir);
  daybook_test_window_unlocked (window, diary);
  page = messages_page (window);
  model = G_LIST_MODEL (daybook_messages_page_get_selection (page));
  from = daybook_test_find_type (GTK_WIDGET (page), GTK_TYPE_ENTRY);
  {
    g_autoptr (GPtrArray) views = g_ptr_array_new ();

    /* The transcript's, not a drop-down's. */
    daybook_test_collect_type (GTK_WIDGET (page), GTK_TYPE_LIST_VIEW, views);
    list = NULL;
    for (guint i = 0; i < views->len; i++)
      if (gtk_list_view_get_model (g_ptr_array_index (views, i))
          == daybook_messages_page_get_selection (page))
        list = g_ptr_array_index (views, i);
    g_assert_nonnull (list);
  }
  g_assert_nonnull (from);
  daybook_test_wait_for (page_idle, page, "the first list");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);

  /* A slow query (from the 20th), then at once another (every message):
   * only the second is shown, however late the first ends. */
  _daybook_messages_page_delay_next_load_for_test (page, 800);
  from_date (from, "2023-03-20");
  g_assert_true (daybook_messages_page_is_loading (page));
  from_date (from, "");
  daybook_test_wait_for (page_idle, page, "the second query");
  daybook_test_spin (1200);
  g_assert_false (daybook_messages_page_is_loading (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);

  /* The other way round: the slow one is the latest, and wins. */
  from_date (from, "2030-01-01");
  _daybook_messages_page_delay_next_load_for_test (page, 500);
  from_date (from, "2023-03-20");
  daybook_test_spin (100);
  g_assert_true (daybook_messages_page_is_loading (page));
  /* Meanwhile the earlier answer is greyed out, not offered as this one. */
  g_assert_false (gtk_widget_get_sensitive (list));
  daybook_test_wait_for (page_idle, page, "the slow query");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, late);
  g_assert_true (gtk_widget_get_sensitive (list));

  /* Locked while a query runs: its answer never reaches the page. */
  _daybook_messages_page_delay_next_load_for_test (page, 800);
  from_date (from, "");
  g_assert_true (daybook_messages_page_is_loading (page));
  daybook_window_lock (window);
  g_assert_false (daybook_messages_page_is_loading (page));
  daybook_test_spin (1200);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  daybook_test_window_destroy (&window);
  g_clear_object (&diary);
  daybook_test_rm_rf (parent);
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    g_error ("usage: test-import-assistant --tap TESTS/DATA/IMPORT");
  import_data = argv[1];
  app = daybook_test_application_new ();
  g_test_add_func ("/ui/import/drop", test_drop);
  g_test_add_func ("/ui/import/csv-columns", test_csv_columns);
  g_test_add_func ("/ui/messages/latest-query", test_latest_query);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
