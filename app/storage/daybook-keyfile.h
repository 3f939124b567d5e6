/* daybook-keyfile.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "daybook-secret.h"

G_BEGIN_DECLS

#define DAYBOOK_MASTER_KEY_BYTES 32
#define DAYBOOK_DIARY_ID_BYTES 16
#define DAYBOOK_RECOVERY_BYTES 20

typedef enum
{
  DAYBOOK_SLOT_PASSPHRASE = 1,
  DAYBOOK_SLOT_RECOVERY = 2,
} DaybookSlotKind;

/**
 * DaybookKeyfile:
 *
 * The parsed `keys` file: a diary id and the key slots that wrap the
 * master key. Parsing checks the structure and the file checksum only;
 * unwrapping needs a passphrase or the recovery code.
 */
typedef struct _DaybookKeyfile DaybookKeyfile;

DaybookKeyfile *daybook_keyfile_new (const guint8 *diary_id);
DaybookKeyfile *daybook_keyfile_parse (const guint8 *data, gsize len, GError **error);
GBytes *daybook_keyfile_serialize (DaybookKeyfile *self);
const guint8 *daybook_keyfile_get_diary_id (DaybookKeyfile *self);
guint daybook_keyfile_get_n_slots (DaybookKeyfile *self);
gboolean daybook_keyfile_get_slot_limits (DaybookKeyfile *self, DaybookSlotKind kind,
                                          guint64 *opslimit, gsize *memlimit);
gboolean daybook_keyfile_set_slot (DaybookKeyfile *self, DaybookSlotKind kind,
                                   const DaybookSecret *secret, const DaybookSecret *master_key,
                                   GError **error);
gboolean _daybook_keyfile_set_slot_with_limits (DaybookKeyfile *self, DaybookSlotKind kind,
                                                const DaybookSecret *secret,
                                                const DaybookSecret *master_key, guint64 opslimit,
                                                gsize memlimit, GError **error);
DaybookSecret *daybook_keyfile_unwrap (DaybookKeyfile *self, DaybookSlotKind kind,
                                       const DaybookSecret *secret, GError **error);
DaybookSecret *daybook_keyfile_unwrap_typed (DaybookKeyfile *self, DaybookSlotKind kind,
                                             const DaybookSecret *secret, GError **error);
void daybook_keyfile_free (DaybookKeyfile *self);

guint64 daybook_keyfile_get_generation (DaybookKeyfile *self);
void daybook_keyfile_set_generation (DaybookKeyfile *self, guint64 generation);

DaybookKeyfile *daybook_keyfile_load (const char *dir, GError **error);
DaybookSecret *daybook_keyfile_unlock (const char *dir, DaybookSlotKind kind,
                                       const DaybookSecret *secret, DaybookKeyfile **keyfile_out,
                                       gboolean *altered_out, GError **error);
gboolean daybook_keyfile_store (DaybookKeyfile *self, const char *dir, GError **error);
void daybook_keyfile_sync_backup (DaybookKeyfile *self, const char *dir);

DaybookSecret *daybook_recovery_code_generate (void);
DaybookSecret *daybook_recovery_code_format_lines (const DaybookSecret *code,
                                                   const char *line_break);
DaybookSecret *daybook_recovery_code_normalize (const DaybookSecret *code, GError **error);

void daybook_derive_subkey (const DaybookSecret *master_key, guint64 id, const char *context,
                            guint8 *out, gsize out_len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookKeyfile, daybook_keyfile_free)

G_END_DECLS
