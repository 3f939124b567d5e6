/* daybook-attachment-export.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "daybook-i18n.h"
#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "daybook-attachment-private.h"
#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"

/* Writing an original back out, byte for byte. The copy is hashed as it
 * is written and only given its name (by rename, so a reader never sees
 * half a file) when it matches the recorded SHA-256. The copy is not
 * encrypted: the window warns about that before calling this. */

typedef struct
{
  DaybookContent *content;
  guint64 n_chunks;
  EVP_MD_CTX *md;
  guint64 total;
  DaybookBulkWriter *out;
  GCancellable *cancellable;
} Copy;

/* The first stage: reads and decrypts the next stored chunk. */
static gboolean
read_stored (DaybookSlot *slot, gpointer data, GError **error)
{
  Copy *copy = data;
  gssize len = _daybook_content_read (copy->content, slot->seq, slot->data, error);

  if (len < 0)
    return FALSE;
  slot->len = len;
  slot->last = slot->seq + 1 == copy->n_chunks;
  return !g_cancellable_set_error_if_cancelled (copy->cancellable, error);
}

/* The second stage, on the other core: hashes it and writes it out. */
static gboolean
write_copy (DaybookSlot *slot, gpointer data, GError **error)
{
  Copy *copy = data;

  EVP_DigestUpdate (copy->md, slot->data, slot->len);
  if (!daybook_bulk_writer_write (copy->out, slot->data, slot->len)
      || (slot->last && !daybook_bulk_writer_finish (copy->out)))
    {
      daybook_set_io_error (error, errno, _ ("Could not write the exported copy"));
      return FALSE;
    }
  copy->total += slot->len;
  return TRUE;
}

/* Streams the stored bytes of @id into @fd; hashes what was written. */
static gboolean
copy_chunks (DaybookDiary *diary, gint64 id, int fd, GCancellable *cancellable, guint64 *total,
             guint8 sha256[32], GError **error)
{
  g_autoptr (DaybookContent) content = _daybook_content_open (diary, id, error);
  Copy copy = { content, 0, EVP_MD_CTX_new (), 0, daybook_bulk_writer_new (fd), cancellable };
  gboolean ok = FALSE;

  if (content == NULL || copy.md == NULL || EVP_DigestInit_ex (copy.md, EVP_sha256 (), NULL) != 1)
    goto out;
  copy.n_chunks = _daybook_content_n_chunks (content);
  if (copy.n_chunks > 0 && !_daybook_pipeline_run (read_stored, write_copy, &copy, error))
    goto out;
  EVP_DigestFinal_ex (copy.md, sha256, NULL);
  *total = copy.total;
  ok = TRUE;

out:
  EVP_MD_CTX_free (copy.md);
  daybook_bulk_writer_free (copy.out);
  return ok;
}

static gboolean
install_error (const char *path, int err, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *what = NULL;

  if (err == EEXIST)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _ ("%s already exists. Use --force to replace it."), display);
      return FALSE;
    }
  what = g_strdup_printf (_ ("Could not write %s"), display);
  daybook_set_io_error (error, err, what);
  return FALSE;
}

/* The copy is written without a name and named only once complete and
 * checked (daybook_new_file_open()): a crash leaves nothing beside @path. */
static gboolean
export_copy (DaybookDiary *diary, DaybookAttachment *attachment, const char *path, gboolean force,
             GCancellable *cancellable, GError **error)
{
  DaybookNewFile out = { 0 };
  g_autoptr (GError) local_error = NULL;
  g_autofree char *hex = NULL;
  guint8 sha256[32] = { 0 };
  guint64 total = 0;
  gboolean ok = FALSE;
  int err;

  if (daybook_new_file_open (&out, path, O_WRONLY) < 0)
    {
      install_error (path, errno, error);
      goto out;
    }
  if (!copy_chunks (diary, attachment->id, out.fd, cancellable, &total, sha256, &local_error)
      && !g_error_matches (local_error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto out;
    }

  hex = _daybook_hex (sha256, sizeof sha256);
  if (local_error != NULL || total != attachment->size || g_strcmp0 (hex, attachment->sha256) != 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   _ ("The stored copy of exhibit %s no longer matches its SHA-256, so it was not "
                      "exported. Run “daybook-cli verify”."),
                   attachment->mark);
      goto out;
    }
  if (fsync (out.fd) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the exported copy"));
      goto out;
    }
  err = daybook_new_file_install (&out, force);
  ok = err == 0 || install_error (path, err, error);

out:
  daybook_new_file_clear (&out);
  return ok;
}

/**
 * daybook_diary_export_attachment:
 * @path: where to write the copy
 * @force: replace @path if it exists
 *
 * Writes attachment @id's original bytes to @path. Fails with
 * %DAYBOOK_ERROR_EXISTS when @path exists and @force is not set, and with
 * %DAYBOOK_ERROR_DAMAGED when the stored bytes do not match their hash.
 */
gboolean
daybook_diary_export_attachment (DaybookDiary *diary, gint64 id, const char *path, gboolean force,
                                 GCancellable *cancellable, GError **error)
{
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("%s is a folder. Give the name of the file to write."), display);
      return FALSE;
    }
  if (!force && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _ ("%s already exists. Use --force to replace it."), display);
      return FALSE;
    }

  attachment = daybook_diary_get_attachment (diary, id, error);
  if (attachment == NULL)
    return FALSE;

  /* The diary stays usable meanwhile: each chunk is read under its lock. */
  return export_copy (diary, attachment, path, force, cancellable, error);
}
