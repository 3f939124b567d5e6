/* daybook-accessible.c — accessible names where GTK 4.8 gives none or a
 * wrong one
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read through the accessibility bus, GTK 4.8 and libadwaita 1.2 name a
 * button with a mnemonic "_Unlock Unlock" (its label with the underscore,
 * then the text of the label inside it), a check button "I have _written
 * it down", an icon-only button "GtkImage", a menu button "GtkMenuButton",
 * a header bar's title "AdwWindowTitle", a scroll bar "GtkScrollbar" and a
 * stack page "GtkStackPage". A screen reader reads those out.
 *
 * daybook_accessible_install() adds one emission hook on every widget's
 * "map": each of those widgets, when it is shown, gets an explicit
 * accessible label — its label without the mnemonic underscore, an
 * icon-only button its tooltip, a window title its title, a preferences
 * row its title, a stack page its title — and keeps it when the label,
 * tooltip or title changes. Labels Daybook sets itself on other widgets
 * (pages, rows read as one sentence, the strength meter) are in their own
 * files; this one only repairs what GTK derives.
 *
 * tests/ui/test-atspi.py reads the result through the bus;
 * tests/ui/test-accessible.c checks it with gtk_test_accessible_*.
 */

#include "config.h"

#include "daybook-accessible.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#define WATCHED "daybook-accessible-watched"
#define LABEL "daybook-accessible-label"

/**
 * daybook_accessible_strip_mnemonic:
 * @label: a label that may hold mnemonic underscores
 *
 * Returns: (transfer full): @label as read: a single underscore before a
 *   character dropped, a doubled one kept as one.
 */
char *
daybook_accessible_strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label != NULL ? label : ""; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            {
              g_string_append_c (out, '_');
              p++;
            }
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * daybook_accessible_set_label:
 * @accessible: a #GtkAccessible
 * @label: (nullable): its name; %NULL or empty leaves it as it is
 *
 * Sets @label as the accessible name, and drops a labelled-by relation,
 * which GTK 4.8 would read after the label ("Unlock Unlock").
 */
void
daybook_accessible_set_label (gpointer accessible, const char *label)
{
  if (label == NULL || *label == '\0')
    return;
  /* GTK 4.8 has no getter: kept for the stack page around a page. */
  g_object_set_data_full (G_OBJECT (accessible), LABEL, g_strdup (label), g_free);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (accessible), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (accessible), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
set_stripped (gpointer accessible, const char *label, gboolean use_underline)
{
  g_autofree char *stripped = use_underline ? daybook_accessible_strip_mnemonic (label) : NULL;

  daybook_accessible_set_label (accessible, stripped != NULL ? stripped : label);
}

/* A button whose only child is an image (or that has no label at all). */
static gboolean
is_icon_only (GtkWidget *button)
{
  GtkWidget *child = gtk_widget_get_first_child (button);

  return child == NULL || (GTK_IS_IMAGE (child) && gtk_widget_get_next_sibling (child) == NULL);
}

/* GtkCalendar's arrows: in its header, the month's two, then the year's. */
static void
name_calendar_button (GtkWidget *button)
{
  GtkWidget *header = gtk_widget_get_parent (button);
  gboolean next
      = g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (button)), "pan-end-symbolic") == 0;
  guint index = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (header); w != NULL && w != button;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_BUTTON (w))
      index++;
  if (index < 2)
    daybook_accessible_set_label (button, next ? _ ("Next Month") : _ ("Previous Month"));
  else
    daybook_accessible_set_label (button, next ? _ ("Next Year") : _ ("Previous Year"));
}

static void
name_button (GtkWidget *button)
{
  const char *label = gtk_button_get_label (GTK_BUTTON (button));
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

  if (label != NULL && *label != '\0')
    set_stripped (button, label, gtk_button_get_use_underline (GTK_BUTTON (button)));
  else if (ADW_IS_BUTTON_CONTENT (child))
    set_stripped (button, adw_button_content_get_label (ADW_BUTTON_CONTENT (child)),
                  adw_button_content_get_use_underline (ADW_BUTTON_CONTENT (child)));
  else if (is_icon_only (button) && gtk_widget_get_tooltip_text (button) != NULL)
    daybook_accessible_set_label (button, gtk_widget_get_tooltip_text (button));
  else if (is_icon_only (button) && GTK_IS_SPIN_BUTTON (gtk_widget_get_parent (button)))
    {
      const char *icon = gtk_button_get_icon_name (GTK_BUTTON (button));

      /* GtkSpinButton's own + and − buttons. */
      daybook_accessible_set_label (
          button, icon != NULL && (strstr (icon, "increase") || strstr (icon, "add"))
                      ? _ ("Increase")
                      : _ ("Decrease"));
    }
  else if (is_icon_only (button) && gtk_widget_get_ancestor (button, GTK_TYPE_CALENDAR) != NULL)
    name_calendar_button (button);
  else if (is_icon_only (button) && gtk_widget_get_ancestor (button, GTK_TYPE_SEARCH_BAR) != NULL)
    /* GtkSearchBar's own close button. */
    daybook_accessible_set_label (button, _ ("Close Search"));
}

/* A switch or check box that an action row activates: GTK 4.8 reads the
 * row's title after the control's own label ("Threat Threat"); the title
 * alone is its name. */
static gboolean
name_from_action_row (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  if (row == NULL || adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) != widget)
    return FALSE;
  set_stripped (widget, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row)));
  return TRUE;
}

/* What a drop-down is called: its combo row's title, or the label Daybook
 * gave it. */
static const char *
drop_down_label (GtkWidget *widget)
{
  GtkWidget *drop_down = gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN);
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_COMBO_ROW);

  /* A combo row's list, in its popover. */
  if (row != NULL)
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  if (drop_down == NULL)
    {
      /* Its list is in a popover: not a descendant, a child of its own. */
      GtkWidget *popover = gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER);

      if (popover == NULL || !GTK_IS_DROP_DOWN (gtk_widget_get_parent (popover)))
        return NULL;
      drop_down = gtk_widget_get_parent (popover);
    }
  row = gtk_widget_get_ancestor (drop_down, ADW_TYPE_COMBO_ROW);
  if (row != NULL)
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  return g_object_get_data (G_OBJECT (drop_down), LABEL);
}

/* A row of a list that nobody named: the text of its labels. */
static void
name_row_from_labels (GtkWidget *row)
{
  g_autoptr (GString) text = g_string_new (NULL);
  GtkWidget *w = row;

  if (g_object_get_data (G_OBJECT (row), LABEL) != NULL)
    return;
  /* Depth first through the row, in reading order. */
  while (w != NULL)
    {
      if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w) && *gtk_label_get_text (GTK_LABEL (w)))
        g_string_append_printf (text, "%s%s", text->len ? ", " : "",
                                gtk_label_get_text (GTK_LABEL (w)));
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != row && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == row ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  if (text->len > 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      text->str, -1);
    }
}

static void
name_menu_button (GtkWidget *menu_button)
{
  const char *label = gtk_menu_button_get_label (GTK_MENU_BUTTON (menu_button));
  g_autofree char *name = NULL;

  if (label != NULL && *label != '\0')
    name = gtk_menu_button_get_use_underline (GTK_MENU_BUTTON (menu_button))
               ? daybook_accessible_strip_mnemonic (label)
               : g_strdup (label);
  else if (gtk_widget_get_tooltip_text (menu_button) != NULL)
    name = g_strdup (gtk_widget_get_tooltip_text (menu_button));
  else
    name = g_strdup (g_object_get_data (G_OBJECT (menu_button), LABEL));
  daybook_accessible_set_label (menu_button, name);
  /* The toggle button inside is a node of its own on the bus. */
  for (GtkWidget *child = gtk_widget_get_first_child (menu_button); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      daybook_accessible_set_label (child, name);
}

/* What a stack page without a title is called: what its child is called. */
static const char *
child_label (GtkWidget *child)
{
  const char *label = g_object_get_data (G_OBJECT (child), LABEL);

  if (label == NULL && ADW_IS_STATUS_PAGE (child))
    label = adw_status_page_get_title (ADW_STATUS_PAGE (child));
  if (label == NULL && ADW_IS_PREFERENCES_PAGE (child))
    label = adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (child));
  return label;
}

static void
name_stack_pages (GtkStack *stack)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStackPage *page = gtk_stack_get_page (stack, child);

      if (page == NULL)
        continue;
      if (gtk_widget_get_ancestor (GTK_WIDGET (stack), GTK_TYPE_DROP_DOWN) != NULL)
        /* Inside a drop-down's button, which has the name. */
        gtk_accessible_update_state (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      else if (gtk_stack_page_get_title (page) != NULL)
        set_stripped (page, gtk_stack_page_get_title (page),
                      gtk_stack_page_get_use_underline (page));
      else
        daybook_accessible_set_label (page, child_label (child));
    }
}

/* Decoration a screen reader has nothing to say about: an image beside a
 * text or inside a named button, a check box's or expander's drawn mark
 * (GTK 4.8 reads these out as "GtkImage", "GtkBuiltinIcon"), a label with
 * no text yet. */
static void
hide_decoration (GtkWidget *widget)
{
  gboolean hidden = FALSE;

  /* GTK 4.8 sets the state when a widget is shown or hidden: an
   * invisible one stays hidden. */
  if (!gtk_widget_get_visible (widget))
    hidden = TRUE;
  else if (GTK_IS_IMAGE (widget))
    hidden = g_object_get_data (G_OBJECT (widget), LABEL) == NULL;
  else if (GTK_IS_LABEL (widget))
    hidden = *gtk_label_get_text (GTK_LABEL (widget)) == '\0';
  else if (g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "GtkBuiltinIcon") == 0)
    hidden = TRUE;
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN, hidden, -1);
}

/**
 * daybook_accessible_name_widget:
 * @widget: a widget
 *
 * Gives @widget the name GTK 4.8 gets wrong, if it is one of those kinds;
 * does nothing to any other widget.
 */
void
daybook_accessible_name_widget (GtkWidget *widget)
{
  gboolean is_list_item = g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget") == 0;

  /* Drop-downs and combo rows: their button, their list, its rows. */
  if (is_list_item && gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN) != NULL
      && gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) == NULL)
    /* The chosen item shown inside a drop-down's button, which has the name. */
    gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  else if ((GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget)))
           || (GTK_IS_LIST_VIEW (widget) && drop_down_label (widget) != NULL))
    daybook_accessible_set_label (widget, drop_down_label (widget));
  /* Not rows of Daybook's own list views: recycled, they show another
   * item after they were mapped; each list names its rows when it binds. */
  else if ((is_list_item && drop_down_label (widget) != NULL)
           || (GTK_IS_LIST_BOX_ROW (widget) && !ADW_IS_PREFERENCES_ROW (widget)))
    name_row_from_labels (widget);

  /* GtkShortcutsWindow's own header: its search and its sections. */
  else if (GTK_IS_TOGGLE_BUTTON (widget)
           && gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_WINDOW) != NULL
           && gtk_widget_get_ancestor (widget, GTK_TYPE_MENU_BUTTON) == NULL)
    daybook_accessible_set_label (widget, _ ("Search Shortcuts"));
  else if (GTK_IS_MENU_BUTTON (widget)
           && gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_WINDOW) != NULL)
    {
      /* TRANSLATORS: the menu of the keyboard shortcuts window's sections */
      daybook_accessible_set_label (widget, _ ("Sections"));
      name_menu_button (widget);
    }

  /* Buttons, check boxes, switches. */
  else if (GTK_IS_MENU_BUTTON (widget))
    name_menu_button (widget);
  else if (GTK_IS_BUTTON (widget))
    name_button (widget);
  else if ((GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget))
           && name_from_action_row (widget))
    ;
  else if (GTK_IS_CHECK_BUTTON (widget))
    set_stripped (widget, gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)),
                  gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)));
  else if (GTK_IS_SWITCH (widget) && gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW))
    {
      /* An expander row's own switch. */
      AdwPreferencesRow *row
          = ADW_PREFERENCES_ROW (gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW));

      set_stripped (widget, adw_preferences_row_get_title (row),
                    adw_preferences_row_get_use_underline (row));
    }

  /* Titles, rows, groups. */
  else if (ADW_IS_WINDOW_TITLE (widget))
    {
      const char *title = adw_window_title_get_title (ADW_WINDOW_TITLE (widget));

      /* A header bar without a title has nothing to read out. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN,
                                   title == NULL || *title == '\0', -1);
      daybook_accessible_set_label (widget, title);
    }
  else if (ADW_IS_PREFERENCES_ROW (widget))
    set_stripped (widget, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                  adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (widget)));
  else if (GTK_IS_LIST_BOX (widget) && gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP))
    {
      AdwPreferencesGroup *group
          = ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP));
      const char *title = adw_preferences_group_get_title (group);

      /* TRANSLATORS: a group of fields without a heading, as a screen
       * reader names it */
      daybook_accessible_set_label (widget, title != NULL && *title ? title : _ ("Details"));
    }
  else if (GTK_IS_STACK (widget))
    name_stack_pages (GTK_STACK (widget));
  else if (GTK_IS_STACK_SWITCHER (widget))
    /* TRANSLATORS: the switcher between pages of a window, as a screen
     * reader names it (the keyboard shortcuts window has one) */
    daybook_accessible_set_label (widget, _ ("Pages"));
  else if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      /* TRANSLATORS: a search field without a placeholder, as a screen
       * reader names it */
      daybook_accessible_set_label (widget, placeholder != NULL && *placeholder ? placeholder
                                                                                : _ ("Search"));
    }
  else if (GTK_IS_POPOVER_MENU (widget))
    {
      GtkWidget *button = gtk_widget_get_ancestor (widget, GTK_TYPE_MENU_BUTTON);
      const char *name = button != NULL ? g_object_get_data (G_OBJECT (button), LABEL) : NULL;

      /* TRANSLATORS: a menu whose button has no name, as a screen reader
       * names it */
      daybook_accessible_set_label (widget, name != NULL ? name : _ ("Menu"));
    }

  /* What shows progress, scrolls, or decorates. */
  else if (GTK_IS_SPINNER (widget))
    /* TRANSLATORS: a spinning wheel, as a screen reader names it */
    daybook_accessible_set_label (widget, _ ("Working"));
  else if (GTK_IS_PROGRESS_BAR (widget))
    daybook_accessible_set_label (widget, _ ("Progress"));
  else if (GTK_IS_RANGE (widget) && GTK_IS_SCROLLBAR (gtk_widget_get_parent (widget)))
    {
      /* The scroll bar's own slider, a node of its own. */
      daybook_accessible_name_widget (gtk_widget_get_parent (widget));
      daybook_accessible_set_label (
          widget, g_object_get_data (G_OBJECT (gtk_widget_get_parent (widget)), LABEL));
    }
  else if (GTK_IS_SCROLLBAR (widget))
    daybook_accessible_set_label (widget, gtk_orientable_get_orientation (GTK_ORIENTABLE (widget))
                                                  == GTK_ORIENTATION_VERTICAL
                                              ? _ ("Scroll up and down")
                                              : _ ("Scroll sideways"));
  else if (GTK_IS_IMAGE (widget) || GTK_IS_LABEL (widget)
           || g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "GtkBuiltinIcon") == 0)
    hide_decoration (widget);
}

static void
changed_cb (GtkWidget *widget, GParamSpec *pspec, gpointer user_data)
{
  daybook_accessible_name_widget (widget);
}

static gboolean
hide_again_cb (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr (GtkWidget) widget = g_weak_ref_get (ref);

  if (widget != NULL)
    hide_decoration (widget);
  g_weak_ref_clear (ref);
  g_free (ref);
  return G_SOURCE_REMOVE;
}

/* GTK 4.8 sets the hidden state itself after it notifies "visible": the
 * decoration is hidden again once it has. */
static void
visible_changed_cb (GtkWidget *widget, GParamSpec *pspec, gpointer user_data)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, widget);
  g_idle_add (hide_again_cb, ref);
}

static void
watch (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), WATCHED) != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), WATCHED, GINT_TO_POINTER (1));
  daybook_accessible_name_widget (widget);
  if (GTK_IS_IMAGE (widget) || GTK_IS_LABEL (widget))
    g_signal_connect (widget, "notify::visible", G_CALLBACK (visible_changed_cb), NULL);
  if (!GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget)
      && !GTK_IS_LABEL (widget) && !ADW_IS_WINDOW_TITLE (widget)
      && !ADW_IS_PREFERENCES_ROW (widget))
    return;
  /* Whatever of these the widget has; unknown names never emit. */
  g_signal_connect (widget, "notify::label", G_CALLBACK (changed_cb), NULL);
  g_signal_connect (widget, "notify::use-underline", G_CALLBACK (changed_cb), NULL);
  g_signal_connect (widget, "notify::tooltip-text", G_CALLBACK (changed_cb), NULL);
  g_signal_connect (widget, "notify::title", G_CALLBACK (changed_cb), NULL);
  g_signal_connect (widget, "notify::child", G_CALLBACK (changed_cb), NULL);
}

/* A window or stack shown: everything below it, the pages not shown too
 * (a screen reader's review reaches them, GTK 4.8 keeping no "showing"
 * state). */
static void
watch_tree (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_tree (child);
  watch (widget);
}

static gboolean
map_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  /* A widget new since the last walk: it and everything below it, shown
   * or not (a scroll bar appears only when there is something to scroll). */
  if (GTK_IS_ROOT (widget) || GTK_IS_STACK (widget)
      || g_object_get_data (G_OBJECT (widget), WATCHED) == NULL)
    watch_tree (widget);
  return TRUE;
}

/**
 * daybook_accessible_install:
 *
 * Names every widget of the kinds above as it is shown, in every window of
 * the process. Call once, after gtk_init(); later calls do nothing.
 */
void
daybook_accessible_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* Kept: the hook lasts as long as the process. */
      g_type_class_ref (GTK_TYPE_WIDGET);
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, map_hook, NULL,
                                  NULL);
      g_once_init_leave (&installed, 1);
    }
}
