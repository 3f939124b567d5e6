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

/**
 * daybook_incident_list_forget:
 *
 * Lets go of the entries loaded so far; they are loaded again when asked
 * for. For a reader that walks a long list once (the report): without it
 * every entry of the list stays in memory until the list is freed. Entries
 * a caller still holds are not affected.
 */
void
daybook_incident_list_forget (DaybookIncidentList *self)
{
  g_return_if_fail (DAYBOOK_IS_INCIDENT_LIST (self));

  for (guint i = 0; i < self->items->len; i++)
    g_clear_object (&self->items->pdata[i]);
}

/**
 * daybook_incident_list_get_n_loaded:
 *
 * Returns: how many entries the list holds loaded now
 */
guint
daybook_incident_list_get_n_loaded (DaybookIncidentList *self)
{
  guint n = 0;

  g_return_val_if_fail (DAYBOOK_IS_INCIDENT_LIST (self), 0);

  for (guint i = 0; i < self->items->len; i++)
    n += self->items->pdata[i] != NULL;
  return n;
}

typedef struct
{
  gint64 number;
  guint position;
} Slot;

static int
compare_slots (gconstpointer a, gconstpointer b)
{
  gint64 x = ((const Slot *)a)->number, y = ((const Slot *)b)->number;

  return x < y ? -1 : x > y;
}

/* Walks the rows of @stmt (number first, ascending) beside @slots (sorted
 * by number) and calls @fill for each row whose number is in the list. */
static gboolean
merge_rows (sqlite3 *db, sqlite3_stmt *stmt, const Slot *slots, guint n,
            void (*fill) (sqlite3_stmt *, DaybookIncidentLine *, GStringChunk *),
            DaybookIncidentLine *lines, GStringChunk *strings, GError **error)
{
  guint s = 0;
  int rc;

  sqlite3_bind_int64 (stmt, 1, slots[0].number);
  sqlite3_bind_int64 (stmt, 2, slots[n - 1].number);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 number = sqlite3_column_int64 (stmt, 0);

      while (s < n && slots[s].number < number)
        s++;
      if (s == n)
        break;
      if (slots[s].number == number)
        fill (stmt, &lines[slots[s].position], strings);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _daybook_sql_error (db, rc, error);
  return TRUE;
}

static void
fill_row (sqlite3_stmt *stmt, DaybookIncidentLine *line, GStringChunk *strings)
{
  const char *zone = (const char *)sqlite3_column_text (stmt, 3);
  DaybookPrecision precision = DAYBOOK_PRECISION_EXACT;

  line->number = sqlite3_column_int64 (stmt, 0);
  line->start.utc = sqlite3_column_int64 (stmt, 1);
  line->start.offset = sqlite3_column_int (stmt, 2);
  line->start.zone = zone != NULL ? g_string_chunk_insert_const (strings, zone) : NULL;
  daybook_precision_from_id (_daybook_sql_text (stmt, 4), &precision);
  line->precision = precision;
  line->title = g_string_chunk_insert (strings, _daybook_sql_text (stmt, 5));
  line->is_private = sqlite3_column_int (stmt, 6);
}

static void
fill_type (sqlite3_stmt *stmt, DaybookIncidentLine *line, GStringChunk *strings)
{
  DaybookBehaviour b;

  if (line->title != NULL && daybook_behaviour_from_id (_daybook_sql_text (stmt, 1), &b))
    line->types |= b;
}

static gboolean
read_lines (DaybookDiary *diary, const Slot *slots, guint n, DaybookIncidentLine *lines,
            GStringChunk *strings, GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) rows = NULL;
  g_auto (DaybookStmt) types = NULL;

  rows = _daybook_sql_prepare (db,
                               "SELECT number, start_utc, start_offset, start_zone, precision,"
                               " title, private FROM incidents"
                               " WHERE number BETWEEN ?1 AND ?2 ORDER BY number",
                               error);
  if (rows == NULL || !merge_rows (db, rows, slots, n, fill_row, lines, strings, error))
    return FALSE;
  types = _daybook_sql_prepare (db,
                                "SELECT number, type FROM incident_types"
                                " WHERE number BETWEEN ?1 AND ?2 ORDER BY number",
                                error);
  return types != NULL && merge_rows (db, types, slots, n, fill_type, lines, strings, error);
}

/**
 * daybook_incident_list_foreach_line:
 * @func: called once per entry, in the list's order
 *
 * What a list of lines shows of each entry, read in two queries over the
 * whole list instead of loading every entry with its text, people and
 * breaches. An entry deleted since the query is left out.
 *
 * Returns: %FALSE with @error set if the diary could not be read (then
 *   @func has not been called)
 */
gboolean
daybook_incident_list_foreach_line (DaybookIncidentList *self, DaybookIncidentLineFunc func,
                                    gpointer user_data, GError **error)
{
  guint n;
  g_autofree Slot *slots = NULL;
  g_autofree DaybookIncidentLine *lines = NULL;
  g_autoptr (GStringChunk) strings = NULL;
  gboolean ok;

  g_return_val_if_fail (DAYBOOK_IS_INCIDENT_LIST (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if ((n = self->numbers->len) == 0)
    return TRUE;
  slots = g_new (Slot, n);
  lines = g_new0 (DaybookIncidentLine, n);
  strings = g_string_chunk_new (64 * 1024);
  for (guint i = 0; i < n; i++)
    slots[i] = (Slot){ g_array_index (self->numbers, gint64, i), i };
  qsort (slots, n, sizeof (Slot), compare_slots);

  _daybook_diary_lock (self->diary);
  ok = _daybook_diary_check_open (self->diary, error)
       && read_lines (self->diary, slots, n, lines, strings, error);
  _daybook_diary_unlock (self->diary);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (lines[i].title != NULL)
      func (&lines[i], user_data);
  return TRUE;
}
