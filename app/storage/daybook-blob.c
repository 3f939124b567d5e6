/* daybook-blob.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "daybook-blob.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"

/*
 * An original's bytes live in one file of the diary's `evidence` folder,
 * named by 16 random bytes in hex (nothing about the content), encrypted
 * with AES-256-GCM under a key of its own that is kept in the attachment's
 * row of the encrypted database. Little-endian:
 *
 *   header  magic "DAYBOOK-EVIDENCE" (16) | version u32 | chunk size u32 |
 *           size u64 | name (16 bytes) | zeros (16)               (64 bytes)
 *   chunks  for chunk i of max(1, ceil(size / chunk size)):
 *           ciphertext | GCM tag (16)
 *
 * Chunk i is sealed with the nonce (i as u64 | 1 if it is the last chunk
 * else 0, as u32) and the header as additional data, so chunks cannot be
 * reordered, dropped, cut off or moved to another file without the tag
 * failing; any chunk can be read on its own (the viewer seeks in videos).
 *
 * Why not the database: SQLCipher 3 encrypts each 4 KiB page with
 * AES-CBC and HMAC-SHA1 and writes everything twice (log, then database),
 * which made a 1 GiB import twelve times slower than hashing it. Here
 * the bytes are written once, with the hardware's fastest AEAD, while the
 * other core hashes them.
 *
 * Writing is two-phase, with the database as the decision: the file is
 * written as NAME.part and flushed, then the row that names it is
 * committed, then the file is renamed. At the next open a `.part` file
 * whose row exists is renamed, and one without a row (an import that
 * crashed or failed) is removed. Nothing else in the folder is ever
 * removed.
 */

#define MAGIC "DAYBOOK-EVIDENCE"
#define MAGIC_LEN 16
#define VERSION 1
#define PART ".part"
#define CHUNK DAYBOOK_BLOB_CHUNK_SIZE
#define ID_LEN 16
#define READ_AHEAD_CHUNKS 16 /* 4 MiB */

static void
put_u32 (guint8 *p, guint32 v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static void
put_u64 (guint8 *p, guint64 v)
{
  for (int i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static guint64
count_chunks (guint64 size)
{
  return size == 0 ? 1 : (size + CHUNK - 1) / CHUNK;
}

static gsize
chunk_len (guint64 size, guint64 seq)
{
  return seq + 1 < count_chunks (size) ? CHUNK : size - seq * CHUNK;
}

static void
make_header (guint8 header[DAYBOOK_BLOB_HEADER_LEN], guint64 size, const guint8 id[ID_LEN])
{
  memset (header, 0, DAYBOOK_BLOB_HEADER_LEN);
  memcpy (header, MAGIC, MAGIC_LEN);
  put_u32 (header + 16, VERSION);
  put_u32 (header + 20, CHUNK);
  put_u64 (header + 24, size);
  memcpy (header + 32, id, ID_LEN);
}

static void
make_nonce (guint8 nonce[12], guint64 seq, gboolean last)
{
  put_u64 (nonce, seq);
  put_u32 (nonce + 8, last ? 1 : 0);
}

static char *
evidence_dir (const char *diary_dir)
{
  return g_build_filename (diary_dir, DAYBOOK_BLOB_DIR, NULL);
}

/**
 * _daybook_blob_path:
 *
 * Returns: (transfer full): where the finished file called @name lives
 */
char *
_daybook_blob_path (const char *diary_dir, const char *name)
{
  return g_build_filename (diary_dir, DAYBOOK_BLOB_DIR, name, NULL);
}

static char *
part_path (const char *diary_dir, const char *name)
{
  g_autofree char *file = g_strconcat (name, PART, NULL);

  return g_build_filename (diary_dir, DAYBOOK_BLOB_DIR, file, NULL);
}

gboolean
_daybook_blob_name_is_valid (const char *name)
{
  if (name == NULL || strlen (name) != DAYBOOK_BLOB_NAME_LEN)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
crypto_error (GError **error)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
               _ ("The cryptography library could not start."));
  return FALSE;
}

/* Writing */

struct _DaybookBlobWriter
{
  char *dir; /* the diary's folder */
  char name[DAYBOOK_BLOB_NAME_LEN + 1];
  DaybookSecret *key;
  EVP_CIPHER_CTX *ctx;
  guint8 header[DAYBOOK_BLOB_HEADER_LEN];
  guint64 size;
  guint64 seq; /* the next chunk */
  DaybookBulkWriter *out;
  int fd;
  gboolean created;
  gboolean finished;
};

static gboolean
write_error (int saved_errno, GError **error)
{
  daybook_set_io_error (error, saved_errno, _ ("Could not store the attachment in the diary"));
  return FALSE;
}

/**
 * _daybook_blob_writer_new:
 * @size: how many bytes will be added
 *
 * Starts a new evidence file, under a fresh random name and key.
 */
DaybookBlobWriter *
_daybook_blob_writer_new (const char *diary_dir, guint64 size, GError **error)
{
  g_autoptr (DaybookBlobWriter) self = g_new0 (DaybookBlobWriter, 1);
  g_autofree char *folder = evidence_dir (diary_dir);
  g_autofree char *path = NULL;
  guint8 id[ID_LEN];

  self->fd = -1;
  self->dir = g_strdup (diary_dir);
  self->size = size;

  if (g_mkdir (folder, 0700) != 0 && errno != EEXIST)
    return (write_error (errno, error), NULL);

  randombytes_buf (id, sizeof id);
  sodium_bin2hex (self->name, sizeof self->name, id, sizeof id);
  make_header (self->header, size, id);

  self->key = daybook_secret_new (DAYBOOK_BLOB_KEY_LEN);
  randombytes_buf (daybook_secret_get_data (self->key), DAYBOOK_BLOB_KEY_LEN);
  self->ctx = EVP_CIPHER_CTX_new ();
  if (self->ctx == NULL
      || EVP_EncryptInit_ex (self->ctx, EVP_aes_256_gcm (), NULL, daybook_secret_peek (self->key),
                             NULL)
             != 1)
    return (crypto_error (error), NULL);

  path = part_path (diary_dir, self->name);
  self->fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (self->fd < 0)
    return (write_error (errno, error), NULL);
  self->created = TRUE;
  self->out = daybook_bulk_writer_new (self->fd);
  if (!daybook_bulk_writer_write (self->out, self->header, sizeof self->header))
    return (write_error (errno, error), NULL);
  return g_steal_pointer (&self);
}

/**
 * _daybook_blob_writer_add:
 * @chunk: the next chunk's bytes, in a buffer of DAYBOOK_BLOB_BUFFER_LEN;
 *   encrypted in place
 * @len: DAYBOOK_BLOB_CHUNK_SIZE, except for the last chunk
 */
gboolean
_daybook_blob_writer_add (DaybookBlobWriter *self, guint8 *chunk, gsize len, GError **error)
{
  guint64 n = count_chunks (self->size);
  gboolean last = self->seq + 1 == n;
  guint8 nonce[12];
  int out;

  g_return_val_if_fail (self->seq < n && len == chunk_len (self->size, self->seq), FALSE);

  make_nonce (nonce, self->seq, last);
  if (EVP_EncryptInit_ex (self->ctx, NULL, NULL, NULL, nonce) != 1
      || EVP_EncryptUpdate (self->ctx, NULL, &out, self->header, sizeof self->header) != 1
      || (len > 0 && EVP_EncryptUpdate (self->ctx, chunk, &out, chunk, (int)len) != 1)
      || EVP_EncryptFinal_ex (self->ctx, chunk + len, &out) != 1
      || EVP_CIPHER_CTX_ctrl (self->ctx, EVP_CTRL_GCM_GET_TAG, DAYBOOK_BLOB_TAG_LEN, chunk + len)
             != 1)
    return crypto_error (error);
  if (!daybook_bulk_writer_write (self->out, chunk, len + DAYBOOK_BLOB_TAG_LEN))
    return write_error (errno, error);
  self->seq++;
  return TRUE;
}

/**
 * _daybook_blob_writer_finish:
 *
 * Flushes the file and its folder entry to the disk: after this the file
 * survives a crash, still under its `.part` name until published.
 */
gboolean
_daybook_blob_writer_finish (DaybookBlobWriter *self, GError **error)
{
  g_autofree char *folder = evidence_dir (self->dir);
  int fd = self->fd;

  g_return_val_if_fail (self->seq == count_chunks (self->size), FALSE);

  if (!daybook_bulk_writer_finish (self->out))
    return write_error (errno, error);
  g_clear_pointer (&self->out, daybook_bulk_writer_free);
  self->fd = -1;
  if (fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return write_error (saved_errno, error);
    }
  if (close (fd) != 0)
    return write_error (errno, error);
  if (!daybook_fsync_dir (folder, error))
    return FALSE;
  self->finished = TRUE;
  return TRUE;
}

const char *
_daybook_blob_writer_get_name (DaybookBlobWriter *self)
{
  return self->name;
}

const DaybookSecret *
_daybook_blob_writer_get_key (DaybookBlobWriter *self)
{
  return self->key;
}

/**
 * _daybook_blob_writer_free:
 *
 * Frees @self; removes the file unless _daybook_blob_writer_finish() was
 * reached, so that a failed or cancelled write leaves nothing behind.
 */
void
_daybook_blob_writer_free (DaybookBlobWriter *self)
{
  g_clear_pointer (&self->out, daybook_bulk_writer_free);
  if (self->fd >= 0)
    close (self->fd);
  if (self->created && !self->finished)
    _daybook_blob_discard (self->dir, self->name);
  g_clear_pointer (&self->key, daybook_secret_free);
  g_clear_pointer (&self->ctx, EVP_CIPHER_CTX_free);
  g_free (self->dir);
  g_free (self);
}

/**
 * _daybook_blob_publish:
 *
 * Gives a written file its final name, once its row is committed.
 */
gboolean
_daybook_blob_publish (const char *diary_dir, const char *name, GError **error)
{
  g_autofree char *folder = evidence_dir (diary_dir);
  g_autofree char *from = part_path (diary_dir, name);
  g_autofree char *to = _daybook_blob_path (diary_dir, name);

  if (rename (from, to) != 0)
    return write_error (errno, error);
  return daybook_fsync_dir (folder, error);
}

/**
 * _daybook_blob_discard:
 *
 * Removes a written file that no row names (its import failed).
 */
void
_daybook_blob_discard (const char *diary_dir, const char *name)
{
  g_autofree char *path = part_path (diary_dir, name);

  g_unlink (path);
}

/**
 * _daybook_blob_recover:
 * @is_referenced: tells whether a committed row names a file
 *
 * Finishes what a crash interrupted: publishes each `.part` file that a
 * row names and removes the others. Only `.part` files are touched.
 */
gboolean
_daybook_blob_recover (const char *diary_dir,
                       gboolean (*is_referenced) (const char *name, gpointer data), gpointer data,
                       GError **error)
{
  g_autofree char *folder = evidence_dir (diary_dir);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (dir == NULL)
    return TRUE; /* no evidence yet */
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, PART))
      {
        g_autofree char *name = g_strndup (entry, strlen (entry) - strlen (PART));

        if (_daybook_blob_name_is_valid (name))
          g_ptr_array_add (parts, g_steal_pointer (&name));
      }

  for (guint i = 0; i < parts->len; i++)
    {
      const char *name = g_ptr_array_index (parts, i);

      if (is_referenced (name, data))
        {
          if (!_daybook_blob_publish (diary_dir, name, error))
            return FALSE;
        }
      else
        _daybook_blob_discard (diary_dir, name);
    }
  return parts->len == 0 || daybook_fsync_dir (folder, error);
}

/* Reading */

/**
 * _daybook_blob_open_stored:
 *
 * Opens the file called @name read-only: under its final name or, between
 * commit and publish, as `.part` (and the final name once more, in case
 * the rename happened in between).
 *
 * Returns: the descriptor, or -1 with errno set
 */
int
_daybook_blob_open_stored (const char *diary_dir, const char *name)
{
  g_autofree char *path = _daybook_blob_path (diary_dir, name);
  g_autofree char *part = part_path (diary_dir, name);
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

  if (fd < 0 && errno == ENOENT)
    fd = open (part, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 && errno == ENOENT)
    fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  return fd;
}

struct _DaybookBlobReader
{
  EVP_CIPHER_CTX *ctx;
  guint8 header[DAYBOOK_BLOB_HEADER_LEN];
  guint64 size;
  int fd;
};

static gboolean
damaged (GError **error)
{
  g_set_error (
      error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
      _ ("The stored copy of an exhibit is damaged. Run “daybook-cli verify”, then restore "
         "the diary from a backup."));
  return FALSE;
}

static gboolean
pread_full (int fd, guint8 *buf, gsize len, guint64 offset)
{
  while (len > 0)
    {
      ssize_t n = pread (fd, buf, len, (off_t)offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      buf += n;
      len -= n;
      offset += n;
    }
  return TRUE;
}

/**
 * _daybook_blob_reader_new:
 * @key: the file's own key, from its row
 * @size: the original's size, from its row
 *
 * Opens the file called @name (or, between commit and publish, its
 * `.part`) and checks that its header is the one its row expects.
 */
DaybookBlobReader *
_daybook_blob_reader_new (const char *diary_dir, const char *name, const guint8 *key, gsize key_len,
                          guint64 size, GError **error)
{
  g_autoptr (DaybookBlobReader) self = g_new0 (DaybookBlobReader, 1);
  guint8 expected[DAYBOOK_BLOB_HEADER_LEN];
  guint8 id[ID_LEN];
  struct stat st;

  self->fd = -1;
  self->size = size;
  if (!_daybook_blob_name_is_valid (name) || key == NULL || key_len != DAYBOOK_BLOB_KEY_LEN
      || sodium_hex2bin (id, sizeof id, name, DAYBOOK_BLOB_NAME_LEN, NULL, NULL, NULL) != 0)
    return (damaged (error), NULL);

  self->fd = _daybook_blob_open_stored (diary_dir, name);
  if (self->fd < 0)
    {
      if (errno == ENOENT)
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                     _ ("The stored copy of an exhibit is missing from the diary folder. Run "
                        "“daybook-cli verify”, then restore the diary from a backup."));
      else
        daybook_set_io_error (error, errno, _ ("Could not read an exhibit from the diary folder"));
      return NULL;
    }

  make_header (expected, size, id);
  if (fstat (self->fd, &st) != 0 || !S_ISREG (st.st_mode)
      || (guint64)st.st_size
             != DAYBOOK_BLOB_HEADER_LEN + size + count_chunks (size) * DAYBOOK_BLOB_TAG_LEN
      || !pread_full (self->fd, self->header, sizeof self->header, 0)
      || memcmp (self->header, expected, sizeof expected) != 0)
    return (damaged (error), NULL);

  self->ctx = EVP_CIPHER_CTX_new ();
  if (self->ctx == NULL || EVP_DecryptInit_ex (self->ctx, EVP_aes_256_gcm (), NULL, key, NULL) != 1)
    return (crypto_error (error), NULL);
  return g_steal_pointer (&self);
}

guint64
_daybook_blob_reader_n_chunks (DaybookBlobReader *self)
{
  return count_chunks (self->size);
}

/**
 * _daybook_blob_reader_read:
 * @buffer: DAYBOOK_BLOB_BUFFER_LEN bytes
 *
 * Reads and authenticates chunk @seq.
 *
 * Returns: the chunk's length, or -1 with @error set
 */
gssize
_daybook_blob_reader_read (DaybookBlobReader *self, guint64 seq, guint8 *buffer, GError **error)
{
  guint64 n = count_chunks (self->size);
  guint64 offset;
  gsize len;
  guint8 nonce[12];
  int out;

  if (seq >= n)
    return (damaged (error), -1);
  len = chunk_len (self->size, seq);
  offset = DAYBOOK_BLOB_HEADER_LEN + seq * (CHUNK + DAYBOOK_BLOB_TAG_LEN);
  /* Ask for what usually comes next before it is needed: the disk reads
   * it while this chunk is decrypted (an export, a video playing). */
  if (seq % READ_AHEAD_CHUNKS == 0)
    posix_fadvise (self->fd, offset, 2 * READ_AHEAD_CHUNKS * (CHUNK + DAYBOOK_BLOB_TAG_LEN),
                   POSIX_FADV_WILLNEED);
  if (!pread_full (self->fd, buffer, len + DAYBOOK_BLOB_TAG_LEN, offset))
    return (damaged (error), -1);

  make_nonce (nonce, seq, seq + 1 == n);
  if (EVP_DecryptInit_ex (self->ctx, NULL, NULL, NULL, nonce) != 1
      || EVP_DecryptUpdate (self->ctx, NULL, &out, self->header, sizeof self->header) != 1
      || (len > 0 && EVP_DecryptUpdate (self->ctx, buffer, &out, buffer, (int)len) != 1)
      || EVP_CIPHER_CTX_ctrl (self->ctx, EVP_CTRL_GCM_SET_TAG, DAYBOOK_BLOB_TAG_LEN, buffer + len)
             != 1)
    return (crypto_error (error), -1);
  if (EVP_DecryptFinal_ex (self->ctx, buffer + len, &out) != 1)
    {
      sodium_memzero (buffer, len);
      return (damaged (error), -1);
    }
  return (gssize)len;
}

void
_daybook_blob_reader_free (DaybookBlobReader *self)
{
  if (self->fd >= 0)
    close (self->fd);
  g_clear_pointer (&self->ctx, EVP_CIPHER_CTX_free);
  g_free (self);
}

/* The pipeline */

#define N_SLOTS 4

typedef struct
{
  DaybookStageFunc consume;
  gpointer user_data;
  GAsyncQueue *full;
  GAsyncQueue *free;
  GError *error;
  gint failed; /* atomic */
} Pipeline;

static DaybookSlot stop_slot;

static gpointer
consumer_thread (gpointer data)
{
  Pipeline *p = data;

  for (;;)
    {
      DaybookSlot *slot = g_async_queue_pop (p->full);
      gboolean last;

      if (slot == &stop_slot)
        break;
      last = slot->last;
      if (p->error == NULL && !p->consume (slot, p->user_data, &p->error))
        g_atomic_int_set (&p->failed, 1);
      g_async_queue_push (p->free, slot);
      if (last)
        break;
    }
  return NULL;
}

/**
 * _daybook_pipeline_run:
 * @produce: fills each slot in turn, on this thread, setting `last` on
 *   the final one
 * @consume: handles each filled slot, in order, on a second thread
 *
 * Runs both stages until the last slot or the first error.
 */
gboolean
_daybook_pipeline_run (DaybookStageFunc produce, DaybookStageFunc consume, gpointer user_data,
                       GError **error)
{
  Pipeline p = { consume, user_data, g_async_queue_new (), g_async_queue_new (), NULL, 0 };
  DaybookSlot slots[N_SLOTS] = { 0 };
  GError *produce_error = NULL;
  GThread *thread;
  guint64 seq = 0;

  for (guint i = 0; i < N_SLOTS; i++)
    {
      slots[i].data = g_malloc (DAYBOOK_BLOB_BUFFER_LEN);
      g_async_queue_push (p.free, &slots[i]);
    }

  thread = g_thread_new ("daybook-pipeline", consumer_thread, &p);
  for (;;)
    {
      DaybookSlot *slot = g_async_queue_pop (p.free);

      if (g_atomic_int_get (&p.failed))
        {
          g_async_queue_push (p.full, &stop_slot);
          break;
        }
      slot->seq = seq++;
      slot->len = 0;
      slot->last = FALSE;
      if (!produce (slot, user_data, &produce_error))
        {
          g_async_queue_push (p.full, &stop_slot);
          break;
        }
      g_async_queue_push (p.full, slot);
      if (slot->last)
        break;
    }
  g_thread_join (thread);

  for (guint i = 0; i < N_SLOTS; i++)
    {
      sodium_memzero (slots[i].data, DAYBOOK_BLOB_BUFFER_LEN);
      g_free (slots[i].data);
    }
  g_async_queue_unref (p.full);
  g_async_queue_unref (p.free);

  if (produce_error != NULL)
    {
      g_clear_error (&p.error);
      g_propagate_error (error, produce_error);
      return FALSE;
    }
  if (p.error != NULL)
    {
      g_propagate_error (error, p.error);
      return FALSE;
    }
  return TRUE;
}
