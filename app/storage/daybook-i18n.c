/* daybook-i18n.c — translations, with a language per thread for the report
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reader of gettext's .mo files (the ones msgfmt builds from the catalogues in po/), so
 * that one thread can draw a report in Welsh while the rest of the process
 * speaks English. The format: a header of 32-bit words (magic 0x950412de in
 * the file's byte order), a table of the originals sorted by strcmp(), a
 * table of their translations, each an entry (length, offset); a context is
 * "context\004msgid", a plural is "msgid\0msgid_plural" and its translation
 * the forms one after another, each ended by \0. Strings holding a
 * system-dependent macro (msgids with "%" PRId64) are kept apart, in the
 * "sysdep" tables of revision 1: each is a list of static pieces and macro
 * names, put together here with this system's value of the macro.
 *
 * Catalogues are read once per process and kept: a report asks for its
 * language's catalogue once and reads it from many threads.
 */

#define G_LOG_DOMAIN "daybook"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "daybook-i18n.h"

#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

struct _DaybookCatalog
{
  char *language;
  GMappedFile *file; /* NULL: the English of the source */
  const char *data;
  gsize size;
  gboolean swapped;
  guint32 n_strings;
  guint32 originals; /* offset of the table of originals */
  guint32 translations;
  GHashTable *sysdep; /* msgid (resolved) → GBytes of the translation (resolved, forms and all) */
};

static const char *const known_languages[] = { DAYBOOK_REPORT_LANGUAGES, NULL };

/**
 * daybook_locale_dir:
 *
 * Where the catalogues are: $DAYBOOK_LOCALEDIR (the build tree's po/ folder,
 * for tests and `make run`) or the installed LOCALEDIR.
 */
const char *
daybook_locale_dir (void)
{
  const char *dir = g_getenv ("DAYBOOK_LOCALEDIR");

  return dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR;
}

gboolean
daybook_language_is_known (const char *language)
{
  return language != NULL && g_strv_contains (known_languages, language);
}

/**
 * daybook_language_from_environment:
 *
 * Returns: the first of the report's languages that the process speaks
 * (LANGUAGE, then the locale of messages), or "en"
 */
const char *
daybook_language_from_environment (void)
{
  const char *const *names = g_get_language_names ();
  const char *language = g_getenv ("LANGUAGE");

  /* LANGUAGE is a list ("cy:en"); gettext honours it before the locale. */
  if (language != NULL && language[0] != '\0')
    {
      g_auto (GStrv) parts = g_strsplit (language, ":", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_autofree char *base = g_strndup (parts[i], strcspn (parts[i], "_.@"));

          for (guint k = 0; known_languages[k] != NULL; k++)
            if (g_strcmp0 (base, known_languages[k]) == 0)
              return known_languages[k];
        }
    }
  for (guint i = 0; names[i] != NULL; i++)
    for (guint k = 0; known_languages[k] != NULL; k++)
      if (g_strcmp0 (names[i], known_languages[k]) == 0)
        return known_languages[k];
  return "en";
}

/* The plural rules of the report's languages, as in their catalogues'
 * Plural-Forms headers (test-i18n checks each against its header for
 * n = 0…200). A catalogue's own header is not evaluated: these four are
 * all the report speaks. */
guint
daybook_plural_index (const char *language, gulong n)
{
  if (g_strcmp0 (language, "cy") == 0)
    return n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n == 3 ? 3 : n == 6 ? 4 : 5;
  if (g_strcmp0 (language, "pl") == 0)
    return n == 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2;
  if (g_strcmp0 (language, "ar") == 0)
    return n == 0                          ? 0
           : n == 1                        ? 1
           : n == 2                        ? 2
           : n % 100 >= 3 && n % 100 <= 10 ? 3
           : n % 100 >= 11                 ? 4
                                           : 5;
  return n != 1;
}

guint
daybook_plural_count (const char *language)
{
  if (g_strcmp0 (language, "cy") == 0 || g_strcmp0 (language, "ar") == 0)
    return 6;
  if (g_strcmp0 (language, "pl") == 0)
    return 3;
  return 2;
}

static guint32
word (const DaybookCatalog *c, gsize offset)
{
  guint32 v;

  if (offset > c->size || c->size - offset < 4)
    return 0;
  memcpy (&v, c->data + offset, 4);
  return c->swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

/* Returns: the string of the @i-th entry of @table (its length in @len), or
 * NULL when the entry points outside the file or its string is not ended. */
static const char *
entry (const DaybookCatalog *c, guint32 table, guint32 i, guint32 *len)
{
  guint32 l = word (c, (gsize)table + 8 * (gsize)i);
  guint32 o = word (c, (gsize)table + 8 * (gsize)i + 4);

  if ((gsize)o > c->size || (gsize)l >= c->size - o || c->data[o + l] != '\0')
    return NULL;
  *len = l;
  return c->data + o;
}

static const char *
sysdep_value (const char *name)
{
  static const struct
  {
    const char *name;
    const char *value;
  } values[] = {
    { "PRId64", PRId64 }, { "PRIi64", PRIi64 }, { "PRIu64", PRIu64 }, { "PRIx64", PRIx64 },
    { "PRIX64", PRIX64 }, { "PRIo64", PRIo64 }, { "PRId32", PRId32 }, { "PRIu32", PRIu32 },
    { "PRIi32", PRIi32 }, { "PRIx32", PRIx32 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (strcmp (name, values[i].name) == 0)
      return values[i].value;
  return NULL;
}

/* One sysdep string of the table at @table, index @i, resolved. */
static GString *
sysdep_string (const DaybookCatalog *c, guint32 table, guint32 i, guint32 n_segments,
               guint32 segments)
{
  guint32 at = word (c, (gsize)table + 4 * (gsize)i);
  guint32 offset = word (c, at);
  GString *s = g_string_new (NULL);

  for (gsize p = (gsize)at + 4; p + 8 <= c->size; p += 8)
    {
      guint32 size = word (c, p);
      guint32 ref = word (c, p + 4);

      if ((gsize)offset > c->size || size > c->size - offset)
        break;
      g_string_append_len (s, c->data + offset, size);
      offset += size;
      if (ref == 0xffffffffu)
        return s;
      if (ref >= n_segments)
        break;
      {
        /* A segment's name ("PRId64"), its length counting its \0. */
        guint32 len = word (c, (gsize)segments + 8 * (gsize)ref);
        guint32 at_name = word (c, (gsize)segments + 8 * (gsize)ref + 4);
        g_autofree char *bare = NULL;
        const char *value;

        if ((gsize)at_name > c->size || len > c->size - at_name)
          break;
        bare = g_strndup (c->data + at_name, len);
        if (bare[0] == '<')
          memmove (bare, bare + 1, strlen (bare));
        if (bare[0] != '\0' && bare[strlen (bare) - 1] == '>')
          bare[strlen (bare) - 1] = '\0';
        value = sysdep_value (bare);
        if (value == NULL)
          break;
        g_string_append (s, value);
      }
    }
  g_string_free (s, TRUE);
  return NULL;
}

static gboolean
load (DaybookCatalog *c, const char *path, GError **error)
{
  guint32 magic, revision;

  c->file = g_mapped_file_new (path, FALSE, error);
  if (c->file == NULL)
    return FALSE;
  c->data = g_mapped_file_get_contents (c->file);
  c->size = g_mapped_file_get_length (c->file);
  if (c->size < 28)
    goto bad;
  memcpy (&magic, c->data, 4);
  if (magic == MO_MAGIC_SWAPPED)
    c->swapped = TRUE;
  else if (magic != MO_MAGIC)
    goto bad;
  revision = word (c, 4);
  if ((revision >> 16) > 1)
    goto bad;
  c->n_strings = word (c, 8);
  c->originals = word (c, 12);
  c->translations = word (c, 16);
  if ((gsize)c->n_strings * 8 > c->size || c->originals > c->size - c->n_strings * 8
      || c->translations > c->size - c->n_strings * 8)
    goto bad;
  c->sysdep
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
  if ((revision & 0xffff) >= 1 && c->size >= 48)
    {
      guint32 n_segments = word (c, 28), segments = word (c, 32);
      guint32 n_sysdep = word (c, 36), orig_tab = word (c, 40), trans_tab = word (c, 44);

      for (guint32 i = 0; i < n_sysdep && (gsize)orig_tab + 4 * (gsize)i < c->size; i++)
        {
          GString *o = sysdep_string (c, orig_tab, i, n_segments, segments);
          GString *t = sysdep_string (c, trans_tab, i, n_segments, segments);

          /* Keyed by the msgid alone (a plural's original is "msgid\0plural"),
           * the translation kept whole with its length. */
          if (o != NULL && t != NULL && t->len > 0 && t->str[t->len - 1] == '\0')
            g_hash_table_replace (c->sysdep, g_strdup (o->str),
                                  g_string_free_to_bytes (g_steal_pointer (&t)));
          if (o != NULL)
            g_string_free (o, TRUE);
          if (t != NULL)
            g_string_free (t, TRUE);
        }
    }
  return TRUE;

bad:
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               _ ("The translation file %s is damaged. Reinstall Daybook."), path);
  return FALSE;
}

/* Returns: the translation of @key (a whole original, with \0 between a
 * msgid and its plural) and its length, or NULL. */
static const char *
find (const DaybookCatalog *c, const char *key, gsize key_len, guint32 *len)
{
  guint32 lo = 0, hi = c->n_strings;

  if (c->file == NULL)
    return NULL;
  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2, olen;
      const char *o = entry (c, c->originals, mid, &olen);
      int cmp;

      if (o == NULL)
        return NULL;
      /* The originals are sorted by strcmp(): up to the first \0. */
      cmp = strcmp (key, o);
      if (cmp == 0 && key_len != olen)
        cmp = key_len < olen ? -1 : 1;
      if (cmp == 0)
        {
          const char *t = entry (c, c->translations, mid, len);

          return t != NULL && *len > 0 ? t : NULL;
        }
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  {
    GBytes *t = g_hash_table_lookup (c->sysdep, key);
    gsize size;
    const char *data;

    if (t == NULL)
      return NULL;
    data = g_bytes_get_data (t, &size);
    *len = size - 1;
    return data;
  }
}

const char *
daybook_catalog_lookup (const DaybookCatalog *catalog, const char *msgid)
{
  guint32 len;
  const char *t = find (catalog, msgid, strlen (msgid), &len);

  return t != NULL ? t : msgid;
}

const char *
daybook_catalog_nlookup (const DaybookCatalog *catalog, const char *msgid, const char *msgid_plural,
                         gulong n)
{
  gsize a = strlen (msgid), b = strlen (msgid_plural);
  g_autofree char *key = g_malloc (a + b + 2);
  guint32 len;
  const char *t;
  guint index;

  memcpy (key, msgid, a + 1);
  memcpy (key + a + 1, msgid_plural, b + 1);
  t = find (catalog, key, a + 1 + b, &len);
  if (t == NULL)
    return n == 1 ? msgid : msgid_plural;
  index = daybook_plural_index (catalog->language, n);
  for (const char *p = t; p < t + len + 1; p += strlen (p) + 1, index--)
    if (index == 0)
      return p;
  return t;
}

const char *
daybook_catalog_get_language (const DaybookCatalog *catalog)
{
  return catalog->language;
}

gboolean
daybook_catalog_is_rtl (const DaybookCatalog *catalog)
{
  return g_strcmp0 (catalog->language, "ar") == 0;
}

G_LOCK_DEFINE_STATIC (catalogs);
static GHashTable *catalogs; /* language → DaybookCatalog, kept for the process */

/**
 * daybook_catalog_get:
 * @language: one of "en", "cy", "pl", "ar"
 *
 * Returns: (transfer none): the catalogue of @language, read once and kept
 * for the process; "en" is the source's English and reads no file. NULL and
 * @error when @language is not one of the report's languages or its file is
 * missing or damaged.
 */
const DaybookCatalog *
daybook_catalog_get (const char *language, GError **error)
{
  DaybookCatalog *c;

  if (!daybook_language_is_known (language))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   /* TRANSLATORS: %s is what was given; keep the language codes as they are */
                   _ ("“%s” is not a language of the report: use en, cy, pl or ar."),
                   language != NULL ? language : "");
      return NULL;
    }
  G_LOCK (catalogs);
  if (catalogs == NULL)
    catalogs = g_hash_table_new (g_str_hash, g_str_equal);
  c = g_hash_table_lookup (catalogs, language);
  if (c == NULL)
    {
      c = g_new0 (DaybookCatalog, 1);
      c->language = g_strdup (language);
      if (strcmp (language, "en") != 0)
        {
          g_autofree char *path = g_build_filename (daybook_locale_dir (), language, "LC_MESSAGES",
                                                    GETTEXT_PACKAGE ".mo", NULL);
          g_autoptr (GError) local_error = NULL;

          if (!load (c, path, &local_error))
            {
              if (c->file != NULL)
                g_mapped_file_unref (c->file);
              if (c->sysdep != NULL)
                g_hash_table_unref (c->sysdep);
              g_free (c->language);
              g_free (c);
              G_UNLOCK (catalogs);
              if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
                g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                             _ ("The translation into “%s” is not installed (%s is missing)."),
                             language, path);
              else
                g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }
      g_hash_table_insert (catalogs, c->language, c);
    }
  G_UNLOCK (catalogs);
  return c;
}

static GPrivate thread_catalog;

/**
 * daybook_i18n_push_language:
 * @catalog: (nullable): the catalogue this thread speaks from now, NULL for
 *   the process's language (gettext)
 *
 * Returns: the catalogue before, for daybook_i18n_pop_language()
 */
const DaybookCatalog *
daybook_i18n_push_language (const DaybookCatalog *catalog)
{
  const DaybookCatalog *previous = g_private_get (&thread_catalog);

  g_private_set (&thread_catalog, (gpointer)catalog);
  return previous;
}

void
daybook_i18n_pop_language (const DaybookCatalog *previous)
{
  g_private_set (&thread_catalog, (gpointer)previous);
}

const DaybookCatalog *
daybook_i18n_get_thread_catalog (void)
{
  return g_private_get (&thread_catalog);
}

const char *
daybook_gettext (const char *msgid)
{
  const DaybookCatalog *c = g_private_get (&thread_catalog);

  return c != NULL ? daybook_catalog_lookup (c, msgid) : g_dgettext (GETTEXT_PACKAGE, msgid);
}

const char *
daybook_pgettext (const char *msgctxtid, gsize msgidoffset)
{
  const DaybookCatalog *c = g_private_get (&thread_catalog);
  const char *t;

  if (c == NULL)
    return g_dpgettext (GETTEXT_PACKAGE, msgctxtid, msgidoffset);
  t = daybook_catalog_lookup (c, msgctxtid);
  return t == msgctxtid ? msgctxtid + msgidoffset : t;
}

const char *
daybook_dpgettext2 (const char *context, const char *msgid)
{
  const DaybookCatalog *c = g_private_get (&thread_catalog);
  g_autofree char *key = NULL;
  const char *t;

  if (c == NULL)
    return (g_dpgettext2)(GETTEXT_PACKAGE, context, msgid);
  key = g_strconcat (context, "\004", msgid, NULL);
  t = daybook_catalog_lookup (c, key);
  return t == key ? msgid : t;
}

const char *
daybook_dngettext (const char *msgid, const char *msgid_plural, gulong n)
{
  const DaybookCatalog *c = g_private_get (&thread_catalog);

  return c != NULL ? daybook_catalog_nlookup (c, msgid, msgid_plural, n)
                   : (g_dngettext)(GETTEXT_PACKAGE, msgid, msgid_plural, n);
}

static const char *
weekday_name (int day, gboolean full)
{
  /* TRANSLATORS: weekday names in dates of the report, Monday first */
  const char *abbreviated[] = {
    NC_ ("abbreviated weekday", "Mon"), NC_ ("abbreviated weekday", "Tue"),
    NC_ ("abbreviated weekday", "Wed"), NC_ ("abbreviated weekday", "Thu"),
    NC_ ("abbreviated weekday", "Fri"), NC_ ("abbreviated weekday", "Sat"),
    NC_ ("abbreviated weekday", "Sun"),
  };
  const char *whole[] = {
    NC_ ("weekday", "Monday"),   NC_ ("weekday", "Tuesday"), NC_ ("weekday", "Wednesday"),
    NC_ ("weekday", "Thursday"), NC_ ("weekday", "Friday"),  NC_ ("weekday", "Saturday"),
    NC_ ("weekday", "Sunday"),
  };

  day = CLAMP (day, 1, 7) - 1;
  return full ? daybook_dpgettext2 ("weekday", whole[day])
              : daybook_dpgettext2 ("abbreviated weekday", abbreviated[day]);
}

static const char *
month_standalone (int month)
{
  /* TRANSLATORS: month names standing alone, as in a heading "March 2026"
     (languages such as Polish use another form after a day number) */
  const char *whole[] = {
    NC_ ("month standing alone", "January"),   NC_ ("month standing alone", "February"),
    NC_ ("month standing alone", "March"),     NC_ ("month standing alone", "April"),
    NC_ ("month standing alone", "May"),       NC_ ("month standing alone", "June"),
    NC_ ("month standing alone", "July"),      NC_ ("month standing alone", "August"),
    NC_ ("month standing alone", "September"), NC_ ("month standing alone", "October"),
    NC_ ("month standing alone", "November"),  NC_ ("month standing alone", "December"),
  };

  return daybook_dpgettext2 ("month standing alone", whole[CLAMP (month, 1, 12) - 1]);
}

static const char *
month_name (int month, gboolean full)
{
  /* TRANSLATORS: month names in dates of the report, as they stand after a day
     number ("5 March 2026"); use the form your language needs there */
  const char *abbreviated[] = {
    NC_ ("abbreviated month", "Jan"), NC_ ("abbreviated month", "Feb"),
    NC_ ("abbreviated month", "Mar"), NC_ ("abbreviated month", "Apr"),
    NC_ ("abbreviated month", "May"), NC_ ("abbreviated month", "Jun"),
    NC_ ("abbreviated month", "Jul"), NC_ ("abbreviated month", "Aug"),
    NC_ ("abbreviated month", "Sep"), NC_ ("abbreviated month", "Oct"),
    NC_ ("abbreviated month", "Nov"), NC_ ("abbreviated month", "Dec"),
  };
  const char *whole[] = {
    NC_ ("month", "January"), NC_ ("month", "February"), NC_ ("month", "March"),
    NC_ ("month", "April"),   NC_ ("month", "May"),      NC_ ("month", "June"),
    NC_ ("month", "July"),    NC_ ("month", "August"),   NC_ ("month", "September"),
    NC_ ("month", "October"), NC_ ("month", "November"), NC_ ("month", "December"),
  };

  month = CLAMP (month, 1, 12) - 1;
  return full ? daybook_dpgettext2 ("month", whole[month])
              : daybook_dpgettext2 ("abbreviated month", abbreviated[month]);
}

/**
 * daybook_date_time_format:
 *
 * g_date_time_format(), except that the names of weekdays and months (%a %A
 * %b %B, and %OB for a month standing alone, as in a heading) come from
 * the catalogue of this thread (or gettext), never from
 * the process's locale, and that %p and %c, %x, %X (the locale's own forms)
 * are not offered: a caller spells the form out in a translatable format.
 */
char *
daybook_date_time_format (GDateTime *datetime, const char *format)
{
  GString *out = g_string_new (NULL);

  for (const char *p = format; *p != '\0'; p++)
    {
      const char *name = NULL;

      if (p[0] == '%' && p[1] != '\0')
        switch (p[1])
          {
          case 'a':
            name = weekday_name (g_date_time_get_day_of_week (datetime), FALSE);
            break;
          case 'A':
            name = weekday_name (g_date_time_get_day_of_week (datetime), TRUE);
            break;
          case 'b':
          case 'h':
            name = month_name (g_date_time_get_month (datetime), FALSE);
            break;
          case 'B':
            name = month_name (g_date_time_get_month (datetime), TRUE);
            break;
          default:
            break;
          }
      if (p[0] == '%' && p[1] == 'O' && (p[2] == 'B' || p[2] == 'b'))
        {
          /* %OB: the month's name standing alone (a heading), as glibc. */
          g_string_append (out, month_standalone (g_date_time_get_month (datetime)));
          p += 2;
          continue;
        }
      if (name != NULL)
        {
          g_string_append (out, name);
          p++;
          continue;
        }
      if (p[0] == '%')
        {
          /* One directive: '%', flags (- _ 0 :), then its letter. */
          const char *end = p + 1;
          g_autofree char *directive = NULL;
          g_autofree char *piece = NULL;

          while (*end == '-' || *end == '_' || *end == '0' || *end == ':' || *end == 'O'
                 || *end == 'E')
            end++;
          if (*end == '\0')
            break;
          directive = g_strndup (p, end - p + 1);
          piece = g_date_time_format (datetime, directive);
          if (piece != NULL)
            g_string_append (out, piece);
          p = end;
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
