/* daybook-involvement-row.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "daybook-types.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_INVOLVEMENT_ROW (daybook_involvement_row_get_type ())

G_DECLARE_FINAL_TYPE (DaybookInvolvementRow, daybook_involvement_row, DAYBOOK, INVOLVEMENT_ROW,
                      GtkListBoxRow)

GtkWidget *daybook_involvement_row_new (const char *name, DaybookRole role, GtkTreeModel *names);
const char *daybook_involvement_row_get_name (DaybookInvolvementRow *self);
DaybookRole daybook_involvement_row_get_role (DaybookInvolvementRow *self);
void daybook_involvement_row_focus (DaybookInvolvementRow *self);

G_END_DECLS
