/* daybook-case-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-page.h"
#include "daybook-ui-util.h"

#include "daybook-case-page.h"

/* The case details, kept as settings inside the encrypted diary. */

typedef struct
{
  const char *key;
  const char *group;
  const char *label;
  gboolean multiline;
} CaseField;

static const CaseField fields[] = {
  /* TRANSLATORS: a heading: the diary owner's own details */
  { DAYBOOK_SETTING_OWNER_NAME, N_ ("You"), N_ ("Your name"), FALSE },
  { DAYBOOK_SETTING_OWNER_INITIALS, NULL, N_ ("Your initials, for exhibit marks (AB/1)"), FALSE },
  { DAYBOOK_SETTING_CASE_REF, N_ ("References"), N_ ("Case reference"), FALSE },
  { DAYBOOK_SETTING_CRIME_REF, NULL, N_ ("Crime reference"), FALSE },
  { DAYBOOK_SETTING_POLICE_FORCE, NULL, N_ ("Police force"), FALSE },
  { DAYBOOK_SETTING_ORDERS, N_ ("Orders in Force"),
    N_ ("Each order: its type, the date it was made, and its conditions"), TRUE },
  { DAYBOOK_SETTING_ADVOCATE, N_ ("Advocate"),
    N_ ("Your advocate or caseworker: name, organisation, how to reach them"), TRUE },
};

#define N_FIELDS G_N_ELEMENTS (fields)

struct _DaybookCasePage
{
  GtkWidget parent_instance;

  GtkBox *groups_box;
  GtkWidget *save_button;
  GtkWidget *widgets[N_FIELDS]; /* AdwEntryRow or GtkTextView */

  DaybookDiary *diary;
  gboolean dirty;
  gboolean loading;
};

static void daybook_case_page_iface_init (DaybookPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookCasePage, daybook_case_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (DAYBOOK_TYPE_PAGE,
                                                      daybook_case_page_iface_init))

static void
set_dirty (DaybookCasePage *self, gboolean dirty)
{
  self->dirty = dirty;
  daybook_save_button_set_unsaved (self->save_button, dirty);
}

static void
mark_dirty (DaybookCasePage *self)
{
  if (!self->loading && self->diary != NULL)
    set_dirty (self, TRUE);
}

static void
fill (DaybookCasePage *self)
{
  self->loading = TRUE;
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *value = NULL;

      if (self->diary != NULL)
        value = daybook_diary_dup_setting (self->diary, fields[i].key);
      if (fields[i].multiline)
        daybook_text_view_set_text (GTK_TEXT_VIEW (self->widgets[i]), value);
      else
        gtk_editable_set_text (GTK_EDITABLE (self->widgets[i]), value != NULL ? value : "");
    }
  set_dirty (self, FALSE);
  self->loading = FALSE;
}

static GtkWidget *
build_text_view (DaybookCasePage *self, AdwPreferencesGroup *group, const char *label_text)
{
  GtkWidget *label = gtk_label_new (label_text);
  GtkWidget *view = gtk_text_view_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_input_hints (GTK_TEXT_VIEW (view), GTK_INPUT_HINT_PRIVATE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_widget_set_size_request (view, -1, 90);
  gtk_widget_add_css_class (view, "card");
  gtk_widget_add_css_class (view, "daybook-text");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label,
                                  NULL, -1);
  adw_preferences_group_add (group, label);
  adw_preferences_group_add (group, view);
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                           G_CALLBACK (mark_dirty), self, G_CONNECT_SWAPPED);
  return view;
}

static void
build_fields (DaybookCasePage *self)
{
  AdwPreferencesGroup *group = NULL;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (fields[i].group != NULL)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, _ (fields[i].group));
          gtk_box_append (self->groups_box, GTK_WIDGET (group));
        }

      if (fields[i].multiline)
        self->widgets[i] = build_text_view (self, group, _ (fields[i].label));
      else
        {
          GtkWidget *row = adw_entry_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ (fields[i].label));
          adw_entry_row_set_input_hints (ADW_ENTRY_ROW (row), GTK_INPUT_HINT_PRIVATE);
          adw_preferences_group_add (group, row);
          g_signal_connect_object (row, "changed", G_CALLBACK (mark_dirty), self,
                                   G_CONNECT_SWAPPED);
          self->widgets[i] = row;
        }
    }
}

static void
daybook_case_page_dispose (GObject *object)
{
  DaybookCasePage *self = DAYBOOK_CASE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_CASE_PAGE);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->diary);

  G_OBJECT_CLASS (daybook_case_page_parent_class)->dispose (object);
}

static void
daybook_case_page_class_init (DaybookCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_case_page_dispose;
  daybook_page_class_install_properties (object_class);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookCasePage, groups_box);
  gtk_widget_class_bind_template_child (widget_class, DaybookCasePage, save_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_case_page_init (DaybookCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_fields (self);
}

static void
daybook_case_page_set_diary (DaybookPage *page, DaybookDiary *diary)
{
  DaybookCasePage *self = DAYBOOK_CASE_PAGE (page);

  g_set_object (&self->diary, diary);
  fill (self);
}

static gboolean
daybook_case_page_save (DaybookPage *page, gboolean force, GError **error)
{
  DaybookCasePage *self = DAYBOOK_CASE_PAGE (page);
  const char *keys[N_FIELDS + 1] = {
    NULL,
  };
  char *texts[N_FIELDS] = {
    NULL,
  };
  const char *values[N_FIELDS + 1] = {
    NULL,
  };

  if (!self->dirty || self->diary == NULL)
    return TRUE;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      keys[i] = fields[i].key;
      if (fields[i].multiline)
        texts[i] = daybook_text_view_dup_text (GTK_TEXT_VIEW (self->widgets[i]));
      else
        texts[i] = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->widgets[i])));
      values[i] = texts[i];
    }

  if (!daybook_diary_set_settings (self->diary, keys, values, error))
    {
      for (guint i = 0; i < N_FIELDS; i++)
        g_free (texts[i]);
      return FALSE;
    }

  for (guint i = 0; i < N_FIELDS; i++)
    g_free (texts[i]);
  set_dirty (self, FALSE);
  return TRUE;
}

static gboolean
daybook_case_page_has_unsaved_changes (DaybookPage *page)
{
  return DAYBOOK_CASE_PAGE (page)->dirty;
}

/* Ctrl+S: the case details are a few settings, saved at once. */
static void
daybook_case_page_save_in_background (DaybookPage *page)
{
  g_autoptr (GError) error = NULL;

  if (daybook_case_page_save (page, FALSE, &error))
    daybook_page_add_toast (page, _ ("Case details saved"));
  else
    daybook_page_add_toast (page, error->message);
}

static void
daybook_case_page_discard (DaybookPage *page)
{
  fill (DAYBOOK_CASE_PAGE (page));
}

static void
daybook_case_page_iface_init (DaybookPageInterface *iface)
{
  iface->set_diary = daybook_case_page_set_diary;
  iface->has_unsaved_changes = daybook_case_page_has_unsaved_changes;
  iface->save = daybook_case_page_save;
  iface->save_in_background = daybook_case_page_save_in_background;
  iface->discard = daybook_case_page_discard;
}
