/* daybook-incident-list.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-behaviour.h"
#include "daybook-time.h"
#include "daybook-types.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_INCIDENT_LIST (daybook_incident_list_get_type ())

G_DECLARE_FINAL_TYPE (DaybookIncidentList, daybook_incident_list, DAYBOOK, INCIDENT_LIST, GObject)

gint64 daybook_incident_list_get_number (DaybookIncidentList *self, guint position);
gint64 daybook_incident_list_get_start (DaybookIncidentList *self, guint position);
int daybook_incident_list_find (DaybookIncidentList *self, gint64 number);
void daybook_incident_list_forget (DaybookIncidentList *self);
guint daybook_incident_list_get_n_loaded (DaybookIncidentList *self);

/**
 * DaybookIncidentLine:
 * @number: the entry number
 * @start: when it happened (@start.zone belongs to the loader)
 * @precision: how exactly that is known
 * @title: its title, "" when it has none
 * @types: its behaviour types
 * @is_private: whether it is left out of reports unless asked
 *
 * What one line of a list shows of an entry, without its text, people or
 * police details. Valid only during the call it is passed to.
 */
typedef struct
{
  gint64 number;
  DaybookWhen start;
  DaybookPrecision precision;
  const char *title;
  DaybookBehaviour types;
  gboolean is_private;
} DaybookIncidentLine;

typedef void (*DaybookIncidentLineFunc) (const DaybookIncidentLine *line, gpointer user_data);

gboolean daybook_incident_list_foreach_line (DaybookIncidentList *self,
                                             DaybookIncidentLineFunc func, gpointer user_data,
                                             GError **error);

G_END_DECLS
