/* daybook-blob.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* O_NOATIME */
#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "daybook-i18n.h"
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
 *           stored size u64 | name (16 bytes) | zeros (16)        (64 bytes)
 *   chunks  for chunk i of max(1, ceil(stored size / chunk size)):
 *           ciphertext | GCM tag (16)
 *
 * Version 2 (written since) pads: the plaintext is the original followed
 * by zeros up to the stored size, padded_size() of the original's size
 * (Padmé: at least 4 KiB, then at most about 12 % more, rounded so that
 * few sizes are possible), and the header holds only that padded size.
 * The original's size is in its row. So `ls -l` shows a bucket, not the
 * size of the voicemail; originals within the same bucket (a few per cent
 * apart for large files) look alike, others still differ roughly. The
 * zeros are encrypted and authenticated with the rest: a reader checks
 * them in every chunk it reads, and verification checks the chunks that
 * hold nothing else (_daybook_blob_reader_check_padding()). Version 1
 * (unpadded, stored size = size) is still read.
 *
 * Every file's access and modification times are set to one fixed date
 * after writing (set_constant_times()), and so are the folder's after
 * each change, so they do not tell when evidence was added; files are
 * read without updating their access time where the kernel allows. The
 * change time (ctime) cannot be set and still shows the last write.
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
 * committed, then the file is renamed. Inside a batch (an import of a
 * mailbox: thousands of files) the files are not flushed one by one: all
 * of them are, with one syncfs(), just before the batch's COMMIT
 * (daybook-diary.c), and the folder is flushed once after the renames.
 * Either way no committed row names a file the disk may not have. At the
 * next open a `.part` file
 * whose row exists is renamed, and one without a row (an import that
 * crashed or failed) is removed. A COMMIT that fails in a way that may
 * still have put the row in the log (a failed sync) leaves the `.part`
 * too, for the next open to decide (daybook-diary.c). Nothing else in
 * the folder is ever removed.
 */

#define MAGIC "DAYBOOK-EVIDENCE"
#define MAGIC_LEN 16
#define VERSION_PLAIN 1  /* unpadded: still read */
#define VERSION_PADDED 2 /* written */
#define PAD_MIN 4096
/* 2000-01-01T00:00:00Z: the times every evidence file and the folder carry */
#define CONSTANT_TIME 946684800
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

/* The plaintext length a version 2 file holds for an original of @size
 * bytes: Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted
 * Files and Communication with PURBs", 2019) over at least PAD_MIN. A
 * length whose highest set bit is 2^e keeps only its top floor(log2 e) + 1
 * bits, rounding up: at most 12 % more, about 3 % past a megabyte. */
static guint64
padded_size (guint64 size)
{
  guint64 l = MAX (size, PAD_MIN);
  guint e = 63 - (guint)__builtin_clzll (l);
  guint s = 32 - (guint)__builtin_clz (e); /* floor (log2 e) + 1 */
  guint64 mask = (G_GUINT64_CONSTANT (1) << (e - s)) - 1;

  return (l + mask) & ~mask;
}

/* How many plaintext bytes a file of @version holds for @size. */
static guint64
stored_size (guint32 version, guint64 size)
{
  return version == VERSION_PLAIN ? size : padded_size (size);
}

static void
make_header (guint8 header[DAYBOOK_BLOB_HEADER_LEN], guint32 version, guint64 stored,
             const guint8 id[ID_LEN])
{
  memset (header, 0, DAYBOOK_BLOB_HEADER_LEN);
  memcpy (header, MAGIC, MAGIC_LEN);
  put_u32 (header + 16, version);
  put_u32 (header + 20, CHUNK);
  put_u64 (header + 24, stored);
  memcpy (header + 32, id, ID_LEN);
}

static guint64
file_size (guint64 stored)
{
  return DAYBOOK_BLOB_HEADER_LEN + stored + count_chunks (stored) * DAYBOOK_BLOB_TAG_LEN;
}

/* Access and modification times that say nothing: the same for every
 * evidence file and the folder. */
static void
set_constant_times (int fd)
{
  const struct timespec times[2] = { { CONSTANT_TIME, 0 }, { CONSTANT_TIME, 0 } };

  if (futimens (fd, times) != 0)
    g_debug ("Could not reset an evidence file's times: %s", g_strerror (errno));
}

static void
set_folder_times (const char *folder)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      set_constant_times (fd);
      close (fd);
    }
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
  guint64 stored; /* padded_size (size) */
  guint64 seq;    /* the next chunk */
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
  self->stored = padded_size (size);

  if (g_mkdir (folder, 0700) != 0 && errno != EEXIST)
    return (write_error (errno, error), NULL);

  randombytes_buf (id, sizeof id);
  sodium_bin2hex (self->name, sizeof self->name, id, sizeof id);
  make_header (self->header, VERSION_PADDED, self->stored, id);

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

/* Seals and writes the next stored chunk, @len bytes in @chunk (a buffer
 * of DAYBOOK_BLOB_BUFFER_LEN), in place. */
static gboolean
seal_chunk (DaybookBlobWriter *self, guint8 *chunk, gsize len, GError **error)
{
  gboolean last = self->seq + 1 == count_chunks (self->stored);
  guint8 nonce[12];
  int out;

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
 * _daybook_blob_writer_add:
 * @chunk: the next chunk's bytes, in a buffer of DAYBOOK_BLOB_BUFFER_LEN;
 *   padded with zeros and encrypted in place
 * @len: DAYBOOK_BLOB_CHUNK_SIZE, except for the last chunk
 */
gboolean
_daybook_blob_writer_add (DaybookBlobWriter *self, guint8 *chunk, gsize len, GError **error)
{
  gsize stored_len;

  g_return_val_if_fail (
      self->seq < count_chunks (self->size) && len == chunk_len (self->size, self->seq), FALSE);

  /* The last chunk of the original carries the first of the padding. */
  stored_len = chunk_len (self->stored, self->seq);
  memset (chunk + len, 0, stored_len - len);
  return seal_chunk (self, chunk, stored_len, error);
}

/* Writes what is left; @sync: and flushes the file and its folder entry
 * to the disk. */
static gboolean
writer_finish (DaybookBlobWriter *self, gboolean sync, GError **error)
{
  g_autofree char *folder = evidence_dir (self->dir);
  int fd = self->fd;

  g_return_val_if_fail (self->seq == count_chunks (self->size), FALSE);

  /* The chunks that hold only padding. */
  if (self->seq < count_chunks (self->stored))
    {
      g_autofree guint8 *zeros = g_malloc (DAYBOOK_BLOB_BUFFER_LEN);

      while (self->seq < count_chunks (self->stored))
        {
          memset (zeros, 0, DAYBOOK_BLOB_BUFFER_LEN);
          if (!seal_chunk (self, zeros, chunk_len (self->stored, self->seq), error))
            return FALSE;
        }
    }

  if (!daybook_bulk_writer_finish (self->out))
    return write_error (errno, error);
  g_clear_pointer (&self->out, daybook_bulk_writer_free);
  self->fd = -1;
  set_constant_times (fd);
  if (sync && fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return write_error (saved_errno, error);
    }
  if (close (fd) != 0)
    return write_error (errno, error);
  set_folder_times (folder);
  if (sync && !daybook_fsync_dir (folder, error))
    return FALSE;
  self->finished = TRUE;
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
  return writer_finish (self, TRUE, error);
}

/**
 * _daybook_blob_writer_finish_unsynced:
 *
 * Writes the rest of the file, without flushing it to the disk: for a
 * batch of many files, made durable together by _daybook_blob_sync_all()
 * before the transaction that names them commits. Until then a crash may
 * lose the file, which no committed row names yet.
 */
gboolean
_daybook_blob_writer_finish_unsynced (DaybookBlobWriter *self, GError **error)
{
  return writer_finish (self, FALSE, error);
}

/**
 * _daybook_blob_sync_all:
 *
 * Flushes every file written to the evidence folder's file system, and
 * the folder itself, to the disk in one call (syncfs()): one journal
 * commit and one cache flush however many files a batch wrote, where a
 * fsync() each cost milliseconds a file. It also flushes whatever else is
 * waiting on that file system.
 */
gboolean
_daybook_blob_sync_all (const char *diary_dir, GError **error)
{
  g_autofree char *folder = evidence_dir (diary_dir);
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || syncfs (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      return write_error (saved_errno, error);
    }
  close (fd);
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

  return _daybook_blob_publish_unsynced (diary_dir, name, error)
         && daybook_fsync_dir (folder, error);
}

/**
 * _daybook_blob_publish_unsynced:
 *
 * Renames as _daybook_blob_publish() does, without flushing the folder:
 * for many files at once, the folder flushed after the last
 * (_daybook_blob_sync_folder()). A rename lost in a crash is made again at
 * the next open (_daybook_blob_recover()).
 */
gboolean
_daybook_blob_publish_unsynced (const char *diary_dir, const char *name, GError **error)
{
  g_autofree char *folder = evidence_dir (diary_dir);
  g_autofree char *from = part_path (diary_dir, name);
  g_autofree char *to = _daybook_blob_path (diary_dir, name);

  if (rename (from, to) != 0)
    return write_error (errno, error);
  set_folder_times (folder);
  return TRUE;
}

/* Flushes the evidence folder's entries to the disk. */
gboolean
_daybook_blob_sync_folder (const char *diary_dir, GError **error)
{
  g_autofree char *folder = evidence_dir (diary_dir);

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
  g_autofree char *folder = evidence_dir (diary_dir);
  g_autofree char *path = part_path (diary_dir, name);

  if (g_unlink (path) == 0)
    set_folder_times (folder);
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
/* Without touching the access time where the kernel allows (only the
 * file's owner may ask). */
static int
open_quietly (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOATIME);

  if (fd < 0 && errno == EPERM)
    fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  return fd;
}

int
_daybook_blob_open_stored (const char *diary_dir, const char *name)
{
  g_autofree char *path = _daybook_blob_path (diary_dir, name);
  g_autofree char *part = part_path (diary_dir, name);
  int fd = open_quietly (path);

  if (fd < 0 && errno == ENOENT)
    fd = open_quietly (part);
  if (fd < 0 && errno == ENOENT)
    fd = open_quietly (path);
  return fd;
}

struct _DaybookBlobReader
{
  EVP_CIPHER_CTX *ctx;
  guint8 header[DAYBOOK_BLOB_HEADER_LEN];
  guint64 size;   /* the original's */
  guint64 stored; /* with the padding */
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
  guint32 version;
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

  /* The version decides the stored size; the rest of the header must be
   * exactly what the row expects (and is authenticated with each chunk). */
  if (!pread_full (self->fd, self->header, sizeof self->header, 0))
    return (damaged (error), NULL);
  version = (guint32)self->header[16] | (guint32)self->header[17] << 8
            | (guint32)self->header[18] << 16 | (guint32)self->header[19] << 24;
  if (version != VERSION_PLAIN && version != VERSION_PADDED)
    return (damaged (error), NULL);
  self->stored = stored_size (version, size);
  make_header (expected, version, self->stored, id);
  if (fstat (self->fd, &st) != 0 || !S_ISREG (st.st_mode)
      || (guint64)st.st_size != file_size (self->stored)
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

/* Reads and authenticates stored chunk @seq, padding included. */
static gssize
open_chunk (DaybookBlobReader *self, guint64 seq, guint8 *buffer, GError **error)
{
  guint64 n = count_chunks (self->stored);
  guint64 offset;
  gsize len;
  guint8 nonce[12];
  int out;

  if (seq >= n)
    return (damaged (error), -1);
  len = chunk_len (self->stored, seq);
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

/**
 * _daybook_blob_reader_read:
 * @buffer: DAYBOOK_BLOB_BUFFER_LEN bytes
 *
 * Reads and authenticates chunk @seq of the original.
 *
 * Returns: the chunk's length, or -1 with @error set
 */
gssize
_daybook_blob_reader_read (DaybookBlobReader *self, guint64 seq, guint8 *buffer, GError **error)
{
  gssize stored_len;
  gsize len;

  if (seq >= count_chunks (self->size))
    return (damaged (error), -1);
  stored_len = open_chunk (self, seq, buffer, error);
  if (stored_len < 0)
    return -1;
  /* What follows the original in its last chunk is padding: zeros. */
  len = chunk_len (self->size, seq);
  if ((gsize)stored_len < len || !sodium_is_zero (buffer + len, (gsize)stored_len - len))
    {
      sodium_memzero (buffer, (gsize)stored_len);
      return (damaged (error), -1);
    }
  return (gssize)len;
}

/**
 * _daybook_blob_reader_check_padding:
 *
 * Authenticates the chunks after the original's last, which hold only
 * padding and which _daybook_blob_reader_read() never reads: for
 * verification.
 */
gboolean
_daybook_blob_reader_check_padding (DaybookBlobReader *self, GError **error)
{
  g_autofree guint8 *buffer = NULL;

  if (count_chunks (self->stored) <= count_chunks (self->size))
    return TRUE;
  buffer = g_malloc (DAYBOOK_BLOB_BUFFER_LEN);
  for (guint64 seq = count_chunks (self->size); seq < count_chunks (self->stored); seq++)
    {
      gssize len = open_chunk (self, seq, buffer, error);

      if (len < 0)
        return FALSE;
      if (!sodium_is_zero (buffer, (gsize)len))
        {
          sodium_memzero (buffer, DAYBOOK_BLOB_BUFFER_LEN);
          return damaged (error);
        }
    }
  return TRUE;
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
