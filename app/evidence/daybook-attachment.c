/* daybook-attachment.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-attachment-private.h"
#include "daybook-diary-private.h"
#include "daybook-time.h"

/* One piece of evidence as stored: what it is, where it came from, and
 * the entries it belongs to. Immutable once loaded: changes go through the
 * diary, which hands back a fresh object. */

G_DEFINE_FINAL_TYPE (DaybookAttachment, daybook_attachment, G_TYPE_OBJECT)

static void
daybook_attachment_finalize (GObject *object)
{
  DaybookAttachment *self = DAYBOOK_ATTACHMENT (object);

  g_free (self->mark);
  g_clear_pointer (&self->filename_bytes, g_bytes_unref);
  g_free (self->filename);
  g_free (self->media_type);
  g_free (self->sha256);
  g_free (self->description);
  g_clear_pointer (&self->metadata, json_object_unref);
  g_free (self->thumbnail_sha256);
  g_clear_pointer (&self->incidents, g_array_unref);

  G_OBJECT_CLASS (daybook_attachment_parent_class)->finalize (object);
}

static void
daybook_attachment_class_init (DaybookAttachmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = daybook_attachment_finalize;
}

static void
daybook_attachment_init (DaybookAttachment *self)
{
  self->incidents = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static JsonObject *
parse_metadata (const char *text)
{
  g_autoptr (JsonNode) node = text[0] != '\0' ? json_from_string (text, NULL) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_object_ref (json_node_get_object (node));
  return json_object_new ();
}

/*
 * _daybook_attachment_new_from_row:
 * @stmt: a row of %DAYBOOK_ATTACHMENT_COLUMNS
 *
 * Returns: (transfer full): the attachment, without its links
 */
DaybookAttachment *
_daybook_attachment_new_from_row (sqlite3_stmt *stmt)
{
  DaybookAttachment *self = g_object_new (DAYBOOK_TYPE_ATTACHMENT, NULL);
  g_autofree char *name = NULL;
  int name_len = sqlite3_column_bytes (stmt, 3);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->serial = (guint)sqlite3_column_int64 (stmt, 1);
  self->mark = g_strdup (_daybook_sql_text (stmt, 2));
  name = g_strndup ((const char *)sqlite3_column_blob (stmt, 3), name_len);
  self->filename_bytes = g_bytes_new (name, name_len);
  self->filename = g_filename_display_name (name);
  self->media_type = g_strdup (_daybook_sql_text (stmt, 4));
  self->size = (guint64)sqlite3_column_int64 (stmt, 5);
  if (sqlite3_column_bytes (stmt, 6) == 32)
    self->sha256 = _daybook_hex (sqlite3_column_blob (stmt, 6), 32);
  else
    self->sha256 = g_strdup ("");
  self->mtime = sqlite3_column_int64 (stmt, 7);
  self->imported_at = sqlite3_column_int64 (stmt, 8);
  self->updated_at = sqlite3_column_int64 (stmt, 9);
  self->revision = (guint)sqlite3_column_int (stmt, 10);
  self->deleted_at = sqlite3_column_int64 (stmt, 11);
  self->description = g_strdup (_daybook_sql_text (stmt, 12));
  self->taken_at = sqlite3_column_int64 (stmt, 13);
  self->metadata = parse_metadata (_daybook_sql_text (stmt, 14));
  if (sqlite3_column_type (stmt, 15) != SQLITE_NULL)
    {
      guint8 hash[32];

      _daybook_sha256 (sqlite3_column_blob (stmt, 15), sqlite3_column_bytes (stmt, 15), hash);
      self->thumbnail_sha256 = _daybook_hex (hash, sizeof hash);
    }
  return self;
}

/*
 * _daybook_attachment_to_snapshot:
 *
 * The canonical text of an attachment for the history: fixed member order,
 * the name's bytes in base64 beside its display form, and the hashes of
 * the content and the thumbnail (the bytes themselves are checked by
 * re-hashing, not copied into every revision).
 */
char *
_daybook_attachment_to_snapshot (DaybookAttachment *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) metadata = json_node_init_object (json_node_alloc (), self->metadata);
  g_autofree char *metadata_text = json_to_string (metadata, FALSE);
  g_autofree char *raw = g_base64_encode (g_bytes_get_data (self->filename_bytes, NULL),
                                          g_bytes_get_size (self->filename_bytes));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, self->id);
  json_builder_set_member_name (b, "serial");
  json_builder_add_int_value (b, self->serial);
  json_builder_set_member_name (b, "mark");
  json_builder_add_string_value (b, self->mark);
  json_builder_set_member_name (b, "filename");
  json_builder_add_string_value (b, self->filename);
  json_builder_set_member_name (b, "filename_raw");
  json_builder_add_string_value (b, raw);
  json_builder_set_member_name (b, "media_type");
  json_builder_add_string_value (b, self->media_type);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, (gint64)self->size);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, self->sha256);
  json_builder_set_member_name (b, "mtime");
  json_builder_add_int_value (b, self->mtime);
  json_builder_set_member_name (b, "imported_at");
  json_builder_add_int_value (b, self->imported_at);
  json_builder_set_member_name (b, "updated_at");
  json_builder_add_int_value (b, self->updated_at);
  json_builder_set_member_name (b, "deleted_at");
  json_builder_add_int_value (b, self->deleted_at);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, self->description);
  json_builder_set_member_name (b, "taken_at");
  json_builder_add_int_value (b, self->taken_at);
  json_builder_set_member_name (b, "metadata");
  json_builder_add_string_value (b, metadata_text);
  json_builder_set_member_name (b, "thumbnail_sha256");
  json_builder_add_string_value (b, self->thumbnail_sha256 ? self->thumbnail_sha256 : "");
  json_builder_set_member_name (b, "incidents");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->incidents->len; i++)
    json_builder_add_int_value (b, g_array_index (self->incidents, gint64, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
add_time (JsonBuilder *b, const char *name, gint64 utc, GTimeZone *zone)
{
  g_autofree char *iso = utc != 0 ? daybook_time_format_iso (utc, zone) : NULL;

  json_builder_set_member_name (b, name);
  if (iso != NULL)
    json_builder_add_string_value (b, iso);
  else
    json_builder_add_null_value (b);
}

/**
 * daybook_attachment_to_json:
 * @zone: the zone for times
 *
 * Returns: (transfer full): the attachment as `attachments --json` prints it
 */
JsonNode *
daybook_attachment_to_json (DaybookAttachment *self, GTimeZone *zone)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) metadata = NULL;

  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, self->id);
  json_builder_set_member_name (b, "mark");
  json_builder_add_string_value (b, self->mark);
  json_builder_set_member_name (b, "filename");
  json_builder_add_string_value (b, self->filename);
  json_builder_set_member_name (b, "media_type");
  json_builder_add_string_value (b, self->media_type);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, (gint64)self->size);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, self->sha256);
  add_time (b, "imported_at", self->imported_at, zone);
  add_time (b, "modified_at", self->mtime, zone);
  add_time (b, "taken_at", self->taken_at, zone);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, self->description);
  json_builder_set_member_name (b, "incidents");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->incidents->len; i++)
    json_builder_add_int_value (b, g_array_index (self->incidents, gint64, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "metadata");
  metadata = json_node_init_object (json_node_alloc (), self->metadata);
  json_builder_add_value (b, g_steal_pointer (&metadata));
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, self->revision);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

gint64
daybook_attachment_get_id (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), 0);
  return self->id;
}

/* The exhibit mark, "AB/1". */
const char *
daybook_attachment_get_mark (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), NULL);
  return self->mark;
}

guint
daybook_attachment_get_serial (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), 0);
  return self->serial;
}

/* The original file name for display: UTF-8, invalid bytes replaced. */
const char *
daybook_attachment_get_filename (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), NULL);
  return self->filename;
}

/**
 * daybook_attachment_get_filename_bytes:
 *
 * Returns: (transfer none): the original file name's bytes, unchanged
 */
GBytes *
daybook_attachment_get_filename_bytes (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), NULL);
  return self->filename_bytes;
}

const char *
daybook_attachment_get_media_type (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), NULL);
  return self->media_type;
}

guint64
daybook_attachment_get_size (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), 0);
  return self->size;
}

/* SHA-256 of the original bytes, 64 lower-case hex digits. */
const char *
daybook_attachment_get_sha256 (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), NULL);
  return self->sha256;
}

/* The original file's modification time, UTC seconds. */
gint64
daybook_attachment_get_mtime (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), 0);
  return self->mtime;
}

gint64
daybook_attachment_get_imported_at (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), 0);
  return self->imported_at;
}

gint64
daybook_attachment_get_updated_at (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), 0);
  return self->updated_at;
}

/* When a photo was taken or an e-mail sent, from the file; 0 if unknown. */
gint64
daybook_attachment_get_taken_at (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), 0);
  return self->taken_at;
}

guint
daybook_attachment_get_revision (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), 0);
  return self->revision;
}

const char *
daybook_attachment_get_description (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), NULL);
  return self->description;
}

/**
 * daybook_attachment_get_metadata:
 *
 * Returns: (transfer none): what was read from the file (camera, GPS,
 *   e-mail headers…), string and number members
 */
JsonObject *
daybook_attachment_get_metadata (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), NULL);
  return self->metadata;
}

/**
 * daybook_attachment_get_incidents:
 *
 * Returns: (transfer none) (element-type gint64): the entry numbers it
 *   belongs to, ascending; empty for unlinked evidence
 */
GArray *
daybook_attachment_get_incidents (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), NULL);
  return self->incidents;
}

gboolean
daybook_attachment_has_thumbnail (DaybookAttachment *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), FALSE);
  return self->thumbnail_sha256 != NULL;
}

gboolean
daybook_attachment_is_linked_to (DaybookAttachment *self, gint64 number)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (self), FALSE);

  for (guint i = 0; i < self->incidents->len; i++)
    if (g_array_index (self->incidents, gint64, i) == number)
      return TRUE;
  return FALSE;
}
