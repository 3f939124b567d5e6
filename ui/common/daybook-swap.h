/* daybook-swap.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DAYBOOK_SWAP_NONE,      /* no swap in use */
  DAYBOOK_SWAP_ENCRYPTED, /* every swap area is dm-crypt, or zram (memory) */
  DAYBOOK_SWAP_PLAIN,     /* at least one swap area is on the disk unencrypted */
  DAYBOOK_SWAP_UNKNOWN,   /* could not tell */
} DaybookSwapState;

DaybookSwapState daybook_swap_check (const char *root, gboolean *can_hibernate);

G_END_DECLS
