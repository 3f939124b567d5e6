/* daybook-date-time-row.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-date-time-row"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "daybook-date-time-row.h"
#include "daybook-ui-format.h"

/*
 * A date (typed, or picked from a calendar) and a time of day. Typing is
 * the fast way; the calendar is there for "last Tuesday". Reading the
 * fields back goes through the core's parser, which refuses a time the
 * clocks skipped or showed twice rather than guess.
 */

struct _DaybookDateTimeRow
{
  AdwActionRow parent_instance;

  GtkEntry *date_entry;
  GtkEntry *time_entry;
  GtkPopover *calendar_popover;
  GtkCalendar *calendar;

  gboolean syncing;
};

G_DEFINE_FINAL_TYPE (DaybookDateTimeRow, daybook_date_time_row, ADW_TYPE_ACTION_ROW)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
text_changed_cb (DaybookDateTimeRow *self)
{
  if (!self->syncing)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
popover_show_cb (DaybookDateTimeRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->date_entry));
  g_autoptr (GDateTime) dt = NULL;
  int y, m, d;

  if (sscanf (text, "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
    dt = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (dt == NULL)
    dt = g_date_time_new_now_local ();

  self->syncing = TRUE;
  gtk_calendar_select_day (self->calendar, dt);
  self->syncing = FALSE;
}

static void
day_selected_cb (DaybookDateTimeRow *self)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  if (self->syncing)
    return;
  dt = gtk_calendar_get_date (self->calendar);
  text = g_date_time_format (dt, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), text);
  gtk_popover_popdown (self->calendar_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->time_entry));
}

static void
daybook_date_time_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DAYBOOK_TYPE_DATE_TIME_ROW);

  G_OBJECT_CLASS (daybook_date_time_row_parent_class)->dispose (object);
}

static void
daybook_date_time_row_class_init (DaybookDateTimeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_date_time_row_dispose;

  /**
   * DaybookDateTimeRow::changed:
   *
   * The date or the time was edited.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-date-time-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookDateTimeRow, date_entry);
  gtk_widget_class_bind_template_child (widget_class, DaybookDateTimeRow, time_entry);
  gtk_widget_class_bind_template_child (widget_class, DaybookDateTimeRow, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, DaybookDateTimeRow, calendar);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
}

static void
daybook_date_time_row_init (DaybookDateTimeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * daybook_date_time_row_set_when:
 * @when: (nullable): the time to show, or %NULL to empty the fields
 */
void
daybook_date_time_row_set_when (DaybookDateTimeRow *self, const DaybookWhen *when)
{
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  g_return_if_fail (DAYBOOK_IS_DATE_TIME_ROW (self));

  if (when != NULL)
    {
      date = daybook_format_date_input (when);
      time = daybook_format_time_input (when);
    }
  daybook_date_time_row_set_text (self, date, time);
}

/**
 * daybook_date_time_row_set_text:
 *
 * Fills the fields without emitting #DaybookDateTimeRow::changed.
 */
void
daybook_date_time_row_set_text (DaybookDateTimeRow *self, const char *date, const char *time)
{
  g_return_if_fail (DAYBOOK_IS_DATE_TIME_ROW (self));

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), date != NULL ? date : "");
  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), time != NULL ? time : "");
  self->syncing = FALSE;
}

/**
 * daybook_date_time_row_get_when:
 * @date_only: ignore the time field
 * @zone: the zone the fields are read in
 *
 * Returns: whether the fields hold a time that happened
 */
gboolean
daybook_date_time_row_get_when (DaybookDateTimeRow *self, gboolean date_only, GTimeZone *zone,
                                DaybookWhen *when, GError **error)
{
  g_return_val_if_fail (DAYBOOK_IS_DATE_TIME_ROW (self), FALSE);

  return daybook_parse_date_time_input (gtk_editable_get_text (GTK_EDITABLE (self->date_entry)),
                                        gtk_editable_get_text (GTK_EDITABLE (self->time_entry)),
                                        date_only, zone, when, error);
}

void
daybook_date_time_row_set_date_only (DaybookDateTimeRow *self, gboolean date_only)
{
  g_return_if_fail (DAYBOOK_IS_DATE_TIME_ROW (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->time_entry), !date_only);
}

/**
 * daybook_date_time_row_dup_text:
 *
 * Returns: (transfer full): the fields as typed, to keep when they
 *   cannot be read as a time
 */
char *
daybook_date_time_row_dup_text (DaybookDateTimeRow *self)
{
  g_return_val_if_fail (DAYBOOK_IS_DATE_TIME_ROW (self), NULL);

  return g_strstrip (g_strdup_printf ("%s %s",
                                      gtk_editable_get_text (GTK_EDITABLE (self->date_entry)),
                                      gtk_editable_get_text (GTK_EDITABLE (self->time_entry))));
}
