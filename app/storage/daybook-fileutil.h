/* daybook-fileutil.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean daybook_write_file_atomic (const char *path, const void *data, gsize len, GError **error);
gboolean daybook_write_file_atomic_full (const char *path, const void *data, gsize len,
                                         gboolean sync_dir, GError **error);
gboolean daybook_fsync_dir (const char *dir, GError **error);
gboolean daybook_write_full (int fd, const void *data, gsize len);
typedef struct _DaybookBulkWriter DaybookBulkWriter;

DaybookBulkWriter *daybook_bulk_writer_new (int fd);
gboolean daybook_bulk_writer_write (DaybookBulkWriter *self, const void *data, gsize len);
gboolean daybook_bulk_writer_finish (DaybookBulkWriter *self);
void daybook_bulk_writer_free (DaybookBulkWriter *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookBulkWriter, daybook_bulk_writer_free)
gssize daybook_read_full (int fd, void *buf, gsize len);

/* A file that appears at its path only once complete (see
 * daybook-fileutil.c). Zero-initialise, then daybook_new_file_open(). */
typedef struct
{
  int fd;
  char *path;  /* the target */
  char *tmp;   /* the hidden file beside it, where O_TMPFILE is lacking */
  char *alias; /* a path that opens what was written so far */
  gboolean installed;
} DaybookNewFile;

int daybook_new_file_open (DaybookNewFile *self, const char *path, int flags);
const char *daybook_new_file_get_readable_path (DaybookNewFile *self);
int daybook_new_file_install (DaybookNewFile *self, gboolean replace);
void daybook_new_file_clear (DaybookNewFile *self);
void daybook_set_io_error (GError **error, int saved_errno, const char *what);

G_END_DECLS
