/* daybook-incident-row.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-incident-row"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "daybook-ui-util.h"

#include "daybook-accessible.h"
#include "daybook-incident-row.h"
#include "daybook-ui-format.h"

/*
 * One entry in the timeline. Rows are recycled by the GtkListView, so the
 * behaviour chips are made once and only shown or hidden when bound.
 */

struct _DaybookIncidentRow
{
  GtkWidget parent_instance;

  GtkLabel *month_label;
  GtkLabel *date_label;
  GtkLabel *private_badge;
  GtkLabel *number_label;
  GtkLabel *title_label;
  GtkLabel *preview_label;
  GtkBox *chips;
};

G_DEFINE_FINAL_TYPE (DaybookIncidentRow, daybook_incident_row, GTK_TYPE_WIDGET)

static void
daybook_incident_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DAYBOOK_TYPE_INCIDENT_ROW);
  daybook_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (daybook_incident_row_parent_class)->dispose (object);
}

static void
daybook_incident_row_class_init (DaybookIncidentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_incident_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-incident-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookIncidentRow, month_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookIncidentRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookIncidentRow, private_badge);
  gtk_widget_class_bind_template_child (widget_class, DaybookIncidentRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookIncidentRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookIncidentRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookIncidentRow, chips);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "daybookincidentrow");
}

static void
daybook_incident_row_init (DaybookIncidentRow *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
}

/* A box, not a flow box: GTK 4.8's flow box miscomputes its height in
 * recycled list rows. Chips ellipsize rather than overflow a narrow row. */
static void
set_chips (DaybookIncidentRow *self, DaybookBehaviour types)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips))) != NULL)
    gtk_box_remove (self->chips, child);

  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    {
      DaybookBehaviour b = daybook_behaviour_nth (i);
      GtkWidget *label;

      if ((types & b) == 0)
        continue;
      label = gtk_label_new (daybook_behaviour_get_label (b));
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "daybook-chip");
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, daybook_behaviour_get_id (b));
      gtk_box_append (self->chips, label);
    }
}

/* The row read as one sentence: "Entry 12, Tue 1 Dec 2026 21:40, Waiting
 * outside my flat, Loitering, private". */
static char *
accessible_sentence (DaybookIncident *incident, const char *date, const char *title)
{
  DaybookBehaviour types = daybook_incident_get_types (incident);
  GString *s = g_string_new (NULL);

  /* TRANSLATORS: how a screen reader announces an entry of the timeline:
   * its number, then its date, its title and its behaviours follow */
  g_string_printf (s, _ ("Entry %" PRId64), daybook_incident_get_number (incident));
  g_string_append_printf (s, ", %s, %s", date, title);
  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if ((types & daybook_behaviour_nth (i)) != 0)
      g_string_append_printf (s, ", %s", daybook_behaviour_get_label (daybook_behaviour_nth (i)));
  if (daybook_incident_get_private (incident))
    g_string_append (s, _ (", private"));
  return g_string_free (s, FALSE);
}

GtkWidget *
daybook_incident_row_new (void)
{
  return g_object_new (DAYBOOK_TYPE_INCIDENT_ROW, NULL);
}

/**
 * daybook_incident_row_set_incident:
 * @incident: (nullable): the entry to show, or %NULL to empty the row
 * @show_month: whether this is the first entry of its month in the list
 */
void
daybook_incident_row_set_incident (DaybookIncidentRow *self, DaybookIncident *incident,
                                   gboolean show_month)
{
  g_autofree char *date = NULL;
  g_autofree char *month = NULL;
  g_autofree char *number = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *accessible = NULL;
  DaybookBehaviour types = 0;
  const char *title = "";
  gboolean is_private = FALSE;

  g_return_if_fail (DAYBOOK_IS_INCIDENT_ROW (self));

  if (incident != NULL)
    {
      const DaybookWhen *start = daybook_incident_get_start (incident);

      date = daybook_format_when_in_language (start, daybook_incident_get_precision (incident),
                                              NULL);
      month = show_month ? daybook_format_month (start) : NULL;
      number = g_strdup_printf ("#%" G_GINT64_FORMAT, daybook_incident_get_number (incident));
      preview = daybook_format_first_line (daybook_incident_get_narrative (incident), 200);
      title = daybook_format_title (daybook_incident_get_title (incident));
      types = daybook_incident_get_types (incident);
      is_private = daybook_incident_get_private (incident);
      accessible = accessible_sentence (incident, date, title);
    }

  gtk_label_set_text (self->month_label, month != NULL ? month : "");
  gtk_widget_set_visible (GTK_WIDGET (self->month_label), month != NULL);
  gtk_label_set_text (self->date_label, date != NULL ? date : "");
  gtk_label_set_text (self->number_label, number != NULL ? number : "");
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->preview_label, preview != NULL ? preview : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), preview != NULL && *preview != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->private_badge), is_private);
  set_chips (self, types);
  gtk_widget_set_visible (GTK_WIDGET (self->chips), types != 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible != NULL ? accessible : "", -1);
  /* The list's own row around this one is what a screen reader lands on. */
  if (accessible != NULL && gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    daybook_accessible_set_label (gtk_widget_get_parent (GTK_WIDGET (self)), accessible);
}
