/* daybook-revision.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "daybook-types.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_REVISION (daybook_revision_get_type ())

G_DECLARE_FINAL_TYPE (DaybookRevision, daybook_revision, DAYBOOK, REVISION, GObject)

DaybookRevision *daybook_revision_new (guint revision, const char *action, gint64 at,
                                       const char *snapshot, const char *link_hex);
guint daybook_revision_get_revision (DaybookRevision *self);
const char *daybook_revision_get_action (DaybookRevision *self);
gint64 daybook_revision_get_at (DaybookRevision *self);
const char *daybook_revision_get_snapshot (DaybookRevision *self);
const char *daybook_revision_get_link (DaybookRevision *self);
void daybook_revision_set_previous_at (DaybookRevision *self, gint64 previous_at);
gint64 daybook_revision_get_previous_at (DaybookRevision *self);
gboolean daybook_revision_get_clock_set_back (DaybookRevision *self);
JsonNode *daybook_revision_to_json (DaybookRevision *self);
char **daybook_revision_list_changes (DaybookRevision *self, DaybookRevision *previous);

G_END_DECLS
