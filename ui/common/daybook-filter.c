/* daybook-filter.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-error.h"
#include "daybook-filter.h"
#include "daybook-ui-format.h"

/* A filter form's state into a DaybookQuery, once for every form. Pure,
 * so it is tested without a display (tests/ui/test-ui-format.c). */

static gboolean
parse_day (const char *text, gboolean is_end, GTimeZone *zone, gint64 *utc, gboolean *given,
           GError **error)
{
  g_autofree char *day = g_strstrip (g_strdup (text != NULL ? text : ""));

  *given = *day != '\0';
  return !*given || daybook_parse_day_bound (day, is_end, zone, utc, error);
}

/* The days, the first before the last: on failure, a day that parsed
 * before the one that did not is kept in @query. */
static gboolean
set_days (const DaybookFilter *filter, GTimeZone *zone, DaybookQuery *query, GError **error)
{
  gboolean given;

  if (!parse_day (filter->from, FALSE, zone, &query->from, &given, error))
    {
      if (filter->strict_days)
        g_prefix_error (error, _ ("The first day: "));
      return FALSE;
    }
  if (!parse_day (filter->to, TRUE, zone, &query->to, &given, error))
    {
      if (filter->strict_days)
        g_prefix_error (error, _ ("The last day: "));
      return FALSE;
    }
  if (filter->strict_days && query->from >= query->to)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("The last day is before the first."));
      return FALSE;
    }
  return TRUE;
}

/**
 * daybook_filter_build_query:
 * @zone: the time zone the days are in
 * @query: (out) (transfer full) (optional) (nullable): the query; on
 *   failure %NULL with @filter->strict_days, else the query without the
 *   day that did not parse, nor those after it
 *
 * Returns: %FALSE, with @error set, when a day is wrong
 */
gboolean
daybook_filter_build_query (const DaybookFilter *filter, GTimeZone *zone, DaybookQuery **query,
                            GError **error)
{
  g_autoptr (DaybookQuery) built = daybook_query_new ();
  g_autofree char *person = NULL;
  gboolean ok;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (zone != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  built->types = filter->types;
  built->include_private = filter->include_private;
  built->newest_first = filter->newest_first;
  if (filter->text != NULL && *filter->text != '\0')
    daybook_query_set_text (built, filter->text);
  person = g_strstrip (g_strdup (filter->person != NULL ? filter->person : ""));
  if (*person != '\0')
    daybook_query_set_person (built, person);

  ok = set_days (filter, zone, built, error);
  if (query != NULL)
    *query = ok || !filter->strict_days ? g_steal_pointer (&built) : NULL;
  return ok;
}
