/* daybook-incident.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "daybook-behaviour.h"
#include "daybook-order.h"
#include "daybook-time.h"
#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookInvolvement:
 * @name: the person's name as written in this entry
 * @role: the part they played in this incident
 * @person_id: who in People this is, or 0 to find (or add) them by name
 *
 * An entry keeps names as they were written, so renaming someone in People
 * later does not rewrite what was recorded; the link to the person stays.
 */
typedef struct
{
  char *name;
  DaybookRole role;
  gint64 person_id;
} DaybookInvolvement;

#define DAYBOOK_TYPE_INCIDENT (daybook_incident_get_type ())

G_DECLARE_FINAL_TYPE (DaybookIncident, daybook_incident, DAYBOOK, INCIDENT, GObject)

DaybookIncident *daybook_incident_new (void);
DaybookIncident *daybook_incident_copy (DaybookIncident *self);

gint64 daybook_incident_get_number (DaybookIncident *self);
const DaybookWhen *daybook_incident_get_start (DaybookIncident *self);
void daybook_incident_set_start (DaybookIncident *self, const DaybookWhen *when);
const DaybookWhen *daybook_incident_get_end (DaybookIncident *self);
void daybook_incident_set_end (DaybookIncident *self, const DaybookWhen *when);
DaybookPrecision daybook_incident_get_precision (DaybookIncident *self);
void daybook_incident_set_precision (DaybookIncident *self, DaybookPrecision precision);
gint64 daybook_incident_get_recorded_at (DaybookIncident *self);
gint64 daybook_incident_get_updated_at (DaybookIncident *self);
guint daybook_incident_get_revision (DaybookIncident *self);
const char *daybook_incident_get_title (DaybookIncident *self);
void daybook_incident_set_title (DaybookIncident *self, const char *title);
const char *daybook_incident_get_narrative (DaybookIncident *self);
void daybook_incident_set_narrative (DaybookIncident *self, const char *narrative);
const char *daybook_incident_get_location (DaybookIncident *self);
void daybook_incident_set_location (DaybookIncident *self, const char *location);
DaybookBehaviour daybook_incident_get_types (DaybookIncident *self);
void daybook_incident_set_types (DaybookIncident *self, DaybookBehaviour types);
guint daybook_incident_get_n_people (DaybookIncident *self);
const DaybookInvolvement *daybook_incident_get_person (DaybookIncident *self, guint i);
void daybook_incident_add_person (DaybookIncident *self, const char *name, DaybookRole role);
void daybook_incident_link_person (DaybookIncident *self, const char *name, DaybookRole role,
                                   gint64 person_id);
void daybook_incident_clear_people (DaybookIncident *self);
gboolean daybook_incident_get_fear_of_violence (DaybookIncident *self);
void daybook_incident_set_fear_of_violence (DaybookIncident *self, gboolean fear);
gboolean daybook_incident_get_alarm_distress (DaybookIncident *self);
void daybook_incident_set_alarm_distress (DaybookIncident *self, gboolean distress);
const char *daybook_incident_get_impact (DaybookIncident *self);
void daybook_incident_set_impact (DaybookIncident *self, const char *impact);
gboolean daybook_incident_get_police_reported (DaybookIncident *self);
void daybook_incident_set_police_reported (DaybookIncident *self, gboolean reported);
const char *daybook_incident_get_police_ref (DaybookIncident *self);
void daybook_incident_set_police_ref (DaybookIncident *self, const char *ref);
const char *daybook_incident_get_police_officer (DaybookIncident *self);
void daybook_incident_set_police_officer (DaybookIncident *self, const char *officer);
const char *daybook_incident_get_police_date (DaybookIncident *self);
void daybook_incident_set_police_date (DaybookIncident *self, const char *date);
const char *daybook_incident_get_private_notes (DaybookIncident *self);
void daybook_incident_set_private_notes (DaybookIncident *self, const char *notes);
gboolean daybook_incident_get_private (DaybookIncident *self);
void daybook_incident_set_private (DaybookIncident *self, gboolean is_private);
gint64 daybook_incident_get_deleted_at (DaybookIncident *self);
/* Terms of orders the entry may have breached, by order and term. They are
 * part of the entry's revisions (the member "breaches" of its snapshot,
 * present only when there is one, so earlier snapshots read unchanged). */
guint daybook_incident_get_n_breaches (DaybookIncident *self);
const DaybookBreach *daybook_incident_get_breach (DaybookIncident *self, guint index);
gboolean daybook_incident_has_breach (DaybookIncident *self, gint64 order_id, guint term);
void daybook_incident_add_breach (DaybookIncident *self, gint64 order_id, guint term);
void daybook_incident_remove_breach (DaybookIncident *self, gint64 order_id, guint term);
void daybook_incident_clear_breaches (DaybookIncident *self);

JsonNode *daybook_incident_to_json (DaybookIncident *self);
gboolean daybook_incident_validate (DaybookIncident *self, GError **error);

G_END_DECLS
