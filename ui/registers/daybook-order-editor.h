/* daybook-order-editor.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-diary.h"
#include "daybook-registers.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_ORDER_EDITOR (daybook_order_editor_get_type ())

G_DECLARE_FINAL_TYPE (DaybookOrderEditor, daybook_order_editor, DAYBOOK, ORDER_EDITOR, GtkWidget)

void daybook_order_editor_set_diary (DaybookOrderEditor *self, DaybookDiary *diary);
void daybook_order_editor_edit (DaybookOrderEditor *self, DaybookOrder *order);
gboolean daybook_order_editor_save (DaybookOrderEditor *self, GError **error);
gboolean daybook_order_editor_has_unsaved_changes (DaybookOrderEditor *self);
gint64 daybook_order_editor_get_id (DaybookOrderEditor *self);
void daybook_order_editor_clear (DaybookOrderEditor *self);

G_END_DECLS
