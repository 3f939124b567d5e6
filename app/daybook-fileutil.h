/* daybook-fileutil.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean daybook_write_file_atomic (const char  *path,
                                    const void  *data,
                                    gsize        len,
                                    GError     **error);
gboolean daybook_fsync_dir         (const char  *dir,
                                    GError     **error);
gboolean daybook_write_full        (int          fd,
                                    const void  *data,
                                    gsize        len);
void     daybook_write_behind      (int          fd,
                                    guint64      written,
                                    guint64     *started);
gssize   daybook_read_full         (int          fd,
                                    void        *buf,
                                    gsize        len);
void     daybook_set_io_error      (GError     **error,
                                    int          saved_errno,
                                    const char  *what);

G_END_DECLS
