/* test-translated.c — no English left in the window under LANGUAGE=pl
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb in Polish. Walks the first-run page, the unlock page and
 * every page of the main view on a diary with entries and a person, takes
 * every visible text (labels, buttons, rows' titles and subtitles, groups'
 * titles and descriptions, placeholders, tooltips) and fails when one is an
 * English source string (a msgid of po/cy.po, pl.po or ar.po) that Polish
 * does not say as it is: either pl.po translates it and the window still
 * shows the English (the string is not looked up), or pl.po has no
 * translation for it (the catalogue lacks it). Names, numbers, dates and
 * the diary's own words are not msgids and pass.
 *
 * Texts filled in from a format ("%d entries") are matched against each
 * msgid's pattern and its Polish translations' patterns; formats with fewer
 * than four letters of their own ("%s (%s)") cannot be told apart and are
 * not checked, nor are dialogs and popovers that are not open.
 */

#include "config.h"

#include <locale.h>

#include "daybook-accessible.h"
#include "daybook-i18n.h"
#include "daybook-main-view.h"
#include "daybook-test-po.h"
#include "daybook-test-util.h"
#include "daybook-ui-test-util.h"
#include "daybook-window.h"

static DaybookApplication *app;
/* English text (mnemonic taken out) → its Polish translations, "" for one
 * without a translation in pl.po. */
static GHashTable *english;
/* Msgids with conversions ("%d entries"): English pattern → Polish
 * patterns (none when pl.po lacks it). */
typedef struct
{
  char *msgid;
  GRegex *pattern;
  GPtrArray *polish; /* GRegex * */
} Format;
static GPtrArray *formats;

typedef struct
{
  DaybookTestWindowFixture w; /* first: the shared set-up and teardown */
  GHashTable *seen;           /* text → where, of every text found */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  daybook_test_window_fixture_setup (&f->w, data);
  f->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  daybook_test_window_fixture_teardown (&f->w, data);
  g_hash_table_unref (f->seen);
}

static void
add_english (const char *msgid, const char *translation)
{
  g_autofree char *key = daybook_accessible_strip_mnemonic (msgid);
  GPtrArray *list = g_hash_table_lookup (english, key);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (english, g_strdup (key), list);
    }
  g_ptr_array_add (list,
                   translation ? daybook_accessible_strip_mnemonic (translation) : g_strdup (""));
}

/* A regular expression a text filled in from @format matches, or NULL for
 * a format with too few letters of its own to tell ("%s (%s)"). */
static GRegex *
format_regex (const char *format)
{
  static GRegex *conversion = NULL;
  g_autofree char *plain = daybook_accessible_strip_mnemonic (format);
  g_autoptr (GString) re = g_string_new ("^");
  g_autoptr (GMatchInfo) match = NULL;
  guint letters = 0;
  const char *p = plain;

  if (conversion == NULL)
    conversion = g_regex_new ("%(%|([0-9]+\\$)?[-+ #0']*[0-9]*(\\.[0-9]+)?"
                              "(<PRI[du]64>|(hh|h|ll|l|z|j|t)?[diouxXeEfgGcsp]))",
                              0, 0, NULL);
  while (*p != '\0')
    {
      gint start, end;
      g_autofree char *literal = NULL;
      g_autofree char *escaped = NULL;

      g_clear_pointer (&match, g_match_info_unref);
      if (g_regex_match (conversion, p, 0, &match))
        g_match_info_fetch_pos (match, 0, &start, &end);
      else
        start = end = strlen (p);
      literal = g_strndup (p, start);
      for (const char *l = literal; *l != '\0'; l = g_utf8_next_char (l))
        letters += g_unichar_isalpha (g_utf8_get_char (l));
      escaped = g_regex_escape_string (literal, -1);
      g_string_append (re, escaped);
      if (end > start)
        g_string_append (re, p[start + 1] == '%' ? "%" : ".+");
      p += end;
    }
  g_string_append (re, "$");
  if (letters < 4)
    return NULL;
  return g_regex_new (re->str, G_REGEX_DOTALL, 0, NULL);
}

static void
add_format (const char *msgid, DaybookPoEntry *pl_entry)
{
  GRegex *pattern;
  Format *f;

  if (strchr (msgid, '%') == NULL || (pattern = format_regex (msgid)) == NULL)
    return;
  f = g_new0 (Format, 1);
  f->msgid = g_strdup (msgid);
  f->pattern = pattern;
  f->polish = g_ptr_array_new_with_free_func ((GDestroyNotify)g_regex_unref);
  for (guint k = 0; pl_entry != NULL && !pl_entry->fuzzy && k < pl_entry->msgstr->len; k++)
    {
      const char *s = pl_entry->msgstr->pdata[k];
      GRegex *re = s[0] != '\0' ? format_regex (s) : NULL;

      /* A translation too short to tell matches whatever it makes. */
      if (s[0] != '\0')
        g_ptr_array_add (f->polish, re != NULL ? re : g_regex_new (".*", G_REGEX_DOTALL, 0, NULL));
    }
  g_ptr_array_add (formats, f);
}

static void
format_free (Format *f)
{
  g_free (f->msgid);
  g_regex_unref (f->pattern);
  g_ptr_array_unref (f->polish);
  g_free (f);
}

static DaybookPoEntry *
find_entry (GPtrArray *po, const char *context, const char *msgid)
{
  for (guint j = 0; j < po->len; j++)
    {
      DaybookPoEntry *c = po->pdata[j];

      if (g_strcmp0 (c->msgid, msgid) == 0 && g_strcmp0 (c->context, context) == 0)
        return c;
    }
  return NULL;
}

/* Every msgid of every catalogue, with what pl.po makes of it. */
static void
read_catalogues (void)
{
  static const char *const languages[] = { "pl", "cy", "ar" };
  g_autoptr (GPtrArray) pl = daybook_test_po_read ("pl");

  english
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  formats = g_ptr_array_new_with_free_func ((GDestroyNotify)format_free);
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr (GPtrArray) po = daybook_test_po_read (languages[l]);

      for (guint i = 0; i < po->len; i++)
        {
          DaybookPoEntry *e = po->pdata[i];
          const char *tr;

          if (e->msgid[0] == '\0')
            continue;
          tr = daybook_test_po_translation (pl, e->context, e->msgid);
          add_english (e->msgid, tr);
          /* Each format once, from pl.po itself. */
          if (l == 0)
            {
              add_format (e->msgid, e);
              if (e->msgid_plural != NULL)
                add_format (e->msgid_plural, e);
            }
          else if (find_entry (pl, e->context, e->msgid) == NULL)
            add_format (e->msgid, NULL);
          if (e->msgid_plural != NULL)
            {
              DaybookPoEntry *pe = NULL;

              for (guint j = 0; j < pl->len && pe == NULL; j++)
                {
                  DaybookPoEntry *c = pl->pdata[j];

                  if (g_strcmp0 (c->msgid, e->msgid) == 0 && g_strcmp0 (c->context, e->context) == 0
                      && !c->fuzzy)
                    pe = c;
                }
              if (pe != NULL)
                for (guint k = 0; k < pe->msgstr->len; k++)
                  {
                    const char *s = pe->msgstr->pdata[k];

                    add_english (e->msgid_plural, s[0] != '\0' ? s : NULL);
                  }
              else
                add_english (e->msgid_plural, NULL);
            }
        }
    }
  g_assert_cmpuint (g_hash_table_size (english), >, 500);
  g_assert_cmpuint (formats->len, >, 50);
}

/* The format @text was filled in from and Polish would not have made it,
 * or NULL. */
static Format *
english_format (const char *text, gboolean *translated)
{
  for (guint i = 0; i < formats->len; i++)
    {
      Format *f = formats->pdata[i];
      gboolean polish = FALSE;

      if (!g_regex_match (f->pattern, text, 0, NULL))
        continue;
      for (guint k = 0; k < f->polish->len && !polish; k++)
        polish = g_regex_match (f->polish->pdata[k], text, 0, NULL);
      if (polish)
        continue;
      *translated = f->polish->len > 0;
      return f;
    }
  return NULL;
}

static void
note_text (Fixture *f, const char *text, GtkWidget *w, const char *where)
{
  g_autofree char *stripped = NULL;

  if (text == NULL || text[0] == '\0')
    return;
  stripped = daybook_accessible_strip_mnemonic (text);
  g_strstrip (stripped);
  if (stripped[0] == '\0' || g_hash_table_contains (f->seen, stripped))
    return;
  g_hash_table_insert (f->seen, g_strdup (stripped),
                       g_strdup_printf ("%s, a %s", where, G_OBJECT_TYPE_NAME (w)));
}

static void
note_property (Fixture *f, GtkWidget *w, const char *name, const char *where)
{
  GParamSpec *spec = g_object_class_find_property (G_OBJECT_GET_CLASS (w), name);
  g_autofree char *value = NULL;

  if (spec == NULL || spec->value_type != G_TYPE_STRING || !(spec->flags & G_PARAM_READABLE))
    return;
  g_object_get (w, name, &value, NULL);
  note_text (f, value, w, where);
}

/* Every text shown below @w, @w included. */
static void
collect (Fixture *f, GtkWidget *w, const char *where)
{
  static const char *const props[]
      = { "title", "subtitle", "description", "placeholder-text", "tooltip-text" };

  if (!gtk_widget_get_visible (w))
    return;
  if (GTK_IS_LABEL (w))
    note_text (f, gtk_label_get_text (GTK_LABEL (w)), w, where);
  else
    note_property (f, w, "label", where);
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    note_property (f, w, props[i], where);
  if (GTK_IS_STACK (w))
    for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
         c = gtk_widget_get_next_sibling (c))
      {
        const char *title = gtk_stack_page_get_title (gtk_stack_get_page (GTK_STACK (w), c));

        note_text (f, title, w, where);
      }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect (f, c, where);
}

/* Fails, listing each, for texts shown in English. */
static void
check_seen (Fixture *f, guint min_texts)
{
  g_autoptr (GString) not_looked_up = g_string_new (NULL);
  g_autoptr (GString) not_in_catalogue = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint polish = 0;

  g_hash_table_iter_init (&iter, f->seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *translations = g_hash_table_lookup (english, key);
      gboolean translated = FALSE, same = FALSE;

      if (translations == NULL)
        {
          Format *format = english_format (key, &translated);

          if (format != NULL)
            g_string_append_printf (translated ? not_looked_up : not_in_catalogue,
                                    "\n  “%s” (%s; from “%s”)", (char *)key, (char *)value,
                                    format->msgid);
          continue;
        }
      for (guint i = 0; i < translations->len; i++)
        {
          const char *t = translations->pdata[i];

          translated |= t[0] != '\0';
          same |= g_str_equal (t, key);
        }
      if (same)
        continue; /* Polish says it the same way ("OK", "PDF") */
      g_string_append_printf (translated ? not_looked_up : not_in_catalogue, "\n  “%s” (%s)",
                              (char *)key, (char *)value);
    }
  /* A walk that saw Polish: the catalogue is loaded and the walk reads. */
  g_hash_table_iter_init (&iter, english);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *translations = value;

      for (guint i = 0; i < translations->len; i++)
        if (((char *)translations->pdata[i])[0] != '\0'
            && !g_str_equal (translations->pdata[i], key)
            && g_hash_table_contains (f->seen, translations->pdata[i]))
          {
            polish++;
            break;
          }
    }
  g_test_message ("%u texts seen, %u of them Polish translations", g_hash_table_size (f->seen),
                  polish);
  g_assert_cmpuint (g_hash_table_size (f->seen), >=, min_texts);
  g_assert_cmpuint (polish, >=, min_texts / 2);
  if (not_looked_up->len > 0 || not_in_catalogue->len > 0)
    g_error ("English in the Polish window.%s%s%s%s",
             not_looked_up->len ? "\nTranslated in po/pl.po, shown in English:" : "",
             not_looked_up->str, not_in_catalogue->len ? "\nNot translated in po/pl.po:" : "",
             not_in_catalogue->str);
}

static void
test_first_run (Fixture *f, gconstpointer data)
{
  g_autofree char *fresh = g_build_filename (f->w.dir, "..", "fresh", NULL);

  f->w.window = daybook_test_window_new (app, fresh);
  g_assert_cmpstr (daybook_window_get_page_name (f->w.window), ==, "create");
  collect (f, daybook_window_get_page (f->w.window, "create"), "create");
  check_seen (f, 5);
}

static void
test_unlock (Fixture *f, gconstpointer data)
{
  f->w.window = daybook_test_window_new (app, f->w.dir);
  g_assert_cmpstr (daybook_window_get_page_name (f->w.window), ==, "unlock");
  collect (f, daybook_window_get_page (f->w.window, "unlock"), "unlock");
  check_seen (f, 3);
}

static void
add_data (Fixture *f)
{
  static const DaybookTestEntries entries = {
    .person = "Sam Przykład",
    .title = "Czekał pod blokiem %u",
    .types = DAYBOOK_BEHAVIOUR_LOITERING | DAYBOOK_BEHAVIOUR_WATCHING,
  };

  daybook_test_add_entries (f->w.diary, &entries);
}

static void
collect_page (GtkWidget *page, const char *name, gpointer data)
{
  daybook_test_spin (700); /* counted, listed or drawn in workers */
  collect (data, page, name);
}

static void
test_main_pages (Fixture *f, gconstpointer data)
{
  add_data (f);
  f->w.window = daybook_test_window_new (app, f->w.dir);
  daybook_test_window_unlocked (f->w.window, f->w.diary);
  daybook_test_walk_main_pages (f->w.window, collect_page, f);
  /* The sidebar and the header bars around the pages. */
  collect (f, daybook_window_get_page (f->w.window, "main"), "main view");
  check_seen (f, 100);
}

static gboolean
rows_shown (gpointer data)
{
  return daybook_test_shows_label (data, "Czekał pod blokiem 1");
}

/* The timeline's dates in Polish on an English computer (LC_ALL=C.UTF-8):
 * the weekday and month names as po/pl.po writes them (msgctxt
 * "abbreviated weekday" "Tue" = "wt.", "abbreviated month" "Nov" = "lis",
 * "month standing alone" "November" = "Listopad"; the format "%a %-d %b %Y"
 * = "%a, %-d %b %Y"), not LC_TIME's English. */
static void
test_dates (Fixture *f, gconstpointer data)
{
  DaybookMainView *view;
  GtkWidget *timeline;

  add_data (f);
  f->w.window = daybook_test_window_new (app, f->w.dir);
  daybook_test_window_unlocked (f->w.window, f->w.diary);
  view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->w.window, "main"));
  daybook_main_view_show_page (view, "timeline");
  timeline = daybook_main_view_get_page (view, "timeline");
  daybook_test_wait_for (rows_shown, timeline, "the timeline's rows");
  g_assert_true (daybook_test_shows_label (timeline, "wt., 10 lis 2026, 21:40 GMT"));
  g_assert_true (daybook_test_shows_label (timeline, "czw., 12 lis 2026, 21:40 GMT"));
  g_assert_true (daybook_test_shows_label (timeline, "Listopad 2026"));
  g_assert_false (daybook_test_shows_label (timeline, "Tue 10 Nov 2026, 21:40 GMT"));
  g_assert_false (daybook_test_shows_label (timeline, "November 2026"));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_setenv ("TZ", "Europe/London", TRUE);
  g_setenv ("LANGUAGE", "pl", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, daybook_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  read_catalogues ();

  app = daybook_application_new ("/nonexistent", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/ui/translated/first-run", Fixture, NULL, fixture_setup, test_first_run,
              fixture_teardown);
  g_test_add ("/ui/translated/unlock", Fixture, NULL, fixture_setup, test_unlock, fixture_teardown);
  g_test_add ("/ui/translated/main-pages", Fixture, NULL, fixture_setup, test_main_pages,
              fixture_teardown);

  g_test_add ("/ui/translated/dates", Fixture, NULL, fixture_setup, test_dates, fixture_teardown);

  ret = g_test_run ();
  g_hash_table_unref (english);
  g_ptr_array_unref (formats);
  g_clear_object (&app);
  return ret;
}
