/* daybook-backup.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-backup"

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

#include "daybook-backup.h"
#include "daybook-attachment-private.h"
#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-exports.h"
#include "daybook-fileutil.h"
#include "daybook-keyfile.h"
#include "daybook-seal.h"
#include "daybook-verify.h"

/*
 * A backup is one file holding the diary exactly as it is on disk —
 * still encrypted, never a plaintext byte — little-endian:
 *
 *   header    magic "DAYBOOK-BACKUP\0\0" (16) | version u32 | created u64 |
 *             diary id (16) | entries u32 | attachments u32 |
 *             key file length u32 | database length u64          (64 bytes)
 *   key file  the `keys` file as it was
 *   database  `diary.db`: a consistent snapshot of the committed state
 *   evidence  count u32, then for each evidence file a row of the snapshot
 *             names: name (16 bytes, the hex decoded) | length u64 |
 *             the file as it is on disk (still sealed under its own key)
 *   trailer   SHA-256 of everything before it
 *
 * Format 1, from before evidence files, has no evidence section.
 *
 * The snapshot is taken through a second connection that holds a read
 * transaction right after a full checkpoint: SQLite then cannot write to the
 * main file until we are done, so its bytes can be streamed as they are
 * while the diary stays usable (new changes wait in the write-ahead log).
 * Evidence files never change once written, so the ones the snapshot names
 * can be streamed too; one whose row is committed but which still has its
 * `.part` name (see daybook-blob.c) is read under that name.
 */

#define MAGIC "DAYBOOK-BACKUP\0\0"
#define MAGIC_LEN 16
#define VERSION 2
#define HEADER_LEN 64
#define ENTRY_LEN 24 /* an evidence file's name and length */
#define TRAILER_LEN 32
#define CHUNK (1 << 20)
#define MAX_KEYFILE 4096

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

static guint32
get_u32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32)p[3] << 24);
}

static guint64
get_u64 (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v |= (guint64)p[i] << (8 * i);
  return v;
}

/* Writes @data, adding it to @hash when there is one. */
static gboolean
write_hashed (int fd, const guint8 *data, gsize len, EVP_MD_CTX *hash)
{
  if (hash != NULL)
    EVP_DigestUpdate (hash, data, len);
  return daybook_write_full (fd, data, len);
}

static guint
count_rows (sqlite3 *db, const char *sql)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, sql, NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? (guint)sqlite3_column_int64 (stmt, 0)
                                                           : 0;
}

/* A second connection with a read transaction open on a checkpointed file. */
static sqlite3 *
open_snapshot (DaybookDiary *self, GError **error)
{
  g_autofree char *path = g_build_filename (daybook_diary_get_dir (self), "diary.db", NULL);
  sqlite3 *db = _daybook_diary_get_db (self);
  sqlite3 *reader = NULL;
  int log = 0, done = 0;
  int rc;

  rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
  if (rc != SQLITE_OK || log != done)
    {
      if (rc == SQLITE_OK)
        rc = SQLITE_BUSY;
      _daybook_sql_error (db, rc, error);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &reader, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = _daybook_diary_key_connection (self, reader);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (reader, "BEGIN; SELECT count(*) FROM sqlite_master;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _daybook_sql_error (reader, rc, error);
      sqlite3_close (reader);
      return NULL;
    }
  return reader;
}

/* Streams @len bytes from @in to the backup. */
static gboolean
stream_hashed (int in, guint64 len, int out, EVP_MD_CTX *hash, guint8 *buf,
               GCancellable *cancellable, GError **error)
{
  guint64 left;

  for (left = len; left > 0;)
    {
      gssize n = daybook_read_full (in, buf, MIN (left, CHUNK));

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (n <= 0)
        {
          daybook_set_io_error (error, n < 0 ? errno : EIO, _ ("Could not read the diary"));
          return FALSE;
        }
      if (!write_hashed (out, buf, (gsize)n, hash))
        {
          daybook_set_io_error (error, errno, _ ("Could not write the backup"));
          return FALSE;
        }
      left -= (guint64)n;
    }
  return TRUE;
}

static gboolean
write_evidence_file (const char *diary_dir, const char *name, int out, EVP_MD_CTX *hash,
                     guint8 *buf, GCancellable *cancellable, GError **error)
{
  guint8 entry[ENTRY_LEN];
  struct stat st;
  gboolean ok = FALSE;
  int in, saved_errno;

  if (!_daybook_blob_name_is_valid (name)
      || sodium_hex2bin (entry, 16, name, DAYBOOK_BLOB_NAME_LEN, NULL, NULL, NULL) != 0)
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
          _ ("No backup was made because the diary names an evidence file that cannot exist; "
             "run “daybook-cli verify”."));
      return FALSE;
    }

  in = _daybook_blob_open_stored (diary_dir, name);
  saved_errno = errno;
  if (in < 0)
    {
      if (saved_errno == ENOENT)
        g_set_error (
            error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
            _ ("No backup was made because the stored copy of an exhibit, evidence/%s, is missing "
               "from the diary folder."),
            name);
      else
        daybook_set_io_error (error, saved_errno, _ ("Could not read the diary"));
      return FALSE;
    }

  if (fstat (in, &st) != 0)
    daybook_set_io_error (error, errno, _ ("Could not read the diary"));
  else if (!S_ISREG (st.st_mode))
    daybook_set_io_error (error, EINVAL, _ ("Could not read the diary"));
  else
    {
      put_u64 (entry + 16, (guint64)st.st_size);
      if (!write_hashed (out, entry, sizeof entry, hash))
        daybook_set_io_error (error, errno, _ ("Could not write the backup"));
      else
        ok = stream_hashed (in, (guint64)st.st_size, out, hash, buf, cancellable, error);
    }
  close (in);
  return ok;
}

static gboolean
write_evidence (DaybookDiary *self, sqlite3 *reader, int out, EVP_MD_CTX *hash, guint8 *buf,
                GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray) names = _daybook_attachments_list_blobs (reader, "main", error);
  guint8 count[4];

  if (names == NULL)
    return FALSE;
  put_u32 (count, names->len);
  if (!write_hashed (out, count, sizeof count, hash))
    {
      daybook_set_io_error (error, errno, _ ("Could not write the backup"));
      return FALSE;
    }
  for (guint i = 0; i < names->len; i++)
    if (!write_evidence_file (daybook_diary_get_dir (self), names->pdata[i], out, hash, buf,
                              cancellable, error))
      return FALSE;
  return TRUE;
}

static gboolean
write_backup (DaybookDiary *self, int out, GCancellable *cancellable, GError **error)
{
  g_autofree char *db_path = g_build_filename (daybook_diary_get_dir (self), "diary.db", NULL);
  g_autofree char *keys_path = g_build_filename (daybook_diary_get_dir (self), "keys", NULL);
  g_autofree char *keys = NULL;
  g_autofree guint8 *buf = g_malloc (CHUNK);
  g_autofree char *id_hex = daybook_diary_dup_id (self);
  EVP_MD_CTX *hash = EVP_MD_CTX_new ();
  guint8 header[HEADER_LEN] = { 0 };
  guint8 digest[32];
  gsize keys_len = 0;
  sqlite3 *reader = NULL;
  struct stat st;
  gsize bin_len;
  int in = -1;
  gboolean ok = FALSE;

  EVP_DigestInit_ex (hash, EVP_sha256 (), NULL);

  if (!g_file_get_contents (keys_path, &keys, &keys_len, NULL) || keys_len > MAX_KEYFILE)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("The diary's key file could not be read."));
      goto out;
    }

  reader = open_snapshot (self, error);
  if (reader == NULL)
    goto out;

  in = open (db_path, O_RDONLY | O_CLOEXEC);
  if (in < 0 || fstat (in, &st) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not read the diary"));
      goto out;
    }

  memcpy (header, MAGIC, MAGIC_LEN);
  put_u32 (header + 16, VERSION);
  put_u64 (header + 20, g_get_real_time () / G_USEC_PER_SEC);
  sodium_hex2bin (header + 28, 16, id_hex, strlen (id_hex), NULL, &bin_len, NULL);
  put_u32 (header + 44,
           count_rows (reader, "SELECT count(*) FROM incidents WHERE deleted_at IS NULL"));
  if (count_rows (reader, "SELECT count(*) FROM sqlite_master WHERE name = 'attachments'") > 0)
    put_u32 (header + 48, count_rows (reader, "SELECT count(*) FROM attachments"));
  put_u32 (header + 52, (guint32)keys_len);
  put_u64 (header + 56, (guint64)st.st_size);

  if (!write_hashed (out, header, sizeof header, hash)
      || !write_hashed (out, (guint8 *)keys, keys_len, hash))
    goto io_error;

  if (!stream_hashed (in, (guint64)st.st_size, out, hash, buf, cancellable, error)
      || !write_evidence (self, reader, out, hash, buf, cancellable, error))
    goto out;

  EVP_DigestFinal_ex (hash, digest, NULL);
  if (!write_hashed (out, digest, sizeof digest, NULL) || fsync (out) != 0)
    goto io_error;

  ok = TRUE;
  goto out;

io_error:
  daybook_set_io_error (error, errno, _ ("Could not write the backup"));
out:
  if (in >= 0)
    close (in);
  if (reader != NULL)
    {
      sqlite3_exec (reader, "COMMIT", NULL, NULL, NULL);
      sqlite3_close (reader);
    }
  EVP_MD_CTX_free (hash);
  return ok;
}

/* The register names the backup by its file name and keeps the head and
 * length it holds, never its contents. */
static gboolean
register_backup (DaybookDiary *self, const char *path, const char *head, gint64 length,
                 GError **error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *selection = NULL;
  JsonBuilder *b;

  if (daybook_diary_is_read_only (self))
    return TRUE;
  b = daybook_export_selection_new (NULL, NULL, daybook_diary_count_incidents (self));
  json_builder_end_object (b);
  selection = daybook_export_selection_finish (b);
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_free (name);
      name = g_filename_display_name (path);
    }
  if (!daybook_diary_register_export (self, DAYBOOK_EXPORT_BACKUP, name, head, length, selection,
                                      error))
    {
      g_prefix_error (error, _ ("The backup %s was written, but the diary could not record it: "),
                      path);
      return FALSE;
    }
  return TRUE;
}

/**
 * daybook_diary_backup:
 * @path: the backup file to write
 * @overwrite: replace @path if it exists
 *
 * Writes a backup of the open diary: its encrypted database, key file and
 * evidence files in one file, with a checksum over all of it. Memory use does not depend on
 * the diary's size. The file appears under @path only when complete; on any
 * failure (a full disk, a removed USB stick) nothing is left behind and the
 * diary is untouched.
 */
gboolean
daybook_diary_backup (DaybookDiary *self, const char *path, gboolean overwrite,
                      GCancellable *cancellable, GError **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.part-XXXXXX", path);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *head = NULL;
  gint64 length = 0;
  gboolean ok;
  int fd;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _ ("%s already exists. Choose another name, or replace it on purpose."), path);
      return FALSE;
    }
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
          _ ("The folder %s is not there. If it is on a USB stick, plug it in and try again."),
          folder);
      return FALSE;
    }

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the backup"));
      return FALSE;
    }

  _daybook_diary_lock (self);
  ok = _daybook_diary_check_open (self, error)
       && daybook_diary_get_tip (self, &head, &length, error)
       && write_backup (self, fd, cancellable, error);
  _daybook_diary_unlock (self);

  if (close (fd) != 0 && ok)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the backup"));
      ok = FALSE;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the backup"));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      return FALSE;
    }
  return daybook_fsync_dir (folder, error) && register_backup (self, path, head, length, error);
}

static void
backup_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean overwrite = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "overwrite"));

  if (daybook_diary_backup (source, task_data, overwrite, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
daybook_diary_backup_async (DaybookDiary *self, const char *path, gboolean overwrite,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, daybook_diary_backup_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_object_set_data (G_OBJECT (task), "overwrite", GINT_TO_POINTER (overwrite));
  g_task_run_in_thread (task, backup_thread);
}

gboolean
daybook_diary_backup_finish (DaybookDiary *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char **)a, *(char **)b);
}

/**
 * daybook_diary_backup_to_folder:
 * @folder: where the user keeps backups (a USB stick, say)
 * @keep: how many of this diary's backups to keep there (at least 1)
 *
 * Writes `daybook-YYYY-MM-DD-HHMMSS.dbk` into @folder, records the time of
 * the last backup in the diary, and removes this diary's oldest backups
 * beyond @keep — only once the new one is safely written.
 *
 * Returns: (transfer full) (nullable): the new backup's path
 */
char *
daybook_diary_backup_to_folder (DaybookDiary *self, const char *folder, guint keep,
                                GCancellable *cancellable, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("daybook-%s.dbk", stamp);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (now));
  g_autofree char *id = daybook_diary_dup_id (self);
  g_autoptr (GPtrArray) mine = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = NULL;
  const char *keys[] = { DAYBOOK_SETTING_LAST_BACKUP, NULL };
  const char *values[] = { when, NULL };
  const char *entry;

  if (!daybook_diary_backup (self, path, FALSE, cancellable, error)
      || !daybook_diary_set_settings (self, keys, values, error))
    return NULL;

  dir = g_dir_open (folder, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *other = g_build_filename (folder, entry, NULL);
      DaybookBackupInfo info;

      if (g_str_has_prefix (entry, "daybook-") && g_str_has_suffix (entry, ".dbk")
          && daybook_backup_read_info (other, &info, NULL) && strcmp (info.diary_id, id) == 0)
        g_ptr_array_add (mine, g_steal_pointer (&other));
    }
  g_ptr_array_sort (mine, compare_names);
  for (guint i = 0; i + MAX (keep, 1) < mine->len; i++)
    g_unlink (mine->pdata[i]);

  return g_steal_pointer (&path);
}

static gboolean
bad_backup (GError **error, const char *path)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
               _ ("%s is damaged or incomplete; it cannot be restored. Try another backup."), path);
  return FALSE;
}

/**
 * daybook_backup_read_info:
 *
 * Reads a backup's header, without the passphrase and without checking the
 * whole file.
 */
gboolean
daybook_backup_read_info (const char *path, DaybookBackupInfo *info, GError **error)
{
  guint8 header[HEADER_LEN];
  gssize n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not open the backup"));
      return FALSE;
    }
  n = daybook_read_full (fd, header, sizeof header);
  close (fd);

  if (n != HEADER_LEN || memcmp (header, MAGIC, MAGIC_LEN) != 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, _ ("%s is not a Daybook backup."),
                   path);
      return FALSE;
    }

  info->version = get_u32 (header + 16);
  if (info->version < 1 || info->version > VERSION)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("%s was made by a different version of Daybook (backup format %u); this "
                      "version reads formats 1 to %d."),
                   path, info->version, VERSION);
      return FALSE;
    }
  info->created_at = (gint64)get_u64 (header + 20);
  sodium_bin2hex (info->diary_id, sizeof info->diary_id, header + 28, 16);
  info->n_entries = get_u32 (header + 44);
  info->n_attachments = get_u32 (header + 48);
  return TRUE;
}

/* Where the parts of a backup are, from its header. */
typedef struct
{
  guint32 version;
  guint32 keys_len;
  guint64 db_len;
} Layout;

/* Reads @len bytes of the backup into @hash. Fails without an error when
 * the file ends first, and with one when cancelled. */
static gboolean
hash_bytes (int fd, guint64 len, EVP_MD_CTX *hash, guint8 *buf, GCancellable *cancellable,
            GError **error)
{
  guint64 left;

  for (left = len; left > 0;)
    {
      gssize n = daybook_read_full (fd, buf, MIN (left, CHUNK));

      if (g_cancellable_set_error_if_cancelled (cancellable, error) || n <= 0)
        return FALSE;
      EVP_DigestUpdate (hash, buf, (gsize)n);
      left -= (guint64)n;
    }
  return TRUE;
}

/* The evidence section, from @pos: every file's name, length and bytes
 * must fit before the trailer at @end, and together end right there. */
static gboolean
hash_evidence (int fd, guint64 pos, guint64 end, EVP_MD_CTX *hash, guint8 *buf,
               GCancellable *cancellable, GError **error)
{
  guint8 count[4];
  guint32 n;

  if (end - pos < sizeof count || daybook_read_full (fd, count, sizeof count) != sizeof count)
    return FALSE;
  EVP_DigestUpdate (hash, count, sizeof count);
  pos += sizeof count;
  n = get_u32 (count);

  for (guint32 i = 0; i < n; i++)
    {
      guint8 entry[ENTRY_LEN];
      guint64 len;

      if (end - pos < ENTRY_LEN || daybook_read_full (fd, entry, ENTRY_LEN) != ENTRY_LEN)
        return FALSE;
      EVP_DigestUpdate (hash, entry, ENTRY_LEN);
      pos += ENTRY_LEN;
      len = get_u64 (entry + 16);
      if (len > end - pos || !hash_bytes (fd, len, hash, buf, cancellable, error))
        return FALSE;
      pos += len;
    }
  return pos == end;
}

/* Pass one: the whole file against its checksum, and the key file against
 * the passphrase. Nothing is written until both hold. */
static DaybookKeyfile *
check_backup (int fd, const char *path, const DaybookSecret *passphrase, Layout *layout,
              GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *buf = g_malloc (CHUNK);
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookSecret) master = NULL;
  g_autoptr (GError) local_error = NULL;
  guint8 header[HEADER_LEN], digest[32], stored[32], keys[MAX_KEYFILE];
  EVP_MD_CTX *hash = EVP_MD_CTX_new ();
  guint64 size, end;
  struct stat st;
  gboolean intact = FALSE;

  EVP_DigestInit_ex (hash, EVP_sha256 (), NULL);
  if (fstat (fd, &st) != 0 || daybook_read_full (fd, header, HEADER_LEN) != HEADER_LEN)
    goto out;
  layout->version = get_u32 (header + 16);
  layout->keys_len = get_u32 (header + 52);
  layout->db_len = get_u64 (header + 56);
  size = (guint64)st.st_size;
  if (layout->version < 1 || layout->version > VERSION || layout->keys_len == 0
      || layout->keys_len > MAX_KEYFILE || size < HEADER_LEN + layout->keys_len + TRAILER_LEN
      || layout->db_len > size - (HEADER_LEN + layout->keys_len + TRAILER_LEN))
    goto out;
  end = size - TRAILER_LEN;
  if (layout->version == 1 && HEADER_LEN + layout->keys_len + layout->db_len != end)
    goto out;
  if (daybook_read_full (fd, keys, layout->keys_len) != (gssize)layout->keys_len)
    goto out;
  EVP_DigestUpdate (hash, header, HEADER_LEN);
  EVP_DigestUpdate (hash, keys, layout->keys_len);

  if (!hash_bytes (fd, layout->db_len, hash, buf, cancellable, &local_error)
      || (layout->version >= 2
          && !hash_evidence (fd, HEADER_LEN + layout->keys_len + layout->db_len, end, hash, buf,
                             cancellable, &local_error)))
    goto out;
  EVP_DigestFinal_ex (hash, digest, NULL);
  intact = daybook_read_full (fd, stored, sizeof stored) == sizeof stored
           && memcmp (digest, stored, 32) == 0;

out:
  EVP_MD_CTX_free (hash);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!intact)
    {
      bad_backup (error, path);
      return NULL;
    }

  keyfile = daybook_keyfile_parse (keys, layout->keys_len, NULL);
  if (keyfile == NULL || memcmp (daybook_keyfile_get_diary_id (keyfile), header + 28, 16) != 0)
    {
      bad_backup (error, path);
      return NULL;
    }
  master = daybook_keyfile_unwrap (keyfile, DAYBOOK_SLOT_PASSPHRASE, passphrase, error);
  if (master == NULL)
    return NULL;
  return g_steal_pointer (&keyfile);
}

static gboolean
backup_changed (GError **error)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
               _ ("The backup changed while it was being restored."));
  return FALSE;
}

/* Pass two copies what pass one checked: the file ending early means it
 * changed in between. */
static gboolean
copy_out (int fd, guint64 len, int out, guint8 *buf, GCancellable *cancellable, GError **error)
{
  guint64 left;

  for (left = len; left > 0;)
    {
      gssize n = daybook_read_full (fd, buf, MIN (left, CHUNK));

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (n <= 0)
        return backup_changed (error);
      if (!daybook_write_full (out, buf, (gsize)n))
        {
          daybook_set_io_error (error, errno, _ ("Could not write the restored diary"));
          return FALSE;
        }
      left -= (guint64)n;
    }
  return TRUE;
}

static gboolean
copy_database (int fd, guint64 db_len, const char *dest, GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *buf = g_malloc (CHUNK);
  g_autofree char *tmp = g_strdup_printf ("%s.part-XXXXXX", dest);
  int out = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);

  if (out < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the restored diary"));
      return FALSE;
    }

  if (!copy_out (fd, db_len, out, buf, cancellable, error))
    {
      close (out);
      g_unlink (tmp);
      return FALSE;
    }
  if (fsync (out) != 0 || close (out) != 0 || g_rename (tmp, dest) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the restored diary"));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

/* Writes one evidence file, recording its name in @written once the file
 * is ours to remove again. */
static gboolean
restore_evidence_file (int fd, const char *folder, GPtrArray *written, guint8 *buf,
                       GCancellable *cancellable, GError **error)
{
  guint8 entry[ENTRY_LEN];
  char name[DAYBOOK_BLOB_NAME_LEN + 1];
  g_autofree char *path = NULL;
  int out;

  if (daybook_read_full (fd, entry, ENTRY_LEN) != ENTRY_LEN)
    return backup_changed (error);
  sodium_bin2hex (name, sizeof name, entry, 16);
  if (!_daybook_blob_name_is_valid (name))
    return backup_changed (error);

  path = g_build_filename (folder, name, NULL);
  out = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (out < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the restored diary"));
      return FALSE;
    }
  g_ptr_array_add (written, g_strdup (name));

  if (!copy_out (fd, get_u64 (entry + 16), out, buf, cancellable, error))
    {
      close (out);
      return FALSE;
    }
  if (fsync (out) != 0 || close (out) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the restored diary"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
restore_evidence (int fd, const char *dir, GPtrArray *written, GCancellable *cancellable,
                  GError **error)
{
  g_autofree char *folder = g_build_filename (dir, DAYBOOK_BLOB_DIR, NULL);
  g_autofree guint8 *buf = NULL;
  guint8 count[4];
  guint32 n;

  if (daybook_read_full (fd, count, sizeof count) != sizeof count)
    return backup_changed (error);
  n = get_u32 (count);
  if (n == 0)
    return TRUE;

  if (g_mkdir (folder, 0700) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the restored diary"));
      return FALSE;
    }
  buf = g_malloc (CHUNK);
  for (guint32 i = 0; i < n; i++)
    if (!restore_evidence_file (fd, folder, written, buf, cancellable, error))
      return FALSE;
  return daybook_fsync_dir (folder, error);
}

static gboolean
dir_is_empty (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);

  return d == NULL || g_dir_read_name (d) == NULL;
}

/* Removes what a restore wrote: @evidence names the evidence files. */
static void
remove_restored (const char *dir, GPtrArray *evidence)
{
  const char *names[] = { "diary.db", "diary.db-wal",    "diary.db-shm",   "keys",
                          "keys.bak", DAYBOOK_SEAL_FILE, ".trackerignore", ".nomedia" };
  g_autofree char *folder = g_build_filename (dir, DAYBOOK_BLOB_DIR, NULL);

  for (guint i = 0; i < evidence->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, evidence->pdata[i], NULL);
      g_unlink (path);
    }
  g_rmdir (folder); /* only if nothing else is in it */

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
}

/**
 * daybook_backup_restore:
 * @dir: a new or empty folder to restore into
 * @passphrase: the passphrase the diary had when the backup was made
 *
 * Restores a backup: the key file, the database and the evidence files.
 * The whole file is checked and the passphrase proved before anything is
 * written; only a new or empty folder is accepted, so no diary is ever
 * overwritten. Afterwards the restored diary is opened and verified; if
 * that fails, what was written is removed again.
 */
gboolean
daybook_backup_restore (const char *path, const char *dir, const DaybookSecret *passphrase,
                        GCancellable *cancellable, GError **error)
{
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) evidence = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *db_path = g_build_filename (dir, "diary.db", NULL);
  DaybookBackupInfo info;
  Layout layout;
  gboolean created = FALSE;
  int fd;

  if (!daybook_backup_read_info (path, &info, error))
    return FALSE;

  if (g_file_test (dir, G_FILE_TEST_EXISTS)
      && (!g_file_test (dir, G_FILE_TEST_IS_DIR) || !dir_is_empty (dir)))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _ ("%s is not empty. Restore into a new or empty folder: Daybook never restores "
                      "over anything."),
                   dir);
      return FALSE;
    }

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not open the backup"));
      return FALSE;
    }

  keyfile = check_backup (fd, path, passphrase, &layout, cancellable, error);
  if (keyfile == NULL)
    goto fail;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          daybook_set_io_error (error, errno, _ ("Could not create the folder to restore into"));
          goto fail;
        }
      created = TRUE;
    }

  if (lseek (fd, HEADER_LEN + layout.keys_len, SEEK_SET) < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not read the backup"));
      goto undo;
    }
  /* The key file last: until it is there, the folder is no diary. */
  if (!copy_database (fd, layout.db_len, db_path, cancellable, error)
      || (layout.version >= 2 && !restore_evidence (fd, dir, evidence, cancellable, error))
      || !daybook_keyfile_store (keyfile, dir, error))
    goto undo;
  close (fd);
  fd = -1;

  diary = daybook_diary_open (dir, passphrase, error);
  if (diary == NULL || !daybook_diary_verify (diary, &problems, error))
    goto undo;
  if (problems->len > 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   _ ("The restored diary does not verify (%s). Try another backup."),
                   (char *)problems->pdata[0]);
      goto undo;
    }
  daybook_diary_close (diary);
  return TRUE;

undo:
  if (diary != NULL)
    daybook_diary_close (diary);
  remove_restored (dir, evidence);
  if (created)
    g_rmdir (dir);
fail:
  if (fd >= 0)
    close (fd);
  return FALSE;
}
