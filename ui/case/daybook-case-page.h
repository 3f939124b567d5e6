/* daybook-case-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-page.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_CASE_PAGE (daybook_case_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookCasePage, daybook_case_page, DAYBOOK, CASE_PAGE, GtkWidget)

G_END_DECLS
