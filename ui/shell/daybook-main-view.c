/* daybook-main-view.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-main-view"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "daybook-accessible.h"
#include "daybook-page.h"
#include "daybook-ui-format.h"
#include "daybook-ui-util.h"

#include "daybook-case-page.h"
#include "daybook-contacts-page.h"
#include "daybook-evidence-page.h"
#include "daybook-messages-page.h"
#include "daybook-incident-editor.h"
#include "daybook-main-view.h"
#include "daybook-orders-page.h"
#include "daybook-overview-page.h"
#include "daybook-people-page.h"
#include "daybook-report-page.h"
#include "daybook-timeline.h"

/*
 * The unlocked diary: a sidebar (Timeline, Overview, People, Orders, Police
 * contacts, Case details, Evidence, Report) and the content beside it, folding into one column on a
 * narrow window. Whatever page is left, its edits are saved first.
 *
 * Every page is a DaybookPage, built from the table below: the view
 * iterates its pages to give them the diary, the folding, and to save.
 */

struct _DaybookMainView
{
  GtkWidget parent_instance;

  AdwToastOverlay *toasts;
  AdwLeaflet *leaflet;
  GtkWidget *sidebar_pane;
  GtkListBox *sidebar;
  GtkStack *content;
  /* The pages the view also talks to one by one; owned by the stack. */
  DaybookTimeline *timeline;
  DaybookIncidentEditor *editor;
  DaybookPeoplePage *people;
  DaybookEvidencePage *evidence_page;
  AdwWindowTitle *sidebar_title;
  GtkWidget *read_only_bar;
  GtkLabel *read_only_label;

  DaybookDiary *diary;
};

G_DEFINE_FINAL_TYPE (DaybookMainView, daybook_main_view, GTK_TYPE_WIDGET)

/*
 * The pages, in the order of the sidebar. Adding a page takes its own
 * files (a widget implementing DaybookPage), its #include above, and one
 * line here: this table is the registration. A page without a title has
 * no sidebar row (the editor is opened from the timeline).
 */
static const struct
{
  const char *name;
  const char *title;
  const char *icon_name;
  GType (*get_type) (void);
} page_types[] = {
  { "timeline", N_ ("Timeline"), "x-office-calendar-symbolic", daybook_timeline_get_type },
  { "editor", NULL, NULL, daybook_incident_editor_get_type },
  { "overview", N_ ("Overview"), "view-grid-symbolic", daybook_overview_page_get_type },
  { "people", N_ ("People"), "system-users-symbolic", daybook_people_page_get_type },
  { "orders", N_ ("Orders"), "security-high-symbolic", daybook_orders_page_get_type },
  { "contacts", N_ ("Police Contacts"), "call-start-symbolic", daybook_contacts_page_get_type },
  { "case", N_ ("Case Details"), "user-info-symbolic", daybook_case_page_get_type },
  { "evidence", N_ ("Evidence"), "mail-attachment-symbolic", daybook_evidence_page_get_type },
  { "messages", N_ ("Messages"), "mail-unread-symbolic", daybook_messages_page_get_type },
  { "report", N_ ("Report"), "x-office-document-symbolic", daybook_report_page_get_type },
};

/* The stack's children are the pages, in the table's order. */
static GtkWidget *
first_page (DaybookMainView *self)
{
  return gtk_widget_get_first_child (GTK_WIDGET (self->content));
}

static void
toast (DaybookMainView *self, const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 3);
  adw_toast_overlay_add_toast (self->toasts, t);
}

/* Saves the page being left. FALSE (with the reason shown) keeps the user
 * on it: leaving never drops what they typed. */
static gboolean
is_read_only (DaybookMainView *self)
{
  return self->diary != NULL && daybook_diary_is_read_only (self->diary);
}

static gboolean
leave_current (DaybookMainView *self)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  /* A hand-over bundle is only read: what was typed there is dropped. */
  if (is_read_only (self))
    {
      daybook_main_view_discard (self);
      return TRUE;
    }
  ok = daybook_page_save (DAYBOOK_PAGE (gtk_stack_get_visible_child (self->content)), FALSE,
                          &error);
  if (!ok)
    toast (self, error->message);
  return ok;
}

/* A page without a row of its own (the editor) keeps the first one, the
 * timeline's, selected. */
static void
select_sidebar_row (DaybookMainView *self, const char *name)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, 0);

  for (int i = 0; gtk_list_box_get_row_at_index (self->sidebar, i) != NULL; i++)
    {
      GtkListBoxRow *candidate = gtk_list_box_get_row_at_index (self->sidebar, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (candidate)), name) == 0)
        row = candidate;
    }
  gtk_list_box_select_row (self->sidebar, row);
}

static void
show_content (DaybookMainView *self, const char *name)
{
  /* The editor was saved when it was left: drop its copy of the entry. */
  if (g_strcmp0 (name, "editor") != 0)
    daybook_incident_editor_clear (self->editor);
  gtk_stack_set_visible_child_name (self->content, name);
  select_sidebar_row (self, name);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
}

static void
sidebar_row_activated_cb (DaybookMainView *self, GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));

  if (g_strcmp0 (name, gtk_stack_get_visible_child_name (self->content)) == 0)
    {
      adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
      return;
    }
  if (!leave_current (self))
    {
      select_sidebar_row (self, gtk_stack_get_visible_child_name (self->content));
      return;
    }
  show_content (self, name);
}

static void
timeline_activate_incident_cb (DaybookMainView *self, gint64 number)
{
  daybook_main_view_open_incident (self, number);
}

static void
overview_open_incident_cb (DaybookMainView *self, gint64 number)
{
  daybook_main_view_open_incident (self, number);
}

static void
editor_done_cb (DaybookMainView *self)
{
  daybook_incident_editor_clear (self->editor);
  show_content (self, "timeline");
  daybook_timeline_focus (self->timeline);
}

static void
editor_saved_cb (DaybookMainView *self, gint64 number)
{
  g_autofree char *text = g_strdup_printf (_ ("Entry %" PRId64 " saved"), number);

  toast (self, text);
  daybook_timeline_reload (self->timeline);
}

static void
people_saved_cb (DaybookMainView *self)
{
  /* TRANSLATORS: a short notice: the entry has been saved */
  toast (self, _ ("Saved"));
}

static void
people_show_incidents_cb (DaybookMainView *self, const char *name)
{
  daybook_timeline_set_person (self->timeline, name);
  show_content (self, "timeline");
}

/* Says, for as long as a bundle is open, that it is one and whose it is. */
static void
update_read_only (DaybookMainView *self)
{
  gboolean read_only = is_read_only (self);
  g_autofree char *source = NULL;
  g_autofree char *created = NULL;
  g_autofree char *made = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GString) short_source = g_string_new (NULL);

  gtk_widget_set_visible (self->read_only_bar, read_only);
  adw_window_title_set_subtitle (self->sidebar_title, read_only ? _ ("Read only") : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self->editor), "editor.delete", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self->editor), "editor.add-person", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self->people), "people.add", !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self->evidence_page), "evidence.add", !read_only);
  gtk_widget_action_set_enabled (gtk_stack_get_child_by_name (self->content, "orders"),
                                 "orders.add", !read_only);
  gtk_widget_action_set_enabled (gtk_stack_get_child_by_name (self->content, "contacts"),
                                 "contacts.add", !read_only);
  if (!read_only)
    {
      gtk_label_set_text (self->read_only_label, "");
      return;
    }

  source = daybook_diary_dup_setting (self->diary, DAYBOOK_SETTING_BUNDLE_SOURCE);
  created = daybook_diary_dup_setting (self->diary, DAYBOOK_SETTING_BUNDLE_CREATED);
  for (guint i = 0; source != NULL && source[i] != '\0' && i < 16; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (short_source, ' ');
      g_string_append_c (short_source, g_ascii_toupper (source[i]));
    }
  made = daybook_format_recorded_at (created != NULL ? g_ascii_strtoll (created, NULL, 10) : 0);
  /* TRANSLATORS: the start of the source diary's fingerprint, then when the bundle was made */
  text = g_strdup_printf (_ ("from the diary %s…, made %s"), short_source->str, made);
  gtk_label_set_text (self->read_only_label, text);
}

typedef struct
{
  GtkWidget *next; /* the page to save next, or NULL */
  GError *error;   /* the first page's that failed */
} SaveAll;

static void
save_all_free (gpointer data)
{
  SaveAll *save_all = data;

  g_clear_error (&save_all->error);
  g_free (save_all);
}

static void save_next_page (GTask *task);

static void
page_saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SaveAll *save_all = g_task_get_task_data (task);

  daybook_page_save_finish (DAYBOOK_PAGE (source), result,
                            save_all->error == NULL ? &save_all->error : NULL);
  save_next_page (task);
}

/* One page at a time, each after its own save in the background. */
static void
save_next_page (GTask *task)
{
  SaveAll *save_all = g_task_get_task_data (task);
  GtkWidget *page = save_all->next;

  if (page == NULL)
    {
      if (save_all->error != NULL)
        g_task_return_error (task, g_steal_pointer (&save_all->error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }
  save_all->next = gtk_widget_get_next_sibling (page);
  daybook_page_save_async (DAYBOOK_PAGE (page), TRUE, g_task_get_cancellable (task), page_saved_cb,
                           g_object_ref (task));
}

static GtkWidget *
sidebar_row_new (const char *name, const char *title, const char *icon_name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_set_name (row, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  daybook_accessible_set_label (row, title);
  return row;
}

static void
add_pages (DaybookMainView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      GtkWidget *page = g_object_new (page_types[i].get_type (), NULL);
      /* TRANSLATORS: the page of one entry, as a screen reader names it */
      const char *title = page_types[i].title != NULL ? _ (page_types[i].title) : _ ("Entry");

      g_assert (DAYBOOK_IS_PAGE (page));
      gtk_stack_add_titled (self->content, page, page_types[i].name, title);
      daybook_accessible_set_label (page, title);
      g_object_bind_property (self->leaflet, "folded", page, "folded", G_BINDING_SYNC_CREATE);
      if (page_types[i].title != NULL)
        gtk_list_box_append (
            self->sidebar,
            sidebar_row_new (page_types[i].name, _ (page_types[i].title), page_types[i].icon_name));
    }

  self->timeline = DAYBOOK_TIMELINE (gtk_stack_get_child_by_name (self->content, "timeline"));
  self->editor = DAYBOOK_INCIDENT_EDITOR (gtk_stack_get_child_by_name (self->content, "editor"));
  self->people = DAYBOOK_PEOPLE_PAGE (gtk_stack_get_child_by_name (self->content, "people"));
  self->evidence_page
      = DAYBOOK_EVIDENCE_PAGE (gtk_stack_get_child_by_name (self->content, "evidence"));
  g_signal_connect_object (self->timeline, "activate-incident",
                           G_CALLBACK (timeline_activate_incident_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_stack_get_child_by_name (self->content, "overview"), "open-incident",
                           G_CALLBACK (overview_open_incident_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "done", G_CALLBACK (editor_done_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "saved", G_CALLBACK (editor_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->people, "show-incidents", G_CALLBACK (people_show_incidents_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->people, "saved", G_CALLBACK (people_saved_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
show_sidebar_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookMainView *self = DAYBOOK_MAIN_VIEW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_pane);
}

static void
daybook_main_view_dispose (GObject *object)
{
  DaybookMainView *self = DAYBOOK_MAIN_VIEW (object);

  g_clear_object (&self->diary);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_MAIN_VIEW);
  daybook_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (daybook_main_view_parent_class)->dispose (object);
}

/* Main menu, Import Messages…: the Messages page asks for the files. */
static void
import_messages_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DaybookMainView *self = DAYBOOK_MAIN_VIEW (widget);
  GtkWidget *page = gtk_stack_get_child_by_name (self->content, "messages");

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content), "messages") != 0)
    {
      if (!leave_current (self))
        return;
      show_content (self, "messages");
    }
  gtk_widget_activate_action (page, "messages.import", NULL);
}

/* Files dropped anywhere on the unlocked window go to the import dialog;
 * the editor, the Evidence and the Messages pages take drops first (their
 * own targets sit below this one). Locked, this view is not shown and
 * takes nothing. */
static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, DaybookMainView *self)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->content, "messages");
  g_autoptr (GList) files = NULL;

  if (self->diary == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    files = g_list_append (files, l->data);
  return daybook_messages_page_import_files (DAYBOOK_MESSAGES_PAGE (page), files);
}

static void
daybook_main_view_class_init (DaybookMainViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_main_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-main-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookMainView, toasts);
  gtk_widget_class_bind_template_child (widget_class, DaybookMainView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DaybookMainView, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, DaybookMainView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DaybookMainView, content);
  gtk_widget_class_bind_template_child (widget_class, DaybookMainView, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, DaybookMainView, read_only_bar);
  gtk_widget_class_bind_template_child (widget_class, DaybookMainView, read_only_label);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "main.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "main.import-messages", NULL,
                                   import_messages_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_main_view_init (DaybookMainView *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  gtk_widget_init_template (GTK_WIDGET (self));
  add_pages (self);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/**
 * daybook_main_view_set_diary:
 * @diary: (nullable): the open diary, or %NULL to empty every page
 *
 * With %NULL, every widget that shows diary content is emptied and every
 * model dropped. Save first (daybook_main_view_save_all()).
 */
void
daybook_main_view_set_diary (DaybookMainView *self, DaybookDiary *diary)
{
  g_return_if_fail (DAYBOOK_IS_MAIN_VIEW (self));

  for (GtkWidget *page = first_page (self); page != NULL; page = gtk_widget_get_next_sibling (page))
    daybook_page_set_diary (DAYBOOK_PAGE (page), diary);
  g_set_object (&self->diary, diary);
  update_read_only (self);

  show_content (self, "timeline");
  if (diary != NULL)
    daybook_timeline_focus (self->timeline);
}

/**
 * daybook_main_view_new_incident:
 *
 * Opens the editor on a new entry stamped now, with the focus in its
 * title: the fastest way to write something down.
 */
void
daybook_main_view_new_incident (DaybookMainView *self)
{
  g_return_if_fail (DAYBOOK_IS_MAIN_VIEW (self));

  if (self->diary == NULL || !leave_current (self))
    return;
  daybook_incident_editor_new_now (self->editor);
  show_content (self, "editor");
  daybook_incident_editor_focus_title (self->editor);
}

void
daybook_main_view_open_incident (DaybookMainView *self, gint64 number)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (DAYBOOK_IS_MAIN_VIEW (self));

  if (self->diary == NULL || !leave_current (self))
    return;
  if (!daybook_incident_editor_load (self->editor, number, &error))
    {
      toast (self, error->message);
      return;
    }
  show_content (self, "editor");
  daybook_incident_editor_focus_title (self->editor);
}

void
daybook_main_view_search (DaybookMainView *self)
{
  g_return_if_fail (DAYBOOK_IS_MAIN_VIEW (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content), "timeline") != 0)
    {
      if (!leave_current (self))
        return;
      daybook_incident_editor_clear (self->editor);
      show_content (self, "timeline");
    }
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
  daybook_timeline_start_search (self->timeline);
}

/**
 * daybook_main_view_save:
 *
 * Saves what the visible page edits (Ctrl+S), saying so or why not.
 */
void
daybook_main_view_save (DaybookMainView *self)
{
  g_return_if_fail (DAYBOOK_IS_MAIN_VIEW (self));

  if (is_read_only (self))
    {
      toast (self, _ ("This is a hand-over bundle: it can be read, but not changed."));
      return;
    }
  daybook_page_save_in_background (DAYBOOK_PAGE (gtk_stack_get_visible_child (self->content)));
}

/**
 * daybook_main_view_save_all:
 *
 * Saves every unsaved edit before locking or quitting. An entry whose
 * date does not parse is still saved: what was typed is kept. A save
 * under way in the background is waited for first, blocking, without
 * running the main loop; daybook_main_view_save_all_async() waits with
 * the main loop running.
 */
gboolean
daybook_main_view_save_all (DaybookMainView *self, GError **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (DAYBOOK_IS_MAIN_VIEW (self), FALSE);

  if (self->diary == NULL)
    return TRUE;
  if (is_read_only (self))
    {
      daybook_main_view_discard (self);
      return TRUE;
    }

  /* Every page is saved even when one fails; the first error is told. */
  for (GtkWidget *page = first_page (self); page != NULL; page = gtk_widget_get_next_sibling (page))
    {
      if (!daybook_page_save (DAYBOOK_PAGE (page), TRUE, ok ? error : NULL))
        ok = FALSE;
    }
  return ok;
}

/**
 * daybook_main_view_save_all_async:
 *
 * daybook_main_view_save_all(), waiting for saves under way in the
 * background with the main loop running, rather than blocking: for
 * closing the window when the user chose to save.
 */
void
daybook_main_view_save_all_async (DaybookMainView *self, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  SaveAll *save_all;

  g_return_if_fail (DAYBOOK_IS_MAIN_VIEW (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, daybook_main_view_save_all_async);
  save_all = g_new0 (SaveAll, 1);
  g_task_set_task_data (task, save_all, save_all_free);
  if (self->diary == NULL || is_read_only (self))
    {
      if (self->diary != NULL)
        daybook_main_view_discard (self);
      g_task_return_boolean (task, TRUE);
      return;
    }
  save_all->next = first_page (self);
  save_next_page (task);
}

gboolean
daybook_main_view_save_all_finish (DaybookMainView *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
daybook_main_view_has_unsaved_changes (DaybookMainView *self)
{
  g_return_val_if_fail (DAYBOOK_IS_MAIN_VIEW (self), FALSE);

  if (is_read_only (self))
    return FALSE;
  for (GtkWidget *page = first_page (self); page != NULL; page = gtk_widget_get_next_sibling (page))
    {
      if (daybook_page_has_unsaved_changes (DAYBOOK_PAGE (page)))
        return TRUE;
    }
  return FALSE;
}

/**
 * daybook_main_view_discard:
 *
 * Drops unsaved edits, because the user said so.
 */
void
daybook_main_view_discard (DaybookMainView *self)
{
  g_return_if_fail (DAYBOOK_IS_MAIN_VIEW (self));

  for (GtkWidget *page = first_page (self); page != NULL; page = gtk_widget_get_next_sibling (page))
    daybook_page_discard (DAYBOOK_PAGE (page));
}

void
daybook_main_view_show_page (DaybookMainView *self, const char *name)
{
  g_return_if_fail (DAYBOOK_IS_MAIN_VIEW (self));

  if (leave_current (self))
    show_content (self, name);
}

const char *
daybook_main_view_get_page_name (DaybookMainView *self)
{
  g_return_val_if_fail (DAYBOOK_IS_MAIN_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->content);
}

/**
 * daybook_main_view_get_page:
 *
 * Returns: (transfer none): the content page @name, for tests
 */
GtkWidget *
daybook_main_view_get_page (DaybookMainView *self, const char *name)
{
  g_return_val_if_fail (DAYBOOK_IS_MAIN_VIEW (self), NULL);

  return gtk_stack_get_child_by_name (self->content, name);
}

/**
 * daybook_main_view_add_toast:
 * @toast: (transfer full): a toast to show over the diary
 */
void
daybook_main_view_add_toast (DaybookMainView *self, AdwToast *toast)
{
  g_return_if_fail (DAYBOOK_IS_MAIN_VIEW (self));

  adw_toast_overlay_add_toast (self->toasts, toast);
}
