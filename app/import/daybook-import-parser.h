/* daybook-import-parser.h — the parsers of phone and mail exports (helper only)
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-import-protocol.h"
#include "daybook-import-records.h"

G_BEGIN_DECLS

/*
 * These run only in the sandboxed helper `daybook-parse import` and in the
 * fuzz targets, never in a process holding the diary's keys. Each reads a
 * stream as it comes and hands on records through the emitter, which makes
 * every string valid UTF-8 within the caps the parent checks
 * (daybook_import_record_check()).
 */

/* Caps shared by the helper and the parent's checks. */
#define DAYBOOK_IMPORT_MAX_MEDIA (64u * 1024 * 1024)
#define DAYBOOK_IMPORT_MAX_TEXT (1024u * 1024)
#define DAYBOOK_IMPORT_MAX_NAME 1024u
#define DAYBOOK_IMPORT_MAX_RECIPIENTS (64u * 1024)
#define DAYBOOK_IMPORT_MAX_HEADER (64u * 1024)
#define DAYBOOK_IMPORT_MAX_HEADERS 64u
/* A chat's text is read whole before its dates can be proven. */
#define DAYBOOK_IMPORT_MAX_CHAT_TEXT (96u * 1024 * 1024)
/* Zip archives: past these, it is refused as a zip bomb. */
#define DAYBOOK_IMPORT_ZIP_MAX_TOTAL (G_GUINT64_CONSTANT (4) * 1024 * 1024 * 1024)
#define DAYBOOK_IMPORT_ZIP_MAX_ENTRIES 100000u
#define DAYBOOK_IMPORT_ZIP_MAX_RATIO 200u

typedef struct
{
  const DaybookImportOptions *options;
  const DaybookImportSink *sink;
  gpointer user_data;
  const char *format;     /* set by the parser */
  const char *date_order; /* set by the parser when it knows */
  guint records;
  guint media;
  guint n_skipped;
  GVariantBuilder skipped;
  gboolean announced; /* the format was told to the sink */
} DaybookImportEmitter;

/* One record, before it becomes a GVariant; NULL strings are "". */
typedef struct
{
  const char *kind;
  const char *direction;
  const char *sender;
  const char *address;
  const char *recipients;
  gint64 seconds;
  const char *basis;
  gint32 offset;
  const char *text;
  guint32 line;
  const char *media_name;
  const char *media_state;
  const char *outcome;
  gint32 duration_s;
  GHashTable *headers; /* (nullable) string → string */
} DaybookImportRecord;

void _daybook_import_emitter_init (DaybookImportEmitter *emitter,
                                   const DaybookImportOptions *options,
                                   const DaybookImportSink *sink, gpointer user_data);
void _daybook_import_emitter_clear (DaybookImportEmitter *emitter);
gboolean _daybook_import_emit_record (DaybookImportEmitter *emitter,
                                      const DaybookImportRecord *record, GError **error);
gboolean _daybook_import_emit_media (DaybookImportEmitter *emitter, const char *name,
                                     const char *media_type, GBytes *bytes, GError **error);
void _daybook_import_skip (DaybookImportEmitter *emitter, guint line, DaybookImportSkip reason,
                           const char *arg1, const char *arg2);
GVariant *_daybook_import_emitter_summary (DaybookImportEmitter *emitter);
char *_daybook_import_valid_utf8 (const char *text, gssize len, gsize max);

DaybookImportFormat _daybook_import_detect (const guint8 *head, gsize len);
const char *_daybook_import_format_name (DaybookImportFormat format);
gboolean _daybook_import_format_from_name (const char *name, DaybookImportFormat *format);

/*
 * _daybook_import_parse_stream:
 * @summary: (out) (transfer full) (optional): DAYBOOK_IMPORT_SUMMARY_TYPE
 *
 * Detects the format (unless @options says it) and parses @input.
 */
gboolean _daybook_import_parse_stream (GInputStream *input, const DaybookImportOptions *options,
                                       const DaybookImportSink *sink, gpointer user_data,
                                       GVariant **summary, GError **error);

/* Each format; @head is what detection already read (the parser gets the
 * whole stream, @input starts at byte 0). */
gboolean _daybook_import_whatsapp (GInputStream *input, gboolean zip, DaybookImportEmitter *emitter,
                                   GError **error);
gboolean _daybook_import_whatsapp_text (GBytes *text, GHashTable *present,
                                        DaybookImportEmitter *emitter, GError **error);
gboolean _daybook_import_sms (GInputStream *input, DaybookImportEmitter *emitter, GError **error);
gboolean _daybook_import_telegram (GInputStream *input, DaybookImportEmitter *emitter,
                                   GError **error);
gboolean _daybook_import_csv (GInputStream *input, DaybookImportEmitter *emitter, GError **error);
gboolean _daybook_import_mail (GInputStream *input, gboolean mbox, DaybookImportEmitter *emitter,
                               GError **error);

G_END_DECLS
