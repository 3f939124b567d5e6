/* daybook-history.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-diary.h"

G_BEGIN_DECLS

/* One change whose time, from the computer's clock, is earlier than a change
 * the chain recorded before it: the clock was set back (or was wrong). */
typedef struct
{
  gint64 link;        /* its position in the chain, from 1 */
  char *entity;       /* "incident", "person", "attachment" or "case" */
  gint64 entity_id;   /* the entry number, person or attachment id; 0 for the case */
  guint revision;     /* the revision of that thing */
  gint64 at;          /* the time recorded, as the clock gave it */
  gint64 previous_at; /* the latest time recorded before it in the chain */
} DaybookClockRegression;

char *daybook_clock_regression_dup_subject (const DaybookClockRegression *regression);
void daybook_clock_regression_free (DaybookClockRegression *regression);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookClockRegression, daybook_clock_regression_free)

GPtrArray *daybook_diary_list_clock_regressions (DaybookDiary *self, GError **error);
gint64 daybook_diary_get_history_length (DaybookDiary *self);

G_END_DECLS
