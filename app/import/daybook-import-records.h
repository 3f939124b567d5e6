/* daybook-import-records.h — what a parser of a phone or mail export hands on
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The parsers of outside exports (WhatsApp, Telegram, SMS Backup & Restore
 * messages and calls, e-mail, CSV diaries) run only in the sandboxed
 * helper `daybook-parse`. They hand on what they read as a stream of
 * records, each a GVariant of a fixed type, so the same values travel over
 * the helper's pipe and into the diary, and are checked once, on arrival
 * (daybook_import_record_check()).
 *
 * A message or call: DAYBOOK_IMPORT_RECORD_TYPE
 *
 *   s  kind         "message", "call", "email" or "system"
 *   s  direction    "in", "out" or "system"
 *   s  sender       as the file names them ("" for system lines)
 *   s  address      phone number, e-mail address or account id ("" if none)
 *   s  recipients   as the file names them, "; " between two
 *   x  seconds      see basis
 *   s  basis        "utc": seconds is a Unix time (the file gave an instant);
 *                   "local": seconds is the wall-clock time the file shows,
 *                   counted as if it were UTC; the importer places it in the
 *                   zone the user confirms, flagging a gap or an overlap
 *   i  offset       for "utc" when the file also said its offset (e-mail
 *                   Date), in seconds east; 0 otherwise
 *   s  text         UTF-8, as written (multi-line kept)
 *   u  line         line (text formats) or element (XML, JSON) number in
 *                   the original, from 1
 *   s  media_name   the attachment's name as the export gives it, or ""
 *   s  media_state  "", "present" (its bytes follow as a media frame),
 *                   "missing" (named, not in the export) or "omitted"
 *                   (the export left it out, e.g. "<Media omitted>")
 *   s  outcome      calls: "answered", "missed", "rejected", "blocked",
 *                   "voicemail" or "outgoing"; "" otherwise
 *   i  duration_s   calls: seconds; -1 when not known or not a call
 *   a{ss} headers   e-mail: "from", "to", "date", "subject", "message-id",
 *                   "return-path", "reply-to", "authentication-results";
 *                   any kind: "edited" / "deleted" = "1" for the markers
 *                   exports print; CSV rows: the mapped columns
 */
#define DAYBOOK_IMPORT_RECORD_TYPE "(sssssxsisusssia{ss})"

/*
 * A media file inside the export (a zip's photo, an MMS part, an e-mail's
 * original bytes): DAYBOOK_IMPORT_MEDIA_TYPE
 *
 *   s  name        as the export names it (matches a record's media_name)
 *   s  media_type  as the parser read it ("" if not known)
 *   ay bytes       the bytes, untouched (never re-encoded)
 */
#define DAYBOOK_IMPORT_MEDIA_TYPE "(ssay)"

/*
 * The end of a parse: DAYBOOK_IMPORT_SUMMARY_TYPE
 *
 *   s  format      "whatsapp", "telegram", "sms", "calls", "eml", "mbox"
 *                  or "csv"
 *   s  date_order  "dmy", "mdy", "ymd" (proven from the data or given), or
 *                  "" where the format has no such question
 *   u  records     records sent
 *   u  media       media frames sent
 *   a(us) skipped  line or element number and the reason, for what could
 *                  not be read (at most DAYBOOK_IMPORT_MAX_SKIPPED listed)
 */
#define DAYBOOK_IMPORT_SUMMARY_TYPE "(ssuua(us))"
#define DAYBOOK_IMPORT_MAX_SKIPPED 1000

typedef enum
{
  DAYBOOK_IMPORT_FORMAT_AUTO,
  DAYBOOK_IMPORT_FORMAT_WHATSAPP,
  DAYBOOK_IMPORT_FORMAT_TELEGRAM,
  DAYBOOK_IMPORT_FORMAT_SMS,
  DAYBOOK_IMPORT_FORMAT_CALLS,
  DAYBOOK_IMPORT_FORMAT_EML,
  DAYBOOK_IMPORT_FORMAT_MBOX,
  DAYBOOK_IMPORT_FORMAT_CSV,
} DaybookImportFormat;

/* What the user chose before the parse. Strings may be NULL: not given. */
typedef struct
{
  DaybookImportFormat format;
  const char *date_order;  /* "dmy", "mdy", "ymd"; NULL: only if proven */
  gboolean mboxo;          /* mbox: mboxo instead of the default mboxrd */
  const char *csv_columns; /* CSV: "date=1,time=2,title=3,text=4,where=5,who=6,police=7" */
  const char *me;          /* the user's own name or address in the export: its
                              messages are "out" (WhatsApp author, e-mail From);
                              NULL: every authored message is "in" */
  gboolean probe;          /* what the window asks before an import: the format
                              is detected and nothing else is read, except a
                              table's header row, sent as one record of kind
                              "system" whose headers are "1", "2"… (the
                              columns' names, at most
                              DAYBOOK_IMPORT_PROBE_COLUMNS) and "mapping" (the
                              columns the names give, as csv_columns; "" when
                              none) */
} DaybookImportOptions;

#define DAYBOOK_IMPORT_PROBE_COLUMNS 60

/* Where records go. Each callback may refuse (return FALSE and set
 * @error), which stops the parse. Records and media arrive in file order; a
 * record naming a "present" media comes after that media's frame or before
 * it, whichever the format allows: match them by name. @format, when set,
 * is told the format (as the summary will name it) once, before the first
 * record or media; a reader that never tells it leaves the sink to wait
 * for the summary. */
typedef struct
{
  gboolean (*record) (GVariant *record, gpointer user_data, GError **error);
  gboolean (*media) (GVariant *media, gpointer user_data, GError **error);
  gboolean (*format) (const char *format, gpointer user_data, GError **error);
} DaybookImportSink;

G_END_DECLS
