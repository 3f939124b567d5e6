/* daybook-remove-original.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void daybook_remove_original_offer (GtkWidget *widget, GPtrArray *originals);

G_END_DECLS
