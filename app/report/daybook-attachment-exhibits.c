/* daybook-attachment-exhibits.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include "daybook-attachment-exhibits.h"
#include "daybook-attachment-private.h"
#include "daybook-diary-private.h"

/* The report's exhibits, from the diary's attachments: those cited by the
 * entries in the report, in mark order. Only their ids are held; each
 * exhibit is read when the report asks for it. */

typedef struct
{
  DaybookExhibitProvider parent;

  DaybookDiary *diary;
  GHashTable *entries; /* the entries in the report: gint64* set */
  GArray *ids;         /* the schedule: attachment ids in mark order */
  GHashTable *cited;   /* the entries of @entries that cite an attachment */
} DiaryProvider;

static gboolean
diary_select (DaybookExhibitProvider *provider, const gint64 *entries, guint n_entries,
              GError **error)
{
  DiaryProvider *self = (DiaryProvider *)provider;
  g_auto (DaybookStmt) stmt = NULL;
  gint64 last = 0;
  gboolean ok = FALSE;
  int rc;

  for (guint i = 0; i < n_entries; i++)
    g_hash_table_add (self->entries, g_memdup2 (&entries[i], sizeof (gint64)));

  _daybook_diary_lock (self->diary);
  if (!_daybook_diary_check_open (self->diary, error))
    goto out;
  stmt = _daybook_sql_prepare (
      _daybook_diary_get_db (self->diary),
      "SELECT a.id, l.number FROM attachments a JOIN attachment_links l"
      " ON l.attachment_id = a.id WHERE a.deleted_at IS NULL ORDER BY a.serial, a.id",
      error);
  if (stmt == NULL)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 number = sqlite3_column_int64 (stmt, 1);

      if (!g_hash_table_contains (self->entries, &number))
        continue;
      if (!g_hash_table_contains (self->cited, &number))
        g_hash_table_add (self->cited, g_memdup2 (&number, sizeof (gint64)));
      if (id != last)
        {
          g_array_append_val (self->ids, id);
          last = id;
        }
    }
  ok = rc == SQLITE_DONE || _daybook_sql_error (_daybook_diary_get_db (self->diary), rc, error);

out:
  _daybook_diary_unlock (self->diary);
  return ok;
}

static guint
diary_get_n_exhibits (DaybookExhibitProvider *provider)
{
  return ((DiaryProvider *)provider)->ids->len;
}

static DaybookExhibit *
exhibit_from_attachment (DiaryProvider *self, DaybookAttachment *a)
{
  DaybookExhibit *exhibit = g_new0 (DaybookExhibit, 1);

  exhibit->mark = g_strdup (a->mark);
  exhibit->description = g_strdup (a->description);
  exhibit->filename = g_strdup (a->filename);
  exhibit->media_type = g_strdup (a->media_type);
  exhibit->size = a->size;
  /* Taken (EXIF, e-mail Date) where known, else the file's own date. */
  exhibit->created_at = a->taken_at != 0 ? a->taken_at : a->mtime;
  exhibit->added_at = a->imported_at;
  exhibit->sha256 = g_strdup (a->sha256);
  exhibit->entries = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Only entries in the report: a private entry left out is not named. */
  for (guint i = 0; i < a->incidents->len; i++)
    if (g_hash_table_contains (self->entries, &g_array_index (a->incidents, gint64, i)))
      g_array_append_val (exhibit->entries, g_array_index (a->incidents, gint64, i));
  if (a->thumbnail_sha256 != NULL)
    exhibit->thumbnail = daybook_diary_dup_attachment_thumbnail (self->diary, a->id);
  return exhibit;
}

static DaybookExhibit *
diary_get_exhibit (DaybookExhibitProvider *provider, guint i)
{
  DiaryProvider *self = (DiaryProvider *)provider;
  g_autoptr (DaybookAttachment) a = NULL;

  g_return_val_if_fail (i < self->ids->len, NULL);

  a = daybook_diary_get_attachment (self->diary, g_array_index (self->ids, gint64, i), NULL);
  if (a == NULL)
    {
      /* Removed since select(): still a row in the schedule, marked so. */
      DaybookExhibit *gone = g_new0 (DaybookExhibit, 1);

      gone->mark = g_strdup ("?");
      gone->filename = g_strdup ("");
      gone->media_type = g_strdup ("");
      gone->sha256 = g_strdup ("");
      return gone;
    }
  return exhibit_from_attachment (self, a);
}

static GPtrArray *
diary_list_for_entry (DaybookExhibitProvider *provider, gint64 number)
{
  DiaryProvider *self = (DiaryProvider *)provider;
  GPtrArray *exhibits = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_exhibit_free);
  g_autoptr (GListModel) list = NULL;

  /* Most entries cite nothing: no query for them (one per entry was a
   * twentieth of a report's time). Like the schedule, this is what
   * select() saw. */
  if (!g_hash_table_contains (self->cited, &number))
    return exhibits;
  list = daybook_diary_list_attachments (self->diary, number, NULL);

  for (guint i = 0; list != NULL && i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (DaybookAttachment) a = g_list_model_get_item (list, i);

      g_ptr_array_add (exhibits, exhibit_from_attachment (self, a));
    }
  return exhibits;
}

static void
diary_free (DaybookExhibitProvider *provider)
{
  DiaryProvider *self = (DiaryProvider *)provider;

  g_clear_object (&self->diary);
  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->cited);
  g_array_unref (self->ids);
  g_free (self);
}

/**
 * daybook_exhibit_provider_new_for_diary:
 *
 * Returns: (transfer full): a provider of @diary's attachments, for
 *   daybook_report_set_exhibit_provider()
 */
DaybookExhibitProvider *
daybook_exhibit_provider_new_for_diary (DaybookDiary *diary)
{
  DiaryProvider *self = g_new0 (DiaryProvider, 1);

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  self->parent.select = diary_select;
  self->parent.get_n_exhibits = diary_get_n_exhibits;
  self->parent.get_exhibit = diary_get_exhibit;
  self->parent.list_for_entry = diary_list_for_entry;
  self->parent.free = diary_free;
  self->diary = g_object_ref (diary);
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cited = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return &self->parent;
}
