/* daybook-report.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include "daybook-i18n.h"
#include <sodium.h>

#include "daybook-attachment-exhibits.h"
#include "daybook-bytes.h"
#include "daybook-error.h"
#include "daybook-incident-list.h"
#include "daybook-report-private.h"
#include "daybook-signature.h"

/*
 * DaybookReport: the court-ready PDF timeline of a selection of entries.
 *
 * prepare() selects the entries, gathers the summary and paginates by
 * laying every page out without drawing, keeping only where each page
 * starts (a few integers a page). draw_page() lays out one page again and
 * draws it onto any Cairo context: the PDF, a preview or a printer. Memory
 * therefore stays bounded whatever the number of pages. A report is used
 * from one thread at a time (the async variants hand it to a worker);
 * while it paginates, it lays out the items ahead on threads of its own
 * (daybook-report-flow.c), each with its own Pango context, and breaks
 * the pages on the calling thread.
 */

G_DEFINE_FINAL_TYPE (DaybookReport, daybook_report, G_TYPE_OBJECT)

static const char *setting_keys[DAYBOOK_REPORT_N_SETTINGS] = {
  [DAYBOOK_REPORT_OWNER] = DAYBOOK_SETTING_OWNER_NAME,
  [DAYBOOK_REPORT_INITIALS] = DAYBOOK_SETTING_OWNER_INITIALS,
  [DAYBOOK_REPORT_CASE_REF] = DAYBOOK_SETTING_CASE_REF,
  [DAYBOOK_REPORT_CRIME_REF] = DAYBOOK_SETTING_CRIME_REF,
  [DAYBOOK_REPORT_POLICE_FORCE] = DAYBOOK_SETTING_POLICE_FORCE,
  [DAYBOOK_REPORT_ORDERS] = DAYBOOK_SETTING_ORDERS,
  [DAYBOOK_REPORT_ADVOCATE] = DAYBOOK_SETTING_ADVOCATE,
};

/* Crockford's base 32: no I, L, O or U to misread when an id is read out
 * over the phone. */
static char *
format_report_id (const guint8 *bytes)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  GString *id = g_string_new (NULL);
  guint64 acc = 0;
  int bits = 0;

  for (guint i = 0; i < 10; i++)
    {
      acc = (acc << 8) | bytes[i];
      bits += 8;
      while (bits >= 5)
        {
          if (id->len > 0 && id->len % 5 == 4)
            g_string_append_c (id, '-');
          g_string_append_c (id, alphabet[(acc >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  return g_string_free (id, FALSE);
}

/* With SOURCE_DATE_EPOCH the id is a hash of what went into the report,
 * so the same diary and options give the same bytes; otherwise random. */
static void
make_report_id (DaybookReport *self)
{
  guint8 hash[crypto_hash_sha256_BYTES];

  if (self->deterministic)
    {
      g_autofree char *people = self->people ? g_strjoinv ("\x1f", self->people) : g_strdup ("");
      g_autofree char *input = g_strdup_printf (
          "daybook-report\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT
          "\x1f%u\x1f%d\x1f%d\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT "%s%s",
          self->fingerprint, self->query->from, self->query->to, (guint)self->query->types,
          self->query->include_private, self->paper, self->title, people, self->generated_at,
          self->since_head ? "\x1f" : "", self->since_head ? self->since_head : "");

      crypto_hash_sha256 (hash, (const guint8 *)input, strlen (input));
    }
  else
    randombytes_buf (hash, sizeof hash);

  self->report_id = format_report_id (hash);
}

static gint64
source_date_epoch (gboolean *set)
{
  const char *env = g_getenv ("SOURCE_DATE_EPOCH");
  char *end = NULL;
  gint64 value;

  *set = FALSE;
  if (env == NULL || env[0] == '\0')
    return 0;
  value = g_ascii_strtoll (env, &end, 10);
  if (end == NULL || *end != '\0' || value < 0)
    return 0;
  *set = TRUE;
  return value;
}

static void
set_paper_size (DaybookReport *self)
{
  if (self->paper == DAYBOOK_PAPER_LETTER)
    {
      self->page_width = 612;
      self->page_height = 792;
    }
  else
    {
      self->page_width = DAYBOOK_MM (210);
      self->page_height = DAYBOOK_MM (297);
    }
  self->margin = DAYBOOK_MM (20);
  self->body_top = DAYBOOK_MM (25);
  self->body_bottom = self->page_height - DAYBOOK_MM (20);
}

static gboolean
paginate (DaybookReport *self, GCancellable *cancellable, GError **error)
{
  DaybookCursor cursor = {
    0,
  };
  gboolean more = TRUE;

  g_array_set_size (self->pages, 0);
  g_clear_pointer (&self->kept_flow, _daybook_flow_free);
  _daybook_report_clear_frame (self);
  _daybook_report_start_measurers (self, FALSE);
  while (more)
    {
      DaybookCursor next;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      g_array_append_val (self->pages, cursor);
      more = _daybook_report_fill_page (self, NULL, &cursor, &next);
      cursor = next;
    }
  _daybook_report_stop_measurers (self);
  /* A flow measured elsewhere has no layouts to draw with. */
  g_clear_pointer (&self->kept_flow, _daybook_flow_free);
#ifdef __GLIBC__
  /* The measuring threads' heaps are free now but still resident: given
   * back, so drawing's own heap is not counted on top of them. */
  malloc_trim (0);
#endif
  return !more;
}

static void
daybook_report_finalize (GObject *object)
{
  DaybookReport *self = (DaybookReport *)object;

  g_clear_object (&self->diary);
  g_clear_pointer (&self->query, daybook_query_free);
  g_clear_pointer (&self->people, g_strfreev);
  g_free (self->title);
  g_clear_object (&self->incidents);
  g_clear_pointer (&self->positions, g_array_unref);
  g_clear_pointer (&self->numbers, g_array_unref);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->message_sources, g_ptr_array_unref);
  _daybook_report_stats_clear (&self->stats);
  g_clear_pointer (&self->conduct, daybook_conduct_free);
  g_clear_pointer (&self->histories, g_ptr_array_unref);
  g_clear_pointer (&self->exhibits, daybook_exhibit_provider_free);
  g_free (self->report_id);
  g_free (self->fingerprint);
  g_clear_pointer (&self->clock_by_entry, g_hash_table_unref);
  g_clear_pointer (&self->clock_regressions, g_ptr_array_unref);
  g_free (self->since_text);
  g_free (self->since_head);
  g_clear_pointer (&self->since, daybook_since_free);
  g_clear_pointer (&self->since_of, daybook_export_free);
  g_clear_pointer (&self->key, daybook_report_key_free);
  _daybook_report_registers_clear (&self->registers);
  g_free (self->generated_text);
  if (self->settings != NULL)
    for (guint i = 0; i < DAYBOOK_REPORT_N_SETTINGS; i++)
      g_free (self->settings[i]);
  g_free (self->settings);
  g_clear_pointer (&self->local_tz, g_time_zone_unref);
  g_clear_pointer (&self->zones, g_hash_table_unref);
  for (guint i = 0; i < DAYBOOK_N_STYLES; i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
  g_clear_pointer (&self->label_layouts, g_hash_table_unref);
  _daybook_report_clear_frame (self);
  g_clear_object (&self->context);
  g_clear_object (&self->font_map);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->kept_flow, _daybook_flow_free);

  G_OBJECT_CLASS (daybook_report_parent_class)->finalize (object);
}

static void
daybook_report_class_init (DaybookReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = daybook_report_finalize;
}

static void
daybook_report_init (DaybookReport *self)
{
  self->pages = g_array_new (FALSE, FALSE, sizeof (DaybookCursor));
  self->incident_block = G_MAXUINT;
  self->zones
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_time_zone_unref);
  self->paper = DAYBOOK_PAPER_A4;
}

/* Entries are read in order, twice (pages broken, then drawn): the list
 * lets go of them a block at a time, so a report of 100,000 entries does
 * not keep them all in memory. */
#define FORGET_EVERY 1024

DaybookIncident *
_daybook_report_get_incident (DaybookReport *self, guint i)
{
  g_assert (i < self->positions->len);

  if (i / FORGET_EVERY != self->incident_block && DAYBOOK_IS_INCIDENT_LIST (self->incidents))
    {
      daybook_incident_list_forget (DAYBOOK_INCIDENT_LIST (self->incidents));
      self->incident_block = i / FORGET_EVERY;
    }

  return g_list_model_get_item (self->incidents, g_array_index (self->positions, guint, i));
}

/* Returns: (nullable): a case detail, %NULL where it is not filled in */
const char *
_daybook_report_get_setting (DaybookReport *self, guint which)
{
  const char *value = self->settings[which];

  return (value != NULL && value[0] != '\0') ? value : NULL;
}

/**
 * daybook_report_new:
 * @diary: an open diary
 * @query: which entries; @query->person is ignored, see daybook_report_set_people()
 *
 * Returns: (transfer full): a report, to be prepared before drawing
 */
DaybookReport *
daybook_report_new (DaybookDiary *diary, const DaybookQuery *query)
{
  DaybookReport *self;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_object_new (DAYBOOK_TYPE_REPORT, NULL);
  self->diary = g_object_ref (diary);
  self->query = daybook_query_copy (query);
  daybook_query_set_person (self->query, NULL);
  daybook_query_set_text (self->query, NULL);
  self->query->newest_first = FALSE;
  return self;
}

/**
 * daybook_report_set_people:
 * @people: (nullable) (array zero-terminated=1): only entries naming any of them
 */
void
daybook_report_set_people (DaybookReport *self, const char *const *people)
{
  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (!self->prepared);

  g_clear_pointer (&self->people, g_strfreev);
  if (people != NULL && people[0] != NULL)
    self->people = g_strdupv ((char **)people);
}

void
daybook_report_set_paper (DaybookReport *self, DaybookPaper paper)
{
  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (!self->prepared);

  self->paper = paper;
}

/**
 * daybook_report_set_title:
 * @title: (nullable): the report's title, or %NULL for the default
 */
void
daybook_report_set_title (DaybookReport *self, const char *title)
{
  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (!self->prepared);

  g_free (self->title);
  self->title = (title != NULL && title[0] != '\0') ? g_strdup (title) : NULL;
}

/**
 * daybook_report_set_language:
 * @language: "en", "cy", "pl" or "ar"
 *
 * The language the report is written in, whatever the process's: its
 * headings and sentences, the names of behaviours and roles, dates with
 * their weekday and month names, and, for Arabic, right-to-left pages.
 * Without it, prepare() takes the process's language when it is one of
 * these, and English otherwise. Fails when @language is not one of them or
 * its catalogue is not installed.
 */
gboolean
daybook_report_set_language (DaybookReport *self, const char *language, GError **error)
{
  const DaybookCatalog *catalog;

  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), FALSE);
  g_return_val_if_fail (!self->prepared, FALSE);

  catalog = daybook_catalog_get (language, error);
  if (catalog == NULL)
    return FALSE;
  self->catalog = catalog;
  return TRUE;
}

/**
 * daybook_report_get_language:
 *
 * Returns: the report's language ("en", "cy", "pl", "ar"); before prepare()
 *   and without set_language(), the one prepare() will take
 */
const char *
daybook_report_get_language (DaybookReport *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), NULL);

  if (self->catalog != NULL)
    return daybook_catalog_get_language (self->catalog);
  return daybook_language_from_environment ();
}

/**
 * daybook_report_set_exhibit_provider:
 * @provider: (transfer full): where the exhibits come from
 *
 * Without one, the report has no exhibits and says so.
 */
void
daybook_report_set_exhibit_provider (DaybookReport *self, DaybookExhibitProvider *provider)
{
  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (!self->prepared);
  g_return_if_fail (provider != NULL);

  g_clear_pointer (&self->exhibits, daybook_exhibit_provider_free);
  self->exhibits = provider;
}

/**
 * daybook_report_set_generated_at:
 *
 * Overrides the generation time (UTC seconds); `SOURCE_DATE_EPOCH` does
 * the same and also makes the report id deterministic.
 */
void
daybook_report_set_generated_at (DaybookReport *self, gint64 utc)
{
  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (!self->prepared);

  self->generated_at = utc;
  self->generated_at_set = TRUE;
}

/**
 * daybook_report_set_history:
 * @history: whether to add an appendix with every earlier version of each
 *   edited entry in the report, with the time it was saved
 */
void
daybook_report_set_history (DaybookReport *self, gboolean history)
{
  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (!self->prepared);

  self->history = history;
}

/**
 * daybook_report_get_conduct:
 *
 * Returns: (transfer none) (nullable): the course-of-conduct facts its
 *   summary prints, once prepared
 */
const DaybookConduct *
daybook_report_get_conduct (DaybookReport *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), NULL);
  return self->conduct;
}

/**
 * daybook_report_set_since:
 * @since: (nullable): an earlier report's fingerprint or id (or a backup's
 *   or bundle's name in the register), or %NULL for none
 *
 * Adds the section "Changes since report … of …", listing every change the
 * history recorded after that report's fingerprint. prepare() fails with
 * %DAYBOOK_ERROR_FAILED when that fingerprint is not a link of today's
 * recomputed chain, and with %DAYBOOK_ERROR_NOT_FOUND when @since names
 * nothing in the register.
 */
/**
 * daybook_report_set_messages:
 *
 * Which imported messages the report counts and prints in its message
 * log: those cited by its entries (the default), all in its dates, or none.
 */
void
daybook_report_set_messages (DaybookReport *self, DaybookReportMessages messages)
{
  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (!self->prepared);

  self->messages_mode = messages;
}

void
daybook_report_set_since (DaybookReport *self, const char *since)
{
  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (!self->prepared);

  g_free (self->since_text);
  self->since_text = (since != NULL && since[0] != '\0') ? g_strdup (since) : NULL;
}

static gboolean
prepare_since (DaybookReport *self, GError **error)
{
  guint8 head[32];

  if (self->since_text == NULL)
    return TRUE;
  if (!daybook_diary_resolve_since (self->diary, self->since_text, head, &self->since_of, error))
    {
      /* Not "no matching entries": what was typed names nothing. */
      if (error != NULL && *error != NULL && (*error)->domain == DAYBOOK_ERROR)
        (*error)->code = DAYBOOK_ERROR_FAILED;
      return FALSE;
    }
  self->since = daybook_diary_check_since (self->diary, head, error);
  if (self->since == NULL)
    return FALSE;
  self->since_head = _daybook_hex (head, sizeof head);
  if (!self->since->contained)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("The fingerprint %s is not a link of this diary’s chain of changes: the "
                      "history it stood for is not contained in today’s diary. No report was "
                      "written; run “daybook-cli verify --since” for details."),
                   self->since_head);
      return FALSE;
    }
  return TRUE;
}

/**
 * daybook_report_prepare:
 *
 * Selects the entries, gathers the summary and lays out every page
 * without drawing, keeping only where each page starts. Blocking: run it
 * in a thread for large diaries. Fails with %DAYBOOK_ERROR_NOT_FOUND when
 * no entry matches the selection.
 */
static gboolean prepare_in_language (DaybookReport *self, GCancellable *cancellable,
                                     GError **error);

gboolean
daybook_report_prepare (DaybookReport *self, GCancellable *cancellable, GError **error)
{
  const DaybookCatalog *previous;
  gboolean ok;

  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), FALSE);
  g_return_val_if_fail (!self->prepared, FALSE);

  if (self->catalog == NULL)
    {
      g_autoptr (GError) local_error = NULL;

      /* The process's language; English if its catalogue is missing. */
      self->catalog = daybook_catalog_get (daybook_language_from_environment (), &local_error);
      if (self->catalog == NULL)
        {
          g_debug ("report in English: %s", local_error->message);
          self->catalog = daybook_catalog_get ("en", NULL);
        }
    }
  previous = daybook_i18n_push_language (self->catalog);
  ok = prepare_in_language (self, cancellable, error);
  daybook_i18n_pop_language (previous);
  /* The one failure a user meets often, said in the user's language. */
  if (!ok && self->n_incidents == 0 && error != NULL && *error != NULL
      && g_error_matches (*error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND))
    {
      g_clear_error (error);
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                           _ ("No entries match the selection, so there is nothing to report."));
    }
  return ok;
}

static gboolean
prepare_in_language (DaybookReport *self, GCancellable *cancellable, GError **error)
{
  gboolean epoch_set;
  gint64 epoch;

  epoch = source_date_epoch (&epoch_set);
  self->deterministic = epoch_set;
  if (!self->generated_at_set)
    self->generated_at = epoch_set ? epoch : g_get_real_time () / G_USEC_PER_SEC;
  self->local_tz = epoch_set ? g_time_zone_new_utc () : g_time_zone_new_local ();
  if (self->title == NULL)
    self->title = g_strdup (_ ("Incident diary: a timeline of events"));

  self->settings = g_new0 (char *, DAYBOOK_REPORT_N_SETTINGS);
  for (guint i = 0; i < DAYBOOK_REPORT_N_SETTINGS; i++)
    self->settings[i] = daybook_diary_dup_setting (self->diary, setting_keys[i]);
  if (!daybook_diary_get_tip (self->diary, &self->fingerprint, &self->chain_length, NULL))
    {
      self->fingerprint = g_strdup ("");
      self->chain_length = 0;
    }
  self->clock_regressions = daybook_diary_list_clock_regressions (self->diary, error);
  if (self->clock_regressions == NULL)
    return FALSE;
  self->clock_by_entry = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                (GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < self->clock_regressions->len; i++)
    {
      DaybookClockRegression *r = self->clock_regressions->pdata[i];
      GPtrArray *list;

      if (g_strcmp0 (r->entity, "incident") != 0)
        continue;
      list = g_hash_table_lookup (self->clock_by_entry, &r->entity_id);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->clock_by_entry, &r->entity_id, list);
        }
      g_ptr_array_add (list, r);
    }
  self->generated_text = _daybook_report_format_time (self, self->generated_at, NULL);

  if (!_daybook_report_collect_stats (self, cancellable, error))
    return FALSE;
  if (self->n_incidents == 0)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                           _ ("No entries match the selection, so there is nothing to report."));
      return FALSE;
    }

  if (!prepare_since (self, error) || !_daybook_report_collect_messages (self, error))
    return FALSE;
  if (!_daybook_report_collect_registers (self, error))
    return FALSE;
  if (self->history && !_daybook_report_load_histories (self, cancellable, error))
    return FALSE;

  /* By default the exhibits are the diary's own attachments. */
  if (self->exhibits == NULL)
    self->exhibits = daybook_exhibit_provider_new_for_diary (self->diary);
  if (self->exhibits->select != NULL
      && !self->exhibits->select (self->exhibits, (const gint64 *)self->numbers->data,
                                  self->numbers->len, error))
    return FALSE;
  /* The key the report names; made now if the diary has none yet. A
   * read-only bundle has none and makes unsigned reports. */
  {
    g_autoptr (GError) key_error = NULL;

    self->key = daybook_report_key_load (self->diary, &key_error);
    if (self->key == NULL && !g_error_matches (key_error, DAYBOOK_ERROR, DAYBOOK_ERROR_READ_ONLY))
      {
        g_propagate_error (error, g_steal_pointer (&key_error));
        return FALSE;
      }
  }
  make_report_id (self);

  set_paper_size (self);
  _daybook_report_setup_fonts (self);
  if (!paginate (self, cancellable, error))
    return FALSE;

  self->prepared = TRUE;
  return TRUE;
}

guint
daybook_report_get_n_pages (DaybookReport *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), 0);

  return self->pages->len;
}

guint
daybook_report_get_n_incidents (DaybookReport *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), 0);

  return self->n_incidents;
}

/**
 * daybook_report_get_page_size:
 * @width: (out): in points (1/72 inch)
 * @height: (out): in points
 */
void
daybook_report_get_page_size (DaybookReport *self, double *width, double *height)
{
  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (self->prepared);

  *width = self->page_width;
  *height = self->page_height;
}

const char *
daybook_report_get_id (DaybookReport *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), NULL);

  return self->report_id;
}

/**
 * daybook_report_get_key:
 *
 * Returns: (nullable): the report key the prepared report names, with its
 *   latest hand-over; %NULL for a hand-over bundle, which has none
 */
const DaybookReportKey *
daybook_report_get_key (DaybookReport *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), NULL);
  g_return_val_if_fail (self->prepared, NULL);

  return self->key;
}

const char *
daybook_report_get_title (DaybookReport *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), NULL);

  return self->title;
}

gint64
daybook_report_get_generated_at (DaybookReport *self)
{
  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), 0);

  return self->generated_at;
}

/**
 * daybook_report_dup_trusted_comment:
 *
 * Returns: (transfer full): the line the signature vouches for, naming
 *   the report id, the diary fingerprint, the number of entries and the
 *   generation time. Not translated: tools may read it.
 */
char *
daybook_report_dup_trusted_comment (DaybookReport *self)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), NULL);
  g_return_val_if_fail (self->prepared, NULL);

  dt = g_date_time_new_from_unix_utc (self->generated_at);
  when = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
  return g_strdup_printf ("daybook-report:%s fingerprint:%s entries:%u generated:%s",
                          self->report_id, self->fingerprint, self->n_incidents, when);
}

/**
 * daybook_report_draw_page:
 * @cr: any Cairo context, with user space in points and the page's top
 *   left corner at the origin
 * @page: from 0
 *
 * Draws one page, for the PDF, a preview or a printer alike.
 */
void
daybook_report_draw_page (DaybookReport *self, cairo_t *cr, guint page)
{
  DaybookCursor next;
  const DaybookCatalog *previous;

  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (self->prepared);
  g_return_if_fail (page < self->pages->len);

  previous = daybook_i18n_push_language (self->catalog);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  _daybook_report_draw_frame (self, cr, page);
  cairo_set_source_rgb (cr, 0, 0, 0);
  _daybook_report_fill_page (self, cr, &g_array_index (self->pages, DaybookCursor, page), &next);
  cairo_restore (cr);
  daybook_i18n_pop_language (previous);
}

/*
 * _daybook_report_register:
 *
 * Records the written report in the diary's register: its id, the
 * fingerprint and chain length it prints, and the selection. Not in a
 * hand-over bundle, which is read-only.
 */
gboolean
_daybook_report_register (DaybookReport *self, gboolean signed_, GError **error)
{
  JsonBuilder *b;
  g_autofree char *selection = NULL;

  if (daybook_diary_is_read_only (self->diary) || self->fingerprint[0] == '\0')
    return TRUE;

  b = daybook_export_selection_new (self->query, (const char *const *)self->people,
                                    self->n_incidents);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, self->title);
  json_builder_set_member_name (b, "pages");
  json_builder_add_int_value (b, self->pages->len);
  json_builder_set_member_name (b, "signed");
  json_builder_add_boolean_value (b, signed_);
  if (self->since_head != NULL)
    {
      json_builder_set_member_name (b, "since");
      json_builder_add_string_value (b, self->since_head);
    }
  if (self->history)
    {
      json_builder_set_member_name (b, "history");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
  selection = daybook_export_selection_finish (b);

  return daybook_diary_register_export (self->diary, DAYBOOK_EXPORT_REPORT, self->report_id,
                                        self->fingerprint, self->chain_length, selection, error);
}
