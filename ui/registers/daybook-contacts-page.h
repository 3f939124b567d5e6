/* daybook-contacts-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_CONTACTS_PAGE (daybook_contacts_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookContactsPage, daybook_contacts_page, DAYBOOK, CONTACTS_PAGE, GtkWidget)

void daybook_contacts_page_edit (DaybookContactsPage *self, guint position);

G_END_DECLS
