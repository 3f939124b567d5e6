/* daybook-attachment-verify.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include "daybook-i18n.h"
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
                     g_strdup_printf (_ ("Exhibit %s (attachment %" PRId64
                                         ") has no history: it was added outside Daybook."),
                                      attachment->mark, attachment->id));
  else if ((guint)sqlite3_column_int (stmt, 0) != attachment->revision
           || strcmp (_daybook_sql_text (stmt, 1), snapshot) != 0)
    g_ptr_array_add (
        problems,
        g_strdup_printf (
            _ ("Exhibit %s (attachment %" PRId64
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
            _ ("Exhibit %s (attachment %" PRId64
               ") no longer matches its SHA-256: its stored content was altered or damaged."),
            attachment->mark, attachment->id));
}

static void
hash_job_free_nullable (gpointer job)
{
  if (job != NULL)
    hash_job_free (job);
}

/* Adds what the finished jobs from *@head on found, in order, and frees
 * them, up to the first one not finished. */
static gboolean
flush_done (GPtrArray *jobs, guint *head, HashPool *pool, GPtrArray *problems, GError **error)
{
  while (*head < jobs->len)
    {
      HashJob *job = jobs->pdata[*head];
      gboolean done;

      g_mutex_lock (&pool->lock);
      done = job->done;
      g_mutex_unlock (&pool->lock);
      if (!done)
        return TRUE;

      for (guint j = 0; j < job->problems->len; j++)
        g_ptr_array_add (problems, g_steal_pointer (&job->problems->pdata[j]));
      if (job->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&job->error));
          return FALSE;
        }
      check_hash (job, problems);
      hash_job_free (job);
      jobs->pdata[(*head)++] = NULL;
    }
  return TRUE;
}

/* Waits, adding what finished jobs found, until another file may be
 * opened: fewer than MAX_IN_FLIGHT hashing, and fewer than MAX_IN_FLIGHT
 * finished ones held back behind a slower one. */
static gboolean
wait_for_room (GPtrArray *jobs, guint *head, HashPool *pool, GPtrArray *problems, GError **error)
{
  for (;;)
    {
      gboolean full;

      if (!flush_done (jobs, head, pool, problems, error))
        return FALSE;
      g_mutex_lock (&pool->lock);
      full = pool->in_flight >= MAX_IN_FLIGHT || jobs->len - *head >= 2 * MAX_IN_FLIGHT;
      /* The first job's end is checked under the lock it is announced
       * under, so the wakeup cannot be missed. */
      if (full && *head < jobs->len && !((HashJob *)jobs->pdata[*head])->done)
        g_cond_wait (&pool->cond, &pool->lock);
      g_mutex_unlock (&pool->lock);
      if (!full)
        return TRUE;
    }
}

/* Checks each attachment's record on this thread and hashes its content
 * on workers (content in database rows, from schema 2, here). What each
 * finds is added in the order of the attachments, as soon as it and those
 * before it are done, so memory stays bounded however many there are. */
static gboolean
check_all (DaybookDiary *diary, GArray *ids, GPtrArray *problems, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  guint n_workers = CLAMP (g_get_num_processors (), 1, MAX_WORKERS);
  g_autoptr (GPtrArray) jobs = g_ptr_array_new_with_free_func (hash_job_free_nullable);
  HashPool pool = { 0 };
  GThreadPool *threads;
  gboolean ok = TRUE;
  guint head = 0;

  g_mutex_init (&pool.lock);
  g_cond_init (&pool.cond);
  threads = g_thread_pool_new (hash_worker, &pool, n_workers, FALSE, NULL);

  for (guint i = 0; i < ids->len && ok; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      HashJob *job;

      if (!wait_for_room (jobs, &head, &pool, problems, error))
        {
          ok = FALSE;
          break;
        }
      job = g_new0 (HashJob, 1);
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
           * is kept in the job and reported in order. */
          rehash_content (job->content, g_steal_pointer (&job->open_error), &job->total,
                          &job->intact, job->sha256, &job->error);
          g_clear_pointer (&job->content, _daybook_content_free);
          g_mutex_lock (&pool.lock);
          job->done = TRUE;
          g_mutex_unlock (&pool.lock);
          continue;
        }

      _daybook_content_detach (job->content);
      g_mutex_lock (&pool.lock);
      pool.in_flight++;
      g_mutex_unlock (&pool.lock);
      g_thread_pool_push (threads, job, NULL);
    }

  /* Waits for every file pushed, even after a failure: they read while
   * this thread holds the diary's lock. */
  g_thread_pool_free (threads, FALSE, TRUE);
  if (ok)
    ok = flush_done (jobs, &head, &pool, problems, error); /* all are done now */
  g_mutex_clear (&pool.lock);
  g_cond_clear (&pool.cond);
  return ok;
}

static char *
stray_message (guint kind, gint64 id)
{
  switch (kind)
    {
    case 0:
      return g_strdup_printf (_ ("Stored content belongs to attachment %" PRId64
                                 ", which does not exist: it was added outside Daybook."),
                              id);
    case 1:
      return g_strdup_printf (_ ("An entry cites attachment %" PRId64
                                 ", which does not exist: it was changed outside Daybook."),
                              id);
    default:
      return g_strdup_printf (
          _ ("Attachment %" PRId64 " is missing: it was removed outside Daybook."), id);
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
