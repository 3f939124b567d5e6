/* daybook-person.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "daybook-types.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_PERSON (daybook_person_get_type ())

G_DECLARE_FINAL_TYPE (DaybookPerson, daybook_person, DAYBOOK, PERSON, GObject)

/**
 * DaybookPersonField:
 *
 * The free-text fields of a person. Lists (phones, e-mail addresses,
 * handles, vehicles, aliases) are one item per line.
 */
typedef enum
{
  DAYBOOK_PERSON_NAME,
  DAYBOOK_PERSON_ALIASES,
  DAYBOOK_PERSON_DESCRIPTION,
  DAYBOOK_PERSON_PHONES,
  DAYBOOK_PERSON_EMAILS,
  DAYBOOK_PERSON_HANDLES,
  DAYBOOK_PERSON_VEHICLES,
  DAYBOOK_PERSON_NOTES,
  DAYBOOK_PERSON_N_FIELDS,
} DaybookPersonField;

DaybookPerson *daybook_person_new (const char *name);
DaybookPerson *daybook_person_copy (DaybookPerson *self);
gint64 daybook_person_get_id (DaybookPerson *self);
guint daybook_person_get_revision (DaybookPerson *self);
DaybookRole daybook_person_get_role (DaybookPerson *self);
void daybook_person_set_role (DaybookPerson *self, DaybookRole role);
const char *daybook_person_get_field (DaybookPerson *self, DaybookPersonField field);
void daybook_person_set_field (DaybookPerson *self, DaybookPersonField field, const char *value);
const char *daybook_person_get_name (DaybookPerson *self);
const char *daybook_person_field_get_id (DaybookPersonField field);
JsonNode *daybook_person_to_json (DaybookPerson *self);
gboolean daybook_person_validate (DaybookPerson *self, GError **error);

void _daybook_person_set_stored (DaybookPerson *self, gint64 id, guint revision);

G_END_DECLS
