/* daybook-timeline.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-filter-form.h"
#include "daybook-page.h"
#include "daybook-ui-util.h"

#include "daybook-incident-list.h"
#include "daybook-incident-row.h"
#include "daybook-timeline.h"
#include "daybook-ui-format.h"

/*
 * The timeline: a GtkListView over the lazily loaded model a query
 * returns. Each change of search text, filter or order runs a new query
 * off the main thread; the one before it is cancelled.
 *
 * The first screen comes first. GTK 4.8's list view makes, binds and
 * measures a widget for up to 200 items below its top, whatever is
 * visible: at unlock that was about 200 rows (and four pages of entries
 * read on the main thread) before the first frame, some 300 ms of CPU.
 * So a new query's rows reach the list view through a slice that holds
 * only what fits on the screen; once that frame is painted, the slice
 * grows by a few rows a frame up to the whole list, so input is served
 * in between. Positions are the model's (the slice starts at 0).
 */

/* Rows are taller than this: it only sizes the first screen. */
#define MIN_ROW_HEIGHT 40
/* Rows added per frame after the first screen */
#define GROW_STEP 24
/* Past GTK 4.8's 200 rows below the top, growing costs no widgets. */
#define GROW_WIDGETS 240
/* A first query slower than this shows a spinner. */
#define SPINNER_DELAY_MS 400

struct _DaybookTimeline
{
  GtkWidget parent_instance;

  AdwWindowTitle *title;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  char *queried_text; /* the search text of the last query started */
  GtkMenuButton *filter_button;
  DaybookFilterForm *filter_form;
  GtkRevealer *filter_revealer;
  GtkLabel *filter_summary;
  GtkStack *stack;
  GtkSpinner *spinner;
  GtkListView *list_view;

  GtkNoSelection *selection;
  GtkSliceListModel *slice; /* the first rows of model, then all of them */
  guint grow_id;            /* tick callback growing the slice */
  gboolean grow_painted;    /* the first screen was painted */
  guint spinner_id;
  DaybookDiary *diary;
  GListModel *model;
  GCancellable *cancellable;
  gboolean updating;
  gboolean pending;
  gboolean want_focus;
  gboolean keep_scroll;
  gint64 last_opened;
  double scroll_value;
  GCancellable *people_cancellable;
};

static void daybook_timeline_page_iface_init (DaybookPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookTimeline, daybook_timeline, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (DAYBOOK_TYPE_PAGE,
                                                      daybook_timeline_page_iface_init))

enum
{
  ACTIVATE_INCIDENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static DaybookQuery *
build_query (DaybookTimeline *self, GString *summary)
{
  DaybookQuery *query = NULL;
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  DaybookFilter filter;

  /* Filtering as the user types: a day not read yet is left out. */
  daybook_filter_form_build_query (self->filter_form, local, &query, &error);
  if (*text != '\0')
    daybook_query_set_text (query, text);

  daybook_filter_form_get_filter (self->filter_form, &filter);
  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if (query->types & daybook_behaviour_nth (i))
      g_string_append_printf (summary, "%s%s", summary->len ? ", " : "",
                              daybook_behaviour_get_label (daybook_behaviour_nth (i)));
  if (query->person != NULL)
    {
      g_string_append_printf (summary, "%s", summary->len ? " · " : "");
      /* TRANSLATORS: a filter: entries naming this person */
      g_string_append_printf (summary, _ ("with %s"), query->person);
    }
  if (query->from != G_MININT64)
    {
      g_string_append_printf (summary, "%s", summary->len ? " · " : "");
      g_string_append_printf (summary, _ ("from %s"), filter.from);
    }
  if (query->to != G_MAXINT64)
    {
      g_string_append_printf (summary, "%s", summary->len ? " · " : "");
      g_string_append_printf (summary, _ ("until %s"), filter.to);
    }

  daybook_filter_form_show_error (self->filter_form, error != NULL ? error->message : NULL);

  return query;
}

static void
update_state (DaybookTimeline *self, gboolean filtered)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  g_autofree char *subtitle = NULL;

  g_clear_handle_id (&self->spinner_id, g_source_remove);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (self->model == NULL)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (n == 0)
    gtk_stack_set_visible_child_name (self->stack, filtered ? "no-results" : "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");

  if (self->model != NULL)
    subtitle = g_strdup_printf (ngettext ("%u entry", "%u entries", n), n);
  adw_window_title_set_subtitle (self->title, subtitle != NULL ? subtitle : "");
}

static gboolean
is_filtered (DaybookTimeline *self)
{
  return *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0'
         || gtk_revealer_get_reveal_child (self->filter_revealer);
}

/* A new model sends the list back to its top: after a save, put it back
 * where the user was once the rows are laid out again. */
static gboolean
restore_scroll_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  DaybookTimeline *self = DAYBOOK_TIMELINE (user_data);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  gtk_adjustment_set_value (adjustment, self->scroll_value);
  return G_SOURCE_REMOVE;
}

static void
people_listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookTimeline) self = user_data;
  g_autoptr (GListModel) people = NULL;
  g_autoptr (GError) error = NULL;

  people = daybook_diary_list_people_finish (DAYBOOK_DIARY (source), result, &error);
  if (people == NULL || (gpointer)source != (gpointer)self->diary)
    return;
  daybook_filter_form_set_people (self->filter_form, people);
}

/* The person filter completes from People, loaded off the main thread. */
static void
load_people (DaybookTimeline *self)
{
  g_cancellable_cancel (self->people_cancellable);
  g_clear_object (&self->people_cancellable);
  if (self->diary == NULL)
    {
      daybook_filter_form_set_people (self->filter_form, NULL);
      return;
    }
  self->people_cancellable = g_cancellable_new ();
  daybook_diary_list_people_async (self->diary, self->people_cancellable, people_listed_cb,
                                   g_object_ref (self));
}

static void
stop_growing (DaybookTimeline *self)
{
  if (self->grow_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->grow_id);
  self->grow_id = 0;
}

/* The whole list at once: for a position past the first screen, a hidden
 * timeline, or a list kept where it was. */
static void
show_all_rows (DaybookTimeline *self)
{
  stop_growing (self);
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
}

/* A key or the wheel while the list still grows: the user may be going
 * for its end, so it is all there at once. */
static gboolean
list_input_cb (DaybookTimeline *self)
{
  if (self->grow_id != 0)
    show_all_rows (self);
  return FALSE;
}

static gboolean
grow_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  DaybookTimeline *self = DAYBOOK_TIMELINE (widget);
  guint size = gtk_slice_list_model_get_size (self->slice);
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  /* The first call comes before the frame that lays out and paints the
   * first screen: that one is left alone. */
  if (!self->grow_painted)
    {
      self->grow_painted = TRUE;
      return G_SOURCE_CONTINUE;
    }
  if (size >= n || size + GROW_STEP >= GROW_WIDGETS)
    {
      self->grow_id = 0;
      gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
      return G_SOURCE_REMOVE;
    }
  gtk_slice_list_model_set_size (self->slice, size + GROW_STEP);
  return G_SOURCE_CONTINUE;
}

/* How many rows can be on the screen at once, at most. */
static guint
first_screen_rows (DaybookTimeline *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->stack));

  /* Not laid out yet (just unlocked): the window is at most that tall. */
  if (height <= 0 && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    height = gtk_widget_get_height (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self))));
  if (height <= 0)
    height = 1600;
  return (guint)height / MIN_ROW_HEIGHT + 2;
}

static void
query_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookTimeline) self = user_data;
  g_autoptr (GListModel) model = NULL;
  g_autoptr (GError) error = NULL;

  model = daybook_diary_query_finish (DAYBOOK_DIARY (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || (gpointer)source != (gpointer)self->diary)
    return;
  self->pending = FALSE;
  if (model == NULL)
    {
      g_debug ("Query failed: %s", error->message);
      return;
    }

  g_set_object (&self->model, model);
  /* A new search or filter: emptied first. Replacing a model in one go
   * makes GTK 4.8's list look up every new item to reuse the old rows'
   * widgets (gtk_list_item_manager_try_reacquire_list_item), and the lazy
   * list loads and keeps each one: a search cleared at 100,000 entries
   * kept some 95 MB. After a save (keep_scroll) the reuse is what keeps
   * the list where it was, so it stays, and costs that memory once. */
  stop_growing (self);
  if (!self->keep_scroll)
    gtk_slice_list_model_set_model (self->slice, NULL);
  if (!self->keep_scroll && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      gtk_slice_list_model_set_size (self->slice, first_screen_rows (self));
      self->grow_painted = FALSE;
      self->grow_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), grow_cb, NULL, NULL);
    }
  else
    gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
  gtk_slice_list_model_set_model (self->slice, model);
  if (self->keep_scroll)
    gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), restore_scroll_cb, self, NULL);
  self->keep_scroll = FALSE;
  update_state (self, is_filtered (self));
  /* Only while the timeline is shown: the first save of an entry reloads
   * it behind the editor, and must not take the keyboard from there. */
  if (self->want_focus && gtk_widget_get_mapped (GTK_WIDGET (self)))
    daybook_timeline_focus (self);
  /* What the query used in its worker thread, and the model replaced. */
  daybook_give_back_memory_soon ();
}

static gboolean
show_spinner_cb (gpointer user_data)
{
  DaybookTimeline *self = DAYBOOK_TIMELINE (user_data);

  self->spinner_id = 0;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_set_spinning (self->spinner, TRUE);
  return G_SOURCE_REMOVE;
}

static void
run_query (DaybookTimeline *self)
{
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autoptr (DaybookQuery) query = NULL;

  if (self->diary == NULL || self->updating)
    return;

  query = build_query (self, summary);
  gtk_label_set_text (self->filter_summary, summary->str);
  gtk_revealer_set_reveal_child (self->filter_revealer, summary->len > 0);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->pending = TRUE;
  g_free (self->queried_text);
  self->queried_text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  /* The first query of a diary: a blank list, and a spinner only if it is
   * slow, so that the rows of a quick one are the first thing drawn. */
  if (self->model == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      if (self->spinner_id == 0)
        self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, show_spinner_cb, self);
    }
  daybook_diary_query_async (self->diary, query, self->cancellable, query_done_cb,
                             g_object_ref (self));
}

static void
clear_filters (DaybookTimeline *self)
{
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  daybook_filter_form_clear (self->filter_form);
  self->updating = FALSE;
}

static void
filter_changed_cb (DaybookTimeline *self)
{
  run_query (self);
}

static void
search_activate_cb (DaybookTimeline *self)
{
  daybook_timeline_focus (self);
}

static void
search_stop_cb (DaybookTimeline *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  daybook_timeline_focus (self);
}

static gint64
number_at (DaybookTimeline *self, guint position)
{
  g_autoptr (DaybookIncident) incident = NULL;

  if (DAYBOOK_IS_INCIDENT_LIST (self->model))
    return daybook_incident_list_get_number (DAYBOOK_INCIDENT_LIST (self->model), position);
  incident = g_list_model_get_item (self->model, position);
  return incident != NULL ? daybook_incident_get_number (incident) : 0;
}

static void
list_activate_cb (DaybookTimeline *self, guint position)
{
  gint64 number;

  if (self->model == NULL || position >= g_list_model_get_n_items (self->model))
    return;
  number = number_at (self, position);
  self->last_opened = number;
  if (number > 0)
    g_signal_emit (self, signals[ACTIVATE_INCIDENT], 0, number);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  gtk_list_item_set_child (item, daybook_incident_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, DaybookTimeline *self)
{
  DaybookIncident *incident = gtk_list_item_get_item (item);
  guint position = gtk_list_item_get_position (item);
  g_autoptr (DaybookIncident) previous = NULL;
  gboolean show_month = TRUE;

  /* No section headers in GTK 4.8: the first row of each month shows it. */
  if (position > 0 && self->model != NULL)
    previous = g_list_model_get_item (self->model, position - 1);
  if (previous != NULL)
    show_month = !daybook_when_same_month (daybook_incident_get_start (previous),
                                           daybook_incident_get_start (incident));

  daybook_incident_row_set_incident (DAYBOOK_INCIDENT_ROW (gtk_list_item_get_child (item)),
                                     incident, show_month);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  daybook_incident_row_set_incident (DAYBOOK_INCIDENT_ROW (gtk_list_item_get_child (item)), NULL,
                                     FALSE);
}

static void
clear_filters_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookTimeline *self = DAYBOOK_TIMELINE (widget);

  clear_filters (self);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  run_query (self);
}

static void
daybook_timeline_dispose (GObject *object)
{
  DaybookTimeline *self = DAYBOOK_TIMELINE (object);

  g_cancellable_cancel (self->people_cancellable);
  g_clear_object (&self->people_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  stop_growing (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_TIMELINE);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->slice);
  g_clear_object (&self->model);
  g_clear_object (&self->diary);
  g_clear_pointer (&self->queried_text, g_free);

  G_OBJECT_CLASS (daybook_timeline_parent_class)->dispose (object);
}

static void
daybook_timeline_class_init (DaybookTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_timeline_dispose;
  daybook_page_class_install_properties (object_class);

  g_type_ensure (DAYBOOK_TYPE_FILTER_FORM);

  /**
   * DaybookTimeline::activate-incident:
   * @number: the entry number
   */
  signals[ACTIVATE_INCIDENT]
      = g_signal_new ("activate-incident", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-timeline.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookTimeline, title);
  gtk_widget_class_bind_template_child (widget_class, DaybookTimeline, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DaybookTimeline, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DaybookTimeline, filter_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookTimeline, filter_form);
  gtk_widget_class_bind_template_child (widget_class, DaybookTimeline, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, DaybookTimeline, filter_summary);
  gtk_widget_class_bind_template_child (widget_class, DaybookTimeline, stack);
  gtk_widget_class_bind_template_child (widget_class, DaybookTimeline, spinner);
  gtk_widget_class_bind_template_child (widget_class, DaybookTimeline, list_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "timeline.clear-filters", NULL,
                                   clear_filters_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_timeline_init (DaybookTimeline *self)
{
  GtkListItemFactory *factory;
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  /* Hidden while it grows (an entry opened at once): all rows at once. */
  g_signal_connect (self, "unmap", G_CALLBACK (list_input_cb), NULL);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (list_input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (list_input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);

  self->slice = gtk_slice_list_model_new (NULL, 0, G_MAXUINT);
  self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->slice)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->list_view));
  update_state (self, FALSE);
}

/* With %NULL, drops the model and empties the search and filters. */
static void
daybook_timeline_set_diary (DaybookPage *page, DaybookDiary *diary)
{
  DaybookTimeline *self = DAYBOOK_TIMELINE (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_growing (self);
  gtk_slice_list_model_set_model (self->slice, NULL);
  g_clear_object (&self->model);
  self->pending = FALSE;
  self->want_focus = FALSE;
  clear_filters (self);
  daybook_filter_form_reset (self->filter_form);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_popover_popdown (gtk_menu_button_get_popover (self->filter_button));
  g_set_object (&self->diary, diary);
  self->keep_scroll = FALSE;
  self->last_opened = 0;
  load_people (self);
  update_state (self, FALSE);
  run_query (self);
}

static void
daybook_timeline_page_iface_init (DaybookPageInterface *iface)
{
  iface->set_diary = daybook_timeline_set_diary;
}

/**
 * daybook_timeline_reload:
 *
 * Runs the query again, after an entry was saved or deleted.
 */
void
daybook_timeline_reload (DaybookTimeline *self)
{
  g_return_if_fail (DAYBOOK_IS_TIMELINE (self));

  self->scroll_value = gtk_adjustment_get_value (
      gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)));
  self->keep_scroll = TRUE;
  load_people (self);
  run_query (self);
}

void
daybook_timeline_start_search (DaybookTimeline *self)
{
  g_return_if_fail (DAYBOOK_IS_TIMELINE (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * daybook_timeline_set_person:
 * @person: (nullable): show only entries naming this person
 */
void
daybook_timeline_set_person (DaybookTimeline *self, const char *person)
{
  g_return_if_fail (DAYBOOK_IS_TIMELINE (self));

  daybook_filter_form_set_person (self->filter_form, person);
  run_query (self);
}

void
daybook_timeline_set_types (DaybookTimeline *self, DaybookBehaviour types)
{
  g_return_if_fail (DAYBOOK_IS_TIMELINE (self));

  daybook_filter_form_set_types (self->filter_form, types);
  run_query (self);
}

void
daybook_timeline_focus (DaybookTimeline *self)
{
  int position;

  g_return_if_fail (DAYBOOK_IS_TIMELINE (self));

  /* Asked before the first query is back: focus the list when it is. */
  self->want_focus = self->model == NULL
                     || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0;
  if (self->want_focus)
    return;

  /* Back from an entry (saved, so the model is new and has forgotten its
   * focus): the focus and the view go back to that entry, not the top. */
  position
      = self->last_opened > 0 && DAYBOOK_IS_INCIDENT_LIST (self->model)
            ? daybook_incident_list_find (DAYBOOK_INCIDENT_LIST (self->model), self->last_opened)
            : -1;
  if (position >= 0 && (guint)position >= g_list_model_get_n_items (G_LIST_MODEL (self->slice)))
    show_all_rows (self);
  if (position >= 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                (guint)position);
  else
    gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}

/**
 * daybook_timeline_get_model:
 *
 * Returns: (transfer none) (nullable): the entries shown
 */
GListModel *
daybook_timeline_get_model (DaybookTimeline *self)
{
  g_return_val_if_fail (DAYBOOK_IS_TIMELINE (self), NULL);

  return self->model;
}

/**
 * daybook_timeline_is_loading:
 *
 * Returns: whether the list does not yet show what was asked for: a query
 *   is running, typed search words wait for the entry's short delay, or
 *   the list view still grows from its first screen to every row
 */
gboolean
daybook_timeline_is_loading (DaybookTimeline *self)
{
  g_return_val_if_fail (DAYBOOK_IS_TIMELINE (self), FALSE);

  return self->pending || self->grow_id != 0
         || (self->diary != NULL
             && g_strcmp0 (self->queried_text ? self->queried_text : "",
                           gtk_editable_get_text (GTK_EDITABLE (self->search_entry)))
                    != 0);
}

/**
 * daybook_timeline_get_state:
 *
 * Returns: "loading", "list", "empty" or "no-results"
 */
const char *
daybook_timeline_get_state (DaybookTimeline *self)
{
  g_return_val_if_fail (DAYBOOK_IS_TIMELINE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
