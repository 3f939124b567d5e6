/* daybook-conduct-private.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-conduct.h"
#include "daybook-incident.h"

G_BEGIN_DECLS

/* Builds a DaybookConduct from entries added in time order, so the report
 * computes it in the same pass, over the same selection, as its figures. */
typedef struct _DaybookConductBuilder DaybookConductBuilder;

DaybookConductBuilder *_daybook_conduct_builder_new (void);
void _daybook_conduct_builder_add (DaybookConductBuilder *b, DaybookIncident *incident);
void _daybook_conduct_builder_left_out (DaybookConductBuilder *b);
DaybookConduct *_daybook_conduct_builder_finish (DaybookConductBuilder *b);
void _daybook_conduct_builder_free (DaybookConductBuilder *b);

G_END_DECLS
