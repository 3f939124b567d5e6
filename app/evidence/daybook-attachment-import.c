/* daybook-attachment-import.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* renameat2, O_NOATIME */
#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "daybook-i18n.h"
#include <openssl/evp.h>

#include "daybook-attachment-private.h"
#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-parse-client.h"

/*
 * Importing a file: one pass over the original, in chunks, hashing each
 * chunk with libcrypto as it goes into the database, so memory stays at
 * one chunk whatever the size. Everything happens in one transaction
 * (a savepoint inside a batch): a failure, a cancel or a crash leaves no
 * trace of the attachment. The original is opened read-only and never
 * changed; if it changes while being read, the import is refused.
 */

typedef struct
{
  int fd;
  struct stat st;
  char *display; /* the path as the user gave it, for messages */
  char *name;    /* the base name's bytes */
  char *media_type;
} Source;

static void
source_clear (Source *src)
{
  if (src->fd >= 0)
    close (src->fd);
  g_free (src->display);
  g_free (src->name);
  g_free (src->media_type);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

typedef G_GNUC_UNUSED EVP_MD_CTX *DaybookMdCtx;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (DaybookMdCtx, EVP_MD_CTX_free, NULL)

static int
open_readonly (const char *path)
{
  /* O_NOATIME leaves even the access time alone, where we may use it;
   * O_NONBLOCK keeps a FIFO from hanging the open. */
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  int fd = open (path, flags | O_NOATIME);

  if (fd < 0 && errno == EPERM)
    fd = open (path, flags);
  return fd;
}

static gboolean
open_error (Source *src, int saved_errno, GError **error)
{
  if (saved_errno == ENOENT || saved_errno == ENOTDIR)
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND, _ ("There is no file %s."),
                 src->display);
  else if (saved_errno == EACCES || saved_errno == EPERM)
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                 _ ("%s cannot be read: permission denied."), src->display);
  else
    {
      g_autofree char *what = g_strdup_printf (_ ("Could not read %s"), src->display);

      daybook_set_io_error (error, saved_errno, what);
    }
  return FALSE;
}

static void
guess_media_type (Source *src)
{
  guint8 head[4096];
  ssize_t n = pread (src->fd, head, sizeof head, 0);
  g_autofree char *type
      = g_content_type_guess (src->name, n > 0 ? head : NULL, n > 0 ? n : 0, NULL);

  src->media_type = type != NULL ? g_content_type_get_mime_type (type) : NULL;
  if (src->media_type == NULL)
    src->media_type = g_strdup ("application/octet-stream");
}

static gboolean
open_source (const char *path, Source *src, GError **error)
{
  src->fd = -1;
  src->display = g_filename_display_name (path);
  src->name = g_path_get_basename (path);

  if ((src->fd = open_readonly (path)) < 0 || fstat (src->fd, &src->st) != 0)
    return open_error (src, errno, error);
  if (S_ISDIR (src->st.st_mode))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("%s is a folder, not a file. Attach the files inside it instead."),
                   src->display);
      return FALSE;
    }
  if (!S_ISREG (src->st.st_mode))
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
          _ ("%s is not an ordinary file (a device, pipe or socket) and cannot be attached."),
          src->display);
      return FALSE;
    }
  fcntl (src->fd, F_SETFL, fcntl (src->fd, F_GETFL) & ~O_NONBLOCK);
  posix_fadvise (src->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  guess_media_type (src);
  return TRUE;
}

static gssize
read_chunk (int fd, guint8 *buf, gsize len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = read (fd, buf + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += n;
    }
  return done;
}

static gboolean
changed_error (Source *src, GError **error)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
               _ ("%s changed while it was being read, so it was not attached. Wait until it is "
                  "complete (saved or downloaded), then attach it again."),
               src->display);
  return FALSE;
}

static gboolean
check_unchanged (Source *src, guint64 total, GError **error)
{
  struct stat now;

  if (fstat (src->fd, &now) != 0)
    return open_error (src, errno, error);
  if ((guint64)src->st.st_size != total || now.st_size != src->st.st_size
      || now.st_mtim.tv_sec != src->st.st_mtim.tv_sec
      || now.st_mtim.tv_nsec != src->st.st_mtim.tv_nsec)
    return changed_error (src, error);
  return TRUE;
}

typedef struct
{
  Source *src;
  EVP_MD_CTX *md;
  guint64 total;
  DaybookBlobWriter *writer; /* NULL: hash only */
  DaybookImportProgress progress;
  gpointer user_data;
  GCancellable *cancellable;
} Pass;

/* The first stage: reads the next chunk of the original and hashes it. */
static gboolean
read_next (DaybookSlot *slot, gpointer data, GError **error)
{
  Pass *pass = data;
  guint64 size = pass->src->st.st_size;
  gsize want = MIN (DAYBOOK_ATTACHMENT_CHUNK_SIZE, size - pass->total);
  gssize n = read_chunk (pass->src->fd, slot->data, want);

  if (n < 0)
    return open_error (pass->src, errno, error);
  if ((gsize)n != want)
    return changed_error (pass->src, error);
  EVP_DigestUpdate (pass->md, slot->data, n);
  pass->total += n;
  slot->len = n;
  slot->last = pass->total == size;
  if (pass->progress != NULL)
    pass->progress (pass->total, size, pass->user_data);
  return !g_cancellable_set_error_if_cancelled (pass->cancellable, error);
}

/* The second stage, on the other core: encrypts and writes it. */
static gboolean
store_next (DaybookSlot *slot, gpointer data, GError **error)
{
  Pass *pass = data;

  return _daybook_blob_writer_add (pass->writer, slot->data, slot->len, error);
}

/* Reads the whole file from the start, hashing it, and storing it in
 * pass->writer if there is one. */
static gboolean
read_pass (Pass *pass, guint8 sha256[32], GError **error)
{
  g_auto (DaybookMdCtx) md = EVP_MD_CTX_new ();
  gboolean ok;

  if (md == NULL || EVP_DigestInit_ex (md, EVP_sha256 (), NULL) != 1)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("The cryptography library could not start."));
      return FALSE;
    }
  if (lseek (pass->src->fd, 0, SEEK_SET) != 0)
    return open_error (pass->src, errno, error);
  pass->md = md;
  pass->total = 0;

  if (pass->writer != NULL)
    ok = _daybook_pipeline_run (read_next, store_next, pass, error);
  else
    {
      g_autofree guint8 *buf = g_malloc (DAYBOOK_BLOB_BUFFER_LEN);
      DaybookSlot slot = { buf, 0, 0, FALSE };

      while ((ok = read_next (&slot, pass, error)) && !slot.last)
        ;
    }
  pass->md = NULL;
  if (!ok)
    return FALSE;

  EVP_DigestFinal_ex (md, sha256, NULL);
  return check_unchanged (pass->src, pass->total, error);
}

/* An attachment with these bytes already stored, or 0. */
static gboolean
find_by_hash (sqlite3 *db, const guint8 sha256[32], gint64 *id, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT id FROM attachments WHERE sha256 = ? AND deleted_at IS NULL ORDER BY id LIMIT 1",
      error);
  int rc;

  *id = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, sha256, 32, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}

static gboolean
same_size_exists (sqlite3 *db, gint64 size)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT 1 FROM attachments WHERE size = ? AND deleted_at IS NULL LIMIT 1", NULL);

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, size);
  return sqlite3_step (stmt) != SQLITE_DONE;
}

/* What is known of a stored copy before its row is written. */
typedef struct
{
  guint8 sha256[32];
  const char *blob;
  const DaybookSecret *key;
  DaybookExtracted found;
  gboolean handed;   /* to the diary, which publishes or removes it */
  gboolean unsynced; /* written in a batch, flushed with the others before its COMMIT */
} Stored;

static gboolean
insert_row (DaybookDiary *diary, Source *src, Stored *stored, gint64 now, gint64 *id,
            GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) serial_stmt
      = _daybook_sql_prepare (db, "SELECT coalesce(max(serial), 0) + 1 FROM attachments", error);
  g_auto (DaybookStmt) stmt = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *metadata = NULL;
  g_autofree char *mark = NULL;
  guint serial;

  if (serial_stmt == NULL || sqlite3_step (serial_stmt) != SQLITE_ROW)
    return serial_stmt != NULL ? _daybook_sql_error (db, sqlite3_errcode (db), error) : FALSE;
  serial = (guint)sqlite3_column_int64 (serial_stmt, 0);
  mark = _daybook_attachment_make_mark (diary, serial);
  node = json_node_init_object (json_node_alloc (), stored->found.metadata);
  metadata = json_to_string (node, FALSE);

  stmt = _daybook_sql_prepare (
      db,
      "INSERT INTO attachments (serial, mark, filename, media_type, size, sha256,"
      " mtime, imported_at, updated_at, revision, description, metadata, taken_at, thumbnail,"
      " blob, blob_key)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '', ?, ?, ?, ?, ?)",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, serial);
  sqlite3_bind_text (stmt, 2, mark, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, src->name, (int)strlen (src->name), SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, src->media_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, src->st.st_size);
  sqlite3_bind_blob (stmt, 6, stored->sha256, 32, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, src->st.st_mtim.tv_sec);
  sqlite3_bind_int64 (stmt, 8, now);
  sqlite3_bind_int64 (stmt, 9, now);
  sqlite3_bind_text (stmt, 10, metadata, -1, SQLITE_STATIC);
  if (stored->found.taken_at != 0)
    sqlite3_bind_int64 (stmt, 11, stored->found.taken_at);
  if (stored->found.thumbnail != NULL)
    sqlite3_bind_blob (stmt, 12, g_bytes_get_data (stored->found.thumbnail, NULL),
                       (int)g_bytes_get_size (stored->found.thumbnail), SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, stored->blob, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 14, daybook_secret_peek (stored->key),
                     (int)daybook_secret_get_size (stored->key), SQLITE_STATIC);
  if (!_daybook_sql_step_done (db, stmt, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (db);
  return TRUE;
}

/* Same bytes as attachment @id: link it instead of storing a copy. */
static gboolean
link_existing (DaybookDiary *diary, gint64 id, gint64 number, gint64 now, GError **error)
{
  g_autoptr (DaybookAttachment) existing = NULL;
  gboolean added = FALSE;
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt = NULL;

  if (number <= 0)
    return TRUE;
  if (!_daybook_attachment_add_link (diary, id, number, &added, error))
    return FALSE;
  if (!added)
    return TRUE;
  stmt = _daybook_sql_prepare (
      db, "UPDATE attachments SET revision = revision + 1, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, id);
  return _daybook_sql_step_done (db, stmt, error)
         && _daybook_attachment_record (diary, id, "edit", now, error);
}

/* Links the attachment holding @sha256's bytes, if there is one. */
static gboolean
link_if_stored (DaybookDiary *diary, const guint8 sha256[32], gint64 number, gint64 now, gint64 *id,
                GError **error)
{
  return find_by_hash (_daybook_diary_get_db (diary), sha256, id, error)
         && (*id == 0 || link_existing (diary, *id, number, now, error));
}

/* Holding the lock, in a transaction: records the stored copy, unless
 * the same bytes arrived meanwhile. */
static gboolean
record_stored (DaybookDiary *diary, Source *src, Stored *stored, gint64 number, gint64 *id,
               gboolean *already, GError **error)
{
  gint64 now = _daybook_chain_now ();
  gboolean added;

  if (!link_if_stored (diary, stored->sha256, number, now, id, error))
    return FALSE;
  if (*id != 0)
    {
      *already = TRUE;
      return TRUE;
    }
  if (!insert_row (diary, src, stored, now, id, error)
      || (number > 0 && !_daybook_attachment_add_link (diary, *id, number, &added, error))
      || !_daybook_attachment_record (diary, *id, "create", now, error))
    return FALSE;
  if (stored->unsynced)
    _daybook_diary_add_unsynced_blob (diary, stored->blob);
  else
    _daybook_diary_add_blob (diary, stored->blob);
  stored->handed = TRUE;
  return TRUE;
}

/* Runs @step holding the diary's lock, in a transaction of its own. */
static gboolean
in_transaction (DaybookDiary *diary, gboolean (*step) (DaybookDiary *, gpointer, GError **),
                gpointer data, GError **error)
{
  gboolean ok = FALSE;

  _daybook_diary_lock (diary);
  if (_daybook_diary_check_open (diary, error) && _daybook_diary_begin (diary, error))
    {
      if (step (diary, data, error))
        ok = _daybook_diary_commit (diary, error);
      else
        _daybook_diary_rollback (diary);
    }
  _daybook_diary_unlock (diary);
  return ok;
}

typedef struct
{
  Source *src;
  Stored *stored; /* NULL: only link stored bytes */
  guint8 sha256[32];
  gint64 number;
  gint64 id;
  gboolean already;
} Import;

static gboolean
import_step (DaybookDiary *diary, gpointer data, GError **error)
{
  Import *import = data;

  if (import->stored == NULL)
    {
      gint64 now = _daybook_chain_now ();

      if (!link_if_stored (diary, import->sha256, import->number, now, &import->id, error))
        return FALSE;
      import->already = import->id != 0;
      return TRUE;
    }
  return record_stored (diary, import->src, import->stored, import->number, &import->id,
                        &import->already, error);
}

static DaybookAttachment *import_source (DaybookDiary *diary, Source *src, gint64 number,
                                         gboolean parse, DaybookImportProgress progress,
                                         gpointer user_data, GCancellable *cancellable,
                                         gboolean *already_stored, GError **error);

/**
 * daybook_diary_import_attachment:
 * @path: the file to attach, in the file system's encoding
 * @number: the entry to link it to, or 0 to add it unlinked to the
 *   evidence list
 * @progress: (nullable) (scope call): told after each chunk
 * @already_stored: (out) (optional): set when the same bytes were already
 *   in the diary: then that attachment is linked and returned, not copied
 *
 * Copies @path into the diary. Blocking and possibly long (a large video):
 * run it in a thread; the diary stays locked for other threads meanwhile.
 *
 * Returns: (transfer full) (nullable): the attachment, with its mark
 */
DaybookAttachment *
daybook_diary_import_attachment (DaybookDiary *diary, const char *path, gint64 number,
                                 DaybookImportProgress progress, gpointer user_data,
                                 GCancellable *cancellable, gboolean *already_stored,
                                 GError **error)
{
  g_auto (Source) src = { -1 };

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (path[0] == '\0')
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, _ ("The file name is empty."));
      return NULL;
    }
  if (!open_source (path, &src, error))
    return NULL;
  return import_source (diary, &src, number, TRUE, progress, user_data, cancellable, already_stored,
                        error);
}

/* Imports from @src, already open and checked; shared with
 * _daybook_attachment_import_fd().
 *
 * The original is copied into a new evidence file while the diary stays
 * usable, then one short transaction records it: a failure, a cancel or a
 * crash before the commit leaves no attachment, and its half-written file
 * is removed (daybook-blob.c). */
static DaybookAttachment *
import_source (DaybookDiary *diary, Source *src, gint64 number, gboolean parse,
               DaybookImportProgress progress, gpointer user_data, GCancellable *cancellable,
               gboolean *already_stored, GError **error)
{
  Pass pass = { src, NULL, 0, NULL, progress, user_data, cancellable };
  Import import = { src, NULL, { 0 }, number, 0, FALSE };
  g_autoptr (DaybookBlobWriter) writer = NULL;
  g_autofree char *dir = NULL;
  Stored stored = { { 0 } };
  gboolean same_size = FALSE, ok;

  _daybook_diary_lock (diary);
  if (_daybook_diary_check_open (diary, error))
    {
      if (daybook_diary_is_read_only (diary))
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_READ_ONLY,
                     _ ("This is a hand-over bundle: it can be read, but not changed."));
      else
        {
          dir = g_strdup (daybook_diary_get_dir (diary));
          same_size = same_size_exists (_daybook_diary_get_db (diary), src->st.st_size);
        }
    }
  _daybook_diary_unlock (diary);
  if (dir == NULL)
    return NULL;

  /* Hashing first costs a second read, so only when a stored file has
   * the same size and might hold the same bytes. */
  if (same_size)
    {
      if (!read_pass (&pass, import.sha256, error)
          || !in_transaction (diary, import_step, &import, error))
        return NULL;
    }

  if (import.id == 0)
    {
      DaybookBlobReader *reader;

      /* In a batch (an import of many files) the files are flushed to
       * the disk together before its COMMIT, not one by one: a sync
       * costs milliseconds whatever the file's size. */
      stored.unsynced = _daybook_diary_in_batch (diary);
      writer = _daybook_blob_writer_new (dir, src->st.st_size, error);
      pass.writer = writer;
      if (writer == NULL || !read_pass (&pass, stored.sha256, error)
          || !(stored.unsynced ? _daybook_blob_writer_finish_unsynced (writer, error)
                               : _daybook_blob_writer_finish (writer, error)))
        return NULL;

      /* Read from the stored copy: the metadata describes exactly the
       * bytes that were hashed, and the original is not opened again. */
      stored.blob = _daybook_blob_writer_get_name (writer);
      stored.key = _daybook_blob_writer_get_key (writer);
      reader = _daybook_blob_reader_new (dir, stored.blob, daybook_secret_peek (stored.key),
                                         DAYBOOK_BLOB_KEY_LEN, src->st.st_size, error);
      if (reader == NULL)
        {
          _daybook_blob_discard (dir, stored.blob);
          return NULL;
        }
      if (parse)
        _daybook_extract_metadata (_daybook_content_new_for_blob (diary, reader, src->st.st_size),
                                   src->media_type, &stored.found);
      else
        {
          _daybook_blob_reader_free (reader);
          stored.found.metadata = json_object_new ();
        }

      import.stored = &stored;
      ok = in_transaction (diary, import_step, &import, error);
      _daybook_extracted_clear (&stored.found);
      /* Not recorded, or the same bytes were recorded meanwhile. Once
       * its row was written the diary decides: a COMMIT that failed
       * unclearly leaves the file for the next open (daybook-diary.c). */
      if ((!ok && !stored.handed) || import.already)
        _daybook_blob_discard (dir, stored.blob);
      if (!ok)
        return NULL;
    }

  if (already_stored != NULL)
    *already_stored = import.already;
  _daybook_diary_emit_changed (diary);
  return daybook_diary_get_attachment (diary, import.id, error);
}

/* Imports the regular file (or sealed memfd) @fd, taking it over, as if
 * it were a file called @name: for bytes that never were a file, such as
 * a pasted screenshot (daybook-attachment-memory.c). @parse: FALSE leaves
 * its metadata empty, without starting the helper. */
DaybookAttachment *
_daybook_attachment_import_fd (DaybookDiary *diary, int fd, const char *name, gint64 number,
                               gboolean parse, DaybookImportProgress progress, gpointer user_data,
                               GCancellable *cancellable, gboolean *already_stored, GError **error)
{
  g_auto (Source) src = { -1 };

  src.fd = fd;
  src.display = g_filename_display_name (name);
  src.name = g_strdup (name);
  if (fstat (src.fd, &src.st) != 0)
    return (open_error (&src, errno, error), NULL);
  guess_media_type (&src);
  return import_source (diary, &src, number, parse, progress, user_data, cancellable,
                        already_stored, error);
}

typedef struct
{
  char *path;
  gint64 number;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
import_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;
  DaybookAttachment *attachment = daybook_diary_import_attachment (
      source, data->path, data->number, NULL, NULL, cancellable, NULL, &error);

  if (attachment == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, attachment, g_object_unref);
}

/**
 * daybook_diary_import_attachment_async:
 *
 * Imports @path in a worker thread; see daybook_diary_import_attachment().
 */
void
daybook_diary_import_attachment_async (DaybookDiary *diary, const char *path, gint64 number,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (diary, cancellable, callback, user_data);
  ImportData *data = g_new0 (ImportData, 1);

  g_return_if_fail (DAYBOOK_IS_DIARY (diary));

  data->path = g_strdup (path);
  data->number = number;
  g_task_set_source_tag (task, daybook_diary_import_attachment_async);
  g_task_set_task_data (task, data, (GDestroyNotify)import_data_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * daybook_diary_import_attachment_finish:
 *
 * Returns: (transfer full) (nullable): the attachment
 */
DaybookAttachment *
daybook_diary_import_attachment_finish (DaybookDiary *diary, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, diary), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
