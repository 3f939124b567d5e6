/* daybook-unlock-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_UNLOCK_PAGE (daybook_unlock_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookUnlockPage, daybook_unlock_page, DAYBOOK, UNLOCK_PAGE, GtkWidget)

void daybook_unlock_page_set_dir (DaybookUnlockPage *self, const char *dir);
void daybook_unlock_page_reset (DaybookUnlockPage *self);
void daybook_unlock_page_focus (DaybookUnlockPage *self);

G_END_DECLS
