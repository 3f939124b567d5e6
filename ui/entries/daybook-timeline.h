/* daybook-timeline.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-page.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_TIMELINE (daybook_timeline_get_type ())

G_DECLARE_FINAL_TYPE (DaybookTimeline, daybook_timeline, DAYBOOK, TIMELINE, GtkWidget)

void daybook_timeline_reload (DaybookTimeline *self);
void daybook_timeline_start_search (DaybookTimeline *self);
void daybook_timeline_set_person (DaybookTimeline *self, const char *person);
void daybook_timeline_set_types (DaybookTimeline *self, DaybookBehaviour types);
void daybook_timeline_focus (DaybookTimeline *self);
GListModel *daybook_timeline_get_model (DaybookTimeline *self);
gboolean daybook_timeline_is_loading (DaybookTimeline *self);
const char *daybook_timeline_get_state (DaybookTimeline *self);

G_END_DECLS
