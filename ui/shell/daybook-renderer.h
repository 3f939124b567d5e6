/* daybook-renderer.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void daybook_renderer_prepare (void);
const char *daybook_renderer_choose (GdkDisplay *display);

G_END_DECLS
