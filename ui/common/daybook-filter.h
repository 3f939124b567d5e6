/* daybook-filter.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "daybook-query.h"

G_BEGIN_DECLS

/**
 * DaybookFilter:
 * @text: (nullable): words to search for
 * @person: (nullable): only entries naming this person; trimmed
 * @from: (nullable): the first day, as typed; trimmed
 * @to: (nullable): the last day, as typed; trimmed
 * @types: only entries of these types, or 0 for all
 * @include_private: whether private entries are included
 * @newest_first: the order of the entries
 * @strict_days: a day that does not parse, or a last day before the
 *   first, fails, naming the day (the report, the bundle); otherwise a
 *   day that does not parse is left out and said so (the timeline, which
 *   filters as the user types)
 *
 * A filter form's state, as a #DaybookFilterForm holds it for the
 * timeline's filters, the report page and the bundle dialog.
 */
typedef struct
{
  const char *text;
  const char *person;
  const char *from;
  const char *to;
  DaybookBehaviour types;
  gboolean include_private;
  gboolean newest_first;
  gboolean strict_days;
} DaybookFilter;

gboolean daybook_filter_build_query (const DaybookFilter *filter, GTimeZone *zone,
                                     DaybookQuery **query, GError **error);

G_END_DECLS
