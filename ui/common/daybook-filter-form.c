/* daybook-filter-form.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-filter-form"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "daybook-filter-form.h"
#include "daybook-person.h"

/*
 * Which entries: the days, a person, behaviour types, and where a screen
 * asks for them the order and private entries. The timeline's filter
 * popover, the report page and the bundle dialog all hold one, and read
 * it through daybook_filter_build_query().
 *
 * Two layouts of the same fields: boxed-list rows, placed in a group of
 * the screen (the person chosen from People), or compact headings over
 * plain entries for a popover (the person typed, completed from People).
 * The layout not used leaves the widget tree when the form is built.
 *
 * ::changed is emitted once for each edit by the user; what the screen
 * does itself (set_people, set_person, set_types, clear, reset) emits
 * nothing, so it can run its query once afterwards.
 */

struct _DaybookFilterForm
{
  GtkWidget parent_instance;

  /* template */
  GtkBox *box;
  AdwPreferencesGroup *rows_group;
  AdwEntryRow *from_row;
  AdwEntryRow *to_row;
  GtkWidget *from_button;
  GtkWidget *to_button;
  GtkCalendar *from_calendar;
  AdwComboRow *person_row;
  AdwExpanderRow *types_row;
  GtkWidget *private_row;
  GtkSwitch *private_switch;
  GtkWidget *compact_box;
  GtkCheckButton *oldest_check;
  GtkEntry *person_entry;
  GtkLabel *from_label;
  GtkEntry *from_entry;
  GtkLabel *to_label;
  GtkEntry *to_entry;
  GtkLabel *range_error;
  GtkWidget *types_box;
  GtkBox *type_box;

  GtkCheckButton *type_checks[DAYBOOK_N_BEHAVIOURS];
  GtkStringList *people; /* the rows' choice: "Everyone", then the names */
  GtkWidget *question;   /* (nullable): asking before private entries are included */
  char *from_title;
  char *to_title;
  char *private_question;
  gboolean compact;
  gboolean show_calendars;
  gboolean show_order;
  gboolean show_private;
  gboolean strict_days;
  gboolean private_confirmed;
  gboolean private_on; /* private entries included, as last told */
  gboolean filling;
};

G_DEFINE_FINAL_TYPE (DaybookFilterForm, daybook_filter_form, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_COMPACT,
  PROP_SHOW_CALENDARS,
  PROP_SHOW_ORDER,
  PROP_SHOW_PRIVATE,
  PROP_STRICT_DAYS,
  PROP_FROM_TITLE,
  PROP_TO_TITLE,
  PROP_PRIVATE_QUESTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static GtkEditable *
from_editable (DaybookFilterForm *self)
{
  return self->compact ? GTK_EDITABLE (self->from_entry) : GTK_EDITABLE (self->from_row);
}

static GtkEditable *
to_editable (DaybookFilterForm *self)
{
  return self->compact ? GTK_EDITABLE (self->to_entry) : GTK_EDITABLE (self->to_row);
}

static void
emit_changed (DaybookFilterForm *self)
{
  if (!self->filling)
    g_signal_emit (self, signals[CHANGED], 0);
}

static DaybookBehaviour
selected_types (DaybookFilterForm *self)
{
  DaybookBehaviour types = 0;

  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if (gtk_check_button_get_active (self->type_checks[i]))
      types |= daybook_behaviour_nth (i);
  return types;
}

static void
update_types_subtitle (DaybookFilterForm *self)
{
  DaybookBehaviour types = selected_types (self);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if (types & daybook_behaviour_nth (i))
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "",
                              daybook_behaviour_get_label (daybook_behaviour_nth (i)));
  adw_expander_row_set_subtitle (self->types_row, text->len == 0 ? _ ("All types") : text->str);
}

/* Returns: (nullable): the person typed, or chosen (%NULL for everyone) */
static const char *
selected_person (DaybookFilterForm *self)
{
  guint i;

  if (self->compact)
    return gtk_editable_get_text (GTK_EDITABLE (self->person_entry));
  i = adw_combo_row_get_selected (self->person_row);
  if (i == 0 || i == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->people, i);
}

static void
type_toggled_cb (DaybookFilterForm *self)
{
  update_types_subtitle (self);
  emit_changed (self);
}

static void
add_type_checks (DaybookFilterForm *self)
{
  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    {
      DaybookBehaviour b = daybook_behaviour_nth (i);
      GtkWidget *check;

      if (self->compact)
        {
          check = gtk_check_button_new_with_label (daybook_behaviour_get_label (b));
          gtk_widget_set_tooltip_text (check, daybook_behaviour_get_explanation (b));
          gtk_box_append (self->type_box, check);
        }
      else
        {
          GtkWidget *row = adw_action_row_new ();

          check = gtk_check_button_new ();
          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                         daybook_behaviour_get_label (b));
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          gtk_widget_set_tooltip_text (row, daybook_behaviour_get_explanation (b));
          gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          daybook_behaviour_get_label (b), -1);
          adw_expander_row_add_row (self->types_row, row);
        }
      g_signal_connect_object (check, "toggled", G_CALLBACK (type_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      self->type_checks[i] = GTK_CHECK_BUTTON (check);
    }
}

static void
set_completion (DaybookFilterForm *self, GListModel *people)
{
  g_autoptr (GtkListStore) names = NULL;
  g_autoptr (GtkEntryCompletion) completion = NULL;

  if (people == NULL)
    {
      gtk_entry_set_completion (self->person_entry, NULL);
      return;
    }
  names = gtk_list_store_new (1, G_TYPE_STRING);
  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr (DaybookPerson) person = g_list_model_get_item (people, i);
      gtk_list_store_insert_with_values (names, NULL, -1, 0, daybook_person_get_name (person), -1);
    }
  completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (names));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_inline_completion (completion, TRUE);
  gtk_entry_completion_set_popup_single_match (completion, FALSE);
  gtk_entry_set_completion (self->person_entry, completion);
}

/* Keeps the person chosen when the new list still names them. */
static void
set_choices (DaybookFilterForm *self, GListModel *people)
{
  g_autofree char *keep = g_strdup (selected_person (self));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->people));
  guint selected = 0;

  gtk_string_list_splice (self->people, 1, n - 1, NULL);
  for (guint i = 0; people != NULL && i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr (DaybookPerson) person = g_list_model_get_item (people, i);
      const char *name = daybook_person_get_name (person);

      gtk_string_list_append (self->people, name);
      if (keep != NULL && g_strcmp0 (name, keep) == 0)
        selected = i + 1;
    }
  adw_combo_row_set_selected (self->person_row, selected);
}

static void
forget_question (DaybookFilterForm *self)
{
  if (self->question != NULL)
    g_signal_handlers_disconnect_by_data (self->question, self);
  g_clear_weak_pointer (&self->question);
}

static void
set_private_on (DaybookFilterForm *self, gboolean on)
{
  if (self->private_on == on)
    return;
  self->private_on = on;
  emit_changed (self);
}

static void
set_title (DaybookFilterForm *self, char **field, GtkLabel *label, AdwEntryRow *row,
           const char *title, GParamSpec *pspec)
{
  if (g_strcmp0 (*field, title) == 0)
    return;
  g_free (*field);
  *field = g_strdup (title);
  gtk_label_set_label (label, title != NULL ? title : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_flag (DaybookFilterForm *self, gboolean *field, gboolean value, GtkWidget *row,
          GParamSpec *pspec)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  if (row != NULL)
    gtk_widget_set_visible (row, value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* Callbacks */

static void
text_changed_cb (DaybookFilterForm *self)
{
  emit_changed (self);
}

static void
order_toggled_cb (DaybookFilterForm *self)
{
  emit_changed (self);
}

static void
person_selected_cb (DaybookFilterForm *self)
{
  emit_changed (self);
}

static void
question_response_cb (DaybookFilterForm *self, const char *response)
{
  forget_question (self);
  if (g_strcmp0 (response, "include") != 0)
    return;
  self->private_confirmed = TRUE;
  gtk_switch_set_active (self->private_switch, TRUE);
}

/* Turning private entries on asks first: the report or the bundle is
 * handed to others. */
static void
private_switch_active_cb (DaybookFilterForm *self)
{
  GtkRoot *root;
  GtkWidget *dialog;

  if (self->filling)
    return;
  /* GtkSwitch may tell of turning back off once the question is asked. */
  if (!gtk_switch_get_active (self->private_switch))
    {
      self->private_confirmed = FALSE;
      set_private_on (self, FALSE);
      return;
    }
  if (self->private_confirmed)
    {
      set_private_on (self, TRUE);
      return;
    }

  self->filling = TRUE;
  gtk_switch_set_active (self->private_switch, FALSE);
  self->filling = FALSE;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _ ("Include Private Entries?"), self->private_question);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "include",
                                    _ ("_Include Them"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "include",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (question_response_cb), self,
                           G_CONNECT_SWAPPED);
  forget_question (self);
  g_set_weak_pointer (&self->question, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
calendar_popover_show_cb (DaybookFilterForm *self, GtkPopover *popover)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  GtkEditable *row = calendar == self->from_calendar ? from_editable (self) : to_editable (self);
  const char *text = gtk_editable_get_text (row);
  g_autoptr (GDateTime) date = NULL;
  int y, m, d;

  if (sscanf (text, "%d-%d-%d", &y, &m, &d) == 3)
    date = g_date_time_new_local (y, m, d, 12, 0, 0);
  if (date == NULL)
    date = g_date_time_new_now_local ();
  self->filling = TRUE;
  gtk_calendar_select_day (calendar, date);
  self->filling = FALSE;
}

static void
calendar_day_selected_cb (DaybookFilterForm *self, GtkCalendar *calendar)
{
  GtkEditable *row = calendar == self->from_calendar ? from_editable (self) : to_editable (self);
  g_autoptr (GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (self->filling)
    return;
  date = gtk_calendar_get_date (calendar);
  text = g_date_time_format (date, "%Y-%m-%d");
  gtk_editable_set_text (row, text);
}

/* Overrides */

static void
daybook_filter_form_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  DaybookFilterForm *self = DAYBOOK_FILTER_FORM (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      self->compact = g_value_get_boolean (value);
      break;
    case PROP_SHOW_CALENDARS:
      self->show_calendars = g_value_get_boolean (value);
      break;
    case PROP_SHOW_ORDER:
      set_flag (self, &self->show_order, g_value_get_boolean (value),
                GTK_WIDGET (self->oldest_check), pspec);
      break;
    case PROP_SHOW_PRIVATE:
      set_flag (self, &self->show_private, g_value_get_boolean (value), self->private_row, pspec);
      break;
    case PROP_STRICT_DAYS:
      set_flag (self, &self->strict_days, g_value_get_boolean (value), NULL, pspec);
      break;
    case PROP_FROM_TITLE:
      set_title (self, &self->from_title, self->from_label, self->from_row,
                 g_value_get_string (value), pspec);
      break;
    case PROP_TO_TITLE:
      set_title (self, &self->to_title, self->to_label, self->to_row, g_value_get_string (value),
                 pspec);
      break;
    case PROP_PRIVATE_QUESTION:
      if (g_strcmp0 (self->private_question, g_value_get_string (value)) != 0)
        {
          g_free (self->private_question);
          self->private_question = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daybook_filter_form_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DaybookFilterForm *self = DAYBOOK_FILTER_FORM (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    case PROP_SHOW_CALENDARS:
      g_value_set_boolean (value, self->show_calendars);
      break;
    case PROP_SHOW_ORDER:
      g_value_set_boolean (value, self->show_order);
      break;
    case PROP_SHOW_PRIVATE:
      g_value_set_boolean (value, self->show_private);
      break;
    case PROP_STRICT_DAYS:
      g_value_set_boolean (value, self->strict_days);
      break;
    case PROP_FROM_TITLE:
      g_value_set_string (value, self->from_title);
      break;
    case PROP_TO_TITLE:
      g_value_set_string (value, self->to_title);
      break;
    case PROP_PRIVATE_QUESTION:
      g_value_set_string (value, self->private_question);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The layout is known now: the other one leaves the tree (the template
 * keeps its widgets until dispose). */
static void
daybook_filter_form_constructed (GObject *object)
{
  DaybookFilterForm *self = DAYBOOK_FILTER_FORM (object);

  G_OBJECT_CLASS (daybook_filter_form_parent_class)->constructed (object);

  if (self->compact)
    {
      gtk_box_remove (self->box, GTK_WIDGET (self->rows_group));
      gtk_widget_add_css_class (GTK_WIDGET (self->range_error), "caption");
      gtk_label_set_max_width_chars (self->range_error, 30);
    }
  else
    {
      gtk_box_remove (self->box, self->compact_box);
      gtk_box_remove (self->box, self->types_box);
      if (!self->show_calendars)
        {
          adw_entry_row_remove (self->from_row, self->from_button);
          adw_entry_row_remove (self->to_row, self->to_button);
        }
    }
  add_type_checks (self);
  update_types_subtitle (self);
}

static void
daybook_filter_form_dispose (GObject *object)
{
  DaybookFilterForm *self = DAYBOOK_FILTER_FORM (object);

  forget_question (self);
  self->filling = TRUE; /* nothing the template's teardown does is an edit */
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_FILTER_FORM);
  g_clear_object (&self->people);

  G_OBJECT_CLASS (daybook_filter_form_parent_class)->dispose (object);
}

static void
daybook_filter_form_finalize (GObject *object)
{
  DaybookFilterForm *self = DAYBOOK_FILTER_FORM (object);

  g_free (self->from_title);
  g_free (self->to_title);
  g_free (self->private_question);

  G_OBJECT_CLASS (daybook_filter_form_parent_class)->finalize (object);
}

static void
daybook_filter_form_class_init (DaybookFilterFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->set_property = daybook_filter_form_set_property;
  object_class->get_property = daybook_filter_form_get_property;
  object_class->constructed = daybook_filter_form_constructed;
  object_class->dispose = daybook_filter_form_dispose;
  object_class->finalize = daybook_filter_form_finalize;

  /**
   * DaybookFilterForm:compact:
   *
   * Headings over plain entries, for a popover, the person typed; otherwise
   * boxed-list rows, the person chosen from a list.
   */
  properties[PROP_COMPACT]
      = g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * DaybookFilterForm:show-calendars:
   *
   * Rows only: a calendar beside each day.
   */
  properties[PROP_SHOW_CALENDARS]
      = g_param_spec_boolean ("show-calendars", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * DaybookFilterForm:show-order:
   *
   * Compact only: an "Oldest first" choice, newest first until it is
   * made. Without it, the query is oldest first, as a report reads.
   */
  properties[PROP_SHOW_ORDER] = g_param_spec_boolean ("show-order", NULL, NULL, FALSE, flags);
  /**
   * DaybookFilterForm:show-private:
   *
   * Rows only: a switch to include private entries, which asks
   * #DaybookFilterForm:private-question first. Without it, private
   * entries are included: the owner's own view.
   */
  properties[PROP_SHOW_PRIVATE] = g_param_spec_boolean ("show-private", NULL, NULL, FALSE, flags);
  /**
   * DaybookFilterForm:strict-days:
   *
   * See #DaybookFilter's @strict_days.
   */
  properties[PROP_STRICT_DAYS] = g_param_spec_boolean ("strict-days", NULL, NULL, FALSE, flags);
  /**
   * DaybookFilterForm:from-title:
   *
   * What the first day's field says (with a mnemonic in the compact form).
   */
  properties[PROP_FROM_TITLE] = g_param_spec_string ("from-title", NULL, NULL, NULL, flags);
  properties[PROP_TO_TITLE] = g_param_spec_string ("to-title", NULL, NULL, NULL, flags);
  /**
   * DaybookFilterForm:private-question:
   *
   * What turning on private entries means, asked before it happens.
   */
  properties[PROP_PRIVATE_QUESTION]
      = g_param_spec_string ("private-question", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DaybookFilterForm::changed:
   *
   * The user changed one field.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-filter-form.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, box);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, rows_group);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, from_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, to_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, from_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, to_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, person_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, types_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, private_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, private_switch);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, compact_box);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, oldest_check);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, person_entry);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, from_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, from_entry);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, to_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, to_entry);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, range_error);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, types_box);
  gtk_widget_class_bind_template_child (widget_class, DaybookFilterForm, type_box);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, private_switch_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_filter_form_init (DaybookFilterForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->people = gtk_string_list_new (NULL);
  gtk_string_list_append (self->people, _ ("Everyone"));
  self->filling = TRUE;
  adw_combo_row_set_model (self->person_row, G_LIST_MODEL (self->people));
  self->filling = FALSE;
}

/* Public API */

/**
 * daybook_filter_form_new:
 * @compact: see #DaybookFilterForm:compact
 *
 * Returns: (transfer floating): a form with no row but the days, the
 *   person and the types
 */
GtkWidget *
daybook_filter_form_new (gboolean compact)
{
  return g_object_new (DAYBOOK_TYPE_FILTER_FORM, "compact", compact, NULL);
}

/**
 * daybook_filter_form_get_filter:
 * @filter: (out caller-allocates): the form's state, its strings borrowed
 *   from the form until its next change; no search text
 */
void
daybook_filter_form_get_filter (DaybookFilterForm *self, DaybookFilter *filter)
{
  g_return_if_fail (DAYBOOK_IS_FILTER_FORM (self));
  g_return_if_fail (filter != NULL);

  *filter = (DaybookFilter){
    .person = selected_person (self),
    .from = gtk_editable_get_text (from_editable (self)),
    .to = gtk_editable_get_text (to_editable (self)),
    .types = selected_types (self),
    .include_private = !self->show_private || self->private_on,
    .newest_first = self->show_order && !gtk_check_button_get_active (self->oldest_check),
    .strict_days = self->strict_days,
  };
}

/**
 * daybook_filter_form_build_query:
 * @zone: the time zone the days are in
 * @query: (out) (transfer full) (optional) (nullable): as
 *   daybook_filter_build_query() says for #DaybookFilterForm:strict-days
 *
 * Returns: %FALSE, with @error set, when a day is wrong
 */
gboolean
daybook_filter_form_build_query (DaybookFilterForm *self, GTimeZone *zone, DaybookQuery **query,
                                 GError **error)
{
  DaybookFilter filter;

  g_return_val_if_fail (DAYBOOK_IS_FILTER_FORM (self), FALSE);

  daybook_filter_form_get_filter (self, &filter);
  return daybook_filter_build_query (&filter, zone, query, error);
}

/**
 * daybook_filter_form_show_error:
 * @message: (nullable): what is wrong with the days, shown under them;
 *   %NULL hides it
 */
void
daybook_filter_form_show_error (DaybookFilterForm *self, const char *message)
{
  g_return_if_fail (DAYBOOK_IS_FILTER_FORM (self));

  gtk_label_set_text (self->range_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->range_error), message != NULL);
}

/**
 * daybook_filter_form_set_people:
 * @people: (nullable): the #DaybookPerson list to choose from or to
 *   complete from; %NULL forgets every name
 */
void
daybook_filter_form_set_people (DaybookFilterForm *self, GListModel *people)
{
  g_return_if_fail (DAYBOOK_IS_FILTER_FORM (self));
  g_return_if_fail (people == NULL || G_IS_LIST_MODEL (people));

  self->filling = TRUE;
  if (self->compact)
    set_completion (self, people);
  else
    set_choices (self, people);
  self->filling = FALSE;
}

/**
 * daybook_filter_form_set_person:
 * @person: (nullable): only entries naming this person; in the rows, a
 *   name not in the list chooses everyone
 */
void
daybook_filter_form_set_person (DaybookFilterForm *self, const char *person)
{
  guint selected = 0;

  g_return_if_fail (DAYBOOK_IS_FILTER_FORM (self));

  self->filling = TRUE;
  if (self->compact)
    gtk_editable_set_text (GTK_EDITABLE (self->person_entry), person != NULL ? person : "");
  else
    {
      for (guint i = 1;
           person != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->people)); i++)
        if (g_strcmp0 (gtk_string_list_get_string (self->people, i), person) == 0)
          selected = i;
      adw_combo_row_set_selected (self->person_row, selected);
    }
  self->filling = FALSE;
}

void
daybook_filter_form_set_types (DaybookFilterForm *self, DaybookBehaviour types)
{
  g_return_if_fail (DAYBOOK_IS_FILTER_FORM (self));

  self->filling = TRUE;
  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    gtk_check_button_set_active (self->type_checks[i], (types & daybook_behaviour_nth (i)) != 0);
  self->filling = FALSE;
}

/**
 * daybook_filter_form_clear:
 *
 * Empties what narrows the entries down: the person, the days, the types.
 * The order and private entries stay as they are.
 */
void
daybook_filter_form_clear (DaybookFilterForm *self)
{
  g_return_if_fail (DAYBOOK_IS_FILTER_FORM (self));

  daybook_filter_form_set_person (self, NULL);
  daybook_filter_form_set_types (self, 0);
  self->filling = TRUE;
  gtk_editable_set_text (from_editable (self), "");
  gtk_editable_set_text (to_editable (self), "");
  self->filling = FALSE;
  daybook_filter_form_show_error (self, NULL);
}

/**
 * daybook_filter_form_reset:
 *
 * Back to how the form was built, as after locking: cleared, newest
 * first, private entries left out and to be asked about again.
 */
void
daybook_filter_form_reset (DaybookFilterForm *self)
{
  g_return_if_fail (DAYBOOK_IS_FILTER_FORM (self));

  daybook_filter_form_clear (self);
  forget_question (self);
  self->filling = TRUE;
  gtk_check_button_set_active (self->oldest_check, FALSE);
  self->private_confirmed = FALSE;
  self->private_on = FALSE;
  gtk_switch_set_active (self->private_switch, FALSE);
  self->filling = FALSE;
}
