/* daybook-incident.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-incident"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-enums.h"
#include "daybook-error.h"
#include "daybook-incident-private.h"

struct _DaybookIncident
{
  GObject parent_instance;

  gint64 number;
  DaybookWhen start;
  DaybookWhen end;
  gboolean has_end;
  DaybookPrecision precision;
  gint64 recorded_at;
  gint64 updated_at;
  gint64 deleted_at;
  guint revision;

  char *title;
  char *narrative;
  char *location;
  DaybookBehaviour types;
  GPtrArray *people; /* of DaybookInvolvement */
  GArray *breaches;  /* of DaybookBreach, by order and term */

  gboolean fear_of_violence;
  gboolean alarm_distress;
  char *impact;

  gboolean police_reported;
  char *police_ref;
  char *police_officer;
  char *police_date;

  char *private_notes;
  gboolean is_private;
};

G_DEFINE_FINAL_TYPE (DaybookIncident, daybook_incident, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NUMBER,
  PROP_START_UTC,
  PROP_PRECISION,
  PROP_RECORDED_AT,
  PROP_UPDATED_AT,
  PROP_REVISION,
  PROP_TITLE,
  PROP_NARRATIVE,
  PROP_LOCATION,
  PROP_TYPES,
  PROP_FEAR_OF_VIOLENCE,
  PROP_ALARM_DISTRESS,
  PROP_IMPACT,
  PROP_POLICE_REPORTED,
  PROP_POLICE_REF,
  PROP_POLICE_OFFICER,
  PROP_POLICE_DATE,
  PROP_PRIVATE_NOTES,
  PROP_PRIVATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
involvement_free (gpointer data)
{
  DaybookInvolvement *inv = data;

  g_free (inv->name);
  g_free (inv);
}

static void
replace_str (char **field, const char *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
set_string (DaybookIncident *self, char **field, const char *value, guint prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_boolean (DaybookIncident *self, gboolean *field, gboolean value, guint prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
daybook_incident_finalize (GObject *object)
{
  DaybookIncident *self = DAYBOOK_INCIDENT (object);

  daybook_when_clear (&self->start);
  daybook_when_clear (&self->end);
  g_free (self->title);
  g_free (self->narrative);
  g_free (self->location);
  g_ptr_array_unref (self->people);
  g_array_unref (self->breaches);
  g_free (self->impact);
  g_free (self->police_ref);
  g_free (self->police_officer);
  g_free (self->police_date);
  g_free (self->private_notes);

  G_OBJECT_CLASS (daybook_incident_parent_class)->finalize (object);
}

static void
daybook_incident_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DaybookIncident *self = DAYBOOK_INCIDENT (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_int64 (value, self->number);
      break;
    case PROP_START_UTC:
      g_value_set_int64 (value, self->start.utc);
      break;
    case PROP_PRECISION:
      g_value_set_enum (value, self->precision);
      break;
    case PROP_RECORDED_AT:
      g_value_set_int64 (value, self->recorded_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_NARRATIVE:
      g_value_set_string (value, self->narrative);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_TYPES:
      g_value_set_flags (value, self->types);
      break;
    case PROP_FEAR_OF_VIOLENCE:
      g_value_set_boolean (value, self->fear_of_violence);
      break;
    case PROP_ALARM_DISTRESS:
      g_value_set_boolean (value, self->alarm_distress);
      break;
    case PROP_IMPACT:
      g_value_set_string (value, self->impact);
      break;
    case PROP_POLICE_REPORTED:
      g_value_set_boolean (value, self->police_reported);
      break;
    case PROP_POLICE_REF:
      g_value_set_string (value, self->police_ref);
      break;
    case PROP_POLICE_OFFICER:
      g_value_set_string (value, self->police_officer);
      break;
    case PROP_POLICE_DATE:
      g_value_set_string (value, self->police_date);
      break;
    case PROP_PRIVATE_NOTES:
      g_value_set_string (value, self->private_notes);
      break;
    case PROP_PRIVATE:
      g_value_set_boolean (value, self->is_private);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daybook_incident_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  DaybookIncident *self = DAYBOOK_INCIDENT (object);

  switch (prop_id)
    {
    case PROP_PRECISION:
      daybook_incident_set_precision (self, g_value_get_enum (value));
      break;
    case PROP_TITLE:
      daybook_incident_set_title (self, g_value_get_string (value));
      break;
    case PROP_NARRATIVE:
      daybook_incident_set_narrative (self, g_value_get_string (value));
      break;
    case PROP_LOCATION:
      daybook_incident_set_location (self, g_value_get_string (value));
      break;
    case PROP_TYPES:
      daybook_incident_set_types (self, g_value_get_flags (value));
      break;
    case PROP_FEAR_OF_VIOLENCE:
      daybook_incident_set_fear_of_violence (self, g_value_get_boolean (value));
      break;
    case PROP_ALARM_DISTRESS:
      daybook_incident_set_alarm_distress (self, g_value_get_boolean (value));
      break;
    case PROP_IMPACT:
      daybook_incident_set_impact (self, g_value_get_string (value));
      break;
    case PROP_POLICE_REPORTED:
      daybook_incident_set_police_reported (self, g_value_get_boolean (value));
      break;
    case PROP_POLICE_REF:
      daybook_incident_set_police_ref (self, g_value_get_string (value));
      break;
    case PROP_POLICE_OFFICER:
      daybook_incident_set_police_officer (self, g_value_get_string (value));
      break;
    case PROP_POLICE_DATE:
      daybook_incident_set_police_date (self, g_value_get_string (value));
      break;
    case PROP_PRIVATE_NOTES:
      daybook_incident_set_private_notes (self, g_value_get_string (value));
      break;
    case PROP_PRIVATE:
      daybook_incident_set_private (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RW (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
daybook_incident_class_init (DaybookIncidentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = daybook_incident_finalize;
  object_class->get_property = daybook_incident_get_property;
  object_class->set_property = daybook_incident_set_property;

  properties[PROP_NUMBER] = g_param_spec_int64 ("number", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_START_UTC]
      = g_param_spec_int64 ("start-utc", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_PRECISION] = g_param_spec_enum ("precision", NULL, NULL, DAYBOOK_TYPE_PRECISION,
                                                  DAYBOOK_PRECISION_EXACT, RW);
  properties[PROP_RECORDED_AT]
      = g_param_spec_int64 ("recorded-at", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_REVISION] = g_param_spec_uint ("revision", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", RW);
  properties[PROP_NARRATIVE] = g_param_spec_string ("narrative", NULL, NULL, "", RW);
  properties[PROP_LOCATION] = g_param_spec_string ("location", NULL, NULL, "", RW);
  properties[PROP_TYPES] = g_param_spec_flags ("types", NULL, NULL, DAYBOOK_TYPE_BEHAVIOUR, 0, RW);
  properties[PROP_FEAR_OF_VIOLENCE]
      = g_param_spec_boolean ("fear-of-violence", NULL, NULL, FALSE, RW);
  properties[PROP_ALARM_DISTRESS] = g_param_spec_boolean ("alarm-distress", NULL, NULL, FALSE, RW);
  properties[PROP_IMPACT] = g_param_spec_string ("impact", NULL, NULL, "", RW);
  properties[PROP_POLICE_REPORTED]
      = g_param_spec_boolean ("police-reported", NULL, NULL, FALSE, RW);
  properties[PROP_POLICE_REF] = g_param_spec_string ("police-ref", NULL, NULL, "", RW);
  properties[PROP_POLICE_OFFICER] = g_param_spec_string ("police-officer", NULL, NULL, "", RW);
  properties[PROP_POLICE_DATE] = g_param_spec_string ("police-date", NULL, NULL, "", RW);
  properties[PROP_PRIVATE_NOTES] = g_param_spec_string ("private-notes", NULL, NULL, "", RW);
  properties[PROP_PRIVATE] = g_param_spec_boolean ("private", NULL, NULL, FALSE, RW);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
daybook_incident_init (DaybookIncident *self)
{
  self->people = g_ptr_array_new_with_free_func (involvement_free);
  self->breaches = g_array_new (FALSE, FALSE, sizeof (DaybookBreach));
  self->title = g_strdup ("");
  self->narrative = g_strdup ("");
  self->location = g_strdup ("");
  self->impact = g_strdup ("");
  self->police_ref = g_strdup ("");
  self->police_officer = g_strdup ("");
  self->police_date = g_strdup ("");
  self->private_notes = g_strdup ("");
}

DaybookIncident *
daybook_incident_new (void)
{
  return g_object_new (DAYBOOK_TYPE_INCIDENT, NULL);
}

/**
 * daybook_incident_copy:
 *
 * Returns: (transfer full): an independent copy, for an editor to change
 *   without touching the object the timeline shows
 */
DaybookIncident *
daybook_incident_copy (DaybookIncident *self)
{
  DaybookIncident *copy;

  g_return_val_if_fail (DAYBOOK_IS_INCIDENT (self), NULL);

  copy = daybook_incident_new ();
  copy->number = self->number;
  daybook_when_copy (&self->start, &copy->start);
  daybook_when_copy (&self->end, &copy->end);
  copy->has_end = self->has_end;
  copy->precision = self->precision;
  copy->recorded_at = self->recorded_at;
  copy->updated_at = self->updated_at;
  copy->deleted_at = self->deleted_at;
  copy->revision = self->revision;
  replace_str (&copy->title, self->title);
  replace_str (&copy->narrative, self->narrative);
  replace_str (&copy->location, self->location);
  copy->types = self->types;
  for (guint i = 0; i < self->people->len; i++)
    {
      const DaybookInvolvement *inv = g_ptr_array_index (self->people, i);
      daybook_incident_link_person (copy, inv->name, inv->role, inv->person_id);
    }
  g_array_append_vals (copy->breaches, self->breaches->data, self->breaches->len);
  copy->fear_of_violence = self->fear_of_violence;
  copy->alarm_distress = self->alarm_distress;
  replace_str (&copy->impact, self->impact);
  copy->police_reported = self->police_reported;
  replace_str (&copy->police_ref, self->police_ref);
  replace_str (&copy->police_officer, self->police_officer);
  replace_str (&copy->police_date, self->police_date);
  replace_str (&copy->private_notes, self->private_notes);
  copy->is_private = self->is_private;

  return copy;
}

void
_daybook_incident_set_stored (DaybookIncident *self, gint64 number, gint64 recorded_at,
                              gint64 updated_at, guint revision, gint64 deleted_at)
{
  self->number = number;
  self->recorded_at = recorded_at;
  self->updated_at = updated_at;
  self->revision = revision;
  self->deleted_at = deleted_at;
}

gint64
daybook_incident_get_number (DaybookIncident *self)
{
  return self->number;
}
gint64
daybook_incident_get_recorded_at (DaybookIncident *self)
{
  return self->recorded_at;
}
gint64
daybook_incident_get_updated_at (DaybookIncident *self)
{
  return self->updated_at;
}
gint64
daybook_incident_get_deleted_at (DaybookIncident *self)
{
  return self->deleted_at;
}
guint
daybook_incident_get_revision (DaybookIncident *self)
{
  return self->revision;
}
const DaybookWhen *
daybook_incident_get_start (DaybookIncident *self)
{
  return &self->start;
}
DaybookPrecision
daybook_incident_get_precision (DaybookIncident *self)
{
  return self->precision;
}
const char *
daybook_incident_get_title (DaybookIncident *self)
{
  return self->title;
}
const char *
daybook_incident_get_narrative (DaybookIncident *self)
{
  return self->narrative;
}
const char *
daybook_incident_get_location (DaybookIncident *self)
{
  return self->location;
}
DaybookBehaviour
daybook_incident_get_types (DaybookIncident *self)
{
  return self->types;
}
gboolean
daybook_incident_get_fear_of_violence (DaybookIncident *self)
{
  return self->fear_of_violence;
}
gboolean
daybook_incident_get_alarm_distress (DaybookIncident *self)
{
  return self->alarm_distress;
}
const char *
daybook_incident_get_impact (DaybookIncident *self)
{
  return self->impact;
}
gboolean
daybook_incident_get_police_reported (DaybookIncident *self)
{
  return self->police_reported;
}
const char *
daybook_incident_get_police_ref (DaybookIncident *self)
{
  return self->police_ref;
}
const char *
daybook_incident_get_police_officer (DaybookIncident *self)
{
  return self->police_officer;
}
const char *
daybook_incident_get_police_date (DaybookIncident *self)
{
  return self->police_date;
}
const char *
daybook_incident_get_private_notes (DaybookIncident *self)
{
  return self->private_notes;
}
gboolean
daybook_incident_get_private (DaybookIncident *self)
{
  return self->is_private;
}

/**
 * daybook_incident_get_end:
 *
 * Returns: (nullable): when it ended, or %NULL if no end was given
 */
const DaybookWhen *
daybook_incident_get_end (DaybookIncident *self)
{
  return self->has_end ? &self->end : NULL;
}

void
daybook_incident_set_start (DaybookIncident *self, const DaybookWhen *when)
{
  g_return_if_fail (DAYBOOK_IS_INCIDENT (self));
  g_return_if_fail (when != NULL);

  if (self->start.utc == when->utc && self->start.offset == when->offset
      && g_strcmp0 (self->start.zone, when->zone) == 0)
    return;
  daybook_when_copy (when, &self->start);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_UTC]);
}

/**
 * daybook_incident_set_end:
 * @when: (nullable): when it ended, or %NULL for no end
 */
void
daybook_incident_set_end (DaybookIncident *self, const DaybookWhen *when)
{
  g_return_if_fail (DAYBOOK_IS_INCIDENT (self));

  self->has_end = when != NULL;
  if (when != NULL)
    daybook_when_copy (when, &self->end);
  else
    daybook_when_clear (&self->end);
}

void
daybook_incident_set_precision (DaybookIncident *self, DaybookPrecision precision)
{
  g_return_if_fail (DAYBOOK_IS_INCIDENT (self));
  g_return_if_fail (precision <= DAYBOOK_PRECISION_DAY);

  if (self->precision == precision)
    return;
  self->precision = precision;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRECISION]);
}

void
daybook_incident_set_types (DaybookIncident *self, DaybookBehaviour types)
{
  g_return_if_fail (DAYBOOK_IS_INCIDENT (self));

  types &= DAYBOOK_BEHAVIOUR_ALL;
  if (self->types == types)
    return;
  self->types = types;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TYPES]);
}

void
daybook_incident_set_title (DaybookIncident *self, const char *v)
{
  set_string (self, &self->title, v ? v : "", PROP_TITLE);
}
void
daybook_incident_set_narrative (DaybookIncident *self, const char *v)
{
  set_string (self, &self->narrative, v ? v : "", PROP_NARRATIVE);
}
void
daybook_incident_set_location (DaybookIncident *self, const char *v)
{
  set_string (self, &self->location, v ? v : "", PROP_LOCATION);
}
void
daybook_incident_set_impact (DaybookIncident *self, const char *v)
{
  set_string (self, &self->impact, v ? v : "", PROP_IMPACT);
}
void
daybook_incident_set_police_ref (DaybookIncident *self, const char *v)
{
  set_string (self, &self->police_ref, v ? v : "", PROP_POLICE_REF);
}
void
daybook_incident_set_police_officer (DaybookIncident *self, const char *v)
{
  set_string (self, &self->police_officer, v ? v : "", PROP_POLICE_OFFICER);
}
void
daybook_incident_set_police_date (DaybookIncident *self, const char *v)
{
  set_string (self, &self->police_date, v ? v : "", PROP_POLICE_DATE);
}
void
daybook_incident_set_private_notes (DaybookIncident *self, const char *v)
{
  set_string (self, &self->private_notes, v ? v : "", PROP_PRIVATE_NOTES);
}
void
daybook_incident_set_fear_of_violence (DaybookIncident *self, gboolean v)
{
  set_boolean (self, &self->fear_of_violence, v, PROP_FEAR_OF_VIOLENCE);
}
void
daybook_incident_set_alarm_distress (DaybookIncident *self, gboolean v)
{
  set_boolean (self, &self->alarm_distress, v, PROP_ALARM_DISTRESS);
}
void
daybook_incident_set_police_reported (DaybookIncident *self, gboolean v)
{
  set_boolean (self, &self->police_reported, v, PROP_POLICE_REPORTED);
}
void
daybook_incident_set_private (DaybookIncident *self, gboolean v)
{
  set_boolean (self, &self->is_private, v, PROP_PRIVATE);
}

guint
daybook_incident_get_n_people (DaybookIncident *self)
{
  return self->people->len;
}

const DaybookInvolvement *
daybook_incident_get_person (DaybookIncident *self, guint i)
{
  g_return_val_if_fail (i < self->people->len, NULL);

  return g_ptr_array_index (self->people, i);
}

/**
 * daybook_incident_add_person:
 *
 * Links a person by name; naming the same person again changes their role.
 */
void
daybook_incident_add_person (DaybookIncident *self, const char *name, DaybookRole role)
{
  daybook_incident_link_person (self, name, role, 0);
}

/**
 * daybook_incident_link_person:
 * @person_id: the person in People, or 0 to find or add them by @name
 */
void
daybook_incident_link_person (DaybookIncident *self, const char *name, DaybookRole role,
                              gint64 person_id)
{
  DaybookInvolvement *inv;

  g_return_if_fail (name != NULL);

  for (guint i = 0; i < self->people->len; i++)
    {
      inv = g_ptr_array_index (self->people, i);
      if ((person_id != 0 && inv->person_id == person_id) || g_utf8_collate (inv->name, name) == 0)
        {
          inv->role = role;
          return;
        }
    }

  inv = g_new0 (DaybookInvolvement, 1);
  inv->name = g_strdup (name);
  inv->role = role;
  inv->person_id = person_id;
  g_ptr_array_add (self->people, inv);
}

void
daybook_incident_clear_people (DaybookIncident *self)
{
  g_ptr_array_set_size (self->people, 0);
}

guint
daybook_incident_get_n_breaches (DaybookIncident *self)
{
  g_return_val_if_fail (DAYBOOK_IS_INCIDENT (self), 0);
  return self->breaches->len;
}

const DaybookBreach *
daybook_incident_get_breach (DaybookIncident *self, guint index)
{
  g_return_val_if_fail (DAYBOOK_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (index < self->breaches->len, NULL);
  return &g_array_index (self->breaches, DaybookBreach, index);
}

static int
compare_breach (const DaybookBreach *a, gint64 order_id, guint term)
{
  if (a->order_id != order_id)
    return a->order_id < order_id ? -1 : 1;
  if (a->term != term)
    return a->term < term ? -1 : 1;
  return 0;
}

/* The index of the breach, or where it would go (with *found FALSE). */
static guint
find_breach (DaybookIncident *self, gint64 order_id, guint term, gboolean *found)
{
  guint i;

  *found = FALSE;
  for (i = 0; i < self->breaches->len; i++)
    {
      int c = compare_breach (&g_array_index (self->breaches, DaybookBreach, i), order_id, term);

      if (c == 0)
        *found = TRUE;
      if (c >= 0)
        break;
    }
  return i;
}

gboolean
daybook_incident_has_breach (DaybookIncident *self, gint64 order_id, guint term)
{
  gboolean found;

  g_return_val_if_fail (DAYBOOK_IS_INCIDENT (self), FALSE);
  find_breach (self, order_id, term, &found);
  return found;
}

/**
 * daybook_incident_add_breach:
 *
 * Marks the entry as a possible breach of term @term of order @order_id.
 * Marking the same term twice keeps one mark. Whether the order and term
 * exist is checked when the entry is saved.
 */
void
daybook_incident_add_breach (DaybookIncident *self, gint64 order_id, guint term)
{
  DaybookBreach breach = { order_id, term };
  gboolean found;
  guint i;

  g_return_if_fail (DAYBOOK_IS_INCIDENT (self));
  i = find_breach (self, order_id, term, &found);
  if (!found)
    g_array_insert_val (self->breaches, i, breach);
}

void
daybook_incident_remove_breach (DaybookIncident *self, gint64 order_id, guint term)
{
  gboolean found;
  guint i;

  g_return_if_fail (DAYBOOK_IS_INCIDENT (self));
  i = find_breach (self, order_id, term, &found);
  if (found)
    g_array_remove_index (self->breaches, i);
}

void
daybook_incident_clear_breaches (DaybookIncident *self)
{
  g_return_if_fail (DAYBOOK_IS_INCIDENT (self));
  g_array_set_size (self->breaches, 0);
}

static void
add_when (JsonBuilder *builder, const char *name, const DaybookWhen *when)
{
  g_autofree char *iso = when ? daybook_when_format_iso (when) : NULL;

  json_builder_set_member_name (builder, name);
  if (iso != NULL)
    json_builder_add_string_value (builder, iso);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder, const char *name, gint64 utc, GTimeZone *zone)
{
  g_autofree char *iso = daybook_time_format_iso (utc, zone);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, iso);
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static JsonNode *
build_json (DaybookIncident *self, GTimeZone *zone)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "number");
  json_builder_add_int_value (b, self->number);
  add_when (b, "occurred_start", &self->start);
  add_when (b, "occurred_end", daybook_incident_get_end (self));
  add_string (b, "time_zone", self->start.zone ? self->start.zone : "");
  add_string (b, "precision", daybook_precision_get_id (self->precision));
  add_time (b, "recorded_at", self->recorded_at, zone);
  add_time (b, "updated_at", self->updated_at, zone);
  add_string (b, "title", self->title);
  add_string (b, "narrative", self->narrative);
  add_string (b, "location", self->location);

  json_builder_set_member_name (b, "types");
  json_builder_begin_array (b);
  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if (self->types & daybook_behaviour_nth (i))
      json_builder_add_string_value (b, daybook_behaviour_get_id (daybook_behaviour_nth (i)));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "people");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->people->len; i++)
    {
      const DaybookInvolvement *inv = g_ptr_array_index (self->people, i);

      json_builder_begin_object (b);
      add_string (b, "name", inv->name);
      add_string (b, "role", daybook_role_get_id (inv->role));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  add_boolean (b, "fear_of_violence", self->fear_of_violence);
  add_boolean (b, "alarm_distress", self->alarm_distress);
  add_string (b, "impact", self->impact);
  add_boolean (b, "police_reported", self->police_reported);
  add_string (b, "police_ref", self->police_ref);
  add_string (b, "police_officer", self->police_officer);
  add_string (b, "police_date", self->police_date);
  add_string (b, "private_notes", self->private_notes);
  add_boolean (b, "private", self->is_private);
  /* Only when there is one: snapshots saved before breaches existed, and
   * entries without any, keep the same bytes. */
  if (self->breaches->len > 0)
    {
      json_builder_set_member_name (b, "breaches");
      json_builder_begin_array (b);
      for (guint i = 0; i < self->breaches->len; i++)
        {
          const DaybookBreach *breach = &g_array_index (self->breaches, DaybookBreach, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "order");
          json_builder_add_int_value (b, breach->order_id);
          json_builder_set_member_name (b, "term");
          json_builder_add_int_value (b, breach->term);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, self->revision);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/**
 * daybook_incident_to_json:
 *
 * The incident as the CLI prints it, recorded-at and updated-at in the
 * local time zone.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
daybook_incident_to_json (DaybookIncident *self)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();

  g_return_val_if_fail (DAYBOOK_IS_INCIDENT (self), NULL);

  return build_json (self, local);
}

/**
 * _daybook_incident_to_snapshot:
 *
 * The canonical snapshot hashed into the chain: the same members in a fixed
 * order, all program-set times in UTC, so the same incident always gives the
 * same bytes whatever the machine's time zone.
 *
 * Returns: (transfer full): compact JSON text
 */
char *
_daybook_incident_to_snapshot (DaybookIncident *self)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (JsonNode) node = build_json (self, utc);

  return json_to_string (node, FALSE);
}

/* ---- the snapshot, written directly ------------------------------------------
 *
 * `verify` compares every entry with its last revision, so it writes the
 * snapshot of each: through a JsonNode tree that is most of verify's time at
 * 100,000 entries. These write the same bytes straight into a string. They
 * are only ever a shortcut: a snapshot written here that differs from the
 * stored one is written again by _daybook_incident_to_snapshot() before
 * anything is reported, and test-history checks both give the same bytes.
 */

/* As JSON-GLib 1.6's generator escapes a string: \" and \\, the short
 * escapes, \u00xx for the other bytes 1 to 0x1e and for 0x7f; 0x1f and
 * every byte from 0x80 as they are. */
static void
put_json_string (GString *out, const char *text)
{
  const char *run = text, *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;
      const char *escape = NULL;
      char hex[8];

      if (c == '"')
        escape = "\\\"";
      else if (c == '\\')
        escape = "\\\\";
      else if ((c > 0 && c < 0x1f) || c == 0x7f)
        switch (c)
          {
          case '\b':
            escape = "\\b";
            break;
          case '\f':
            escape = "\\f";
            break;
          case '\n':
            escape = "\\n";
            break;
          case '\r':
            escape = "\\r";
            break;
          case '\t':
            escape = "\\t";
            break;
          default:
            g_snprintf (hex, sizeof hex, "\\u00%.2x", c);
            escape = hex;
            break;
          }
      if (escape == NULL)
        continue;
      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
put_member (GString *out, const char *name)
{
  if (out->str[out->len - 1] != '{')
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

static void
put_string_member (GString *out, const char *name, const char *value)
{
  put_member (out, name);
  put_json_string (out, value);
}

static void
put_int_member (GString *out, const char *name, gint64 value)
{
  put_member (out, name);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
put_boolean_member (GString *out, const char *name, gboolean value)
{
  put_member (out, name);
  g_string_append (out, value ? "true" : "false");
}

/* As daybook_when_format_iso(), for the times it writes as GDateTime
 * does: years 1000 to 9999, offsets within 18 hours. Returns FALSE for
 * any other time, and the caller takes the long way. */
static gboolean
put_iso_member (GString *out, const char *name, gint64 utc, int offset)
{
  gint64 local, days, secs, z, era, doe, yoe, y, doy, mp, d, m;
  int a = ABS (offset);

  if (a > 18 * 3600 || utc < -30610224000 || utc > 253402300799)
    return FALSE;
  local = utc + offset;
  days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  secs = local - days * 86400;
  /* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
  z = days + 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  if (y < 1000 || y > 9999)
    return FALSE;
  put_member (out, name);
  {
    /* "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", without printf's cost. */
    char text[28] = "\"0000-00-00T00:00:00+00:00\"";
    const int fields[] = { (int)m,           (int)d,   (int)(secs / 3600), (int)(secs / 60 % 60),
                           (int)(secs % 60), a / 3600, (a / 60) % 60 };
    const int at[] = { 6, 9, 12, 15, 18, 21, 24 };

    text[1] = '0' + (int)(y / 1000);
    text[2] = '0' + (int)(y / 100 % 10);
    text[3] = '0' + (int)(y / 10 % 10);
    text[4] = '0' + (int)(y % 10);
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        text[at[i]] = '0' + fields[i] / 10;
        text[at[i] + 1] = '0' + fields[i] % 10;
      }
    text[20] = offset < 0 ? '-' : '+';
    g_string_append_len (out, text, 27);
  }
  return TRUE;
}

/**
 * _daybook_incident_write_snapshot:
 * @out: where the snapshot is written (it is emptied first)
 *
 * Writes the same bytes as _daybook_incident_to_snapshot(), faster, for
 * the incidents it can: a time outside the years 1000 to 9999, or an
 * offset beyond 18 hours, is left to _daybook_incident_to_snapshot().
 *
 * Returns: %FALSE if it did not write the snapshot
 */
gboolean
_daybook_incident_write_snapshot (DaybookIncident *self, GString *out)
{
  const DaybookWhen *end = daybook_incident_get_end (self);

  g_string_truncate (out, 0);
  g_string_append_c (out, '{');
  put_int_member (out, "number", self->number);
  if (!put_iso_member (out, "occurred_start", self->start.utc, self->start.offset))
    return FALSE;
  if (end == NULL)
    {
      put_member (out, "occurred_end");
      g_string_append (out, "null");
    }
  else if (!put_iso_member (out, "occurred_end", end->utc, end->offset))
    return FALSE;
  put_string_member (out, "time_zone", self->start.zone ? self->start.zone : "");
  put_string_member (out, "precision", daybook_precision_get_id (self->precision));
  if (!put_iso_member (out, "recorded_at", self->recorded_at, 0)
      || !put_iso_member (out, "updated_at", self->updated_at, 0))
    return FALSE;
  put_string_member (out, "title", self->title);
  put_string_member (out, "narrative", self->narrative);
  put_string_member (out, "location", self->location);

  put_member (out, "types");
  g_string_append_c (out, '[');
  for (guint i = 0, n = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if (self->types & daybook_behaviour_nth (i))
      {
        if (n++ > 0)
          g_string_append_c (out, ',');
        put_json_string (out, daybook_behaviour_get_id (daybook_behaviour_nth (i)));
      }
  g_string_append_c (out, ']');

  put_member (out, "people");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->people->len; i++)
    {
      const DaybookInvolvement *inv = g_ptr_array_index (self->people, i);

      if (inv->name == NULL)
        return FALSE;
      g_string_append (out, i > 0 ? ",{" : "{");
      put_string_member (out, "name", inv->name);
      put_string_member (out, "role", daybook_role_get_id (inv->role));
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  put_boolean_member (out, "fear_of_violence", self->fear_of_violence);
  put_boolean_member (out, "alarm_distress", self->alarm_distress);
  put_string_member (out, "impact", self->impact);
  put_boolean_member (out, "police_reported", self->police_reported);
  put_string_member (out, "police_ref", self->police_ref);
  put_string_member (out, "police_officer", self->police_officer);
  put_string_member (out, "police_date", self->police_date);
  put_string_member (out, "private_notes", self->private_notes);
  put_boolean_member (out, "private", self->is_private);
  if (self->breaches->len > 0)
    {
      put_member (out, "breaches");
      g_string_append_c (out, '[');
      for (guint i = 0; i < self->breaches->len; i++)
        {
          const DaybookBreach *breach = &g_array_index (self->breaches, DaybookBreach, i);

          g_string_append (out, i > 0 ? ",{" : "{");
          put_int_member (out, "order", breach->order_id);
          put_int_member (out, "term", breach->term);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }
  put_int_member (out, "revision", self->revision);
  g_string_append_c (out, '}');
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
check_text (const char *text, const char *field, GError **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The %s is not valid UTF-8 text. Save it as UTF-8 and try again."), field);
      return FALSE;
    }
  return TRUE;
}

/**
 * daybook_incident_validate:
 *
 * Checks what the database cannot: text is UTF-8, the end is not before
 * the start, the time is set.
 */
gboolean
daybook_incident_validate (DaybookIncident *self, GError **error)
{
  g_return_val_if_fail (DAYBOOK_IS_INCIDENT (self), FALSE);

  /* TRANSLATORS: a field of an entry, named inside a sentence ("the title is too long") */
  if (!check_text (self->title, _ ("title"), error)
      || !check_text (self->narrative, _ ("account"), error)
      || !check_text (self->location, _ ("location"), error)
      || !check_text (self->impact, _ ("impact"), error)
      || !check_text (self->police_ref, _ ("crime reference"), error)
      || !check_text (self->police_officer, _ ("officer"), error)
      || !check_text (self->police_date, _ ("date reported"), error)
      || !check_text (self->private_notes, _ ("private notes"), error))
    return FALSE;

  for (guint i = 0; i < self->people->len; i++)
    {
      const DaybookInvolvement *inv = g_ptr_array_index (self->people, i);

      if (!check_text (inv->name, _ ("person's name"), error))
        return FALSE;
      if (is_blank (inv->name))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, _ ("A person needs a name."));
          return FALSE;
        }
    }

  if (self->start.utc == 0 && self->start.zone == NULL)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The entry needs the date it happened."));
      return FALSE;
    }

  if (self->has_end && self->end.utc < self->start.utc)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The end time is before the start time."));
      return FALSE;
    }

  return TRUE;
}
