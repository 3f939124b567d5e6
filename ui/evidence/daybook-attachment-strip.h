/* daybook-attachment-strip.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-attachment.h"
#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_ATTACHMENT_STRIP (daybook_attachment_strip_get_type ())

G_DECLARE_FINAL_TYPE (DaybookAttachmentStrip, daybook_attachment_strip, DAYBOOK, ATTACHMENT_STRIP,
                      GtkWidget)

void daybook_attachment_strip_set_entry (DaybookAttachmentStrip *self, DaybookDiary *diary,
                                         gint64 number);
void daybook_attachment_strip_accept_drops_on (DaybookAttachmentStrip *self, GtkWidget *area);
GListModel *daybook_attachment_strip_get_model (DaybookAttachmentStrip *self);
GtkWidget *daybook_attachment_thumbnail_new (DaybookDiary *diary, DaybookAttachment *attachment,
                                             int size);

/* For tests: bypass the file chooser. */
void _daybook_attachment_strip_attach_files (DaybookAttachmentStrip *self, GList *files);
gboolean _daybook_attachment_strip_is_busy (DaybookAttachmentStrip *self);
const char *_daybook_attachment_strip_get_last_error (DaybookAttachmentStrip *self);

G_END_DECLS
