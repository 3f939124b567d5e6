/* daybook-incident-list.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-incident-list"

#include "config.h"

#include "daybook-diary-private.h"
#include "daybook-incident-list.h"
#include "daybook-incident.h"

/*
 * A GListModel over the result of a query. It holds only the entry numbers
 * and times; incidents are loaded a page at a time when a view first asks
 * for an item, and kept until the model is dropped (on lock).
 */

#define PAGE_SIZE 50

struct _DaybookIncidentList
{
  GObject parent_instance;

  DaybookDiary *diary;
  GArray *numbers;  /* gint64 */
  GArray *starts;   /* gint64 */
  GPtrArray *items; /* DaybookIncident or NULL until loaded */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookIncidentList, daybook_incident_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return DAYBOOK_TYPE_INCIDENT;
}

static guint
get_n_items (GListModel *model)
{
  return DAYBOOK_INCIDENT_LIST (model)->numbers->len;
}

static void
load_page (DaybookIncidentList *self, guint page)
{
  guint first = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->numbers->len - first);
  g_autoptr (GPtrArray) loaded = NULL;
  g_autoptr (GError) error = NULL;

  _daybook_diary_lock (self->diary);
  if (_daybook_diary_check_open (self->diary, &error))
    loaded = _daybook_diary_load_incidents (
        self->diary, &g_array_index (self->numbers, gint64, first), n, &error);
  _daybook_diary_unlock (self->diary);

  if (loaded == NULL)
    {
      g_debug ("Could not load a page of entries: %s", error->message);
      return;
    }
  for (guint i = 0; i < n; i++)
    if (self->items->pdata[first + i] == NULL && loaded->pdata[i] != NULL)
      self->items->pdata[first + i] = g_object_ref (loaded->pdata[i]);
}

static gpointer
get_item (GListModel *model, guint position)
{
  DaybookIncidentList *self = DAYBOOK_INCIDENT_LIST (model);

  if (position >= self->numbers->len)
    return NULL;

  if (self->items->pdata[position] == NULL)
    load_page (self, position / PAGE_SIZE);

  /* An entry deleted meanwhile, or a locked diary, still yields an object
   * rather than a NULL a view cannot handle. */
  if (self->items->pdata[position] == NULL)
    return daybook_incident_new ();
  return g_object_ref (self->items->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
daybook_incident_list_finalize (GObject *object)
{
  DaybookIncidentList *self = DAYBOOK_INCIDENT_LIST (object);

  g_clear_object (&self->diary);
  g_array_unref (self->numbers);
  g_array_unref (self->starts);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (daybook_incident_list_parent_class)->finalize (object);
}

static void
daybook_incident_list_class_init (DaybookIncidentListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = daybook_incident_list_finalize;
}

static void
daybook_incident_list_init (DaybookIncidentList *self)
{
}

GListModel *
_daybook_incident_list_new (DaybookDiary *diary, GArray *numbers, GArray *starts)
{
  DaybookIncidentList *self = g_object_new (DAYBOOK_TYPE_INCIDENT_LIST, NULL);

  self->diary = g_object_ref (diary);
  self->numbers = g_array_ref (numbers);
  self->starts = g_array_ref (starts);
  self->items = g_ptr_array_new_full (numbers->len, _daybook_object_unref_nullable);
  g_ptr_array_set_size (self->items, numbers->len);

  return G_LIST_MODEL (self);
}

/**
 * daybook_incident_list_get_number:
 *
 * Returns: the entry number at @position, without loading the entry
 */
gint64
daybook_incident_list_get_number (DaybookIncidentList *self, guint position)
{
  g_return_val_if_fail (DAYBOOK_IS_INCIDENT_LIST (self), 0);
  g_return_val_if_fail (position < self->numbers->len, 0);

  return g_array_index (self->numbers, gint64, position);
}

/**
 * daybook_incident_list_get_start:
 *
 * Returns: when the entry at @position happened (UTC seconds), without
 *   loading it: enough for month headers and charts
 */
gint64
daybook_incident_list_get_start (DaybookIncidentList *self, guint position)
{
  g_return_val_if_fail (DAYBOOK_IS_INCIDENT_LIST (self), 0);
  g_return_val_if_fail (position < self->starts->len, 0);

  return g_array_index (self->starts, gint64, position);
}

/**
 * daybook_incident_list_find:
 *
 * Returns: the position of entry @number, or -1
 */
int
daybook_incident_list_find (DaybookIncidentList *self, gint64 number)
{
  g_return_val_if_fail (DAYBOOK_IS_INCIDENT_LIST (self), -1);

  for (guint i = 0; i < self->numbers->len; i++)
    if (g_array_index (self->numbers, gint64, i) == number)
      return (int)i;
  return -1;
}
