/* daybook-backup-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_BACKUP_PAGE (daybook_backup_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookBackupPage, daybook_backup_page, DAYBOOK, BACKUP_PAGE,
                      AdwPreferencesPage)

void daybook_backup_page_set_diary (DaybookBackupPage *self, DaybookDiary *diary);
void daybook_backup_page_set_folder (DaybookBackupPage *self, const char *folder);
gboolean daybook_backup_page_get_busy (DaybookBackupPage *self);

G_END_DECLS
