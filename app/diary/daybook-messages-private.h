/* daybook-messages-private.h — writing imported messages (for the importer)
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-diary-private.h"
#include "daybook-messages.h"

G_BEGIN_DECLS

/* Each of these runs with the diary's lock held, inside the caller's
 * transaction. */
gboolean _daybook_messages_add_source (DaybookDiary *diary, gint64 attachment_id,
                                       const char *format, const char *time_zone,
                                       const char *date_order, const char *options, gint64 now,
                                       gint64 *id, GError **error);
gboolean _daybook_messages_add (DaybookDiary *diary, const DaybookMessage *message,
                                const guint8 digest[32], gboolean *duplicate, gint64 *id,
                                GError **error);
/* Adding many messages, each statement prepared once. */
typedef struct _DaybookMessageWriter DaybookMessageWriter;
DaybookMessageWriter *_daybook_messages_writer_new (DaybookDiary *diary, GError **error);
gboolean _daybook_messages_writer_add (DaybookMessageWriter *writer, const DaybookMessage *message,
                                       const guint8 digest[32], gboolean *duplicate, gint64 *id,
                                       GError **error);
void _daybook_messages_writer_free (DaybookMessageWriter *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookMessageWriter, _daybook_messages_writer_free)
gboolean _daybook_messages_record_source (DaybookDiary *diary, gint64 source_id, gint64 now,
                                          GError **error);
gboolean _daybook_messages_source_snapshot (sqlite3 *db, const char *schema, gint64 source_id,
                                            char **snapshot, guint *revision, GError **error);
gboolean _daybook_messages_cite_locked (DaybookDiary *diary, gint64 number, const gint64 *ids,
                                        guint n_ids, GError **error);
gboolean _daybook_messages_source_of_attachment (DaybookDiary *diary, gint64 attachment_id,
                                                 gint64 *source_id, GError **error);

/* People's numbers, addresses and account names. */
char *_daybook_identifier_normalize (const char *value, const char **kind);
gboolean _daybook_messages_find_identifier (DaybookDiary *diary, const char *kind,
                                            const char *value, gint64 *person_id, GError **error);
gboolean _daybook_messages_add_identifier (DaybookDiary *diary, const char *kind, const char *value,
                                           gint64 person_id, GError **error);

G_END_DECLS
