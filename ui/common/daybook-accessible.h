/* daybook-accessible.h — accessible names where GTK 4.8 gives none or a
 * wrong one
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void daybook_accessible_install (void);
void daybook_accessible_name_widget (GtkWidget *widget);
char *daybook_accessible_strip_mnemonic (const char *label);
void daybook_accessible_set_label (gpointer accessible, const char *label);

G_END_DECLS
