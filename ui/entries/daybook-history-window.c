/* daybook-history-window.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-history-window"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-history-window.h"
#include "daybook-revision.h"
#include "daybook-ui-format.h"
#include "daybook-ui-util.h"

/* The revisions of one entry, newest first, each with what changed. One
 * entry has few revisions, so a list box is fine here. */

struct _DaybookHistoryWindow
{
  AdwWindow parent_instance;

  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (DaybookHistoryWindow, daybook_history_window, ADW_TYPE_WINDOW)

static const char *
action_label (const char *action)
{
  if (g_strcmp0 (action, "create") == 0)
    return _ ("Written down");
  if (g_strcmp0 (action, "delete") == 0)
    /* TRANSLATORS: what happened to an entry in one revision of its history */
    return _ ("Deleted");
  /* TRANSLATORS: what happened to an entry in one revision of its history */
  return _ ("Changed");
}

static GtkWidget *
revision_row (DaybookRevision *revision, DaybookRevision *previous)
{
  g_auto (GStrv) changes = daybook_revision_list_changes (revision, previous);
  g_autofree char *what = daybook_format_changes ((const char *const *)changes);
  g_autofree char *when = daybook_format_recorded_at (daybook_revision_get_at (revision));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* TRANSLATORS: "Revision 2 · Changed" */
  title = g_strdup_printf (_ ("Revision %u · %s"), daybook_revision_get_revision (revision),
                           action_label (daybook_revision_get_action (revision)));
  if (previous != NULL && *what != '\0')
    subtitle = g_strdup_printf (_ ("%s\nChanged: %s"), when, what);
  else
    subtitle = g_strdup (when);
  if (daybook_revision_get_clock_set_back (revision))
    {
      g_autofree char *before
          = daybook_format_recorded_at (daybook_revision_get_previous_at (revision));
      char *with_clock;

      /* TRANSLATORS: the computer's clock was behind an earlier save; the
       * time is kept as the clock gave it */
      with_clock = g_strdup_printf (
          _ ("%s\nClock set back: this time is earlier than a change saved before it, at %s"),
          subtitle, before);
      g_free (subtitle);
      subtitle = with_clock;
      gtk_widget_add_css_class (row, "warning");
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static void
daybook_history_window_class_init (DaybookHistoryWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookHistoryWindow, list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
daybook_history_window_init (DaybookHistoryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  daybook_window_size_follows_text (GTK_WINDOW (self));
}

/**
 * daybook_history_window_new:
 * @revisions: #DaybookRevision items, oldest first
 */
GtkWidget *
daybook_history_window_new (GListModel *revisions)
{
  DaybookHistoryWindow *self = g_object_new (DAYBOOK_TYPE_HISTORY_WINDOW, NULL);
  guint n = g_list_model_get_n_items (revisions);

  for (guint i = n; i > 0; i--)
    {
      g_autoptr (DaybookRevision) revision = g_list_model_get_item (revisions, i - 1);
      g_autoptr (DaybookRevision) previous
          = i > 1 ? g_list_model_get_item (revisions, i - 2) : NULL;

      gtk_list_box_append (self->list, revision_row (revision, previous));
    }

  return GTK_WIDGET (self);
}
