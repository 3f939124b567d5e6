/* daybook-metadata.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-metadata"

#include "config.h"

#include <stdio.h>
#include <gexiv2/gexiv2.h>
#include <gmime/gmime.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "daybook-metadata.h"
#include "daybook-thumbnail.h"

/*
 * What a file says about itself. This file runs only in the parsing helper
 * (daybook-parse.c, in its sandbox) and in the fuzz target, never in the
 * process that holds the diary's keys: the parent (daybook-parse-client.c)
 * sends the stored copy's bytes (never the original, which is not touched
 * again after the import's single pass) and checks every field it gets back.
 * It reads:
 * for photos the EXIF date taken, GPS position, camera and orientation
 * (libgexiv2); for e-mail the From, To, Date and Subject headers (GMime).
 * A file that cannot be parsed simply has no metadata: evidence is often
 * damaged, and a damaged file is still evidence.
 *
 * Audio and video durations are not read: GStreamer's discoverer wants a
 * URI (a decrypted temporary file, which Daybook never writes) and keeps a
 * plugin registry under ~/.cache. The window's player shows the duration.
 */

/* Bigger images may be read whole into memory by the parsers. */
#define MAX_PARSED_SIZE DAYBOOK_PARSE_MAX_INPUT
#define MAX_HEADER_BYTES (64 * 1024)

/* Loads what the parsers need before the helper locks itself in. */
void
_daybook_metadata_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      gexiv2_initialize ();
      /* Exiv2 otherwise prints its parse warnings on stderr. */
      gexiv2_log_set_level (GEXIV2_LOG_LEVEL_MUTE);
      g_mime_init ();
      g_once_init_leave (&done, 1);
    }
}

static void
set_string (JsonObject *object, const char *name, const char *value)
{
  g_autofree char *valid = NULL;

  if (value == NULL || value[0] == '\0')
    return;
  valid = g_utf8_make_valid (value, -1);
  json_object_set_string_member (object, name, valid);
}

static void
set_tag (JsonObject *object, const char *name, GExiv2Metadata *meta, const char *tag)
{
  g_autofree char *value = NULL;
  g_autofree char *valid = NULL;

  if (!gexiv2_metadata_try_has_tag (meta, tag, NULL))
    return;
  value = gexiv2_metadata_try_get_tag_string (meta, tag, NULL);
  if (value == NULL)
    return;
  valid = g_utf8_make_valid (g_strstrip (value), -1);
  if (valid[0] != '\0')
    json_object_set_string_member (object, name, valid);
}

/* Exiv2 reads through these callbacks from the stored copy. */
typedef struct
{
  GInputStream *stream;
  gint64 size;
} Managed;

static gboolean
managed_yes (void *handle)
{
  return TRUE;
}

static gboolean
managed_no (void *handle)
{
  return FALSE;
}

static gint64
managed_length (void *handle)
{
  return ((Managed *)handle)->size;
}

static gint64
managed_position (void *handle)
{
  return g_seekable_tell (G_SEEKABLE (((Managed *)handle)->stream));
}

static gint32
managed_read (void *handle, void *buffer, gint32 offset, gint32 count)
{
  gsize done = 0;

  if (!g_input_stream_read_all (((Managed *)handle)->stream, (guint8 *)buffer + offset, count,
                                &done, NULL, NULL))
    return -1;
  return (gint32)done;
}

static void
managed_seek (void *handle, gint64 offset, WrapperSeekOrigin origin)
{
  GSeekType type = origin == Begin ? G_SEEK_SET : origin == Current ? G_SEEK_CUR : G_SEEK_END;

  g_seekable_seek (G_SEEKABLE (((Managed *)handle)->stream), offset, type, NULL, NULL);
}

static gboolean
open_exiv2 (GExiv2Metadata *meta, GInputStream *stream, guint64 size)
{
  Managed managed = { stream, (gint64)size };
  ManagedStreamCallbacks cb = {
    &managed,         managed_yes,  managed_yes, managed_no,   managed_length,
    managed_position, managed_read, NULL,        managed_seek, NULL,
  };

  return gexiv2_metadata_open_stream (meta, &cb, NULL);
}

static void
read_image (GInputStream *stream, guint64 size, DaybookParsed *out)
{
  g_autoptr (GExiv2Metadata) meta = gexiv2_metadata_new ();
  g_autofree char *taken = NULL;
  double lon, lat, alt;
  int orientation = 1;

  if (open_exiv2 (meta, stream, size))
    {
      taken = gexiv2_metadata_try_get_tag_string (meta, "Exif.Photo.DateTimeOriginal", NULL);
      if (taken == NULL)
        taken = gexiv2_metadata_try_get_tag_string (meta, "Exif.Image.DateTime", NULL);
      /* Turned into a time by the parent, in the computer's zone: the
       * helper does not see the zone. */
      out->exif_time = g_strdup (taken);
      out->exif_offset
          = gexiv2_metadata_try_get_tag_string (meta, "Exif.Photo.OffsetTimeOriginal", NULL);
      if (taken != NULL)
        set_tag (out->metadata, "date_taken", meta, "Exif.Photo.DateTimeOriginal");
      set_tag (out->metadata, "camera_make", meta, "Exif.Image.Make");
      set_tag (out->metadata, "camera_model", meta, "Exif.Image.Model");
      if (gexiv2_metadata_try_get_gps_info (meta, &lon, &lat, &alt, NULL))
        {
          json_object_set_double_member (out->metadata, "gps_latitude", lat);
          json_object_set_double_member (out->metadata, "gps_longitude", lon);
          json_object_set_double_member (out->metadata, "gps_altitude", alt);
        }
      orientation = gexiv2_metadata_try_get_orientation (meta, NULL);
      if (orientation < 1 || orientation > 8)
        orientation = 1;
      json_object_set_int_member (out->metadata, "orientation", orientation);
    }

  /* Not yet turned: the parent turns it by the orientation. */
  if (g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, NULL))
    out->thumbnail = _daybook_make_thumbnail (stream);
}

static char *
addresses (InternetAddressList *list)
{
  g_autofree char *text = list != NULL ? internet_address_list_to_string (list, NULL, FALSE) : NULL;

  return text != NULL ? g_utf8_make_valid (text, -1) : NULL;
}

static void
read_email (GInputStream *stream, DaybookParsed *out)
{
  g_autofree char *head = g_malloc (MAX_HEADER_BYTES);
  gsize len = 0;
  GMimeStream *mem;
  GMimeParser *parser;
  GMimeMessage *message;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GDateTime *date;

  /* The headers are at the top: one chunk is plenty. */
  if (!g_input_stream_read_all (stream, head, MAX_HEADER_BYTES, &len, NULL, NULL) || len == 0)
    {
      sodium_memzero (head, MAX_HEADER_BYTES);
      return;
    }
  mem = g_mime_stream_mem_new_with_buffer (head, len);
  parser = g_mime_parser_new_with_stream (mem);
  message = g_mime_parser_construct_message (parser, NULL);
  g_object_unref (parser);
  g_object_unref (mem);
  sodium_memzero (head, MAX_HEADER_BYTES);
  if (message == NULL)
    return;

  from = addresses (g_mime_message_get_from (message));
  to = addresses (g_mime_message_get_to (message));
  set_string (out->metadata, "email_from", from);
  set_string (out->metadata, "email_to", to);
  set_string (out->metadata, "email_subject", g_mime_message_get_subject (message));
  date = g_mime_message_get_date (message);
  if (date != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (date);

      out->taken_at = g_date_time_to_unix (date);
      set_string (out->metadata, "email_date", iso);
    }
  g_object_unref (message);
}

static gboolean
is_email (const char *media_type)
{
  return g_str_equal (media_type, "message/rfc822") || g_str_equal (media_type, "message/news")
         || g_str_equal (media_type, "application/mbox");
}

/*
 * _daybook_extract_metadata_from_stream:
 * @stream: (nullable): @size bytes of the file, seekable; %NULL if @size is 0
 *   or too big to parse
 *
 * What the helper runs on the bytes it was sent; the metadata fuzz target
 * (tests/fuzz/fuzz-metadata.c) feeds it arbitrary bytes.
 */
void
_daybook_extract_metadata_from_stream (GInputStream *stream, const char *media_type, guint64 size,
                                       DaybookParsed *out)
{
  out->metadata = json_object_new ();
  out->taken_at = 0;
  out->exif_time = NULL;
  out->exif_offset = NULL;
  out->thumbnail = NULL;
  if (stream == NULL || size == 0 || size > MAX_PARSED_SIZE)
    return;

  _daybook_metadata_init ();
  if (g_str_has_prefix (media_type, "image/"))
    read_image (stream, size, out);
  else if (is_email (media_type))
    read_email (stream, out);
}

void
_daybook_parsed_clear (DaybookParsed *out)
{
  g_clear_pointer (&out->metadata, json_object_unref);
  g_clear_pointer (&out->exif_time, g_free);
  g_clear_pointer (&out->exif_offset, g_free);
  g_clear_object (&out->thumbnail);
}
