/* daybook-diary-private.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "daybook-bytes.h"
#include "daybook-chain.h"
#include "daybook-diary.h"
#include "daybook-schema.h"
#include "daybook-sql.h"

G_BEGIN_DECLS

/* The connection belongs to one thread at a time: hold the diary's lock
 * (_daybook_diary_lock) around every use of it. */
sqlite3 *_daybook_diary_get_db (DaybookDiary *self);
void _daybook_diary_lock (DaybookDiary *self);
void _daybook_diary_unlock (DaybookDiary *self);
int _daybook_diary_key_connection (DaybookDiary *self, sqlite3 *db);
void _daybook_diary_emit_changed (DaybookDiary *self);
gboolean _daybook_diary_verify_records (DaybookDiary *self, GPtrArray *problems,
                                        GPtrArray *regressions, GError **error);

/* A walk of the chain in order that finds where the clock went back
 * (daybook-history.c). */
typedef struct
{
  gint64 latest;
  GPtrArray *found; /* of DaybookClockRegression */
} DaybookClockScan;

void _daybook_clock_scan_init (DaybookClockScan *scan, GPtrArray *found);
void _daybook_clock_scan_row (gint64 id, const char *entity, gint64 entity_id, gint64 revision,
                              gint64 at, gpointer data);
gboolean _daybook_diary_verify_incidents (DaybookDiary *self, GHashTable *last, GPtrArray *problems,
                                          GError **error);
gboolean _daybook_diary_verify_people (DaybookDiary *self, GPtrArray *problems, GError **error);
gboolean _daybook_diary_verify_messages (DaybookDiary *self, GPtrArray *problems, GError **error);
gboolean _daybook_diary_verify_case (DaybookDiary *self, GPtrArray *problems, GError **error);
gboolean _daybook_diary_verify_orders (DaybookDiary *self, GPtrArray *problems, GError **error);
gboolean _daybook_diary_verify_contacts (DaybookDiary *self, GPtrArray *problems, GError **error);
gboolean _daybook_diary_write_breaches (DaybookDiary *self, DaybookIncident *incident,
                                        gint64 number, GError **error);
gboolean _daybook_diary_migrate_orders_text (DaybookDiary *self, GError **error);
gboolean _daybook_diary_has_registers (DaybookDiary *self);

/* A revision's snapshot in SQL, for a query over `revisions` (its columns
 * unqualified): an entry's latest revision stores none (schema 7) and is
 * rebuilt from the entry's row. */
#define DAYBOOK_REVISION_SNAPSHOT_SQL                                                              \
  "CASE WHEN snapshot IS NULL AND entity = 'incident'"                                             \
  " THEN daybook_incident_snapshot (entity_id) ELSE snapshot END"
gboolean _daybook_diary_add_snapshot_function (DaybookDiary *self, GError **error);
gboolean _daybook_diary_migrate_hook (sqlite3 *db, int version, gpointer data, GError **error);
gboolean _daybook_diary_add_incident_locked (DaybookDiary *self, DaybookIncident *incident,
                                             GError **error);
gboolean _daybook_diary_ensure_person (DaybookDiary *self, const char *name, DaybookRole role,
                                       gint64 *id, GError **error);
gboolean _daybook_query_run (DaybookDiary *self, const DaybookQuery *query, GArray *numbers,
                             GArray *starts, GError **error);
GListModel *_daybook_incident_list_new (DaybookDiary *self, GArray *numbers, GArray *starts);
gboolean _daybook_diary_check_open (DaybookDiary *self, GError **error);
gboolean _daybook_diary_begin (DaybookDiary *self, GError **error);
gboolean _daybook_diary_commit (DaybookDiary *self, GError **error);
void _daybook_diary_rollback (DaybookDiary *self);
void _daybook_diary_add_blob (DaybookDiary *self, const char *name);
gboolean _daybook_diary_in_batch (DaybookDiary *self);
void _daybook_diary_add_unsynced_blob (DaybookDiary *self, const char *name);
gboolean _daybook_diary_set_plain_setting (DaybookDiary *self, const char *key, const char *value,
                                           GError **error);
void _daybook_diary_drop_old_blob (DaybookDiary *self);
gboolean _daybook_diary_reencrypt_evidence (DaybookDiary *self, GError **error);
gboolean _daybook_diary_end_reencrypt (DaybookDiary *self, GError **error);
int _daybook_raw_key_attach (sqlite3 *db, const char *path, const char *schema,
                             const DaybookSecret *master_key);
GPtrArray *_daybook_diary_load_incidents (DaybookDiary *self, const gint64 *numbers, guint n,
                                          GError **error);

gboolean _daybook_diary_check_bundle_source (DaybookDiary *self, DaybookBundleSource *out,
                                             GPtrArray *problems, GError **error);

G_END_DECLS
