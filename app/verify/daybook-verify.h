/* daybook-verify.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-diary.h"

G_BEGIN_DECLS

gboolean daybook_diary_verify (DaybookDiary *self, GPtrArray **problems, GError **error);
gboolean daybook_diary_verify_full (DaybookDiary *self, GPtrArray **problems,
                                    GPtrArray **regressions, GError **error);

G_END_DECLS
