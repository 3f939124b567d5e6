/* test-accessible.c — the window's accessible names and roles, through
 * GTK's own test API
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. For every page of the window (create, unlock, damaged,
 * and every page of the main view) every button, check box, switch, menu
 * button and row has an explicit accessible label without a mnemonic
 * underscore; the sidebar, its rows and the pages have the roles and names
 * a screen reader announces; a timeline row reads as one sentence. What
 * the accessibility bus itself shows is tests/ui/test-atspi.py's.
 */

#include "config.h"

#include "daybook-accessible.h"
#include "daybook-incident-editor.h"
#include "daybook-main-view.h"
#include "daybook-test-util.h"
#include "daybook-ui-format.h"
#include "daybook-ui-test-util.h"
#include "daybook-window.h"

static DaybookApplication *app;

static const struct
{
  const char *name;
  const char *title;
} main_pages[] = {
  { "timeline", "Timeline" }, { "editor", "Entry" },      { "overview", "Overview" },
  { "people", "People" },     { "orders", "Orders" },     { "contacts", "Police Contacts" },
  { "case", "Case Details" }, { "evidence", "Evidence" }, { "messages", "Messages" },
  { "report", "Report" },
};

typedef DaybookTestWindowFixture Fixture;

/* The shared fixture, with the window over the locked diary. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  daybook_test_window_fixture_setup (f, data);
  f->window = daybook_test_window_new (app, f->dir);
}

/* Where @w is, for a failure's message: its ancestors' types and ids. */
static const char *
ancestry (GtkWidget *w)
{
  static char buf[1024];
  GString *s = g_string_new (NULL);

  for (GtkWidget *p = gtk_widget_get_parent (w); p != NULL && s->len < 600;
       p = gtk_widget_get_parent (p))
    g_string_append_printf (s, "%s%s%s%s", s->len ? " < " : "", G_OBJECT_TYPE_NAME (p),
                            gtk_buildable_get_buildable_id (GTK_BUILDABLE (p)) ? "#" : "",
                            gtk_buildable_get_buildable_id (GTK_BUILDABLE (p))
                                ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (p))
                                : "");
  g_strlcpy (buf, s->str, sizeof buf);
  g_string_free (s, TRUE);
  return buf;
}

/* Every control below @root has an explicit label, and none holds a
 * mnemonic underscore: checked by asserting the label GTK would have
 * derived is not the one set. */
static void
assert_controls_named (GtkWidget *root, const char *where)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  static GType types[6];
  guint checked = 0;

  types[0] = GTK_TYPE_BUTTON;
  types[1] = GTK_TYPE_CHECK_BUTTON;
  types[2] = GTK_TYPE_SWITCH;
  types[3] = GTK_TYPE_MENU_BUTTON;
  types[4] = GTK_TYPE_LIST_BOX_ROW;
  types[5] = GTK_TYPE_SCROLLBAR;
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    daybook_test_collect_type (root, types[t], found);

  for (guint i = 0; i < found->len; i++)
    {
      GtkWidget *w = found->pdata[i];
      const char *label = NULL;

      /* Not the drop-down's own button: GTK builds it, checked below. */
      if (GTK_IS_DROP_DOWN (gtk_widget_get_parent (w)))
        continue;
      /* Nor the column buttons of an entry completion's popup list: GTK
       * 4.8 puts nothing of a tree view on the bus. */
      if (gtk_widget_get_ancestor (w, GTK_TYPE_TREE_VIEW) != NULL
          || (gtk_widget_get_ancestor (w, GTK_TYPE_POPOVER) != NULL
              && GTK_IS_ENTRY (
                  gtk_widget_get_parent (gtk_widget_get_ancestor (w, GTK_TYPE_POPOVER)))))
        continue;
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("%s: a %s in %s, holding a %s, has no accessible label", where,
                 G_OBJECT_TYPE_NAME (w), ancestry (w),
                 gtk_widget_get_first_child (w) != NULL
                     ? G_OBJECT_TYPE_NAME (gtk_widget_get_first_child (w))
                     : "nothing");
      label = g_object_get_data (G_OBJECT (w), "daybook-accessible-label");
      if (label != NULL)
        {
          if (strchr (label, '_') != NULL && strstr (label, "__") == NULL)
            g_error ("%s: %s labelled \"%s\", with a mnemonic", where, G_OBJECT_TYPE_NAME (w),
                     label);
          gtk_test_accessible_assert_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                               label);
        }
      checked++;
    }
  g_test_message ("%s: %u controls named", where, checked);
  g_assert_cmpuint (checked, >, 0);
}

static void
test_strip_mnemonic (void)
{
  struct
  {
    const char *in, *out;
  } cases[] = {
    { "_Unlock", "Unlock" },
    { "C_reate Diary", "Create Diary" },
    { "Open a Case _Bundle…", "Open a Case Bundle…" },
    { "snake__case", "snake_case" },
    { "No mnemonic", "No mnemonic" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = daybook_accessible_strip_mnemonic (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

/* The welcome, passphrase and recovery pages, unlock and damaged. */
static void
test_locked_pages (Fixture *f, gconstpointer data)
{
  GtkWidget *unlock = daybook_window_get_page (f->window, "unlock");
  GtkWidget *unlock_button = daybook_test_need (unlock, "unlock_button");
  GtkWidget *create = daybook_window_get_page (f->window, "create");
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (unlock));

  /* "_Unlock Unlock" on the bus without the fix: the label and the label
   * inside it. */
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (unlock_button), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (unlock_button),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Unlock");
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (unlock_button),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  assert_controls_named (unlock, "unlock page");
  assert_controls_named (create, "create page");

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (unlock), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Unlock the Diary");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (create), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Create a Diary");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_stack_get_page (stack, unlock)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Unlock the Diary");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (gtk_stack_get_page (stack, unlock)),
                                   GTK_ACCESSIBLE_ROLE_TAB_PANEL);
}

/* The strength meter: a name, its value in words, described by the words
 * shown under it. */
static void
test_strength_meter (Fixture *f, gconstpointer data)
{
  GtkWidget *create = daybook_window_get_page (f->window, "create");
  GtkWidget *bar = daybook_test_need (create, "strength_bar");
  GtkWidget *words = daybook_test_need (create, "strength_label");

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_ROLE_METER);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Passphrase strength");
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (bar),
                                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));
  for (guint i = 0; i < 2; i++)
    {
      daybook_test_set_text (create, "passphrase_entry",
                             i == 0 ? "password" : "purple otter climbs seven ladders");
      daybook_test_spin (50);
      g_test_message ("meter: %s", gtk_label_get_text (GTK_LABEL (words)));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (words)), !=, "");
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                           gtk_label_get_text (GTK_LABEL (words)));
    }
}

static void
test_main_pages (Fixture *f, gconstpointer data)
{
  DaybookMainView *view;
  GtkWidget *sidebar;
  GtkStack *content;

  daybook_test_window_unlocked (f->window, f->diary);
  daybook_test_spin (100);
  view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"));
  sidebar = daybook_test_need (GTK_WIDGET (view), "sidebar");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (sidebar), GTK_ACCESSIBLE_ROLE_LIST);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (sidebar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Sections");

  for (guint i = 0; i < G_N_ELEMENTS (main_pages); i++)
    {
      GtkWidget *page = daybook_main_view_get_page (view, main_pages[i].name);

      g_test_message ("page %s", main_pages[i].name);
      content = GTK_STACK (gtk_widget_get_parent (page));
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           main_pages[i].title);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_stack_get_page (content, page)),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, main_pages[i].title);
      assert_controls_named (page, main_pages[i].name);
    }

  /* The sidebar's rows: one per page but the editor, named by it. */
  for (guint i = 0, row = 0; i < G_N_ELEMENTS (main_pages); i++)
    {
      GtkListBoxRow *r;

      if (g_str_equal (main_pages[i].name, "editor"))
        continue;
      r = gtk_list_box_get_row_at_index (GTK_LIST_BOX (sidebar), row++);
      g_assert_nonnull (r);
      gtk_test_accessible_assert_role (GTK_ACCESSIBLE (r), GTK_ACCESSIBLE_ROLE_LIST_ITEM);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (r), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           main_pages[i].title);
    }
  assert_controls_named (GTK_WIDGET (view), "main view");
}

static gboolean
row_shown (gpointer data)
{
  GtkWidget *row = daybook_test_find_type (data, g_type_from_name ("DaybookIncidentRow"));

  return row != NULL && gtk_widget_get_parent (row) != NULL;
}

/* "Entry 12, Tuesday 1 December, 21:40, Waiting outside my flat, Loitering". */
static void
test_timeline_row_sentence (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *date = NULL;
  DaybookWhen start = { 0 };
  GtkWidget *timeline, *row;

  g_assert_true (daybook_when_parse ("2026-12-01 21:40", zone, &start, NULL, &error));
  daybook_incident_set_title (incident, "Waiting outside my flat");
  daybook_incident_set_start (incident, &start);
  daybook_incident_set_types (incident, DAYBOOK_BEHAVIOUR_LOITERING | DAYBOOK_BEHAVIOUR_WATCHING);
  daybook_incident_set_private (incident, TRUE);
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_no_error (error);

  daybook_test_window_unlocked (f->window, f->diary);
  timeline = daybook_test_main_page (f->window, "timeline");
  daybook_test_wait_for (row_shown, timeline, "the timeline's row");
  row = daybook_test_find_type (timeline, g_type_from_name ("DaybookIncidentRow"));

  date = daybook_format_when_in_language (&start, daybook_incident_get_precision (incident), NULL);
  expected = g_strdup_printf ("Entry 1, %s, Waiting outside my flat, Loitering, Watching, private",
                              date);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       expected);
  /* And the list's own row around it, where the screen reader lands. */
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                   GTK_ACCESSIBLE_ROLE_LIST_ITEM);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  daybook_when_clear (&start);
}

/* A label changed after the window was shown keeps its name right. */
static void
test_label_follows (Fixture *f, gconstpointer data)
{
  GtkWidget *unlock = daybook_window_get_page (f->window, "unlock");
  GtkButton *button = GTK_BUTTON (daybook_test_need (unlock, "unlock_button"));
  g_autofree char *old = g_strdup (gtk_button_get_label (button));

  gtk_button_set_label (button, "_Open It");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Open It");
  gtk_button_set_label (button, old);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Unlock");
}

/* Whether @keyval with @mods is among @accels (strings as in a .ui file,
 * several to a string). */
static gboolean
is_listed (GPtrArray *accels, guint keyval, GdkModifierType mods)
{
  for (guint i = 0; i < accels->len; i++)
    {
      g_auto (GStrv) each = g_strsplit (accels->pdata[i], " ", -1);

      for (guint j = 0; each[j] != NULL; j++)
        {
          guint k = 0;
          GdkModifierType m = 0;

          if (gtk_accelerator_parse (each[j], &k, &m) && k == gdk_keyval_to_lower (keyval)
              && m == mods)
            return TRUE;
        }
    }
  return FALSE;
}

/* Every key bound by a shortcut controller of a Daybook widget below
 * @root (or of a box inside one: the attachments') is listed. */
static guint
check_bound_keys (GtkWidget *root, GPtrArray *accels)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  guint n = 0;

  daybook_test_collect_type (root, GTK_TYPE_WIDGET, all);
  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *w = all->pdata[i];
      g_autoptr (GListModel) controllers = NULL;
      GtkWidget *owner = w;

      while (owner != NULL && !g_str_has_prefix (G_OBJECT_TYPE_NAME (owner), "Daybook"))
        owner = gtk_widget_get_parent (owner);
      if (owner == NULL
          || (owner != w && !g_str_equal (G_OBJECT_TYPE_NAME (owner), "DaybookAttachmentStrip")))
        continue;
      controllers = gtk_widget_observe_controllers (w);
      for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
        {
          g_autoptr (GObject) controller = g_list_model_get_item (controllers, c);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          /* Inside the attachments, only the keys Daybook added: a label's
           * own (Ctrl+A, Shift+F10) are its class's, GTK's. */
          if (owner != w
              && g_strcmp0 (gtk_event_controller_get_name (GTK_EVENT_CONTROLLER (controller)),
                            "gtk-widget-class-shortcuts")
                     == 0)
            continue;
          for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
            {
              g_autoptr (GtkShortcut) shortcut
                  = g_list_model_get_item (G_LIST_MODEL (controller), k);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
              g_autofree char *name = NULL;
              guint keyval;
              GdkModifierType mods;

              if (!GTK_IS_KEYVAL_TRIGGER (trigger))
                continue;
              keyval = gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger));
              mods = gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger));
              /* Escape; and GTK's own key signals (moving the focus,
               * the inspector) are GTK's, not Daybook's. */
              if (keyval == GDK_KEY_Escape
                  || GTK_IS_SIGNAL_ACTION (gtk_shortcut_get_action (shortcut)))
                continue;
              name = gtk_accelerator_name (keyval, mods);
              if (!is_listed (accels, keyval, mods))
                g_error ("%s binds %s, which the keyboard shortcuts window does not list",
                         G_OBJECT_TYPE_NAME (w), name);
              g_test_message ("%s binds %s: listed", G_OBJECT_TYPE_NAME (w), name);
              n++;
            }
        }
    }
  return n;
}

/* The keyboard shortcuts window lists every accelerator the application
 * registers, and nothing it does not. */
static void
test_shortcuts_complete (void)
{
  g_autoptr (GtkBuilder) builder
      = gtk_builder_new_from_resource ("/org/daybook/Daybook/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr (GPtrArray) shortcuts = g_ptr_array_new ();
  g_auto (GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_nonnull (overlay);
  daybook_test_collect_type (overlay, GTK_TYPE_SHORTCUTS_SHORTCUT, shortcuts);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *action = NULL;
      g_autofree char *accel = NULL;

      g_object_get (shortcuts->pdata[i], "action-name", &action, "accelerator", &accel, NULL);
      /* Keys of a page or window, not of an action: checked below. */
      if (action == NULL)
        continue;
      g_hash_table_add (listed, g_strdup (action));
      g_test_message ("listed: %s", action);
    }

  /* And the keys Daybook's own widgets bind, their classes' and the
   * attachments' (Ctrl+V pastes a screenshot), but Escape, which closes or
   * goes back everywhere. */
  {
    g_autoptr (GPtrArray) accel_shortcuts = g_ptr_array_new ();
    g_autofree char *dir = daybook_test_copy_template ();
    g_autofree char *parent = g_path_get_dirname (dir);
    g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
    DaybookWindow *window = daybook_test_window_new (app, dir);
    guint n_bound = 0;

    daybook_test_window_unlocked (window, diary);
    for (guint i = 0; i < shortcuts->len; i++)
      {
        g_autofree char *accel = NULL;

        g_object_get (shortcuts->pdata[i], "accelerator", &accel, NULL);
        if (accel != NULL)
          g_ptr_array_add (accel_shortcuts, g_steal_pointer (&accel));
      }
    /* The window's accelerators, listed by their actions. */
    for (guint i = 0; actions[i] != NULL; i++)
      if (g_hash_table_contains (listed, actions[i]))
        {
          g_auto (GStrv) accels
              = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

          for (guint j = 0; accels[j] != NULL; j++)
            g_ptr_array_add (accel_shortcuts, g_strdup (accels[j]));
        }
    n_bound = check_bound_keys (GTK_WIDGET (window), accel_shortcuts);
    g_assert_cmpuint (n_bound, >=, 4);
    g_ptr_array_foreach (accel_shortcuts, (GFunc)g_free, NULL);
    daybook_test_window_destroy (&window);
    g_clear_object (&diary);
    daybook_test_rm_rf (parent);
  }

  g_assert_cmpuint (g_strv_length (actions), >, 0);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto (GStrv) accels
          = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      if (accels[0] != NULL && !g_hash_table_contains (listed, actions[i]))
        g_error ("%s (%s) is not in the keyboard shortcuts window", actions[i], accels[0]);
    }
  gtk_window_destroy (GTK_WINDOW (overlay));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_setenv ("TZ", "Europe/London", TRUE);
  /* GTK's test context, which gtk_test_accessible_*() read (run-isolated.sh
   * turns accessibility off for the other window tests). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = daybook_application_new ("/nonexistent", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/accessible/strip-mnemonic", test_strip_mnemonic);
  g_test_add_func ("/ui/accessible/shortcuts-complete", test_shortcuts_complete);
  g_test_add ("/ui/accessible/locked-pages", Fixture, NULL, fixture_setup, test_locked_pages,
              daybook_test_window_fixture_teardown);
  g_test_add ("/ui/accessible/strength-meter", Fixture, NULL, fixture_setup, test_strength_meter,
              daybook_test_window_fixture_teardown);
  g_test_add ("/ui/accessible/main-pages", Fixture, NULL, fixture_setup, test_main_pages,
              daybook_test_window_fixture_teardown);
  g_test_add ("/ui/accessible/timeline-row", Fixture, NULL, fixture_setup,
              test_timeline_row_sentence, daybook_test_window_fixture_teardown);
  g_test_add ("/ui/accessible/label-follows", Fixture, NULL, fixture_setup, test_label_follows,
              daybook_test_window_fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
