/* daybook-attachment-viewer.h
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

#define DAYBOOK_TYPE_ATTACHMENT_VIEWER (daybook_attachment_viewer_get_type ())

G_DECLARE_FINAL_TYPE (DaybookAttachmentViewer, daybook_attachment_viewer, DAYBOOK,
                      ATTACHMENT_VIEWER, AdwWindow)

GtkWidget *daybook_attachment_viewer_show (GtkWidget *from, DaybookDiary *diary,
                                           DaybookAttachment *attachment);

/* For tests */
gboolean _daybook_attachment_viewer_is_busy (DaybookAttachmentViewer *self);
const char *_daybook_attachment_viewer_get_kind (DaybookAttachmentViewer *self);
GdkPaintable *_daybook_attachment_viewer_get_image (DaybookAttachmentViewer *self);
char *_daybook_attachment_viewer_dup_text (DaybookAttachmentViewer *self);
void _daybook_attachment_viewer_export_to (DaybookAttachmentViewer *self, GFile *file);
const char *_daybook_attachment_viewer_get_last_error (DaybookAttachmentViewer *self);

G_END_DECLS
