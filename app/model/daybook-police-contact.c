/* daybook-police-contact.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-police-contact"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-error.h"
#include "daybook-police-contact.h"

struct _DaybookPoliceContact
{
  GObject parent_instance;

  gint64 id;
  guint revision;
  gint64 deleted_at;
  DaybookWhen when;
  DaybookContactHow how;
  char *fields[DAYBOOK_CONTACT_N_FIELDS];
  GArray *entries; /* of gint64, ascending */
};

G_DEFINE_FINAL_TYPE (DaybookPoliceContact, daybook_police_contact, G_TYPE_OBJECT)

static const char *how_ids[DAYBOOK_N_CONTACT_HOWS] = {
  "999", "101", "online", "in-person", "other",
};
static const char *how_labels[DAYBOOK_N_CONTACT_HOWS] = {
  /* TRANSLATORS: how the police were contacted; 999 and 101 are the UK's emergency and
     non-emergency police numbers */
  NC_ ("how police were contacted", "999 call"),
  NC_ ("how police were contacted", "101 call"),
  NC_ ("how police were contacted", "Online report"),
  NC_ ("how police were contacted", "In person"),
  NC_ ("how police were contacted", "Other"),
};

static const char *const outcome_ids[] = {
  "crime-recorded", "nfa", "warning", "arrest", "charged", NULL,
};
static const char *outcome_labels[] = {
  N_ ("Crime recorded"), N_ ("No further action"), N_ ("Warning issued"),
  N_ ("Arrest"),         N_ ("Charged"),
};

/* Stable identifiers: JSON members and database columns. */
static const char *field_ids[DAYBOOK_CONTACT_N_FIELDS] = {
  "force_name", "officer", "collar", "reference", "reported", "said", "outcome",
};

const char *
daybook_contact_how_get_id (DaybookContactHow how)
{
  g_return_val_if_fail (how < DAYBOOK_N_CONTACT_HOWS, NULL);
  return how_ids[how];
}

const char *
daybook_contact_how_get_label (DaybookContactHow how)
{
  g_return_val_if_fail (how < DAYBOOK_N_CONTACT_HOWS, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "how police were contacted", how_labels[how]);
}

gboolean
daybook_contact_how_from_id (const char *id, DaybookContactHow *how)
{
  for (guint i = 0; i < DAYBOOK_N_CONTACT_HOWS; i++)
    if (g_strcmp0 (id, how_ids[i]) == 0)
      {
        *how = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * daybook_contact_outcome_ids:
 *
 * Returns: (transfer none): the ids of the usual outcomes, %NULL-terminated
 */
const char *const *
daybook_contact_outcome_ids (void)
{
  return outcome_ids;
}

const char *
daybook_contact_outcome_get_label (const char *outcome)
{
  for (guint i = 0; outcome_ids[i] != NULL; i++)
    if (g_strcmp0 (outcome, outcome_ids[i]) == 0)
      return _ (outcome_labels[i]);
  return outcome;
}

const char *
daybook_contact_field_get_id (DaybookContactField field)
{
  g_return_val_if_fail (field < DAYBOOK_CONTACT_N_FIELDS, NULL);
  return field_ids[field];
}

static void
daybook_police_contact_finalize (GObject *object)
{
  DaybookPoliceContact *self = DAYBOOK_POLICE_CONTACT (object);

  daybook_when_clear (&self->when);
  for (guint i = 0; i < DAYBOOK_CONTACT_N_FIELDS; i++)
    g_free (self->fields[i]);
  g_array_unref (self->entries);

  G_OBJECT_CLASS (daybook_police_contact_parent_class)->finalize (object);
}

static void
daybook_police_contact_class_init (DaybookPoliceContactClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = daybook_police_contact_finalize;
}

static void
daybook_police_contact_init (DaybookPoliceContact *self)
{
  self->how = DAYBOOK_CONTACT_OTHER;
  for (guint i = 0; i < DAYBOOK_CONTACT_N_FIELDS; i++)
    self->fields[i] = g_strdup ("");
  self->entries = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * daybook_police_contact_new:
 *
 * Returns: (transfer full): a contact happening now, in the local zone
 */
DaybookPoliceContact *
daybook_police_contact_new (void)
{
  DaybookPoliceContact *self = g_object_new (DAYBOOK_TYPE_POLICE_CONTACT, NULL);
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();

  daybook_when_set_now (&self->when, local);
  return self;
}

/**
 * daybook_police_contact_copy:
 *
 * Returns: (transfer full): an independent copy for an editor
 */
DaybookPoliceContact *
daybook_police_contact_copy (DaybookPoliceContact *self)
{
  DaybookPoliceContact *copy;

  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), NULL);

  copy = daybook_police_contact_new ();
  copy->id = self->id;
  copy->revision = self->revision;
  copy->deleted_at = self->deleted_at;
  daybook_police_contact_set_when (copy, &self->when);
  copy->how = self->how;
  for (guint i = 0; i < DAYBOOK_CONTACT_N_FIELDS; i++)
    daybook_police_contact_set_field (copy, i, self->fields[i]);
  g_array_append_vals (copy->entries, self->entries->data, self->entries->len);
  return copy;
}

void
_daybook_police_contact_set_stored (DaybookPoliceContact *self, gint64 id, guint revision,
                                    gint64 deleted_at)
{
  self->id = id;
  self->revision = revision;
  self->deleted_at = deleted_at;
}

gint64
daybook_police_contact_get_id (DaybookPoliceContact *self)
{
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), 0);
  return self->id;
}

guint
daybook_police_contact_get_revision (DaybookPoliceContact *self)
{
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), 0);
  return self->revision;
}

gint64
daybook_police_contact_get_deleted_at (DaybookPoliceContact *self)
{
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), 0);
  return self->deleted_at;
}

const DaybookWhen *
daybook_police_contact_get_when (DaybookPoliceContact *self)
{
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), NULL);
  return &self->when;
}

void
daybook_police_contact_set_when (DaybookPoliceContact *self, const DaybookWhen *when)
{
  DaybookWhen copy = { 0 };

  g_return_if_fail (DAYBOOK_IS_POLICE_CONTACT (self));
  g_return_if_fail (when != NULL);

  daybook_when_copy (when, &copy);
  daybook_when_clear (&self->when);
  self->when = copy;
}

DaybookContactHow
daybook_police_contact_get_how (DaybookPoliceContact *self)
{
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), DAYBOOK_CONTACT_OTHER);
  return self->how;
}

void
daybook_police_contact_set_how (DaybookPoliceContact *self, DaybookContactHow how)
{
  g_return_if_fail (DAYBOOK_IS_POLICE_CONTACT (self));
  g_return_if_fail (how < DAYBOOK_N_CONTACT_HOWS);
  self->how = how;
}

const char *
daybook_police_contact_get_field (DaybookPoliceContact *self, DaybookContactField field)
{
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), NULL);
  g_return_val_if_fail (field < DAYBOOK_CONTACT_N_FIELDS, NULL);
  return self->fields[field];
}

void
daybook_police_contact_set_field (DaybookPoliceContact *self, DaybookContactField field,
                                  const char *value)
{
  g_return_if_fail (DAYBOOK_IS_POLICE_CONTACT (self));
  g_return_if_fail (field < DAYBOOK_CONTACT_N_FIELDS);

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value != NULL ? value : "");
}

guint
daybook_police_contact_get_n_entries (DaybookPoliceContact *self)
{
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), 0);
  return self->entries->len;
}

gint64
daybook_police_contact_get_entry (DaybookPoliceContact *self, guint index)
{
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), 0);
  g_return_val_if_fail (index < self->entries->len, 0);
  return g_array_index (self->entries, gint64, index);
}

void
daybook_police_contact_add_entry (DaybookPoliceContact *self, gint64 number)
{
  guint i;

  g_return_if_fail (DAYBOOK_IS_POLICE_CONTACT (self));

  for (i = 0; i < self->entries->len; i++)
    {
      gint64 n = g_array_index (self->entries, gint64, i);

      if (n == number)
        return;
      if (n > number)
        break;
    }
  g_array_insert_val (self->entries, i, number);
}

void
daybook_police_contact_remove_entry (DaybookPoliceContact *self, gint64 number)
{
  g_return_if_fail (DAYBOOK_IS_POLICE_CONTACT (self));

  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, gint64, i) == number)
      {
        g_array_remove_index (self->entries, i);
        return;
      }
}

void
daybook_police_contact_clear_entries (DaybookPoliceContact *self)
{
  g_return_if_fail (DAYBOOK_IS_POLICE_CONTACT (self));
  g_array_set_size (self->entries, 0);
}

static JsonNode *
build_json (DaybookPoliceContact *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *at = daybook_when_format_iso (&self->when);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, self->id);
  json_builder_set_member_name (b, "at");
  json_builder_add_string_value (b, at);
  json_builder_set_member_name (b, "time_zone");
  json_builder_add_string_value (b, self->when.zone != NULL ? self->when.zone : "");
  json_builder_set_member_name (b, "how");
  json_builder_add_string_value (b, how_ids[self->how]);
  for (guint i = 0; i < DAYBOOK_CONTACT_N_FIELDS; i++)
    {
      json_builder_set_member_name (b, field_ids[i]);
      json_builder_add_string_value (b, self->fields[i]);
    }
  json_builder_set_member_name (b, "entries");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->entries->len; i++)
    json_builder_add_int_value (b, g_array_index (self->entries, gint64, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, self->revision);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/**
 * daybook_police_contact_to_json:
 *
 * Returns: (transfer full): the contact as a JSON object, its time with the
 *   offset in force where it happened
 */
JsonNode *
daybook_police_contact_to_json (DaybookPoliceContact *self)
{
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), NULL);
  return build_json (self);
}

/**
 * _daybook_police_contact_to_snapshot:
 *
 * Returns: (transfer full): the canonical revision snapshot; it holds no
 *   time but the contact's own, kept with its offset, so it is the same
 *   bytes on any machine
 */
char *
_daybook_police_contact_to_snapshot (DaybookPoliceContact *self)
{
  g_autoptr (JsonNode) node = build_json (self);

  return json_to_string (node, FALSE);
}

gboolean
daybook_police_contact_validate (DaybookPoliceContact *self, GError **error)
{
  g_return_val_if_fail (DAYBOOK_IS_POLICE_CONTACT (self), FALSE);

  for (guint i = 0; i < DAYBOOK_CONTACT_N_FIELDS; i++)
    if (!g_utf8_validate (self->fields[i], -1, NULL))
      {
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                     _ ("A police contact's details must be UTF-8 text."));
        return FALSE;
      }
  /* A minute's grace for a clock read twice. */
  if (self->when.utc > g_get_real_time () / G_USEC_PER_SEC + 60)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The police contact is dated in the future: give the time it happened."));
      return FALSE;
    }
  return TRUE;
}
