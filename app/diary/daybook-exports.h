/* daybook-exports.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

/*
 * The register of what left the diary (the `exports` table, schema 4), and
 * what changed in the history since one of them.
 *
 * Every report, backup and bundle records the chain's head (the fingerprint
 * it carries) and the chain's length then: "link 1,482 of the diary's
 * chain". The register never holds contents, only what lets a later check
 * find the export in the chain and what was chosen. Registering is
 * bookkeeping outside the chain: it adds no link and leaves the fingerprint
 * as it is.
 *
 * To register something new (the report key hand-over, kind "key"): read
 * the tip with daybook_diary_get_tip() at the moment the thing is made, then
 * call daybook_diary_register_export() with @kind "key", @ref naming it (the
 * key id) and a small JSON object in @selection (to whom it was given; never
 * diary content). A hand-over bundle is read-only: check
 * daybook_diary_is_read_only() and skip registering there.
 */

#define DAYBOOK_EXPORT_REPORT "report"
#define DAYBOOK_EXPORT_BACKUP "backup"
#define DAYBOOK_EXPORT_BUNDLE "bundle"
#define DAYBOOK_EXPORT_KEY "key"

/**
 * DaybookExport:
 * @id: the register row, from 1
 * @kind: "report", "backup", "bundle" or "key"
 * @ref: the report id, backup file name, bundle id or key id
 * @fingerprint: the chain's head then, 64 hex digits
 * @length: the number of links then; the head is link @length
 * @selection: what was chosen, a JSON object as text
 * @made_at: when it was registered, UTC seconds
 */
typedef struct
{
  gint64 id;
  char *kind;
  char *ref;
  char *fingerprint;
  gint64 length;
  char *selection;
  gint64 made_at;
} DaybookExport;

void daybook_export_free (DaybookExport *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookExport, daybook_export_free)

/**
 * DaybookEdit:
 * @number: the entry
 * @revision: its revision number after the edit (2 is the first edit)
 */
typedef struct
{
  gint64 number;
  gint64 revision;
} DaybookEdit;

/**
 * DaybookExhibitAdded:
 * @id: the attachment
 * @mark: its exhibit mark, as the attachment was stored ("AB/3")
 */
typedef struct
{
  gint64 id;
  char *mark;
} DaybookExhibitAdded;

/**
 * DaybookSince:
 * @contained: whether the earlier head is a link of today's recomputed chain
 * @link: its position (0 is the empty history), or -1 when not contained
 * @length: today's number of links
 * @fingerprint: today's head, 64 hex digits
 * @added: (element-type gint64): entries created after the link
 * @edited: (element-type DaybookEdit): each edit of an entry after the link
 * @deleted: (element-type gint64): entries deleted after the link
 * @exhibits_added: (element-type DaybookExhibitAdded): attachments added
 * @case_changed: how many times the case details changed after the link
 * @other_changes: revisions of people, and edits, links and removals of
 *   attachments, after the link
 *
 * The lists come from the history's revisions after @link, in the order
 * they were made. An entry created and then edited after the link is in
 * @added and in @edited.
 */
typedef struct
{
  gboolean contained;
  gint64 link;
  gint64 length;
  char *fingerprint;
  GArray *added;
  GArray *edited;
  GArray *deleted;
  GArray *exhibits_added;
  guint case_changed;
  guint other_changes;
} DaybookSince;

void daybook_since_free (DaybookSince *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookSince, daybook_since_free)

JsonBuilder *daybook_export_selection_new (const DaybookQuery *query, const char *const *people,
                                           guint n_entries);
char *daybook_export_selection_finish (JsonBuilder *b);

gboolean daybook_parse_fingerprint (const char *text, guint8 head[32]);
char *daybook_normalize_report_id (const char *text);

gboolean daybook_diary_get_tip (DaybookDiary *self, char **fingerprint, gint64 *length,
                                GError **error);
gboolean daybook_diary_register_export (DaybookDiary *self, const char *kind, const char *ref,
                                        const char *fingerprint, gint64 length,
                                        const char *selection, GError **error);
GPtrArray *daybook_diary_list_exports (DaybookDiary *self, GError **error);
DaybookExport *daybook_diary_find_export (DaybookDiary *self, const char *ref, GError **error);
gboolean daybook_diary_resolve_since (DaybookDiary *self, const char *text, guint8 head[32],
                                      DaybookExport **export, GError **error);
DaybookSince *daybook_diary_check_since (DaybookDiary *self, const guint8 head[32], GError **error);

G_END_DECLS
