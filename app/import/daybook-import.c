/* daybook-import.c — bringing a phone or mail export into the diary
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-import"

#include "config.h"

#include <string.h>

#include "daybook-i18n.h"

#include "daybook-attachment-private.h"
#include "daybook-error.h"
#include "daybook-import-parse.h"
#include "daybook-import-table.h"
#include "daybook-import.h"
#include "daybook-messages-private.h"

/*
 * An import is one batch (daybook_diary_begin_batch()): one transaction,
 * all or nothing. In order:
 *
 * 1. The original is stored as an exhibit by the ordinary attachment
 *    import (streamed, hashed, marked). If that exhibit already has
 *    imported messages, nothing more happens: "already imported as
 *    exhibit X".
 * 2. The parser reads the STORED copy (the bytes that were hashed) and
 *    hands on records and media frames. Each media frame is stored at once
 *    as an exhibit of its own (again the attachment import), so a large
 *    zip is never held in memory. Once the parser has said the format
 *    (DaybookImportSink.format), each record is checked, placed in time,
 *    mapped to a person and stored as it comes, through statements
 *    prepared once: memory stays bounded whatever the number of messages.
 * 3. At the end the media named before their bytes came are linked, the
 *    source gets its date order, and ONE revision (entity
 *    "message-source") holds a digest over the messages
 *    (daybook-diary-messages.c). Then the batch commits.
 *
 * A failure, a cancel or a kill anywhere before that commit leaves nothing
 * of the import: no exhibit, no source, no message, no person; the
 * evidence files written meanwhile are removed (at once, or at the next
 * open after a kill: daybook-blob.c). Other threads wait for the diary
 * while an import runs, and the window hears "changed" once, at the end.
 */

/* More would need more memory than an import may take (the count of each
 * record's identical predecessors, 16 bytes a record at worst twice). */
#define MAX_RECORDS 1000000u

static guint cancel_after_for_test;
static guint max_records = MAX_RECORDS;

/* Tests: refuse an export of more than @records (0: the real limit). */
void
_daybook_import_set_max_records_for_test (guint records)
{
  max_records = records > 0 ? records : MAX_RECORDS;
}

/* Tests: the import's cancellable fires once this many records were stored
 * (0: never). */
void
_daybook_import_cancel_after_for_test (guint records)
{
  cancel_after_for_test = records;
}

void
daybook_import_result_free (DaybookImportResult *self)
{
  if (self == NULL)
    return;
  g_free (self->mark);
  g_free (self->sha256);
  g_free (self->format);
  g_free (self->date_order);
  g_free (self->time_zone);
  g_clear_pointer (&self->skipped, g_variant_unref);
  g_free (self);
}

/**
 * daybook_import_place_time:
 * @wall: a wall-clock time in @zone, counted as if it were UTC
 * @flag: (out): "" when the time exists once, "gap" when the zone skipped
 *   it (clocks went forward), "overlap" when it happened twice
 *
 * Places a local time. A time in a gap keeps its wall-clock reading and
 * the offset in force before the gap (it is not moved to a time that
 * exists); a time in an overlap is read as the first of the two. Either
 * way it is flagged, never moved silently.
 */
gboolean
daybook_import_place_time (GTimeZone *zone, gint64 wall, gint64 *utc, int *offset,
                           const char **flag)
{
  int std = g_time_zone_find_interval (zone, G_TIME_TYPE_STANDARD, wall);
  int dst = g_time_zone_find_interval (zone, G_TIME_TYPE_DAYLIGHT, wall);

  if (std < 0 && dst < 0)
    {
      gint64 after = wall;
      int interval = g_time_zone_adjust_time (zone, G_TIME_TYPE_STANDARD, &after);

      if (interval < 0)
        return FALSE;
      *offset = g_time_zone_get_offset (zone, interval > 0 ? interval - 1 : interval);
      *flag = "gap";
    }
  else if (std >= 0 && dst >= 0 && std != dst)
    {
      *offset = MAX (g_time_zone_get_offset (zone, std), g_time_zone_get_offset (zone, dst));
      *flag = "overlap";
    }
  else
    {
      *offset = g_time_zone_get_offset (zone, std >= 0 ? std : dst);
      *flag = "";
    }
  *utc = wall - *offset;
  return TRUE;
}

typedef struct
{
  gint64 seconds; /* as the file gave it */
  gboolean local;
} Instant;

/* How many identical records came before one in this file, by the first
 * 8 bytes of the SHA-256 of what identifies it: open addressing, 16 bytes
 * a slot. */
typedef struct
{
  guint64 key;
  guint32 count; /* records seen with this key */
} SeenSlot;

typedef struct
{
  SeenSlot *slots;
  gsize size; /* a power of two */
  gsize used;
} Seen;

static gsize
seen_find (SeenSlot *slots, gsize size, guint64 key)
{
  gsize i = (gsize)(key ^ (key >> 29)) & (size - 1);

  while (slots[i].count != 0 && slots[i].key != key)
    i = (i + 1) & (size - 1);
  return i;
}

/* Returns how many records of @key came before, and counts this one. */
static guint32
seen_next (Seen *seen, guint64 key)
{
  gsize i;

  if (seen->slots == NULL || (seen->used + 1) * 4 > seen->size * 3)
    {
      gsize size = seen->size == 0 ? 1024 : seen->size * 2;
      SeenSlot *slots = g_new0 (SeenSlot, size);

      for (gsize j = 0; j < seen->size; j++)
        if (seen->slots[j].count != 0)
          slots[seen_find (slots, size, seen->slots[j].key)] = seen->slots[j];
      g_free (seen->slots);
      seen->slots = slots;
      seen->size = size;
    }
  i = seen_find (seen->slots, seen->size, key);
  if (seen->slots[i].count == 0)
    {
      seen->slots[i].key = key;
      seen->used++;
    }
  return seen->slots[i].count++;
}

/* A stored message whose media was named before its bytes came. */
typedef struct
{
  gint64 id;
  char *name;
  gboolean present; /* said "present": "missing" if the bytes never come */
} Waiting;

static void
waiting_clear (gpointer data)
{
  g_free (((Waiting *)data)->name);
}

typedef struct
{
  DaybookDiary *diary;
  const DaybookImportChoices *choices;
  GTimeZone *zone;
  char *zone_id;
  char *format; /* as the parser said it; NULL until then */
  char *me;     /* the user's name, normalised, or NULL */
  const char *me_kind;
  gint64 now;
  gint64 source_id;   /* 0 until the format is known */
  GPtrArray *pending; /* DaybookMessage read before the format was said */
  GArray *instants;   /* Instant per pending message */
  Seen seen;
  GHashTable *media;  /* name → attachment id */
  GArray *waiting;    /* Waiting */
  GHashTable *people; /* address, U+001F, sender → person id */
  DaybookMessageWriter *writer;
  guint records; /* read so far */
  guint stored;  /* stored so far (new or already present) */
  DaybookImportResult *result;
  GCancellable *cancellable;
} Import;

static void
import_clear (Import *import)
{
  g_clear_pointer (&import->zone, g_time_zone_unref);
  g_clear_pointer (&import->zone_id, g_free);
  g_clear_pointer (&import->format, g_free);
  g_clear_pointer (&import->me, g_free);
  g_clear_pointer (&import->pending, g_ptr_array_unref);
  g_clear_pointer (&import->instants, g_array_unref);
  g_clear_pointer (&import->seen.slots, g_free);
  g_clear_pointer (&import->media, g_hash_table_unref);
  g_clear_pointer (&import->waiting, g_array_unref);
  g_clear_pointer (&import->people, g_hash_table_unref);
  g_clear_pointer (&import->writer, _daybook_messages_writer_free);
}

static gboolean
one_of (const char *value, const char *const *allowed)
{
  for (guint i = 0; allowed[i] != NULL; i++)
    if (strcmp (value, allowed[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
bad_record (guint line, GError **error)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
               _ ("The export could not be read: the reader gave a malformed record for line %u. "
                  "Nothing was imported; report this with the file's format."),
               line);
  return FALSE;
}

static void
feed (GChecksum *sum, const char *value)
{
  gsize n = strlen (value);
  guint32 len = GUINT32_TO_BE ((guint32)n);

  g_checksum_update (sum, (const guchar *)&len, sizeof len);
  g_checksum_update (sum, (const guchar *)value, n);
}

/* The message's identity across exports: format, sender, address, the
 * instant as the file gave it, text, media name, call fields, and how many
 * identical records came before it in this file. */
static void
record_digest (Import *import, const DaybookMessage *m, gint64 seconds, const char *basis,
               guint8 out[32])
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  char instant[64], call[64], count_text[16];
  guint8 so_far[32];
  gsize len = 32;
  guint64 key = 0;

  g_snprintf (instant, sizeof instant, "%s %" G_GINT64_FORMAT, basis, seconds);
  g_snprintf (call, sizeof call, "%s %d", m->outcome, m->duration_s);
  feed (sum, import->format);
  feed (sum, m->kind);
  feed (sum, m->sender);
  feed (sum, m->address);
  feed (sum, instant);
  feed (sum, m->text);
  feed (sum, m->media_name);
  feed (sum, call);
  {
    g_autoptr (GChecksum) copy = g_checksum_copy (sum);

    g_checksum_get_digest (copy, so_far, &len);
  }
  for (guint i = 0; i < 8; i++)
    key = key << 8 | so_far[i];
  g_snprintf (count_text, sizeof count_text, "%u", seen_next (&import->seen, key));
  feed (sum, count_text);
  len = 32;
  g_checksum_get_digest (sum, out, &len);
}

static char *
headers_json (GVariant *headers)
{
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GTree) sorted = NULL;
  GVariantIter iter;
  const char *key, *value;
  GTreeNode *node;

  /* Most messages have none: no builder (an object) made for them. */
  if (g_variant_n_children (headers) == 0)
    return g_strdup ("{}");
  b = json_builder_new ();
  sorted = g_tree_new ((GCompareFunc)strcmp);
  g_variant_iter_init (&iter, headers);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    g_tree_insert (sorted, (gpointer)key, (gpointer)value);
  json_builder_begin_object (b);
  for (node = g_tree_node_first (sorted); node != NULL; node = g_tree_node_next (node))
    {
      json_builder_set_member_name (b, g_tree_node_key (node));
      json_builder_add_string_value (b, g_tree_node_value (node));
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static const char *const kinds[] = { "message", "call", "email", "system", NULL };
static const char *const directions[] = { "in", "out", "system", NULL };
static const char *const media_states[] = { "", "present", "missing", "omitted", NULL };
static const char *const outcomes[]
    = { "", "answered", "missed", "rejected", "blocked", "voicemail", "outgoing", NULL };

/* The person a sender is, from the register's identifiers or names;
 * asked of the database once per sender and address. */
static gboolean
map_person (Import *import, DaybookMessage *m, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (import->diary);
  g_autofree char *cache_key = g_strconcat (m->address, "\x1f", m->sender, NULL);
  const char *kind;
  g_autofree char *address = NULL;
  g_autofree char *sender = NULL;
  g_auto (DaybookStmt) by_name = NULL;
  const char *sender_kind;
  gpointer found;

  if (g_hash_table_lookup_extended (import->people, cache_key, NULL, &found))
    {
      m->person_id = *(gint64 *)found;
      return TRUE;
    }
  m->person_id = 0;
  address = _daybook_identifier_normalize (m->address, &kind);
  if (address[0] != '\0'
      && !_daybook_messages_find_identifier (import->diary,
                                             strcmp (kind, "name") == 0 ? "account" : kind, address,
                                             &m->person_id, error))
    return FALSE;
  if (m->person_id == 0 && m->sender[0] != '\0')
    {
      sender = _daybook_identifier_normalize (m->sender, &sender_kind);
      if (!_daybook_messages_find_identifier (import->diary, sender_kind, sender, &m->person_id,
                                              error))
        return FALSE;
      if (m->person_id == 0)
        {
          by_name = _daybook_sql_prepare (
              db, "SELECT id FROM people WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL",
              error);
          if (by_name == NULL)
            return FALSE;
          sqlite3_bind_text (by_name, 1, m->sender, -1, SQLITE_STATIC);
          if (sqlite3_step (by_name) == SQLITE_ROW)
            m->person_id = sqlite3_column_int64 (by_name, 0);
        }
    }
  g_hash_table_insert (import->people, g_steal_pointer (&cache_key),
                       g_memdup2 (&m->person_id, sizeof m->person_id));
  return TRUE;
}

static gboolean
add_people (Import *import, GError **error)
{
  char **pairs = import->choices->people;

  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++)
    {
      const char *eq = strrchr (pairs[i], '=');
      g_autofree char *sender = g_strndup (pairs[i], eq - pairs[i]);
      g_autofree char *value = NULL;
      const char *kind;
      gint64 id;

      value = _daybook_identifier_normalize (sender, &kind);
      if (!_daybook_diary_ensure_person (import->diary, eq + 1, DAYBOOK_ROLE_OTHER, &id, error)
          || !_daybook_messages_add_identifier (import->diary, kind, value, id, error))
        return FALSE;
      /* An account id given as the sender ("user123") is found as one too. */
      if (strcmp (kind, "name") == 0
          && !_daybook_messages_add_identifier (import->diary, "account", value, id, error))
        return FALSE;
    }
  return TRUE;
}

static char *
options_json (Import *import)
{
  const DaybookImportChoices *c = import->choices;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "me");
  json_builder_add_string_value (b, c->me != NULL ? c->me : "");
  json_builder_set_member_name (b, "mbox");
  json_builder_add_string_value (b, c->parse.mboxo ? "mboxo" : "mboxrd");
  json_builder_set_member_name (b, "csv_columns");
  json_builder_add_string_value (b, c->parse.csv_columns != NULL ? c->parse.csv_columns : "");
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The source's row, once the format is known: its messages name it. */
static gboolean
add_source (Import *import, GError **error)
{
  g_autofree char *options = options_json (import);
  DaybookImportResult *r = import->result;

  g_free (r->format);
  r->format = g_strdup (import->format);
  return _daybook_messages_add_source (import->diary, r->attachment_id, import->format,
                                       r->time_zone, "", options, import->now, &import->source_id,
                                       error)
         && (import->writer = _daybook_messages_writer_new (import->diary, error)) != NULL;
}

/* Stores one checked record, in file order. */
static gboolean
store_message (Import *import, DaybookMessage *m, const Instant *at, GError **error)
{
  DaybookImportResult *r = import->result;
  guint8 digest[32];
  gint64 *media_id;
  gboolean duplicate;
  gint64 id;

  record_digest (import, m, at->seconds, at->local ? "local" : "utc", digest);
  m->source_id = import->source_id;
  if (import->me != NULL && strcmp (m->direction, "in") == 0)
    {
      const char *kind;
      g_autofree char *sender = _daybook_identifier_normalize (m->sender, &kind);

      if (strcmp (sender, import->me) == 0)
        {
          g_free (m->direction);
          m->direction = g_strdup ("out");
        }
    }
  media_id = m->media_name[0] != '\0' ? g_hash_table_lookup (import->media, m->media_name) : NULL;
  m->media_id = media_id != NULL ? *media_id : 0;
  if (strcmp (m->direction, "out") != 0 && !map_person (import, m, error))
    return FALSE;
  if (!_daybook_messages_writer_add (import->writer, m, digest, &duplicate, &id, error))
    return FALSE;
  import->stored++;
  if (cancel_after_for_test != 0 && import->stored == cancel_after_for_test
      && import->cancellable != NULL)
    g_cancellable_cancel (import->cancellable);
  if (duplicate)
    {
      r->present++;
      return TRUE;
    }
  /* Its media may still come: linked, or marked missing, at the end. */
  if (m->media_name[0] != '\0' && media_id == NULL)
    {
      Waiting w = { id, g_strdup (m->media_name), strcmp (m->media_state, "present") == 0 };

      g_array_append_val (import->waiting, w);
    }
  /* A table's row becomes an entry citing it, in this transaction too. */
  if (strcmp (import->format, "csv") == 0
      && !_daybook_import_table_add_entry (import->diary, m, id, &r->entries, error))
    return FALSE;
  if (strcmp (m->kind, "call") == 0)
    r->calls++;
  else
    r->messages++;
  if (r->first == 0 || m->sent_utc < r->first)
    r->first = m->sent_utc;
  if (r->last == 0 || m->sent_utc > r->last)
    r->last = m->sent_utc;
  return TRUE;
}

/* The records read before the format was known, in their order. */
static gboolean
store_pending (Import *import, GError **error)
{
  for (guint i = 0; i < import->pending->len; i++)
    {
      if ((i & 255) == 0 && g_cancellable_set_error_if_cancelled (import->cancellable, error))
        return FALSE;
      if (!store_message (import, g_ptr_array_index (import->pending, i),
                          &g_array_index (import->instants, Instant, i), error))
        return FALSE;
    }
  g_ptr_array_set_size (import->pending, 0);
  g_array_set_size (import->instants, 0);
  return TRUE;
}

static gboolean
format_cb (const char *format, gpointer user_data, GError **error)
{
  Import *import = user_data;

  if (import->format != NULL)
    return bad_record (0, error);
  import->format = g_strdup (format);
  return add_source (import, error) && store_pending (import, error);
}

static gboolean
record_cb (GVariant *record, gpointer user_data, GError **error)
{
  Import *import = user_data;
  g_autoptr (GVariant) headers = NULL;
  g_autoptr (DaybookMessage) m = g_new0 (DaybookMessage, 1);
  const char *kind, *direction, *sender, *address, *recipients, *basis, *text, *media_name,
      *media_state, *outcome, *flag;
  gint64 seconds;
  gint32 offset, duration;
  guint32 line;
  Instant at;

  if (g_cancellable_set_error_if_cancelled (import->cancellable, error))
    return FALSE;
  if (!g_variant_is_of_type (record, G_VARIANT_TYPE (DAYBOOK_IMPORT_RECORD_TYPE)))
    return bad_record (0, error);
  if (++import->records > max_records)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("This export holds more than %u messages and calls, more than Daybook "
                      "imports from one file; nothing was imported. Export a shorter period or "
                      "fewer conversations, then import each file."),
                   max_records);
      return FALSE;
    }
  g_variant_get (record, "(&s&s&s&s&sx&si&su&s&s&si@a{ss})", &kind, &direction, &sender, &address,
                 &recipients, &seconds, &basis, &offset, &text, &line, &media_name, &media_state,
                 &outcome, &duration, &headers);
  if (!one_of (kind, kinds) || !one_of (direction, directions)
      || !one_of (media_state, media_states) || !one_of (outcome, outcomes) || line == 0
      || offset < -18 * 3600 || offset > 18 * 3600
      || (strcmp (basis, "utc") != 0 && strcmp (basis, "local") != 0)
      /* 1900 to 2200, as every other date from outside */
      || seconds < -2208988800LL || seconds > 7258118400LL)
    return bad_record (line, error);

  m->kind = g_strdup (kind);
  m->direction = g_strdup (direction);
  m->sender = g_strdup (sender);
  m->address = g_strdup (address);
  m->recipients = g_strdup (recipients);
  m->text = g_strdup (text);
  m->line = line;
  m->media_name = g_strdup (media_name);
  m->media_state = g_strdup (media_state);
  m->outcome = g_strdup (outcome);
  m->duration_s = strcmp (kind, "call") == 0 ? MAX (duration, -1) : -1;
  m->headers = headers_json (headers);

  if (strcmp (basis, "local") == 0)
    {
      int placed;

      if (!daybook_import_place_time (import->zone, seconds, &m->sent_utc, &placed, &flag))
        return bad_record (line, error);
      m->sent_offset = placed;
      m->sent_zone = g_strdup (import->zone_id);
      m->time_flag = g_strdup (flag);
      if (flag[0] != '\0')
        import->result->flagged++;
    }
  else
    {
      gboolean said_offset = g_variant_lookup (headers, "date", "&s", &flag);

      m->sent_utc = seconds;
      m->time_flag = g_strdup ("");
      if (said_offset)
        m->sent_offset = offset; /* as the file said it; no zone */
      else
        {
          int interval = g_time_zone_find_interval (import->zone, G_TIME_TYPE_UNIVERSAL, seconds);

          m->sent_offset = interval >= 0 ? g_time_zone_get_offset (import->zone, interval) : 0;
          m->sent_zone = g_strdup (import->zone_id);
        }
    }

  at = (Instant){ seconds, strcmp (basis, "local") == 0 };
  if (import->format == NULL)
    {
      /* A reader that does not say its format first: kept until the end. */
      g_array_append_val (import->instants, at);
      g_ptr_array_add (import->pending, g_steal_pointer (&m));
      return TRUE;
    }
  return store_message (import, m, &at, error);
}

static gboolean
media_cb (GVariant *media, gpointer user_data, GError **error)
{
  Import *import = user_data;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autoptr (GVariant) data = NULL;
  g_autofree char *base = NULL;
  const char *name, *media_type;

  if (g_cancellable_set_error_if_cancelled (import->cancellable, error))
    return FALSE;
  if (!g_variant_is_of_type (media, G_VARIANT_TYPE (DAYBOOK_IMPORT_MEDIA_TYPE)))
    return bad_record (0, error);
  g_variant_get (media, "(&s&s@ay)", &name, &media_type, &data);
  /* A name from the export, never a path: only its last part is kept. */
  base = g_path_get_basename (name);
  if (name[0] == '\0' || strcmp (base, ".") == 0 || strcmp (base, "/") == 0
      || strcmp (base, "..") == 0)
    return bad_record (0, error);
  bytes = g_variant_get_data_as_bytes (data);
  /* A mailbox's e-mails: their headers are in each message's record; the
   * helper is not started once more for each (the exhibit's own metadata
   * stays empty). Photos and other media are read for their metadata and
   * thumbnail as any attachment. */
  if (import->format != NULL
      && (strcmp (import->format, "mbox") == 0 || strcmp (import->format, "eml") == 0))
    attachment = _daybook_attachment_import_bytes_unparsed (import->diary, bytes, base,
                                                            import->cancellable, error);
  else
    attachment = daybook_diary_import_attachment_bytes (import->diary, bytes, base, 0,
                                                        import->cancellable, NULL, error);
  if (attachment == NULL)
    return FALSE;
  if (!g_hash_table_contains (import->media, name))
    import->result->media++;
  g_hash_table_replace (
      import->media, g_strdup (name),
      g_memdup2 (&(gint64){ daybook_attachment_get_id (attachment) }, sizeof (gint64)));
  return TRUE;
}

/* The media named before their bytes came: linked now, or "missing". */
static gboolean
settle_media (Import *import, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (import->diary);
  g_auto (DaybookStmt) link = NULL;
  g_auto (DaybookStmt) missing = NULL;

  if (import->waiting->len == 0)
    return TRUE;
  link = _daybook_sql_prepare (db, "UPDATE messages SET media_id = ? WHERE id = ?", error);
  missing = _daybook_sql_prepare (db, "UPDATE messages SET media_state = 'missing' WHERE id = ?",
                                  error);
  if (link == NULL || missing == NULL)
    return FALSE;
  for (guint i = 0; i < import->waiting->len; i++)
    {
      Waiting *w = &g_array_index (import->waiting, Waiting, i);
      gint64 *media_id = g_hash_table_lookup (import->media, w->name);
      sqlite3_stmt *stmt = media_id != NULL ? link : missing;

      if (media_id == NULL && !w->present)
        continue;
      sqlite3_reset (stmt);
      if (media_id != NULL)
        {
          sqlite3_bind_int64 (link, 1, *media_id);
          sqlite3_bind_int64 (link, 2, w->id);
        }
      else
        sqlite3_bind_int64 (missing, 1, w->id);
      if (!_daybook_sql_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* After the parse: what only the end tells, then the source's revision. */
static gboolean
finish_source (Import *import, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (import->diary);
  DaybookImportResult *r = import->result;
  g_auto (DaybookStmt) order = NULL;

  if (import->format == NULL)
    {
      import->format = g_strdup (r->format);
      if (!add_source (import, error))
        return FALSE;
    }
  else if (strcmp (import->format, r->format) != 0)
    return bad_record (0, error);
  if (!store_pending (import, error) || !settle_media (import, error))
    return FALSE;
  order
      = _daybook_sql_prepare (db, "UPDATE message_sources SET date_order = ? WHERE id = ?", error);
  if (order == NULL)
    return FALSE;
  sqlite3_bind_text (order, 1, r->date_order, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (order, 2, import->source_id);
  return _daybook_sql_step_done (db, order, error)
         && _daybook_messages_record_source (import->diary, import->source_id, import->now, error);
}

static gboolean
check_choices (const DaybookImportChoices *choices, GError **error)
{
  for (guint i = 0; choices->people != NULL && choices->people[i] != NULL; i++)
    {
      const char *eq = strrchr (choices->people[i], '=');

      if (eq == NULL || eq == choices->people[i] || eq[1] == '\0')
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("“%s” is not SENDER=NAME. Write the sender as the export shows them, "
                          "then = and the person's name."),
                       choices->people[i]);
          return FALSE;
        }
    }
  if (choices->parse.date_order != NULL && strcmp (choices->parse.date_order, "dmy") != 0
      && strcmp (choices->parse.date_order, "mdy") != 0
      && strcmp (choices->parse.date_order, "ymd") != 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The date order must be dmy, mdy or ymd."));
      return FALSE;
    }
  return TRUE;
}

static GTimeZone *
resolve_zone (const char *name, char **id, GError **error)
{
  GTimeZone *zone;

  if (name == NULL || name[0] == '\0')
    {
      zone = g_time_zone_new_local ();
      *id = g_strdup (g_time_zone_get_identifier (zone));
      return zone;
    }
  zone = g_time_zone_new_identifier (name);
  if (zone == NULL)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("There is no time zone called “%s”. Give a name such as Europe/London."),
                   name);
      return NULL;
    }
  *id = g_strdup (g_time_zone_get_identifier (zone));
  return zone;
}

static const char *
summary_format (GVariant *summary, const DaybookImportOptions *options)
{
  static const char *const names[]
      = { "", "whatsapp", "telegram", "sms", "calls", "eml", "mbox", "csv" };
  const char *format = NULL;

  if (summary != NULL)
    g_variant_get_child (summary, 0, "&s", &format);
  if (format == NULL || format[0] == '\0')
    format = names[options->format < G_N_ELEMENTS (names) ? options->format : 0];
  return format;
}

/* Holding the lock: sets the connection's page cache (SQLite's units:
 * negative is KiB) and returns what it was. */
static gint64
swap_cache_size (DaybookDiary *diary, gint64 size)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, "PRAGMA cache_size", NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, size);
  gint64 was = -2000; /* SQLite's default */

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    was = sqlite3_column_int64 (stmt, 0);
  _daybook_sql_exec (db, sql, NULL);
  return was;
}

/* Inside the batch: everything of steps 1 to 3 (the note on top). */
static gboolean
run_import (Import *import, const char *path, DaybookImportParseFunc parse,
            const DaybookImportOptions *parse_options, GError **error)
{
  static const DaybookImportSink sink = { record_cb, media_cb, format_cb };
  DaybookDiary *diary = import->diary;
  const DaybookImportChoices *choices = import->choices;
  DaybookImportResult *result = import->result;
  g_autoptr (DaybookAttachment) original = NULL;
  g_autoptr (DaybookContent) content = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GVariant) summary = NULL;
  const char *date_order = NULL;
  gint64 source_id = 0;

  /* 1. The original, as evidence. */
  original = daybook_diary_import_attachment (diary, path, choices->number, NULL, NULL,
                                              import->cancellable, NULL, error);
  if (original == NULL)
    return FALSE;
  result->attachment_id = daybook_attachment_get_id (original);
  result->mark = g_strdup (daybook_attachment_get_mark (original));
  result->sha256 = g_strdup (daybook_attachment_get_sha256 (original));
  result->time_zone = g_strdup (import->zone_id);
  if (!_daybook_messages_source_of_attachment (diary, result->attachment_id, &source_id, error))
    return FALSE;
  if (source_id != 0)
    {
      result->already = TRUE;
      result->skipped = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("(us)"), NULL, 0));
      return TRUE;
    }
  if (!add_people (import, error))
    return FALSE;

  /* 2. The parse, from the stored copy, each record stored as it comes.
   * The copy is read on the parser's own thread while this one holds the
   * diary for the batch: its reads go to the evidence file without the
   * diary's lock (the batch keeps the diary from being locked). */
  content = _daybook_content_open (diary, result->attachment_id, error);
  if (content == NULL)
    return FALSE;
  _daybook_content_detach (content);
  stream = _daybook_attachment_stream_new_for_content (g_steal_pointer (&content));
  if (!parse (stream, parse_options, &sink, import, &summary, import->cancellable, error))
    return FALSE;
  if (summary == NULL
      || !g_variant_is_of_type (summary, G_VARIANT_TYPE (DAYBOOK_IMPORT_SUMMARY_TYPE)))
    return bad_record (0, error);
  g_variant_ref_sink (summary);
  g_free (result->format);
  result->format = g_strdup (summary_format (summary, &choices->parse));
  g_variant_get_child (summary, 1, "&s", &date_order);
  result->date_order = g_strdup (date_order);
  result->skipped = g_variant_get_child_value (summary, 4);

  /* 3. What only the end tells, and the source's one revision. */
  return finish_source (import, error)
         && !g_cancellable_set_error_if_cancelled (import->cancellable, error);
}

/**
 * daybook_diary_import_messages:
 * @path: the export, in the file system's encoding
 * @parse: (nullable): the reader of exports; NULL: daybook_import_parse(),
 *   the parsers in the sandboxed helper
 *
 * Stores @path as an exhibit, reads its messages and calls, and adds those
 * not already in the diary, all in one transaction: on an error or a
 * cancel nothing of it stays (see the note on top of this file). Blocking
 * and long, and other threads wait for the diary meanwhile: run it in a
 * thread (daybook_diary_import_messages_async()).
 *
 * Returns: (transfer full) (nullable): what was imported
 */
DaybookImportResult *
daybook_diary_import_messages (DaybookDiary *diary, const char *path,
                               const DaybookImportChoices *choices, DaybookImportParseFunc parse,
                               GCancellable *cancellable, GError **error)
{
  g_autoptr (DaybookImportResult) result = g_new0 (DaybookImportResult, 1);
  DaybookImportOptions parse_options;
  Import import = { diary, choices };
  gint64 cache;
  gboolean ok;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);
  g_return_val_if_fail (path != NULL && choices != NULL, NULL);

  if (parse == NULL)
    parse = daybook_import_parse;
  parse_options = choices->parse;
  if (parse_options.me == NULL)
    parse_options.me = choices->me;

  if (!check_choices (choices, error))
    return NULL;
  import.zone = resolve_zone (choices->time_zone, &import.zone_id, error);
  if (import.zone == NULL)
    return NULL;
  if (choices->me != NULL)
    import.me = _daybook_identifier_normalize (choices->me, &import.me_kind);
  import.cancellable = cancellable;
  import.result = result;
  import.instants = g_array_new (FALSE, FALSE, sizeof (Instant));
  import.pending = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_message_free);
  import.media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.waiting = g_array_new (FALSE, FALSE, sizeof (Waiting));
  g_array_set_clear_func (import.waiting, waiting_clear);

  if (!daybook_diary_begin_batch (diary, error))
    {
      import_clear (&import);
      return NULL;
    }
  import.now = _daybook_chain_now ();
  /* A transaction of many thousand rows and five indexes: with SQLite's
   * 2 MiB of cache it spills to the log and reads (decrypts) the same
   * pages again and again. 32 MiB while it lasts; memory stays bounded. */
  cache = swap_cache_size (diary, -32 * 1024);
  ok = run_import (&import, path, parse, &parse_options, error);
  /* The statements end before the transaction does. */
  g_clear_pointer (&import.writer, _daybook_messages_writer_free);
  if (ok)
    ok = daybook_diary_end_batch (diary, TRUE, error);
  else
    daybook_diary_end_batch (diary, FALSE, NULL);
  _daybook_diary_lock (diary);
  if (_daybook_diary_get_db (diary) != NULL)
    swap_cache_size (diary, cache);
  _daybook_diary_unlock (diary);
  import_clear (&import);
  return ok ? g_steal_pointer (&result) : NULL;
}

typedef struct
{
  char *path;
  DaybookImportChoices choices;
  DaybookImportParseFunc parse;
} AsyncData;

static void
async_data_free (AsyncData *data)
{
  g_free (data->path);
  g_free ((char *)data->choices.parse.date_order);
  g_free ((char *)data->choices.parse.csv_columns);
  g_free ((char *)data->choices.parse.me);
  g_free ((char *)data->choices.time_zone);
  g_free ((char *)data->choices.me);
  g_strfreev (data->choices.people);
  g_free (data);
}

static void
import_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  DaybookImportResult *result = daybook_diary_import_messages (source, data->path, &data->choices,
                                                               data->parse, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify)daybook_import_result_free);
}

/**
 * daybook_diary_import_messages_async:
 *
 * Runs daybook_diary_import_messages() in a worker thread, on copies of
 * @path and @choices.
 */
void
daybook_diary_import_messages_async (DaybookDiary *diary, const char *path,
                                     const DaybookImportChoices *choices,
                                     DaybookImportParseFunc parse, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (diary, cancellable, callback, user_data);
  AsyncData *data = g_new0 (AsyncData, 1);

  data->path = g_strdup (path);
  data->choices = *choices;
  data->choices.parse.date_order = g_strdup (choices->parse.date_order);
  data->choices.parse.csv_columns = g_strdup (choices->parse.csv_columns);
  data->choices.parse.me = g_strdup (choices->parse.me);
  data->choices.time_zone = g_strdup (choices->time_zone);
  data->choices.me = g_strdup (choices->me);
  data->choices.people = g_strdupv (choices->people);
  data->parse = parse;
  g_task_set_source_tag (task, daybook_diary_import_messages_async);
  g_task_set_task_data (task, data, (GDestroyNotify)async_data_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * daybook_diary_import_messages_finish:
 *
 * Returns: (transfer full) (nullable): what was imported
 */
DaybookImportResult *
daybook_diary_import_messages_finish (DaybookDiary *diary, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, diary), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
