/* daybook-order.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookOrderKind:
 *
 * What kind of order or notice protects the diary's owner. Stored by id
 * ("spo", "interim-spo", "non-molestation", "restraining-conviction",
 * "restraining-acquittal", "bail", "police-notice", "injunction", "other").
 * A restraining order is two kinds, on conviction and on acquittal, because
 * the court and the law differ.
 */
typedef enum
{
  DAYBOOK_ORDER_SPO,
  DAYBOOK_ORDER_INTERIM_SPO,
  DAYBOOK_ORDER_NON_MOLESTATION,
  DAYBOOK_ORDER_RESTRAINING_CONVICTION,
  DAYBOOK_ORDER_RESTRAINING_ACQUITTAL,
  DAYBOOK_ORDER_BAIL,
  DAYBOOK_ORDER_POLICE_NOTICE,
  DAYBOOK_ORDER_INJUNCTION,
  DAYBOOK_ORDER_OTHER,
  DAYBOOK_N_ORDER_KINDS,
} DaybookOrderKind;

/**
 * DaybookOrderField:
 *
 * The text fields of an order. Dates are "YYYY-MM-DD", or "" when not
 * known.
 */
typedef enum
{
  DAYBOOK_ORDER_COURT,      /* court, or the force that issued a notice */
  DAYBOOK_ORDER_REFERENCE,  /* case or order number */
  DAYBOOK_ORDER_MADE_ON,    /* date */
  DAYBOOK_ORDER_SERVED_ON,  /* date */
  DAYBOOK_ORDER_EXPIRES_ON, /* date */
  DAYBOOK_ORDER_NOTES,
  DAYBOOK_ORDER_N_FIELDS,
} DaybookOrderField;

/**
 * DaybookOrderTerm:
 * @number: the term's number in the order, from 1; never reused or changed
 * @text: what the term forbids or requires
 * @deleted: the term was removed; it keeps its number and text so a breach
 *   of it stays readable
 * @deleted_at: when the removal was saved (0 until saved, or not removed)
 */
typedef struct
{
  guint number;
  char *text;
  gboolean deleted;
  gint64 deleted_at;
} DaybookOrderTerm;

/**
 * DaybookBreach:
 * @order_id: the order
 * @term: the term's number in it
 *
 * One term an entry may have breached (part of the entry and of its
 * revisions, see daybook_incident_add_breach()).
 */
typedef struct
{
  gint64 order_id;
  guint term;
} DaybookBreach;

#define DAYBOOK_TYPE_ORDER (daybook_order_get_type ())

G_DECLARE_FINAL_TYPE (DaybookOrder, daybook_order, DAYBOOK, ORDER, GObject)

const char *daybook_order_kind_get_id (DaybookOrderKind kind);
const char *daybook_order_kind_get_label (DaybookOrderKind kind);
gboolean daybook_order_kind_from_id (const char *id, DaybookOrderKind *kind);

DaybookOrder *daybook_order_new (DaybookOrderKind kind);
DaybookOrder *daybook_order_copy (DaybookOrder *self);
gint64 daybook_order_get_id (DaybookOrder *self);
guint daybook_order_get_revision (DaybookOrder *self);
gint64 daybook_order_get_deleted_at (DaybookOrder *self);
DaybookOrderKind daybook_order_get_kind (DaybookOrder *self);
void daybook_order_set_kind (DaybookOrder *self, DaybookOrderKind kind);
const char *daybook_order_get_field (DaybookOrder *self, DaybookOrderField field);
void daybook_order_set_field (DaybookOrder *self, DaybookOrderField field, const char *value);
const char *daybook_order_field_get_id (DaybookOrderField field);
/* The attachment that is the order's document (its exhibit), 0 for none. */
gint64 daybook_order_get_document (DaybookOrder *self);
void daybook_order_set_document (DaybookOrder *self, gint64 attachment_id);

/* Terms, removed ones included, by number. */
guint daybook_order_get_n_terms (DaybookOrder *self);
const DaybookOrderTerm *daybook_order_get_term (DaybookOrder *self, guint index);
const DaybookOrderTerm *daybook_order_find_term (DaybookOrder *self, guint number);
guint daybook_order_add_term (DaybookOrder *self, const char *text);
gboolean daybook_order_set_term_text (DaybookOrder *self, guint number, const char *text);
gboolean daybook_order_remove_term (DaybookOrder *self, guint number);

/* "Non-molestation order, Leeds County Court, ref ABC 123" (translated). */
char *daybook_order_dup_title (DaybookOrder *self);

JsonNode *daybook_order_to_json (DaybookOrder *self);
gboolean daybook_order_validate (DaybookOrder *self, GError **error);

/* Set only by the diary from what is stored. */
void _daybook_order_set_stored (DaybookOrder *self, gint64 id, guint revision, gint64 deleted_at);
void _daybook_order_set_term_stored (DaybookOrder *self, guint number, const char *text,
                                     gint64 deleted_at);
char *_daybook_order_to_snapshot (DaybookOrder *self);

G_END_DECLS
