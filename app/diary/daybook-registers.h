/* daybook-registers.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-order.h"
#include "daybook-police-contact.h"
#include "daybook-types.h"

G_BEGIN_DECLS

/*
 * The diary's registers of orders (with their numbered terms) and police
 * contacts. Each save or delete is one transaction with a revision in the
 * hash chain (entity "order" or "contact"), like people. Breaches are part
 * of the entry (daybook_incident_add_breach(), saved with
 * daybook_diary_save_incident(), in the entry's revisions); the entries
 * reported in a contact are part of the contact and its revisions.
 */

/**
 * DaybookBreachCount:
 * @order_id: the order
 * @term: the term's number
 * @count: how many entries (not deleted) mark it breached
 */
typedef struct
{
  gint64 order_id;
  guint term;
  guint count;
} DaybookBreachCount;

/**
 * DaybookBreachMark:
 * @number: the entry
 * @order_id: the order
 * @term: the term's number
 */
typedef struct
{
  gint64 number;
  gint64 order_id;
  guint term;
} DaybookBreachMark;

/* Orders not deleted, by id (the order they were added in). */
GListModel *daybook_diary_list_orders (DaybookDiary *self, GError **error);
/* Deleted orders too: a breach of one stays readable. */
DaybookOrder *daybook_diary_get_order (DaybookDiary *self, gint64 id, GError **error);
/* Adds (id 0) or changes an order and its terms. Terms keep their numbers;
 * a term removed with daybook_order_remove_term() is kept, marked deleted.
 * On success @order's id and revision are updated. */
gboolean daybook_diary_save_order (DaybookDiary *self, DaybookOrder *order, GError **error);
/* Marks the order deleted; entries marked as breaching it keep their
 * marks, and the order stays readable by daybook_diary_get_order(). */
gboolean daybook_diary_delete_order (DaybookDiary *self, gint64 id, GError **error);

/* Every breach mark of an entry not deleted, by order, term and entry. */
GArray *daybook_diary_list_breaches (DaybookDiary *self, GError **error);
/* Per order and term: how many entries not deleted mark it (element
 * DaybookBreachCount), by order and term; terms without any are left out. */
GArray *daybook_diary_count_breaches (DaybookDiary *self, GError **error);
/* Replaces entry @number's breach marks: the entry is saved again, with a
 * revision (the same as setting them on a copy and saving it). */
gboolean daybook_diary_set_incident_breaches (DaybookDiary *self, gint64 number,
                                              const DaybookBreach *breaches, guint n,
                                              GError **error);

/* Contacts not deleted, in the order they happened (then by id). */
GListModel *daybook_diary_list_contacts (DaybookDiary *self, GError **error);
DaybookPoliceContact *daybook_diary_get_contact (DaybookDiary *self, gint64 id, GError **error);
gboolean daybook_diary_save_contact (DaybookDiary *self, DaybookPoliceContact *contact,
                                     GError **error);
gboolean daybook_diary_delete_contact (DaybookDiary *self, gint64 id, GError **error);
/* The contacts (not deleted) entry @number was reported in, as gint64 ids,
 * in the order they happened. */
GArray *daybook_diary_list_incident_contacts (DaybookDiary *self, gint64 number, GError **error);
/* Makes entry @number reported in exactly the contacts @ids: each contact
 * that changes gets a revision, all in one transaction. */
gboolean daybook_diary_set_incident_contacts (DaybookDiary *self, gint64 number, const gint64 *ids,
                                              guint n, GError **error);

G_END_DECLS
