/* daybook-report-exhibits.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookExhibit:
 * @mark: the exhibit mark, the producer's initials and a serial ("AB/1")
 * @description: (nullable): what it shows, in the victim's words
 * @filename: the original file name
 * @media_type: e.g. "image/jpeg"
 * @size: the original's size in bytes
 * @created_at: when it was taken or created (UTC seconds), 0 if unknown
 * @added_at: when it was added to the diary (UTC seconds)
 * @sha256: the SHA-256 of the original bytes, 64 lower-case hex digits
 * @entries: (element-type gint64): the entry numbers citing it, ascending
 * @thumbnail: (nullable): a small PNG for image exhibits
 *
 * One exhibit as the report prints it. Plain data, owned by whoever
 * holds it; free with daybook_exhibit_free().
 */
typedef struct
{
  char *mark;
  char *description;
  char *filename;
  char *media_type;
  guint64 size;
  gint64 created_at;
  gint64 added_at;
  char *sha256;
  GArray *entries;
  GBytes *thumbnail;
} DaybookExhibit;

void daybook_exhibit_free (DaybookExhibit *exhibit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookExhibit, daybook_exhibit_free)

/**
 * DaybookExhibitProvider:
 *
 * Where the report takes its exhibits from: those cited by the selected
 * entries, in mark order. Reading them lazily keeps a report of
 * thousands of exhibits in bounded memory. The attachments code fills
 * this in; until then a report has no exhibits and says so.
 */
typedef struct _DaybookExhibitProvider DaybookExhibitProvider;

struct _DaybookExhibitProvider
{
  /* (optional) the entries in the report, in timeline order; the
   * schedule holds the exhibits they cite. Called once, before the rest. */
  gboolean (*select) (DaybookExhibitProvider *self, const gint64 *entries, guint n_entries,
                      GError **error);
  /* the number of exhibits in the schedule */
  guint (*get_n_exhibits) (DaybookExhibitProvider *self);
  /* the @i-th exhibit of the schedule, (transfer full) */
  DaybookExhibit *(*get_exhibit) (DaybookExhibitProvider *self, guint i);
  /* the exhibits entry @number cites, (transfer full) (element-type DaybookExhibit) */
  GPtrArray *(*list_for_entry) (DaybookExhibitProvider *self, gint64 number);
  void (*free) (DaybookExhibitProvider *self);
};

DaybookExhibitProvider *daybook_exhibit_provider_new_empty (void);
void daybook_exhibit_provider_free (DaybookExhibitProvider *self);

G_END_DECLS
