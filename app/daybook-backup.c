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
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-keyfile.h"

/*
 * A backup is one file holding the diary exactly as it is on disk —
 * still encrypted, never a plaintext byte — little-endian:
 *
 *   header    magic "DAYBOOK-BACKUP\0\0" (16) | version u32 | created u64 |
 *             diary id (16) | entries u32 | attachments u32 |
 *             key file length u32 | database length u64          (64 bytes)
 *   key file  the `keys` file as it was
 *   database  `diary.db`: a consistent snapshot of the committed state
 *   trailer   SHA-256 of everything before it
 *
 * The snapshot is taken through a second connection that holds a read
 * transaction right after a full checkpoint: SQLite then cannot write to the
 * main file until we are done, so its bytes can be streamed as they are
 * while the diary stays usable (new changes wait in the write-ahead log).
 */

#define MAGIC        "DAYBOOK-BACKUP\0\0"
#define MAGIC_LEN    16
#define VERSION      1
#define HEADER_LEN   64
#define TRAILER_LEN  32
#define CHUNK        (1 << 20)
#define MAX_KEYFILE  4096

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
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint64
get_u64 (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v |= (guint64) p[i] << (8 * i);
  return v;
}

/* Writes @data, adding it to @hash when there is one. */
static gboolean
write_hashed (int           fd,
              const guint8 *data,
              gsize         len,
              EVP_MD_CTX   *hash)
{
  if (hash != NULL)
    EVP_DigestUpdate (hash, data, len);
  return daybook_write_full (fd, data, len);
}

static guint
count_rows (sqlite3    *db,
            const char *sql)
{
  g_auto(DaybookStmt) stmt = _daybook_sql_prepare (db, sql, NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
}

/* A second connection with a read transaction open on a checkpointed file. */
static sqlite3 *
open_snapshot (DaybookDiary *self,
               GError      **error)
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

static gboolean
write_backup (DaybookDiary *self,
              int           out,
              GCancellable *cancellable,
              GError      **error)
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
  guint64 left;
  gsize bin_len;
  int in = -1;
  gboolean ok = FALSE;

  EVP_DigestInit_ex (hash, EVP_sha256 (), NULL);

  if (!g_file_get_contents (keys_path, &keys, &keys_len, NULL) || keys_len > MAX_KEYFILE)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED, _("The diary's key file could not be read."));
      goto out;
    }

  reader = open_snapshot (self, error);
  if (reader == NULL)
    goto out;

  in = open (db_path, O_RDONLY | O_CLOEXEC);
  if (in < 0 || fstat (in, &st) != 0)
    {
      daybook_set_io_error (error, errno, _("Could not read the diary"));
      goto out;
    }

  memcpy (header, MAGIC, MAGIC_LEN);
  put_u32 (header + 16, VERSION);
  put_u64 (header + 20, g_get_real_time () / G_USEC_PER_SEC);
  sodium_hex2bin (header + 28, 16, id_hex, strlen (id_hex), NULL, &bin_len, NULL);
  put_u32 (header + 44, count_rows (reader, "SELECT count(*) FROM incidents WHERE deleted_at IS NULL"));
  if (count_rows (reader, "SELECT count(*) FROM sqlite_master WHERE name = 'attachments'") > 0)
    put_u32 (header + 48, count_rows (reader, "SELECT count(*) FROM attachments"));
  put_u32 (header + 52, (guint32) keys_len);
  put_u64 (header + 56, (guint64) st.st_size);

  if (!write_hashed (out, header, sizeof header, hash) || !write_hashed (out, (guint8 *) keys, keys_len, hash))
    goto io_error;

  for (left = (guint64) st.st_size; left > 0;)
    {
      gssize n = daybook_read_full (in, buf, MIN (left, CHUNK));

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (n <= 0)
        {
          daybook_set_io_error (error, n < 0 ? errno : EIO, _("Could not read the diary"));
          goto out;
        }
      if (!write_hashed (out, buf, (gsize) n, hash))
        goto io_error;
      left -= (guint64) n;
    }

  EVP_DigestFinal_ex (hash, digest, NULL);
  if (!write_hashed (out, digest, sizeof digest, NULL) || fsync (out) != 0)
    goto io_error;

  ok = TRUE;
  goto out;

io_error:
  daybook_set_io_error (error, errno, _("Could not write the backup"));
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

/**
 * daybook_diary_backup:
 * @path: the backup file to write
 * @overwrite: replace @path if it exists
 *
 * Writes a backup of the open diary: its encrypted database and key file in
 * one file, with a checksum over all of it. Memory use does not depend on
 * the diary's size. The file appears under @path only when complete; on any
 * failure (a full disk, a removed USB stick) nothing is left behind and the
 * diary is untouched.
 */
gboolean
daybook_diary_backup (DaybookDiary *self,
                      const char   *path,
                      gboolean      overwrite,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.part-XXXXXX", path);
  g_autofree char *folder = g_path_get_dirname (path);
  gboolean ok;
  int fd;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _("%s already exists. Choose another name, or replace it on purpose."), path);
      return FALSE;
    }
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _("The folder %s is not there. If it is on a USB stick, plug it in and try again."), folder);
      return FALSE;
    }

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      daybook_set_io_error (error, errno, _("Could not write the backup"));
      return FALSE;
    }

  _daybook_diary_lock (self);
  ok = _daybook_diary_check_open (self, error) && write_backup (self, fd, cancellable, error);
  _daybook_diary_unlock (self);

  if (close (fd) != 0 && ok)
    {
      daybook_set_io_error (error, errno, _("Could not write the backup"));
      ok = FALSE;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      daybook_set_io_error (error, errno, _("Could not write the backup"));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      return FALSE;
    }
  return daybook_fsync_dir (folder, error);
}

static void
backup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean overwrite = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "overwrite"));

  if (daybook_diary_backup (source, task_data, overwrite, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
daybook_diary_backup_async (DaybookDiary        *self,
                            const char          *path,
                            gboolean             overwrite,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, daybook_diary_backup_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_object_set_data (G_OBJECT (task), "overwrite", GINT_TO_POINTER (overwrite));
  g_task_run_in_thread (task, backup_thread);
}

gboolean
daybook_diary_backup_finish (DaybookDiary *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
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
daybook_diary_backup_to_folder (DaybookDiary *self,
                                const char   *folder,
                                guint         keep,
                                GCancellable *cancellable,
                                GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("daybook-%s.dbk", stamp);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (now));
  g_autofree char *id = daybook_diary_dup_id (self);
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
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
bad_backup (GError    **error,
            const char *path)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
               _("%s is damaged or incomplete; it cannot be restored. Try another backup."), path);
  return FALSE;
}

/**
 * daybook_backup_read_info:
 *
 * Reads a backup's header, without the passphrase and without checking the
 * whole file.
 */
gboolean
daybook_backup_read_info (const char        *path,
                          DaybookBackupInfo *info,
                          GError           **error)
{
  guint8 header[HEADER_LEN];
  gssize n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      daybook_set_io_error (error, errno, _("Could not open the backup"));
      return FALSE;
    }
  n = daybook_read_full (fd, header, sizeof header);
  close (fd);

  if (n != HEADER_LEN || memcmp (header, MAGIC, MAGIC_LEN) != 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, _("%s is not a Daybook backup."), path);
      return FALSE;
    }

  info->version = get_u32 (header + 16);
  if (info->version != VERSION)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _("%s was made by a different version of Daybook (backup format %u); this version reads format %d."),
                   path, info->version, VERSION);
      return FALSE;
    }
  info->created_at = (gint64) get_u64 (header + 20);
  sodium_bin2hex (info->diary_id, sizeof info->diary_id, header + 28, 16);
  info->n_entries = get_u32 (header + 44);
  info->n_attachments = get_u32 (header + 48);
  return TRUE;
}

/* Pass one: the whole file against its checksum, and the key file against
 * the passphrase. Nothing is written until both hold. */
static DaybookKeyfile *
check_backup (int                  fd,
              const char          *path,
              const DaybookSecret *passphrase,
              guint32             *keys_len_out,
              guint64             *db_len,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autofree guint8 *buf = g_malloc (CHUNK);
  g_autoptr(DaybookKeyfile) keyfile = NULL;
  g_autoptr(DaybookSecret) master = NULL;
  guint8 header[HEADER_LEN], digest[32], stored[32], keys[MAX_KEYFILE];
  EVP_MD_CTX *hash = EVP_MD_CTX_new ();
  guint32 keys_len;
  guint64 left;
  struct stat st;
  gboolean intact = FALSE;

  EVP_DigestInit_ex (hash, EVP_sha256 (), NULL);
  if (fstat (fd, &st) != 0 || daybook_read_full (fd, header, HEADER_LEN) != HEADER_LEN)
    goto out;
  keys_len = get_u32 (header + 52);
  *keys_len_out = keys_len;
  *db_len = get_u64 (header + 56);
  if (keys_len == 0 || keys_len > MAX_KEYFILE
      || (guint64) st.st_size != HEADER_LEN + keys_len + *db_len + TRAILER_LEN)
    goto out;
  if (daybook_read_full (fd, keys, keys_len) != (gssize) keys_len)
    goto out;
  EVP_DigestUpdate (hash, header, HEADER_LEN);
  EVP_DigestUpdate (hash, keys, keys_len);

  for (left = *db_len; left > 0;)
    {
      gssize n = daybook_read_full (fd, buf, MIN (left, CHUNK));

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          EVP_MD_CTX_free (hash);
          return NULL;
        }
      if (n <= 0)
        goto out;
      EVP_DigestUpdate (hash, buf, (gsize) n);
      left -= (guint64) n;
    }
  EVP_DigestFinal_ex (hash, digest, NULL);
  intact = daybook_read_full (fd, stored, sizeof stored) == sizeof stored && memcmp (digest, stored, 32) == 0;

out:
  EVP_MD_CTX_free (hash);
  if (!intact)
    {
      bad_backup (error, path);
      return NULL;
    }

  keyfile = daybook_keyfile_parse (keys, keys_len, NULL);
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
copy_database (int           fd,
               guint64       db_len,
               const char   *dest,
               GCancellable *cancellable,
               GError      **error)
{
  g_autofree guint8 *buf = g_malloc (CHUNK);
  g_autofree char *tmp = g_strdup_printf ("%s.part-XXXXXX", dest);
  guint64 left;
  int out = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);

  if (out < 0)
    {
      daybook_set_io_error (error, errno, _("Could not write the restored diary"));
      return FALSE;
    }

  for (left = db_len; left > 0;)
    {
      gssize n = daybook_read_full (fd, buf, MIN (left, CHUNK));

      if (n <= 0 || g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (!write_hashed (out, buf, (gsize) n, NULL))
        {
          daybook_set_io_error (error, errno, _("Could not write the restored diary"));
          goto fail;
        }
      left -= (guint64) n;
    }
  if (fsync (out) != 0 || close (out) != 0 || g_rename (tmp, dest) != 0)
    {
      daybook_set_io_error (error, errno, _("Could not write the restored diary"));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;

fail:
  if (error != NULL && *error == NULL)
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED, _("The backup changed while it was being restored."));
  close (out);
  g_unlink (tmp);
  return FALSE;
}

static gboolean
dir_is_empty (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);

  return d == NULL || g_dir_read_name (d) == NULL;
}

static void
remove_restored (const char *dir)
{
  const char *names[] = { "diary.db", "diary.db-wal", "diary.db-shm", "keys", "keys.bak", ".trackerignore", ".nomedia" };

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
 * Restores a backup. The whole file is checked and the passphrase proved
 * before anything is written; only a new or empty folder is accepted, so no
 * diary is ever overwritten. Afterwards the restored diary is opened and
 * verified; if that fails, what was written is removed again.
 */
gboolean
daybook_backup_restore (const char          *path,
                        const char          *dir,
                        const DaybookSecret *passphrase,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_autoptr(DaybookKeyfile) keyfile = NULL;
  g_autoptr(DaybookDiary) diary = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *db_path = g_build_filename (dir, "diary.db", NULL);
  DaybookBackupInfo info;
  guint64 db_len;
  guint32 keys_len;
  gboolean created = FALSE;
  int fd;

  if (!daybook_backup_read_info (path, &info, error))
    return FALSE;

  if (g_file_test (dir, G_FILE_TEST_EXISTS) && (!g_file_test (dir, G_FILE_TEST_IS_DIR) || !dir_is_empty (dir)))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _("%s is not empty. Restore into a new or empty folder: Daybook never restores over anything."), dir);
      return FALSE;
    }

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      daybook_set_io_error (error, errno, _("Could not open the backup"));
      return FALSE;
    }

  keyfile = check_backup (fd, path, passphrase, &keys_len, &db_len, cancellable, error);
  if (keyfile == NULL)
    goto fail;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          daybook_set_io_error (error, errno, _("Could not create the folder to restore into"));
          goto fail;
        }
      created = TRUE;
    }

  if (lseek (fd, HEADER_LEN + keys_len, SEEK_SET) < 0
      || !copy_database (fd, db_len, db_path, cancellable, error)
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
                   _("The restored diary does not verify (%s). Try another backup."), (char *) problems->pdata[0]);
      goto undo;
    }
  daybook_diary_close (diary);
  return TRUE;

undo:
  if (diary != NULL)
    daybook_diary_close (diary);
  remove_restored (dir);
  if (created)
    g_rmdir (dir);
fail:
  if (fd >= 0)
    close (fd);
  return FALSE;
}
