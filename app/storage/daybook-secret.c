/* daybook-secret.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-secret"

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "daybook-secret.h"

struct _DaybookSecret
{
  guint8 *data; /* sodium_malloc'd, capacity bytes */
  gsize capacity;
  gsize size; /* bytes in use, <= capacity */
};

/**
 * daybook_secret_new:
 * @len: capacity in bytes
 *
 * Returns: (transfer full): a zeroed secret of @len bytes; aborts if
 *   secure memory cannot be had, since carrying on would leak keys.
 */
DaybookSecret *
daybook_secret_new (gsize len)
{
  DaybookSecret *self = g_new0 (DaybookSecret, 1);

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");

  self->capacity = MAX (len, 1);
  self->size = len;
  self->data = sodium_malloc (self->capacity);
  if (self->data == NULL)
    g_error ("Out of secure memory");
  sodium_memzero (self->data, self->capacity);

  return self;
}

DaybookSecret *
daybook_secret_new_from_data (const void *data, gsize len)
{
  DaybookSecret *self = daybook_secret_new (len);

  if (len > 0)
    memcpy (self->data, data, len);

  return self;
}

DaybookSecret *
daybook_secret_copy (const DaybookSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return daybook_secret_new_from_data (self->data, self->size);
}

guint8 *
daybook_secret_get_data (DaybookSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

const guint8 *
daybook_secret_peek (const DaybookSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

gsize
daybook_secret_get_size (const DaybookSecret *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

/**
 * daybook_secret_set_size:
 *
 * Shrinks the used part of the buffer (for a passphrase read into a larger
 * buffer); the rest is wiped.
 */
void
daybook_secret_set_size (DaybookSecret *self, gsize len)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (len <= self->capacity);

  if (len < self->size)
    sodium_memzero (self->data + len, self->size - len);
  self->size = len;
}

gboolean
daybook_secret_equal (const DaybookSecret *a, const DaybookSecret *b)
{
  if (a->size != b->size)
    return FALSE;

  return a->size == 0 || sodium_memcmp (a->data, b->data, a->size) == 0;
}

/* While the diary is locked, key pages are made inaccessible, so a stray
 * read (or an attacker's read primitive) faults instead of leaking. */
void
daybook_secret_protect (DaybookSecret *self)
{
  g_return_if_fail (self != NULL);

  sodium_mprotect_noaccess (self->data);
}

void
daybook_secret_unprotect (DaybookSecret *self)
{
  g_return_if_fail (self != NULL);

  sodium_mprotect_readwrite (self->data);
}

void
daybook_secret_free (DaybookSecret *self)
{
  if (self == NULL)
    return;

  sodium_mprotect_readwrite (self->data);
  sodium_free (self->data); /* wipes before freeing */
  g_free (self);
}

/**
 * daybook_passphrase_normalize:
 *
 * The one place where a typed passphrase becomes the bytes a key is derived
 * from, for the window and the command line alike: Unicode NFC, so that "é"
 * typed as one character or as "e" and a combining accent gives the same
 * key. Bytes that are not UTF-8 are kept as they are. The temporary copy
 * GLib makes in ordinary memory is wiped before it is freed.
 *
 * Returns: (transfer full): the normalised passphrase, in secure memory
 */
DaybookSecret *
daybook_passphrase_normalize (const DaybookSecret *passphrase)
{
  const char *text = (const char *)passphrase->data;
  char *nfc;
  DaybookSecret *out;

  if (!g_utf8_validate (text, (gssize)passphrase->size, NULL))
    return daybook_secret_copy (passphrase);
  nfc = g_utf8_normalize (text, (gssize)passphrase->size, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return daybook_secret_copy (passphrase);
  out = daybook_secret_new_from_data (nfc, strlen (nfc));
  sodium_memzero (nfc, strlen (nfc));
  g_free (nfc);
  return out;
}
