/* daybook-overview-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-overview-page"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "daybook-page.h"
#include "daybook-registers.h"
#include "daybook-ui-format.h"
#include "daybook-ui-util.h"
#include "report/daybook-conduct.h"

#include "daybook-overview-page.h"

/*
 * The course of conduct, live: what the report's summary prints, drawn
 * for the victim and their advocate without exporting anything. The
 * figures come from the core (daybook_diary_compute_conduct_async(), in a
 * worker thread), computed again a moment after the diary changes while
 * the page is shown, or when it is shown next. Every fact carries its
 * entries: a button lists them, and each opens its entry. Facts only;
 * never a risk score or level (the page says so, in the core's words).
 */

/* More than this many entries behind one fact are listed by number only. */
#define MAX_ENTRY_BUTTONS 120

struct _DaybookOverviewPage
{
  GtkWidget parent_instance;

  GtkSpinner *spinner;
  AdwActionRow *private_row;
  GtkSwitch *private_switch;
  GtkLabel *summary_label;
  GtkWidget *chart_box;
  GtkDrawingArea *chart;
  GtkBox *groups_box;

  DaybookDiary *diary;
  DaybookConduct *conduct;
  GCancellable *cancellable;
  int stale;     /* atomic: the diary changed since the last count */
  int scheduled; /* atomic: a refresh is queued on the main thread */
};

static void daybook_overview_page_iface_init (DaybookPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookOverviewPage, daybook_overview_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (DAYBOOK_TYPE_PAGE,
                                                      daybook_overview_page_iface_init))

enum
{
  OPEN_INCIDENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static char *
format_day (const GDate *date)
{
  g_autoptr (GDateTime) dt = NULL;

  if (!g_date_valid (date))
    return g_strdup ("");
  dt = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date),
                            0, 0, 0);
  /* TRANSLATORS: a day in the overview, strftime format */
  return daybook_format_date_time (dt, _ ("%-d %B %Y"));
}

static char *
format_week (const GDate *monday)
{
  g_autoptr (GDateTime) dt = NULL;

  if (!g_date_valid (monday))
    return g_strdup ("");
  dt = g_date_time_new_utc (g_date_get_year (monday), g_date_get_month (monday),
                            g_date_get_day (monday), 0, 0, 0);
  /* TRANSLATORS: a week's Monday under the chart, strftime format */
  return daybook_format_date_time (dt, _ ("%-d %b"));
}

static void
week_date (DaybookOverviewPage *self, guint week, GDate *out)
{
  *out = self->conduct->first_week;
  g_date_add_days (out, week * 7);
}

static void
clear_groups (DaybookOverviewPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

/* A button "3 entries" whose popover lists them, each opening its entry. */
static GtkWidget *
entries_button (GArray *numbers)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *flow = gtk_flow_box_new ();
  g_autofree char *label = NULL;
  g_autofree char *listed = daybook_conduct_format_numbers (numbers);
  g_autofree char *description = NULL;

  label = g_strdup_printf (ngettext ("%u entry", "%u entries", numbers->len), numbers->len);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* TRANSLATORS: the entry numbers behind a fact, for screen readers */
  description = g_strdup_printf (_ ("Entries %s"), listed);
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 8);
  gtk_widget_set_size_request (flow, 280, -1);
  for (guint i = 0; i < numbers->len && i < MAX_ENTRY_BUTTONS; i++)
    {
      gint64 number = g_array_index (numbers, gint64, i);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      /* TRANSLATORS: a button opening entry %s */
      g_autofree char *name = g_strdup_printf (_ ("Open entry %s"), text);
      GtkWidget *entry = gtk_button_new_with_label (text);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (entry), "overview.open-entry");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (entry), "x", number);
      gtk_widget_set_tooltip_text (entry, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), entry);
    }
  if (numbers->len > MAX_ENTRY_BUTTONS)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *all = gtk_label_new (listed);

      gtk_label_set_wrap (GTK_LABEL (all), TRUE);
      gtk_label_set_selectable (GTK_LABEL (all), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (all), 40);
      gtk_box_append (GTK_BOX (box), flow);
      gtk_box_append (GTK_BOX (box), all);
      gtk_popover_set_child (GTK_POPOVER (popover), box);
    }
  else
    gtk_popover_set_child (GTK_POPOVER (popover), flow);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  return button;
}

static GtkWidget *
group_new (DaybookOverviewPage *self, const char *name, const char *title, const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  gtk_widget_set_name (group, name);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->groups_box, group);
  return group;
}

/* A row: its title, what it says, and its entries (or a count alone). */
static GtkWidget *
fact_row (GtkWidget *group, const char *name, const char *title, const char *subtitle,
          GArray *numbers, const char *count)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (numbers != NULL && numbers->len > 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), entries_button (numbers));
  else if (count != NULL)
    {
      GtkWidget *label = gtk_label_new (count);

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
add_behaviours (DaybookOverviewPage *self)
{
  GtkWidget *group
      = group_new (self, "behaviours", _ ("Behaviours Associated with Stalking"),
                   _ ("The behaviours the Protection from Harassment Act 1997, section 2A(3), "
                      "gives as examples of stalking (England and Wales). Each kind of behaviour "
                      "you mark on an entry counts under one of them."));
  guint shown = 0;

  for (guint g = 0; g < DAYBOOK_CONDUCT_N_GROUPS; g++)
    {
      GArray *numbers = self->conduct->groups[g];
      g_autofree char *name = g_strdup_printf ("group-%u", g);

      if (numbers == NULL || numbers->len == 0)
        continue;
      fact_row (group, name, daybook_conduct_group_get_label (g), daybook_conduct_group_get_law (g),
                numbers, NULL);
      shown++;
    }
  if (shown == 0)
    fact_row (group, "group-none", _ ("No kinds of behaviour are marked on these entries."), NULL,
              NULL, NULL);
}

static void
add_four (DaybookOverviewPage *self)
{
  GtkWidget *group = group_new (
      self, "four", _ ("Fixated, Obsessive, Unwanted, Repeated"),
      _ ("Facts from the entries under each heading police use to recognise stalking. Daybook "
         "does not say whether a heading is met."));

  for (guint h = 0; h < DAYBOOK_FOUR_N; h++)
    {
      GPtrArray *facts = self->conduct->four[h];

      for (guint i = 0; facts != NULL && i < facts->len; i++)
        {
          DaybookConductFact *fact = g_ptr_array_index (facts, i);
          g_autofree char *name = g_strdup_printf ("four-%u-%u", h, i);
          /* TRANSLATORS: a FOUR heading (Fixated…), then a fact's title */
          g_autofree char *title
              = g_strdup_printf (_ ("%s: %s"), daybook_four_get_label (h), fact->label);

          fact_row (group, name, title, fact->text, fact->numbers, NULL);
        }
    }
}

static void
add_screening (DaybookOverviewPage *self)
{
  GtkWidget *group = group_new (self, "screening", _ ("Facts an Officer Screening Risk Asks About"),
                                daybook_conduct_get_no_score_sentence ());

  for (guint s = 0; s < DAYBOOK_SCREENING_N; s++)
    {
      DaybookConductFact *fact = &self->conduct->screening[s];
      g_autofree char *name = g_strdup_printf ("screening-%u", s);

      /* TRANSLATORS: nothing is recorded for this fact */
      fact_row (group, name, fact->label, fact->text, fact->numbers, _ ("None"));
    }
}

static void
add_types (DaybookOverviewPage *self)
{
  GtkWidget *group = group_new (self, "types", _ ("Kinds of Behaviour"),
                                _ ("An entry can record more than one kind of behaviour."));

  for (guint t = 0; t < DAYBOOK_N_BEHAVIOURS; t++)
    {
      guint count = self->conduct->type_counts[t];
      g_autofree char *name = g_strdup_printf ("type-%u", t);
      g_autofree char *text = NULL;

      if (count == 0)
        continue;
      text = g_strdup_printf (ngettext ("%u entry", "%u entries", count), count);
      fact_row (group, name, daybook_behaviour_get_label (daybook_behaviour_nth (t)), NULL, NULL,
                text);
    }
}

static void
add_people (DaybookOverviewPage *self)
{
  GPtrArray *people = self->conduct->people;
  GtkWidget *group;

  if (people == NULL || people->len == 0)
    return;
  group = group_new (self, "people", _ ("People Named"), NULL);
  for (guint i = 0; i < people->len; i++)
    {
      DaybookConductPerson *person = g_ptr_array_index (people, i);
      g_autoptr (GString) roles = g_string_new (NULL);
      g_autofree char *name = g_strdup_printf ("person-%u", i);
      g_autofree char *text
          = g_strdup_printf (ngettext ("%u entry", "%u entries", person->count), person->count);

      for (guint r = 0; r <= DAYBOOK_ROLE_OTHER; r++)
        if (person->roles & (1u << r))
          g_string_append_printf (roles, "%s%s", roles->len > 0 ? ", " : "",
                                  daybook_role_get_label (r));
      fact_row (group, name, person->name, roles->str, NULL, text);
    }
}

static void
add_places (DaybookOverviewPage *self)
{
  GPtrArray *places = self->conduct->places;
  GtkWidget *group;

  if (places == NULL || places->len == 0)
    return;
  group = group_new (self, "places", _ ("Places Written on More Than One Entry"), NULL);
  for (guint i = 0; i < places->len; i++)
    {
      DaybookConductPlace *place = g_ptr_array_index (places, i);
      g_autofree char *name = g_strdup_printf ("place-%u", i);

      fact_row (group, name, place->location, NULL, place->numbers, NULL);
    }
}

static gboolean
is_private (DaybookOverviewPage *self, gint64 number, GHashTable *cache)
{
  gpointer known;

  if (!g_hash_table_lookup_extended (cache, &number, NULL, &known))
    {
      g_autoptr (DaybookIncident) incident = daybook_diary_get_incident (self->diary, number, NULL);

      known = GINT_TO_POINTER (incident == NULL || daybook_incident_get_private (incident));
      g_hash_table_insert (cache, g_memdup2 (&number, sizeof number), known);
    }
  return GPOINTER_TO_INT (known);
}

/* Per order and term, the entries marked as a possible breach of it, left
 * out private ones as the rest of the page does. */
static void
add_breaches (DaybookOverviewPage *self)
{
  g_autoptr (GListModel) orders = daybook_diary_list_orders (self->diary, NULL);
  g_autoptr (GArray) marks = daybook_diary_list_breaches (self->diary, NULL);
  g_autoptr (GHashTable) private_cache
      = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gboolean include_private = gtk_switch_get_active (self->private_switch);
  GtkWidget *group;
  guint shown = 0;

  if ((orders == NULL || g_list_model_get_n_items (orders) == 0)
      && (marks == NULL || marks->len == 0))
    return;
  group = group_new (self, "breaches", _ ("Possible Breaches of Orders"),
                     _ ("Entries you marked as possible breaches, per term. Only a court decides "
                        "whether a term was breached."));
  for (guint i = 0; marks != NULL && i < marks->len;)
    {
      const DaybookBreachMark *first = &g_array_index (marks, DaybookBreachMark, i);
      g_autoptr (GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr (DaybookOrder) order = NULL;
      const DaybookOrderTerm *term = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *name = NULL;
      guint j = i;

      for (; j < marks->len; j++)
        {
          const DaybookBreachMark *mark = &g_array_index (marks, DaybookBreachMark, j);

          if (mark->order_id != first->order_id || mark->term != first->term)
            break;
          if (include_private || !is_private (self, mark->number, private_cache))
            g_array_append_val (numbers, mark->number);
        }
      order = daybook_diary_get_order (self->diary, first->order_id, NULL);
      if (order != NULL)
        term = daybook_order_find_term (order, first->term);
      if (numbers->len > 0)
        {
          title = order != NULL ? daybook_order_dup_title (order)
                                /* TRANSLATORS: an order that cannot be read; %d its number */
                                : g_strdup_printf (_ ("Order %d"), (int)first->order_id);
          if (term != NULL && term->deleted)
            /* TRANSLATORS: a term's number and text; the term was removed from the order */
            subtitle = g_strdup_printf (_ ("Term %u (removed): %s"), term->number, term->text);
          else if (term != NULL)
            /* TRANSLATORS: a term's number and text */
            subtitle = g_strdup_printf (_ ("Term %u: %s"), term->number, term->text);
          else
            subtitle = g_strdup_printf (_ ("Term %u"), first->term);
          name = g_strdup_printf ("breach-%" G_GINT64_FORMAT "-%u", first->order_id, first->term);
          fact_row (group, name, title, subtitle, numbers, NULL);
          shown++;
        }
      i = j;
    }
  if (shown == 0)
    fact_row (group, "breach-none", _ ("No entry is marked as a possible breach."),
              _ ("Mark one in the entry’s editor, under Orders and Police."), NULL, NULL);
}

static void
update_summary (DaybookOverviewPage *self)
{
  DaybookConduct *c = self->conduct;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *private_text = NULL;

  if (c != NULL && c->n_private_left_out > 0)
    private_text
        = g_strdup_printf (ngettext ("%u private entry is left out.",
                                     "%u private entries are left out.", c->n_private_left_out),
                           c->n_private_left_out);
  adw_action_row_set_subtitle (self->private_row, private_text != NULL ? private_text : "");

  if (c == NULL)
    {
      gtk_label_set_text (self->summary_label, "");
      return;
    }
  if (c->n_entries == 0)
    {
      gtk_label_set_text (self->summary_label, _ ("No entries yet. The overview fills in as you "
                                                  "write entries down."));
      return;
    }
  {
    g_autofree char *first = format_day (&c->first_week);
    GDate last_week;
    g_autofree char *last = NULL;
    g_autofree char *run_from = format_day (&c->longest_run_from);

    week_date (self, c->weeks->len - 1, &last_week);
    last = format_day (&last_week);
    g_string_append_printf (text, ngettext ("%u entry", "%u entries", c->n_entries), c->n_entries);
    g_string_append (text, ", ");
    g_string_append_printf (text, ngettext ("on %u day", "on %u different days", c->n_days),
                            c->n_days);
    g_string_append (text, ", ");
    /* TRANSLATORS: two Mondays */
    g_string_append_printf (text, _ ("from the week of %s to the week of %s."), first, last);
    g_string_append (text, " ");
    g_string_append_printf (text,
                            ngettext ("The longest run of weeks in a row with an entry: %u "
                                      "week, from %s.",
                                      "The longest run of weeks in a row with an entry: %u "
                                      "weeks, from %s.",
                                      c->longest_run),
                            c->longest_run, run_from);
    g_string_append (text, " ");
    g_string_append_printf (text,
                            ngettext ("%u kind of behaviour is recorded.",
                                      "%u kinds of behaviour are recorded.", c->n_kinds),
                            c->n_kinds);
  }
  gtk_label_set_text (self->summary_label, text->str);
}

/* The chart's description for screen readers: what a sighted reader sees. */
static void
describe_chart (DaybookOverviewPage *self)
{
  DaybookConduct *c = self->conduct;
  g_autofree char *text = NULL;
  guint busiest = 0, max = 0;

  if (c == NULL || c->n_entries == 0 || c->weeks == NULL || c->weeks->len == 0)
    text = g_strdup (_ ("No entries to draw."));
  else
    {
      g_autofree char *first = format_day (&c->first_week);
      g_autofree char *top = NULL;
      GDate top_week;

      for (guint i = 0; i < c->weeks->len; i++)
        if (g_array_index (c->weeks, guint, i) > max)
          {
            max = g_array_index (c->weeks, guint, i);
            busiest = i;
          }
      week_date (self, busiest, &top_week);
      top = format_day (&top_week);
      text = g_strdup_printf (
          /* TRANSLATORS: a bar chart's description for screen readers */
          ngettext ("Bar chart of entries per week over %u weeks from the week of %s. The busiest "
                    "week, from %s, has %u entry.",
                    "Bar chart of entries per week over %u weeks from the week of %s. The busiest "
                    "week, from %s, has %u entries.",
                    max),
          c->weeks->len, first, top, max);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Incidents per week"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->chart), text);
}

static void
rebuild (DaybookOverviewPage *self)
{
  clear_groups (self);
  update_summary (self);
  describe_chart (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
  gtk_widget_set_visible (self->chart_box, self->conduct != NULL && self->conduct->n_entries > 0);
  if (self->conduct == NULL || self->diary == NULL)
    return;
  add_screening (self);
  add_behaviours (self);
  add_breaches (self);
  add_four (self);
  add_types (self);
  add_people (self);
  add_places (self);
}

/* The chart, drawn as on the report: bars, a scale, a few week labels. */

static double
nice_step (guint max)
{
  double raw = max / 4.0, magnitude, residual;

  if (raw <= 1)
    return 1;
  magnitude = pow (10, floor (log10 (raw)));
  residual = raw / magnitude;
  return magnitude * (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10);
}

static void
show_text (GtkWidget *widget, cairo_t *cr, const char *text, double x, double y, double width,
           PangoAlignment align)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_alignment (layout, align);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_chart_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  DaybookOverviewPage *self = data;
  DaybookConduct *c = self->conduct;
  GtkWidget *widget = GTK_WIDGET (area);
  GdkRGBA fg, bar;
  gboolean high_contrast;
  double faint;
  double axis_w = 32, axis_h = 18, plot_x = axis_w, plot_w = width - axis_w - 4;
  double plot_h = height - axis_h - 14, base = plot_h + 12, bar_w, step;
  guint n, max = 1, every;

  if (c == NULL || c->weeks == NULL || c->weeks->len == 0 || plot_w <= 0)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  /* The style's own accent (darker in high contrast), not a fixed blue. */
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_bg_color",
                                       &bar))
    gdk_rgba_parse (&bar, "#3584e4");
  G_GNUC_END_IGNORE_DEPRECATIONS
  /* In high contrast the scale and counts at full strength, bars outlined. */
  high_contrast = adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
  faint = high_contrast ? 1.0 : 0.7;
  n = c->weeks->len;
  bar_w = plot_w / n;
  for (guint i = 0; i < n; i++)
    max = MAX (max, g_array_index (c->weeks, guint, i));
  step = nice_step (max);
  max = (guint)(ceil (max / step) * step);

  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= max; v += step)
    {
      double gy = floor (base - plot_h * v / max) + 0.5;
      g_autofree char *label = g_strdup_printf ("%.0f", v);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
      cairo_move_to (cr, plot_x, gy);
      cairo_line_to (cr, plot_x + plot_w, gy);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, faint);
      show_text (widget, cr, label, 0, gy - 7, axis_w - 6, PANGO_ALIGN_RIGHT);
    }
  for (guint i = 0; i < n; i++)
    {
      guint count = g_array_index (c->weeks, guint, i);
      double h = plot_h * count / max;
      double gap = bar_w > 6 ? bar_w * 0.18 : 0.3;

      gdk_cairo_set_source_rgba (cr, &bar);
      cairo_rectangle (cr, plot_x + i * bar_w + gap / 2, base - h, bar_w - gap, h);
      if (high_contrast && h > 0)
        {
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 1.0);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
      if (count > 0 && bar_w >= 16)
        {
          g_autofree char *label = g_strdup_printf ("%u", count);

          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
          show_text (widget, cr, label, plot_x + i * bar_w, base - h - 13, bar_w,
                     PANGO_ALIGN_CENTER);
        }
    }
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
  cairo_move_to (cr, plot_x, floor (base) + 0.5);
  cairo_line_to (cr, plot_x + plot_w, floor (base) + 0.5);
  cairo_stroke (cr);

  /* Labels no closer than about 70 pixels, so they never overlap. */
  every = MAX (1, (guint)ceil (70 / bar_w));
  for (guint i = 0; i < n; i += every)
    {
      GDate monday;
      g_autofree char *label = NULL;
      double cx = plot_x + (i + 0.5) * bar_w;

      week_date (self, i, &monday);
      label = format_week (&monday);
      show_text (widget, cr, label, cx - 35, base + 3, 70, PANGO_ALIGN_CENTER);
    }
}

/* Counting */

static void
set_busy (DaybookOverviewPage *self, gboolean busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static void
conduct_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookOverviewPage) self = user_data;
  g_autoptr (GError) error = NULL;
  DaybookConduct *conduct;

  conduct = daybook_diary_compute_conduct_finish (DAYBOOK_DIARY (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || (gpointer)source != (gpointer)self->diary)
    {
      g_clear_pointer (&conduct, daybook_conduct_free);
      return;
    }
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  g_clear_pointer (&self->conduct, daybook_conduct_free);
  self->conduct = conduct;
  rebuild (self);
  if (conduct == NULL)
    gtk_label_set_text (self->summary_label, error->message);
}

/**
 * daybook_overview_page_refresh:
 *
 * Counts again, in a worker thread, what the diary holds now.
 */
void
daybook_overview_page_refresh (DaybookOverviewPage *self)
{
  g_autoptr (DaybookQuery) query = NULL;

  g_return_if_fail (DAYBOOK_IS_OVERVIEW_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->diary == NULL)
    return;
  g_atomic_int_set (&self->stale, FALSE);
  query = daybook_query_new ();
  query->include_private = gtk_switch_get_active (self->private_switch);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  daybook_diary_compute_conduct_async (self->diary, query, NULL, self->cancellable, conduct_done_cb,
                                       g_object_ref (self));
}

/* Whether a count is under way (for tests and the spinner). */
gboolean
daybook_overview_page_is_busy (DaybookOverviewPage *self)
{
  g_return_val_if_fail (DAYBOOK_IS_OVERVIEW_PAGE (self), FALSE);

  return self->cancellable != NULL || g_atomic_int_get (&self->scheduled)
         || (self->diary != NULL && self->conduct == NULL);
}

static gboolean
changed_idle (gpointer data)
{
  DaybookOverviewPage *self = data;

  g_atomic_int_set (&self->scheduled, FALSE);
  if (self->diary != NULL && gtk_widget_get_mapped (GTK_WIDGET (self))
      && g_atomic_int_get (&self->stale))
    daybook_overview_page_refresh (self);
  return G_SOURCE_REMOVE;
}

/* Any thread: a flag, and a refresh queued on the main thread. */
static void
diary_changed_cb (DaybookOverviewPage *self)
{
  g_atomic_int_set (&self->stale, TRUE);
  if (g_atomic_int_compare_and_exchange (&self->scheduled, FALSE, TRUE))
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, changed_idle, g_object_ref (self), g_object_unref);
}

static void
private_switch_cb (DaybookOverviewPage *self)
{
  daybook_overview_page_refresh (self);
}

static void
open_entry_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookOverviewPage *self = DAYBOOK_OVERVIEW_PAGE (widget);

  g_signal_emit (self, signals[OPEN_INCIDENT], 0, g_variant_get_int64 (param));
}

/* Overrides */

static void
daybook_overview_page_map (GtkWidget *widget)
{
  DaybookOverviewPage *self = DAYBOOK_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (daybook_overview_page_parent_class)->map (widget);
  if (self->diary != NULL && (g_atomic_int_get (&self->stale) || self->conduct == NULL)
      && self->cancellable == NULL)
    daybook_overview_page_refresh (self);
}

static void
daybook_overview_page_dispose (GObject *object)
{
  DaybookOverviewPage *self = DAYBOOK_OVERVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->diary != NULL)
    g_signal_handlers_disconnect_by_func (self->diary, diary_changed_cb, self);
  g_clear_object (&self->diary);
  g_clear_pointer (&self->conduct, daybook_conduct_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_OVERVIEW_PAGE);
  daybook_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (daybook_overview_page_parent_class)->dispose (object);
}

static void
daybook_overview_page_class_init (DaybookOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_overview_page_dispose;
  widget_class->map = daybook_overview_page_map;
  daybook_page_class_install_properties (object_class);

  /**
   * DaybookOverviewPage::open-incident:
   * @number: the entry to open
   */
  signals[OPEN_INCIDENT]
      = g_signal_new ("open-incident", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookOverviewPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DaybookOverviewPage, private_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookOverviewPage, private_switch);
  gtk_widget_class_bind_template_child (widget_class, DaybookOverviewPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookOverviewPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, DaybookOverviewPage, chart);
  gtk_widget_class_bind_template_child (widget_class, DaybookOverviewPage, groups_box);

  gtk_widget_class_install_action (widget_class, "overview.open-entry", "x", open_entry_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_overview_page_init (DaybookOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->chart, draw_chart_cb, self, NULL);
  g_signal_connect_object (self->private_switch, "notify::active", G_CALLBACK (private_switch_cb),
                           self, G_CONNECT_SWAPPED);
  set_busy (self, FALSE);
  rebuild (self);
}

static void
daybook_overview_page_set_diary (DaybookPage *page, DaybookDiary *diary)
{
  DaybookOverviewPage *self = DAYBOOK_OVERVIEW_PAGE (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (self->diary != NULL)
    g_signal_handlers_disconnect_by_func (self->diary, diary_changed_cb, self);
  g_set_object (&self->diary, diary);
  g_clear_pointer (&self->conduct, daybook_conduct_free);
  /* Private entries are left out again for the next diary. */
  g_signal_handlers_block_by_func (self->private_switch, private_switch_cb, self);
  gtk_switch_set_active (self->private_switch, FALSE);
  g_signal_handlers_unblock_by_func (self->private_switch, private_switch_cb, self);
  if (diary != NULL)
    g_signal_connect_object (diary, "changed", G_CALLBACK (diary_changed_cb), self,
                             G_CONNECT_SWAPPED);
  rebuild (self);
  if (diary != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    daybook_overview_page_refresh (self);
}

static void
daybook_overview_page_iface_init (DaybookPageInterface *iface)
{
  iface->set_diary = daybook_overview_page_set_diary;
}
