/* daybook-diary-private.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

/* The connection belongs to one thread at a time: hold the diary's lock
 * (_daybook_diary_lock) around every use of it. */
sqlite3  *_daybook_diary_get_db         (DaybookDiary  *self);
void      _daybook_diary_lock           (DaybookDiary  *self);
void      _daybook_diary_unlock         (DaybookDiary  *self);
int       _daybook_diary_key_connection (DaybookDiary  *self,
                                         sqlite3       *db);
void      _daybook_diary_emit_changed   (DaybookDiary  *self);
gboolean  _daybook_diary_verify_incidents (DaybookDiary *self,
                                           GPtrArray    *problems,
                                           GError      **error);
gboolean  _daybook_diary_verify_people  (DaybookDiary  *self,
                                         GPtrArray     *problems,
                                         GError       **error);
gboolean  _daybook_diary_ensure_person  (DaybookDiary  *self,
                                         const char    *name,
                                         DaybookRole    role,
                                         gint64        *id,
                                         GError       **error);
gboolean  _daybook_query_run            (DaybookDiary  *self,
                                         const DaybookQuery *query,
                                         GArray        *numbers,
                                         GArray        *starts,
                                         GError       **error);
GListModel *_daybook_incident_list_new  (DaybookDiary  *self,
                                         GArray        *numbers,
                                         GArray        *starts);
gboolean  _daybook_diary_check_open     (DaybookDiary  *self,
                                         GError       **error);
gboolean  _daybook_diary_begin          (DaybookDiary  *self,
                                         GError       **error);
gboolean  _daybook_diary_commit         (DaybookDiary  *self,
                                         GError       **error);
void      _daybook_diary_rollback       (DaybookDiary  *self);
void      _daybook_diary_add_blob       (DaybookDiary  *self,
                                         const char    *name);
GPtrArray *_daybook_diary_load_incidents (DaybookDiary *self,
                                          const gint64 *numbers,
                                          guint         n,
                                          GError      **error);

/* SQLite helpers, shared by the core's parts. */
gboolean      _daybook_sql_error         (sqlite3      *db,
                                          int           rc,
                                          GError      **error);
gboolean      _daybook_sql_exec          (sqlite3      *db,
                                          const char   *sql,
                                          GError      **error);
sqlite3_stmt *_daybook_sql_prepare       (sqlite3      *db,
                                          const char   *sql,
                                          GError      **error);
gboolean      _daybook_sql_step_done     (sqlite3      *db,
                                          sqlite3_stmt *stmt,
                                          GError      **error);
const char   *_daybook_sql_text          (sqlite3_stmt *stmt,
                                          int           col);

int       _daybook_schema_latest        (void);
int       _daybook_schema_version       (sqlite3       *db);
gboolean  _daybook_schema_migrate       (sqlite3       *db,
                                         GError       **error);

gboolean  _daybook_chain_append         (sqlite3       *db,
                                         const char    *entity,
                                         gint64         entity_id,
                                         guint          revision,
                                         const char    *action,
                                         gint64         at,
                                         const char    *snapshot,
                                         GError       **error);
gboolean  _daybook_chain_verify         (sqlite3       *db,
                                         const guint8  *diary_id,
                                         GPtrArray     *problems,
                                         GError       **error);
void      _daybook_chain_genesis        (const guint8  *diary_id,
                                         guint8         out[32]);
void      _daybook_chain_link           (const guint8   prev[32],
                                         gint64         id,
                                         const char    *entity,
                                         gint64         entity_id,
                                         gint64         revision,
                                         const char    *action,
                                         gint64         at,
                                         const char    *snapshot,
                                         guint8         out[32]);
char     *_daybook_chain_dup_head       (sqlite3       *db,
                                         const guint8  *diary_id);
void      _daybook_object_unref_nullable (gpointer      object);
char     *_daybook_hex                  (const guint8  *data,
                                         gsize          len);
void      _daybook_sha256               (const void    *data,
                                         gsize          len,
                                         guint8         out[32]);

typedef sqlite3_stmt *DaybookStmt;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (DaybookStmt, sqlite3_finalize, NULL)

G_END_DECLS
