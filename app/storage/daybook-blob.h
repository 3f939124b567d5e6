/* daybook-blob.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-secret.h"

G_BEGIN_DECLS

/* Evidence content: one encrypted file per stored original, in the
 * diary's `evidence` folder (see daybook-blob.c for the format). */

#define DAYBOOK_BLOB_DIR "evidence"
#define DAYBOOK_BLOB_KEY_LEN 32
#define DAYBOOK_BLOB_NAME_LEN 32 /* hex digits */
#define DAYBOOK_BLOB_TAG_LEN 16
#define DAYBOOK_BLOB_HEADER_LEN 64
/* Plaintext bytes per sealed chunk: an attachment's chunk size. */
#define DAYBOOK_BLOB_CHUNK_SIZE (256 * 1024)
/* Room one chunk needs while it is encrypted or decrypted in place. */
#define DAYBOOK_BLOB_BUFFER_LEN (DAYBOOK_BLOB_CHUNK_SIZE + DAYBOOK_BLOB_TAG_LEN)

typedef struct _DaybookBlobWriter DaybookBlobWriter;
typedef struct _DaybookBlobReader DaybookBlobReader;

DaybookBlobWriter *_daybook_blob_writer_new (const char *diary_dir, guint64 size, GError **error);
gboolean _daybook_blob_writer_add (DaybookBlobWriter *self, guint8 *chunk, gsize len,
                                   GError **error);
gboolean _daybook_blob_writer_finish (DaybookBlobWriter *self, GError **error);
gboolean _daybook_blob_writer_finish_unsynced (DaybookBlobWriter *self, GError **error);
gboolean _daybook_blob_sync_all (const char *diary_dir, GError **error);
const char *_daybook_blob_writer_get_name (DaybookBlobWriter *self);
const DaybookSecret *_daybook_blob_writer_get_key (DaybookBlobWriter *self);
void _daybook_blob_writer_free (DaybookBlobWriter *self);

gboolean _daybook_blob_publish (const char *diary_dir, const char *name, GError **error);
gboolean _daybook_blob_publish_unsynced (const char *diary_dir, const char *name, GError **error);
gboolean _daybook_blob_sync_folder (const char *diary_dir, GError **error);
void _daybook_blob_discard (const char *diary_dir, const char *name);
gboolean _daybook_blob_name_is_valid (const char *name);
char *_daybook_blob_path (const char *diary_dir, const char *name);
int _daybook_blob_open_stored (const char *diary_dir, const char *name);
gboolean _daybook_blob_recover (const char *diary_dir,
                                gboolean (*is_referenced) (const char *name, gpointer data),
                                gpointer data, GError **error);

DaybookBlobReader *_daybook_blob_reader_new (const char *diary_dir, const char *name,
                                             const guint8 *key, gsize key_len, guint64 size,
                                             GError **error);
guint64 _daybook_blob_reader_n_chunks (DaybookBlobReader *self);
gssize _daybook_blob_reader_read (DaybookBlobReader *self, guint64 seq, guint8 *buffer,
                                  GError **error);
gboolean _daybook_blob_reader_check_padding (DaybookBlobReader *self, GError **error);
void _daybook_blob_reader_free (DaybookBlobReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookBlobWriter, _daybook_blob_writer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookBlobReader, _daybook_blob_reader_free)

/* Two stages over chunk-sized buffers, the second on its own thread, so
 * that reading and hashing overlap encrypting and writing. */
typedef struct
{
  guint8 *data; /* DAYBOOK_BLOB_BUFFER_LEN bytes */
  gsize len;
  guint64 seq;
  gboolean last;
} DaybookSlot;

typedef gboolean (*DaybookStageFunc) (DaybookSlot *slot, gpointer user_data, GError **error);

gboolean _daybook_pipeline_run (DaybookStageFunc produce, DaybookStageFunc consume,
                                gpointer user_data, GError **error);

G_END_DECLS
