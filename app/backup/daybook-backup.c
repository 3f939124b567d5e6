/* daybook-backup.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-backup"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "daybook-i18n.h"
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
 * still encrypted, never a plaintext byte. Format 3, little-endian:
 *
 *   seed      32 random bytes
 *   key file  key file length u32 | the `keys` file as it was, both masked
 *             with an XChaCha20 keystream keyed by the seed
 *   stream    a libsodium secretstream (XChaCha20-Poly1305) under a key
 *             derived from the master key (BACKUP_KEY_ID): its header, then
 *     meta    one message, authenticated together with the seed and the
 *             masked key file: format u32 | created u64 | diary id (16) |
 *             entries u32 | attachments u32 | backup id (16, random) |
 *             database length u64 | length of the whole file u64
 *     body    messages of CHUNK bytes, the last one tagged final, holding
 *             `diary.db` (a consistent snapshot of the committed state),
 *             then the evidence: count u32, and for each evidence file the
 *             snapshot names and that is there, name (16 bytes, the hex
 *             decoded) | length u64 | the file as it is on disk (still
 *             sealed under its own key)
 *
 * The key file has to be readable before the passphrase is known: it is
 * what turns the passphrase into the master key. The mask only keeps its
 * magic and diary id from showing up to `strings`, a file-type guess or a
 * search for the app's name; anyone who knows this format can undo it.
 * Everything else (when, which diary, how many entries and exhibits, how
 * big the database is) needs the passphrase. Only the file's length and
 * the key file's Argon2id settings say anything without it.
 *
 * Formats 1 and 2 (read, no longer written) start with a header in clear:
 *
 *   header    magic "DAYBOOK-BACKUP\0\0" (16) | version u32 | created u64 |
 *             diary id (16) | entries u32 | attachments u32 |
 *             key file length u32 | database length u64          (64 bytes)
 *   key file  the `keys` file as it was
 *   database  `diary.db`
 *   evidence  (format 2) as in format 3's body
 *   trailer   SHA-256 of everything before it
 *
 * The snapshot is taken through a second connection that holds a read
 * transaction right after a full checkpoint: SQLite then cannot write to the
 * main file until we are done, so its bytes can be streamed as they are
 * while the diary stays usable (new changes wait in the write-ahead log).
 * Evidence files never change once written, so the ones the snapshot names
 * can be streamed too; one whose row is committed but which still has its
 * `.part` name (see daybook-blob.c) is read under that name. An evidence
 * file that is gone (deleted outside Daybook) is left out and named to the
 * caller: the rest of the diary is still worth a backup.
 */

#define MAGIC "DAYBOOK-BACKUP\0\0"
#define MAGIC_LEN 16
#define VERSION 3
#define HEADER_LEN 64
#define ENTRY_LEN 24 /* an evidence file's name and length */
#define TRAILER_LEN 32
#define CHUNK (1 << 20)
#define MAX_KEYFILE 4096
#define SEED_LEN 32
#define SS_HEADER_LEN crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define META_LEN 68
#define BACKUP_KEY_ID 4
#define BACKUP_KEY_CONTEXT "dbbackup"
#define MAX_MASKED (4 + MAX_KEYFILE)

G_STATIC_ASSERT (crypto_secretstream_xchacha20poly1305_KEYBYTES == 32);

/* One nonce is enough: every seed is new. */
static const guint8 mask_nonce[crypto_stream_xchacha20_NONCEBYTES] = { 0 };

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

/* What format 3 keeps inside the stream's first message. */
typedef struct
{
  guint32 version;
  gint64 created;
  guint8 diary_id[16];
  guint32 n_entries;
  guint32 n_attachments;
  guint8 backup_id[16];
  guint64 db_len;
  guint64 file_len;
} Meta;

static void
meta_pack (const Meta *m, guint8 out[META_LEN])
{
  put_u32 (out, m->version);
  put_u64 (out + 4, (guint64)m->created);
  memcpy (out + 12, m->diary_id, 16);
  put_u32 (out + 28, m->n_entries);
  put_u32 (out + 32, m->n_attachments);
  memcpy (out + 36, m->backup_id, 16);
  put_u64 (out + 52, m->db_len);
  put_u64 (out + 60, m->file_len);
}

static void
meta_unpack (const guint8 in[META_LEN], Meta *m)
{
  m->version = get_u32 (in);
  m->created = (gint64)get_u64 (in + 4);
  memcpy (m->diary_id, in + 12, 16);
  m->n_entries = get_u32 (in + 28);
  m->n_attachments = get_u32 (in + 32);
  memcpy (m->backup_id, in + 36, 16);
  m->db_len = get_u64 (in + 52);
  m->file_len = get_u64 (in + 60);
}

/* How long the stream's body is once encrypted. */
static guint64
body_cipher_len (guint64 plain)
{
  return plain + (plain / CHUNK + 1) * SS_ABYTES;
}

/* The encrypting writer of the body: whole CHUNKs, then a final message. */
typedef struct
{
  int fd;
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 *plain;
  guint8 *cipher;
  gsize fill;
} Writer;

static gboolean
writer_push (Writer *w, const guint8 *m, gsize len, const guint8 *ad, gsize ad_len, guint8 tag)
{
  unsigned long long clen = 0;

  crypto_secretstream_xchacha20poly1305_push (&w->state, w->cipher, &clen, m, len, ad, ad_len, tag);
  return daybook_write_full (w->fd, w->cipher, (gsize)clen);
}

static gboolean
writer_write (Writer *w, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      gsize n = MIN (len, CHUNK - w->fill);

      memcpy (w->plain + w->fill, data, n);
      w->fill += n;
      data += n;
      len -= n;
      if (w->fill == CHUNK)
        {
          if (!writer_push (w, w->plain, CHUNK, NULL, 0,
                            crypto_secretstream_xchacha20poly1305_TAG_MESSAGE))
            return FALSE;
          w->fill = 0;
        }
    }
  return TRUE;
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

/* Streams @len bytes from @in into the backup. */
static gboolean
stream_in (int in, guint64 len, Writer *w, guint8 *buf, GCancellable *cancellable, GError **error)
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
      if (!writer_write (w, buf, (gsize)n))
        {
          daybook_set_io_error (error, errno, _ ("Could not write the backup"));
          return FALSE;
        }
      left -= (guint64)n;
    }
  return TRUE;
}

/* One evidence file the snapshot names: present with its length, or not. */
typedef struct
{
  char *name;
  guint64 len;
  gboolean present;
} Evidence;

static void
evidence_clear (gpointer data)
{
  g_free (((Evidence *)data)->name);
}

/* Opens @name and checks it is a regular file. Returns -1 with errno. */
static int
open_evidence (const char *diary_dir, const char *name, guint64 *len)
{
  struct stat st;
  int fd = _daybook_blob_open_stored (diary_dir, name);

  if (fd < 0)
    return -1;
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      errno = EINVAL; /* there, but not an evidence file */
      return -1;
    }
  *len = (guint64)st.st_size;
  return fd;
}

/* The evidence files of the snapshot, which are there and how long. */
static GArray *
list_evidence (DaybookDiary *self, sqlite3 *reader, GError **error)
{
  g_autoptr (GPtrArray) names = _daybook_attachments_list_blobs (reader, "main", error);
  g_autoptr (GArray) list = NULL;

  if (names == NULL)
    return NULL;
  list = g_array_sized_new (FALSE, TRUE, sizeof (Evidence), names->len);
  g_array_set_clear_func (list, evidence_clear);
  for (guint i = 0; i < names->len; i++)
    {
      Evidence e = { g_strdup (names->pdata[i]), 0, FALSE };
      int fd;

      g_array_append_val (list, e);
      if (!_daybook_blob_name_is_valid (names->pdata[i]))
        {
          g_set_error (
              error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
              _ ("No backup was made because the diary names an evidence file that cannot exist; "
                 "run “daybook-cli verify”."));
          return NULL;
        }
      fd = open_evidence (daybook_diary_get_dir (self), names->pdata[i],
                          &g_array_index (list, Evidence, i).len);
      if (fd >= 0)
        {
          g_array_index (list, Evidence, i).present = TRUE;
          close (fd);
        }
      else if (errno != ENOENT)
        {
          daybook_set_io_error (error, errno, _ ("Could not read the diary"));
          return NULL;
        }
    }
  return g_steal_pointer (&list);
}

/* "Exhibit AB/3 (attachment 3)" for each evidence file left out. */
static char **
name_missing (sqlite3 *reader, GArray *list)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < list->len; i++)
    {
      Evidence *e = &g_array_index (list, Evidence, i);
      g_auto (DaybookStmt) stmt = NULL;

      if (e->present)
        continue;
      stmt = _daybook_sql_prepare (reader, "SELECT id, mark FROM attachments WHERE blob = ?", NULL);
      if (stmt != NULL)
        sqlite3_bind_text (stmt, 1, e->name, -1, SQLITE_STATIC);
      if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *s = g_strdup_printf (_ ("Exhibit %s (attachment %" PRId64 ")"),
                                                _daybook_sql_text (stmt, 1),
                                                (gint64)sqlite3_column_int64 (stmt, 0));
          g_strv_builder_add (builder, s);
        }
      else
        {
          g_autofree char *s = g_strdup_printf (_ ("The evidence file %s"), e->name);
          g_strv_builder_add (builder, s);
        }
    }
  return g_strv_builder_end (builder);
}

static gboolean
write_evidence (DaybookDiary *self, GArray *list, Writer *w, guint8 *buf, GCancellable *cancellable,
                GError **error)
{
  guint8 count[4];
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    n += g_array_index (list, Evidence, i).present ? 1 : 0;
  put_u32 (count, n);
  if (!writer_write (w, count, sizeof count))
    {
      daybook_set_io_error (error, errno, _ ("Could not write the backup"));
      return FALSE;
    }
  for (guint i = 0; i < list->len; i++)
    {
      Evidence *e = &g_array_index (list, Evidence, i);
      guint8 entry[ENTRY_LEN];
      guint64 len = 0;
      gboolean ok;
      int in;

      if (!e->present)
        continue;
      in = open_evidence (daybook_diary_get_dir (self), e->name, &len);
      if (in < 0 || len != e->len)
        {
          if (in >= 0)
            close (in);
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                       _ ("No backup was made because the evidence file evidence/%s changed "
                          "while it was being backed up. Try again."),
                       e->name);
          return FALSE;
        }
      sodium_hex2bin (entry, 16, e->name, DAYBOOK_BLOB_NAME_LEN, NULL, NULL, NULL);
      put_u64 (entry + 16, e->len);
      if (!writer_write (w, entry, sizeof entry))
        {
          close (in);
          daybook_set_io_error (error, errno, _ ("Could not write the backup"));
          return FALSE;
        }
      ok = stream_in (in, e->len, w, buf, cancellable, error);
      close (in);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static void
backup_key (const DaybookSecret *master, guint8 key[32])
{
  daybook_derive_subkey (master, BACKUP_KEY_ID, BACKUP_KEY_CONTEXT, key, 32);
}

static gboolean
diary_backup_key (DaybookDiary *self, guint8 key[32], GError **error)
{
  return daybook_diary_derive_key (self, BACKUP_KEY_ID, BACKUP_KEY_CONTEXT, key, 32, error);
}

static gboolean
write_backup (DaybookDiary *self, int out, char ***missing, GCancellable *cancellable,
              GError **error)
{
  g_autofree char *db_path = g_build_filename (daybook_diary_get_dir (self), "diary.db", NULL);
  g_autofree char *keys_path = g_build_filename (daybook_diary_get_dir (self), "keys", NULL);
  g_autofree char *keys = NULL;
  g_autofree guint8 *buf = g_malloc (CHUNK);
  g_autofree guint8 *plain = g_malloc (CHUNK);
  g_autofree guint8 *cipher = g_malloc (CHUNK + SS_ABYTES);
  g_autofree char *id_hex = daybook_diary_dup_id (self);
  g_autoptr (GArray) list = NULL;
  guint8 head[SEED_LEN + MAX_MASKED];
  guint8 ss_header[SS_HEADER_LEN];
  guint8 meta_bytes[META_LEN];
  guint8 key[32];
  Writer w = { out, { { 0 } }, plain, cipher, 0 };
  Meta meta = { 0 };
  gsize keys_len = 0, head_len;
  guint64 body = 0;
  sqlite3 *reader = NULL;
  struct stat st;
  int in = -1;
  gboolean ok = FALSE;

  if (!g_file_get_contents (keys_path, &keys, &keys_len, NULL) || keys_len == 0
      || keys_len > MAX_KEYFILE)
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
  list = list_evidence (self, reader, error);
  if (list == NULL)
    goto out;

  /* The seed and the masked key file. */
  randombytes_buf (head, SEED_LEN);
  put_u32 (head + SEED_LEN, (guint32)keys_len);
  memcpy (head + SEED_LEN + 4, keys, keys_len);
  head_len = SEED_LEN + 4 + keys_len;
  crypto_stream_xchacha20_xor (head + SEED_LEN, head + SEED_LEN, 4 + keys_len, mask_nonce, head);

  body = (guint64)st.st_size + 4;
  for (guint i = 0; i < list->len; i++)
    if (g_array_index (list, Evidence, i).present)
      body += ENTRY_LEN + g_array_index (list, Evidence, i).len;

  meta.version = VERSION;
  meta.created = g_get_real_time () / G_USEC_PER_SEC;
  sodium_hex2bin (meta.diary_id, 16, id_hex, strlen (id_hex), NULL, NULL, NULL);
  meta.n_entries = count_rows (reader, "SELECT count(*) FROM incidents WHERE deleted_at IS NULL");
  if (count_rows (reader, "SELECT count(*) FROM sqlite_master WHERE name = 'attachments'") > 0)
    meta.n_attachments = count_rows (reader, "SELECT count(*) FROM attachments");
  randombytes_buf (meta.backup_id, sizeof meta.backup_id);
  meta.db_len = (guint64)st.st_size;
  meta.file_len = head_len + SS_HEADER_LEN + META_LEN + SS_ABYTES + body_cipher_len (body);
  meta_pack (&meta, meta_bytes);

  if (!diary_backup_key (self, key, error))
    goto out;
  crypto_secretstream_xchacha20poly1305_init_push (&w.state, ss_header, key);
  sodium_memzero (key, sizeof key);

  if (!daybook_write_full (out, head, head_len)
      || !daybook_write_full (out, ss_header, sizeof ss_header)
      || !writer_push (&w, meta_bytes, META_LEN, head, head_len,
                       crypto_secretstream_xchacha20poly1305_TAG_MESSAGE))
    goto io_error;

  if (!stream_in (in, (guint64)st.st_size, &w, buf, cancellable, error)
      || !write_evidence (self, list, &w, buf, cancellable, error))
    goto out;

  if (!writer_push (&w, plain, w.fill, NULL, 0, crypto_secretstream_xchacha20poly1305_TAG_FINAL)
      || fsync (out) != 0)
    goto io_error;

  if (missing != NULL)
    *missing = name_missing (reader, list);
  ok = TRUE;
  goto out;

io_error:
  daybook_set_io_error (error, errno, _ ("Could not write the backup"));
out:
  sodium_memzero (&w.state, sizeof w.state);
  if (in >= 0)
    close (in);
  if (reader != NULL)
    {
      sqlite3_exec (reader, "COMMIT", NULL, NULL, NULL);
      sqlite3_close (reader);
    }
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
 * daybook_diary_backup_full:
 * @path: the backup file to write
 * @overwrite: replace @path if it exists
 * @missing: (out) (optional) (transfer full): the exhibits whose stored
 *   copy was missing from the diary folder and so is not in the backup
 *   ("Exhibit AB/3 (attachment 3)"), an empty list when none was
 *
 * Writes a backup of the open diary: its encrypted database, key file and
 * evidence files in one file, encrypted and authenticated again under a
 * key of the diary. Memory use does not depend on the diary's size. The
 * file appears under @path only when complete; on any failure (a full disk,
 * a removed USB stick) nothing is left behind and the diary is untouched.
 */
gboolean
daybook_diary_backup_full (DaybookDiary *self, const char *path, gboolean overwrite,
                           char ***missing, GCancellable *cancellable, GError **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.part-XXXXXX", path);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *head = NULL;
  gint64 length = 0;
  g_auto (GStrv) left_out = NULL;
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
       && write_backup (self, fd, &left_out, cancellable, error);
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
  if (!daybook_fsync_dir (folder, error) || !register_backup (self, path, head, length, error))
    return FALSE;
  if (missing != NULL)
    *missing = g_steal_pointer (&left_out);
  return TRUE;
}

/**
 * daybook_diary_backup:
 *
 * daybook_diary_backup_full() without the list of missing exhibits.
 */
gboolean
daybook_diary_backup (DaybookDiary *self, const char *path, gboolean overwrite,
                      GCancellable *cancellable, GError **error)
{
  return daybook_diary_backup_full (self, path, overwrite, NULL, cancellable, error);
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

static gboolean
bad_backup (GError **error, const char *path)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
               _ ("%s is damaged or incomplete; it cannot be restored. Try another backup."), path);
  return FALSE;
}

/* The start of a format 3 backup: the seed and the masked key file as they
 * are on disk, and the key file unmasked. */
typedef struct
{
  guint8 bytes[SEED_LEN + MAX_MASKED];
  gsize len;
  guint8 keys[MAX_KEYFILE];
  guint32 keys_len;
} Head;

/* Reads it from the start of @fd. Fails, without an error, on anything
 * that cannot be the start of a backup. */
static gboolean
read_head (int fd, Head *h)
{
  guint8 plain[MAX_MASKED];

  if (lseek (fd, 0, SEEK_SET) != 0
      || daybook_read_full (fd, h->bytes, SEED_LEN + 4) != SEED_LEN + 4)
    return FALSE;
  crypto_stream_xchacha20_xor (plain, h->bytes + SEED_LEN, 4, mask_nonce, h->bytes);
  h->keys_len = get_u32 (plain);
  if (h->keys_len == 0 || h->keys_len > MAX_KEYFILE
      || daybook_read_full (fd, h->bytes + SEED_LEN + 4, h->keys_len) != (gssize)h->keys_len)
    return FALSE;
  h->len = SEED_LEN + 4 + h->keys_len;
  crypto_stream_xchacha20_xor (plain, h->bytes + SEED_LEN, 4 + h->keys_len, mask_nonce, h->bytes);
  memcpy (h->keys, plain + 4, h->keys_len);
  sodium_memzero (plain, sizeof plain);
  return TRUE;
}

/* Reads the body of a backup: format 3's decrypted stream, or the bytes of
 * formats 1 and 2 as they are. */
typedef struct
{
  int fd;
  gboolean stream;
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 *cipher;
  guint8 *plain;
  gsize pos, len;
  guint64 left; /* bytes of the file not read yet */
  gboolean final;
} Source;

static void
source_clear (Source *s)
{
  sodium_memzero (&s->state, sizeof s->state);
  g_clear_pointer (&s->cipher, g_free);
  g_clear_pointer (&s->plain, g_free);
}

/* The next message of the stream. */
static gboolean
source_refill (Source *s)
{
  unsigned long long mlen = 0;
  guint8 tag = 0;
  gsize m;

  if (s->final || s->left < SS_ABYTES)
    return FALSE;
  m = (gsize)MIN (s->left, (guint64)CHUNK + SS_ABYTES);
  if (daybook_read_full (s->fd, s->cipher, m) != (gssize)m)
    return FALSE;
  s->left -= m;
  if (crypto_secretstream_xchacha20poly1305_pull (&s->state, s->plain, &mlen, &tag, s->cipher, m,
                                                  NULL, 0)
      != 0)
    return FALSE;
  s->pos = 0;
  s->len = (gsize)mlen;
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    s->final = TRUE;
  else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
    return FALSE;
  /* Nothing may follow the final message, and the file may not end
   * before it. */
  return s->final == (s->left == 0);
}

/* Reads exactly @n bytes; FALSE when the backup ends or fails first. */
static gboolean
source_read (Source *s, guint8 *out, gsize n)
{
  if (!s->stream)
    return daybook_read_full (s->fd, out, n) == (gssize)n;
  while (n > 0)
    {
      gsize k;

      if (s->pos == s->len && !source_refill (s))
        return FALSE;
      k = MIN (n, s->len - s->pos);
      memcpy (out, s->plain + s->pos, k);
      s->pos += k;
      out += k;
      n -= k;
    }
  return TRUE;
}

/* Whether the stream ended exactly here, with its final message. */
static gboolean
source_at_end (Source *s)
{
  while (s->pos == s->len && !s->final)
    if (!source_refill (s))
      return FALSE;
  return s->pos == s->len && s->final && s->left == 0;
}

/* After read_head(): the stream's header and its first message, under
 * @key. Fails without an error when @key is not the one, or the file is
 * not the length it says. */
static gboolean
open_stream (int fd, const Head *h, const guint8 key[32], guint64 file_len, Source *s, Meta *meta)
{
  guint8 header[SS_HEADER_LEN];
  guint8 cipher[META_LEN + SS_ABYTES];
  guint8 plain[META_LEN];
  unsigned long long mlen = 0;
  guint8 tag = 0;
  guint64 prefix = h->len + SS_HEADER_LEN + META_LEN + SS_ABYTES;

  memset (s, 0, sizeof *s);
  s->fd = fd;
  s->stream = TRUE;
  if (file_len < prefix || daybook_read_full (fd, header, sizeof header) != sizeof header
      || crypto_secretstream_xchacha20poly1305_init_pull (&s->state, header, key) != 0
      || daybook_read_full (fd, cipher, sizeof cipher) != sizeof cipher
      || crypto_secretstream_xchacha20poly1305_pull (&s->state, plain, &mlen, &tag, cipher,
                                                     sizeof cipher, h->bytes, h->len)
             != 0
      || mlen != META_LEN || tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
    {
      sodium_memzero (&s->state, sizeof s->state);
      return FALSE;
    }
  meta_unpack (plain, meta);
  if (meta->version != VERSION || meta->file_len != file_len)
    {
      sodium_memzero (&s->state, sizeof s->state);
      return FALSE;
    }
  s->left = file_len - prefix;
  s->cipher = g_malloc (CHUNK + SS_ABYTES);
  s->plain = g_malloc (CHUNK);
  return TRUE;
}

/* Reads @len bytes and drops them. */
static gboolean
skip_bytes (Source *s, guint64 len, guint8 *buf, GCancellable *cancellable, GError **error)
{
  for (guint64 left = len; left > 0;)
    {
      gsize n = (gsize)MIN (left, (guint64)CHUNK);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !source_read (s, buf, n))
        return FALSE;
      left -= n;
    }
  return TRUE;
}

/* Reads a format 3 body to its end: the database, then every evidence
 * file. FALSE without an error when it is damaged, with one if cancelled. */
static gboolean
walk_body (Source *s, guint64 db_len, GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *buf = g_malloc (CHUNK);
  guint8 count[4];
  guint32 n;

  if (!skip_bytes (s, db_len, buf, cancellable, error) || !source_read (s, count, sizeof count))
    return FALSE;
  n = get_u32 (count);
  for (guint32 i = 0; i < n; i++)
    {
      guint8 entry[ENTRY_LEN];
      char name[DAYBOOK_BLOB_NAME_LEN + 1];

      if (!source_read (s, entry, ENTRY_LEN))
        return FALSE;
      sodium_bin2hex (name, sizeof name, entry, 16);
      if (!_daybook_blob_name_is_valid (name)
          || !skip_bytes (s, get_u64 (entry + 16), buf, cancellable, error))
        return FALSE;
    }
  return source_at_end (s);
}

static gboolean
starts_with_magic (int fd)
{
  guint8 magic[MAGIC_LEN];

  return lseek (fd, 0, SEEK_SET) == 0 && daybook_read_full (fd, magic, MAGIC_LEN) == MAGIC_LEN
         && memcmp (magic, MAGIC, MAGIC_LEN) == 0;
}

static void
info_from_meta (const Meta *meta, DaybookBackupInfo *info)
{
  info->version = meta->version;
  info->created_at = meta->created;
  sodium_bin2hex (info->diary_id, sizeof info->diary_id, meta->diary_id, 16);
  info->n_entries = meta->n_entries;
  info->n_attachments = meta->n_attachments;
}

/**
 * daybook_backup_read_info:
 *
 * Reads what a backup says without the passphrase, without checking the
 * whole file. Formats 1 and 2 say when they were made, which diary and
 * how many entries and attachments it had; format 3 says nothing but its
 * format (every other field is zero or empty): the rest needs the
 * passphrase, see daybook_backup_restore_full().
 */
gboolean
daybook_backup_read_info (const char *path, DaybookBackupInfo *info, GError **error)
{
  guint8 header[HEADER_LEN];
  Head head;
  gssize n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  memset (info, 0, sizeof *info);
  if (fd < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not open the backup"));
      return FALSE;
    }
  n = daybook_read_full (fd, header, sizeof header);

  if (n >= MAGIC_LEN && memcmp (header, MAGIC, MAGIC_LEN) != 0)
    {
      g_autoptr (DaybookKeyfile) keyfile = NULL;
      gboolean ok = read_head (fd, &head);

      close (fd);
      if (ok)
        keyfile = daybook_keyfile_parse (head.keys, head.keys_len, NULL);
      if (keyfile == NULL)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("%s is not a Daybook backup, or it is damaged."), path);
          return FALSE;
        }
      info->version = VERSION;
      return TRUE;
    }
  close (fd);

  if (n != HEADER_LEN)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, _ ("%s is not a Daybook backup."),
                   path);
      return FALSE;
    }

  info->version = get_u32 (header + 16);
  if (info->version < 1 || info->version > 2)
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

/* Where the parts of a format 1 or 2 backup are, from its header. */
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

/* A format 1 or 2 backup against its checksum, from the start. Fills
 * @header, @keys and @digest (the trailer). FALSE without an error when it
 * does not hold, with one when cancelled. */
static gboolean
old_intact (int fd, Layout *layout, guint8 header[HEADER_LEN], guint8 keys[MAX_KEYFILE],
            guint8 stored[32], GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *buf = g_malloc (CHUNK);
  guint8 digest[32];
  EVP_MD_CTX *hash = EVP_MD_CTX_new ();
  guint64 size, end;
  struct stat st;
  gboolean intact = FALSE;

  EVP_DigestInit_ex (hash, EVP_sha256 (), NULL);
  if (lseek (fd, 0, SEEK_SET) != 0 || fstat (fd, &st) != 0
      || daybook_read_full (fd, header, HEADER_LEN) != HEADER_LEN
      || memcmp (header, MAGIC, MAGIC_LEN) != 0)
    goto out;
  layout->version = get_u32 (header + 16);
  layout->keys_len = get_u32 (header + 52);
  layout->db_len = get_u64 (header + 56);
  size = (guint64)st.st_size;
  if (layout->version < 1 || layout->version > 2 || layout->keys_len == 0
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

  if (!hash_bytes (fd, layout->db_len, hash, buf, cancellable, error)
      || (layout->version >= 2
          && !hash_evidence (fd, HEADER_LEN + layout->keys_len + layout->db_len, end, hash, buf,
                             cancellable, error)))
    goto out;
  EVP_DigestFinal_ex (hash, digest, NULL);
  intact = daybook_read_full (fd, stored, 32) == 32 && memcmp (digest, stored, 32) == 0;

out:
  EVP_MD_CTX_free (hash);
  return intact;
}

/* What pass one learns for pass two. */
typedef struct
{
  Layout layout;  /* formats 1 and 2 */
  guint8 key[32]; /* format 3: the backup key */
  Meta meta;      /* format 3 */
  DaybookBackupInfo info;
} Checked;

/* Pass one: the whole file against its checksum or its authentication,
 * and the key file against the passphrase. Nothing is written until both
 * hold. */
static DaybookKeyfile *
check_backup (int fd, const char *path, const DaybookSecret *passphrase, Checked *c,
              GCancellable *cancellable, GError **error)
{
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookSecret) master = NULL;
  g_autoptr (GError) local_error = NULL;
  guint8 header[HEADER_LEN], keys[MAX_KEYFILE], stored[32];
  struct stat st;
  Source s = { 0 };
  Head head;
  gboolean ok;

  if (starts_with_magic (fd))
    {
      if (!old_intact (fd, &c->layout, header, keys, stored, cancellable, &local_error))
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            bad_backup (error, path);
          return NULL;
        }
      keyfile = daybook_keyfile_parse (keys, c->layout.keys_len, NULL);
      if (keyfile == NULL || memcmp (daybook_keyfile_get_diary_id (keyfile), header + 28, 16) != 0)
        {
          bad_backup (error, path);
          return NULL;
        }
      master = daybook_keyfile_unwrap (keyfile, DAYBOOK_SLOT_PASSPHRASE, passphrase, error);
      if (master == NULL)
        return NULL;
      c->info.version = c->layout.version;
      c->info.created_at = (gint64)get_u64 (header + 20);
      sodium_bin2hex (c->info.diary_id, sizeof c->info.diary_id, header + 28, 16);
      c->info.n_entries = get_u32 (header + 44);
      c->info.n_attachments = get_u32 (header + 48);
      return g_steal_pointer (&keyfile);
    }

  if (fstat (fd, &st) != 0 || !read_head (fd, &head)
      || (keyfile = daybook_keyfile_parse (head.keys, head.keys_len, NULL)) == NULL)
    {
      bad_backup (error, path);
      return NULL;
    }
  master = daybook_keyfile_unwrap (keyfile, DAYBOOK_SLOT_PASSPHRASE, passphrase, error);
  if (master == NULL)
    return NULL;
  backup_key (master, c->key);
  ok = open_stream (fd, &head, c->key, (guint64)st.st_size, &s, &c->meta)
       && memcmp (c->meta.diary_id, daybook_keyfile_get_diary_id (keyfile), 16) == 0
       && walk_body (&s, c->meta.db_len, cancellable, &local_error);
  source_clear (&s);
  if (!ok)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        bad_backup (error, path);
      return NULL;
    }
  info_from_meta (&c->meta, &c->info);
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
copy_out (Source *s, guint64 len, int out, guint8 *buf, GCancellable *cancellable, GError **error)
{
  guint64 left;

  for (left = len; left > 0;)
    {
      gsize n = (gsize)MIN (left, (guint64)CHUNK);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!source_read (s, buf, n))
        return backup_changed (error);
      if (!daybook_write_full (out, buf, n))
        {
          daybook_set_io_error (error, errno, _ ("Could not write the restored diary"));
          return FALSE;
        }
      left -= n;
    }
  return TRUE;
}

static gboolean
copy_database (Source *s, guint64 db_len, const char *dest, GCancellable *cancellable,
               GError **error)
{
  g_autofree guint8 *buf = g_malloc (CHUNK);
  g_autofree char *tmp = g_strdup_printf ("%s.part-XXXXXX", dest);
  int out = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);

  if (out < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the restored diary"));
      return FALSE;
    }

  if (!copy_out (s, db_len, out, buf, cancellable, error))
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
restore_evidence_file (Source *s, const char *folder, GPtrArray *written, guint8 *buf,
                       GCancellable *cancellable, GError **error)
{
  guint8 entry[ENTRY_LEN];
  char name[DAYBOOK_BLOB_NAME_LEN + 1];
  g_autofree char *path = NULL;
  int out;

  if (!source_read (s, entry, ENTRY_LEN))
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

  if (!copy_out (s, get_u64 (entry + 16), out, buf, cancellable, error))
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
restore_evidence (Source *s, const char *dir, GPtrArray *written, GCancellable *cancellable,
                  GError **error)
{
  g_autofree char *folder = g_build_filename (dir, DAYBOOK_BLOB_DIR, NULL);
  g_autofree guint8 *buf = NULL;
  guint8 count[4];
  guint32 n;

  if (!source_read (s, count, sizeof count))
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
    if (!restore_evidence_file (s, folder, written, buf, cancellable, error))
      return FALSE;
  return daybook_fsync_dir (folder, error);
}

/* Pass two: the database and the evidence files, from where pass one
 * found them. */
static gboolean
copy_body (int fd, const char *dir, const char *db_path, Checked *c, GPtrArray *evidence,
           GCancellable *cancellable, GError **error)
{
  Source s = { 0 };
  gboolean ok;

  if (c->info.version >= 3)
    {
      struct stat st;
      Head head;
      Meta meta;

      if (fstat (fd, &st) != 0 || !read_head (fd, &head)
          || !open_stream (fd, &head, c->key, (guint64)st.st_size, &s, &meta)
          || memcmp (meta.backup_id, c->meta.backup_id, 16) != 0 || meta.db_len != c->meta.db_len)
        {
          source_clear (&s);
          return backup_changed (error);
        }
      ok = copy_database (&s, meta.db_len, db_path, cancellable, error)
           && restore_evidence (&s, dir, evidence, cancellable, error)
           && (source_at_end (&s) || backup_changed (error));
      source_clear (&s);
      return ok;
    }

  s.fd = fd;
  if (lseek (fd, HEADER_LEN + c->layout.keys_len, SEEK_SET) < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not read the backup"));
      return FALSE;
    }
  return copy_database (&s, c->layout.db_len, db_path, cancellable, error)
         && (c->layout.version < 2 || restore_evidence (&s, dir, evidence, cancellable, error));
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

/* The exhibits of the restored diary whose evidence file is not there
 * (left out of the backup because it was missing from the diary), each
 * taking its one problem out of @problems: verification reports such an
 * exhibit as not matching its SHA-256. */
static gboolean
take_missing (DaybookDiary *diary, GPtrArray *problems, char ***missing, GError **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GPtrArray) names = NULL;
  g_auto (DaybookStmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  _daybook_diary_lock (diary);
  db = _daybook_diary_get_db (diary);
  names = _daybook_attachments_list_blobs (db, "main", error);
  if (names != NULL && names->len > 0)
    stmt = _daybook_sql_prepare (
        db, "SELECT id, mark, blob FROM attachments WHERE blob IS NOT NULL ORDER BY id", error);
  if (names == NULL || (names->len > 0 && stmt == NULL))
    {
      _daybook_diary_unlock (diary);
      return FALSE;
    }
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *blob = _daybook_sql_text (stmt, 2);
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *mark = _daybook_sql_text (stmt, 1);
      g_autofree char *problem = NULL;
      int fd;

      if (!_daybook_blob_name_is_valid (blob))
        continue;
      fd = _daybook_blob_open_stored (daybook_diary_get_dir (diary), blob);
      if (fd >= 0)
        {
          close (fd);
          continue;
        }
      if (errno != ENOENT)
        continue;
      problem = g_strdup_printf (
          _ ("Exhibit %s (attachment %" PRId64
             ") no longer matches its SHA-256: its stored content was altered or damaged."),
          mark, id);
      for (guint i = 0; i < problems->len; i++)
        if (strcmp (problems->pdata[i], problem) == 0)
          {
            g_autofree char *s
                = g_strdup_printf (_ ("Exhibit %s (attachment %" PRId64 ")"), mark, id);

            g_ptr_array_remove_index (problems, i);
            g_strv_builder_add (builder, s);
            break;
          }
    }
  _daybook_diary_unlock (diary);
  *missing = g_strv_builder_end (builder);
  return TRUE;
}

/**
 * daybook_backup_restore_full:
 * @dir: a new or empty folder to restore into
 * @passphrase: the passphrase the diary had when the backup was made
 * @info: (out) (optional): what the backup says about itself
 * @missing: (out) (optional) (transfer full): the exhibits whose stored
 *   copy the backup does not hold (it was missing from the diary when the
 *   backup was made): "Exhibit AB/3 (attachment 3)"; empty when none
 *
 * Restores a backup: the key file, the database and the evidence files.
 * The whole file is checked and the passphrase proved before anything is
 * written; only a new or empty folder is accepted, so no diary is ever
 * overwritten. Afterwards the restored diary is opened and verified; if
 * that finds anything but the exhibits in @missing, what was written is
 * removed again.
 */
gboolean
daybook_backup_restore_full (const char *path, const char *dir, const DaybookSecret *passphrase,
                             DaybookBackupInfo *info, char ***missing, GCancellable *cancellable,
                             GError **error)
{
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) evidence = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *db_path = g_build_filename (dir, "diary.db", NULL);
  g_auto (GStrv) absent = NULL;
  DaybookBackupInfo header_info;
  Checked checked = { 0 };
  gboolean created = FALSE;
  int fd;

  if (!daybook_backup_read_info (path, &header_info, error))
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

  keyfile = check_backup (fd, path, passphrase, &checked, cancellable, error);
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

  /* The key file last: until it is there, the folder is no diary. */
  if (!copy_body (fd, dir, db_path, &checked, evidence, cancellable, error)
      || !daybook_keyfile_store (keyfile, dir, error))
    goto undo;
  close (fd);
  fd = -1;

  diary = daybook_diary_open (dir, passphrase, error);
  if (diary == NULL || !daybook_diary_verify (diary, &problems, error)
      || !take_missing (diary, problems, &absent, error))
    goto undo;
  if (problems->len > 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   _ ("The restored diary does not verify (%s). Try another backup."),
                   (char *)problems->pdata[0]);
      goto undo;
    }
  daybook_diary_close (diary);
  sodium_memzero (checked.key, sizeof checked.key);
  if (info != NULL)
    *info = checked.info;
  if (missing != NULL)
    *missing = g_steal_pointer (&absent);
  return TRUE;

undo:
  if (diary != NULL)
    daybook_diary_close (diary);
  remove_restored (dir, evidence);
  if (created)
    g_rmdir (dir);
fail:
  sodium_memzero (checked.key, sizeof checked.key);
  if (fd >= 0)
    close (fd);
  return FALSE;
}

/**
 * daybook_backup_restore:
 *
 * daybook_backup_restore_full() without what it reports.
 */
gboolean
daybook_backup_restore (const char *path, const char *dir, const DaybookSecret *passphrase,
                        GCancellable *cancellable, GError **error)
{
  return daybook_backup_restore_full (path, dir, passphrase, NULL, NULL, cancellable, error);
}

/* Rotation. The folder is the user's, and others may be able to write to
 * it: a file counts as one of this diary's backups only when its name has
 * the exact pattern, its time is not in the future, and it proves to be
 * ours — format 3 by its first message opening under this diary's backup
 * key and the file being the length that message says, formats 1 and 2 by
 * their whole checksum and the key file inside being this diary's. */

#define NAME_LEN 21     /* YYYY-MM-DD-HHMMSS.bak */
#define OLD_NAME_LEN 29 /* daybook-YYYY-MM-DD-HHMMSS.dbk */

/* "YYYY-MM-DD-HHMMSS" as UTC seconds. */
static gboolean
parse_stamp (const char *s, gint64 *t)
{
  g_autoptr (GDateTime) when = NULL;
  int v[6], pos[6] = { 0, 5, 8, 11, 13, 15 }, len[6] = { 4, 2, 2, 2, 2, 2 };

  for (int i = 0; i < 17; i++)
    if ((i == 4 || i == 7 || i == 10) ? s[i] != '-' : !g_ascii_isdigit (s[i]))
      return FALSE;
  for (int i = 0; i < 6; i++)
    {
      v[i] = 0;
      for (int j = 0; j < len[i]; j++)
        v[i] = v[i] * 10 + (s[pos[i] + j] - '0');
    }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59)
    return FALSE;
  when = g_date_time_new_utc (v[0], v[1], v[2], v[3], v[4], v[5]);
  if (when == NULL || g_date_time_get_day_of_month (when) != v[2])
    return FALSE;
  *t = g_date_time_to_unix (when);
  return TRUE;
}

/* Whether @name is a backup name Daybook gives, and the time in it. */
static gboolean
backup_name_time (const char *name, gint64 *t)
{
  gsize len = strlen (name);

  if (len == NAME_LEN && g_str_has_suffix (name, ".bak"))
    return parse_stamp (name, t);
  if (len == OLD_NAME_LEN && g_str_has_prefix (name, "daybook-") && g_str_has_suffix (name, ".dbk"))
    return parse_stamp (name + 8, t);
  return FALSE;
}

typedef struct
{
  char *path;
  gint64 time;
  guint8 id[16]; /* the same for copies of one backup */
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *c = data;

  g_free (c->path);
  g_free (c);
}

static int
compare_candidates (gconstpointer a, gconstpointer b)
{
  const Candidate *x = *(Candidate **)a, *y = *(Candidate **)b;

  if (x->time != y->time)
    return x->time < y->time ? 1 : -1; /* newest first */
  return -strcmp (x->path, y->path);
}

static gboolean
file_equals (const char *path, const guint8 *data, gsize len)
{
  g_autofree char *contents = NULL;
  gsize n = 0;

  return g_file_get_contents (path, &contents, &n, NULL) && n == len
         && memcmp (contents, data, len) == 0;
}

/* Whether the file open as @fd is one of this diary's backups; its
 * backup id in @id. @full reads all of a format 3 backup too. */
static gboolean
is_own_backup (DaybookDiary *self, int fd, const guint8 key[32], const guint8 diary_id[16],
               gboolean full, guint8 id[16])
{
  struct stat st;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;

  if (starts_with_magic (fd))
    {
      g_autofree char *keys_path = g_build_filename (daybook_diary_get_dir (self), "keys", NULL);
      g_autofree char *bak_path = g_build_filename (daybook_diary_get_dir (self), "keys.bak", NULL);
      guint8 header[HEADER_LEN], keys[MAX_KEYFILE], stored[32];
      Layout layout;

      if (!old_intact (fd, &layout, header, keys, stored, NULL, NULL)
          || memcmp (header + 28, diary_id, 16) != 0
          || !(file_equals (keys_path, keys, layout.keys_len)
               || file_equals (bak_path, keys, layout.keys_len)))
        return FALSE;
      memcpy (id, stored, 16);
      return TRUE;
    }
  else
    {
      Source s = { 0 };
      Head head;
      Meta meta;
      gboolean ok;

      ok = read_head (fd, &head) && open_stream (fd, &head, key, (guint64)st.st_size, &s, &meta)
           && memcmp (meta.diary_id, diary_id, 16) == 0
           && (!full || walk_body (&s, meta.db_len, NULL, NULL));
      source_clear (&s);
      if (ok)
        memcpy (id, meta.backup_id, 16);
      return ok;
    }
}

static gboolean
check_own_path (DaybookDiary *self, const char *path, const guint8 key[32],
                const guint8 diary_id[16], gboolean full, guint8 id[16])
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = is_own_backup (self, fd, key, diary_id, full, id);
  close (fd);
  return ok;
}

/* Removes this diary's backups in @folder beyond the @keep newest, @path
 * (just written, with backup id @new_id) counting as the newest. */
static void
prune (DaybookDiary *self, const char *folder, const char *path, const guint8 new_id[16],
       guint keep, const guint8 key[32], const guint8 diary_id[16], gint64 now)
{
  g_autoptr (GPtrArray) mine = g_ptr_array_new_with_free_func (candidate_free);
  g_autoptr (GArray) kept = g_array_new (FALSE, FALSE, 16);
  g_autofree char *new_base = g_path_get_basename (path);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      Candidate c = { NULL, 0, { 0 } };

      if (strcmp (entry, new_base) == 0 || !backup_name_time (entry, &c.time) || c.time > now)
        continue;
      c.path = g_build_filename (folder, entry, NULL);
      if (check_own_path (self, c.path, key, diary_id, FALSE, c.id))
        g_ptr_array_add (mine, g_memdup2 (&c, sizeof c));
      else
        g_free (c.path);
    }
  g_ptr_array_sort (mine, compare_candidates);

  g_array_append_vals (kept, new_id, 1);
  for (guint i = 0; i < mine->len; i++)
    {
      Candidate *c = mine->pdata[i];
      gboolean seen = FALSE;

      for (guint j = 0; j < kept->len && !seen; j++)
        seen = memcmp (kept->data + 16 * j, c->id, 16) == 0;
      if (seen)
        continue; /* a copy of a backup that stays */
      if (kept->len < MAX (keep, 1))
        g_array_append_vals (kept, c->id, 1);
      else
        g_unlink (c->path);
    }
}

/**
 * daybook_diary_backup_to_folder_full:
 * @folder: where the user keeps backups (a USB stick, say)
 * @keep: how many of this diary's backups to keep there (at least 1)
 * @missing: (out) (optional) (transfer full): as for
 *   daybook_diary_backup_full()
 *
 * Writes `YYYY-MM-DD-HHMMSS.bak` (UTC) into @folder, reads it back whole,
 * records the time of the last backup in the diary, and only then removes
 * this diary's oldest backups beyond @keep. It never removes the backup
 * just written, nor any file that does not prove to be one of this diary's
 * backups (see "Rotation" above); copies of one backup count once. The
 * read-back checks what the system returns, which may come from its cache
 * rather than the device.
 *
 * Returns: (transfer full) (nullable): the new backup's path
 */
char *
daybook_diary_backup_to_folder_full (DaybookDiary *self, const char *folder, guint keep,
                                     char ***missing, GCancellable *cancellable, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("%s.bak", stamp);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *when = g_strdup_printf ("%" PRId64, g_date_time_to_unix (now));
  g_autofree char *id_hex = daybook_diary_dup_id (self);
  g_auto (GStrv) left_out = NULL;
  const char *keys[] = { DAYBOOK_SETTING_LAST_BACKUP, NULL };
  const char *values[] = { when, NULL };
  guint8 key[32], diary_id[16], new_id[16];

  if (!daybook_diary_backup_full (self, path, FALSE, &left_out, cancellable, error))
    return NULL;
  if (!diary_backup_key (self, key, error))
    return NULL;
  sodium_hex2bin (diary_id, sizeof diary_id, id_hex, strlen (id_hex), NULL, NULL, NULL);

  if (!check_own_path (self, path, key, diary_id, TRUE, new_id))
    {
      sodium_memzero (key, sizeof key);
      g_unlink (path);
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("The backup written to %s did not read back whole, so it was removed and no "
                      "older backup was touched. The disk may be failing: try another one."),
                   folder);
      return NULL;
    }
  if (!daybook_diary_set_settings (self, keys, values, error))
    {
      sodium_memzero (key, sizeof key);
      return NULL;
    }

  prune (self, folder, path, new_id, keep, key, diary_id, g_date_time_to_unix (now));
  sodium_memzero (key, sizeof key);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("The new backup %s disappeared right after it was written. Check the "
                      "folder and back up again."),
                   path);
      return NULL;
    }
  if (missing != NULL)
    *missing = g_steal_pointer (&left_out);
  return g_steal_pointer (&path);
}

/**
 * daybook_diary_backup_to_folder:
 *
 * daybook_diary_backup_to_folder_full() without the list of missing
 * exhibits.
 */
char *
daybook_diary_backup_to_folder (DaybookDiary *self, const char *folder, guint keep,
                                GCancellable *cancellable, GError **error)
{
  return daybook_diary_backup_to_folder_full (self, folder, keep, NULL, cancellable, error);
}
