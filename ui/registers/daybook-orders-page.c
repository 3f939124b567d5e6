/* daybook-orders-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-page.h"
#include "daybook-ui-util.h"

#include "daybook-order-editor.h"
#include "daybook-orders-page.h"

/* The Orders page: every order not deleted, with how many entries are
 * marked as possible breaches of it, and the order editor. */

struct _DaybookOrdersPage
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkStack *list_stack;
  GtkListView *list_view;
  DaybookOrderEditor *editor;

  GtkNoSelection *selection;
  GHashTable *breaches; /* order id → entries marking a breach of it */
  DaybookDiary *diary;
};

static void daybook_orders_page_iface_init (DaybookPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookOrdersPage, daybook_orders_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (DAYBOOK_TYPE_PAGE,
                                                      daybook_orders_page_iface_init))

static void
reload (DaybookOrdersPage *self)
{
  g_autoptr (GListModel) orders = NULL;
  g_autoptr (GArray) marks = NULL;

  g_hash_table_remove_all (self->breaches);
  if (self->diary != NULL)
    {
      orders = daybook_diary_list_orders (self->diary, NULL);
      marks = daybook_diary_list_breaches (self->diary, NULL);
    }
  /* Entries, not marks: an entry breaching two terms of one order counts once. */
  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const DaybookBreachMark *mark = &g_array_index (marks, DaybookBreachMark, i);
      GHashTable *entries = g_hash_table_lookup (self->breaches, &mark->order_id);

      if (entries == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          *key = mark->order_id;
          entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_insert (self->breaches, key, entries);
        }
      g_hash_table_add (entries, g_memdup2 (&mark->number, sizeof (gint64)));
    }
  gtk_no_selection_set_model (self->selection, orders);
  gtk_stack_set_visible_child_name (
      self->list_stack, orders != NULL && g_list_model_get_n_items (orders) > 0 ? "list" : "empty");
}

static void
list_activate_cb (DaybookOrdersPage *self, guint position)
{
  daybook_orders_page_edit (self, position);
}

static void
editor_done_cb (DaybookOrdersPage *self)
{
  daybook_order_editor_clear (self->editor);
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
describe (DaybookOrdersPage *self, DaybookOrder *order)
{
  g_autoptr (GString) text = g_string_new (NULL);
  GHashTable *entries = NULL;
  gint64 id = daybook_order_get_id (order);
  guint terms = 0;
  const char *made = daybook_order_get_field (order, DAYBOOK_ORDER_MADE_ON);
  const char *expires = daybook_order_get_field (order, DAYBOOK_ORDER_EXPIRES_ON);

  for (guint i = 0; i < daybook_order_get_n_terms (order); i++)
    if (!daybook_order_get_term (order, i)->deleted)
      terms++;
  g_string_append_printf (text, ngettext ("%u term", "%u terms", terms), terms);
  if (*made != '\0')
    {
      g_string_append (text, " · ");
      /* TRANSLATORS: %s is a date, year-month-day */
      g_string_append_printf (text, _ ("made %s"), made);
    }
  if (*expires != '\0')
    {
      g_string_append (text, " · ");
      /* TRANSLATORS: %s is a date, year-month-day */
      g_string_append_printf (text, _ ("expires %s"), expires);
    }
  entries = g_hash_table_lookup (self->breaches, &id);
  if (entries != NULL)
    {
      guint n = g_hash_table_size (entries);

      g_string_append (text, " · ");
      g_string_append_printf (text,
                              ngettext ("%u entry marked as a possible breach",
                                        "%u entries marked as possible breaches", n),
                              n);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, DaybookOrdersPage *self)
{
  DaybookOrder *order = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *details = gtk_widget_get_next_sibling (title);
  g_autofree char *heading = daybook_order_dup_title (order);
  g_autofree char *text = describe (self, order);

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
  DaybookOrdersPage *self = DAYBOOK_ORDERS_PAGE (widget);

  if (self->diary == NULL || daybook_diary_is_read_only (self->diary))
    return;
  gtk_stack_set_visible_child_name (self->stack, "editor");
  daybook_order_editor_edit (self->editor, NULL);
}

static void
daybook_orders_page_dispose (GObject *object)
{
  DaybookOrdersPage *self = DAYBOOK_ORDERS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_ORDERS_PAGE);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->diary);
  g_clear_pointer (&self->breaches, g_hash_table_unref);

  G_OBJECT_CLASS (daybook_orders_page_parent_class)->dispose (object);
}

static void
daybook_orders_page_class_init (DaybookOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_orders_page_dispose;
  daybook_page_class_install_properties (object_class);

  g_type_ensure (DAYBOOK_TYPE_ORDER_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookOrdersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrdersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrdersPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrdersPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_done_cb);

  gtk_widget_class_install_action (widget_class, "orders.add", NULL, add_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_orders_page_init (DaybookOrdersPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->breaches = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify)g_hash_table_unref);

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
daybook_orders_page_set_diary (DaybookPage *page, DaybookDiary *diary)
{
  DaybookOrdersPage *self = DAYBOOK_ORDERS_PAGE (page);

  daybook_order_editor_set_diary (self->editor, diary);
  g_set_object (&self->diary, diary);
  gtk_stack_set_visible_child_name (self->stack, "list");
  reload (self);
}

static gboolean
daybook_orders_page_save (DaybookPage *page, gboolean force, GError **error)
{
  return daybook_order_editor_save (DAYBOOK_ORDERS_PAGE (page)->editor, error);
}

/* Ctrl+S: an order is one small record, saved at once. */
static void
daybook_orders_page_save_in_background (DaybookPage *page)
{
  DaybookOrdersPage *self = DAYBOOK_ORDERS_PAGE (page);
  g_autoptr (GError) error = NULL;

  if (!daybook_order_editor_has_unsaved_changes (self->editor))
    return;
  if (daybook_order_editor_save (self->editor, &error))
    /* TRANSLATORS: a short notice: the changes have been saved */
    daybook_page_add_toast (page, _ ("Saved"));
}

static gboolean
daybook_orders_page_has_unsaved_changes (DaybookPage *page)
{
  return daybook_order_editor_has_unsaved_changes (DAYBOOK_ORDERS_PAGE (page)->editor);
}

static void
daybook_orders_page_discard (DaybookPage *page)
{
  DaybookOrdersPage *self = DAYBOOK_ORDERS_PAGE (page);

  daybook_order_editor_clear (self->editor);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
daybook_orders_page_iface_init (DaybookPageInterface *iface)
{
  iface->set_diary = daybook_orders_page_set_diary;
  iface->has_unsaved_changes = daybook_orders_page_has_unsaved_changes;
  iface->save = daybook_orders_page_save;
  iface->save_in_background = daybook_orders_page_save_in_background;
  iface->discard = daybook_orders_page_discard;
}

/**
 * daybook_orders_page_edit:
 *
 * Opens the order at @position of the list in the editor.
 */
void
daybook_orders_page_edit (DaybookOrdersPage *self, guint position)
{
  g_autoptr (DaybookOrder) order = NULL;
  GListModel *model;

  g_return_if_fail (DAYBOOK_IS_ORDERS_PAGE (self));

  model = gtk_no_selection_get_model (self->selection);
  if (model == NULL)
    return;
  order = g_list_model_get_item (model, position);
  if (order == NULL)
    return;
  gtk_stack_set_visible_child_name (self->stack, "editor");
  daybook_order_editor_edit (self->editor, order);
}
