/* daybook-attachment-media.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment-media"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/base/gstbasesrc.h>
#include <gst/gst.h>

#include "daybook-attachment-async.h"
#include "daybook-attachment-media.h"
#include "daybook-attachment.h"

/*
 * Audio and video play from the diary's decrypted chunk stream, never
 * from a decrypted file. GTK 4.8's GStreamer media backend cannot play a
 * GInputStream (gtk_media_file_new_for_input_stream() aborts the
 * process), but it plays any URI GStreamer can open. So Daybook registers,
 * in its own process only, a GStreamer source for private
 * "daybook-evidence:///TOKEN" URIs, reading from the attachment stream;
 * each token is random, known only to this process and forgotten with
 * its player.
 *
 * A recording is not decoded here: this process holds the diary's keys,
 * and the file may be crafted to attack a decoder. The source has the
 * parsing helper decode it in its sandbox
 * (daybook_diary_read_attachment_audio()) and serves the WAV file Daybook
 * makes of the checked samples, so GStreamer here parses only that.
 * Video is still decoded in this process (the README says so).
 */

#define SCHEME "daybook-evidence"

typedef struct
{
  DaybookDiary *diary;
  gint64 id;
  gboolean cut; /* only the first part of a recording is played */
} Entry;

static GMutex registry_lock;
static GHashTable *registry; /* token → Entry* */

static void
entry_free (Entry *entry)
{
  g_object_unref (entry->diary);
  g_free (entry);
}

static gboolean
lookup (const char *uri, DaybookDiary **diary, gint64 *id)
{
  Entry *entry;
  gboolean found = FALSE;

  if (uri == NULL || !g_str_has_prefix (uri, SCHEME ":///"))
    return FALSE;
  g_mutex_lock (&registry_lock);
  entry = registry != NULL ? g_hash_table_lookup (registry, uri + strlen (SCHEME ":///")) : NULL;
  if (entry != NULL)
    {
      *diary = g_object_ref (entry->diary);
      *id = entry->id;
      found = TRUE;
    }
  g_mutex_unlock (&registry_lock);
  return found;
}

static void
forget (gpointer token, GObject *media)
{
  g_mutex_lock (&registry_lock);
  g_hash_table_remove (registry, token);
  g_mutex_unlock (&registry_lock);
  g_free (token);
}

/* The GStreamer source element */

#define DAYBOOK_TYPE_EVIDENCE_SRC (daybook_evidence_src_get_type ())
G_DECLARE_FINAL_TYPE (DaybookEvidenceSrc, daybook_evidence_src, DAYBOOK, EVIDENCE_SRC, GstBaseSrc)

struct _DaybookEvidenceSrc
{
  GstBaseSrc parent_instance;

  char *uri;
  GInputStream *stream;
  guint64 size;
};

static void daybook_evidence_src_uri_init (gpointer iface, gpointer data);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookEvidenceSrc, daybook_evidence_src, GST_TYPE_BASE_SRC,
                               G_IMPLEMENT_INTERFACE (GST_TYPE_URI_HANDLER,
                                                      daybook_evidence_src_uri_init))

static GstStaticPadTemplate src_template
    = GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static GstURIType
uri_get_type (GType type)
{
  return GST_URI_SRC;
}

static const char *const *
uri_get_protocols (GType type)
{
  static const char *protocols[] = { SCHEME, NULL };

  return protocols;
}

static char *
uri_get_uri (GstURIHandler *handler)
{
  DaybookEvidenceSrc *self = DAYBOOK_EVIDENCE_SRC (handler);
  char *uri;

  GST_OBJECT_LOCK (self);
  uri = g_strdup (self->uri);
  GST_OBJECT_UNLOCK (self);
  return uri;
}

static gboolean
uri_set_uri (GstURIHandler *handler, const char *uri, GError **error)
{
  DaybookEvidenceSrc *self = DAYBOOK_EVIDENCE_SRC (handler);

  GST_OBJECT_LOCK (self);
  g_free (self->uri);
  self->uri = g_strdup (uri);
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static void
daybook_evidence_src_uri_init (gpointer iface, gpointer data)
{
  GstURIHandlerInterface *uri = iface;

  uri->get_type = uri_get_type;
  uri->get_protocols = uri_get_protocols;
  uri->get_uri = uri_get_uri;
  uri->set_uri = uri_set_uri;
}

static gboolean
src_start (GstBaseSrc *base)
{
  DaybookEvidenceSrc *self = DAYBOOK_EVIDENCE_SRC (base);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = uri_get_uri (GST_URI_HANDLER (self));
  gint64 id;

  if (!lookup (uri, &diary, &id)
      || (attachment = daybook_diary_get_attachment (diary, id, &error)) == NULL)
    {
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ, ("%s", _ ("The evidence could not be read.")),
                         ("%s", error != NULL ? error->message : "unknown token"));
      return FALSE;
    }
  if (g_str_has_prefix (daybook_attachment_get_media_type (attachment), "audio/"))
    {
      /* Decoded by the helper; this is Daybook's own WAV of it. */
      gboolean cut = FALSE;
      g_autoptr (GBytes) wav = daybook_diary_read_attachment_audio (diary, id, &cut, NULL, &error);
      Entry *entry;

      if (wav == NULL)
        {
          GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ, ("%s", error->message),
                             ("%s", error->message));
          return FALSE;
        }
      g_mutex_lock (&registry_lock);
      entry = g_hash_table_lookup (registry, uri + strlen (SCHEME ":///"));
      if (entry != NULL)
        entry->cut = cut;
      g_mutex_unlock (&registry_lock);
      self->size = g_bytes_get_size (wav);
      self->stream = g_memory_input_stream_new_from_bytes (wav);
      return TRUE;
    }
  if ((self->stream = daybook_diary_open_attachment (diary, id, &error)) == NULL)
    {
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ, ("%s", _ ("The evidence could not be read.")),
                         ("%s", error->message));
      return FALSE;
    }
  self->size = daybook_attachment_get_size (attachment);
  return TRUE;
}

static gboolean
src_stop (GstBaseSrc *base)
{
  g_clear_object (&DAYBOOK_EVIDENCE_SRC (base)->stream);
  return TRUE;
}

static gboolean
src_get_size (GstBaseSrc *base, guint64 *size)
{
  *size = DAYBOOK_EVIDENCE_SRC (base)->size;
  return TRUE;
}

static gboolean
src_is_seekable (GstBaseSrc *base)
{
  return TRUE;
}

static GstFlowReturn
src_fill (GstBaseSrc *base, guint64 offset, guint length, GstBuffer *buf)
{
  DaybookEvidenceSrc *self = DAYBOOK_EVIDENCE_SRC (base);
  g_autoptr (GError) error = NULL;
  GstMapInfo map;
  gsize done = 0;

  if (offset >= self->size)
    return GST_FLOW_EOS;
  if (!g_seekable_seek (G_SEEKABLE (self->stream), offset, G_SEEK_SET, NULL, &error)
      || !gst_buffer_map (buf, &map, GST_MAP_WRITE))
    goto failed;
  if (!g_input_stream_read_all (self->stream, map.data, MIN (length, map.size), &done, NULL,
                                &error))
    {
      gst_buffer_unmap (buf, &map);
      goto failed;
    }
  gst_buffer_unmap (buf, &map);
  gst_buffer_resize (buf, 0, done);
  GST_BUFFER_OFFSET (buf) = offset;
  GST_BUFFER_OFFSET_END (buf) = offset + done;
  return done > 0 ? GST_FLOW_OK : GST_FLOW_EOS;

failed:
  GST_ELEMENT_ERROR (self, RESOURCE, READ, ("%s", _ ("The evidence could not be read.")),
                     ("%s", error != NULL ? error->message : "map failed"));
  return GST_FLOW_ERROR;
}

static void
daybook_evidence_src_finalize (GObject *object)
{
  DaybookEvidenceSrc *self = DAYBOOK_EVIDENCE_SRC (object);

  g_clear_object (&self->stream);
  g_free (self->uri);

  G_OBJECT_CLASS (daybook_evidence_src_parent_class)->finalize (object);
}

static void
daybook_evidence_src_class_init (DaybookEvidenceSrcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *src_class = GST_BASE_SRC_CLASS (klass);

  object_class->finalize = daybook_evidence_src_finalize;
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Daybook evidence", "Source/File",
                                         "Reads an attachment from the open diary",
                                         "The Daybook authors");
  src_class->start = src_start;
  src_class->stop = src_stop;
  src_class->get_size = src_get_size;
  src_class->is_seekable = src_is_seekable;
  src_class->fill = src_fill;
}

static void
daybook_evidence_src_init (DaybookEvidenceSrc *self)
{
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_BYTES);
}

static gboolean
ensure_registered (GError **error)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      ok = gst_init_check (NULL, NULL, NULL)
           && gst_element_register (NULL, "daybookevidencesrc", GST_RANK_PRIMARY,
                                    DAYBOOK_TYPE_EVIDENCE_SRC);
      registry
          = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)entry_free);
      g_once_init_leave (&done, 1);
    }
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _ ("Audio and video cannot be played here: GStreamer is missing."));
  return ok;
}

/**
 * daybook_attachment_media_new:
 *
 * Returns: (transfer full) (nullable): a media stream playing attachment
 *   @id from memory
 */
GtkMediaStream *
daybook_attachment_media_new (DaybookDiary *diary, gint64 id, GError **error)
{
  g_autofree char *uri = NULL;
  g_autoptr (GFile) file = NULL;
  GtkMediaStream *media;
  Entry *entry;
  char *token;
  guint8 random[16];

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  if (!ensure_registered (error))
    return NULL;
  for (guint i = 0; i < sizeof random; i++)
    random[i] = (guint8)g_random_int ();
  token = g_compute_checksum_for_data (G_CHECKSUM_SHA256, random, sizeof random);
  entry = g_new0 (Entry, 1);
  entry->diary = g_object_ref (diary);
  entry->id = id;
  g_mutex_lock (&registry_lock);
  g_hash_table_insert (registry, token, entry);
  g_mutex_unlock (&registry_lock);

  uri = g_strconcat (SCHEME ":///", token, NULL);
  file = g_file_new_for_uri (uri);
  media = gtk_media_file_new_for_file (file);
  g_object_weak_ref (G_OBJECT (media), forget, g_strdup (token));
  return media;
}

/**
 * daybook_attachment_media_is_cut:
 * @media: a stream from daybook_attachment_media_new()
 *
 * Returns: whether only the first DAYBOOK_ATTACHMENT_AUDIO_MINUTES minutes
 *   of the recording play (known once the stream is prepared)
 */
gboolean
daybook_attachment_media_is_cut (GtkMediaStream *media)
{
  g_autofree char *uri = NULL;
  Entry *entry;
  gboolean cut = FALSE;

  g_return_val_if_fail (GTK_IS_MEDIA_FILE (media), FALSE);

  uri = g_file_get_uri (gtk_media_file_get_file (GTK_MEDIA_FILE (media)));
  if (uri == NULL || !g_str_has_prefix (uri, SCHEME ":///"))
    return FALSE;
  g_mutex_lock (&registry_lock);
  entry = registry != NULL ? g_hash_table_lookup (registry, uri + strlen (SCHEME ":///")) : NULL;
  cut = entry != NULL && entry->cut;
  g_mutex_unlock (&registry_lock);
  return cut;
}
