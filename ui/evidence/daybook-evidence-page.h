/* daybook-evidence-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-page.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_EVIDENCE_PAGE (daybook_evidence_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookEvidencePage, daybook_evidence_page, DAYBOOK, EVIDENCE_PAGE, GtkWidget)

void daybook_evidence_page_reload (DaybookEvidencePage *self);
GListModel *daybook_evidence_page_get_model (DaybookEvidencePage *self);

/* For tests */
void _daybook_evidence_page_add_files (DaybookEvidencePage *self, GList *files);
gboolean _daybook_evidence_page_is_busy (DaybookEvidencePage *self);
void _daybook_evidence_page_set_unlinked_only (DaybookEvidencePage *self, gboolean unlinked);

G_END_DECLS
