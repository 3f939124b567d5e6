/* daybook-incident-list.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-types.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_INCIDENT_LIST (daybook_incident_list_get_type ())

G_DECLARE_FINAL_TYPE (DaybookIncidentList, daybook_incident_list, DAYBOOK, INCIDENT_LIST, GObject)

gint64 daybook_incident_list_get_number (DaybookIncidentList *self, guint position);
gint64 daybook_incident_list_get_start (DaybookIncidentList *self, guint position);
int daybook_incident_list_find (DaybookIncidentList *self, gint64 number);

G_END_DECLS
