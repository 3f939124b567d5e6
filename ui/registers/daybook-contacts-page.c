/* daybook-contacts-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-contacts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-page.h"
#include "daybook-ui-format.h"
#include "daybook-ui-util.h"

#include "daybook-contact-editor.h"
#include "daybook-contacts-page.h"

/* The Police contacts page: every contact not deleted, in the order they
 * happened, and the contact editor. */

struct _DaybookContactsPage
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkStack *list_stack;
  GtkListView *list_view;
  DaybookContactEditor *editor;

  GtkNoSelection *selection;
  DaybookDiary *diary;
};

static void daybook_contacts_page_iface_init (DaybookPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookContactsPage, daybook_contacts_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (DAYBOOK_TYPE_PAGE,
                                                      daybook_contacts_page_iface_init))

static void
reload (DaybookContactsPage *self)
{
  g_autoptr (GListModel) contacts = NULL;

  if (self->diary != NULL)
    contacts = daybook_diary_list_contacts (self->diary, NULL);
  gtk_no_selection_set_model (self->selection, contacts);
  gtk_stack_set_visible_child_name (
      self->list_stack,
      contacts != NULL && g_list_model_get_n_items (contacts) > 0 ? "list" : "empty");
}

static void
list_activate_cb (DaybookContactsPage *self, guint position)
{
  daybook_contacts_page_edit (self, position);
}

static void
editor_done_cb (DaybookContactsPage *self)
{
  daybook_contact_editor_clear (self->editor);
  reload (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_widget_add_css_class (box, "daybook-person-row");
  gtk_list_item_set_child (item, box);
}

static char *
describe (DaybookPoliceContact *contact)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  static const DaybookContactField fields[]
      = { DAYBOOK_CONTACT_FORCE, DAYBOOK_CONTACT_OFFICER, DAYBOOK_CONTACT_REFERENCE };
  const char *outcome = daybook_police_contact_get_field (contact, DAYBOOK_CONTACT_OUTCOME);
  guint n = daybook_police_contact_get_n_entries (contact);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *text = daybook_police_contact_get_field (contact, fields[i]);

      if (*text != '\0')
        g_ptr_array_add (parts, g_strdup (text));
    }
  if (*outcome != '\0')
    g_ptr_array_add (parts, g_strdup (daybook_contact_outcome_get_label (outcome)));
  if (n > 0)
    g_ptr_array_add (parts,
                     g_strdup_printf (ngettext ("%u entry reported", "%u entries reported", n), n));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, DaybookContactsPage *self)
{
  DaybookPoliceContact *contact = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *details = gtk_widget_get_next_sibling (title);
  g_autofree char *when = daybook_format_when_in_language (
      daybook_police_contact_get_when (contact), DAYBOOK_PRECISION_EXACT, NULL);
  /* TRANSLATORS: when the police were contacted, then how (999, 101, online…) */
  g_autofree char *heading = g_strdup_printf (
      _ ("%s, %s"), when, daybook_contact_how_get_label (daybook_police_contact_get_how (contact)));
  g_autofree char *text = describe (contact);

  gtk_label_set_text (GTK_LABEL (title), heading);
  gtk_label_set_text (GTK_LABEL (details), text);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  gtk_label_set_text (GTK_LABEL (title), "");
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), "");
}

static void
add_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookContactsPage *self = DAYBOOK_CONTACTS_PAGE (widget);

  if (self->diary == NULL || daybook_diary_is_read_only (self->diary))
    return;
  gtk_stack_set_visible_child_name (self->stack, "editor");
  daybook_contact_editor_edit (self->editor, NULL);
}

static void
daybook_contacts_page_dispose (GObject *object)
{
  DaybookContactsPage *self = DAYBOOK_CONTACTS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_CONTACTS_PAGE);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->diary);

  G_OBJECT_CLASS (daybook_contacts_page_parent_class)->dispose (object);
}

static void
daybook_contacts_page_class_init (DaybookContactsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_contacts_page_dispose;
  daybook_page_class_install_properties (object_class);

  g_type_ensure (DAYBOOK_TYPE_CONTACT_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-contacts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookContactsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactsPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_done_cb);

  gtk_widget_class_install_action (widget_class, "contacts.add", NULL, add_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_contacts_page_init (DaybookContactsPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  self->selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  reload (self);
}

static void
daybook_contacts_page_set_diary (DaybookPage *page, DaybookDiary *diary)
{
  DaybookContactsPage *self = DAYBOOK_CONTACTS_PAGE (page);

  daybook_contact_editor_set_diary (self->editor, diary);
  g_set_object (&self->diary, diary);
  gtk_stack_set_visible_child_name (self->stack, "list");
  reload (self);
}

static gboolean
daybook_contacts_page_save (DaybookPage *page, gboolean force, GError **error)
{
  return daybook_contact_editor_save (DAYBOOK_CONTACTS_PAGE (page)->editor, force, error);
}

/* Ctrl+S: a contact is one small record, saved at once. */
static void
daybook_contacts_page_save_in_background (DaybookPage *page)
{
  DaybookContactsPage *self = DAYBOOK_CONTACTS_PAGE (page);
  g_autoptr (GError) error = NULL;

  if (!daybook_contact_editor_has_unsaved_changes (self->editor))
    return;
  if (daybook_contact_editor_save (self->editor, FALSE, &error))
    /* TRANSLATORS: a short notice: the changes have been saved */
    daybook_page_add_toast (page, _ ("Saved"));
}

static gboolean
daybook_contacts_page_has_unsaved_changes (DaybookPage *page)
{
  return daybook_contact_editor_has_unsaved_changes (DAYBOOK_CONTACTS_PAGE (page)->editor);
}

static void
daybook_contacts_page_discard (DaybookPage *page)
{
  DaybookContactsPage *self = DAYBOOK_CONTACTS_PAGE (page);

  daybook_contact_editor_clear (self->editor);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
daybook_contacts_page_iface_init (DaybookPageInterface *iface)
{
  iface->set_diary = daybook_contacts_page_set_diary;
  iface->has_unsaved_changes = daybook_contacts_page_has_unsaved_changes;
  iface->save = daybook_contacts_page_save;
  iface->save_in_background = daybook_contacts_page_save_in_background;
  iface->discard = daybook_contacts_page_discard;
}

/**
 * daybook_contacts_page_edit:
 *
 * Opens the contact at @position of the list in the editor.
 */
void
daybook_contacts_page_edit (DaybookContactsPage *self, guint position)
{
  g_autoptr (DaybookPoliceContact) contact = NULL;
  GListModel *model;

  g_return_if_fail (DAYBOOK_IS_CONTACTS_PAGE (self));

  model = gtk_no_selection_get_model (self->selection);
  if (model == NULL)
    return;
  contact = g_list_model_get_item (model, position);
  if (contact == NULL)
    return;
  gtk_stack_set_visible_child_name (self->stack, "editor");
  daybook_contact_editor_edit (self->editor, contact);
}
