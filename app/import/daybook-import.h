/* daybook-import.h — bringing a phone or mail export into the diary
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-import-records.h"
#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookImportParseFunc:
 * @stream: the stored copy of the original, read from the diary (the bytes
 *   that were hashed, not the file on disk again)
 * @summary: (out): a DAYBOOK_IMPORT_SUMMARY_TYPE value at the end
 *
 * Reads an export and hands each record and media frame to @sink. The
 * parsers (daybook_import_parse()) run outside the process that holds the
 * keys; tests pass a feeder of their own.
 */
typedef gboolean (*DaybookImportParseFunc) (GInputStream *stream,
                                            const DaybookImportOptions *options,
                                            const DaybookImportSink *sink, gpointer sink_data,
                                            GVariant **summary, GCancellable *cancellable,
                                            GError **error);

/**
 * DaybookImportChoices:
 * @parse: format, date order, mbox flavour, CSV columns (for the parser)
 * @time_zone: (nullable): the zone local times are read in; NULL: the
 *   computer's
 * @me: (nullable): the user's name as the export writes it: their lines
 *   are "out" when the format does not say
 * @people: (nullable) (array zero-terminated=1): "SENDER=NAME" pairs: the
 *   sender, number or address SENDER is the register's person NAME (added
 *   when not there yet)
 * @number: an entry to link the original exhibit to (0: none)
 */
typedef struct
{
  DaybookImportOptions parse;
  const char *time_zone;
  const char *me;
  char **people;
  gint64 number;
} DaybookImportChoices;

/**
 * DaybookImportResult:
 *
 * What an import did. When @already is set, this exhibit's messages were
 * imported before and nothing was added.
 */
typedef struct
{
  gboolean already;
  gint64 attachment_id;
  char *mark;
  char *sha256;
  char *format;
  char *date_order;
  char *time_zone;
  guint messages; /* new messages, e-mails and system lines */
  guint calls;    /* new calls */
  guint media;    /* media exhibits stored or found */
  guint entries;  /* entries made from a table's new rows */
  guint present;  /* records already in the diary from an earlier export */
  guint flagged;  /* times in a gap or an overlap of the zone */
  gint64 first;   /* UTC of the earliest and latest record; 0 without any */
  gint64 last;
  GVariant *skipped; /* a(us): line and reason code, as the parser reported; the sentence:
                        daybook_import_skip_reason() */
} DaybookImportResult;

void daybook_import_result_free (DaybookImportResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookImportResult, daybook_import_result_free)

DaybookImportResult *daybook_diary_import_messages (DaybookDiary *diary, const char *path,
                                                    const DaybookImportChoices *choices,
                                                    DaybookImportParseFunc parse,
                                                    GCancellable *cancellable, GError **error);
void daybook_diary_import_messages_async (DaybookDiary *diary, const char *path,
                                          const DaybookImportChoices *choices,
                                          DaybookImportParseFunc parse, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
DaybookImportResult *daybook_diary_import_messages_finish (DaybookDiary *diary,
                                                           GAsyncResult *result, GError **error);

/* Tests only: cancel an import's cancellable once @records were stored. */
void _daybook_import_cancel_after_for_test (guint records);
/* Tests only: refuse an export of more than @records (0: the real limit). */
void _daybook_import_set_max_records_for_test (guint records);

gboolean daybook_import_place_time (GTimeZone *zone, gint64 wall, gint64 *utc, int *offset,
                                    const char **flag);

G_END_DECLS
