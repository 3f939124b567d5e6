/* daybook-messages.h — imported messages and calls, their sources, links to entries
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookMessage:
 *
 * One imported message, call, e-mail or system line, as stored. Never
 * edited after the import. @duration_s is -1 when not known; @person_id
 * and @media_id are 0 when none.
 */
typedef struct
{
  gint64 id;
  gint64 source_id;
  char *kind;      /* message, call, email, system */
  char *direction; /* in, out, system */
  gint64 sent_utc;
  int sent_offset;
  char *sent_zone; /* NULL: the file gave the offset */
  char *time_flag; /* "", "gap", "overlap" */
  char *sender;
  char *address;
  gint64 person_id;
  char *person; /* the person's name, or NULL */
  char *recipients;
  char *text;
  guint line;
  gint64 media_id;
  char *media_mark; /* NULL without a stored media exhibit */
  char *media_name;
  char *media_state;
  char *outcome;
  int duration_s;
  char *headers; /* JSON object */
  gint64 source_attachment_id;
  char *source_mark;
} DaybookMessage;

void daybook_message_free (DaybookMessage *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookMessage, daybook_message_free)
char *daybook_message_dup_sent_at (const DaybookMessage *self);
JsonNode *daybook_message_to_json (const DaybookMessage *self);

/**
 * DaybookMessageSource:
 *
 * An exhibit whose messages were imported.
 */
typedef struct
{
  gint64 id;
  gint64 attachment_id;
  char *mark;
  char *sha256;
  char *filename;
  char *format;
  char *time_zone;
  char *date_order;
  char *options; /* JSON object */
  gint64 imported_at;
  guint n_messages;
} DaybookMessageSource;

void daybook_message_source_free (DaybookMessageSource *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookMessageSource, daybook_message_source_free)

/**
 * DaybookMessageQuery:
 * @attachment_id: only the messages imported from this exhibit (0: any)
 * @person_id: only those mapped to this person (0: anyone)
 * @from: first instant, Unix seconds (G_MININT64: no bound)
 * @to: end, excluded (G_MAXINT64: no bound)
 * @search: words that must all appear in the sender or text (NULL: none)
 * @cited_by: (nullable): only the messages cited by one of these entry
 *   numbers (gint64); NULL: cited or not
 */
typedef struct
{
  gint64 attachment_id;
  gint64 person_id;
  gint64 from;
  gint64 to;
  const char *search;
  GArray *cited_by;
} DaybookMessageQuery;

void daybook_message_query_init (DaybookMessageQuery *query);

GPtrArray *daybook_diary_list_messages (DaybookDiary *diary, const DaybookMessageQuery *query,
                                        GError **error);
DaybookMessage *daybook_diary_get_message (DaybookDiary *diary, gint64 id, GError **error);
GPtrArray *daybook_diary_list_message_sources (DaybookDiary *diary, GError **error);
DaybookMessageSource *daybook_diary_find_message_source (DaybookDiary *diary, gint64 attachment_id,
                                                         GError **error);
GArray *daybook_diary_dup_cited_messages (DaybookDiary *diary, gint64 number, GError **error);
gboolean daybook_diary_cite_messages (DaybookDiary *diary, gint64 number, const gint64 *ids,
                                      guint n_ids, gboolean cite, GError **error);

/**
 * DaybookCallDay:
 *
 * The calls of one day (in the zone asked for), by outcome.
 */
typedef struct
{
  char date[11]; /* YYYY-MM-DD */
  guint calls;
  guint missed;
  guint rejected;
} DaybookCallDay;

GArray *daybook_messages_calls_per_day (GPtrArray *messages, GTimeZone *zone);

G_END_DECLS
