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
#include <glib/gi18n-lib.h>
#include <openssl/evp.h>

#include "daybook-attachment-private.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"

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
  sqlite3 *db;
  sqlite3_stmt *insert; /* NULL: hash only */
  gint64 id;
  DaybookImportProgress progress;
  gpointer user_data;
  GCancellable *cancellable;
} Pass;

/* Reads the whole file from the start, hashing, and storing if asked. */
static gboolean
read_pass (Source *src, Pass *pass, guint8 sha256[32], GError **error)
{
  g_autofree guint8 *buf = g_malloc (DAYBOOK_ATTACHMENT_CHUNK_SIZE);
  g_auto (DaybookMdCtx) md = EVP_MD_CTX_new ();
  guint64 total = 0;
  gint64 seq = 0;
  gssize n;

  if (md == NULL || EVP_DigestInit_ex (md, EVP_sha256 (), NULL) != 1)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("The cryptography library could not start."));
      return FALSE;
    }
  if (lseek (src->fd, 0, SEEK_SET) != 0)
    return open_error (src, errno, error);

  while ((n = read_chunk (src->fd, buf, DAYBOOK_ATTACHMENT_CHUNK_SIZE)) > 0)
    {
      EVP_DigestUpdate (md, buf, n);
      total += n;
      if (total > (guint64)src->st.st_size)
        return changed_error (src, error);
      if (pass->insert != NULL)
        {
          sqlite3_reset (pass->insert);
          sqlite3_bind_int64 (pass->insert, 1, pass->id);
          sqlite3_bind_int64 (pass->insert, 2, seq);
          sqlite3_bind_blob (pass->insert, 3, buf, (int)n, SQLITE_STATIC);
          if (!_daybook_sql_step_done (pass->db, pass->insert, error))
            return FALSE;
        }
      seq++;
      if (pass->progress != NULL)
        pass->progress (total, src->st.st_size, pass->user_data);
      if (g_cancellable_set_error_if_cancelled (pass->cancellable, error))
        return FALSE;
      if (n < DAYBOOK_ATTACHMENT_CHUNK_SIZE)
        break;
    }
  if (n < 0)
    return open_error (src, errno, error);

  EVP_DigestFinal_ex (md, sha256, NULL);
  return check_unchanged (src, total, error);
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

static gboolean
insert_row (DaybookDiary *diary, Source *src, gint64 now, gint64 *id, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) serial_stmt
      = _daybook_sql_prepare (db, "SELECT coalesce(max(serial), 0) + 1 FROM attachments", error);
  g_auto (DaybookStmt) stmt = NULL;
  g_autofree char *mark = NULL;
  guint serial;

  if (serial_stmt == NULL || sqlite3_step (serial_stmt) != SQLITE_ROW)
    return serial_stmt != NULL ? _daybook_sql_error (db, sqlite3_errcode (db), error) : FALSE;
  serial = (guint)sqlite3_column_int64 (serial_stmt, 0);
  mark = _daybook_attachment_make_mark (diary, serial);

  stmt = _daybook_sql_prepare (
      db,
      "INSERT INTO attachments (serial, mark, filename, media_type, size, sha256,"
      " mtime, imported_at, updated_at, revision, description, metadata)"
      " VALUES (?, ?, ?, ?, ?, zeroblob(32), ?, ?, ?, 1, '', '{}')",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, serial);
  sqlite3_bind_text (stmt, 2, mark, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, src->name, (int)strlen (src->name), SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, src->media_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, src->st.st_size);
  sqlite3_bind_int64 (stmt, 6, src->st.st_mtim.tv_sec);
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!_daybook_sql_step_done (db, stmt, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (db);
  return TRUE;
}

static gboolean
finish_row (DaybookDiary *diary, gint64 id, const guint8 sha256[32], Source *src, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookExtracted) found = { 0 };
  g_auto (DaybookStmt) stmt = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *metadata = NULL;

  /* Read from the stored copy: the metadata describes exactly the bytes
   * that were hashed, and the original is not opened again. */
  _daybook_extract_metadata (diary, id, src->media_type, src->st.st_size, &found);
  node = json_node_init_object (json_node_alloc (), found.metadata);
  metadata = json_to_string (node, FALSE);

  stmt = _daybook_sql_prepare (
      db,
      "UPDATE attachments SET sha256 = ?, metadata = ?, taken_at = ?, thumbnail = ?"
      " WHERE id = ?",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, sha256, 32, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, metadata, -1, SQLITE_STATIC);
  if (found.taken_at != 0)
    sqlite3_bind_int64 (stmt, 3, found.taken_at);
  if (found.thumbnail != NULL)
    sqlite3_bind_blob (stmt, 4, g_bytes_get_data (found.thumbnail, NULL),
                       (int)g_bytes_get_size (found.thumbnail), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, id);
  return _daybook_sql_step_done (db, stmt, error);
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

static gboolean
import_locked (DaybookDiary *diary, Source *src, gint64 number, Pass *pass, gint64 *id,
               gboolean *already, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_auto (DaybookStmt) insert = NULL;
  gboolean added;
  guint8 sha256[32];

  pass->db = db;
  *already = FALSE;

  /* Hashing first costs a second read, so only when a stored file has
   * the same size and might hold the same bytes. */
  if (same_size_exists (db, src->st.st_size))
    {
      if (!read_pass (src, pass, sha256, error) || !find_by_hash (db, sha256, id, error))
        return FALSE;
      if (*id != 0)
        {
          *already = TRUE;
          return link_existing (diary, *id, number, now, error);
        }
    }

  insert = _daybook_sql_prepare (
      db, "INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES (?, ?, ?)", error);
  if (insert == NULL || !insert_row (diary, src, now, id, error))
    return FALSE;
  if (number > 0 && !_daybook_attachment_add_link (diary, *id, number, &added, error))
    return FALSE;

  pass->insert = insert;
  pass->id = *id;
  return read_pass (src, pass, sha256, error) && finish_row (diary, *id, sha256, src, error)
         && _daybook_attachment_record (diary, *id, "create", now, error);
}

static DaybookAttachment *import_source (DaybookDiary *diary, Source *src, gint64 number,
                                         DaybookImportProgress progress, gpointer user_data,
                                         GCancellable *cancellable, gboolean *already_stored,
                                         GError **error);

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
  return import_source (diary, &src, number, progress, user_data, cancellable, already_stored,
                        error);
}

/* Imports from @src, already open and checked; shared with
 * _daybook_attachment_import_fd(). */
static DaybookAttachment *
import_source (DaybookDiary *diary, Source *src, gint64 number, DaybookImportProgress progress,
               gpointer user_data, GCancellable *cancellable, gboolean *already_stored,
               GError **error)
{
  Pass pass = { NULL, NULL, 0, progress, user_data, cancellable };
  gboolean already = FALSE, ok = FALSE;
  gint64 id = 0;

  _daybook_diary_lock (diary);
  if (_daybook_diary_check_open (diary, error) && _daybook_diary_begin (diary, error))
    {
      if (import_locked (diary, src, number, &pass, &id, &already, error))
        ok = _daybook_diary_commit (diary, error);
      else
        _daybook_diary_rollback (diary);
    }
  _daybook_diary_unlock (diary);

  if (!ok)
    return NULL;
  if (already_stored != NULL)
    *already_stored = already;
  _daybook_diary_emit_changed (diary);
  return daybook_diary_get_attachment (diary, id, error);
}

/* Imports the regular file (or sealed memfd) @fd, taking it over, as if
 * it were a file called @name: for bytes that never were a file, such as
 * a pasted screenshot (daybook-attachment-memory.c). */
DaybookAttachment *
_daybook_attachment_import_fd (DaybookDiary *diary, int fd, const char *name, gint64 number,
                               DaybookImportProgress progress, gpointer user_data,
                               GCancellable *cancellable, gboolean *already_stored, GError **error)
{
  g_auto (Source) src = { -1 };

  src.fd = fd;
  src.display = g_filename_display_name (name);
  src.name = g_strdup (name);
  if (fstat (src.fd, &src.st) != 0)
    return (open_error (&src, errno, error), NULL);
  guess_media_type (&src);
  return import_source (diary, &src, number, progress, user_data, cancellable, already_stored,
                        error);
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
