/* test-messages-window.c — importing a chat and making an entry from it, in the window
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. A WhatsApp export whose dates read two ways goes in
 * through the import dialog, driven as a user would: the first attempt is
 * refused with the two example lines and the date order is asked; with
 * "dmy" it imports. The Messages page's model must then hold every
 * message (counted in the model, not in the widgets on screen); three
 * selected messages make an entry that quotes and cites them, checked
 * through the real daybook-cli once the window is closed.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "daybook-error.h"
#include "daybook-import-dialog.h"
#include "daybook-main-view.h"
#include "daybook-messages-page.h"
#include "daybook-ui-test-util.h"

static DaybookApplication *app;
static const char *import_data; /* tests/data/import, the first argument */

static gboolean
dialog_idle (gpointer data)
{
  return !daybook_import_dialog_is_busy (data);
}

static gboolean
model_has_13 (gpointer data)
{
  return g_list_model_get_n_items (data) == 13;
}

static gboolean
model_has_1 (gpointer data)
{
  return g_list_model_get_n_items (data) == 1;
}

static int
cli (const char *dir, char **out, ...)
{
  va_list args;
  int status;

  va_start (args, out);
  status = daybook_test_cli_diary_valist (dir, TEST_PASSPHRASE "\n", out, NULL, args);
  va_end (args);
  return status;
}

static guint
json_array_length_of (const char *text, const char *member)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  root = json_parser_get_root (parser);
  if (member != NULL)
    return json_array_get_length (
        json_object_get_array_member (json_node_get_object (root), member));
  return json_array_get_length (json_node_get_array (root));
}

static void
test_import_and_cite (void)
{
  g_autofree char *dir = daybook_test_copy_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *path = g_build_filename (import_data, "whatsapp-ambiguous.txt", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *path2 = g_build_filename (import_data, "whatsapp-android-dmy-24h.txt", NULL);
  g_autoptr (GFile) second = g_file_new_for_path (path2);
  GtkWidget *search;
  DaybookDiary *diary = daybook_test_open (dir);
  DaybookWindow *window = daybook_test_window_new (app, dir);
  DaybookImportDialog *dialog;
  DaybookMessagesPage *page;
  GtkSelectionModel *selection;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *number_text = NULL;
  gint64 number;

  daybook_test_window_unlocked (window, diary);
  page = DAYBOOK_MESSAGES_PAGE (daybook_test_main_page (window, "messages"));
  selection = daybook_messages_page_get_selection (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 0);

  /* The preview refuses dates that read two ways and asks their order;
   * it stores nothing. */
  dialog = daybook_import_dialog_new (GTK_WINDOW (window), diary, file);
  gtk_window_present (GTK_WINDOW (dialog));
  daybook_test_wait_for (dialog_idle, dialog, "the preview");
  g_assert_true (daybook_import_dialog_asks_date_order (dialog));
  daybook_test_wait_for (dialog_idle, dialog, "the preview in the order shown");
  g_test_message ("%s", daybook_import_dialog_get_message (dialog));
  g_assert_nonnull (strstr (daybook_import_dialog_get_message (dialog), "03/04/2023"));
  g_assert_nonnull (strstr (daybook_import_dialog_get_message (dialog), "3 messages"));
  g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM messages"), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (diary, "SELECT count(*) FROM attachments"), ==, 0);

  /* Who is who: Sam Example is "Sam" of the register; "Jo" is the user. */
  g_assert_true (daybook_import_dialog_set_person (dialog, "Sam Example", "Sam"));
  g_assert_false (daybook_import_dialog_set_person (dialog, "Nobody", "X"));
  daybook_import_dialog_set_me (dialog, "Jo");
  daybook_test_screenshot (GTK_WIDGET (dialog), "import-dialog.png");
  daybook_import_dialog_set_date_order (dialog, "dmy");
  daybook_test_wait_for (dialog_idle, dialog, "the preview");
  daybook_import_dialog_start (dialog);
  g_assert_true (daybook_import_dialog_is_busy (dialog));
  daybook_test_wait_for (dialog_idle, dialog, "the import");
  g_test_message ("%s", daybook_import_dialog_get_message (dialog));
  g_assert_cmpuint (daybook_import_dialog_get_imported (dialog), ==, 3);
  g_assert_nonnull (strstr (daybook_import_dialog_get_message (dialog), "3 messages"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  {
    g_autoptr (DaybookPerson) sam = daybook_diary_find_person (diary, "Sam");

    g_assert_nonnull (sam);
    g_assert_cmpint (
        daybook_test_sql_count (diary, "SELECT count(*) FROM messages WHERE person_id IS NOT NULL"),
        ==, 2);
  }

  /* A second chat, whose dates prove their order: nothing asked. */
  dialog = daybook_import_dialog_new (GTK_WINDOW (window), diary, second);
  gtk_window_present (GTK_WINDOW (dialog));
  daybook_test_wait_for (dialog_idle, dialog, "the second preview");
  daybook_import_dialog_set_me (dialog, "Jo");
  daybook_import_dialog_start (dialog);
  daybook_test_wait_for (dialog_idle, dialog, "the second import");
  g_assert_false (daybook_import_dialog_asks_date_order (dialog));
  g_assert_cmpuint (daybook_import_dialog_get_imported (dialog), ==, 10);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The page reloads when the diary changes; its model holds them all,
   * whatever the list shows on screen. */
  daybook_test_wait_for (model_has_13, selection, "the page to reload");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 13);

  /* Searching narrows the model; clearing it brings every one back. */
  search = daybook_test_find_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "light");
  daybook_test_wait_for (model_has_1, selection, "the search");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  daybook_test_wait_for (model_has_13, selection, "the search to clear");

  /* A screen reader hears each row as one sentence; "You" is the user. */
  {
    g_autoptr (GPtrArray) all = NULL;
    DaybookMessageQuery query;
    guint in = 0, out_n = 0;

    daybook_message_query_init (&query);
    all = daybook_diary_list_messages (diary, &query, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < all->len; i++)
      {
        DaybookMessage *m = g_ptr_array_index (all, i);
        g_autofree char *spoken = daybook_message_dup_accessible_text (m);

        if (g_strcmp0 (m->direction, "out") == 0)
          {
            g_assert_true (g_str_has_prefix (spoken, "Message from you, "));
            out_n++;
          }
        else if (g_strcmp0 (m->sender, "Sam Example") == 0)
          {
            g_autofree char *expect
                = g_strdup_printf ("Message from %s, ", m->person != NULL ? m->person : m->sender);

            /* The register's name when the sender is mapped to a person. */
            g_assert_true (g_str_has_prefix (spoken, expect));
            g_assert_nonnull (strstr (spoken, m->text));
            in++;
          }
      }
    g_assert_cmpuint (in, >, 0);
    g_assert_cmpuint (out_n, >, 0);
  }

  /* Nothing selected: no entry. */
  g_assert_cmpint (daybook_messages_page_new_entry (page, &error), ==, 0);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED);
  g_clear_error (&error);

  daybook_main_view_show_page (DAYBOOK_MAIN_VIEW (daybook_window_get_page (window, "main")),
                               "messages");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  gtk_window_present (GTK_WINDOW (window));
  daybook_test_spin (600);
  gtk_selection_model_select_range (selection, 10, 3, TRUE);
  daybook_test_screenshot (GTK_WIDGET (window), "messages-page.png");
  number = daybook_messages_page_new_entry (page, &error);
  g_assert_no_error (error);
  g_assert_cmpint (number, >, 0);

  daybook_test_window_destroy (&window);
  g_clear_object (&diary);

  /* What an outsider sees. */
  g_assert_cmpint (cli (dir, &out, "messages", "--json", NULL), ==, 0);
  g_assert_cmpuint (json_array_length_of (out, NULL), ==, 13);
  g_clear_pointer (&out, g_free);
  number_text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  g_assert_cmpint (cli (dir, &out, "messages", "--entry", number_text, "--json", NULL), ==, 0);
  g_assert_cmpuint (json_array_length_of (out, NULL), ==, 3);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (dir, &out, "show", number_text, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Sam Example"));
  g_assert_nonnull (strstr (out, "third"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (dir, &out, "verify", NULL), ==, 0);

  daybook_test_rm_rf (parent);
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    g_error ("usage: test-messages-window --tap TESTS/DATA/IMPORT");
  import_data = argv[1];
  app = daybook_test_application_new ();
  g_test_add_func ("/ui/messages/import-and-cite", test_import_and_cite);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
