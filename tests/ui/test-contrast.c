/* test-contrast.c — libadwaita's high-contrast style loses no information
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb with ADW_DEBUG_HIGH_CONTRAST=1, libadwaita 1.2's own
 * switch (read by AdwSettings before the desktop's setting, which Xvfb has
 * no portal or GSettings for), and first proves the style is on:
 * AdwStyleManager reports high contrast and Daybook's style-hc.css is
 * applied (a chip gets its outline).
 *
 * Then every status Daybook shows by colour must also say it in words, and
 * the words must stay readable (WCAG contrast at least 4.5:1 against the
 * window's background):
 *   - the behaviour chips of a timeline row each name their behaviour, the
 *     serious ones (threat, violence, breach) bold as well as red;
 *   - the "Private" badge;
 *   - the passphrase strength meter's words;
 *   - the Save button, highlighted while there are unsaved changes, says
 *     "Not saved" (tooltip and screen reader) and stops saying it once saved.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "daybook-behaviour.h"
#include "daybook-main-view.h"
#include "daybook-ui-test-util.h"
#include "daybook-window.h"

static DaybookApplication *app;

typedef DaybookTestWindowFixture Fixture;

static double
luminance (const GdkRGBA *c)
{
  double v[3] = { c->red, c->green, c->blue };

  for (guint i = 0; i < 3; i++)
    v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/* @fg over @bg (fg's alpha blended in), as WCAG measures it. */
static double
contrast (const GdkRGBA *fg, const GdkRGBA *bg)
{
  GdkRGBA mixed = {
    fg->red * fg->alpha + bg->red * (1 - fg->alpha),
    fg->green * fg->alpha + bg->green * (1 - fg->alpha),
    fg->blue * fg->alpha + bg->blue * (1 - fg->alpha),
    1,
  };
  double a = luminance (&mixed), b = luminance (bg);

  return (MAX (a, b) + 0.05) / (MIN (a, b) + 0.05);
}

static void
assert_readable (GtkWidget *label, const char *what)
{
  GdkRGBA fg, bg;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (label), &fg);
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (label),
                                                 "window_bg_color", &bg));
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_test_message ("%s: contrast %.1f:1", what, contrast (&fg, &bg));
  g_assert_cmpfloat (contrast (&fg, &bg), >=, 4.5);
}

static gboolean
row_shown (gpointer data)
{
  GtkWidget *row = daybook_test_find_type (data, g_type_from_name ("DaybookIncidentRow"));

  return row != NULL && gtk_widget_get_mapped (row);
}

/* The high-contrast style is on: libadwaita says so, and Daybook's
 * style-hc.css is applied: a chip is outlined (1 px each side besides its
 * 8 px of padding, which is all it has without high contrast). */
static void
assert_high_contrast (GtkWidget *chip)
{
  graphene_rect_t box;

  g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
  if (chip == NULL)
    return;
  /* Border box less content box: padding and border, both sides. */
  g_assert_true (gtk_widget_compute_bounds (chip, chip, &box));
  g_test_message ("chip: %.0f px around its text", box.size.width - gtk_widget_get_width (chip));
  g_assert_cmpfloat (box.size.width - gtk_widget_get_width (chip), >=, 2 * 8 + 2 * 1);
}

static gboolean
is_bold (GtkWidget *label)
{
  const PangoFontDescription *font
      = pango_context_get_font_description (gtk_widget_get_pango_context (label));

  return pango_font_description_get_weight (font) >= PANGO_WEIGHT_BOLD;
}

static void
test_timeline (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GTimeZone) zone = daybook_time_zone_lookup ("Europe/London");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) chips = g_ptr_array_new ();
  DaybookBehaviour types
      = DAYBOOK_BEHAVIOUR_LOITERING | DAYBOOK_BEHAVIOUR_THREAT | DAYBOOK_BEHAVIOUR_VIOLENCE;
  DaybookWhen start = { 0 };
  GtkWidget *timeline, *row, *badge;
  guint serious = 0;

  g_assert_true (daybook_when_parse ("2026-12-01 21:40", zone, &start, NULL, &error));
  daybook_incident_set_title (incident, "At the door");
  daybook_incident_set_start (incident, &start);
  daybook_incident_set_types (incident, types);
  daybook_incident_set_private (incident, TRUE);
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_no_error (error);
  daybook_when_clear (&start);

  f->window = daybook_test_window_new (app, f->dir);
  daybook_test_window_unlocked (f->window, f->diary);
  assert_high_contrast (NULL);
  timeline = daybook_test_main_page (f->window, "timeline");
  daybook_test_wait_for (row_shown, timeline, "the timeline's row");
  row = daybook_test_find_type (timeline, g_type_from_name ("DaybookIncidentRow"));

  /* Each behaviour in words, in its chip. */
  daybook_test_collect_type (row, GTK_TYPE_WIDGET, chips);
  for (guint i = 0; i < chips->len; i++)
    if (!gtk_widget_has_css_class (chips->pdata[i], "daybook-chip"))
      g_ptr_array_remove_index (chips, i--);
  g_assert_cmpuint (chips->len, ==, 3);
  for (guint i = 0, k = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    {
      DaybookBehaviour b = daybook_behaviour_nth (i);
      GtkWidget *chip;

      if ((types & b) == 0)
        continue;
      chip = chips->pdata[k++];
      g_assert_true (GTK_IS_LABEL (chip));
      g_assert_true (gtk_widget_get_mapped (chip));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (chip)), ==, daybook_behaviour_get_label (b));
      assert_readable (chip, daybook_behaviour_get_label (b));
      assert_high_contrast (chip);
      /* The serious ones differ by more than colour. */
      if (b == DAYBOOK_BEHAVIOUR_THREAT || b == DAYBOOK_BEHAVIOUR_VIOLENCE)
        {
          g_assert_true (is_bold (chip));
          serious++;
        }
      else
        g_assert_false (is_bold (chip));
    }
  g_assert_cmpuint (serious, ==, 2);

  badge = daybook_test_find_css (row, "daybook-badge");
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_mapped (badge));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "Private");
  assert_readable (badge, "Private badge");
}

static void
test_strength_meter (Fixture *f, gconstpointer data)
{
  g_autofree char *fresh = g_build_filename (f->dir, "..", "fresh", NULL);
  GtkWidget *create, *words;

  f->window = daybook_test_window_new (app, fresh);
  assert_high_contrast (NULL);
  create = daybook_window_get_page (f->window, "create");
  words = daybook_test_need (create, "strength_label");
  for (guint i = 0; i < 2; i++)
    {
      daybook_test_set_text (create, "passphrase_entry",
                             i == 0 ? "password" : "purple otter climbs seven ladders");
      daybook_test_spin (50);
      g_test_message ("meter: %s", gtk_label_get_text (GTK_LABEL (words)));
      g_assert_true (gtk_widget_get_visible (words)); /* on the form behind "Create a Diary" */
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (words)), !=, "");
      assert_readable (words, "strength words");
    }
}

static void
test_unsaved (Fixture *f, gconstpointer data)
{
  DaybookMainView *view;
  GtkWidget *editor, *save;
  const char *tip;

  f->window = daybook_test_window_new (app, f->dir);
  daybook_test_window_unlocked (f->window, f->diary);
  assert_high_contrast (NULL);
  view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-incident", NULL);
  daybook_test_spin (200);
  editor = daybook_main_view_get_page (view, "editor");
  save = daybook_test_need (editor, "save_button");
  daybook_test_set_text (editor, "title_row", "Parked outside");
  daybook_test_spin (50);
  g_assert_true (gtk_widget_has_css_class (save, "suggested-action"));
  tip = gtk_widget_get_tooltip_text (save);
  g_assert_nonnull (tip);
  g_assert_nonnull (strstr (tip, "Not saved"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (save), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Not saved");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  daybook_test_spin (300);
  g_assert_false (gtk_widget_has_css_class (save, "suggested-action"));
  tip = gtk_widget_get_tooltip_text (save);
  g_assert_true (tip == NULL || strstr (tip, "Not saved") == NULL);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_setenv ("TZ", "Europe/London", TRUE);
  /* libadwaita 1.2's switch for its high-contrast style. */
  g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  app = daybook_test_application_new ();

  g_test_add ("/ui/contrast/timeline", Fixture, NULL, daybook_test_window_fixture_setup,
              test_timeline, daybook_test_window_fixture_teardown);
  g_test_add ("/ui/contrast/strength-meter", Fixture, NULL, daybook_test_window_fixture_setup,
              test_strength_meter, daybook_test_window_fixture_teardown);
  g_test_add ("/ui/contrast/unsaved", Fixture, NULL, daybook_test_window_fixture_setup,
              test_unsaved, daybook_test_window_fixture_teardown);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
