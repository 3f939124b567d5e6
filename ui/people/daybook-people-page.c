/* daybook-people-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-people-page"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-page.h"
#include "daybook-ui-util.h"

#include "daybook-people-page.h"
#include "daybook-person-editor.h"

struct _DaybookPeoplePage
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkStack *list_stack;
  GtkListView *list_view;
  DaybookPersonEditor *editor;

  GtkNoSelection *selection;
  DaybookDiary *diary;
};

static void daybook_people_page_iface_init (DaybookPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookPeoplePage, daybook_people_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (DAYBOOK_TYPE_PAGE,
                                                      daybook_people_page_iface_init))

enum
{
  SHOW_INCIDENTS,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
reload (DaybookPeoplePage *self)
{
  g_autoptr (GListModel) people = NULL;

  if (self->diary != NULL)
    people = daybook_diary_list_people (self->diary, NULL);
  gtk_no_selection_set_model (self->selection, people);
  gtk_stack_set_visible_child_name (
      self->list_stack, people != NULL && g_list_model_get_n_items (people) > 0 ? "list" : "empty");
}

static void
list_activate_cb (DaybookPeoplePage *self, guint position)
{
  daybook_people_page_edit (self, position);
}

static void
editor_saved_cb (DaybookPeoplePage *self)
{
  reload (self);
  g_signal_emit (self, signals[SAVED], 0);
}

static void
editor_done_cb (DaybookPeoplePage *self)
{
  daybook_person_editor_clear (self->editor);
  reload (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
editor_show_incidents_cb (DaybookPeoplePage *self, const char *name)
{
  g_signal_emit (self, signals[SHOW_INCIDENTS], 0, name);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *role = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (role), 0);
  gtk_widget_add_css_class (role, "dim-label");
  gtk_widget_add_css_class (role, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), role);
  gtk_widget_add_css_class (box, "daybook-person-row");
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  DaybookPerson *person = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *role = gtk_widget_get_next_sibling (name);

  gtk_label_set_text (GTK_LABEL (name), daybook_person_get_name (person));
  gtk_label_set_text (GTK_LABEL (role), daybook_role_get_label (daybook_person_get_role (person)));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  gtk_label_set_text (GTK_LABEL (name), "");
}

static void
add_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookPeoplePage *self = DAYBOOK_PEOPLE_PAGE (widget);

  if (self->diary == NULL)
    return;
  gtk_stack_set_visible_child_name (self->stack, "editor");
  daybook_person_editor_edit (self->editor, NULL);
}

static void
daybook_people_page_dispose (GObject *object)
{
  DaybookPeoplePage *self = DAYBOOK_PEOPLE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_PEOPLE_PAGE);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->diary);

  G_OBJECT_CLASS (daybook_people_page_parent_class)->dispose (object);
}

static void
daybook_people_page_class_init (DaybookPeoplePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_people_page_dispose;
  daybook_page_class_install_properties (object_class);

  /**
   * DaybookPeoplePage::show-incidents:
   * @name: the person whose entries to show in the timeline
   */
  signals[SHOW_INCIDENTS]
      = g_signal_new ("show-incidents", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * DaybookPeoplePage::saved:
   *
   * A save in the background (Ctrl+S) is done.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (DAYBOOK_TYPE_PERSON_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-people-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookPeoplePage, stack);
  gtk_widget_class_bind_template_child (widget_class, DaybookPeoplePage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DaybookPeoplePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DaybookPeoplePage, editor);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_show_incidents_cb);

  gtk_widget_class_install_action (widget_class, "people.add", NULL, add_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_people_page_init (DaybookPeoplePage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  self->selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->editor, "saved", G_CALLBACK (editor_saved_cb), self,
                           G_CONNECT_SWAPPED);
  reload (self);
}

static void
daybook_people_page_set_diary (DaybookPage *page, DaybookDiary *diary)
{
  DaybookPeoplePage *self = DAYBOOK_PEOPLE_PAGE (page);

  daybook_person_editor_set_diary (self->editor, diary);
  g_set_object (&self->diary, diary);
  gtk_stack_set_visible_child_name (self->stack, "list");
  reload (self);
}

/* Ctrl+S saves the person being edited in a worker thread; ::saved follows. */
static void
daybook_people_page_save_in_background (DaybookPage *page)
{
  daybook_person_editor_save_in_background (DAYBOOK_PEOPLE_PAGE (page)->editor);
}

static gboolean
daybook_people_page_save (DaybookPage *page, gboolean force, GError **error)
{
  return daybook_person_editor_save (DAYBOOK_PEOPLE_PAGE (page)->editor, error);
}

static gboolean
daybook_people_page_has_unsaved_changes (DaybookPage *page)
{
  return daybook_person_editor_has_unsaved_changes (DAYBOOK_PEOPLE_PAGE (page)->editor);
}

static void
daybook_people_page_discard (DaybookPage *page)
{
  DaybookPeoplePage *self = DAYBOOK_PEOPLE_PAGE (page);

  daybook_person_editor_clear (self->editor);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static DaybookAutosave *
daybook_people_page_get_autosave (DaybookPage *page)
{
  return daybook_person_editor_get_autosave (DAYBOOK_PEOPLE_PAGE (page)->editor);
}

static void
daybook_people_page_iface_init (DaybookPageInterface *iface)
{
  iface->set_diary = daybook_people_page_set_diary;
  iface->has_unsaved_changes = daybook_people_page_has_unsaved_changes;
  iface->save = daybook_people_page_save;
  iface->save_in_background = daybook_people_page_save_in_background;
  iface->discard = daybook_people_page_discard;
  iface->get_autosave = daybook_people_page_get_autosave;
}

/**
 * daybook_people_page_edit:
 *
 * Opens the person at @position of the list in the editor.
 */
void
daybook_people_page_edit (DaybookPeoplePage *self, guint position)
{
  g_autoptr (DaybookPerson) person = NULL;
  GListModel *model;

  g_return_if_fail (DAYBOOK_IS_PEOPLE_PAGE (self));

  model = gtk_no_selection_get_model (self->selection);
  if (model == NULL)
    return;
  person = g_list_model_get_item (model, position);
  if (person == NULL)
    return;
  gtk_stack_set_visible_child_name (self->stack, "editor");
  daybook_person_editor_edit (self->editor, person);
}
