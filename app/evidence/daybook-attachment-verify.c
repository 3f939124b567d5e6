/* daybook-attachment-verify.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "daybook-attachment-private.h"
#include "daybook-attachment-verify.h"
#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"

/* `verify` for evidence: every attachment's stored bytes are hashed again
 * and compared with the SHA-256 recorded at import, and every attachment
 * must read exactly as its last revision in the hash chain (which holds
 * that SHA-256, so altering both the bytes and the recorded hash is caught
 * too). Problems name the exhibit mark and id, never the file name. */

/* Evidence files are hashed on worker threads, one file per thread, while
 * the thread that verifies holds the diary's lock (so the diary cannot be
 * locked under them) and reads the database. At most MAX_IN_FLIGHT files
 * are open at once; problems are added in the order of the attachments,
 * whichever thread finished first. */
#define MAX_WORKERS 8
#define MAX_IN_FLIGHT 32

typedef struct
{
  DaybookAttachment *attachment;
  DaybookContent *content; /* NULL: could not be opened (damaged) */
  GError *open_error;
  GPtrArray *problems; /* what the record's check found, added before the hash's */
  gboolean done;
  gboolean intact;
  guint64 total;
  guint8 sha256[32];
  GError *error;
} HashJob;

typedef struct
{
  GMutex lock;
  GCond cond;
  guint in_flight;
} HashPool;

static void
hash_job_free (HashJob *job)
{
  g_clear_object (&job->attachment);
  g_clear_pointer (&job->content, _daybook_content_free);
  g_clear_error (&job->open_error);
  g_clear_error (&job->error);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_free (job);
}

/* Hashes @content. Sets @intact to FALSE, without an error, when the
 * stored bytes are missing or fail their authentication. */
static gboolean
rehash_content (DaybookContent *content, GError *open_error, guint64 *total, gboolean *intact,
                guint8 sha256[32], GError **error)
{
  g_autoptr (GError) local_error = open_error;
  g_autofree guint8 *buf = NULL;
  EVP_MD_CTX *md;
  guint64 n;

  *total = 0;
  *intact = FALSE;
  memset (sha256, 0, 32);
  if (content == NULL)
    goto damaged;

  buf = g_malloc (DAYBOOK_BLOB_BUFFER_LEN);
  md = EVP_MD_CTX_new ();
  EVP_DigestInit_ex (md, EVP_sha256 (), NULL);
  n = _daybook_content_n_chunks (content);
  for (guint64 seq = 0; seq < n && local_error == NULL; seq++)
    {
      gssize len = _daybook_content_read (content, seq, buf, &local_error);

      if (len >= 0)
        {
          EVP_DigestUpdate (md, buf, len);
          *total += len;
        }
    }
  EVP_DigestFinal_ex (md, sha256, NULL);
  EVP_MD_CTX_free (md);
  sodium_memzero (buf, DAYBOOK_BLOB_BUFFER_LEN);
  if (local_error == NULL)
    _daybook_content_check_padding (content, &local_error);
  if (local_error == NULL)
    {
      *intact = TRUE;
      return TRUE;
    }

damaged:
  if (g_error_matches (local_error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
hash_worker (gpointer data, gpointer user_data)
{
  HashJob *job = data;
  HashPool *pool = user_data;

  rehash_content (job->content, g_steal_pointer (&job->open_error), &job->total, &job->intact,
                  job->sha256, &job->error);
  g_clear_pointer (&job->content, _daybook_content_free); /* closes the file */

  g_mutex_lock (&pool->lock);
  job->done = TRUE;
  pool->in_flight--;
  g_cond_broadcast (&pool->cond);
  g_mutex_unlock (&pool->lock);
}

static gboolean
check_snapshot (sqlite3 *db, DaybookAttachment *attachment, GPtrArray *problems, GError **error)
{
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db,
      "SELECT revision, snapshot FROM revisions WHERE entity = 'attachment' AND entity_id = ?"
      " ORDER BY revision DESC LIMIT 1",
      error);
  g_autofree char *snapshot = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, attachment->id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  snapshot = _daybook_attachment_to_snapshot (attachment);
  if (rc == SQLITE_DONE)
    g_ptr_array_add (problems,
                     g_strdup_printf (_ ("Exhibit %s (attachment %" G_GINT64_FORMAT
                                         ") has no history: it was added outside Daybook."),
                                      attachment->mark, attachment->id));
  else if ((guint)sqlite3_column_int (stmt, 0) != attachment->revision
           || strcmp (_daybook_sql_text (stmt, 1), snapshot) != 0)
    g_ptr_array_add (
        problems,
        g_strdup_printf (
            _ ("Exhibit %s (attachment %" G_GINT64_FORMAT
               ") differs from its last saved revision: its record was changed outside Daybook."),
            attachment->mark, attachment->id));
  return TRUE;
}

/* Compares what @job found with what the attachment records. */
static void
check_hash (HashJob *job, GPtrArray *problems)
{
  DaybookAttachment *attachment = job->attachment;
  g_autofree char *hex = _daybook_hex (job->sha256, sizeof job->sha256);

  if (!job->intact || job->total != attachment->size || strcmp (hex, attachment->sha256) != 0)
    g_ptr_array_add (
        problems,
        g_strdup_printf (
            _ ("Exhibit %s (attachment %" G_GINT64_FORMAT
               ") no longer matches its SHA-256: its stored content was altered or damaged."),
            attachment->mark, attachment->id));
}

/* Checks each attachment's record on this thread and hashes its content
 * on workers (content in database rows, from schema 2, here). */
static gboolean
check_all (DaybookDiary *diary, GArray *ids, GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  guint n_workers = CLAMP (g_get_num_processors (), 1, MAX_WORKERS);
  g_autoptr (GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)hash_job_free);
  HashPool pool = { 0 };
  GThreadPool *threads;
  gboolean ok = TRUE;

  g_mutex_init (&pool.lock);
  g_cond_init (&pool.cond);
  threads = g_thread_pool_new (hash_worker, &pool, n_workers, FALSE, NULL);

  for (guint i = 0; i < ids->len && ok; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      HashJob *job = g_new0 (HashJob, 1);

      g_ptr_array_add (jobs, job);
      job->problems = g_ptr_array_new_with_free_func (g_free);
      job->attachment = _daybook_attachment_load (diary, id, error);
      if (job->attachment == NULL || !check_snapshot (db, job->attachment, job->problems, error))
        {
          ok = FALSE;
          break;
        }
      job->content = _daybook_content_open (diary, id, &job->open_error);
      if (job->content == NULL || !_daybook_content_is_file (job->content))
        {
          /* Rows of the database: hashed here, under the lock. An error
           * is kept in the job and reported in order below. */
          rehash_content (job->content, g_steal_pointer (&job->open_error), &job->total,
                          &job->intact, job->sha256, &job->error);
          g_clear_pointer (&job->content, _daybook_content_free);
          job->done = TRUE;
          continue;
        }

      _daybook_content_detach (job->content);
      g_mutex_lock (&pool.lock);
      while (pool.in_flight >= MAX_IN_FLIGHT)
        g_cond_wait (&pool.cond, &pool.lock);
      pool.in_flight++;
      g_mutex_unlock (&pool.lock);
      g_thread_pool_push (threads, job, NULL);
    }

  /* Waits for every file pushed, even after a failure: they read while
   * this thread holds the diary's lock. */
  g_thread_pool_free (threads, FALSE, TRUE);
  g_mutex_clear (&pool.lock);
  g_cond_clear (&pool.cond);

  for (guint i = 0; ok && i < jobs->len; i++)
    {
      HashJob *job = jobs->pdata[i];

      g_assert (job->done);
      for (guint j = 0; j < job->problems->len; j++)
        g_ptr_array_add (problems, g_steal_pointer (&job->problems->pdata[j]));
      if (job->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&job->error));
          return FALSE;
        }
      check_hash (job, problems);
    }
  return ok;
}

static char *
stray_message (guint kind, gint64 id)
{
  switch (kind)
    {
    case 0:
      return g_strdup_printf (_ ("Stored content belongs to attachment %" G_GINT64_FORMAT
                                 ", which does not exist: it was added outside Daybook."),
                              id);
    case 1:
      return g_strdup_printf (_ ("An entry cites attachment %" G_GINT64_FORMAT
                                 ", which does not exist: it was changed outside Daybook."),
                              id);
    default:
      return g_strdup_printf (
          _ ("Attachment %" G_GINT64_FORMAT " is missing: it was removed outside Daybook."), id);
    }
}

/* Rows that belong to no attachment, and histories without a row. */
static gboolean
check_strays (sqlite3 *db, GPtrArray *problems, GError **error)
{
  static const char *checks[] = {
    "SELECT DISTINCT attachment_id FROM attachment_chunks WHERE attachment_id NOT IN (SELECT id "
    "FROM attachments)",
    "SELECT DISTINCT attachment_id FROM attachment_links WHERE attachment_id NOT IN (SELECT id "
    "FROM attachments)",
    "SELECT DISTINCT entity_id FROM revisions WHERE entity = 'attachment' AND entity_id NOT IN "
    "(SELECT id FROM attachments)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, checks[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (problems, stray_message (i, sqlite3_column_int64 (stmt, 0)));
      if (rc != SQLITE_DONE)
        return _daybook_sql_error (db, rc, error);
    }
  return TRUE;
}

/* Evidence files that no attachment names. */
static gboolean
check_stray_files (DaybookDiary *diary, GPtrArray *problems, GError **error)
{
  g_autofree char *folder
      = g_build_filename (daybook_diary_get_dir (diary), DAYBOOK_BLOB_DIR, NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GHashTable) named = g_hash_table_new (g_str_hash, g_str_equal);
  const char *name;

  if (dir == NULL)
    return TRUE;
  names = _daybook_attachments_list_blobs (_daybook_diary_get_db (diary), "main", error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    g_hash_table_add (named, names->pdata[i]);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (_daybook_blob_name_is_valid (name) && !g_hash_table_contains (named, name))
      g_ptr_array_add (problems,
                       g_strdup_printf (_ ("The evidence file %s belongs to no attachment: it was "
                                           "added outside Daybook."),
                                        name));
  return TRUE;
}

/*
 * _daybook_diary_verify_attachments:
 * @problems: (element-type utf8): where each problem found is added
 *
 * Hold the lock. Returns %FALSE only when the check could not run.
 */
gboolean
_daybook_diary_verify_attachments (DaybookDiary *diary, GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt
      = _daybook_sql_prepare (db, "SELECT id FROM attachments ORDER BY id", error);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);

  if (!check_all (diary, ids, problems, error))
    return FALSE;

  return check_strays (db, problems, error) && check_stray_files (diary, problems, error);
}
