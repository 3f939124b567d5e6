/* daybook-strength.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "daybook-secret.h"

G_BEGIN_DECLS

/**
 * DAYBOOK_SCORE_FAIR:
 *
 * The lowest score a new passphrase may have without being overridden.
 */
#define DAYBOOK_SCORE_FAIR 2

/**
 * DAYBOOK_SCORE_MAX:
 *
 * The highest score.
 */
#define DAYBOOK_SCORE_MAX 4

guint daybook_passphrase_score (const char *passphrase, double *bits);
guint daybook_passphrase_score_secret (const DaybookSecret *passphrase);

G_END_DECLS
