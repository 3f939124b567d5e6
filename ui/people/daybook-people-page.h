/* daybook-people-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_PEOPLE_PAGE (daybook_people_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookPeoplePage, daybook_people_page, DAYBOOK, PEOPLE_PAGE, GtkWidget)

void daybook_people_page_set_diary (DaybookPeoplePage *self, DaybookDiary *diary);
gboolean daybook_people_page_save (DaybookPeoplePage *self, GError **error);
void daybook_people_page_save_in_background (DaybookPeoplePage *self);
gboolean daybook_people_page_has_unsaved_changes (DaybookPeoplePage *self);
void daybook_people_page_discard (DaybookPeoplePage *self);
void daybook_people_page_edit (DaybookPeoplePage *self, guint position);

G_END_DECLS
