/* daybook-attachment-media.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

GtkMediaStream *daybook_attachment_media_new (DaybookDiary *diary, gint64 id, GError **error);
gboolean daybook_attachment_media_is_cut (GtkMediaStream *media);

G_END_DECLS
