/* daybook-demo.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-diary.h"

G_BEGIN_DECLS

gboolean daybook_demo_fill (DaybookDiary *diary, guint n_incidents, guint32 seed, GError **error);
gboolean daybook_demo_add_evidence (DaybookDiary *diary, guint n_attachments, guint32 seed,
                                    GError **error);

G_END_DECLS
