/* daybook-keyfile.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-keyfile"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-keyfile.h"

/*
 * The key file, little-endian throughout:
 *
 *   header   magic "DAYBOOKK" (8) | version u16 | slot count u16 | diary id (16)
 *   slot     kind u8 | algorithm u8 | reserved u16 | opslimit u64 |
 *            memlimit u64 | salt (16) | nonce (24) | wrapped key (32 + 16 tag)
 *   trailer  BLAKE2b-256 of everything before it
 *
 * The checksum tells a damaged file (exit 4, try keys.bak) apart from a
 * wrong passphrase (every AEAD fails on an intact file, exit 3). Each slot's
 * AEAD additional data is the header minus the slot count, followed by the
 * slot's own parameters, so parameters and diary id cannot be swapped.
 */

#define MAGIC "DAYBOOKK"
#define MAGIC_LEN 8
#define VERSION 1
#define HEADER_LEN (MAGIC_LEN + 2 + 2 + DAYBOOK_DIARY_ID_BYTES)
#define SALT_LEN crypto_pwhash_SALTBYTES
#define NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define WRAPPED_LEN (DAYBOOK_MASTER_KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define SLOT_PARAMS (1 + 1 + 2 + 8 + 8 + SALT_LEN)
#define SLOT_LEN (SLOT_PARAMS + NONCE_LEN + WRAPPED_LEN)
#define CHECKSUM_LEN 32
#define MAX_SLOTS 8
#define ALG_ARGON2ID13 1

/* A crafted key file must not make us spend minutes or gigabytes. */
#define MAX_MEMLIMIT ((guint64)4 << 30)
#define MAX_OPSLIMIT 64

G_STATIC_ASSERT (SALT_LEN == 16);

typedef struct
{
  guint8 kind;
  guint8 alg;
  guint64 opslimit;
  guint64 memlimit;
  guint8 salt[SALT_LEN];
  guint8 nonce[NONCE_LEN];
  guint8 wrapped[WRAPPED_LEN];
} Slot;

struct _DaybookKeyfile
{
  guint8 diary_id[DAYBOOK_DIARY_ID_BYTES];
  Slot slots[MAX_SLOTS];
  guint n_slots;
};

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void
put_u16 (guint8 *p, guint16 v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static void
put_u64 (guint8 *p, guint64 v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static guint16
get_u16 (const guint8 *p)
{
  return (guint16)(p[0] | (p[1] << 8));
}

static guint64
get_u64 (const guint8 *p)
{
  guint64 v = 0;

  for (guint i = 0; i < 8; i++)
    v |= (guint64)p[i] << (8 * i);
  return v;
}

static void
slot_params (const Slot *slot, guint8 out[SLOT_PARAMS])
{
  out[0] = slot->kind;
  out[1] = slot->alg;
  put_u16 (out + 2, 0);
  put_u64 (out + 4, slot->opslimit);
  put_u64 (out + 12, slot->memlimit);
  memcpy (out + 20, slot->salt, SALT_LEN);
}

static void
slot_ad (DaybookKeyfile *self, const Slot *slot,
         guint8 ad[MAGIC_LEN + 2 + DAYBOOK_DIARY_ID_BYTES + SLOT_PARAMS])
{
  memcpy (ad, MAGIC, MAGIC_LEN);
  put_u16 (ad + MAGIC_LEN, VERSION);
  memcpy (ad + MAGIC_LEN + 2, self->diary_id, DAYBOOK_DIARY_ID_BYTES);
  slot_params (slot, ad + MAGIC_LEN + 2 + DAYBOOK_DIARY_ID_BYTES);
}

static Slot *
find_slot (DaybookKeyfile *self, DaybookSlotKind kind)
{
  for (guint i = 0; i < self->n_slots; i++)
    if (self->slots[i].kind == kind)
      return &self->slots[i];
  return NULL;
}

static gboolean
derive_kek (const Slot *slot, const DaybookSecret *secret,
            guint8 kek[crypto_aead_xchacha20poly1305_ietf_KEYBYTES], GError **error)
{
  if (crypto_pwhash (kek, crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
                     (const char *)daybook_secret_peek (secret), daybook_secret_get_size (secret),
                     slot->salt, slot->opslimit, (size_t)slot->memlimit,
                     crypto_pwhash_ALG_ARGON2ID13)
      != 0)
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
          _ ("There is not enough memory to derive the key. Close other programs and try again."));
      return FALSE;
    }
  return TRUE;
}

DaybookKeyfile *
daybook_keyfile_new (const guint8 *diary_id)
{
  DaybookKeyfile *self = g_new0 (DaybookKeyfile, 1);

  memcpy (self->diary_id, diary_id, DAYBOOK_DIARY_ID_BYTES);
  return self;
}

void
daybook_keyfile_free (DaybookKeyfile *self)
{
  if (self != NULL)
    {
      sodium_memzero (self, sizeof *self);
      g_free (self);
    }
}

static DaybookKeyfile *
damaged (GError **error)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
               _ ("The diary's key file is damaged. Restore the diary from a backup."));
  return NULL;
}

/**
 * daybook_keyfile_parse:
 *
 * Parses untrusted bytes. Anything malformed, including a bad checksum or
 * slot parameters outside sane bounds, is %DAYBOOK_ERROR_DAMAGED.
 *
 * Returns: (transfer full) (nullable): the key file
 */
DaybookKeyfile *
daybook_keyfile_parse (const guint8 *data, gsize len, GError **error)
{
  g_autoptr (DaybookKeyfile) self = NULL;
  guint8 sum[CHECKSUM_LEN];
  guint n_slots;
  const guint8 *p;

  if (len < HEADER_LEN + CHECKSUM_LEN || memcmp (data, MAGIC, MAGIC_LEN) != 0)
    return damaged (error);

  crypto_generichash (sum, sizeof sum, data, len - CHECKSUM_LEN, NULL, 0);
  if (sodium_memcmp (sum, data + len - CHECKSUM_LEN, CHECKSUM_LEN) != 0)
    return damaged (error);

  if (get_u16 (data + MAGIC_LEN) != VERSION)
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
          _ ("The diary was made by a newer version of Daybook. Update Daybook to open it."));
      return NULL;
    }

  n_slots = get_u16 (data + MAGIC_LEN + 2);
  if (n_slots == 0 || n_slots > MAX_SLOTS || len != HEADER_LEN + n_slots * SLOT_LEN + CHECKSUM_LEN)
    return damaged (error);

  self = daybook_keyfile_new (data + MAGIC_LEN + 4);
  p = data + HEADER_LEN;
  for (guint i = 0; i < n_slots; i++, p += SLOT_LEN)
    {
      Slot *slot = &self->slots[i];

      slot->kind = p[0];
      slot->alg = p[1];
      slot->opslimit = get_u64 (p + 4);
      slot->memlimit = get_u64 (p + 12);
      memcpy (slot->salt, p + 20, SALT_LEN);
      memcpy (slot->nonce, p + SLOT_PARAMS, NONCE_LEN);
      memcpy (slot->wrapped, p + SLOT_PARAMS + NONCE_LEN, WRAPPED_LEN);

      if ((slot->kind != DAYBOOK_SLOT_PASSPHRASE && slot->kind != DAYBOOK_SLOT_RECOVERY)
          || slot->alg != ALG_ARGON2ID13 || get_u16 (p + 2) != 0
          || slot->opslimit < crypto_pwhash_OPSLIMIT_MIN || slot->opslimit > MAX_OPSLIMIT
          || slot->memlimit < crypto_pwhash_MEMLIMIT_MIN || slot->memlimit > MAX_MEMLIMIT)
        return damaged (error);

      for (guint j = 0; j < i; j++)
        if (self->slots[j].kind == slot->kind)
          return damaged (error);
    }
  self->n_slots = n_slots;

  return g_steal_pointer (&self);
}

/**
 * daybook_keyfile_serialize:
 *
 * Returns: (transfer full): the file bytes, checksum included
 */
GBytes *
daybook_keyfile_serialize (DaybookKeyfile *self)
{
  gsize len = HEADER_LEN + self->n_slots * SLOT_LEN + CHECKSUM_LEN;
  guint8 *data = g_malloc0 (len);
  guint8 *p;

  memcpy (data, MAGIC, MAGIC_LEN);
  put_u16 (data + MAGIC_LEN, VERSION);
  put_u16 (data + MAGIC_LEN + 2, self->n_slots);
  memcpy (data + MAGIC_LEN + 4, self->diary_id, DAYBOOK_DIARY_ID_BYTES);

  p = data + HEADER_LEN;
  for (guint i = 0; i < self->n_slots; i++, p += SLOT_LEN)
    {
      slot_params (&self->slots[i], p);
      memcpy (p + SLOT_PARAMS, self->slots[i].nonce, NONCE_LEN);
      memcpy (p + SLOT_PARAMS + NONCE_LEN, self->slots[i].wrapped, WRAPPED_LEN);
    }

  crypto_generichash (data + len - CHECKSUM_LEN, CHECKSUM_LEN, data, len - CHECKSUM_LEN, NULL, 0);
  return g_bytes_new_take (data, len);
}

const guint8 *
daybook_keyfile_get_diary_id (DaybookKeyfile *self)
{
  return self->diary_id;
}

guint
daybook_keyfile_get_n_slots (DaybookKeyfile *self)
{
  return self->n_slots;
}

gboolean
daybook_keyfile_get_slot_limits (DaybookKeyfile *self, DaybookSlotKind kind, guint64 *opslimit,
                                 gsize *memlimit)
{
  Slot *slot = find_slot (self, kind);

  if (slot == NULL)
    return FALSE;
  *opslimit = slot->opslimit;
  *memlimit = (gsize)slot->memlimit;
  return TRUE;
}

/**
 * daybook_keyfile_set_slot:
 * @secret: the passphrase, or the normalized recovery code
 * @master_key: the key to wrap
 *
 * Adds or replaces the slot of @kind, deriving a new key-encryption key with
 * Argon2id at libsodium's MODERATE limits (3 passes, 256 MiB) and a fresh salt.
 */
gboolean
daybook_keyfile_set_slot (DaybookKeyfile *self, DaybookSlotKind kind, const DaybookSecret *secret,
                          const DaybookSecret *master_key, GError **error)
{
  return _daybook_keyfile_set_slot_with_limits (self, kind, secret, master_key,
                                                crypto_pwhash_OPSLIMIT_MODERATE,
                                                crypto_pwhash_MEMLIMIT_MODERATE, error);
}

/**
 * _daybook_keyfile_set_slot_with_limits:
 *
 * For tests that must open a diary hundreds of times: Daybook itself always
 * uses daybook_keyfile_set_slot(). Limits below libsodium's minimum are
 * refused by the parser, so a key file can never be made weaker than that.
 */
gboolean
_daybook_keyfile_set_slot_with_limits (DaybookKeyfile *self, DaybookSlotKind kind,
                                       const DaybookSecret *secret, const DaybookSecret *master_key,
                                       guint64 opslimit, gsize memlimit, GError **error)
{
  g_autoptr (DaybookSecret) kek = daybook_secret_new (crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  guint8 ad[MAGIC_LEN + 2 + DAYBOOK_DIARY_ID_BYTES + SLOT_PARAMS];
  Slot slot = { 0 };
  Slot *existing;

  g_return_val_if_fail (daybook_secret_get_size (master_key) == DAYBOOK_MASTER_KEY_BYTES, FALSE);

  slot.kind = kind;
  slot.alg = ALG_ARGON2ID13;
  slot.opslimit = opslimit;
  slot.memlimit = memlimit;
  randombytes_buf (slot.salt, sizeof slot.salt);
  randombytes_buf (slot.nonce, sizeof slot.nonce);

  if (!derive_kek (&slot, secret, daybook_secret_get_data (kek), error))
    return FALSE;

  slot_ad (self, &slot, ad);
  crypto_aead_xchacha20poly1305_ietf_encrypt (slot.wrapped, NULL, daybook_secret_peek (master_key),
                                              DAYBOOK_MASTER_KEY_BYTES, ad, sizeof ad, NULL,
                                              slot.nonce, daybook_secret_peek (kek));

  existing = find_slot (self, kind);
  if (existing == NULL)
    {
      g_assert (self->n_slots < MAX_SLOTS);
      existing = &self->slots[self->n_slots++];
    }
  *existing = slot;

  return TRUE;
}

/**
 * daybook_keyfile_unwrap:
 *
 * Returns: (transfer full) (nullable): the master key, or %NULL with
 *   %DAYBOOK_ERROR_WRONG_PASSPHRASE when @secret does not open the slot
 */
DaybookSecret *
daybook_keyfile_unwrap (DaybookKeyfile *self, DaybookSlotKind kind, const DaybookSecret *secret,
                        GError **error)
{
  g_autoptr (DaybookSecret) kek = daybook_secret_new (crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  g_autoptr (DaybookSecret) master = daybook_secret_new (DAYBOOK_MASTER_KEY_BYTES);
  guint8 ad[MAGIC_LEN + 2 + DAYBOOK_DIARY_ID_BYTES + SLOT_PARAMS];
  Slot *slot = find_slot (self, kind);

  if (slot == NULL)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   kind == DAYBOOK_SLOT_RECOVERY
                       ? _ ("This diary has no recovery code.")
                       : _ ("This diary has no passphrase slot; its key file is damaged."));
      return NULL;
    }

  if (!derive_kek (slot, secret, daybook_secret_get_data (kek), error))
    return NULL;

  slot_ad (self, slot, ad);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (daybook_secret_get_data (master), NULL, NULL,
                                                  slot->wrapped, WRAPPED_LEN, ad, sizeof ad,
                                                  slot->nonce, daybook_secret_peek (kek))
      != 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE,
                   kind == DAYBOOK_SLOT_RECOVERY
                       ? _ ("The recovery code is not correct. Check it and try again.")
                       : _ ("The passphrase is not correct. Check it and try again."));
      return NULL;
    }

  return g_steal_pointer (&master);
}

static DaybookKeyfile *
load_one (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                     _ ("The diary's key file is missing."));
      else
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                     _ ("The diary's key file could not be read: %s"), local_error->message);
      return NULL;
    }

  return daybook_keyfile_parse ((const guint8 *)data, len, error);
}

/**
 * daybook_keyfile_load:
 *
 * Reads `keys`, falling back to `keys.bak` only when `keys` is missing or
 * damaged (never because a passphrase failed: after an interrupted passphrase
 * change only the newer file counts, so exactly one passphrase opens).
 */
DaybookKeyfile *
daybook_keyfile_load (const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "keys", NULL);
  g_autofree char *bak = g_build_filename (dir, "keys.bak", NULL);
  g_autoptr (GError) first_error = NULL;
  DaybookKeyfile *keyfile;

  keyfile = load_one (path, &first_error);
  if (keyfile != NULL)
    return keyfile;

  if (first_error->domain == DAYBOOK_ERROR && first_error->code == DAYBOOK_ERROR_FAILED)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return NULL;
    }

  keyfile = load_one (bak, NULL);
  if (keyfile != NULL)
    {
      g_message ("The key file was damaged or missing; using its backup copy");
      return keyfile;
    }

  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
               _ ("The diary's key file and its backup copy are both damaged or missing. Restore "
                  "the diary from a backup."));
  return NULL;
}

static gboolean
file_holds (const char *path, GBytes *bytes)
{
  g_autofree char *data = NULL;
  gsize len;

  return g_file_get_contents (path, &data, &len, NULL) && len == g_bytes_get_size (bytes)
         && memcmp (data, g_bytes_get_data (bytes, NULL), len) == 0;
}

/**
 * daybook_keyfile_store:
 *
 * Writes `keys` then `keys.bak`, each atomically. A crash between the two
 * leaves a new `keys` and an old `keys.bak`; load prefers `keys`.
 *
 * Returns: %TRUE if `keys` now holds @self. That is what counts: when only
 * `keys.bak` could not be written (or the folder not flushed after `keys`
 * was replaced), the change has happened, so reporting a failure would tell
 * the user that the old passphrase still works when it no longer does.
 * `keys.bak` is brought in step at the next unlock.
 */
gboolean
daybook_keyfile_store (DaybookKeyfile *self, const char *dir, GError **error)
{
  g_autoptr (GBytes) bytes = daybook_keyfile_serialize (self);
  g_autofree char *path = g_build_filename (dir, "keys", NULL);
  g_autofree char *bak = g_build_filename (dir, "keys.bak", NULL);
  g_autoptr (GError) local_error = NULL;
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  if (!daybook_write_file_atomic (path, data, len, &local_error) && !file_holds (path, bytes))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);
  if (!daybook_write_file_atomic (bak, data, len, &local_error))
    g_message ("The key file's backup copy was not updated: %s", local_error->message);
  return TRUE;
}

/**
 * daybook_keyfile_sync_backup:
 *
 * After a successful unlock, brings whichever of `keys` and `keys.bak`
 * differs from the file that worked back in step. Best effort: the diary
 * is open either way.
 */
void
daybook_keyfile_sync_backup (DaybookKeyfile *self, const char *dir)
{
  g_autoptr (GBytes) bytes = daybook_keyfile_serialize (self);
  const char *names[] = { "keys", "keys.bak" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *data = NULL;
      g_autoptr (GError) error = NULL;
      gsize len;

      if (g_file_get_contents (path, &data, &len, NULL) && len == g_bytes_get_size (bytes)
          && memcmp (data, g_bytes_get_data (bytes, NULL), len) == 0)
        continue;

      if (!daybook_write_file_atomic (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), &error))
        g_warning ("Could not repair the key file copy: %s", error->message);
    }
}

/**
 * daybook_recovery_code_generate:
 *
 * Returns: (transfer full): 160 random bits as 32 Crockford base-32
 *   characters in groups of four, e.g. `7K2Q-…`, NUL-terminated
 */
DaybookSecret *
daybook_recovery_code_generate (void)
{
  g_autoptr (DaybookSecret) raw = daybook_secret_new (DAYBOOK_RECOVERY_BYTES);
  DaybookSecret *code = daybook_secret_new (32 + 7 + 1);
  guint8 *out = daybook_secret_get_data (code);
  const guint8 *in;
  guint bits = 0, nbits = 0, n = 0;

  randombytes_buf (daybook_secret_get_data (raw), DAYBOOK_RECOVERY_BYTES);
  in = daybook_secret_peek (raw);

  for (guint i = 0; i < DAYBOOK_RECOVERY_BYTES; i++)
    {
      bits = (bits << 8) | in[i];
      nbits += 8;
      while (nbits >= 5)
        {
          if (n > 0 && n % 4 == 0)
            *out++ = '-';
          *out++ = crockford[(bits >> (nbits - 5)) & 31];
          nbits -= 5;
          n++;
        }
    }
  *out = '\0';
  bits = 0;
  daybook_secret_set_size (code, 32 + 7);

  return code;
}

static int
crockford_value (gunichar c)
{
  c = g_unichar_toupper (c);
  if (c == 'O')
    c = '0';
  if (c == 'I' || c == 'L')
    c = '1';
  for (int i = 0; i < 32; i++)
    if ((gunichar)crockford[i] == c)
      return i;
  return -1;
}

/**
 * daybook_recovery_code_normalize:
 *
 * Accepts the code as a person would type it back: any case, with or
 * without dashes and spaces, O for 0 and I or L for 1.
 *
 * Returns: (transfer full) (nullable): the 20 raw bytes the slot is keyed by
 */
DaybookSecret *
daybook_recovery_code_normalize (const DaybookSecret *code, GError **error)
{
  g_autoptr (DaybookSecret) raw = daybook_secret_new (DAYBOOK_RECOVERY_BYTES);
  const guint8 *p = daybook_secret_peek (code);
  gsize len = daybook_secret_get_size (code);
  guint8 *out = daybook_secret_get_data (raw);
  guint bits = 0, nbits = 0, n = 0;

  for (gsize i = 0; i < len; i++)
    {
      int v;

      if (p[i] == '-' || p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')
        continue;
      v = crockford_value (p[i]);
      if (v < 0 || n >= DAYBOOK_RECOVERY_BYTES)
        goto invalid;
      bits = (bits << 5) | (guint)v;
      nbits += 5;
      if (nbits >= 8)
        {
          out[n++] = (bits >> (nbits - 8)) & 0xff;
          nbits -= 8;
        }
    }

  if (n != DAYBOOK_RECOVERY_BYTES || nbits != 0)
    goto invalid;

  return g_steal_pointer (&raw);

invalid:
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE,
               _ ("That is not a recovery code: it has 32 letters and digits in groups of four."));
  return NULL;
}

/**
 * daybook_derive_subkey:
 *
 * Keys for separate purposes (database, report signing) come from the master
 * key through libsodium's KDF, so none of them can be turned into another.
 */
void
daybook_derive_subkey (const DaybookSecret *master_key, guint64 id, const char *context,
                       guint8 *out, gsize out_len)
{
  g_assert (strlen (context) == crypto_kdf_CONTEXTBYTES);
  crypto_kdf_derive_from_key (out, out_len, id, context, daybook_secret_peek (master_key));
}
