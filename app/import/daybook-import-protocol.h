/* daybook-import-protocol.h — what `daybook-parse import` writes
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/*
 * `daybook-parse import format=F [date-order=O] [mboxo=1] [me=NAME]
 * [csv-columns=…] [probe=1]` reads an export on stdin as it comes and writes frames on
 * stdout, each: one type byte, the length of what follows as 4 bytes
 * big-endian, then a serialised GVariant of the type's fixed type:
 *
 *   'F'  "s"                           the format, once, before any 'R' or 'M'
 *   'R'  DAYBOOK_IMPORT_RECORD_TYPE    a message or call
 *   'M'  DAYBOOK_IMPORT_MEDIA_TYPE     a media file's bytes
 *   'S'  DAYBOOK_IMPORT_SUMMARY_TYPE   the end: everything was read
 *   'E'  "s"                           the end: the file was refused, why
 *
 * Exactly one 'S' or 'E', last; then the helper exits 0. Daybook refuses a
 * frame longer than its type's cap, any other type byte, a helper that
 * ends without 'S' or 'E' or stays silent too long, and checks every
 * record (daybook_import_record_check()).
 */

#define DAYBOOK_IMPORT_FRAME_FORMAT 'F'
#define DAYBOOK_IMPORT_FRAME_RECORD 'R'
#define DAYBOOK_IMPORT_FRAME_MEDIA 'M'
#define DAYBOOK_IMPORT_FRAME_SUMMARY 'S'
#define DAYBOOK_IMPORT_FRAME_ERROR 'E'
#define DAYBOOK_IMPORT_FRAME_HEADER 5

/* A record: its strings' caps, a few headers, and the GVariant's framing. */
#define DAYBOOK_IMPORT_MAX_FORMAT_FRAME 64u
#define DAYBOOK_IMPORT_MAX_RECORD_FRAME (4u * 1024 * 1024)
#define DAYBOOK_IMPORT_MAX_MEDIA_FRAME (64u * 1024 * 1024 + 8192)
#define DAYBOOK_IMPORT_MAX_SUMMARY_FRAME (2u * 1024 * 1024)
#define DAYBOOK_IMPORT_MAX_ERROR_FRAME 8192u
/* The CPU time the helper may use for one import. */
#define DAYBOOK_IMPORT_CPU_SECONDS 1800

/* Why the helper left a line out: the summary's skipped list carries, for
 * each, the line and "CODE" or "CODE\037ARG\037ARG" (CODE in decimal, the
 * arguments as the export wrote them), never a sentence: the helper has no
 * catalogue, and the parent says the sentence in the user's language
 * (daybook_import_skip_reason()). The sentences are in daybook-import-parse.c,
 * in this order; add a reason at the end. */
typedef enum
{
  DAYBOOK_IMPORT_SKIP_TEXT_BEFORE_FIRST,  /* WhatsApp: text before the first message */
  DAYBOOK_IMPORT_SKIP_NOT_A_TIME,         /* WhatsApp: shown, date order */
  DAYBOOK_IMPORT_SKIP_MEDIA_TOO_LARGE,    /* media name */
  DAYBOOK_IMPORT_SKIP_MESSAGE_NO_DATE,    /* Telegram */
  DAYBOOK_IMPORT_SKIP_MESSAGE_NOT_OBJECT, /* Telegram */
  DAYBOOK_IMPORT_SKIP_ROW_NOT_A_DATE,     /* table: shown, date order */
  DAYBOOK_IMPORT_SKIP_SMS_NO_DATE,
  DAYBOOK_IMPORT_SKIP_SMS_DRAFT,
  DAYBOOK_IMPORT_SKIP_CALL_NO_DATE,
  DAYBOOK_IMPORT_SKIP_CALL_TYPE, /* the type number */
  DAYBOOK_IMPORT_SKIP_MMS_NO_DATE,
  DAYBOOK_IMPORT_SKIP_XML_END, /* line, libxml2's own (English) message */
  DAYBOOK_IMPORT_SKIP_MAIL_UNREADABLE,
  DAYBOOK_IMPORT_SKIP_MAIL_NO_DATE,
  DAYBOOK_IMPORT_SKIP_MAIL_TOO_LARGE,
  DAYBOOK_IMPORT_N_SKIPS,
} DaybookImportSkip;

#define DAYBOOK_IMPORT_SKIP_SEPARATOR '\037'
