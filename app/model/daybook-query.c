/* daybook-query.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-query"

#include "config.h"

#include "daybook-error.h"
#include "daybook-query.h"

G_DEFINE_BOXED_TYPE (DaybookQuery, daybook_query, daybook_query_copy, daybook_query_free)

/**
 * daybook_query_new:
 *
 * Returns: (transfer full): a query for every entry, private ones included,
 *   oldest first
 */
DaybookQuery *
daybook_query_new (void)
{
  DaybookQuery *self = g_new0 (DaybookQuery, 1);

  self->from = G_MININT64;
  self->to = G_MAXINT64;
  self->include_private = TRUE;
  return self;
}

DaybookQuery *
daybook_query_copy (const DaybookQuery *self)
{
  DaybookQuery *copy = g_memdup2 (self, sizeof *self);

  copy->person = g_strdup (self->person);
  copy->text = g_strdup (self->text);
  return copy;
}

void
daybook_query_free (DaybookQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->person);
  g_free (self->text);
  g_free (self);
}

void
daybook_query_set_person (DaybookQuery *self, const char *person)
{
  char *copy = g_strdup (person);

  g_free (self->person);
  self->person = copy;
}

void
daybook_query_set_text (DaybookQuery *self, const char *text)
{
  char *copy = g_strdup (text);

  g_free (self->text);
  self->text = copy;
}

/**
 * daybook_fts_query_from_text:
 * @text: words as a person types them
 *
 * Turns what someone typed into an FTS4 query that cannot be mistaken for
 * query syntax: every word becomes a quoted phrase, so quotes, NEAR, OR,
 * a leading minus or stray brackets are just text. A word typed with a
 * trailing `*` stays a prefix search.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @text has no
 *   words to search for
 */
char *
daybook_fts_query_from_text (const char *text)
{
  g_autoptr (GString) query = g_string_new (NULL);
  g_autoptr (GString) word = g_string_new (NULL);
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  for (p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_printf (query, "\"%s%s\"", word->str, c == '*' ? "*" : "");
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }

  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}
