/* daybook-cli-registers.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include "daybook-i18n.h"

#include "daybook-attachment.h"
#include "daybook-cli.h"
#include "daybook-registers.h"

/* `orders` and `contacts`: the registers of orders (with their numbered
 * terms) and police contacts. Each takes `add`, `edit N`, `delete N`, or
 * nothing to list. */

static const char *
take_subcommand (int *argc, char ***argv)
{
  const char *sub;

  if (*argc < 2 || (*argv)[1][0] == '-')
    return NULL;
  sub = (*argv)[1];
  /* Drop the subcommand; the command's name stays in argv[0]. */
  memmove (&(*argv)[1], &(*argv)[2], sizeof (char *) * (size_t)(*argc - 1));
  (*argc)--;
  return sub;
}

static gboolean
parse_id (const char *text, const char *what, gint64 *id, GError **error)
{
  guint64 n;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &n, NULL))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   /* TRANSLATORS: %s is "an order" or "a police contact" */
                   _ ("“%s” is not the number of %s."), text ? text : "", what);
      return FALSE;
    }
  *id = (gint64)n;
  return TRUE;
}

/**
 * daybook_cli_parse_breach:
 *
 * Parses ORDER:TERM, as `--breach 2:3`.
 */
gboolean
daybook_cli_parse_breach (const char *text, DaybookBreach *breach, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ":", 2);
  guint64 order, term;

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXINT64, &order, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT32, &term, NULL))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("“%s” is not a term of an order: write ORDER:TERM, for example 1:2."), text);
      return FALSE;
    }
  breach->order_id = (gint64)order;
  breach->term = (guint)term;
  return TRUE;
}

/* ---- orders -------------------------------------------------------------- */

typedef struct
{
  char *kind;
  char *on;
  char *court;
  char *reference;
  char *made;
  char *served;
  char *expires;
  char *notes;
  char *document;
  char **terms;
  char **remove_terms;
  gboolean json;
} OrderOptions;

static void
order_options_clear (OrderOptions *o)
{
  g_free (o->kind);
  g_free (o->on);
  g_free (o->court);
  g_free (o->reference);
  g_free (o->made);
  g_free (o->served);
  g_free (o->expires);
  g_free (o->notes);
  g_free (o->document);
  g_strfreev (o->terms);
  g_strfreev (o->remove_terms);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OrderOptions, order_options_clear)

static GOptionContext *
order_option_context (OrderOptions *o, const char *parameter)
{
  GOptionEntry entries[]
      = { { "kind", 0, 0, G_OPTION_ARG_STRING, &o->kind,
            N_ ("spo, interim-spo, non-molestation, restraining (with --on), bail, police-notice, "
                "injunction or other"),
            N_ ("KIND") },
          { "on", 0, 0, G_OPTION_ARG_STRING, &o->on,
            N_ ("A restraining order made on conviction or acquittal"), "conviction|acquittal" },
          { "court", 0, 0, G_OPTION_ARG_STRING, &o->court,
            N_ ("The court, or the force that issued a notice"), N_ ("TEXT") },
          { "reference", 0, 0, G_OPTION_ARG_STRING, &o->reference, N_ ("Case or order number"),
            N_ ("REF") },
          { "made", 0, 0, G_OPTION_ARG_STRING, &o->made, N_ ("When it was made"), "YYYY-MM-DD" },
          { "served", 0, 0, G_OPTION_ARG_STRING, &o->served, N_ ("When it was served"),
            "YYYY-MM-DD" },
          { "expires", 0, 0, G_OPTION_ARG_STRING, &o->expires, N_ ("When it ends"), "YYYY-MM-DD" },
          { "term", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->terms,
            N_ ("A term of the order, added after the last (repeatable)"), N_ ("TEXT") },
          { "remove-term", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->remove_terms,
            N_ ("Mark term K removed; it keeps its number and text (repeatable)"), "K" },
          { "notes", 0, 0, G_OPTION_ARG_STRING, &o->notes, N_ ("Notes"), N_ ("TEXT") },
          { "document", 0, 0, G_OPTION_ARG_STRING, &o->document,
            N_ ("The exhibit mark or number of the order's document; none to clear"), N_ ("MARK") },
          { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_ ("Print JSON"), NULL },
          { NULL } };
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static gboolean
parse_kind (OrderOptions *o, DaybookOrderKind *kind, GError **error)
{
  if (g_strcmp0 (o->kind, "restraining") == 0)
    {
      if (g_strcmp0 (o->on, "conviction") == 0)
        *kind = DAYBOOK_ORDER_RESTRAINING_CONVICTION;
      else if (g_strcmp0 (o->on, "acquittal") == 0)
        *kind = DAYBOOK_ORDER_RESTRAINING_ACQUITTAL;
      else
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("Say whether the restraining order was made on conviction or on "
                          "acquittal: add --on conviction or --on acquittal."));
          return FALSE;
        }
      return TRUE;
    }
  if (o->on != NULL)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("--on is only for --kind restraining."));
      return FALSE;
    }
  if (!daybook_order_kind_from_id (o->kind, kind))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("“%s” is not a kind of order. Use spo, interim-spo, non-molestation, "
                      "restraining (with --on), bail, police-notice, injunction or other."),
                   o->kind);
      return FALSE;
    }
  return TRUE;
}

/* Applies the options to @order; @diary is %NULL for the check made before
 * the passphrase is asked for (then the document is not looked up). */
static gboolean
apply_order_options (DaybookDiary *diary, OrderOptions *o, DaybookOrder *order, GError **error)
{
  static const struct
  {
    gsize offset;
    DaybookOrderField field;
  } texts[] = {
    { G_STRUCT_OFFSET (OrderOptions, court), DAYBOOK_ORDER_COURT },
    { G_STRUCT_OFFSET (OrderOptions, reference), DAYBOOK_ORDER_REFERENCE },
    { G_STRUCT_OFFSET (OrderOptions, made), DAYBOOK_ORDER_MADE_ON },
    { G_STRUCT_OFFSET (OrderOptions, served), DAYBOOK_ORDER_SERVED_ON },
    { G_STRUCT_OFFSET (OrderOptions, expires), DAYBOOK_ORDER_EXPIRES_ON },
    { G_STRUCT_OFFSET (OrderOptions, notes), DAYBOOK_ORDER_NOTES },
  };

  if (o->kind != NULL || o->on != NULL)
    {
      DaybookOrderKind kind;

      if (o->kind == NULL)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("--on goes with --kind restraining."));
          return FALSE;
        }
      if (!parse_kind (o, &kind, error))
        return FALSE;
      daybook_order_set_kind (order, kind);
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *value = G_STRUCT_MEMBER (char *, o, texts[i].offset);

      if (value != NULL)
        daybook_order_set_field (order, texts[i].field, value);
    }
  for (guint i = 0; o->remove_terms != NULL && o->remove_terms[i] != NULL; i++)
    {
      guint64 k;

      if (!g_ascii_string_to_unsigned (o->remove_terms[i], 10, 1, G_MAXUINT32, &k, NULL))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("“%s” is not a term number."), o->remove_terms[i]);
          return FALSE;
        }
      if (diary != NULL && !daybook_order_remove_term (order, (guint)k))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("The order has no term %u in force: nothing was changed."), (guint)k);
          return FALSE;
        }
    }
  for (guint i = 0; o->terms != NULL && o->terms[i] != NULL; i++)
    daybook_order_add_term (order, o->terms[i]);

  if (o->document != NULL && diary != NULL)
    {
      if (g_strcmp0 (o->document, "none") == 0)
        daybook_order_set_document (order, 0);
      else
        {
          g_autoptr (DaybookAttachment) attachment
              = daybook_diary_find_attachment (diary, o->document, error);

          if (attachment == NULL)
            return FALSE;
          daybook_order_set_document (order, daybook_attachment_get_id (attachment));
        }
    }
  return daybook_order_validate (order, error);
}

static void
append_date (GString *s, const char *label, const char *value)
{
  if (value[0] == '\0')
    return;
  if (s->len > 0)
    g_string_append (s, ", ");
  g_string_append_printf (s, "%s %s", label, value);
}

static char *
format_dates (DaybookOrder *order)
{
  GString *s = g_string_new (NULL);

  /* TRANSLATORS: an order was made (by a court) on a date: "made 2026-01-05" */
  append_date (s, _ ("made"), daybook_order_get_field (order, DAYBOOK_ORDER_MADE_ON));
  append_date (s, _ ("served"), daybook_order_get_field (order, DAYBOOK_ORDER_SERVED_ON));
  append_date (s, _ ("expires"), daybook_order_get_field (order, DAYBOOK_ORDER_EXPIRES_ON));
  return g_string_free (s, FALSE);
}

static guint
count_marks (GArray *marks, gint64 order_id, guint term, GString *numbers)
{
  guint n = 0;

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const DaybookBreachMark *m = &g_array_index (marks, DaybookBreachMark, i);

      if (m->order_id != order_id || m->term != term)
        continue;
      if (numbers != NULL)
        g_string_append_printf (numbers, "%s%" PRId64, n ? ", " : "", m->number);
      n++;
    }
  return n;
}

static void
print_order (DaybookDiary *diary, DaybookOrder *order, GArray *marks)
{
  g_autofree char *title = daybook_order_dup_title (order);
  g_autofree char *dates = format_dates (order);
  gint64 id = daybook_order_get_id (order);

  g_print ("%" PRId64 "  %s\n", id, title);
  if (dates[0] != '\0')
    g_print ("    %s\n", dates);
  if (daybook_order_get_document (order) != 0)
    {
      g_autoptr (DaybookAttachment) doc
          = daybook_diary_get_attachment (diary, daybook_order_get_document (order), NULL);

      if (doc != NULL)
        g_print (_ ("    Document: exhibit %s\n"), daybook_attachment_get_mark (doc));
    }
  for (guint i = 0; i < daybook_order_get_n_terms (order); i++)
    {
      const DaybookOrderTerm *term = daybook_order_get_term (order, i);
      g_autoptr (GString) numbers = g_string_new (NULL);
      guint n = count_marks (marks, id, term->number, numbers);

      g_print ("    %u. %s%s\n", term->number, term->deleted ? _ ("(removed) ") : "", term->text);
      if (n > 0)
        g_print (ngettext ("       possibly breached in %u entry: %s\n",
                           "       possibly breached in %u entries: %s\n", n),
                 n, numbers->str);
    }
  if (daybook_order_get_field (order, DAYBOOK_ORDER_NOTES)[0] != '\0')
    g_print (_ ("    Notes: %s\n"), daybook_order_get_field (order, DAYBOOK_ORDER_NOTES));
}

/* The order's JSON, each term with the entries (not deleted) that mark it. */
static JsonNode *
order_json (DaybookOrder *order, GArray *marks)
{
  JsonNode *node = daybook_order_to_json (order);
  JsonArray *terms = json_object_get_array_member (json_node_get_object (node), "terms");

  for (guint i = 0; i < json_array_get_length (terms); i++)
    {
      JsonObject *term = json_array_get_object_element (terms, i);
      guint number = (guint)json_object_get_int_member (term, "number");
      JsonArray *entries = json_array_new ();

      for (guint j = 0; marks != NULL && j < marks->len; j++)
        {
          const DaybookBreachMark *m = &g_array_index (marks, DaybookBreachMark, j);

          if (m->order_id == daybook_order_get_id (order) && m->term == number)
            json_array_add_int_element (entries, m->number);
        }
      json_object_set_array_member (term, "breached_in", entries);
    }
  return node;
}

static int
orders_list (DaybookCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL }, { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new ("");
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GListModel) orders = NULL;
  g_autoptr (GArray) marks = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  GError *error = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("orders takes add, edit N or delete N, or nothing to list."));

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || (orders = daybook_diary_list_orders (diary, &error)) == NULL
      || (marks = daybook_diary_list_breaches (diary, &error)) == NULL)
    return daybook_cli_fail (error);

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr (DaybookOrder) order = g_list_model_get_item (orders, i);

      if (json)
        json_array_add_element (array, order_json (order, marks));
      else
        print_order (diary, order, marks);
    }
  if (json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      daybook_cli_print_json (root);
    }
  else if (g_list_model_get_n_items (orders) == 0)
    g_print (_ ("No orders. Add one with “orders add --kind KIND --term TEXT”.\n"));
  return DAYBOOK_EXIT_OK;
}

static int
orders_save (DaybookCliContext *ctx, int argc, char **argv, gboolean editing)
{
  g_auto (OrderOptions) o = { 0 };
  g_autoptr (GOptionContext) options = order_option_context (&o, editing ? "N" : "");
  g_autoptr (DaybookOrder) scratch = daybook_order_new (DAYBOOK_ORDER_OTHER);
  g_autoptr (DaybookOrder) order = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GArray) marks = NULL;
  GError *error = NULL;
  gint64 id = 0;

  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (editing && argc != 2)
    return daybook_cli_usage (_ ("orders edit needs one order number."));
  if (!editing && argc != 1)
    return daybook_cli_usage (_ ("orders add takes no arguments besides its options."));
  if (!editing && o.kind == NULL)
    return daybook_cli_usage (_ ("orders add needs --kind: spo, interim-spo, non-molestation, "
                                 "restraining, bail, police-notice, injunction or other."));
  if (editing && !parse_id (argv[1], _ ("an order"), &id, &error))
    return daybook_cli_fail (error);
  /* Bad options fail before the passphrase is asked for. */
  if (!apply_order_options (NULL, &o, scratch, &error))
    return daybook_cli_fail (error);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);
  if (editing)
    {
      order = daybook_diary_get_order (diary, id, &error);
      if (order != NULL && daybook_order_get_deleted_at (order) != 0)
        {
          g_clear_object (&order);
          g_set_error (&error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                       _ ("Order %" PRId64 " was deleted: it cannot be changed."), id);
        }
    }
  else
    order = daybook_order_new (DAYBOOK_ORDER_OTHER);
  if (order == NULL || !apply_order_options (diary, &o, order, &error)
      || !daybook_diary_save_order (diary, order, &error))
    return daybook_cli_fail (error);

  if (o.json)
    {
      g_autoptr (JsonNode) root = NULL;

      if ((marks = daybook_diary_list_breaches (diary, &error)) == NULL)
        return daybook_cli_fail (error);
      root = order_json (order, marks);
      daybook_cli_print_json (root);
    }
  else if (editing)
    g_print (_ ("Order %" PRId64 " saved as revision %u.\n"), id,
             daybook_order_get_revision (order));
  else
    g_print ("%" PRId64 "\n", daybook_order_get_id (order));
  return DAYBOOK_EXIT_OK;
}

static int
orders_delete (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) options = g_option_context_new ("N");
  g_autoptr (DaybookDiary) diary = NULL;
  GError *error = NULL;
  gint64 id;

  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc != 2)
    return daybook_cli_usage (_ ("orders delete needs one order number."));
  if (!parse_id (argv[1], _ ("an order"), &id, &error))
    return daybook_cli_fail (error);
  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || !daybook_diary_delete_order (diary, id, &error))
    return daybook_cli_fail (error);
  g_print (_ ("Order %" PRId64 " deleted. Its history, and the entries marked as "
              "breaching it, are kept.\n"),
           id);
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_orders (DaybookCliContext *ctx, int argc, char **argv)
{
  const char *sub = take_subcommand (&argc, &argv);

  if (sub == NULL || strcmp (sub, "list") == 0)
    return orders_list (ctx, argc, argv);
  if (strcmp (sub, "add") == 0)
    return orders_save (ctx, argc, argv, FALSE);
  if (strcmp (sub, "edit") == 0)
    return orders_save (ctx, argc, argv, TRUE);
  if (strcmp (sub, "delete") == 0)
    return orders_delete (ctx, argc, argv);
  return daybook_cli_usage (_ ("“%s” is not an orders command: use add, edit N or delete N."), sub);
}

/* ---- police contacts ----------------------------------------------------- */

typedef struct
{
  char *when;
  char *how;
  char *fields[DAYBOOK_CONTACT_N_FIELDS];
  char **entries;
  char **remove_entries;
  gboolean json;
} ContactOptions;

static void
contact_options_clear (ContactOptions *o)
{
  g_free (o->when);
  g_free (o->how);
  for (guint i = 0; i < DAYBOOK_CONTACT_N_FIELDS; i++)
    g_free (o->fields[i]);
  g_strfreev (o->entries);
  g_strfreev (o->remove_entries);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ContactOptions, contact_options_clear)

static GOptionContext *
contact_option_context (ContactOptions *o, const char *parameter)
{
  GOptionEntry entries[]
      = { { "when", 0, 0, G_OPTION_ARG_STRING, &o->when,
            N_ ("When the police were contacted (ISO 8601; default now)"), N_ ("TIME") },
          { "how", 0, 0, G_OPTION_ARG_STRING, &o->how, N_ ("999, 101, online, in-person or other"),
            N_ ("HOW") },
          { "force-name", 0, 0, G_OPTION_ARG_STRING, &o->fields[DAYBOOK_CONTACT_FORCE],
            N_ ("The police force"), N_ ("TEXT") },
          { "officer", 0, 0, G_OPTION_ARG_STRING, &o->fields[DAYBOOK_CONTACT_OFFICER],
            N_ ("The officer's name"), N_ ("TEXT") },
          { "collar", 0, 0, G_OPTION_ARG_STRING, &o->fields[DAYBOOK_CONTACT_COLLAR],
            N_ ("The officer's collar or warrant number"), N_ ("TEXT") },
          { "reference", 0, 0, G_OPTION_ARG_STRING, &o->fields[DAYBOOK_CONTACT_REFERENCE],
            N_ ("Crime or incident reference"), N_ ("REF") },
          { "reported", 0, 0, G_OPTION_ARG_STRING, &o->fields[DAYBOOK_CONTACT_REPORTED],
            N_ ("What you reported"), N_ ("TEXT") },
          { "said", 0, 0, G_OPTION_ARG_STRING, &o->fields[DAYBOOK_CONTACT_SAID],
            N_ ("What the police said they would do"), N_ ("TEXT") },
          { "outcome", 0, 0, G_OPTION_ARG_STRING, &o->fields[DAYBOOK_CONTACT_OUTCOME],
            N_ ("crime-recorded, nfa, warning, arrest, charged, or your own words"), N_ ("TEXT") },
          { "entry", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->entries,
            N_ ("An entry reported in this contact (repeatable)"), "N" },
          { "remove-entry", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->remove_entries,
            N_ ("Unlink an entry from this contact (repeatable)"), "N" },
          { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_ ("Print JSON"), NULL },
          { NULL } };
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static gboolean
apply_contact_options (DaybookCliContext *ctx, ContactOptions *o, DaybookPoliceContact *contact,
                       GError **error)
{
  if (o->when != NULL)
    {
      DaybookWhen when = { 0 };

      if (!daybook_when_parse (o->when, ctx->local, &when, NULL, error))
        return FALSE;
      daybook_police_contact_set_when (contact, &when);
      daybook_when_clear (&when);
    }
  if (o->how != NULL)
    {
      DaybookContactHow how;

      if (!daybook_contact_how_from_id (o->how, &how))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("“%s” is not a way of contacting the police. Use 999, 101, online, "
                          "in-person or other."),
                       o->how);
          return FALSE;
        }
      daybook_police_contact_set_how (contact, how);
    }
  for (guint f = 0; f < DAYBOOK_CONTACT_N_FIELDS; f++)
    if (o->fields[f] != NULL)
      daybook_police_contact_set_field (contact, f, o->fields[f]);
  for (guint i = 0; o->remove_entries != NULL && o->remove_entries[i] != NULL; i++)
    {
      gint64 number;

      if (!daybook_cli_parse_number (o->remove_entries[i], &number, error))
        return FALSE;
      daybook_police_contact_remove_entry (contact, number);
    }
  for (guint i = 0; o->entries != NULL && o->entries[i] != NULL; i++)
    {
      gint64 number;

      if (!daybook_cli_parse_number (o->entries[i], &number, error))
        return FALSE;
      daybook_police_contact_add_entry (contact, number);
    }
  return daybook_police_contact_validate (contact, error);
}

static void
print_contact (DaybookPoliceContact *contact)
{
  g_autofree char *when = daybook_when_format_display (daybook_police_contact_get_when (contact),
                                                       DAYBOOK_PRECISION_EXACT);
  static const struct
  {
    DaybookContactField field;
    const char *label;
  } rows[] = {
    /* TRANSLATORS: the police force (organisation), not physical force */
    { DAYBOOK_CONTACT_FORCE, N_ ("Force") },       { DAYBOOK_CONTACT_OFFICER, N_ ("Officer") },
    { DAYBOOK_CONTACT_COLLAR, N_ ("Collar no.") }, { DAYBOOK_CONTACT_REFERENCE, N_ ("Reference") },
    { DAYBOOK_CONTACT_REPORTED, N_ ("Reported") }, { DAYBOOK_CONTACT_SAID, N_ ("They said") },
  };
  const char *outcome = daybook_police_contact_get_field (contact, DAYBOOK_CONTACT_OUTCOME);

  g_print ("%" PRId64 "  %s  %s\n", daybook_police_contact_get_id (contact), when,
           daybook_contact_how_get_label (daybook_police_contact_get_how (contact)));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *value = daybook_police_contact_get_field (contact, rows[i].field);

      if (value[0] != '\0')
        g_print ("    %-12s %s\n", _ (rows[i].label), value);
    }
  if (outcome[0] != '\0')
    g_print ("    %-12s %s\n", _ ("Outcome"), daybook_contact_outcome_get_label (outcome));
  if (daybook_police_contact_get_n_entries (contact) > 0)
    {
      g_autoptr (GString) numbers = g_string_new (NULL);

      for (guint i = 0; i < daybook_police_contact_get_n_entries (contact); i++)
        g_string_append_printf (numbers, "%s%" PRId64, i ? ", " : "",
                                daybook_police_contact_get_entry (contact, i));
      g_print ("    %-12s %s\n", _ ("Entries"), numbers->str);
    }
}

static int
contacts_list (DaybookCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL }, { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new ("");
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GListModel) contacts = NULL;
  g_autoptr (JsonArray) array = json_array_new ();
  GError *error = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("contacts takes add, edit N or delete N, or nothing to list."));

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || (contacts = daybook_diary_list_contacts (diary, &error)) == NULL)
    return daybook_cli_fail (error);
  for (guint i = 0; i < g_list_model_get_n_items (contacts); i++)
    {
      g_autoptr (DaybookPoliceContact) contact = g_list_model_get_item (contacts, i);

      if (json)
        json_array_add_element (array, daybook_police_contact_to_json (contact));
      else
        print_contact (contact);
    }
  if (json)
    {
      g_autoptr (JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      daybook_cli_print_json (root);
    }
  else if (g_list_model_get_n_items (contacts) == 0)
    g_print (_ ("No police contacts. Add one with “contacts add --how HOW --reference REF”.\n"));
  return DAYBOOK_EXIT_OK;
}

static int
contacts_save (DaybookCliContext *ctx, int argc, char **argv, gboolean editing)
{
  g_auto (ContactOptions) o = { 0 };
  g_autoptr (GOptionContext) options = contact_option_context (&o, editing ? "N" : "");
  g_autoptr (DaybookPoliceContact) scratch = daybook_police_contact_new ();
  g_autoptr (DaybookPoliceContact) contact = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  GError *error = NULL;
  gint64 id = 0;

  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (editing && argc != 2)
    return daybook_cli_usage (_ ("contacts edit needs one contact number."));
  if (!editing && argc != 1)
    return daybook_cli_usage (_ ("contacts add takes no arguments besides its options."));
  if (editing && !parse_id (argv[1], _ ("a police contact"), &id, &error))
    return daybook_cli_fail (error);
  if (!apply_contact_options (ctx, &o, scratch, &error))
    return daybook_cli_fail (error);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);
  contact = editing ? daybook_diary_get_contact (diary, id, &error) : daybook_police_contact_new ();
  if (contact == NULL || !apply_contact_options (ctx, &o, contact, &error)
      || !daybook_diary_save_contact (diary, contact, &error))
    return daybook_cli_fail (error);

  if (o.json)
    {
      g_autoptr (JsonNode) root = daybook_police_contact_to_json (contact);
      daybook_cli_print_json (root);
    }
  else if (editing)
    g_print (_ ("Police contact %" PRId64 " saved as revision %u.\n"), id,
             daybook_police_contact_get_revision (contact));
  else
    g_print ("%" PRId64 "\n", daybook_police_contact_get_id (contact));
  return DAYBOOK_EXIT_OK;
}

static int
contacts_delete (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) options = g_option_context_new ("N");
  g_autoptr (DaybookDiary) diary = NULL;
  GError *error = NULL;
  gint64 id;

  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc != 2)
    return daybook_cli_usage (_ ("contacts delete needs one contact number."));
  if (!parse_id (argv[1], _ ("a police contact"), &id, &error))
    return daybook_cli_fail (error);
  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || !daybook_diary_delete_contact (diary, id, &error))
    return daybook_cli_fail (error);
  g_print (_ ("Police contact %" PRId64 " deleted. Its history is kept.\n"), id);
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_contacts (DaybookCliContext *ctx, int argc, char **argv)
{
  const char *sub = take_subcommand (&argc, &argv);

  if (sub == NULL || strcmp (sub, "list") == 0)
    return contacts_list (ctx, argc, argv);
  if (strcmp (sub, "add") == 0)
    return contacts_save (ctx, argc, argv, FALSE);
  if (strcmp (sub, "edit") == 0)
    return contacts_save (ctx, argc, argv, TRUE);
  if (strcmp (sub, "delete") == 0)
    return contacts_delete (ctx, argc, argv);
  return daybook_cli_usage (_ ("“%s” is not a contacts command: use add, edit N or delete N."),
                            sub);
}

/* ---- what an entry shows ------------------------------------------------- */

/**
 * daybook_cli_describe_breaches:
 *
 * Adds to @root (an entry's JSON) each breach's term text and whether the
 * term or order was removed, and "reported_in": the police contacts the
 * entry was reported in.
 */
void
daybook_cli_describe_registers (DaybookDiary *diary, DaybookIncident *incident, JsonNode *root)
{
  JsonObject *object = json_node_get_object (root);
  JsonArray *breaches = json_object_has_member (object, "breaches")
                            ? json_object_get_array_member (object, "breaches")
                            : NULL;
  g_autoptr (GArray) contacts = NULL;
  JsonArray *reported = json_array_new ();

  for (guint i = 0; breaches != NULL && i < json_array_get_length (breaches); i++)
    {
      JsonObject *b = json_array_get_object_element (breaches, i);
      g_autoptr (DaybookOrder) order
          = daybook_diary_get_order (diary, json_object_get_int_member (b, "order"), NULL);
      const DaybookOrderTerm *term
          = order != NULL
                ? daybook_order_find_term (order, (guint)json_object_get_int_member (b, "term"))
                : NULL;

      if (order != NULL)
        {
          g_autofree char *title = daybook_order_dup_title (order);

          json_object_set_string_member (b, "order_title", title);
          json_object_set_boolean_member (b, "order_deleted",
                                          daybook_order_get_deleted_at (order) != 0);
        }
      if (term != NULL)
        {
          json_object_set_string_member (b, "term_text", term->text);
          json_object_set_boolean_member (b, "term_removed", term->deleted);
        }
    }

  contacts
      = daybook_diary_list_incident_contacts (diary, daybook_incident_get_number (incident), NULL);
  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    {
      g_autoptr (DaybookPoliceContact) contact
          = daybook_diary_get_contact (diary, g_array_index (contacts, gint64, i), NULL);
      JsonObject *c = json_object_new ();
      g_autofree char *at = NULL;

      if (contact == NULL)
        {
          json_object_unref (c);
          continue;
        }
      at = daybook_when_format_iso (daybook_police_contact_get_when (contact));
      json_object_set_int_member (c, "id", daybook_police_contact_get_id (contact));
      json_object_set_string_member (c, "at", at);
      json_object_set_string_member (
          c, "reference", daybook_police_contact_get_field (contact, DAYBOOK_CONTACT_REFERENCE));
      json_array_add_object_element (reported, c);
    }
  json_object_set_array_member (object, "reported_in", reported);
}

/**
 * daybook_cli_print_registers:
 *
 * Prints the lines `show N` adds for breaches and police contacts.
 */
void
daybook_cli_print_registers (DaybookDiary *diary, DaybookIncident *incident)
{
  g_autoptr (JsonNode) root = daybook_incident_to_json (incident);
  JsonArray *breaches;
  JsonArray *reported;

  daybook_cli_describe_registers (diary, incident, root);
  breaches = json_object_has_member (json_node_get_object (root), "breaches")
                 ? json_object_get_array_member (json_node_get_object (root), "breaches")
                 : NULL;
  reported = json_object_get_array_member (json_node_get_object (root), "reported_in");

  for (guint i = 0; breaches != NULL && i < json_array_get_length (breaches); i++)
    {
      JsonObject *b = json_array_get_object_element (breaches, i);
      const char *title = json_object_get_string_member_with_default (b, "order_title", "?");
      const char *text = json_object_get_string_member_with_default (b, "term_text", "?");
      gboolean removed = json_object_get_boolean_member_with_default (b, "term_removed", FALSE)
                         || json_object_get_boolean_member_with_default (b, "order_deleted", FALSE);

      /* TRANSLATORS: order number, term number, the order's title, the term */
      g_print (_ ("%-14s order %" PRId64 " term %" PRId64 " (%s)%s: %s\n"),
               i == 0 ? _ ("Breach of") : "", json_object_get_int_member (b, "order"),
               json_object_get_int_member (b, "term"), title, removed ? _ (", since removed") : "",
               text);
    }
  for (guint i = 0; reported != NULL && i < json_array_get_length (reported); i++)
    {
      JsonObject *c = json_array_get_object_element (reported, i);

      g_print (_ ("%-14s police contact %" PRId64 " at %s%s%s\n"), i == 0 ? _ ("Reported in") : "",
               json_object_get_int_member (c, "id"), json_object_get_string_member (c, "at"),
               json_object_get_string_member (c, "reference")[0]
                   /* TRANSLATORS: put before a police reference number, after a date */
                   ? _ (", ref. ")
                   : "",
               json_object_get_string_member (c, "reference"));
    }
}
