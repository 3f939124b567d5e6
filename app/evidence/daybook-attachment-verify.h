/* daybook-attachment-verify.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-types.h"

G_BEGIN_DECLS

gboolean _daybook_diary_verify_attachments (DaybookDiary *diary, GPtrArray *problems,
                                            GError **error);

G_END_DECLS
