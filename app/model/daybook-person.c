/* daybook-person.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-person"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-behaviour.h"
#include "daybook-enums.h"
#include "daybook-error.h"
#include "daybook-person.h"

struct _DaybookPerson
{
  GObject parent_instance;

  gint64 id;
  guint revision;
  DaybookRole role;
  char *fields[DAYBOOK_PERSON_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (DaybookPerson, daybook_person, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ROLE,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Stable identifiers: JSON members and database columns. */
static const char *field_ids[DAYBOOK_PERSON_N_FIELDS] = {
  "name", "aliases", "description", "phones", "emails", "handles", "vehicles", "notes",
};

static void
daybook_person_finalize (GObject *object)
{
  DaybookPerson *self = DAYBOOK_PERSON (object);

  for (guint i = 0; i < DAYBOOK_PERSON_N_FIELDS; i++)
    g_free (self->fields[i]);

  G_OBJECT_CLASS (daybook_person_parent_class)->finalize (object);
}

static void
daybook_person_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DaybookPerson *self = DAYBOOK_PERSON (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->fields[DAYBOOK_PERSON_NAME]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daybook_person_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DaybookPerson *self = DAYBOOK_PERSON (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      daybook_person_set_role (self, g_value_get_enum (value));
      break;
    case PROP_NAME:
      daybook_person_set_field (self, DAYBOOK_PERSON_NAME, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daybook_person_class_init (DaybookPersonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = daybook_person_finalize;
  object_class->get_property = daybook_person_get_property;
  object_class->set_property = daybook_person_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE]
      = g_param_spec_enum ("role", NULL, NULL, DAYBOOK_TYPE_ROLE, DAYBOOK_ROLE_OTHER,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] = g_param_spec_string (
      "name", NULL, NULL, "", G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
daybook_person_init (DaybookPerson *self)
{
  self->role = DAYBOOK_ROLE_OTHER;
  for (guint i = 0; i < DAYBOOK_PERSON_N_FIELDS; i++)
    self->fields[i] = g_strdup ("");
}

DaybookPerson *
daybook_person_new (const char *name)
{
  DaybookPerson *self = g_object_new (DAYBOOK_TYPE_PERSON, NULL);

  daybook_person_set_field (self, DAYBOOK_PERSON_NAME, name);
  return self;
}

/**
 * daybook_person_copy:
 *
 * Returns: (transfer full): an independent copy for an editor
 */
DaybookPerson *
daybook_person_copy (DaybookPerson *self)
{
  DaybookPerson *copy = daybook_person_new (NULL);

  copy->id = self->id;
  copy->revision = self->revision;
  copy->role = self->role;
  for (guint i = 0; i < DAYBOOK_PERSON_N_FIELDS; i++)
    daybook_person_set_field (copy, i, self->fields[i]);
  return copy;
}

void
_daybook_person_set_stored (DaybookPerson *self, gint64 id, guint revision)
{
  self->id = id;
  self->revision = revision;
}

gint64
daybook_person_get_id (DaybookPerson *self)
{
  g_return_val_if_fail (DAYBOOK_IS_PERSON (self), 0);
  return self->id;
}

guint
daybook_person_get_revision (DaybookPerson *self)
{
  g_return_val_if_fail (DAYBOOK_IS_PERSON (self), 0);
  return self->revision;
}

DaybookRole
daybook_person_get_role (DaybookPerson *self)
{
  g_return_val_if_fail (DAYBOOK_IS_PERSON (self), DAYBOOK_ROLE_OTHER);
  return self->role;
}

void
daybook_person_set_role (DaybookPerson *self, DaybookRole role)
{
  g_return_if_fail (DAYBOOK_IS_PERSON (self));
  g_return_if_fail (role <= DAYBOOK_ROLE_OTHER);

  if (self->role == role)
    return;
  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

const char *
daybook_person_get_field (DaybookPerson *self, DaybookPersonField field)
{
  g_return_val_if_fail (DAYBOOK_IS_PERSON (self), NULL);
  g_return_val_if_fail (field < DAYBOOK_PERSON_N_FIELDS, NULL);

  return self->fields[field];
}

const char *
daybook_person_get_name (DaybookPerson *self)
{
  return daybook_person_get_field (self, DAYBOOK_PERSON_NAME);
}

void
daybook_person_set_field (DaybookPerson *self, DaybookPersonField field, const char *value)
{
  g_return_if_fail (DAYBOOK_IS_PERSON (self));
  g_return_if_fail (field < DAYBOOK_PERSON_N_FIELDS);

  if (value == NULL)
    value = "";
  if (g_strcmp0 (self->fields[field], value) == 0)
    return;
  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value);
  if (field == DAYBOOK_PERSON_NAME)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
daybook_person_field_get_id (DaybookPersonField field)
{
  g_return_val_if_fail (field < DAYBOOK_PERSON_N_FIELDS, NULL);
  return field_ids[field];
}

/**
 * daybook_person_to_json:
 *
 * Returns: (transfer full): the person as a JSON object with a fixed member
 *   order; its text is also the canonical revision snapshot
 */
JsonNode *
daybook_person_to_json (DaybookPerson *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, self->id);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, daybook_role_get_id (self->role));
  for (guint i = 0; i < DAYBOOK_PERSON_N_FIELDS; i++)
    {
      json_builder_set_member_name (b, field_ids[i]);
      json_builder_add_string_value (b, self->fields[i]);
    }
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, self->revision);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

gboolean
daybook_person_validate (DaybookPerson *self, GError **error)
{
  g_autofree char *name = NULL;

  for (guint i = 0; i < DAYBOOK_PERSON_N_FIELDS; i++)
    if (!g_utf8_validate (self->fields[i], -1, NULL))
      {
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                     _ ("A person's details must be UTF-8 text."));
        return FALSE;
      }

  name = g_strstrip (g_strdup (self->fields[DAYBOOK_PERSON_NAME]));
  if (name[0] == '\0')
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, _ ("A person needs a name."));
      return FALSE;
    }

  return TRUE;
}
