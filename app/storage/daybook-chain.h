/* daybook-chain.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gint64 _daybook_chain_now (void);
void _daybook_chain_set_clock_offset_for_test (gint64 seconds);
gboolean _daybook_chain_append (sqlite3 *db, const char *entity, gint64 entity_id, guint revision,
                                const char *action, gint64 at, const char *snapshot,
                                GError **error);
gboolean _daybook_chain_append_full (sqlite3 *db, const char *entity, gint64 entity_id,
                                     guint revision, const char *action, gint64 at,
                                     const char *snapshot, gboolean store_snapshot, GError **error);
gboolean _daybook_chain_store_snapshot (sqlite3 *db, gint64 id, const char *snapshot,
                                        gboolean *matches, GError **error);
gboolean _daybook_chain_verify (sqlite3 *db, const guint8 *diary_id, GPtrArray *problems,
                                GError **error);

/* One thing's last revision, as _daybook_chain_verify_tracking() found it. */
typedef struct
{
  gint64 entity_id;
  gint64 revision;            /* the highest revision number in the history */
  gboolean deleted;           /* that revision's action is "delete" */
  guint8 snapshot_sha256[32]; /* SHA-256 of its snapshot, up to its first NUL */
  /* Its snapshot is not stored (an entry's latest revision): the caller
   * checks its link, made again from the live row, with
   * _daybook_chain_last_matches(). */
  gboolean rebuilt;
  gboolean link_reported; /* when rebuilt: its link was reported as not matching */
  gint64 id;              /* when rebuilt: its position, */
  gint64 at;              /* its time, */
  const char *action;     /* its action (NULL if none Daybook writes), */
  guint8 prev[32];        /* the link before it */
  guint8 link[32];        /* and its own stored link */
} DaybookChainLast;

gboolean _daybook_chain_last_matches (const DaybookChainLast *last, const char *entity,
                                      const guint8 snap_hash[32]);

/* Called for each record of the history, in chain order. */
typedef void (*DaybookChainRowFunc) (gint64 id, const char *entity, gint64 entity_id,
                                     gint64 revision, gint64 at, gpointer user_data);

gboolean _daybook_chain_verify_tracking (sqlite3 *db, const guint8 *diary_id, const char *track,
                                         GHashTable **last, DaybookChainRowFunc row_func,
                                         gpointer row_data, GPtrArray *problems, GError **error);
void _daybook_chain_genesis (const guint8 *diary_id, guint8 out[32]);
void _daybook_chain_link (const guint8 prev[32], gint64 id, const char *entity, gint64 entity_id,
                          gint64 revision, const char *action, gint64 at, const char *snapshot,
                          guint8 out[32]);
void _daybook_chain_link_hashed (const guint8 prev[32], gint64 id, const char *entity,
                                 gint64 entity_id, gint64 revision, const char *action, gint64 at,
                                 const guint8 snap_hash[32], guint8 out[32]);
char *_daybook_chain_dup_head (sqlite3 *db, const guint8 *diary_id);
gboolean _daybook_chain_get_tip (sqlite3 *db, const guint8 *diary_id, gint64 *length,
                                 guint8 head[32], GError **error);
gboolean _daybook_chain_get_link (sqlite3 *db, gint64 id, guint8 link[32], gboolean *found,
                                  GError **error);

G_END_DECLS
