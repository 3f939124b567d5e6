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
#include "daybook-i18n.h"
#include <sodium.h>

#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-keyfile.h"

/*
 * The key file, little-endian throughout. Version 2:
 *
 *   header   magic "DAYBOOKK" (8) | version u16 | slot count u16 | diary id (16) |
 *            generation u64
 *   slot     kind u8 | algorithm u8 | reserved u16 | opslimit u64 |
 *            memlimit u64 | salt (16) | nonce (24) | wrapped key (32 + 16 tag)
 *   trailer  MAC (32): keyed BLAKE2b-256 of everything before it, under a
 *            key derived from the master key |
 *            checksum: BLAKE2b-256 of everything before it (32)
 *
 * Version 1 (before rekeying) has no generation and no MAC; it is still
 * read, and rewritten as version 2 at the first unlock.
 *
 * Three checks, three answers:
 *  - the unkeyed checksum catches accidental damage (a bad disk block):
 *    the file is damaged, keys.bak is tried;
 *  - each slot's AEAD (additional data: magic, slot format 1, diary id and
 *    the slot's own parameters) fails for a wrong passphrase, and equally
 *    when someone changed the slot's parameters and recomputed the
 *    checksum. The two are told apart with keys.bak (daybook_keyfile_unlock()):
 *    if the same passphrase opens keys.bak, its master key checks the MAC
 *    of keys; a MAC that does not verify means keys was altered;
 *  - the MAC, checked after a slot opened, catches any other change (the
 *    generation, another slot) by someone who does not hold the master key.
 *
 * The generation counts rekeys ("someone may know my passphrase"); the
 * database keeps the generation its key belongs to.
 */

#define MAGIC "DAYBOOKK"
#define MAGIC_LEN 8
#define VERSION_1 1
#define VERSION 2
#define SLOT_FORMAT 1 /* what the slots' additional data names, in both versions */
#define HEADER_LEN_V1 (MAGIC_LEN + 2 + 2 + DAYBOOK_DIARY_ID_BYTES)
#define HEADER_LEN (HEADER_LEN_V1 + 8)
#define SALT_LEN crypto_pwhash_SALTBYTES
#define NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define WRAPPED_LEN (DAYBOOK_MASTER_KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define SLOT_PARAMS (1 + 1 + 2 + 8 + 8 + SALT_LEN)
#define SLOT_LEN (SLOT_PARAMS + NONCE_LEN + WRAPPED_LEN)
#define CHECKSUM_LEN 32
#define MAC_LEN 32
#define MAC_KEY_ID 4
#define MAC_KEY_CONTEXT "keyfile_"
#define MAX_SLOTS 8
#define ALG_ARGON2ID13 1

/* A crafted key file must not make an unlock take minutes or gigabytes.
 * Daybook writes 3 passes over 256 MiB; four times that is refused. */
#define MAX_MEMLIMIT ((guint64)1 << 30)
#define MAX_OPSLIMIT 10

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
  guint16 version;        /* as read; written as VERSION once the MAC key is known */
  guint64 generation;     /* 0 for version 1 */
  guint8 mac[MAC_LEN];    /* as read (version 2) */
  GBytes *raw;            /* as read, written back while the MAC key is unknown */
  DaybookSecret *mac_key; /* NULL until a slot opened or was set */
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
  put_u16 (ad + MAGIC_LEN, SLOT_FORMAT);
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
  self->version = VERSION;
  return self;
}

void
daybook_keyfile_free (DaybookKeyfile *self)
{
  if (self != NULL)
    {
      g_clear_pointer (&self->raw, g_bytes_unref);
      g_clear_pointer (&self->mac_key, daybook_secret_free);
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

static void
set_altered (GError **error)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
               _ ("The diary's key file was altered: it is not as Daybook wrote it. Restore the "
                  "diary from a backup."));
}

static DaybookKeyfile *
altered (GError **error)
{
  set_altered (error);
  return NULL;
}

static void
compute_mac (const DaybookSecret *mac_key, const guint8 *data, gsize len, guint8 out[MAC_LEN])
{
  crypto_generichash (out, MAC_LEN, data, len, daybook_secret_peek (mac_key),
                      daybook_secret_get_size (mac_key));
}

static void
set_mac_key (DaybookKeyfile *self, const DaybookSecret *master_key)
{
  g_clear_pointer (&self->mac_key, daybook_secret_free);
  self->mac_key = daybook_secret_new (crypto_generichash_KEYBYTES);
  daybook_derive_subkey (master_key, MAC_KEY_ID, MAC_KEY_CONTEXT,
                         daybook_secret_get_data (self->mac_key), crypto_generichash_KEYBYTES);
}

/* Whether the file as read carries a MAC that @mac_key confirms. */
static gboolean
raw_mac_verifies (DaybookKeyfile *self, const DaybookSecret *mac_key)
{
  gsize len;
  const guint8 *data;
  guint8 mac[MAC_LEN];

  if (self->version != VERSION || self->raw == NULL)
    return FALSE;
  data = g_bytes_get_data (self->raw, &len);
  compute_mac (mac_key, data, len - CHECKSUM_LEN - MAC_LEN, mac);
  return sodium_memcmp (mac, self->mac, MAC_LEN) == 0;
}

/**
 * daybook_keyfile_parse:
 *
 * Parses untrusted bytes, version 1 or 2. Anything malformed, including a
 * bad checksum, is %DAYBOOK_ERROR_DAMAGED; slot parameters beyond what
 * Daybook ever writes (more than 1 GiB or 10 passes) under an intact
 * checksum are a deliberate change and reported as an altered key file.
 *
 * Returns: (transfer full) (nullable): the key file
 */
DaybookKeyfile *
daybook_keyfile_parse (const guint8 *data, gsize len, GError **error)
{
  g_autoptr (DaybookKeyfile) self = NULL;
  guint8 sum[CHECKSUM_LEN];
  guint n_slots, version;
  gsize header_len, trailer_len;
  const guint8 *p;

  if (len < HEADER_LEN_V1 + CHECKSUM_LEN || memcmp (data, MAGIC, MAGIC_LEN) != 0)
    return damaged (error);

  crypto_generichash (sum, sizeof sum, data, len - CHECKSUM_LEN, NULL, 0);
  if (sodium_memcmp (sum, data + len - CHECKSUM_LEN, CHECKSUM_LEN) != 0)
    return damaged (error);

  version = get_u16 (data + MAGIC_LEN);
  if (version != VERSION_1 && version != VERSION)
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
          _ ("The diary was made by a newer version of Daybook. Update Daybook to open it."));
      return NULL;
    }
  header_len = version == VERSION ? HEADER_LEN : HEADER_LEN_V1;
  trailer_len = version == VERSION ? MAC_LEN + CHECKSUM_LEN : CHECKSUM_LEN;

  n_slots = get_u16 (data + MAGIC_LEN + 2);
  if (n_slots == 0 || n_slots > MAX_SLOTS || len != header_len + n_slots * SLOT_LEN + trailer_len)
    return damaged (error);

  self = daybook_keyfile_new (data + MAGIC_LEN + 4);
  self->version = version;
  if (version == VERSION)
    {
      self->generation = get_u64 (data + HEADER_LEN_V1);
      memcpy (self->mac, data + len - CHECKSUM_LEN - MAC_LEN, MAC_LEN);
    }
  p = data + header_len;
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
          || slot->opslimit < crypto_pwhash_OPSLIMIT_MIN
          || slot->memlimit < crypto_pwhash_MEMLIMIT_MIN)
        return damaged (error);
      if (slot->opslimit > MAX_OPSLIMIT || slot->memlimit > MAX_MEMLIMIT)
        return altered (error);

      for (guint j = 0; j < i; j++)
        if (self->slots[j].kind == slot->kind)
          return damaged (error);
    }
  self->n_slots = n_slots;
  self->raw = g_bytes_new (data, len);

  return g_steal_pointer (&self);
}

/**
 * daybook_keyfile_serialize:
 *
 * Version 2 with its MAC once the master key is known (a slot was set or
 * opened); until then the bytes as they were read.
 *
 * Returns: (transfer full): the file bytes, checksum included
 */
GBytes *
daybook_keyfile_serialize (DaybookKeyfile *self)
{
  gsize len = HEADER_LEN + self->n_slots * SLOT_LEN + MAC_LEN + CHECKSUM_LEN;
  guint8 *data;
  guint8 *p;

  if (self->mac_key == NULL)
    {
      g_return_val_if_fail (self->raw != NULL, NULL);
      return g_bytes_ref (self->raw);
    }

  data = g_malloc0 (len);
  memcpy (data, MAGIC, MAGIC_LEN);
  put_u16 (data + MAGIC_LEN, VERSION);
  put_u16 (data + MAGIC_LEN + 2, self->n_slots);
  memcpy (data + MAGIC_LEN + 4, self->diary_id, DAYBOOK_DIARY_ID_BYTES);
  put_u64 (data + HEADER_LEN_V1, self->generation);

  p = data + HEADER_LEN;
  for (guint i = 0; i < self->n_slots; i++, p += SLOT_LEN)
    {
      slot_params (&self->slots[i], p);
      memcpy (p + SLOT_PARAMS, self->slots[i].nonce, NONCE_LEN);
      memcpy (p + SLOT_PARAMS + NONCE_LEN, self->slots[i].wrapped, WRAPPED_LEN);
    }

  compute_mac (self->mac_key, data, p - data, p);
  crypto_generichash (data + len - CHECKSUM_LEN, CHECKSUM_LEN, data, len - CHECKSUM_LEN, NULL, 0);
  return g_bytes_new_take (data, len);
}

/**
 * daybook_keyfile_get_generation:
 *
 * Returns: how many times the diary's master key was replaced when this
 *   file was written (0 for a version 1 file). Trust it only once a slot
 *   opened: the MAC covers it.
 */
guint64
daybook_keyfile_get_generation (DaybookKeyfile *self)
{
  return self->generation;
}

void
daybook_keyfile_set_generation (DaybookKeyfile *self, guint64 generation)
{
  self->generation = generation;
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

  if (self->mac_key == NULL)
    set_mac_key (self, master_key);
  g_clear_pointer (&self->raw, g_bytes_unref); /* from now on, what is in memory counts */
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

  /* The slot opened: the passphrase is right. Now the whole file must be
   * as Daybook wrote it under this master key. */
  {
    g_autoptr (DaybookKeyfile) probe = daybook_keyfile_new (self->diary_id);

    set_mac_key (probe, master);
    if (self->raw != NULL && self->version == VERSION && !raw_mac_verifies (self, probe->mac_key))
      {
        set_altered (error);
        return NULL;
      }
    if (self->mac_key == NULL)
      self->mac_key = g_steal_pointer (&probe->mac_key);
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

static gboolean
is_altered_error (const GError *error)
{
  /* The sentence is the only thing that tells "altered" from "damaged". */
  g_autoptr (GError) probe = NULL;

  set_altered (&probe);
  return error != NULL && g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED)
         && g_strcmp0 (error->message, probe->message) == 0;
}

static DaybookKeyfile *
load_with_fallback (const char *dir, gboolean *used_bak, gboolean *keys_altered, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "keys", NULL);
  g_autofree char *bak = g_build_filename (dir, "keys.bak", NULL);
  g_autoptr (GError) first_error = NULL;
  DaybookKeyfile *keyfile;

  *used_bak = FALSE;
  *keys_altered = FALSE;
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
      *used_bak = TRUE;
      *keys_altered = is_altered_error (first_error);
      return keyfile;
    }

  if (is_altered_error (first_error))
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                 _ ("The diary's key file was altered and its backup copy is damaged or missing. "
                    "Restore the diary from a backup."));
  else
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                 _ ("The diary's key file and its backup copy are both damaged or missing. "
                    "Restore the diary from a backup."));
  return NULL;
}

/**
 * daybook_keyfile_load:
 *
 * Reads `keys`, falling back to `keys.bak` only when `keys` is missing,
 * damaged or visibly altered. For unlocking, use daybook_keyfile_unlock(),
 * which also catches an altered slot.
 */
DaybookKeyfile *
daybook_keyfile_load (const char *dir, GError **error)
{
  gboolean used_bak, keys_altered;

  return load_with_fallback (dir, &used_bak, &keys_altered, error);
}

/**
 * daybook_keyfile_unwrap_typed:
 * @secret: a passphrase as typed, or a normalised recovery code
 *
 * Opens the slot with the passphrase in NFC, then (if different) as typed:
 * a diary made before Daybook normalised passphrases, with a decomposed
 * "é", keeps opening.
 *
 * Returns: (transfer full) (nullable): the master key
 */
DaybookSecret *
daybook_keyfile_unwrap_typed (DaybookKeyfile *keyfile, DaybookSlotKind kind,
                              const DaybookSecret *secret, GError **error)
{
  g_autoptr (DaybookSecret) nfc = NULL;
  g_autoptr (GError) nfc_error = NULL;
  DaybookSecret *master;

  if (kind != DAYBOOK_SLOT_PASSPHRASE)
    return daybook_keyfile_unwrap (keyfile, kind, secret, error);

  nfc = daybook_passphrase_normalize (secret);
  master = daybook_keyfile_unwrap (keyfile, kind, nfc, &nfc_error);
  if (master != NULL || daybook_secret_equal (nfc, secret)
      || !g_error_matches (nfc_error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE))
    {
      if (master == NULL)
        g_propagate_error (error, g_steal_pointer (&nfc_error));
      return master;
    }
  return daybook_keyfile_unwrap (keyfile, kind, secret, error);
}

/**
 * daybook_keyfile_unlock:
 * @secret: the passphrase as typed (normalised here), or the normalised
 *   recovery code
 * @keyfile_out: (out) (transfer full): the key file that opened
 * @altered_out: (out): set when `keys` was found altered and `keys.bak`
 *   opened instead
 *
 * Loads the key file and opens the slot of @kind. When the slot of `keys`
 * does not open but the same secret opens `keys.bak`, the master key from
 * `keys.bak` decides: if it confirms the MAC of `keys`, or `keys` names a
 * later generation, `keys` is simply newer (the passphrase was changed,
 * and the old one must not open the diary): the secret is wrong. Otherwise
 * `keys` was altered, and `keys.bak` is used.
 *
 * Returns: (transfer full) (nullable): the master key
 */
DaybookSecret *
daybook_keyfile_unlock (const char *dir, DaybookSlotKind kind, const DaybookSecret *secret,
                        DaybookKeyfile **keyfile_out, gboolean *altered_out, GError **error)
{
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookKeyfile) backup = NULL;
  g_autoptr (DaybookSecret) master = NULL;
  g_autoptr (DaybookSecret) bak_master = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GBytes) bak_bytes = NULL;
  g_autofree char *bak = g_build_filename (dir, "keys.bak", NULL);
  g_autofree char *bak_data = NULL;
  gboolean used_bak, keys_altered;
  gsize bak_len;

  *altered_out = FALSE;
  keyfile = load_with_fallback (dir, &used_bak, &keys_altered, error);
  if (keyfile == NULL)
    return NULL;

  master = daybook_keyfile_unwrap_typed (keyfile, kind, secret, &local_error);
  if (master != NULL || used_bak)
    {
      if (master == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      *altered_out = keys_altered;
      *keyfile_out = g_steal_pointer (&keyfile);
      return g_steal_pointer (&master);
    }

  /* keys did not open, or opened but failed its MAC: ask keys.bak. */
  if (!g_file_get_contents (bak, &bak_data, &bak_len, NULL)
      || (keyfile->raw != NULL && g_bytes_get_size (keyfile->raw) == bak_len
          && memcmp (g_bytes_get_data (keyfile->raw, NULL), bak_data, bak_len) == 0)
      || (backup = daybook_keyfile_parse ((const guint8 *)bak_data, bak_len, NULL)) == NULL
      || (bak_master = daybook_keyfile_unwrap_typed (backup, kind, secret, NULL)) == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!is_altered_error (local_error))
    {
      g_autoptr (DaybookKeyfile) probe = daybook_keyfile_new (backup->diary_id);

      set_mac_key (probe, bak_master);
      if (keyfile->version != VERSION || raw_mac_verifies (keyfile, probe->mac_key)
          || keyfile->generation > backup->generation)
        {
          /* keys is authentic and newer (or a version 1 file, which cannot
           * tell): the secret is an old one. */
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_message ("The key file was altered; using its backup copy");
  *altered_out = TRUE;
  *keyfile_out = g_steal_pointer (&backup);
  return g_steal_pointer (&bak_master);
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

/**
 * daybook_recovery_code_format_lines:
 * @code: a recovery code as daybook_recovery_code_generate() makes it
 * @line_break: what goes between the two lines: "\n", or "\n" and an indent
 *
 * The code as two lines of four groups, broken only between groups, so
 * that someone copying it by hand never sees a group cut in two by a
 * narrow window, terminal or page. The window, the CLI and anything
 * printed show the code through this. A code in another form (no dashes)
 * is copied as it is.
 *
 * Returns: (transfer full): the code in secure memory, NUL-terminated;
 *   daybook_secret_get_size() excludes the NUL
 */
DaybookSecret *
daybook_recovery_code_format_lines (const DaybookSecret *code, const char *line_break)
{
  const char *in = (const char *)daybook_secret_peek (code);
  gsize len = daybook_secret_get_size (code), brk = strlen (line_break), n = 0;
  DaybookSecret *out = daybook_secret_new (len + brk + 1);
  char *p = (char *)daybook_secret_get_data (out);
  guint dashes = 0;

  for (gsize i = 0; i < len && in[i] != '\0'; i++)
    {
      if (in[i] == '-' && ++dashes == 4)
        {
          memcpy (p + n, line_break, brk);
          n += brk;
          continue;
        }
      p[n++] = in[i];
    }
  p[n] = '\0';
  daybook_secret_set_size (out, n);
  return out;
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
