/* daybook-statement.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-diary.h"
#include "daybook-query.h"

G_BEGIN_DECLS

/**
 * DaybookStatementKind:
 * @DAYBOOK_STATEMENT_NARRATIVE: a first-person chronological statement
 *   draft: each selected entry's account in time order, each paragraph
 *   citing its entry number and exhibit marks
 * @DAYBOOK_STATEMENT_IMPACT: a personal statement draft: what the entries
 *   record about fear, distress and impact, over time, and headings for what
 *   the diary does not record separately
 */
typedef enum
{
  DAYBOOK_STATEMENT_NARRATIVE,
  DAYBOOK_STATEMENT_IMPACT,
} DaybookStatementKind;

/**
 * DaybookStatementFlags:
 * @DAYBOOK_STATEMENT_NONE: refuse a path that exists
 * @DAYBOOK_STATEMENT_FORCE: replace a file at the path
 */
typedef enum /*< flags >*/
{
  DAYBOOK_STATEMENT_NONE = 0,
  DAYBOOK_STATEMENT_FORCE = 1 << 0,
} DaybookStatementFlags;

gboolean daybook_diary_write_statement (DaybookDiary *diary, DaybookStatementKind kind,
                                        const DaybookQuery *query, const char *const *people,
                                        const char *language, const char *path,
                                        DaybookStatementFlags flags, guint *n_entries,
                                        GCancellable *cancellable, GError **error);
void daybook_diary_write_statement_async (DaybookDiary *diary, DaybookStatementKind kind,
                                          const DaybookQuery *query, const char *const *people,
                                          const char *language, const char *path,
                                          DaybookStatementFlags flags, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
gboolean daybook_diary_write_statement_finish (DaybookDiary *diary, GAsyncResult *result,
                                               guint *n_entries, GError **error);

G_END_DECLS
