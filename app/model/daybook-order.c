/* daybook-order.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-order"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "daybook-i18n.h"

#include "daybook-error.h"
#include "daybook-order.h"
#include "daybook-time.h"

struct _DaybookOrder
{
  GObject parent_instance;

  gint64 id;
  guint revision;
  gint64 deleted_at;
  DaybookOrderKind kind;
  gint64 document;
  char *fields[DAYBOOK_ORDER_N_FIELDS];
  GArray *terms; /* of DaybookOrderTerm, by number */
};

G_DEFINE_FINAL_TYPE (DaybookOrder, daybook_order, G_TYPE_OBJECT)

typedef struct
{
  const char *id;
  const char *label;
} KindInfo;

static const KindInfo kinds[DAYBOOK_N_ORDER_KINDS] = {
  { "spo", N_ ("Stalking protection order") },
  { "interim-spo", N_ ("Interim stalking protection order") },
  { "non-molestation", N_ ("Non-molestation order") },
  { "restraining-conviction", N_ ("Restraining order on conviction") },
  { "restraining-acquittal", N_ ("Restraining order on acquittal") },
  { "bail", N_ ("Bail conditions") },
  { "police-notice", N_ ("Police notice") },
  { "injunction", N_ ("Injunction") },
  { "other", N_ ("Other order") },
};

/* Stable identifiers: JSON members (the columns are court, reference,
 * made_on, served_on, expires_on, notes). */
static const char *field_ids[DAYBOOK_ORDER_N_FIELDS] = {
  "court", "reference", "made_on", "served_on", "expires_on", "notes",
};

const char *
daybook_order_kind_get_id (DaybookOrderKind kind)
{
  g_return_val_if_fail (kind < DAYBOOK_N_ORDER_KINDS, NULL);
  return kinds[kind].id;
}

const char *
daybook_order_kind_get_label (DaybookOrderKind kind)
{
  g_return_val_if_fail (kind < DAYBOOK_N_ORDER_KINDS, NULL);
  return _ (kinds[kind].label);
}

gboolean
daybook_order_kind_from_id (const char *id, DaybookOrderKind *kind)
{
  for (guint i = 0; i < DAYBOOK_N_ORDER_KINDS; i++)
    if (g_strcmp0 (id, kinds[i].id) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
daybook_order_field_get_id (DaybookOrderField field)
{
  g_return_val_if_fail (field < DAYBOOK_ORDER_N_FIELDS, NULL);
  return field_ids[field];
}

static void
term_clear (gpointer data)
{
  DaybookOrderTerm *term = data;

  g_free (term->text);
}

static void
daybook_order_finalize (GObject *object)
{
  DaybookOrder *self = DAYBOOK_ORDER (object);

  for (guint i = 0; i < DAYBOOK_ORDER_N_FIELDS; i++)
    g_free (self->fields[i]);
  g_array_unref (self->terms);

  G_OBJECT_CLASS (daybook_order_parent_class)->finalize (object);
}

static void
daybook_order_class_init (DaybookOrderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = daybook_order_finalize;
}

static void
daybook_order_init (DaybookOrder *self)
{
  self->kind = DAYBOOK_ORDER_OTHER;
  for (guint i = 0; i < DAYBOOK_ORDER_N_FIELDS; i++)
    self->fields[i] = g_strdup ("");
  self->terms = g_array_new (FALSE, TRUE, sizeof (DaybookOrderTerm));
  g_array_set_clear_func (self->terms, term_clear);
}

DaybookOrder *
daybook_order_new (DaybookOrderKind kind)
{
  DaybookOrder *self = g_object_new (DAYBOOK_TYPE_ORDER, NULL);

  daybook_order_set_kind (self, kind);
  return self;
}

/**
 * daybook_order_copy:
 *
 * Returns: (transfer full): an independent copy for an editor
 */
DaybookOrder *
daybook_order_copy (DaybookOrder *self)
{
  DaybookOrder *copy;

  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), NULL);

  copy = daybook_order_new (self->kind);
  copy->id = self->id;
  copy->revision = self->revision;
  copy->deleted_at = self->deleted_at;
  copy->document = self->document;
  for (guint i = 0; i < DAYBOOK_ORDER_N_FIELDS; i++)
    daybook_order_set_field (copy, i, self->fields[i]);
  for (guint i = 0; i < self->terms->len; i++)
    {
      DaybookOrderTerm term = g_array_index (self->terms, DaybookOrderTerm, i);

      term.text = g_strdup (term.text);
      g_array_append_val (copy->terms, term);
    }
  return copy;
}

void
_daybook_order_set_stored (DaybookOrder *self, gint64 id, guint revision, gint64 deleted_at)
{
  self->id = id;
  self->revision = revision;
  self->deleted_at = deleted_at;
}

/* Terms are loaded in number order; a number already present is replaced. */
void
_daybook_order_set_term_stored (DaybookOrder *self, guint number, const char *text,
                                gint64 deleted_at)
{
  DaybookOrderTerm term = { number, g_strdup (text), deleted_at != 0, deleted_at };
  guint i;

  for (i = 0; i < self->terms->len; i++)
    {
      DaybookOrderTerm *t = &g_array_index (self->terms, DaybookOrderTerm, i);

      if (t->number == number)
        {
          g_free (t->text);
          *t = term;
          return;
        }
      if (t->number > number)
        break;
    }
  g_array_insert_val (self->terms, i, term);
}

gint64
daybook_order_get_id (DaybookOrder *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), 0);
  return self->id;
}

guint
daybook_order_get_revision (DaybookOrder *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), 0);
  return self->revision;
}

gint64
daybook_order_get_deleted_at (DaybookOrder *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), 0);
  return self->deleted_at;
}

DaybookOrderKind
daybook_order_get_kind (DaybookOrder *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), DAYBOOK_ORDER_OTHER);
  return self->kind;
}

void
daybook_order_set_kind (DaybookOrder *self, DaybookOrderKind kind)
{
  g_return_if_fail (DAYBOOK_IS_ORDER (self));
  g_return_if_fail (kind < DAYBOOK_N_ORDER_KINDS);
  self->kind = kind;
}

const char *
daybook_order_get_field (DaybookOrder *self, DaybookOrderField field)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), NULL);
  g_return_val_if_fail (field < DAYBOOK_ORDER_N_FIELDS, NULL);
  return self->fields[field];
}

void
daybook_order_set_field (DaybookOrder *self, DaybookOrderField field, const char *value)
{
  g_return_if_fail (DAYBOOK_IS_ORDER (self));
  g_return_if_fail (field < DAYBOOK_ORDER_N_FIELDS);

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value != NULL ? value : "");
}

gint64
daybook_order_get_document (DaybookOrder *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), 0);
  return self->document;
}

void
daybook_order_set_document (DaybookOrder *self, gint64 attachment_id)
{
  g_return_if_fail (DAYBOOK_IS_ORDER (self));
  self->document = MAX (attachment_id, 0);
}

guint
daybook_order_get_n_terms (DaybookOrder *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), 0);
  return self->terms->len;
}

const DaybookOrderTerm *
daybook_order_get_term (DaybookOrder *self, guint index)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), NULL);
  g_return_val_if_fail (index < self->terms->len, NULL);
  return &g_array_index (self->terms, DaybookOrderTerm, index);
}

/**
 * daybook_order_find_term:
 *
 * Returns: (nullable): term @number, removed or not
 */
const DaybookOrderTerm *
daybook_order_find_term (DaybookOrder *self, guint number)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), NULL);

  for (guint i = 0; i < self->terms->len; i++)
    if (g_array_index (self->terms, DaybookOrderTerm, i).number == number)
      return &g_array_index (self->terms, DaybookOrderTerm, i);
  return NULL;
}

/**
 * daybook_order_add_term:
 *
 * Adds a term after the last, removed ones included: numbers are never
 * reused.
 *
 * Returns: the new term's number
 */
guint
daybook_order_add_term (DaybookOrder *self, const char *text)
{
  DaybookOrderTerm term = { 1, g_strdup (text != NULL ? text : ""), FALSE, 0 };

  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), 0);

  if (self->terms->len > 0)
    term.number = g_array_index (self->terms, DaybookOrderTerm, self->terms->len - 1).number + 1;
  g_array_append_val (self->terms, term);
  return term.number;
}

/**
 * daybook_order_set_term_text:
 *
 * Returns: %FALSE when there is no term @number or it was removed
 */
gboolean
daybook_order_set_term_text (DaybookOrder *self, guint number, const char *text)
{
  DaybookOrderTerm *term = (DaybookOrderTerm *)daybook_order_find_term (self, number);

  if (term == NULL || term->deleted)
    return FALSE;
  g_free (term->text);
  term->text = g_strdup (text != NULL ? text : "");
  return TRUE;
}

/**
 * daybook_order_remove_term:
 *
 * Marks term @number removed; it keeps its number and text.
 *
 * Returns: %FALSE when there is no term @number or it was already removed
 */
gboolean
daybook_order_remove_term (DaybookOrder *self, guint number)
{
  DaybookOrderTerm *term = (DaybookOrderTerm *)daybook_order_find_term (self, number);

  if (term == NULL || term->deleted)
    return FALSE;
  term->deleted = TRUE;
  return TRUE;
}

/**
 * daybook_order_dup_title:
 *
 * Returns: (transfer full): the kind, then the court and reference if known
 */
char *
daybook_order_dup_title (DaybookOrder *self)
{
  GString *title = g_string_new (daybook_order_kind_get_label (self->kind));

  if (self->fields[DAYBOOK_ORDER_COURT][0] != '\0')
    g_string_append_printf (title, ", %s", self->fields[DAYBOOK_ORDER_COURT]);
  if (self->fields[DAYBOOK_ORDER_REFERENCE][0] != '\0')
    /* TRANSLATORS: an order's reference after its kind and court */
    g_string_append_printf (title, _ (", ref. %s"), self->fields[DAYBOOK_ORDER_REFERENCE]);
  return g_string_free (title, FALSE);
}

static JsonNode *
build_json (DaybookOrder *self, GTimeZone *zone)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, self->id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, kinds[self->kind].id);
  for (guint i = 0; i < DAYBOOK_ORDER_N_FIELDS; i++)
    {
      json_builder_set_member_name (b, field_ids[i]);
      json_builder_add_string_value (b, self->fields[i]);
    }
  json_builder_set_member_name (b, "document");
  if (self->document != 0)
    json_builder_add_int_value (b, self->document);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "terms");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->terms->len; i++)
    {
      const DaybookOrderTerm *term = &g_array_index (self->terms, DaybookOrderTerm, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, term->number);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, term->text);
      json_builder_set_member_name (b, "deleted");
      json_builder_add_boolean_value (b, term->deleted);
      json_builder_set_member_name (b, "deleted_at");
      if (term->deleted_at != 0)
        {
          g_autofree char *iso = daybook_time_format_iso (term->deleted_at, zone);
          json_builder_add_string_value (b, iso);
        }
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, self->revision);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/**
 * daybook_order_to_json:
 *
 * Returns: (transfer full): the order as the CLI prints it, times in the
 *   local zone
 */
JsonNode *
daybook_order_to_json (DaybookOrder *self)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();

  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), NULL);
  return build_json (self, local);
}

/**
 * _daybook_order_to_snapshot:
 *
 * Returns: (transfer full): the canonical revision snapshot (times in UTC)
 */
char *
_daybook_order_to_snapshot (DaybookOrder *self)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (JsonNode) node = build_json (self, utc);

  return json_to_string (node, FALSE);
}

static gboolean
parse_date (const char *text, GDate *date)
{
  guint y, m, d;
  char tail;

  g_date_clear (date, 1);
  if (strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3
      || text[4] != '-' || text[7] != '-' || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/**
 * daybook_order_validate:
 *
 * Checks text is UTF-8, dates are real "YYYY-MM-DD" dates or empty, and the
 * order is not served or ending before it was made.
 */
gboolean
daybook_order_validate (DaybookOrder *self, GError **error)
{
  GDate dates[3];
  static const DaybookOrderField date_fields[3]
      = { DAYBOOK_ORDER_MADE_ON, DAYBOOK_ORDER_SERVED_ON, DAYBOOK_ORDER_EXPIRES_ON };
  gboolean have[3];

  g_return_val_if_fail (DAYBOOK_IS_ORDER (self), FALSE);

  for (guint i = 0; i < DAYBOOK_ORDER_N_FIELDS; i++)
    if (!g_utf8_validate (self->fields[i], -1, NULL))
      {
        g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                     _ ("An order's details must be UTF-8 text."));
        return FALSE;
      }
  for (guint i = 0; i < self->terms->len; i++)
    {
      const DaybookOrderTerm *term = &g_array_index (self->terms, DaybookOrderTerm, i);

      if (!g_utf8_validate (term->text, -1, NULL))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("An order's terms must be UTF-8 text."));
          return FALSE;
        }
    }

  for (guint i = 0; i < 3; i++)
    {
      const char *text = self->fields[date_fields[i]];

      have[i] = text[0] != '\0';
      if (have[i] && !parse_date (text, &dates[i]))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-03-01."),
                       text);
          return FALSE;
        }
    }
  if (have[0] && have[2] && g_date_compare (&dates[2], &dates[0]) < 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The order expires before it was made: check the dates."));
      return FALSE;
    }
  if (have[0] && have[1] && g_date_compare (&dates[1], &dates[0]) < 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The order was served before it was made: check the dates."));
      return FALSE;
    }
  return TRUE;
}
