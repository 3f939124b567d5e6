/* daybook-signature.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookReportKey:
 * @row: its row in `report_keys`
 * @key_id: the key id as minisign prints it (16 hex digits)
 * @public_key: base64, as `minisign -P` takes it
 * @created_at: when the key was made, UTC seconds from this computer's clock
 * @given_to: to whom it was last handed over ("" when no name was given),
 *   %NULL if it never was
 * @given_at: when it was last handed over, UTC seconds; 0 if never
 *
 * The public half of the diary's report-signing key: nothing secret.
 */
typedef struct
{
  gint64 row;
  char *key_id;
  char *public_key;
  gint64 created_at;
  char *given_to;
  gint64 given_at;
} DaybookReportKey;

void daybook_report_key_free (DaybookReportKey *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookReportKey, daybook_report_key_free)

DaybookReportKey *daybook_report_key_load (DaybookDiary *diary, GError **error);
char *daybook_report_key_format_pub (const DaybookReportKey *key);
gboolean daybook_report_key_record_handover (DaybookDiary *diary, const DaybookReportKey *key,
                                             const char *given_to, gint64 given_at, GError **error);

char *daybook_signature_format_public_key (DaybookDiary *diary);
char *daybook_signature_sign_file (DaybookDiary *diary, const char *path,
                                   const char *trusted_comment, GError **error);

gboolean daybook_report_key_write_handover (DaybookDiary *diary, const char *path,
                                            const char *given_to, const char *language,
                                            gboolean force, GCancellable *cancellable,
                                            GError **error);
void daybook_report_key_write_handover_async (DaybookDiary *diary, const char *path,
                                              const char *given_to, const char *language,
                                              gboolean force, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
gboolean daybook_report_key_write_handover_finish (DaybookDiary *diary, GAsyncResult *result,
                                                   GError **error);

G_END_DECLS
