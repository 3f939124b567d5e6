/* test-filter-form.c — the filter form's rows into a DaybookQuery
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills the form's widgets as a user would, checks the query it builds,
 * and that ::changed comes once for each edit and never for what the
 * screen does itself.
 */

#include "config.h"

#include <adwaita.h>

#include "daybook-error.h"
#include "daybook-filter-form.h"
#include "daybook-person.h"
#include "daybook-ui-test-util.h"

/* 2026-02-01 and 2026-03-01, midnight in London (GMT then). */
#define FEB_1 G_GINT64_CONSTANT (1769904000)
#define MAR_1 G_GINT64_CONSTANT (1772323200)

typedef struct
{
  GtkWindow *window;
  DaybookFilterForm *form;
  GTimeZone *zone;
  guint changed;
} Fixture;

static GtkWidget *
find_by_id (GtkWidget *root, const char *id)
{
  const char *this_id
      = GTK_IS_BUILDABLE (root) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)) : NULL;

  if (g_strcmp0 (this_id, id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_id (child, id);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
need (Fixture *f, const char *id)
{
  GtkWidget *w = find_by_id (GTK_WIDGET (f->form), id);

  if (w == NULL)
    g_error ("No widget with id %s", id);
  return w;
}

static void
collect_checks (GtkWidget *root, GPtrArray *out)
{
  if (GTK_IS_CHECK_BUTTON (root))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_checks (child, out);
}

static void
changed_cb (DaybookFilterForm *form, Fixture *f)
{
  f->changed++;
}

static void
fixture_setup (Fixture *f, gboolean compact)
{
  f->zone = g_time_zone_new_identifier ("Europe/London");
  f->window = GTK_WINDOW (gtk_window_new ());
  f->form = DAYBOOK_FILTER_FORM (daybook_filter_form_new (compact));
  gtk_window_set_child (f->window, GTK_WIDGET (f->form));
  g_signal_connect (f->form, "changed", G_CALLBACK (changed_cb), f);
  gtk_window_present (f->window);
}

static void
compact_setup (Fixture *f, gconstpointer data)
{
  fixture_setup (f, TRUE);
  g_object_set (f->form, "show-order", TRUE, "from-title", "_From", "to-title", "_To", NULL);
}

static void
rows_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GListStore) people = g_list_store_new (DAYBOOK_TYPE_PERSON);
  g_autoptr (DaybookPerson) sam = daybook_person_new ("Sam Example");
  g_autoptr (DaybookPerson) alex = daybook_person_new ("Alex Sample");

  fixture_setup (f, FALSE);
  g_object_set (f->form, "show-private", TRUE, "strict-days", TRUE, "from-title", "First day",
                "to-title", "Last day", "private-question", "Really?", NULL);
  g_list_store_append (people, sam);
  g_list_store_append (people, alex);
  daybook_filter_form_set_people (f->form, G_LIST_MODEL (people));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  g_clear_pointer (&f->zone, g_time_zone_unref);
}

static DaybookQuery *
build (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  DaybookQuery *query = NULL;

  g_assert_true (daybook_filter_form_build_query (f->form, f->zone, &query, &error));
  g_assert_no_error (error);
  return query;
}

/* Compact: the timeline's popover. */
static void
test_compact (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) checks = g_ptr_array_new ();
  g_autoptr (DaybookQuery) query = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_null (find_by_id (GTK_WIDGET (f->form), "person_row"));
  query = build (f);
  g_assert_true (query->newest_first);
  g_assert_true (query->include_private);
  g_assert_null (query->person);
  g_clear_pointer (&query, daybook_query_free);

  gtk_editable_set_text (GTK_EDITABLE (need (f, "person_entry")), " Sam Example");
  g_assert_cmpuint (f->changed, ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (need (f, "from_entry")), "2026-02-01");
  gtk_editable_set_text (GTK_EDITABLE (need (f, "to_entry")), "2026-02-28");
  g_assert_cmpuint (f->changed, ==, 3);
  collect_checks (need (f, "type_box"), checks);
  g_assert_cmpuint (checks->len, ==, DAYBOOK_N_BEHAVIOURS);
  gtk_check_button_set_active (checks->pdata[1], TRUE); /* contact */
  g_assert_cmpuint (f->changed, ==, 4);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (need (f, "oldest_check")), TRUE);
  g_assert_cmpuint (f->changed, ==, 5);

  query = build (f);
  g_assert_cmpstr (query->person, ==, "Sam Example");
  g_assert_cmpint (query->from, ==, FEB_1);
  g_assert_cmpint (query->to, ==, MAR_1);
  g_assert_cmpuint (query->types, ==, DAYBOOK_BEHAVIOUR_CONTACT);
  g_assert_false (query->newest_first);
  g_assert_null (query->text);
  g_clear_pointer (&query, daybook_query_free);

  /* Lenient: a day not read yet is left out, and said so. */
  gtk_editable_set_text (GTK_EDITABLE (need (f, "to_entry")), "2026-02-");
  g_assert_false (daybook_filter_form_build_query (f->form, f->zone, &query, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_nonnull (query);
  g_assert_cmpint (query->from, ==, FEB_1);
  g_assert_cmpint (query->to, ==, G_MAXINT64);
  daybook_filter_form_show_error (f->form, error->message);
  g_assert_true (gtk_widget_get_visible (need (f, "range_error")));
  g_clear_pointer (&query, daybook_query_free);

  /* What the screen does itself is no edit. */
  f->changed = 0;
  gtk_editable_set_text (GTK_EDITABLE (need (f, "to_entry")), "");
  g_assert_cmpuint (f->changed, ==, 1);
  daybook_filter_form_set_types (f->form, DAYBOOK_BEHAVIOUR_GIFT | DAYBOOK_BEHAVIOUR_CONTACT);
  daybook_filter_form_set_person (f->form, "Alex Sample");
  query = build (f);
  g_assert_cmpuint (query->types, ==, DAYBOOK_BEHAVIOUR_GIFT | DAYBOOK_BEHAVIOUR_CONTACT);
  g_assert_cmpstr (query->person, ==, "Alex Sample");
  g_clear_pointer (&query, daybook_query_free);

  /* Clearing keeps the order; resetting does not. */
  daybook_filter_form_clear (f->form);
  g_assert_false (gtk_widget_get_visible (need (f, "range_error")));
  query = build (f);
  g_assert_null (query->person);
  g_assert_cmpuint (query->types, ==, 0);
  g_assert_cmpint (query->from, ==, G_MININT64);
  g_assert_false (query->newest_first);
  g_clear_pointer (&query, daybook_query_free);
  daybook_filter_form_reset (f->form);
  query = build (f);
  g_assert_true (query->newest_first);
  g_assert_cmpuint (f->changed, ==, 1);
}

static gboolean
question_shown (gpointer data)
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

/* Rows: the report page and the bundle dialog. */
static void
test_rows (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) checks = g_ptr_array_new ();
  g_autoptr (DaybookQuery) query = NULL;
  g_autoptr (GError) error = NULL;
  AdwComboRow *person = ADW_COMBO_ROW (need (f, "person_row"));
  GtkSwitch *private_switch = GTK_SWITCH (need (f, "private_switch"));
  AdwMessageDialog *dialog = NULL;

  g_assert_null (find_by_id (GTK_WIDGET (f->form), "person_entry"));
  g_assert_null (find_by_id (GTK_WIDGET (f->form), "from_button"));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (person)), ==, 3);
  query = build (f);
  g_assert_false (query->newest_first);
  g_assert_false (query->include_private);
  g_assert_null (query->person);
  g_clear_pointer (&query, daybook_query_free);
  g_assert_cmpuint (f->changed, ==, 0);

  adw_combo_row_set_selected (person, 2);
  g_assert_cmpuint (f->changed, ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (need (f, "from_row")), "2026-02-01");
  gtk_editable_set_text (GTK_EDITABLE (need (f, "to_row")), "2026-02-28");
  collect_checks (need (f, "types_row"), checks);
  g_assert_cmpuint (checks->len, ==, DAYBOOK_N_BEHAVIOURS);
  gtk_check_button_set_active (checks->pdata[11], TRUE); /* gift */
  g_assert_cmpuint (f->changed, ==, 4);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (need (f, "types_row"))), ==,
                   "Unwanted gift");

  query = build (f);
  g_assert_cmpstr (query->person, ==, "Alex Sample");
  g_assert_cmpint (query->from, ==, FEB_1);
  g_assert_cmpint (query->to, ==, MAR_1);
  g_assert_cmpuint (query->types, ==, DAYBOOK_BEHAVIOUR_GIFT);
  g_clear_pointer (&query, daybook_query_free);

  /* New people keep the person chosen, and are no edit. */
  daybook_filter_form_set_people (f->form, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (person)), ==, 1);
  g_assert_cmpuint (f->changed, ==, 4);

  /* Strict: a wrong day fails, naming it. */
  gtk_editable_set_text (GTK_EDITABLE (need (f, "to_row")), "2026-01-31");
  g_assert_false (daybook_filter_form_build_query (f->form, f->zone, &query, &error));
  g_assert_null (query);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The last day is before the first.");
  g_clear_error (&error);
  gtk_editable_set_text (GTK_EDITABLE (need (f, "to_row")), "soon");
  g_assert_false (daybook_filter_form_build_query (f->form, f->zone, &query, &error));
  g_assert_true (g_str_has_prefix (error->message, "The last day: "));
  g_clear_error (&error);
  gtk_editable_set_text (GTK_EDITABLE (need (f, "to_row")), "");
  f->changed = 0;

  /* Private entries: asked first; cancelling is no edit. */
  gtk_switch_set_active (private_switch, TRUE);
  g_assert_false (gtk_switch_get_active (private_switch));
  daybook_test_wait_for (question_shown, &dialog, "the question");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "Really?");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (gtk_switch_get_active (private_switch));
  g_assert_cmpuint (f->changed, ==, 0);

  gtk_switch_set_active (private_switch, TRUE);
  dialog = NULL;
  daybook_test_wait_for (question_shown, &dialog, "the question");
  adw_message_dialog_response (dialog, "include");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gtk_switch_get_active (private_switch));
  g_assert_cmpuint (f->changed, ==, 1);
  query = build (f);
  g_assert_true (query->include_private);
  g_clear_pointer (&query, daybook_query_free);

  /* A reset forgets the answer, and a question still open. */
  daybook_filter_form_reset (f->form);
  g_assert_false (gtk_switch_get_active (private_switch));
  gtk_switch_set_active (private_switch, TRUE);
  dialog = NULL;
  daybook_test_wait_for (question_shown, &dialog, "the question");
  daybook_filter_form_reset (f->form);
  adw_message_dialog_response (dialog, "include");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (gtk_switch_get_active (private_switch));
  query = build (f);
  g_assert_false (query->include_private);
  g_assert_cmpuint (query->types, ==, 0);
  g_assert_cmpuint (f->changed, ==, 1);
}

/* The rows of the report: a calendar beside each day. */
static void
test_calendars (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) day = g_date_time_new_local (2026, 2, 14, 12, 0, 0);
  DaybookFilterForm *form
      = DAYBOOK_FILTER_FORM (g_object_new (DAYBOOK_TYPE_FILTER_FORM, "show-calendars", TRUE, NULL));

  gtk_window_set_child (f->window, GTK_WIDGET (form));
  f->form = form;
  g_signal_connect (form, "changed", G_CALLBACK (changed_cb), f);
  gtk_calendar_select_day (GTK_CALENDAR (need (f, "to_calendar")), day);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (need (f, "to_row"))), ==, "2026-02-14");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (need (f, "from_row"))), ==, "");
  g_assert_cmpuint (f->changed, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_setenv ("TZ", "Europe/London", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/filter-form/compact", Fixture, NULL, compact_setup, test_compact,
              fixture_teardown);
  g_test_add ("/ui/filter-form/rows", Fixture, NULL, rows_setup, test_rows, fixture_teardown);
  g_test_add ("/ui/filter-form/calendars", Fixture, NULL, rows_setup, test_calendars,
              fixture_teardown);

  return g_test_run ();
}
