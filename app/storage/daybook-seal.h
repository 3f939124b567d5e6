/* daybook-seal.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "daybook-secret.h"

G_BEGIN_DECLS

#define DAYBOOK_SEAL_FILE "seal"
#define DAYBOOK_SEAL_KEY_LEN 32

/* What the diary last knew it had saved: the hash chain's length and last
 * link, and when. */
typedef struct
{
  gint64 length;
  gint64 sealed_at; /* seconds since 1970, UTC */
  guint8 head[32];
} DaybookSeal;

typedef enum
{
  DAYBOOK_SEAL_FOUND,
  DAYBOOK_SEAL_ABSENT,
  DAYBOOK_SEAL_DAMAGED,
} DaybookSealState;

DaybookSealState _daybook_seal_read (const char *dir, const DaybookSecret *key,
                                     const guint8 *diary_id, DaybookSeal *out);
gboolean _daybook_seal_write_as (const char *dir, const char *name, const DaybookSecret *key,
                                 const guint8 *diary_id, const DaybookSeal *seal, GError **error);
gboolean _daybook_seal_write (const char *dir, const DaybookSecret *key, const guint8 *diary_id,
                              const DaybookSeal *seal, GError **error);

G_END_DECLS
