/* test-registers-window.c — the Orders and Police contacts pages, breach
 * marking in the entry editor, and the Overview, in the window
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. Each record is made by typing into the window, then
 * read back through the core and through daybook-cli (after locking: the
 * CLI cannot open a diary the window holds), as an outsider would.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "daybook-application.h"
#include "daybook-contact-editor.h"
#include "daybook-error.h"
#include "daybook-incident-editor.h"
#include "daybook-main-view.h"
#include "daybook-order-editor.h"
#include "daybook-overview-page.h"
#include "daybook-page.h"
#include "daybook-registers.h"
#include "daybook-report-page.h"
#include "daybook-test-util.h"
#include "daybook-window.h"
#include "daybook-ui-test-util.h"

static DaybookApplication *app;

typedef struct
{
  char *dir;
  DaybookDiary *diary;
  DaybookWindow *window;
  DaybookMainView *view;
} Fixture;

/* Helpers */

static gboolean
has_name (GtkWidget *widget, const char *name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* Every widget named @name below @root, in order. */
static void
collect_named (GtkWidget *root, const char *name, GPtrArray *out)
{
  if (has_name (root, name))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_named (child, name, out);
}

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  collect_named (root, name, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/* The entry row titled @title below @root. */
static GtkEditable *
entry_row (GtkWidget *root, const char *title)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();

  daybook_test_collect_type (root, ADW_TYPE_ENTRY_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return GTK_EDITABLE (g_ptr_array_index (rows, i));
  g_error ("No entry row titled %s", title);
  return NULL;
}

static AdwComboRow *
combo_row (GtkWidget *root, const char *title)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();

  daybook_test_collect_type (root, ADW_TYPE_COMBO_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return ADW_COMBO_ROW (g_ptr_array_index (rows, i));
  g_error ("No combo row titled %s", title);
  return NULL;
}

/* The label of the entries button in the overview row @name, or NULL. */
static const char *
entries_label (GtkWidget *page, const char *name)
{
  GtkWidget *row = find_named (page, name);
  GtkWidget *button;

  if (row == NULL)
    return NULL;
  button = daybook_test_find_type (row, GTK_TYPE_MENU_BUTTON);
  return button != NULL ? gtk_menu_button_get_label (GTK_MENU_BUTTON (button)) : NULL;
}

/* With DAYBOOK_SCREENSHOT_DIR set, saves the X screen as NAME.png there
 * (ImageMagick's import), to look at; not a check. */
static void
screenshot (Fixture *f, const char *name)
{
  const char *dir = g_getenv ("DAYBOOK_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (dir == NULL)
    return;
  /* The pointer out of the window: no tooltip in the picture. */
  g_spawn_command_line_sync ("xdotool mousemove 1270 790", NULL, NULL, NULL, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  daybook_test_spin (1000);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (g_spawn_sync (NULL, (char *[]){ "import", "-window", "root", path, NULL }, NULL,
                               G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static gboolean
overview_idle (gpointer page)
{
  return !daybook_overview_page_is_busy (DAYBOOK_OVERVIEW_PAGE (page));
}

/* Locks the window (saving every page) so daybook-cli can open the diary,
 * and returns what `daybook-cli ARGS --json` printed, parsed. */
static JsonNode *
cli_json (Fixture *f, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  va_list ap;
  int status;

  if (daybook_window_get_diary (f->window) != NULL)
    daybook_window_lock (f->window);
  daybook_diary_close (f->diary);
  g_ptr_array_add (argv, (gpointer) "--diary");
  g_ptr_array_add (argv, f->dir);
  g_ptr_array_add (argv, (gpointer) "--passphrase-fd");
  g_ptr_array_add (argv, (gpointer) "0");
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer)a);
  va_end (ap);
  g_ptr_array_add (argv, (gpointer) "--json");
  g_ptr_array_add (argv, NULL);
  status
      = daybook_test_cli_argv (TEST_PASSPHRASE "\n", &out, &err, (const char *const *)argv->pdata);
  g_test_message ("cli: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The array of records in a listing: the root, or its member @member. */
static JsonArray *
records (JsonNode *root, const char *member)
{
  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_true (json_object_has_member (json_node_get_object (root), member));
  return json_object_get_array_member (json_node_get_object (root), member);
}

static void
show_page (Fixture *f, const char *name)
{
  daybook_main_view_show_page (f->view, name);
  g_assert_cmpstr (daybook_main_view_get_page_name (f->view), ==, name);
  daybook_test_spin (50);
}

static gint64
add_entry (Fixture *f, const char *title, DaybookBehaviour types, const char *when,
           gboolean is_private)
{
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GError) error = NULL;
  DaybookWhen start = {
    0,
  };

  g_assert_true (daybook_when_parse (when, zone, &start, NULL, &error));
  g_assert_no_error (error);
  daybook_incident_set_title (incident, title);
  daybook_incident_set_start (incident, &start);
  daybook_incident_set_types (incident, types);
  daybook_incident_set_private (incident, is_private);
  daybook_when_clear (&start);
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_no_error (error);
  return daybook_incident_get_number (incident);
}

static gint64
add_order (Fixture *f)
{
  g_autoptr (DaybookOrder) order = daybook_order_new (DAYBOOK_ORDER_SPO);
  g_autoptr (GError) error = NULL;

  daybook_order_set_field (order, DAYBOOK_ORDER_COURT, "Leeds Magistrates’ Court");
  daybook_order_set_field (order, DAYBOOK_ORDER_REFERENCE, "SPO/2026/17");
  daybook_order_add_term (order, "Not to contact the applicant directly or indirectly");
  daybook_order_add_term (order, "Not to enter Elm Road");
  g_assert_true (daybook_diary_save_order (f->diary, order, &error));
  g_assert_no_error (error);
  return daybook_order_get_id (order);
}

/* Fixture: the window unlocked on a fresh diary. */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
  f->diary = daybook_test_open (f->dir);
  f->window = daybook_test_window_new (app, f->dir);
  daybook_test_window_unlocked (f->window, f->diary);
  f->view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  daybook_test_window_destroy (&f->window);
  g_clear_object (&f->diary);
  daybook_test_rm_rf (parent);
  g_free (f->dir);
}

/* Tests */

/* An order with two terms, typed in the window, read back by the core and
 * by `orders --json`; a removed term keeps its number and text. */
static void
test_order_round_trip (Fixture *f, gconstpointer data)
{
  GtkWidget *page = daybook_main_view_get_page (f->view, "orders");
  g_autoptr (GPtrArray) terms = g_ptr_array_new ();
  g_autoptr (GListModel) orders = NULL;
  g_autoptr (DaybookOrder) order = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *listed, *json_terms;
  JsonObject *first;

  show_page (f, "orders");
  gtk_widget_activate_action (page, "orders.add", NULL);
  adw_combo_row_set_selected (combo_row (page, "Kind"), DAYBOOK_ORDER_NON_MOLESTATION);
  gtk_editable_set_text (entry_row (page, "Court, or the police force that issued it"),
                         "Leeds County Court");
  gtk_editable_set_text (entry_row (page, "Reference"), "NM-2026-0042");
  gtk_editable_set_text (entry_row (page, "Made on"), "2026-03-02");
  gtk_editable_set_text (entry_row (page, "Expires on"), "2027-03-01");

  /* Two terms, typed into the rows "Add a Term" makes. */
  g_assert_true (gtk_widget_activate_action (
      daybook_test_find_type (page, DAYBOOK_TYPE_ORDER_EDITOR), "order.add-term", NULL));
  g_assert_true (gtk_widget_activate_action (
      daybook_test_find_type (page, DAYBOOK_TYPE_ORDER_EDITOR), "order.add-term", NULL));
  collect_named (page, "term", terms);
  g_assert_cmpuint (terms->len, ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (terms, 0)),
                         "Not to contact the applicant directly or indirectly");
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (terms, 1)), "Not to enter Elm Road");
  g_assert_true (daybook_page_has_unsaved_changes (DAYBOOK_PAGE (page)));
  g_assert_true (daybook_page_save (DAYBOOK_PAGE (page), FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (daybook_page_has_unsaved_changes (DAYBOOK_PAGE (page)));

  orders = daybook_diary_list_orders (f->diary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (orders), ==, 1);
  order = g_list_model_get_item (orders, 0);
  g_assert_cmpint (daybook_order_get_kind (order), ==, DAYBOOK_ORDER_NON_MOLESTATION);
  g_assert_cmpstr (daybook_order_get_field (order, DAYBOOK_ORDER_COURT), ==, "Leeds County Court");
  g_assert_cmpstr (daybook_order_get_field (order, DAYBOOK_ORDER_REFERENCE), ==, "NM-2026-0042");
  g_assert_cmpstr (daybook_order_get_field (order, DAYBOOK_ORDER_MADE_ON), ==, "2026-03-02");
  g_assert_cmpstr (daybook_order_get_field (order, DAYBOOK_ORDER_SERVED_ON), ==, "");
  g_assert_cmpstr (daybook_order_get_field (order, DAYBOOK_ORDER_EXPIRES_ON), ==, "2027-03-01");
  g_assert_cmpuint (daybook_order_get_n_terms (order), ==, 2);
  g_assert_cmpuint (daybook_order_get_term (order, 1)->number, ==, 2);
  g_assert_cmpstr (daybook_order_get_term (order, 1)->text, ==, "Not to enter Elm Road");

  /* Term 1 removed in the editor: kept, numbered 1, marked removed; term 2
   * keeps its number. */
  {
    g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
    GtkWidget *remove = NULL;

    daybook_test_collect_type (page, GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)), "Remove Term 1")
          == 0)
        remove = g_ptr_array_index (buttons, i);
    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");
  }
  g_assert_nonnull (find_named (page, "removed-term"));
  screenshot (f, "order-editor");
  g_assert_true (daybook_page_save (DAYBOOK_PAGE (page), FALSE, &error));
  g_assert_no_error (error);
  g_clear_object (&order);
  g_clear_object (&orders);
  orders = daybook_diary_list_orders (f->diary, &error);
  order = g_list_model_get_item (orders, 0);
  g_assert_true (daybook_order_find_term (order, 1)->deleted);
  g_assert_cmpstr (daybook_order_find_term (order, 1)->text, ==,
                   "Not to contact the applicant directly or indirectly");
  g_assert_false (daybook_order_find_term (order, 2)->deleted);

  /* An order that expires before it was made is refused, in the editor,
   * and nothing is lost: the editor keeps what was typed. */
  gtk_editable_set_text (entry_row (page, "Expires on"), "2025-01-01");
  g_assert_false (daybook_page_save (DAYBOOK_PAGE (page), FALSE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (daybook_page_has_unsaved_changes (DAYBOOK_PAGE (page)));
  gtk_editable_set_text (entry_row (page, "Expires on"), "2027-03-01");
  g_assert_true (gtk_widget_activate_action (
      daybook_test_find_type (page, DAYBOOK_TYPE_ORDER_EDITOR), "order.close", NULL));
  g_assert_false (daybook_page_has_unsaved_changes (DAYBOOK_PAGE (page)));
  screenshot (f, "orders-page");

  /* daybook-cli reads what the window saved. */
  root = cli_json (f, "orders", NULL);
  listed = records (root, "orders");
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  first = json_array_get_object_element (listed, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "reference"), ==, "NM-2026-0042");
  json_terms = json_object_get_array_member (first, "terms");
  g_assert_cmpuint (json_array_get_length (json_terms), ==, 2);
  g_assert_cmpint (
      json_object_get_int_member (json_array_get_object_element (json_terms, 1), "number"), ==, 2);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (json_terms, 1), "text"), ==,
      "Not to enter Elm Road");
  g_assert_true (
      json_object_get_boolean_member (json_array_get_object_element (json_terms, 0), "deleted"));
}

/* Ticking "Order 1, term 2" in the entry editor marks the entry as a
 * possible breach of term 2, as `show N --json` says. */
static void
test_breach_marking (Fixture *f, gconstpointer data)
{
  GtkWidget *editor = daybook_main_view_get_page (f->view, "editor");
  gint64 order_id = add_order (f);
  gint64 number
      = add_entry (f, "Seen on Elm Road", DAYBOOK_BEHAVIOUR_LOITERING, "2026-04-01 18:30", FALSE);
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  g_autoptr (DaybookIncident) stored = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *term2 = NULL;
  GtkWidget *row2 = NULL;
  JsonObject *entry;
  JsonArray *breaches;

  daybook_main_view_open_incident (f->view, number);
  g_assert_cmpstr (daybook_main_view_get_page_name (f->view), ==, "editor");
  collect_named (editor, "breach", rows);
  g_assert_cmpuint (rows->len, ==, 2);
  term2 = g_strdup_printf ("Order %d, term 2: Not to enter Elm Road", (int)order_id);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), term2) == 0)
      row2 = g_ptr_array_index (rows, i);
  g_assert_nonnull (row2);
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (daybook_test_find_type (row2, GTK_TYPE_CHECK_BUTTON)), TRUE);
  g_assert_true (daybook_page_has_unsaved_changes (DAYBOOK_PAGE (editor)));
  {
    GtkWidget *expander = gtk_widget_get_ancestor (row2, ADW_TYPE_EXPANDER_ROW);

    GtkWidget *scroller = gtk_widget_get_ancestor (expander, GTK_TYPE_SCROLLED_WINDOW);
    graphene_rect_t bounds;

    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
    gtk_widget_grab_focus (row2);
    daybook_test_spin (100);
    if (gtk_widget_compute_bounds (
            expander, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)), &bounds))
      gtk_adjustment_set_value (
          gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
          bounds.origin.y - 120);
    screenshot (f, "breach-marking");
  }
  g_assert_true (daybook_page_save (DAYBOOK_PAGE (editor), FALSE, &error));
  g_assert_no_error (error);

  stored = daybook_diary_get_incident (f->diary, number, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (daybook_incident_get_n_breaches (stored), ==, 1);
  g_assert_true (daybook_incident_has_breach (stored, order_id, 2));
  g_assert_false (daybook_incident_has_breach (stored, order_id, 1));

  /* Opened again, the tick is there. */
  daybook_main_view_show_page (f->view, "timeline");
  daybook_main_view_open_incident (f->view, number);
  g_ptr_array_set_size (rows, 0);
  collect_named (editor, "breach", rows);
  {
    guint ticked = 0;

    for (guint i = 0; i < rows->len; i++)
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (
              daybook_test_find_type (g_ptr_array_index (rows, i), GTK_TYPE_CHECK_BUTTON))))
        ticked++;
    g_assert_cmpuint (ticked, ==, 1);
  }

  {
    g_autofree char *arg = g_strdup_printf ("%" G_GINT64_FORMAT, number);

    root = cli_json (f, "show", arg, NULL);
  }
  entry = JSON_NODE_HOLDS_ARRAY (root)
              ? json_array_get_object_element (json_node_get_array (root), 0)
              : json_node_get_object (root);
  g_assert_true (json_object_has_member (entry, "breaches"));
  breaches = json_object_get_array_member (entry, "breaches");
  g_assert_cmpuint (json_array_get_length (breaches), ==, 1);
  g_assert_cmpint (
      json_object_get_int_member (json_array_get_object_element (breaches, 0), "order"), ==,
      order_id);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (breaches, 0), "term"),
                   ==, 2);
}

/* A police contact typed in the window, with the entries reported in it,
 * read back by the core and by `contacts --json`; an entry that does not
 * exist is refused with a sentence, and what was typed stays. */
static void
test_contact_round_trip (Fixture *f, gconstpointer data)
{
  GtkWidget *page = daybook_main_view_get_page (f->view, "contacts");
  GtkWidget *editor = daybook_main_view_get_page (f->view, "editor");
  gint64 first
      = add_entry (f, "Flowers at the door", DAYBOOK_BEHAVIOUR_PROPERTY, "2026-04-01 08:00", FALSE);
  gint64 second
      = add_entry (f, "Messages all night", DAYBOOK_BEHAVIOUR_CONTACT, "2026-04-02 23:00", FALSE);
  g_autofree char *entries
      = g_strdup_printf ("%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT, first, second);
  g_autoptr (GListModel) contacts = NULL;
  g_autoptr (DaybookPoliceContact) contact = NULL;
  g_autoptr (GArray) linked = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *listed;
  JsonObject *json;

  show_page (f, "contacts");
  gtk_widget_activate_action (page, "contacts.add", NULL);
  adw_combo_row_set_selected (combo_row (page, "How"), DAYBOOK_CONTACT_101);
  gtk_editable_set_text (entry_row (page, "Police force"), "West Yorkshire Police");
  gtk_editable_set_text (entry_row (page, "Officer"), "PC Example");
  gtk_editable_set_text (entry_row (page, "Collar or warrant number"), "4471");
  gtk_editable_set_text (entry_row (page, "Crime or incident reference"), "13/123456/26");
  gtk_editable_set_text (entry_row (page, "Entries reported, by number (for example 3, 5, 8)"),
                         "999");
  g_assert_false (daybook_page_save (DAYBOOK_PAGE (page), FALSE, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (daybook_page_has_unsaved_changes (DAYBOOK_PAGE (page)));
  gtk_editable_set_text (entry_row (page, "Entries reported, by number (for example 3, 5, 8)"),
                         entries);
  screenshot (f, "contact-editor");
  g_assert_true (daybook_page_save (DAYBOOK_PAGE (page), FALSE, &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (
      GTK_WIDGET (daybook_test_find_type (page, DAYBOOK_TYPE_CONTACT_EDITOR)), "contact.close",
      NULL);
  screenshot (f, "contacts-page");

  contacts = daybook_diary_list_contacts (f->diary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (contacts), ==, 1);
  contact = g_list_model_get_item (contacts, 0);
  g_assert_cmpint (daybook_police_contact_get_how (contact), ==, DAYBOOK_CONTACT_101);
  g_assert_cmpstr (daybook_police_contact_get_field (contact, DAYBOOK_CONTACT_FORCE), ==,
                   "West Yorkshire Police");
  g_assert_cmpstr (daybook_police_contact_get_field (contact, DAYBOOK_CONTACT_COLLAR), ==, "4471");
  g_assert_cmpstr (daybook_police_contact_get_field (contact, DAYBOOK_CONTACT_REFERENCE), ==,
                   "13/123456/26");
  g_assert_cmpuint (daybook_police_contact_get_n_entries (contact), ==, 2);
  g_assert_cmpint (daybook_police_contact_get_entry (contact, 1), ==, second);

  /* The entry editor shows the contact ticked for the first entry; taking
   * the tick off changes the contact at once. */
  daybook_main_view_open_incident (f->view, first);
  {
    GtkWidget *row = find_named (editor, "contact");
    GtkCheckButton *check;

    g_assert_nonnull (row);
    check = GTK_CHECK_BUTTON (daybook_test_find_type (row, GTK_TYPE_CHECK_BUTTON));
    g_assert_true (gtk_check_button_get_active (check));
    gtk_check_button_set_active (check, FALSE);
  }
  linked = daybook_diary_list_incident_contacts (f->diary, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (linked->len, ==, 0);

  root = cli_json (f, "contacts", NULL);
  listed = records (root, "contacts");
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  json = json_array_get_object_element (listed, 0);
  g_assert_cmpstr (json_object_get_string_member (json, "reference"), ==, "13/123456/26");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json, "entries")), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (json, "entries"), 0),
                   ==, second);
}

/* The Overview counts a crafted diary right, leaves out private entries
 * until asked, and follows a change made meanwhile. */
static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
widget_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static void
test_overview_counts (Fixture *f, gconstpointer data)
{
  GtkWidget *page = daybook_main_view_get_page (f->view, "overview");
  GtkWidget *private_switch;
  gint64 order_id = add_order (f);
  gint64 numbers[4];
  g_autofree char *breach_row = NULL;
  g_autoptr (GError) error = NULL;
  DaybookBreach breach = { order_id, 2 };

  numbers[0] = add_entry (f, "Threat by text", DAYBOOK_BEHAVIOUR_THREAT, "2026-03-02 10:00", FALSE);
  numbers[1]
      = add_entry (f, "Threat at the gate", DAYBOOK_BEHAVIOUR_THREAT | DAYBOOK_BEHAVIOUR_LOITERING,
                   "2026-03-10 19:00", FALSE);
  numbers[2]
      = add_entry (f, "Private: threat again", DAYBOOK_BEHAVIOUR_THREAT, "2026-03-11 09:00", TRUE);
  numbers[3] = add_entry (f, "On Elm Road", DAYBOOK_BEHAVIOUR_LOITERING, "2026-03-12 17:00", FALSE);
  for (guint i = 1; i < 4; i++)
    {
      g_assert_true (
          daybook_diary_set_incident_breaches (f->diary, numbers[i], &breach, 1, &error));
      g_assert_no_error (error);
    }

  show_page (f, "overview");
  daybook_test_wait_for (overview_idle, page, "the overview to count");
  private_switch = daybook_test_find_type (page, GTK_TYPE_SWITCH);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (private_switch)));
  g_assert_cmpstr (entries_label (page, "screening-0"), ==, "2 entries");
  breach_row = g_strdup_printf ("breach-%" G_GINT64_FORMAT "-2", order_id);
  g_assert_cmpstr (entries_label (page, breach_row), ==, "2 entries");
  g_assert_true (daybook_test_shows_label (page, "1 private entry is left out."));
  screenshot (f, "overview");
  if (g_getenv ("DAYBOOK_SCREENSHOT_DIR") != NULL)
    {
      GtkScrolledWindow *scroller
          = GTK_SCROLLED_WINDOW (daybook_test_find_type (page, GTK_TYPE_SCROLLED_WINDOW));
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);

      gtk_adjustment_set_value (adj, 560);
      screenshot (f, "overview-middle");
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      screenshot (f, "overview-end");
      gtk_adjustment_set_value (adj, 0);
    }
  /* Loitering (s2A(3)(e)): entries 2 and 4; the private one is left out. */
  g_assert_cmpstr (entries_label (page, "group-4"), ==, "2 entries");

  /* Private entries included on request. */
  gtk_switch_set_active (GTK_SWITCH (private_switch), TRUE);
  daybook_test_wait_for (overview_idle, page, "the overview to count again");
  g_assert_cmpstr (entries_label (page, "screening-0"), ==, "3 entries");
  g_assert_cmpstr (entries_label (page, breach_row), ==, "3 entries");

  /* A change while the page is shown is counted a moment later. */
  add_entry (f, "Another threat", DAYBOOK_BEHAVIOUR_THREAT, "2026-03-13 12:00", FALSE);
  daybook_test_spin (100);
  daybook_test_wait_for (overview_idle, page, "the overview to follow the change");
  g_assert_cmpstr (entries_label (page, "screening-0"), ==, "4 entries");

  /* An entry button opens its entry. */
  {
    GtkWidget *row = find_named (page, "screening-0");
    GtkWidget *button = daybook_test_find_type (row, GTK_TYPE_MENU_BUTTON);
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
    GtkWidget *first = daybook_test_find_type (popover, GTK_TYPE_BUTTON);

    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (first)), ==, "1");
    /* As a user would: the list is on screen before a number in it is
     * clicked (a click while it is still being shown races its surface). */
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    daybook_test_wait_for (widget_mapped, popover, "the entries to show");
    screenshot (f, "overview-entries");
    g_signal_emit_by_name (first, "clicked");
    daybook_test_wait_for (widget_unmapped, popover, "the entries to close");
    daybook_test_spin (50);
    g_assert_cmpstr (daybook_main_view_get_page_name (f->view), ==, "editor");
    g_assert_cmpint (daybook_incident_editor_get_number (
                         DAYBOOK_INCIDENT_EDITOR (daybook_main_view_get_page (f->view, "editor"))),
                     ==, numbers[0]);
  }
}

static gboolean
report_settled (gpointer page)
{
  return !_daybook_report_page_is_busy (DAYBOOK_REPORT_PAGE (page));
}

static char *
run_tool (const char *const *argv)
{
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* "Export Statement Draft…" once a file is chosen: an ODT that unzips,
 * whose content.xml is XML holding the entries in time order; an
 * existing file is never replaced unless the user agreed. */
static void
test_statement_draft (Fixture *f, gconstpointer data)
{
  DaybookReportPage *page = DAYBOOK_REPORT_PAGE (daybook_main_view_get_page (f->view, "report"));
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *odt = g_build_filename (parent, "draft.odt", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (odt);
  g_autofree char *content = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_entry (f, "Second: the car followed me", DAYBOOK_BEHAVIOUR_FOLLOWING, "2026-02-10 08:15",
             FALSE);
  add_entry (f, "First: a letter through the door", DAYBOOK_BEHAVIOUR_CONTACT, "2026-02-01 19:00",
             FALSE);
  add_entry (f, "Private worry", DAYBOOK_BEHAVIOUR_OTHER, "2026-02-05 12:00", TRUE);
  show_page (f, "report");
  daybook_test_wait_for (report_settled, page, "the report page");

  _daybook_report_page_export_statement_to (page, DAYBOOK_STATEMENT_NARRATIVE, file, FALSE);
  g_assert_true (_daybook_report_page_is_exporting (page));
  daybook_test_wait_for (report_settled, page, "the draft to be written");
  g_assert_false (_daybook_report_page_is_exporting (page));
  g_assert_null (_daybook_report_page_get_last_error (page));
  g_assert_true (g_file_test (odt, G_FILE_TEST_IS_REGULAR));
  g_free (run_tool ((const char *const[]){ "unzip", "-tq", odt, NULL }));
  content = run_tool ((const char *const[]){ "unzip", "-p", odt, "content.xml", NULL });
  {
    g_autofree char *xml = g_build_filename (parent, "content.xml", NULL);

    g_assert_true (g_file_set_contents (xml, content, -1, NULL));
    g_free (run_tool ((const char *const[]){ "xmllint", "--noout", xml, NULL }));
    g_unlink (xml);
  }
  g_assert_nonnull (strstr (content, "First: a letter through the door"));
  g_assert_nonnull (strstr (content, "Second: the car followed me"));
  g_assert_true (strstr (content, "First: a letter") < strstr (content, "Second: the car"));
  /* Private entries are left out unless chosen on the page. */
  g_assert_null (strstr (content, "Private worry"));

  /* Never replaces a file unless the user agreed in the file chooser. */
  before = run_tool ((const char *const[]){ "sha256sum", odt, NULL });
  _daybook_report_page_export_statement_to (page, DAYBOOK_STATEMENT_IMPACT, file, FALSE);
  daybook_test_wait_for (report_settled, page, "the draft to be refused");
  g_assert_nonnull (_daybook_report_page_get_last_error (page));
  after = run_tool ((const char *const[]){ "sha256sum", odt, NULL });
  g_assert_cmpstr (before, ==, after);
  {
    GtkWindow *dialog = daybook_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    g_assert_nonnull (dialog);
    gtk_window_destroy (dialog);
  }
  _daybook_report_page_export_statement_to (page, DAYBOOK_STATEMENT_IMPACT, file, TRUE);
  daybook_test_wait_for (report_settled, page, "the personal statement draft");
  g_assert_null (_daybook_report_page_get_last_error (page));
  g_unlink (odt);
}

int
main (int argc, char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  app = daybook_test_application_new ();
  /* Pictures without half-finished transitions. */
  if (g_getenv ("DAYBOOK_SCREENSHOT_DIR") != NULL)
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/registers-window/order-round-trip", Fixture, NULL, fixture_setup,
              test_order_round_trip, fixture_teardown);
  g_test_add ("/registers-window/breach-marking", Fixture, NULL, fixture_setup, test_breach_marking,
              fixture_teardown);
  g_test_add ("/registers-window/contact-round-trip", Fixture, NULL, fixture_setup,
              test_contact_round_trip, fixture_teardown);
  g_test_add ("/registers-window/statement-draft", Fixture, NULL, fixture_setup,
              test_statement_draft, fixture_teardown);
  g_test_add ("/registers-window/overview-counts", Fixture, NULL, fixture_setup,
              test_overview_counts, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
