/* daybook-signature.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "daybook-types.h"

G_BEGIN_DECLS

char *daybook_signature_dup_public_key (DaybookDiary *diary, char **key_id);
char *daybook_signature_format_public_key (DaybookDiary *diary);
char *daybook_signature_sign_file (DaybookDiary *diary, const char *path,
                                   const char *trusted_comment, GError **error);

G_END_DECLS
