/* daybook-incident-row.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "daybook-incident.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_INCIDENT_ROW (daybook_incident_row_get_type ())

G_DECLARE_FINAL_TYPE (DaybookIncidentRow, daybook_incident_row, DAYBOOK, INCIDENT_ROW, GtkWidget)

GtkWidget *daybook_incident_row_new (void);
void daybook_incident_row_set_incident (DaybookIncidentRow *self, DaybookIncident *incident,
                                        gboolean show_month);

G_END_DECLS
