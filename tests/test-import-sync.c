/* test-import-sync.c — an import's evidence files reach the disk before the commit that names them
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* RTLD_NEXT, syncfs */

#include "config.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "daybook-attachment.h"
#include "daybook-import.h"
#include "daybook-test-util.h"
#include "daybook-verify.h"

/*
 * This program defines write(), fsync(), fdatasync(), syncfs() and
 * rename() itself: they record what they were asked (the file behind the
 * descriptor) and call the C library's. The calls of SQLCipher (its
 * commit: the sync of the write-ahead log) come here too, so the test sees
 * the real order on the disk's side:
 *
 *   the last write to any new evidence file  <  a sync that covers it
 *     (syncfs(), or fsync() of that very file and of its folder)
 *   <  the database's commit (the last sync of `diary.db-wal` before the
 *      first evidence file is renamed to its final name, which happens
 *      only after the commit)
 *
 * and it counts the syncs: one an e-mail was what made a mailbox import
 * slow.
 */

typedef enum
{
  EV_WRITE_PART, /* a write to evidence/NAME.part */
  EV_SYNC,       /* fsync/fdatasync of a file or folder */
  EV_SYNCFS,     /* syncfs: the whole file system */
  EV_RENAME_PART /* evidence/NAME.part renamed: published */
} EventKind;

typedef struct
{
  EventKind kind;
  char *path;
} Event;

static GArray *events; /* Event, while tracing */
static GMutex events_lock;

static char *
fd_path (int fd)
{
  char link[64], target[4096];
  ssize_t n;

  g_snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, target, sizeof target - 1);
  if (n < 0)
    return g_strdup ("?");
  target[n] = '\0';
  return g_strdup (target);
}

static gboolean
is_part (const char *path)
{
  return strstr (path, "/"
                       "evidence"
                       "/")
             != NULL
         && g_str_has_suffix (path, ".part");
}

static void
record (EventKind kind, char *path)
{
  g_mutex_lock (&events_lock);
  if (events != NULL)
    {
      Event e = { kind, path };

      g_array_append_val (events, e);
      path = NULL;
    }
  g_mutex_unlock (&events_lock);
  g_free (path);
}

static gboolean
tracing (void)
{
  gboolean on;

  g_mutex_lock (&events_lock);
  on = events != NULL;
  g_mutex_unlock (&events_lock);
  return on;
}

ssize_t
write (int fd, const void *buf, size_t count)
{
  static ssize_t (*real) (int, const void *, size_t);

  if (real == NULL)
    real = dlsym (RTLD_NEXT, "write");
  if (fd > 2 && tracing ())
    {
      char *path = fd_path (fd);

      if (is_part (path))
        record (EV_WRITE_PART, path);
      else
        g_free (path);
    }
  return real (fd, buf, count);
}

int
fsync (int fd)
{
  static int (*real) (int);

  if (real == NULL)
    real = dlsym (RTLD_NEXT, "fsync");
  if (tracing ())
    record (EV_SYNC, fd_path (fd));
  return real (fd);
}

int
fdatasync (int fd)
{
  static int (*real) (int);

  if (real == NULL)
    real = dlsym (RTLD_NEXT, "fdatasync");
  if (tracing ())
    record (EV_SYNC, fd_path (fd));
  return real (fd);
}

int
syncfs (int fd)
{
  static int (*real) (int);

  if (real == NULL)
    real = dlsym (RTLD_NEXT, "syncfs");
  if (tracing ())
    record (EV_SYNCFS, fd_path (fd));
  return real (fd);
}

int
rename (const char *from, const char *to)
{
  static int (*real) (const char *, const char *);

  if (real == NULL)
    real = dlsym (RTLD_NEXT, "rename");
  if (tracing () && is_part (from))
    record (EV_RENAME_PART, g_strdup (from));
  return real (from, to);
}

static void
trace_start (void)
{
  g_mutex_lock (&events_lock);
  g_assert_null (events);
  events = g_array_new (FALSE, FALSE, sizeof (Event));
  g_mutex_unlock (&events_lock);
}

static GArray *
trace_stop (void)
{
  GArray *got;

  g_mutex_lock (&events_lock);
  got = g_steal_pointer (&events);
  g_mutex_unlock (&events_lock);
  return got;
}

static void
events_free (GArray *got)
{
  for (guint i = 0; i < got->len; i++)
    g_free (g_array_index (got, Event, i).path);
  g_array_unref (got);
}

typedef struct
{
  guint parts;      /* evidence files written */
  guint syncs;      /* fsync, fdatasync and syncfs calls */
  guint part_syncs; /* of which on evidence files */
} Figures;

/* Checks the order in the note on top over @got; fills @out. */
static void
check_order (GArray *got, Figures *out)
{
  g_autoptr (GHashTable) last_write = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint first_rename = G_MAXUINT, commit = G_MAXUINT, last_part_write = 0;
  GHashTableIter iter;
  gpointer key, value;

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < got->len; i++)
    {
      Event *e = &g_array_index (got, Event, i);

      if (e->kind == EV_WRITE_PART)
        {
          g_hash_table_replace (last_write, g_strdup (e->path), GUINT_TO_POINTER (i + 1));
          last_part_write = i;
        }
      else if (e->kind == EV_RENAME_PART && first_rename == G_MAXUINT)
        first_rename = i;
      else if (e->kind == EV_SYNC || e->kind == EV_SYNCFS)
        {
          out->syncs++;
          if (is_part (e->path))
            out->part_syncs++;
        }
    }
  out->parts = g_hash_table_size (last_write);
  g_assert_cmpuint (out->parts, >, 0);
  g_assert_cmpuint (first_rename, !=, G_MAXUINT);

  /* The commit: the log's last sync before the first file is published. */
  for (guint i = 0; i < first_rename; i++)
    {
      Event *e = &g_array_index (got, Event, i);

      if (e->kind == EV_SYNC && g_str_has_suffix (e->path, "/diary.db-wal"))
        commit = i;
    }
  g_assert_cmpuint (commit, !=, G_MAXUINT);
  g_assert_cmpuint (last_part_write, <, commit);

  /* Each file: synced after its last write, before the commit. */
  g_hash_table_iter_init (&iter, last_write);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint written = GPOINTER_TO_UINT (value) - 1;
      g_autofree char *folder = g_path_get_dirname (key);
      gboolean file_synced = FALSE, folder_synced = FALSE;

      for (guint i = written + 1; i < commit; i++)
        {
          Event *e = &g_array_index (got, Event, i);

          if (e->kind == EV_SYNCFS)
            file_synced = folder_synced = TRUE;
          else if (e->kind == EV_SYNC && strcmp (e->path, key) == 0)
            file_synced = TRUE;
          else if (e->kind == EV_SYNC && strcmp (e->path, folder) == 0)
            folder_synced = TRUE;
        }
      if (!file_synced || !folder_synced)
        g_error ("%s was committed before it was on the disk (file %s, folder %s)", (char *)key,
                 file_synced ? "synced" : "NOT synced", folder_synced ? "synced" : "NOT synced");
    }
}

static char *
write_mbox (const char *dir, guint n)
{
  g_autoptr (GString) text = g_string_new (NULL);
  char *path = g_build_filename (dir, "mail.mbox", NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "From sam@example.org Mon Mar  2 10:%02u:00 2026\n"
                            "From: Sam Example <sam@example.org>\n"
                            "To: me@example.net\n"
                            "Subject: message %u\n"
                            "Date: Mon, 2 Mar 2026 10:%02u:00 +0000\n"
                            "Message-ID: <m%u@example.org>\n"
                            "\n"
                            "I know where you were today, number %u.\n"
                            "\n",
                            i % 60, i, i % 60, i, i);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  return path;
}

#define MAILS 40

/* A mailbox of 40 e-mails: 41 evidence files in one batch, each on the
 * disk before the commit, with a handful of syncs in all. */
static void
test_mbox_batch (void)
{
  g_autofree char *dir = daybook_test_copy_template ();
  g_autofree char *files = daybook_test_make_tmpdir ();
  g_autofree char *path = write_mbox (files, MAILS);
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (DaybookImportResult) result = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  DaybookImportChoices choices = { { 0 } };
  GArray *got;
  Figures fig;

  choices.time_zone = "UTC";
  trace_start ();
  result = daybook_diary_import_messages (diary, path, &choices, NULL, NULL, &error);
  got = trace_stop ();
  g_assert_no_error (error);
  g_assert_cmpstr (result->format, ==, "mbox");
  g_assert_cmpuint (result->messages, ==, MAILS);

  check_order (got, &fig);
  g_test_message ("%u evidence files, %u syncs (%u of them of an evidence file)", fig.parts,
                  fig.syncs, fig.part_syncs);
  /* The mailbox and each e-mail. */
  g_assert_cmpuint (fig.parts, ==, MAILS + 1);
  /* Not one sync a file: the batch syncs them together. */
  g_assert_cmpuint (fig.part_syncs, ==, 0);
  g_assert_cmpuint (fig.syncs, <, 12);
  events_free (got);

  /* Everything published, nothing left under a `.part` name, and the
   * diary verifies once opened again. */
  g_clear_object (&diary);
  {
    g_autofree char *evidence = g_build_filename (dir, "evidence", NULL);
    g_autoptr (GDir) d = g_dir_open (evidence, 0, NULL);
    const char *name;
    guint n = 0;

    g_assert_nonnull (d);
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_assert_false (g_str_has_suffix (name, ".part"));
        n++;
      }
    g_assert_cmpuint (n, ==, MAILS + 1);
  }
  diary = daybook_test_open (dir);
  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  g_clear_object (&diary);
  daybook_test_rm_copy (dir);
  daybook_test_rm_rf (files);
}

/* An attachment on its own (no batch) still syncs its own file before its
 * commit, as it always did. */
static void
test_single_attachment (void)
{
  g_autofree char *dir = daybook_test_copy_template ();
  g_autofree char *files = daybook_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (files, "photo.jpg", NULL);
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autoptr (GError) error = NULL;
  GArray *got;
  Figures fig;

  g_assert_true (g_file_set_contents (path, "not really a photo", -1, NULL));
  trace_start ();
  attachment = daybook_diary_import_attachment (diary, path, 0, NULL, NULL, NULL, NULL, &error);
  got = trace_stop ();
  g_assert_no_error (error);
  g_assert_nonnull (attachment);
  check_order (got, &fig);
  g_assert_cmpuint (fig.parts, ==, 1);
  g_assert_cmpuint (fig.part_syncs, ==, 1);
  events_free (got);

  g_clear_object (&diary);
  daybook_test_rm_copy (dir);
  daybook_test_rm_rf (files);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-sync/mbox-batch", test_mbox_batch);
  g_test_add_func ("/import-sync/single-attachment", test_single_attachment);
  return g_test_run ();
}
