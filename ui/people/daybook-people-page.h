/* daybook-people-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-page.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_PEOPLE_PAGE (daybook_people_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookPeoplePage, daybook_people_page, DAYBOOK, PEOPLE_PAGE, GtkWidget)

void daybook_people_page_edit (DaybookPeoplePage *self, guint position);

G_END_DECLS
