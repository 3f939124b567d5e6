/* daybook-test-po.c — the catalogues' sources as tests read them
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small reader of .po files and an evaluator of their Plural-Forms
 * expression, so that tests take the expected words from what the
 * translators wrote, never from Daybook's own reader of the built
 * catalogues.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "daybook-test-po.h"

static void
entry_free (gpointer data)
{
  DaybookPoEntry *e = data;

  g_free (e->context);
  g_free (e->msgid);
  g_free (e->msgid_plural);
  g_ptr_array_unref (e->msgstr);
  g_free (e);
}

/* The quoted string of @line (after its keyword), unescaped, appended to @to. */
static void
append_quoted (GString *to, const char *line)
{
  const char *p = strchr (line, '"');

  g_assert_nonnull (p);
  for (p++; *p != '\0' && *p != '"'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (to, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'n':
          g_string_append_c (to, '\n');
          break;
        case 't':
          g_string_append_c (to, '\t');
          break;
        default:
          g_string_append_c (to, *p);
          break;
        }
    }
}

GPtrArray *
daybook_test_po_read (const char *language)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "po", NULL);
  g_autofree char *file = g_strconcat (path, "/", language, ".po", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func (entry_free);
  DaybookPoEntry *e = NULL;
  GString *current = NULL;

  g_file_get_contents (file, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (l[0] == '\0')
        {
          current = NULL;
          continue;
        }
      if (g_str_has_prefix (l, "#~"))
        continue;
      if (g_str_has_prefix (l, "#,"))
        {
          if (e == NULL || e->msgstr->len > 0)
            {
              e = g_new0 (DaybookPoEntry, 1);
              e->msgstr = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (entries, e);
            }
          e->fuzzy = strstr (l, "fuzzy") != NULL;
          continue;
        }
      if (l[0] == '#')
        continue;
      if (g_str_has_prefix (l, "msgctxt ") || g_str_has_prefix (l, "msgid "))
        {
          if (e == NULL || e->msgstr->len > 0)
            {
              e = g_new0 (DaybookPoEntry, 1);
              e->msgstr = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (entries, e);
            }
        }
      if (l[0] == '"')
        {
          g_assert_nonnull (current);
          append_quoted (current, l);
          continue;
        }
      g_assert_nonnull (e);
      current = g_string_new (NULL);
      append_quoted (current, l);
      /* The GString lives in the entry; `current` keeps appending to it. */
      if (g_str_has_prefix (l, "msgctxt "))
        e->context = (char *)current;
      else if (g_str_has_prefix (l, "msgid_plural "))
        e->msgid_plural = (char *)current;
      else if (g_str_has_prefix (l, "msgid "))
        e->msgid = (char *)current;
      else if (g_str_has_prefix (l, "msgstr"))
        g_ptr_array_add (e->msgstr, current);
      else
        g_error ("%s:%u: cannot read “%s”", file, i + 1, l);
    }
  /* Turn the GStrings into strings. */
  for (guint i = 0; i < entries->len; i++)
    {
      DaybookPoEntry *x = entries->pdata[i];

      if (x->context != NULL)
        x->context = g_string_free ((GString *)x->context, FALSE);
      if (x->msgid != NULL)
        x->msgid = g_string_free ((GString *)x->msgid, FALSE);
      if (x->msgid_plural != NULL)
        x->msgid_plural = g_string_free ((GString *)x->msgid_plural, FALSE);
      for (guint k = 0; k < x->msgstr->len; k++)
        x->msgstr->pdata[k] = g_string_free (x->msgstr->pdata[k], FALSE);
    }
  return entries;
}

const char *
daybook_test_po_translation (GPtrArray *po, const char *context, const char *msgid)
{
  for (guint i = 0; i < po->len; i++)
    {
      DaybookPoEntry *e = po->pdata[i];

      if (g_strcmp0 (e->context, context) == 0 && g_strcmp0 (e->msgid, msgid) == 0)
        {
          const char *t = e->msgstr->len > 0 ? e->msgstr->pdata[0] : NULL;

          return e->fuzzy || t == NULL || t[0] == '\0' ? NULL : t;
        }
    }
  return NULL;
}

char *
daybook_test_po_plural_forms (GPtrArray *po)
{
  const char *header = daybook_test_po_translation (po, NULL, "");
  const char *p;

  g_assert_nonnull (header);
  p = strstr (header, "Plural-Forms:");
  g_assert_nonnull (p);
  return g_strndup (p, strcspn (p, "\n"));
}

/* A C expression in n, as Plural-Forms writes it: ?: || && == != < > <= >=
 * + - * / % ! and parentheses. */
typedef struct
{
  const char *p;
  gulong n;
} Parser;

static long expr (Parser *ps);

static void
skip (Parser *ps)
{
  while (*ps->p == ' ' || *ps->p == '\t')
    ps->p++;
}

static gboolean
eat (Parser *ps, const char *token)
{
  skip (ps);
  if (strncmp (ps->p, token, strlen (token)) != 0)
    return FALSE;
  /* "<" is not "<=", "!" is not "!=", "=" never alone. */
  if ((strcmp (token, "<") == 0 || strcmp (token, ">") == 0 || strcmp (token, "!") == 0)
      && ps->p[1] == '=')
    return FALSE;
  ps->p += strlen (token);
  return TRUE;
}

static long
primary (Parser *ps)
{
  skip (ps);
  if (eat (ps, "("))
    {
      long v = expr (ps);

      g_assert_true (eat (ps, ")"));
      return v;
    }
  if (eat (ps, "!"))
    return !primary (ps);
  if (*ps->p == 'n')
    {
      ps->p++;
      return (long)ps->n;
    }
  g_assert_true (g_ascii_isdigit (*ps->p));
  return strtol (ps->p, (char **)&ps->p, 10);
}

static long
mul (Parser *ps)
{
  long v = primary (ps);

  for (;;)
    if (eat (ps, "*"))
      v *= primary (ps);
    else if (eat (ps, "/"))
      v /= primary (ps);
    else if (eat (ps, "%"))
      v %= primary (ps);
    else
      return v;
}

static long
add (Parser *ps)
{
  long v = mul (ps);

  for (;;)
    if (eat (ps, "+"))
      v += mul (ps);
    else if (eat (ps, "-"))
      v -= mul (ps);
    else
      return v;
}

static long
rel (Parser *ps)
{
  long v = add (ps);

  for (;;)
    if (eat (ps, "<="))
      v = v <= add (ps);
    else if (eat (ps, ">="))
      v = v >= add (ps);
    else if (eat (ps, "<"))
      v = v < add (ps);
    else if (eat (ps, ">"))
      v = v > add (ps);
    else
      return v;
}

static long
eq (Parser *ps)
{
  long v = rel (ps);

  for (;;)
    if (eat (ps, "=="))
      v = v == rel (ps);
    else if (eat (ps, "!="))
      v = v != rel (ps);
    else
      return v;
}

static long and (Parser * ps)
{
  long v = eq (ps);

  while (eat (ps, "&&"))
    {
      long w = eq (ps);
      v = v && w;
    }
  return v;
}

static long or (Parser * ps)
{
  long v = and(ps);

  while (eat (ps, "||"))
    {
      long w = and(ps);
      v = v || w;
    }
  return v;
}

static long
expr (Parser *ps)
{
  long c = or (ps);

  if (eat (ps, "?"))
    {
      long a = expr (ps), b;

      g_assert_true (eat (ps, ":"));
      b = expr (ps);
      return c ? a : b;
    }
  return c;
}

guint
daybook_test_po_eval_plural (const char *plural_forms, gulong n, guint *nplurals)
{
  const char *np = strstr (plural_forms, "nplurals=");
  const char *pl = strstr (plural_forms, "plural=");
  Parser ps;
  long v;

  g_assert_nonnull (np);
  g_assert_nonnull (pl);
  *nplurals = (guint)strtoul (np + strlen ("nplurals="), NULL, 10);
  ps.p = pl + strlen ("plural=");
  ps.n = n;
  v = expr (&ps);
  skip (&ps);
  g_assert_true (*ps.p == ';' || *ps.p == '\0');
  return (guint)v;
}
