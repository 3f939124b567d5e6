/* daybook-secret.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DaybookSecret:
 *
 * A buffer of key material or a passphrase in libsodium secure memory:
 * locked out of swap, guarded by canaries, wiped when freed, and made
 * inaccessible with daybook_secret_protect() while not in use.
 */
typedef struct _DaybookSecret DaybookSecret;

DaybookSecret *daybook_secret_new (gsize len);
DaybookSecret *daybook_secret_new_from_data (const void *data, gsize len);
DaybookSecret *daybook_secret_copy (const DaybookSecret *self);
guint8 *daybook_secret_get_data (DaybookSecret *self);
const guint8 *daybook_secret_peek (const DaybookSecret *self);
gsize daybook_secret_get_size (const DaybookSecret *self);
void daybook_secret_set_size (DaybookSecret *self, gsize len);
gboolean daybook_secret_equal (const DaybookSecret *a, const DaybookSecret *b);
void daybook_secret_protect (DaybookSecret *self);
void daybook_secret_unprotect (DaybookSecret *self);
void daybook_secret_free (DaybookSecret *self);
DaybookSecret *daybook_passphrase_normalize (const DaybookSecret *passphrase);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookSecret, daybook_secret_free)

G_END_DECLS
