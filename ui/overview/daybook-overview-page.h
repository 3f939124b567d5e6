/* daybook-overview-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_OVERVIEW_PAGE (daybook_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookOverviewPage, daybook_overview_page, DAYBOOK, OVERVIEW_PAGE, GtkWidget)

void daybook_overview_page_refresh (DaybookOverviewPage *self);
gboolean daybook_overview_page_is_busy (DaybookOverviewPage *self);

G_END_DECLS
