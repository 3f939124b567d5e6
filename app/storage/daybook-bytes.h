/* daybook-bytes.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

void _daybook_object_unref_nullable (gpointer object);
char *_daybook_hex (const guint8 *data, gsize len);
void _daybook_sha256 (const void *data, gsize len, guint8 out[32]);

G_END_DECLS
