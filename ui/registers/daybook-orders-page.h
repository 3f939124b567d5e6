/* daybook-orders-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_ORDERS_PAGE (daybook_orders_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookOrdersPage, daybook_orders_page, DAYBOOK, ORDERS_PAGE, GtkWidget)

void daybook_orders_page_edit (DaybookOrdersPage *self, guint position);

G_END_DECLS
