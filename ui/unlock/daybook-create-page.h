/* daybook-create-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_CREATE_PAGE (daybook_create_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookCreatePage, daybook_create_page, DAYBOOK, CREATE_PAGE, GtkWidget)

void daybook_create_page_set_dir (DaybookCreatePage *self, const char *dir);
void daybook_create_page_focus (DaybookCreatePage *self);
const char *daybook_create_page_get_step (DaybookCreatePage *self);

G_END_DECLS
