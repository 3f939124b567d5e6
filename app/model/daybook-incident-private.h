/* daybook-incident-private.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-incident.h"

G_BEGIN_DECLS

/* Set only by the diary from what is stored: these are never the user's. */
void _daybook_incident_set_stored (DaybookIncident *self, gint64 number, gint64 recorded_at,
                                   gint64 updated_at, guint revision, gint64 deleted_at);

char *_daybook_incident_to_snapshot (DaybookIncident *self);
gboolean _daybook_incident_write_snapshot (DaybookIncident *self, GString *out);

G_END_DECLS
