/* daybook-diary.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include "daybook-i18n.h"
#include <glib/gstdio.h>
#include <sodium.h>

#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-keyfile.h"
#include "daybook-seal.h"

/*
 * A diary is a folder: the SQLCipher database, the key file (and its
 * copy keys.bak), and the evidence folder. This file holds the diary
 * object's life:
 *
 *  - transactions: one connection, guarded by a recursive lock; nested
 *    transactions are savepoints, and evidence files named inside one are
 *    published (or discarded) when the outermost commits (or rolls back);
 *  - opening and creating: a process-level flock on the folder, the master
 *    key unwrapped from the key file, the database keyed with a raw key
 *    derived from it, every pragma read back, the schema migrated, and
 *    evidence files an interrupted import left behind tidied;
 *  - the seal: after every commit, the chain's length and last link are
 *    recorded outside the database (daybook-seal.c), so that changes a
 *    damaged write-ahead log took away are noticed at the next open;
 *  - keys: changing the passphrase or the recovery code rewraps the master
 *    key in the key file and keys.bak, nothing else;
 *  - the diary's own part of verification.
 *
 * Entries, people, case details and queries live in the daybook-diary-*.c
 * files beside this one; evidence, backups and reports are features above
 * the diary (see HACKING.md).
 */

struct _DaybookDiary
{
  GObject parent_instance;

  char *dir;
  int dir_fd; /* holds the flock that keeps other processes out */
  sqlite3 *db;
  DaybookSecret *master_key;
  guint8 diary_id[DAYBOOK_DIARY_ID_BYTES];
  gint64 created_at;
  GRecMutex mutex;
  guint tx_depth;          /* nested transactions are savepoints */
  GThread *batch_owner;    /* the thread in a batch, or NULL */
  gint changed_deferred;   /* "changed" asked for inside a batch */
  int batch_start_changes; /* sqlite3_total_changes() when the batch began */
  GArray *new_blobs;       /* PendingBlob: evidence files awaiting commit */
  gboolean read_only;      /* a hand-over bundle */
  DaybookSecret *seal_key; /* NULL: nothing is sealed (a bundle, or closed) */
  char *missing;           /* NULL, or the sentence saying what is missing */
  char *key_notice;        /* NULL, or what was found wrong with the key file */
  int open_rc;             /* why open_db() last failed, an SQLite code */
};

typedef struct
{
  char name[DAYBOOK_BLOB_NAME_LEN + 1];
  guint depth;       /* the transaction that named it */
  gboolean unsynced; /* written without its own sync: flushed before COMMIT */
} PendingBlob;

static void reseal (DaybookDiary *self);

G_DEFINE_FINAL_TYPE (DaybookDiary, daybook_diary, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define DB_KEY_ID 1
#define DB_KEY_CONTEXT "dbkey___"
#define SEAL_KEY_ID 3
#define SEAL_KEY_CONTEXT "dbseal__"
#define LOCK_WAIT_MS 5000
#define GENERATION_SETTING "key-generation"
#define NEXT_KEYS "keys.next"
#define NEXT_SEAL "seal.next"

/* ---- the seal ------------------------------------------------------------ */

/* Records the chain's tip after a commit. A failure loses nothing: the
 * database already holds the change, and a seal behind the database is
 * brought up to date at the next open. Once something was found missing,
 * the seal is left as it is, so the loss stays reported. */
static void
reseal (DaybookDiary *self)
{
  g_autoptr (GError) error = NULL;
  DaybookSeal seal = { 0 };

  if (self->seal_key == NULL || self->missing != NULL)
    return;
  seal.sealed_at = g_get_real_time () / G_USEC_PER_SEC;
  if (!_daybook_chain_get_tip (self->db, self->diary_id, &seal.length, seal.head, &error)
      || !_daybook_seal_write (self->dir, self->seal_key, self->diary_id, &seal, &error))
    g_debug ("Seal not written: %s", error->message);
}

static char *
format_sealed_at (gint64 sealed_at)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (sealed_at);

  /* Translators: when the last change known to be saved was saved, as in
   * "changes saved up to 14:30 on 3 December 2026"; see g_date_time_format() */
  return when != NULL ? g_date_time_format (when, _ ("%H:%M on %-d %B %Y")) : g_strdup ("?");
}

/* Compares the database's chain with the seal, at open. */
static void
check_seal (DaybookDiary *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *when = NULL;
  DaybookSeal seal;
  gint64 length;
  guint8 head[32];
  guint8 link[32];
  gboolean found;

  switch (_daybook_seal_read (self->dir, self->seal_key, self->diary_id, &seal))
    {
    case DAYBOOK_SEAL_ABSENT:
      reseal (self); /* a diary from before seals, or a restored one */
      return;
    case DAYBOOK_SEAL_DAMAGED:
      self->missing
          = g_strdup (_ ("The diary’s record of what it had saved is damaged, so Daybook cannot "
                         "tell whether recent changes are missing. Check the latest entries, and "
                         "restore from a backup if any are missing."));
      return;
    case DAYBOOK_SEAL_FOUND:
    default:
      break;
    }

  /* A database that cannot be read here is reported by verify. */
  if (!_daybook_chain_get_tip (self->db, self->diary_id, &length, head, &error))
    return;
  when = format_sealed_at (seal.sealed_at);
  if (length < seal.length)
    self->missing = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "Changes saved up to %s are missing from this diary: %" PRId64
                     " record of its history is gone. Restore the diary from a backup.",
                     "Changes saved up to %s are missing from this diary: %" PRId64
                     " records of its history are gone. Restore the diary from a backup.",
                     seal.length - length),
        when, seal.length - length);
  else if (seal.length > 0
           && (!_daybook_chain_get_link (self->db, seal.length, link, &found, &error) || !found
               || sodium_memcmp (link, seal.head, sizeof link) != 0))
    self->missing = g_strdup_printf (
        _ ("The diary’s history no longer matches what was saved up to %s: changes saved then are "
           "missing or were replaced. Restore the diary from a backup."),
        when);
  else if (length > seal.length)
    reseal (self); /* a save whose seal a crash cut short */
}

/* After the diary opened or was created, with its key in hand. */
static void
start_seal (DaybookDiary *self, gboolean created)
{
  if (self->read_only)
    return;
  self->seal_key = daybook_secret_new (DAYBOOK_SEAL_KEY_LEN);
  daybook_derive_subkey (self->master_key, SEAL_KEY_ID, SEAL_KEY_CONTEXT,
                         daybook_secret_get_data (self->seal_key), DAYBOOK_SEAL_KEY_LEN);
  if (created)
    reseal (self);
  else
    check_seal (self);
}

/**
 * daybook_diary_get_missing:
 *
 * When the diary was opened, its chain was compared with the seal written
 * after the last save. If saved changes are missing (a damaged log, an
 * older database put back), this says so in one sentence.
 *
 * Returns: (nullable): the sentence, or %NULL when nothing is known missing
 */
const char *
daybook_diary_get_missing (DaybookDiary *self)
{
  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  return self->missing;
}

/* ---- lifecycle ---------------------------------------------------------- */

static void
daybook_diary_finalize (GObject *object)
{
  DaybookDiary *self = DAYBOOK_DIARY (object);

  daybook_diary_close (self);
  g_free (self->dir);
  g_rec_mutex_clear (&self->mutex);
  g_free (self->missing);
  g_free (self->key_notice);
  g_clear_pointer (&self->new_blobs, g_array_unref);

  G_OBJECT_CLASS (daybook_diary_parent_class)->finalize (object);
}

static void
daybook_diary_class_init (DaybookDiaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = daybook_diary_finalize;

  /**
   * DaybookDiary::changed:
   *
   * Emitted on the thread that made a change (incident, person or case
   * details saved or deleted), so views can refresh.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
daybook_diary_init (DaybookDiary *self)
{
  self->dir_fd = -1;
  g_rec_mutex_init (&self->mutex);
  self->new_blobs = g_array_new (FALSE, FALSE, sizeof (PendingBlob));
}

void
_daybook_diary_lock (DaybookDiary *self)
{
  g_rec_mutex_lock (&self->mutex);
}

void
_daybook_diary_unlock (DaybookDiary *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

sqlite3 *
_daybook_diary_get_db (DaybookDiary *self)
{
  return self->db;
}

/* Inside a batch, the thread that runs it says "changed" once, when the
 * batch ends: a window must not show what a rollback may still undo. */
void
_daybook_diary_emit_changed (DaybookDiary *self)
{
  if (g_atomic_pointer_get (&self->batch_owner) == g_thread_self ())
    {
      g_atomic_int_set (&self->changed_deferred, 1);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
_daybook_diary_check_open (DaybookDiary *self, GError **error)
{
  if (self->db == NULL)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_LOCKED,
                   _ ("The diary is locked. Unlock it and try again."));
      return FALSE;
    }
  return TRUE;
}

/* Every change runs in a transaction; inside a batch
 * (daybook_diary_begin_batch()) it is a savepoint, so one failed entry
 * does not undo the others. */
gboolean
_daybook_diary_begin (DaybookDiary *self, GError **error)
{
  if (self->read_only)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_READ_ONLY,
                   _ ("This is a hand-over bundle: it can be read, but not changed."));
      return FALSE;
    }
  if (!_daybook_sql_exec (self->db, self->tx_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT nested",
                          error))
    return FALSE;
  self->tx_depth++;
  return TRUE;
}

/*
 * _daybook_diary_add_blob:
 *
 * Inside a transaction: evidence file @name (written, still `.part`) is
 * named by a row of this transaction. It is published when the outermost
 * transaction commits and removed if its own is rolled back.
 */
void
_daybook_diary_add_blob (DaybookDiary *self, const char *name)
{
  PendingBlob blob = { .depth = self->tx_depth };

  g_return_if_fail (self->tx_depth > 0);
  g_strlcpy (blob.name, name, sizeof blob.name);
  g_array_append_val (self->new_blobs, blob);
}

/*
 * _daybook_diary_in_batch:
 *
 * Whether the calling thread runs a batch (daybook_diary_begin_batch()):
 * then an evidence file may be written without its own sync
 * (_daybook_blob_writer_finish_unsynced()) and handed over with
 * _daybook_diary_add_unsynced_blob().
 */
gboolean
_daybook_diary_in_batch (DaybookDiary *self)
{
  return g_atomic_pointer_get (&self->batch_owner) == g_thread_self ();
}

/*
 * _daybook_diary_add_unsynced_blob:
 *
 * As _daybook_diary_add_blob(), for a file written inside a batch without
 * its own sync: the batch's COMMIT comes only after one sync of every such
 * file (_daybook_blob_sync_all()), so no committed row ever names a file
 * the disk may not have.
 */
void
_daybook_diary_add_unsynced_blob (DaybookDiary *self, const char *name)
{
  _daybook_diary_add_blob (self, name);
  if (self->tx_depth > 0)
    g_array_index (self->new_blobs, PendingBlob, self->new_blobs->len - 1).unsynced = TRUE;
}

/* Before the outermost COMMIT: the files written without their own sync,
 * all made durable at once. */
static gboolean
sync_blobs (DaybookDiary *self, GError **error)
{
  for (guint i = 0; i < self->new_blobs->len; i++)
    if (g_array_index (self->new_blobs, PendingBlob, i).unsynced)
      return _daybook_blob_sync_all (self->dir, error);
  return TRUE;
}

typedef enum
{
  SETTLE_COMMITTED,
  SETTLE_ROLLED_BACK,
  SETTLE_UNCLEAR, /* a COMMIT failed after it may have reached the log */
} Settle;

static void
settle_blobs (DaybookDiary *self, Settle outcome)
{
  guint published = 0;

  for (guint i = self->new_blobs->len; i > 0; i--)
    {
      PendingBlob *blob = &g_array_index (self->new_blobs, PendingBlob, i - 1);
      g_autoptr (GError) error = NULL;
      gboolean committed = outcome == SETTLE_COMMITTED;

      if (blob->depth < self->tx_depth)
        continue;
      /* The row may be in the log (a failed sync, a failed write after
       * the commit frame): the `.part` file stays, and the next open
       * publishes it if its row is there and removes it if not. */
      if (outcome == SETTLE_UNCLEAR)
        g_debug ("Evidence file left for the next open to decide");
      else if (!committed)
        _daybook_blob_discard (self->dir, blob->name);
      else if (self->tx_depth > 1)
        {
          blob->depth = self->tx_depth - 1; /* now the outer transaction's */
          continue;
        }
      /* A file left unpublished is published at the next open, and so is
       * one whose rename a crash lost before the folder's sync below. */
      else if (!_daybook_blob_publish_unsynced (self->dir, blob->name, &error))
        g_debug ("Evidence file left for the next open: %s", error->message);
      else
        published++;
      g_array_remove_index (self->new_blobs, i - 1);
    }
  if (published > 0)
    {
      g_autoptr (GError) error = NULL;

      if (!_daybook_blob_sync_folder (self->dir, &error))
        g_debug ("Evidence folder not flushed: %s", error->message);
    }
}

static void
rollback (DaybookDiary *self, Settle outcome)
{
  if (self->tx_depth == 0)
    return;
  if (self->tx_depth == 1)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  else
    sqlite3_exec (self->db, "ROLLBACK TO nested; RELEASE nested", NULL, NULL, NULL);
  settle_blobs (self, outcome);
  self->tx_depth--;
}

gboolean
_daybook_diary_commit (DaybookDiary *self, GError **error)
{
  gboolean outermost = self->tx_depth == 1;

  /* The files first, then the rows that name them. */
  if (outermost && !sync_blobs (self, error))
    {
      rollback (self, SETTLE_ROLLED_BACK);
      return FALSE;
    }
  if (!_daybook_sql_exec (self->db, self->tx_depth == 1 ? "COMMIT" : "RELEASE nested", error))
    {
      int rc = sqlite3_errcode (self->db);
      gboolean refused = !outermost || rc == SQLITE_BUSY || rc == SQLITE_LOCKED;

      /* A busy or locked database refused before writing anything, and a
       * savepoint's release writes nothing; any other failed COMMIT may
       * have left the transaction whole in the log, where the next open
       * finds it. */
      rollback (self, refused ? SETTLE_ROLLED_BACK : SETTLE_UNCLEAR);
      return FALSE;
    }
  settle_blobs (self, SETTLE_COMMITTED);
  self->tx_depth--;
  if (outermost)
    reseal (self);
  return TRUE;
}

void
_daybook_diary_rollback (DaybookDiary *self)
{
  rollback (self, SETTLE_ROLLED_BACK);
}

/* After a batch that wrote this many rows (an import, the demo), the
 * search indexes are merged into one segment each and the pages that
 * freed go back to the file system (schema 8): 0.4 s at 100,000 entries. */
#define LARGE_BATCH_ROWS 1000

static void
compact (DaybookDiary *self)
{
  /* Merging the index frees its old segments; nothing is lost if it fails. */
  if (sqlite3_exec (self->db,
                    "INSERT INTO incidents_fts (incidents_fts) VALUES ('optimize');"
                    "INSERT INTO messages_fts (messages_fts) VALUES ('optimize');",
                    NULL, NULL, NULL)
      != SQLITE_OK)
    g_debug ("Search indexes not merged: %s", sqlite3_errmsg (self->db));
  _daybook_schema_give_back_pages (self->db);
}

/**
 * daybook_diary_begin_batch:
 *
 * Starts a batch of changes that reach the disk together, with one sync,
 * for imports and the demo. Other threads wait until
 * daybook_diary_end_batch().
 */
gboolean
daybook_diary_begin_batch (DaybookDiary *self, GError **error)
{
  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  _daybook_diary_lock (self);
  if (_daybook_diary_check_open (self, error) && _daybook_diary_begin (self, error))
    {
      if (self->tx_depth == 1)
        {
          g_atomic_pointer_set (&self->batch_owner, g_thread_self ());
          self->batch_start_changes = sqlite3_total_changes (self->db);
        }
      return TRUE;
    }
  _daybook_diary_unlock (self);
  return FALSE;
}

/**
 * daybook_diary_end_batch:
 * @commit: %TRUE to keep the batch, %FALSE to undo all of it
 */
gboolean
daybook_diary_end_batch (DaybookDiary *self, gboolean commit, GError **error)
{
  gboolean ok = TRUE;
  gboolean deferred = FALSE;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  if (commit)
    ok = _daybook_diary_commit (self, error);
  else
    _daybook_diary_rollback (self);
  if (self->tx_depth == 0)
    {
      g_atomic_pointer_set (&self->batch_owner, NULL);
      /* Only this thread sets it, and only inside the batch. */
      deferred = g_atomic_int_get (&self->changed_deferred) != 0;
      g_atomic_int_set (&self->changed_deferred, 0);
      if (ok && commit
          && sqlite3_total_changes (self->db) - self->batch_start_changes >= LARGE_BATCH_ROWS)
        compact (self);
    }
  _daybook_diary_unlock (self);

  /* Said after a rollback too when the batch asked for it: whoever looks
   * then reads the diary as it now is. */
  if ((ok && commit) || deferred)
    _daybook_diary_emit_changed (self);
  return ok;
}

/**
 * daybook_diary_default_dir:
 *
 * Returns: (transfer full): `$DAYBOOK_DIARY`, else `$XDG_DATA_HOME/daybook/diary`
 */
char *
daybook_diary_default_dir (void)
{
  const char *env = g_getenv ("DAYBOOK_DIARY");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "daybook", "diary", NULL);
}

/**
 * daybook_diary_exists:
 *
 * Returns: whether @dir holds a diary, even a damaged one: any of its files
 *   is enough, so that nothing offers to create a diary over it
 */
gboolean
daybook_diary_exists (const char *dir)
{
  const char *names[] = { "keys", "keys.bak", "diary.db" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

/* Another Daybook process with the diary open holds this lock; wait a little
 * for a short command to finish, then say so instead of racing it. */
static gboolean
lock_dir (DaybookDiary *self, GError **error)
{
  self->dir_fd = open (self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (self->dir_fd < 0)
    {
      if (errno == ENOENT || errno == ENOTDIR)
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                     _ ("There is no diary in %s. Create one first."), self->dir);
      else
        daybook_set_io_error (error, errno, _ ("Could not open the diary folder"));
      return FALSE;
    }

  for (int waited = 0; flock (self->dir_fd, LOCK_EX | LOCK_NB) != 0; waited += 50)
    {
      if (errno != EWOULDBLOCK || waited >= LOCK_WAIT_MS)
        {
          close (self->dir_fd);
          self->dir_fd = -1;
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_BUSY,
                       _ ("The diary is open in another Daybook window or command. Close or lock "
                          "it there, then try again."));
          return FALSE;
        }
      g_usleep (50 * 1000);
    }

  return TRUE;
}

static gboolean
check_pragma (sqlite3 *db, const char *pragma, const char *expected, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW
      && g_ascii_strcasecmp (_daybook_sql_text (stmt, 0), expected) == 0)
    return TRUE;

  /* SQLCipher 3.4 ignores pragmas it does not know; a setting that did not
   * take would silently weaken the diary. */
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
               _ ("The database library does not support a setting Daybook needs (%s)."), pragma);
  return FALSE;
}

/* The database key as SQLCipher takes a raw key, x'…' with 64 hex digits,
 * built in locked memory: it never passes through SQL text. */
static DaybookSecret *
raw_key_text (const DaybookSecret *master_key)
{
  DaybookSecret *text = daybook_secret_new (2 + 64 + 1 + 1);
  char *p = (char *)daybook_secret_get_data (text);
  guint8 db_key[32];

  daybook_derive_subkey (master_key, DB_KEY_ID, DB_KEY_CONTEXT, db_key, sizeof db_key);
  p[0] = 'x';
  p[1] = '\'';
  sodium_bin2hex (p + 2, 65, db_key, sizeof db_key);
  p[66] = '\'';
  p[67] = '\0';
  daybook_secret_set_size (text, 67);
  sodium_memzero (db_key, sizeof db_key);
  return text;
}

static int
key_with (sqlite3 *db, const DaybookSecret *master_key)
{
  g_autoptr (DaybookSecret) key = raw_key_text (master_key);
  int rc
      = sqlite3_key_v2 (db, "main", daybook_secret_peek (key), (int)daybook_secret_get_size (key));

  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA cipher_page_size = 4096", NULL, NULL, NULL);
  return rc;
}

/**
 * _daybook_diary_key_connection:
 *
 * Gives a connection to this diary's database its key, with
 * sqlite3_key_v2(): a raw key derived from the master key, which bypasses
 * SQLCipher 3's own, weak, key derivation.
 *
 * Returns: an SQLite result code
 */
int
_daybook_diary_key_connection (DaybookDiary *self, sqlite3 *db)
{
  return key_with (db, self->master_key);
}

/**
 * _daybook_raw_key_attach:
 * @schema: the name to attach as, an SQL identifier (a constant)
 * @master_key: the master key of the diary or bundle whose database @path is
 *
 * Attaches a database with the key derived from @master_key, bound as a
 * parameter from locked memory rather than written into the SQL.
 *
 * Returns: an SQLite result code
 */
int
_daybook_raw_key_attach (sqlite3 *db, const char *path, const char *schema,
                         const DaybookSecret *master_key)
{
  g_autoptr (DaybookSecret) key = raw_key_text (master_key);
  g_autofree char *sql = g_strdup_printf ("ATTACH DATABASE ? AS %s KEY ?", schema);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, (const char *)daybook_secret_peek (key),
                     (int)daybook_secret_get_size (key), SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static gboolean
is_bundle (sqlite3 *db)
{
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db, "SELECT 1 FROM sqlite_master WHERE name = 'settings'", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _daybook_sql_prepare (
      db, "SELECT 1 FROM settings WHERE key = '" DAYBOOK_SETTING_BUNDLE_SOURCE "'", NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
check_bundle_version (sqlite3 *db, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, "PRAGMA user_version", error);

  if (stmt == NULL)
    return FALSE;
  /* Bundles from version 2 on differ only in where evidence is kept,
   * which the readers handle (daybook-attachment-content.c). */
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) >= 2
      && sqlite3_column_int (stmt, 0) <= _daybook_schema_latest ())
    return TRUE;
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
               _ ("This hand-over bundle was made by a different version of Daybook. Ask for a new "
                  "bundle."));
  return FALSE;
}

static gboolean
blob_is_referenced (const char *name, gpointer data)
{
  DaybookDiary *self = data;
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (self->db, "SELECT 1 FROM attachments WHERE blob = ?", NULL);

  if (stmt == NULL)
    return TRUE; /* when in doubt, keep it */
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) != SQLITE_DONE;
}

/* Evidence files an interrupted import left (see daybook-blob.c). A failure
 * here loses nothing: a file not yet renamed is still read under its
 * temporary name, and the next open tries again. */
static void
recover_blobs (DaybookDiary *self)
{
  g_autoptr (GError) error = NULL;

  if (!_daybook_blob_recover (self->dir, blob_is_referenced, self, &error))
    g_debug ("Evidence files not tidied: %s", error->message);
}

static gboolean
open_db (DaybookDiary *self, gboolean create, GError **error)
{
  g_autofree char *path = g_build_filename (self->dir, "diary.db", NULL);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
  int rc;

  self->open_rc = SQLITE_OK;
  if (!create && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   _ ("The diary's database file is missing. Restore the diary from a backup."));
      return FALSE;
    }

  rc = sqlite3_open_v2 (path, &self->db, flags | (create ? SQLITE_OPEN_CREATE : 0), NULL);
  if (rc != SQLITE_OK)
    {
      _daybook_sql_error (self->db, rc, error);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 0);
  /* The journal files SQLite makes take the database file's mode. */
  if (create && g_chmod (path, 0600) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not protect the diary file"));
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  rc = _daybook_diary_key_connection (self, self->db);
  if (rc != SQLITE_OK)
    goto fail_rc;

  sqlite3_busy_timeout (self->db, 5000);

  /* The first read proves the key: a wrong key or a damaged file fails here. */
  rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto fail_rc;

  /* Entries' latest snapshots are read from their rows (schema 7). */
  if (!_daybook_diary_add_snapshot_function (self, error))
    goto fail;

  /* A hand-over bundle is opened read-only, and nothing is written to it,
   * not even its journal mode. */
  self->read_only = !create && is_bundle (self->db);
  if (self->read_only)
    {
      if (!_daybook_sql_exec (self->db, "PRAGMA query_only = 1; PRAGMA temp_store = MEMORY;", error)
          || !check_pragma (self->db, "query_only", "1", error)
          || !check_bundle_version (self->db, error))
        goto fail;
      return TRUE;
    }

  /* A new file gives its free pages back (schema 8): set before anything
   * writes its first page (the journal mode does), the only time it takes
   * without a VACUUM. */
  if (create
      && (!_daybook_sql_exec (self->db, "PRAGMA auto_vacuum = INCREMENTAL", error)
          || !check_pragma (self->db, "auto_vacuum", "2", error)))
    goto fail;

  if (!_daybook_sql_exec (self->db,
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = FULL;"
                          "PRAGMA temp_store = MEMORY;"
                          "PRAGMA secure_delete = ON;"
                          "PRAGMA foreign_keys = ON;",
                          error)
      || !check_pragma (self->db, "cipher_page_size", "4096", error)
      || !check_pragma (self->db, "journal_mode", "wal", error)
      || !check_pragma (self->db, "synchronous", "2", error)
      || !check_pragma (self->db, "temp_store", "2", error)
      || !check_pragma (self->db, "secure_delete", "1", error)
      || !check_pragma (self->db, "foreign_keys", "1", error)
      || !_daybook_schema_migrate_full (self->db, _daybook_diary_migrate_hook, self, error))
    goto fail;

  recover_blobs (self);
  return TRUE;

fail_rc:
  self->open_rc = rc;
  _daybook_sql_error (self->db, rc, error);
fail:
  g_clear_pointer (&self->db, sqlite3_close);
  return FALSE;
}

static gboolean
load_identity (DaybookDiary *self, GError **error)
{
  g_autofree char *id = daybook_diary_dup_setting (self, "diary-id");
  g_autofree char *created = daybook_diary_dup_setting (self, "created-at");
  gsize bin_len = 0;

  if (id == NULL || created == NULL
      || sodium_hex2bin (self->diary_id, sizeof self->diary_id, id, strlen (id), NULL, &bin_len,
                         NULL)
             != 0
      || bin_len != sizeof self->diary_id)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   _ ("The diary is damaged: its identity is missing. Restore it from a backup."));
      return FALSE;
    }
  self->created_at = g_ascii_strtoll (created, NULL, 10);
  return TRUE;
}

static void
write_marker_files (const char *dir)
{
  /* Desktop search indexers and media scanners stay out of the diary. */
  const char *names[] = { ".trackerignore", ".nomedia" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_file_set_contents (path, "", 0, NULL);
    }
}

static void
remove_new_db (const char *dir)
{
  const char *names[] = { "diary.db", "diary.db-wal", "diary.db-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
}

/**
 * daybook_diary_create:
 * @dir: a folder that holds no diary (created if missing)
 * @passphrase: the new passphrase, not empty
 * @recovery_code: (out) (transfer full): the recovery code, to show once
 *
 * Creates a diary: a random master key wrapped by the passphrase and by a
 * new recovery code, and an empty encrypted database. Refuses a folder that
 * already holds any part of a diary. Runs Argon2id twice: call it off the
 * main thread (daybook_diary_create_async()).
 *
 * Returns: (transfer full): the open diary
 */
DaybookDiary *
daybook_diary_create (const char *dir, const DaybookSecret *passphrase,
                      DaybookSecret **recovery_code, GError **error)
{
  g_autoptr (DaybookDiary) self = NULL;
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookSecret) raw_code = NULL;
  g_autoptr (DaybookSecret) nfc = NULL;
  g_autofree char *id_hex = NULL;
  g_autofree char *now = NULL;
  const char *keys[] = { "diary-id", "created-at", NULL };
  const char *values[3];

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);

  if (daybook_secret_get_size (passphrase) == 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The passphrase is empty. Choose a passphrase to protect the diary."));
      return NULL;
    }

  if (daybook_diary_exists (dir))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _ ("There is already a diary in %s. Daybook never overwrites a diary."), dir);
      return NULL;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not create the diary folder"));
      return NULL;
    }

  self = g_object_new (DAYBOOK_TYPE_DIARY, NULL);
  self->dir = g_strdup (dir);
  if (!lock_dir (self, error))
    return NULL;

  /* Checked again under the lock: two creators must not both win. */
  if (daybook_diary_exists (dir))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _ ("There is already a diary in %s. Daybook never overwrites a diary."), dir);
      return NULL;
    }

  self->master_key = daybook_secret_new (DAYBOOK_MASTER_KEY_BYTES);
  randombytes_buf (daybook_secret_get_data (self->master_key), DAYBOOK_MASTER_KEY_BYTES);
  randombytes_buf (self->diary_id, sizeof self->diary_id);
  self->created_at = g_get_real_time () / G_USEC_PER_SEC;

  code = daybook_recovery_code_generate ();
  raw_code = daybook_recovery_code_normalize (code, error);
  nfc = daybook_passphrase_normalize (passphrase);
  keyfile = daybook_keyfile_new (self->diary_id);
  if (raw_code == NULL
      || !daybook_keyfile_set_slot (keyfile, DAYBOOK_SLOT_PASSPHRASE, nfc, self->master_key, error)
      || !daybook_keyfile_set_slot (keyfile, DAYBOOK_SLOT_RECOVERY, raw_code, self->master_key,
                                    error))
    return NULL;

  /* The database first, the key file last: until the key file exists there
   * is no diary, and a failure removes only what this call made. */
  id_hex = _daybook_hex (self->diary_id, sizeof self->diary_id);
  now = g_strdup_printf ("%" PRId64, self->created_at);
  values[0] = id_hex;
  values[1] = now;
  values[2] = NULL;
  if (!open_db (self, TRUE, error) || !daybook_diary_set_settings (self, keys, values, error))
    {
      g_clear_pointer (&self->db, sqlite3_close);
      remove_new_db (dir);
      return NULL;
    }

  if (!daybook_keyfile_store (keyfile, dir, error))
    {
      g_autofree char *k = g_build_filename (dir, "keys", NULL);
      g_autofree char *b = g_build_filename (dir, "keys.bak", NULL);

      g_clear_pointer (&self->db, sqlite3_close);
      remove_new_db (dir);
      g_unlink (k);
      g_unlink (b);
      return NULL;
    }

  write_marker_files (dir);
  start_seal (self, TRUE);

  if (recovery_code != NULL)
    *recovery_code = g_steal_pointer (&code);

  return g_steal_pointer (&self);
}

static void
remove_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("%s not removed: %s", name, g_strerror (errno));
}

static guint64
db_generation (DaybookDiary *self)
{
  g_autofree char *value = daybook_diary_dup_setting (self, GENERATION_SETTING);

  return value != NULL ? g_ascii_strtoull (value, NULL, 10) : 0;
}

/* The key file a rekey prepared, or NULL. */
static DaybookKeyfile *
load_next_keys (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, NEXT_KEYS, NULL);
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  return daybook_keyfile_parse ((const guint8 *)data, len, NULL);
}

/*
 * The last steps of a rekey, once the database has the new key: the
 * database learns the new generation, the seal made under the new key
 * replaces the old one, keys.next becomes keys (one rename), keys.bak
 * follows. Run by the rekey itself, or by the next unlock with the new
 * passphrase when a crash cut it short.
 */
static gboolean
install_next_keys (DaybookDiary *self, DaybookKeyfile *next, GError **error)
{
  g_autofree char *generation = g_strdup_printf ("%" PRIu64, daybook_keyfile_get_generation (next));
  g_autofree char *next_seal = g_build_filename (self->dir, NEXT_SEAL, NULL);
  g_autofree char *seal = g_build_filename (self->dir, DAYBOOK_SEAL_FILE, NULL);
  g_autofree char *next_keys = g_build_filename (self->dir, NEXT_KEYS, NULL);
  g_autofree char *keys = g_build_filename (self->dir, "keys", NULL);
  g_autoptr (GError) local_error = NULL;

  if (!_daybook_diary_set_plain_setting (self, GENERATION_SETTING, generation, error))
    return FALSE;
  if (g_file_test (next_seal, G_FILE_TEST_EXISTS) && g_rename (next_seal, seal) != 0)
    g_debug ("The new seal was not put in place: %s", g_strerror (errno));
  if (g_rename (next_keys, keys) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not put the new key file in place"));
      return FALSE;
    }
  if (!daybook_fsync_dir (self->dir, &local_error))
    g_debug ("Diary folder not flushed: %s", local_error->message);
  daybook_keyfile_sync_backup (next, self->dir);
  if (!_daybook_diary_end_reencrypt (self, &local_error))
    g_debug ("Rekey progress not cleared: %s", local_error->message);
  return TRUE;
}

static DaybookDiary *
open_with (const char *dir, DaybookSlotKind kind, const DaybookSecret *secret, GError **error)
{
  g_autoptr (DaybookDiary) self = NULL;
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookKeyfile) next = NULL;
  g_autoptr (DaybookSecret) raw = NULL;
  g_autoptr (DaybookSecret) master = NULL;
  g_autoptr (DaybookSecret) next_master = NULL;
  g_autoptr (GError) key_error = NULL;
  g_autoptr (GError) db_error = NULL;
  gboolean altered = FALSE;
  gboolean finish_rekey = FALSE;

  self = g_object_new (DAYBOOK_TYPE_DIARY, NULL);
  self->dir = g_strdup (dir);

  if (!daybook_diary_exists (dir))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no diary in %s. Create one first."), dir);
      return NULL;
    }

  if (!lock_dir (self, error))
    return NULL;

  if (kind == DAYBOOK_SLOT_RECOVERY)
    {
      raw = daybook_recovery_code_normalize (secret, error);
      if (raw == NULL)
        return NULL;
      secret = raw;
    }

  master = daybook_keyfile_unlock (dir, kind, secret, &keyfile, &altered, &key_error);
  if (master == NULL && !g_error_matches (key_error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE))
    {
      g_propagate_error (error, g_steal_pointer (&key_error));
      return NULL;
    }

  /* A rekey that did not finish left its new key file (daybook_diary_rekey()). */
  next = load_next_keys (dir);
  if (next != NULL)
    next_master = daybook_keyfile_unwrap_typed (next, kind, secret, NULL);

  if (master == NULL && next_master == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&key_error));
      return NULL;
    }

  if (master != NULL)
    {
      self->master_key = g_steal_pointer (&master);
      if (!open_db (self, FALSE, &db_error))
        g_clear_pointer (&self->master_key, daybook_secret_free);
    }
  if (self->db == NULL && next_master != NULL)
    {
      /* The database took the new key before the rekey could finish. */
      self->master_key = g_steal_pointer (&next_master);
      g_clear_error (&db_error);
      if (open_db (self, FALSE, &db_error))
        finish_rekey = TRUE;
      else
        g_clear_pointer (&self->master_key, daybook_secret_free);
    }
  if (self->db == NULL)
    {
      if (key_error != NULL && self->open_rc == SQLITE_NOTADB)
        /* Only the unfinished rekey's key file opened, and the database
         * never took its key: that passphrase was never in force. */
        g_propagate_error (error, g_steal_pointer (&key_error));
      else if (self->open_rc == SQLITE_NOTADB && next != NULL)
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE,
                     _ ("A change of the diary's keys was interrupted after the diary took its new "
                        "key. Unlock it with the new passphrase to finish the change."));
      else if (self->open_rc == SQLITE_NOTADB)
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                     _ ("The passphrase fits this key file, but the key file does not open the "
                        "diary: either the diary’s keys were changed after this key file was made "
                        "(an old key file and an old passphrase no longer open it), or the "
                        "database is damaged. Use the current passphrase, or restore the diary "
                        "from a backup."));
      else
        g_propagate_error (error, g_steal_pointer (&db_error));
      return NULL;
    }

  if (!load_identity (self, error))
    return NULL;

  if (finish_rekey)
    {
      g_clear_pointer (&keyfile, daybook_keyfile_free);
      keyfile = g_steal_pointer (&next);
    }
  if (memcmp (self->diary_id, daybook_keyfile_get_diary_id (keyfile), sizeof self->diary_id) != 0)
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
          _ ("The key file belongs to a different diary. Restore the diary from a backup."));
      return NULL;
    }
  if (!self->read_only && daybook_keyfile_get_generation (keyfile) < db_generation (self))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   _ ("This key file is older than the diary’s keys: they were changed after it "
                      "was made, so it no longer opens the diary. Use the current passphrase."));
      return NULL;
    }

  if (!self->read_only)
    {
      if (finish_rekey && !install_next_keys (self, keyfile, error))
        return NULL;
      if (!finish_rekey && next != NULL)
        {
          /* The database kept the old key: the rekey is abandoned. */
          remove_file (dir, NEXT_KEYS);
          remove_file (dir, NEXT_SEAL);
        }
      else if (!finish_rekey)
        remove_file (dir, NEXT_SEAL);
      _daybook_diary_drop_old_blob (self);
    }

  if (altered)
    self->key_notice
        = g_strdup (_ ("The diary’s key file had been altered. Daybook opened the diary with its "
                       "backup copy and put the key file back. If you did not expect this, "
                       "someone may have tried to tamper with the diary."));

  /* A hand-over bundle is not written to, not even its key file. */
  if (!self->read_only)
    daybook_keyfile_sync_backup (keyfile, dir);
  write_marker_files (dir);
  start_seal (self, FALSE);

  /* Once: the free-text orders of older diaries join the register. If it
   * fails, nothing changed, and the next open tries again. */
  {
    g_autoptr (GError) migrate_error = NULL;

    if (!_daybook_diary_migrate_orders_text (self, &migrate_error))
      g_debug ("Orders text not copied to the register: %s", migrate_error->message);
  }

  return g_steal_pointer (&self);
}

/**
 * daybook_diary_get_key_notice:
 *
 * Returns: (nullable): a sentence when the key file was found altered at
 *   open (and its backup copy used), else %NULL
 */
const char *
daybook_diary_get_key_notice (DaybookDiary *self)
{
  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  return self->key_notice;
}

/**
 * daybook_diary_open:
 *
 * Unlocks the diary in @dir with @passphrase. %DAYBOOK_ERROR_WRONG_PASSPHRASE
 * when it does not fit; %DAYBOOK_ERROR_DAMAGED when the key fits but the
 * database is not what it should be. Nothing on disk changes on failure.
 *
 * Returns: (transfer full) (nullable): the open diary
 */
DaybookDiary *
daybook_diary_open (const char *dir, const DaybookSecret *passphrase, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);

  return open_with (dir, DAYBOOK_SLOT_PASSPHRASE, passphrase, error);
}

/**
 * daybook_diary_open_with_recovery_code:
 *
 * Returns: (transfer full) (nullable): the open diary
 */
DaybookDiary *
daybook_diary_open_with_recovery_code (const char *dir, const DaybookSecret *code, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return open_with (dir, DAYBOOK_SLOT_RECOVERY, code, error);
}

typedef struct
{
  char *dir;
  DaybookSecret *secret;
  DaybookSecret *recovery_code;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *od = data;

  g_free (od->dir);
  daybook_secret_free (od->secret);
  daybook_secret_free (od->recovery_code);
  g_free (od);
}

static void
open_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OpenData *od = task_data;
  GError *error = NULL;
  DaybookDiary *diary = daybook_diary_open (od->dir, od->secret, &error);

  if (diary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diary, g_object_unref);
}

static void
create_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OpenData *od = task_data;
  GError *error = NULL;
  DaybookDiary *diary = daybook_diary_create (od->dir, od->secret, &od->recovery_code, &error);

  if (diary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diary, g_object_unref);
}

static void
run_open_task (GTaskThreadFunc func, gpointer tag, const char *dir, const DaybookSecret *secret,
               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenData *od = g_new0 (OpenData, 1);

  od->dir = g_strdup (dir);
  od->secret = daybook_secret_copy (secret);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, od, open_data_free);
  g_task_run_in_thread (task, func);
}

/**
 * daybook_diary_open_async:
 *
 * daybook_diary_open() in a worker thread: key derivation takes about a
 * second and must not freeze a window. The passphrase is copied.
 */
void
daybook_diary_open_async (const char *dir, const DaybookSecret *passphrase,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  run_open_task (open_thread, daybook_diary_open_async, dir, passphrase, cancellable, callback,
                 user_data);
}

/**
 * daybook_diary_open_finish:
 *
 * Returns: (transfer full) (nullable): the open diary
 */
DaybookDiary *
daybook_diary_open_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
daybook_diary_create_async (const char *dir, const DaybookSecret *passphrase,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  run_open_task (create_thread, daybook_diary_create_async, dir, passphrase, cancellable, callback,
                 user_data);
}

/**
 * daybook_diary_create_finish:
 * @recovery_code: (out) (transfer full): the recovery code, to show once
 *
 * Returns: (transfer full) (nullable): the new, open diary
 */
DaybookDiary *
daybook_diary_create_finish (GAsyncResult *result, DaybookSecret **recovery_code, GError **error)
{
  OpenData *od = g_task_get_task_data (G_TASK (result));
  DaybookDiary *diary = g_task_propagate_pointer (G_TASK (result), error);

  if (diary != NULL && recovery_code != NULL)
    *recovery_code = g_steal_pointer (&od->recovery_code);
  return diary;
}

/**
 * daybook_diary_close:
 *
 * Locks the diary: closes the database, wipes the master key, releases the
 * folder for other processes. Safe to call twice.
 */
void
daybook_diary_close (DaybookDiary *self)
{
  g_return_if_fail (DAYBOOK_IS_DIARY (self));

  _daybook_diary_lock (self);
  if (self->db != NULL)
    {
      /* The pages freed since opening go back to the file system
       * (schema 8); never from a bundle, nor inside a transaction. */
      if (!self->read_only && sqlite3_get_autocommit (self->db))
        _daybook_schema_give_back_pages (self->db);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
      self->tx_depth = 0;
    }
  g_clear_pointer (&self->master_key, daybook_secret_free);
  g_clear_pointer (&self->seal_key, daybook_secret_free);
  if (self->dir_fd >= 0)
    {
      close (self->dir_fd); /* releases the flock */
      self->dir_fd = -1;
    }
  _daybook_diary_unlock (self);
}

/**
 * daybook_diary_is_read_only:
 *
 * Returns: whether this is a hand-over bundle, which cannot be changed
 */
gboolean
daybook_diary_is_read_only (DaybookDiary *self)
{
  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  return self->read_only;
}

gboolean
daybook_diary_is_open (DaybookDiary *self)
{
  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  return self->db != NULL;
}

const char *
daybook_diary_get_dir (DaybookDiary *self)
{
  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  return self->dir;
}

/**
 * daybook_diary_dup_id:
 *
 * Returns: (transfer full): the diary id, 32 hex digits
 */
char *
daybook_diary_dup_id (DaybookDiary *self)
{
  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  return _daybook_hex (self->diary_id, sizeof self->diary_id);
}

gint64
daybook_diary_get_created_at (DaybookDiary *self)
{
  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), 0);

  return self->created_at;
}

/**
 * daybook_diary_dup_fingerprint:
 *
 * Returns: (transfer full) (nullable): the head of the hash chain, 64 hex
 *   digits, or %NULL when the diary is locked
 */
char *
daybook_diary_dup_fingerprint (DaybookDiary *self)
{
  char *head = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  _daybook_diary_lock (self);
  if (self->db != NULL)
    head = _daybook_chain_dup_head (self->db, self->diary_id);
  _daybook_diary_unlock (self);

  return head;
}

/**
 * daybook_diary_derive_key:
 * @context: 8 characters naming the purpose
 *
 * Derives a key for a separate purpose (report signing) from the master key.
 * Fails with %DAYBOOK_ERROR_LOCKED once the diary is locked: a key must
 * never come from wiped memory.
 */
gboolean
daybook_diary_derive_key (DaybookDiary *self, guint64 id, const char *context, guint8 *out,
                          gsize len, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);
  g_return_val_if_fail (id != DB_KEY_ID, FALSE);

  _daybook_diary_lock (self);
  ok = self->master_key != NULL;
  if (ok)
    daybook_derive_subkey (self->master_key, id, context, out, len);
  else
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_LOCKED,
                 _ ("The diary is locked. Unlock it and try again."));
  _daybook_diary_unlock (self);

  return ok;
}

/* ---- keys ---------------------------------------------------------------- */

/**
 * daybook_change_passphrase:
 * @kind: what @old_secret is: the current passphrase or the recovery code
 *
 * Sets a new passphrase. Only the key file changes (atomically, `keys` then
 * `keys.bak`); the recovery slot stays valid.
 */
gboolean
daybook_change_passphrase (const char *dir, DaybookSlotKind kind, const DaybookSecret *old_secret,
                           const DaybookSecret *new_passphrase, GError **error)
{
  g_autoptr (DaybookDiary) guard = g_object_new (DAYBOOK_TYPE_DIARY, NULL);
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookSecret) raw = NULL;
  g_autoptr (DaybookSecret) master = NULL;
  g_autoptr (DaybookSecret) nfc = NULL;

  if (daybook_secret_get_size (new_passphrase) == 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The new passphrase is empty. Choose a passphrase to protect the diary."));
      return FALSE;
    }

  guard->dir = g_strdup (dir);
  if (!daybook_diary_exists (dir))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no diary in %s. Create one first."), dir);
      return FALSE;
    }
  if (!lock_dir (guard, error))
    return FALSE;

  keyfile = daybook_keyfile_load (dir, error);
  if (keyfile == NULL)
    return FALSE;

  if (kind == DAYBOOK_SLOT_RECOVERY)
    {
      raw = daybook_recovery_code_normalize (old_secret, error);
      if (raw == NULL)
        return FALSE;
      old_secret = raw;
    }

  master = daybook_keyfile_unwrap_typed (keyfile, kind, old_secret, error);
  if (master == NULL)
    return FALSE;

  nfc = daybook_passphrase_normalize (new_passphrase);
  return daybook_keyfile_set_slot (keyfile, DAYBOOK_SLOT_PASSPHRASE, nfc, master, error)
         && daybook_keyfile_store (keyfile, dir, error);
}

static gboolean
rewrap_open (DaybookDiary *self, DaybookSlotKind kind, const DaybookSecret *secret, GError **error)
{
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  gboolean ok;

  if (self->read_only)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_READ_ONLY,
                   _ ("This is a hand-over bundle: it can be read, but not changed."));
      return FALSE;
    }

  _daybook_diary_lock (self);
  ok = _daybook_diary_check_open (self, error)
       && (keyfile = daybook_keyfile_load (self->dir, error)) != NULL
       && daybook_keyfile_set_slot (keyfile, kind, secret, self->master_key, error)
       && daybook_keyfile_store (keyfile, self->dir, error);
  _daybook_diary_unlock (self);

  return ok;
}

/**
 * daybook_diary_set_passphrase:
 *
 * Replaces the passphrase of an open diary (the user proved it on unlock).
 */
gboolean
daybook_diary_set_passphrase (DaybookDiary *self, const DaybookSecret *new_passphrase,
                              GError **error)
{
  g_autoptr (DaybookSecret) nfc = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  if (daybook_secret_get_size (new_passphrase) == 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The new passphrase is empty. Choose a passphrase to protect the diary."));
      return FALSE;
    }
  nfc = daybook_passphrase_normalize (new_passphrase);
  return rewrap_open (self, DAYBOOK_SLOT_PASSPHRASE, nfc, error);
}

/**
 * daybook_diary_new_recovery_code:
 *
 * Replaces the recovery code; the old one stops working.
 *
 * Returns: (transfer full) (nullable): the new code, to show once
 */
DaybookSecret *
daybook_diary_new_recovery_code (DaybookDiary *self, GError **error)
{
  g_autoptr (DaybookSecret) code = daybook_recovery_code_generate ();
  g_autoptr (DaybookSecret) raw = daybook_recovery_code_normalize (code, error);

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), NULL);

  if (raw == NULL || !rewrap_open (self, DAYBOOK_SLOT_RECOVERY, raw, error))
    return NULL;
  return g_steal_pointer (&code);
}

/**
 * _daybook_diary_rekey_with_limits:
 *
 * daybook_diary_rekey() with the Argon2id limits of the new slots given:
 * for tests that rekey hundreds of times. Daybook itself always uses
 * daybook_diary_rekey().
 */
gboolean
_daybook_diary_rekey_with_limits (DaybookDiary *self, const DaybookSecret *new_passphrase,
                                  DaybookSecret **recovery_code, guint64 opslimit, gsize memlimit,
                                  GError **error)
{
  g_autoptr (DaybookKeyfile) current = NULL;
  g_autoptr (DaybookKeyfile) next = NULL;
  g_autoptr (DaybookSecret) master = NULL;
  g_autoptr (DaybookSecret) seal_key = NULL;
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookSecret) raw_code = NULL;
  g_autoptr (DaybookSecret) nfc = NULL;
  g_autoptr (DaybookSecret) key = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *next_path = NULL;
  DaybookSeal seal = { 0 };
  guint64 generation;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), FALSE);

  if (self->read_only)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_READ_ONLY,
                   _ ("This is a hand-over bundle: it can be read, but not changed."));
      return FALSE;
    }
  if (daybook_secret_get_size (new_passphrase) == 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The new passphrase is empty. Choose a passphrase to protect the diary."));
      return FALSE;
    }

  _daybook_diary_lock (self);
  if (!_daybook_diary_check_open (self, error))
    goto out;
  if (self->tx_depth > 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_BUSY,
                   _ ("The diary is saving changes. Try again when they are saved."));
      goto out;
    }

  current = daybook_keyfile_load (self->dir, error);
  if (current == NULL)
    goto out;
  generation = MAX (daybook_keyfile_get_generation (current), db_generation (self)) + 1;

  /* 1. The new key file, beside the current one: a new master key under
   *    the new passphrase and a new recovery code. */
  master = daybook_secret_new (DAYBOOK_MASTER_KEY_BYTES);
  randombytes_buf (daybook_secret_get_data (master), DAYBOOK_MASTER_KEY_BYTES);
  code = daybook_recovery_code_generate ();
  raw_code = daybook_recovery_code_normalize (code, error);
  nfc = daybook_passphrase_normalize (new_passphrase);
  next = daybook_keyfile_new (self->diary_id);
  daybook_keyfile_set_generation (next, generation);
  if (raw_code == NULL
      || !_daybook_keyfile_set_slot_with_limits (next, DAYBOOK_SLOT_PASSPHRASE, nfc, master,
                                                 opslimit, memlimit, error)
      || !_daybook_keyfile_set_slot_with_limits (next, DAYBOOK_SLOT_RECOVERY, raw_code, master,
                                                 opslimit, memlimit, error))
    goto out;
  bytes = daybook_keyfile_serialize (next);
  next_path = g_build_filename (self->dir, NEXT_KEYS, NULL);
  if (!daybook_write_file_atomic (next_path, g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes), error))
    goto out;

  /* 2. Every evidence file under a new key of its own. */
  if (!_daybook_diary_reencrypt_evidence (self, error))
    goto abandon;

  /* 3. The seal under the new key, beside the current one. */
  seal_key = daybook_secret_new (DAYBOOK_SEAL_KEY_LEN);
  daybook_derive_subkey (master, SEAL_KEY_ID, SEAL_KEY_CONTEXT, daybook_secret_get_data (seal_key),
                         DAYBOOK_SEAL_KEY_LEN);
  seal.sealed_at = g_get_real_time () / G_USEC_PER_SEC;
  if (self->missing == NULL
      && (!_daybook_chain_get_tip (self->db, self->diary_id, &seal.length, seal.head, error)
          || !_daybook_seal_write_as (self->dir, NEXT_SEAL, seal_key, self->diary_id, &seal,
                                      error)))
    goto abandon;

  /* 4. The database: every page rewritten under the new key in one
   *    transaction; the log emptied before and after, so that no page under
   *    the old key stays in it. */
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _daybook_sql_error (self->db, rc, error);
      goto abandon;
    }
  key = raw_key_text (master);
  rc = sqlite3_rekey_v2 (self->db, "main", daybook_secret_peek (key),
                         (int)daybook_secret_get_size (key));
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _daybook_sql_error (self->db, rc, error);
      goto abandon;
    }
  g_clear_pointer (&self->master_key, daybook_secret_free);
  self->master_key = g_steal_pointer (&master);
  g_clear_pointer (&self->seal_key, daybook_secret_free);
  self->seal_key = g_steal_pointer (&seal_key);
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc != SQLITE_OK)
    g_debug ("Log not emptied after the rekey: %s", sqlite3_errstr (rc));

  /* 5. From here the new passphrase is the one: finish, or let the next
   *    unlock finish. */
  if (!install_next_keys (self, next, error))
    goto out;
  reseal (self);

  if (recovery_code != NULL)
    *recovery_code = g_steal_pointer (&code);
  ok = TRUE;
  goto out;

abandon:
  /* The database still has the old key: the old passphrase stays. */
  remove_file (self->dir, NEXT_KEYS);
  remove_file (self->dir, NEXT_SEAL);
out:
  _daybook_diary_unlock (self);
  return ok;
}

/**
 * daybook_diary_rekey:
 * @new_passphrase: the passphrase from now on (it may be the same)
 * @recovery_code: (out) (transfer full) (optional): the new recovery code
 *
 * "Someone may know my passphrase": a new master key for everything. The
 * database is rewritten under a key derived from it, every evidence file
 * is encrypted again under a new key of its own, and the key file gets new
 * passphrase and recovery slots and the next generation, which the
 * database records. Afterwards an older key file (a copy, a backup) opens
 * nothing in this folder, whatever passphrase it was made with. Backups
 * made before stay as they were: they still open with the passphrase they
 * were made with.
 *
 * Crash-safe: until the database has the new key, the old passphrase
 * opens the diary (and the unfinished rekey is dropped); from then on the
 * new passphrase does (and the next unlock finishes the rekey). Runs
 * Argon2id twice and reads and writes every evidence file: call it off the
 * main thread.
 */
gboolean
daybook_diary_rekey (DaybookDiary *self, const DaybookSecret *new_passphrase,
                     DaybookSecret **recovery_code, GError **error)
{
  return _daybook_diary_rekey_with_limits (self, new_passphrase, recovery_code,
                                           crypto_pwhash_OPSLIMIT_MODERATE,
                                           crypto_pwhash_MEMLIMIT_MODERATE, error);
}

/**
 * daybook_diary_get_key_generation:
 *
 * Returns: how many times the diary's keys were changed with
 *   daybook_diary_rekey() (0: never)
 */
guint64
daybook_diary_get_key_generation (DaybookDiary *self)
{
  guint64 generation = 0;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (self), 0);

  _daybook_diary_lock (self);
  if (self->db != NULL)
    generation = db_generation (self);
  _daybook_diary_unlock (self);
  return generation;
}

/* ---- verification ---------------------------------------------------------- */

/* Adds a sentence to @problems for each row of "PRAGMA integrity_check" on
 * @db that is not "ok". */
static gboolean
check_integrity (sqlite3 *db, GPtrArray *problems, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, "PRAGMA integrity_check", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (g_strcmp0 (_daybook_sql_text (stmt, 0), "ok") != 0)
      g_ptr_array_add (problems, g_strdup_printf (_ ("The database structure is damaged: %s"),
                                                  _daybook_sql_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}

/*
 * The structure check reads every page of the database, as the chain and
 * the comparisons do, and needs nothing from them: it runs on a second
 * connection on a thread of its own, on the other core. The diary's folder
 * lock keeps other processes out and the diary lock, held throughout,
 * keeps this one from writing, so both connections read one state.
 */
typedef struct
{
  sqlite3 *db;
  GPtrArray *problems;
  GError *error;
  gboolean ok;
} IntegrityJob;

static gpointer
integrity_thread (gpointer data)
{
  IntegrityJob *job = data;

  job->ok = check_integrity (job->db, job->problems, &job->error);
  return NULL;
}

/* A keyed read-only connection to the diary's database, or %NULL when
 * there cannot be one (then the check runs on the diary's connection). */
static sqlite3 *
open_second_reader (DaybookDiary *self)
{
  const char *path = sqlite3_db_filename (self->db, "main");
  sqlite3 *reader = NULL;

  if (self->read_only || path == NULL || *path == '\0' || !sqlite3_threadsafe ())
    return NULL;
  if (sqlite3_open_v2 (path, &reader, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK
      || _daybook_diary_key_connection (self, reader) != SQLITE_OK)
    {
      sqlite3_close (reader);
      return NULL;
    }
  sqlite3_extended_result_codes (reader, 0);
  sqlite3_busy_timeout (reader, 5000);
  return reader;
}

/**
 * _daybook_diary_verify_records:
 * @problems: (element-type utf8): receives one sentence per problem found
 * @regressions: (nullable) (element-type DaybookClockRegression): receives
 *   what daybook_diary_list_clock_regressions() would list, from the same
 *   pass over the history
 *
 * The diary's own part of verification: the database structure, the hash
 * chain over every revision, and each entry, person and the case details
 * against their last revision. Each feature verifies its own records on top of this
 * (daybook-verify.c calls them in turn). Call with the diary lock held.
 *
 * Returns: %FALSE only if the checks could not be run
 */
gboolean
_daybook_diary_verify_records (DaybookDiary *self, GPtrArray *problems, GPtrArray *regressions,
                               GError **error)
{
  g_auto (DaybookBundleSource) source = { 0 };
  g_autoptr (GHashTable) last = NULL;
  g_autoptr (GPtrArray) integrity = g_ptr_array_new_with_free_func (g_free);
  IntegrityJob job = { 0 };
  DaybookClockScan clock;
  GThread *thread = NULL;
  guint base = problems->len;
  gboolean in_read = FALSE;
  gboolean ok;

  if (!_daybook_diary_check_open (self, error))
    return FALSE;
  /* One read transaction for every check: each statement on its own would
   * take and drop the database's locks and check its change counter again
   * (hundreds of thousands of system calls at 100,000 entries), and the
   * checks see one state of the diary. */
  if (sqlite3_get_autocommit (self->db))
    {
      if (!_daybook_sql_exec (self->db, "BEGIN", error))
        return FALSE;
      in_read = TRUE;
    }
  /* Only in a read of its own: inside a caller's transaction, the second
   * connection would not see what it has not committed. */
  job.db = in_read ? open_second_reader (self) : NULL;
  job.problems = integrity;
  if (job.db != NULL)
    thread = g_thread_try_new ("daybook-integrity", integrity_thread, &job, NULL);
  if (thread == NULL)
    job.ok = check_integrity (self->db, integrity, &job.error);

  /* One pass over the history for the chain, each entry's last revision
   * and the clock's regressions. */
  if (regressions != NULL)
    _daybook_clock_scan_init (&clock, regressions);
  ok = (thread != NULL || job.ok)
       && _daybook_chain_verify_tracking (self->db, self->diary_id, "incident", &last,
                                          regressions != NULL ? _daybook_clock_scan_row : NULL,
                                          &clock, problems, error)
       && _daybook_diary_verify_incidents (self, last, problems, error)
       && _daybook_diary_verify_people (self, problems, error)
       && _daybook_diary_verify_case (self, problems, error)
       && _daybook_diary_verify_orders (self, problems, error)
       && _daybook_diary_verify_contacts (self, problems, error)
       && _daybook_diary_verify_messages (self, problems, error)
       && (!self->read_only || _daybook_diary_check_bundle_source (self, &source, problems, error));

  if (thread != NULL)
    g_thread_join (thread);
  g_clear_pointer (&job.db, sqlite3_close);
  /* Nothing was written: ending the read cannot lose anything. */
  if (in_read)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  /* As when the checks ran one after another: the structure's findings
   * first, and a structure check that could not run is the error. */
  if (!job.ok)
    {
      g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&job.error));
      return FALSE;
    }
  for (guint i = 0; i < integrity->len; i++)
    g_ptr_array_insert (problems, base + i, g_steal_pointer (&integrity->pdata[i]));
  return ok;
}
