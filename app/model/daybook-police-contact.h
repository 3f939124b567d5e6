/* daybook-police-contact.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "daybook-time.h"
#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookContactHow:
 *
 * How the police were contacted. Stored by id: "999", "101", "online",
 * "in-person", "other".
 */
typedef enum
{
  DAYBOOK_CONTACT_999,
  DAYBOOK_CONTACT_101,
  DAYBOOK_CONTACT_ONLINE,
  DAYBOOK_CONTACT_IN_PERSON,
  DAYBOOK_CONTACT_OTHER,
  DAYBOOK_N_CONTACT_HOWS,
} DaybookContactHow;

/**
 * DaybookContactField:
 *
 * The text fields of a police contact. The outcome is free text; the ids
 * of daybook_contact_outcome_ids() ("crime-recorded", "nfa", "warning",
 * "arrest", "charged") stand for the usual outcomes and are shown by their
 * label (daybook_contact_outcome_get_label()); anything else is shown as
 * written.
 */
typedef enum
{
  DAYBOOK_CONTACT_FORCE,     /* the police force */
  DAYBOOK_CONTACT_OFFICER,   /* the officer's name */
  DAYBOOK_CONTACT_COLLAR,    /* collar or warrant number */
  DAYBOOK_CONTACT_REFERENCE, /* crime or incident reference */
  DAYBOOK_CONTACT_REPORTED,  /* what was reported */
  DAYBOOK_CONTACT_SAID,      /* what the police said they would do */
  DAYBOOK_CONTACT_OUTCOME,
  DAYBOOK_CONTACT_N_FIELDS,
} DaybookContactField;

#define DAYBOOK_TYPE_POLICE_CONTACT (daybook_police_contact_get_type ())

G_DECLARE_FINAL_TYPE (DaybookPoliceContact, daybook_police_contact, DAYBOOK, POLICE_CONTACT,
                      GObject)

const char *daybook_contact_how_get_id (DaybookContactHow how);
const char *daybook_contact_how_get_label (DaybookContactHow how);
gboolean daybook_contact_how_from_id (const char *id, DaybookContactHow *how);
const char *const *daybook_contact_outcome_ids (void);
/* The label of a known outcome id, or @outcome itself. */
const char *daybook_contact_outcome_get_label (const char *outcome);

DaybookPoliceContact *daybook_police_contact_new (void);
DaybookPoliceContact *daybook_police_contact_copy (DaybookPoliceContact *self);
gint64 daybook_police_contact_get_id (DaybookPoliceContact *self);
guint daybook_police_contact_get_revision (DaybookPoliceContact *self);
gint64 daybook_police_contact_get_deleted_at (DaybookPoliceContact *self);
/* When the contact happened, with its offset and zone, like an entry. */
const DaybookWhen *daybook_police_contact_get_when (DaybookPoliceContact *self);
void daybook_police_contact_set_when (DaybookPoliceContact *self, const DaybookWhen *when);
DaybookContactHow daybook_police_contact_get_how (DaybookPoliceContact *self);
void daybook_police_contact_set_how (DaybookPoliceContact *self, DaybookContactHow how);
const char *daybook_police_contact_get_field (DaybookPoliceContact *self,
                                              DaybookContactField field);
void daybook_police_contact_set_field (DaybookPoliceContact *self, DaybookContactField field,
                                       const char *value);
const char *daybook_contact_field_get_id (DaybookContactField field);

/* The entries reported in this contact (entry numbers, ascending). */
guint daybook_police_contact_get_n_entries (DaybookPoliceContact *self);
gint64 daybook_police_contact_get_entry (DaybookPoliceContact *self, guint index);
void daybook_police_contact_add_entry (DaybookPoliceContact *self, gint64 number);
void daybook_police_contact_remove_entry (DaybookPoliceContact *self, gint64 number);
void daybook_police_contact_clear_entries (DaybookPoliceContact *self);

JsonNode *daybook_police_contact_to_json (DaybookPoliceContact *self);
/* Checks text, the time set and not in the future (beyond a minute). */
gboolean daybook_police_contact_validate (DaybookPoliceContact *self, GError **error);

/* Set only by the diary from what is stored. */
void _daybook_police_contact_set_stored (DaybookPoliceContact *self, gint64 id, guint revision,
                                         gint64 deleted_at);
char *_daybook_police_contact_to_snapshot (DaybookPoliceContact *self);

G_END_DECLS
