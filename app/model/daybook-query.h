/* daybook-query.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "daybook-behaviour.h"
#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookQuery:
 * @from: first instant included (UTC seconds), or %G_MININT64
 * @to: first instant excluded (UTC seconds), or %G_MAXINT64
 * @types: any of these behaviour types, or 0 for all
 * @person: (nullable): only entries naming this person (any case)
 * @text: (nullable): words to search for, as a person types them
 * @include_private: whether entries marked private are included
 * @newest_first: order by when it happened, newest first
 *
 * What to select from the diary. Plain data: copy it to a worker thread.
 */
struct _DaybookQuery
{
  gint64 from;
  gint64 to;
  DaybookBehaviour types;
  char *person;
  char *text;
  gboolean include_private;
  gboolean newest_first;
};

#define DAYBOOK_TYPE_QUERY (daybook_query_get_type ())

GType daybook_query_get_type (void) G_GNUC_CONST;
DaybookQuery *daybook_query_new (void);
DaybookQuery *daybook_query_copy (const DaybookQuery *self);
void daybook_query_free (DaybookQuery *self);
void daybook_query_set_person (DaybookQuery *self, const char *person);
void daybook_query_set_text (DaybookQuery *self, const char *text);
char *daybook_fts_query_from_text (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookQuery, daybook_query_free)

G_END_DECLS
