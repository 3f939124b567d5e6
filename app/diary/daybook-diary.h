/* daybook-diary.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-incident.h"
#include "daybook-keyfile.h"
#include "daybook-person.h"
#include "daybook-query.h"
#include "daybook-revision.h"
#include "daybook-secret.h"
#include "daybook-types.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_DIARY (daybook_diary_get_type ())

G_DECLARE_FINAL_TYPE (DaybookDiary, daybook_diary, DAYBOOK, DIARY, GObject)

/* Case details and sensitive preferences, kept in the encrypted diary. */
#define DAYBOOK_SETTING_OWNER_NAME "owner-name"
#define DAYBOOK_SETTING_OWNER_INITIALS "owner-initials"
#define DAYBOOK_SETTING_CASE_REF "case-ref"
#define DAYBOOK_SETTING_CRIME_REF "crime-ref"
#define DAYBOOK_SETTING_POLICE_FORCE "police-force"
#define DAYBOOK_SETTING_ORDERS "orders"
#define DAYBOOK_SETTING_ADVOCATE "advocate"
/* The diary's identity, set when it is made. */
#define DAYBOOK_SETTING_DIARY_ID "diary-id"
#define DAYBOOK_SETTING_CREATED_AT "created-at"
/* A preference: stored without a revision (daybook_setting_is_case_detail()). */
#define DAYBOOK_SETTING_AUTOLOCK "autolock-minutes"
/* A preference: the report's language chosen on the report page (en, cy, pl, ar). */
#define DAYBOOK_SETTING_REPORT_LANGUAGE "report-language"
/* Set only in hand-over bundles (daybook-bundle.h). */
#define DAYBOOK_SETTING_BUNDLE_SOURCE "bundle-source-fingerprint"
#define DAYBOOK_SETTING_BUNDLE_SOURCE_ID "bundle-source-id"
#define DAYBOOK_SETTING_BUNDLE_CREATED "bundle-created"
/* The source chain's length at the bundle, and the link just before the
 * first position the bundle's table `bundle_source_chain` carries (hex).
 * Bundles made before these have neither. */
#define DAYBOOK_SETTING_BUNDLE_SOURCE_LENGTH "bundle-source-length"
#define DAYBOOK_SETTING_BUNDLE_SOURCE_START "bundle-source-start"

/* A hand-over bundle's tie to its source diary's history. */
typedef struct
{
  gboolean is_bundle; /* the diary is a hand-over bundle */
  gboolean tied;      /* it carries the source chain (bundles made before do not) */
  gboolean matches;   /* the recomputed chain ends in the recorded fingerprint */
  char *source_id;
  char *head;      /* the recorded source fingerprint, hex */
  gint64 length;   /* at this link */
  guint n_entries; /* entries in the bundle */
  char *entries;   /* their numbers, "2, 5–9" */
  char *hashed;    /* (nullable): those tied by hash only (private notes left out) */
} DaybookBundleSource;

void daybook_bundle_source_clear (DaybookBundleSource *source);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DaybookBundleSource, daybook_bundle_source_clear)

char *daybook_diary_default_dir (void);
gboolean daybook_diary_exists (const char *dir);

DaybookDiary *daybook_diary_create (const char *dir, const DaybookSecret *passphrase,
                                    DaybookSecret **recovery_code, GError **error);
void daybook_diary_create_async (const char *dir, const DaybookSecret *passphrase,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data);
DaybookDiary *daybook_diary_create_finish (GAsyncResult *result, DaybookSecret **recovery_code,
                                           GError **error);
DaybookDiary *daybook_diary_open (const char *dir, const DaybookSecret *passphrase, GError **error);
DaybookDiary *daybook_diary_open_with_recovery_code (const char *dir, const DaybookSecret *code,
                                                     GError **error);
void daybook_diary_open_async (const char *dir, const DaybookSecret *passphrase,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);
DaybookDiary *daybook_diary_open_finish (GAsyncResult *result, GError **error);
void daybook_diary_close (DaybookDiary *self);
gboolean daybook_diary_is_read_only (DaybookDiary *self);
gboolean daybook_diary_is_open (DaybookDiary *self);
const char *daybook_diary_get_dir (DaybookDiary *self);
char *daybook_diary_dup_id (DaybookDiary *self);
gint64 daybook_diary_get_created_at (DaybookDiary *self);
char *daybook_diary_dup_fingerprint (DaybookDiary *self);
gboolean daybook_diary_derive_key (DaybookDiary *self, guint64 id, const char *context, guint8 *out,
                                   gsize len, GError **error);

gboolean daybook_change_passphrase (const char *dir, DaybookSlotKind kind,
                                    const DaybookSecret *old_secret,
                                    const DaybookSecret *new_passphrase, GError **error);
DaybookSecret *daybook_diary_new_recovery_code (DaybookDiary *self, GError **error);
gboolean daybook_diary_rekey (DaybookDiary *self, const DaybookSecret *new_passphrase,
                              DaybookSecret **recovery_code, GError **error);
gboolean _daybook_diary_rekey_with_limits (DaybookDiary *self, const DaybookSecret *new_passphrase,
                                           DaybookSecret **recovery_code, guint64 opslimit,
                                           gsize memlimit, GError **error);
void daybook_diary_rekey_async (DaybookDiary *self, const DaybookSecret *current,
                                const DaybookSecret *new_passphrase, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
DaybookSecret *daybook_diary_rekey_finish (DaybookDiary *self, GAsyncResult *result,
                                           GError **error);
guint64 daybook_diary_get_key_generation (DaybookDiary *self);
const char *daybook_diary_get_key_notice (DaybookDiary *self);
gboolean daybook_diary_set_passphrase (DaybookDiary *self, const DaybookSecret *new_passphrase,
                                       GError **error);
void daybook_diary_new_recovery_code_async (DaybookDiary *self, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
DaybookSecret *daybook_diary_new_recovery_code_finish (DaybookDiary *self, GAsyncResult *result,
                                                       GError **error);
void daybook_diary_change_passphrase_async (DaybookDiary *self, const DaybookSecret *current,
                                            const DaybookSecret *new_passphrase,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean daybook_diary_change_passphrase_finish (DaybookDiary *self, GAsyncResult *result,
                                                 GError **error);
void daybook_diary_recover_async (const char *dir, const DaybookSecret *code,
                                  const DaybookSecret *new_passphrase, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
DaybookDiary *daybook_diary_recover_finish (GAsyncResult *result, GError **error);

void daybook_diary_save_incident_async (DaybookDiary *self, DaybookIncident *incident,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data);
DaybookIncident *daybook_diary_save_incident_finish (DaybookDiary *self, GAsyncResult *result,
                                                     GError **error);
void daybook_diary_save_person_async (DaybookDiary *self, DaybookPerson *person,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data);
DaybookPerson *daybook_diary_save_person_finish (DaybookDiary *self, GAsyncResult *result,
                                                 GError **error);
void daybook_diary_list_people_async (DaybookDiary *self, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
GListModel *daybook_diary_list_people_finish (DaybookDiary *self, GAsyncResult *result,
                                              GError **error);
void daybook_diary_open_with_recovery_code_async (const char *dir, const DaybookSecret *code,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback, gpointer user_data);
DaybookDiary *daybook_diary_open_with_recovery_code_finish (GAsyncResult *result, GError **error);

gboolean daybook_diary_begin_batch (DaybookDiary *self, GError **error);
gboolean daybook_diary_end_batch (DaybookDiary *self, gboolean commit, GError **error);

gboolean daybook_diary_save_incident (DaybookDiary *self, DaybookIncident *incident,
                                      GError **error);
DaybookIncident *daybook_diary_get_incident (DaybookDiary *self, gint64 number, GError **error);
gboolean daybook_diary_delete_incident (DaybookDiary *self, gint64 number, GError **error);
GListModel *daybook_diary_list_history (DaybookDiary *self, const char *entity, gint64 id,
                                        GError **error);
GListModel *daybook_diary_query (DaybookDiary *self, const DaybookQuery *query, GError **error);
void daybook_diary_query_async (DaybookDiary *self, const DaybookQuery *query,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
GListModel *daybook_diary_query_finish (DaybookDiary *self, GAsyncResult *result, GError **error);
guint daybook_diary_count_incidents (DaybookDiary *self);

GListModel *daybook_diary_list_people (DaybookDiary *self, GError **error);
DaybookPerson *daybook_diary_get_person (DaybookDiary *self, gint64 id, GError **error);
DaybookPerson *daybook_diary_find_person (DaybookDiary *self, const char *name);
DaybookRole daybook_diary_get_person_role (DaybookDiary *self, const char *name,
                                           DaybookRole fallback);
gboolean daybook_diary_save_person (DaybookDiary *self, DaybookPerson *person, GError **error);
gboolean daybook_diary_delete_person (DaybookDiary *self, gint64 id, GError **error);

const char *daybook_diary_get_missing (DaybookDiary *self);
char *daybook_diary_dup_setting (DaybookDiary *self, const char *key);
gboolean daybook_setting_is_case_detail (const char *key);
gboolean daybook_diary_check_bundle_source (DaybookDiary *self, DaybookBundleSource *out,
                                            GPtrArray **problems, GError **error);
gboolean daybook_diary_set_settings (DaybookDiary *self, const char *const *keys,
                                     const char *const *values, GError **error);

G_END_DECLS
