/* daybook-backup-util.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DAYBOOK_DEFAULT_BACKUP_KEEP 10
#define DAYBOOK_DEFAULT_BACKUP_REMINDER 7

guint daybook_setting_to_uint (const char *value, guint fallback);
gboolean daybook_backup_reminder_due (const char *last_backup, const char *reminder_days,
                                      gint64 created_at, gint64 now);
char *daybook_format_last_backup (const char *last_backup);
char *daybook_restore_default_dir (const char *diary_dir);
gboolean daybook_dir_is_empty_or_absent (const char *dir);

G_END_DECLS
