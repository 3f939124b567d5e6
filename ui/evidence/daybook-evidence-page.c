/* daybook-evidence-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-evidence-page"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-page.h"
#include "daybook-ui-util.h"

#include "daybook-attachment-strip.h"
#include "daybook-attachment-viewer.h"
#include "daybook-evidence-page.h"
#include "daybook-importer.h"
#include "daybook-remove-original.h"

/*
 * Every exhibit in the diary, in mark order: thumbnail, mark, name, size,
 * type and the entries citing it. Evidence can be added here before
 * deciding which entry it belongs to (the "Unlinked" filter finds it
 * again) and linked later from the viewer.
 */

struct _DaybookEvidencePage
{
  GtkWidget parent_instance;

  AdwWindowTitle *heading;
  GtkToggleButton *unlinked_toggle;
  GtkRevealer *progress_revealer;
  GtkLabel *progress_label;
  GtkProgressBar *progress_bar;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkStack *stack;
  AdwStatusPage *empty_status;
  GtkListView *list_view;

  DaybookDiary *diary;
  GListStore *store;
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
  DaybookImporter *importer;
  GtkFileChooserNative *chooser;
};

static void daybook_evidence_page_iface_init (DaybookPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookEvidencePage, daybook_evidence_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (DAYBOOK_TYPE_PAGE,
                                                      daybook_evidence_page_iface_init))

static void
show_error (DaybookEvidencePage *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static gboolean
filter_func (gpointer item, gpointer data)
{
  DaybookEvidencePage *self = data;
  GArray *incidents = daybook_attachment_get_incidents (item);

  return !gtk_toggle_button_get_active (self->unlinked_toggle) || incidents == NULL
         || incidents->len == 0;
}

static void
update_state (DaybookEvidencePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *subtitle = NULL;

  if (all > 0)
    subtitle = g_strdup_printf (ngettext ("%u exhibit", "%u exhibits", all), all);
  adw_window_title_set_subtitle (self->heading, subtitle != NULL ? subtitle : "");
  if (n == 0 && all > 0)
    {
      adw_status_page_set_title (self->empty_status, _ ("Everything Is Linked"));
      adw_status_page_set_description (self->empty_status,
                                       _ ("Every exhibit is cited by at least one entry."));
    }
  else
    {
      adw_status_page_set_title (self->empty_status, _ ("No Evidence Yet"));
      adw_status_page_set_description (
          self->empty_status,
          _ ("Drop screenshots, photos, recordings or e-mails here, or attach them to an entry. "
             "They are kept encrypted inside the diary."));
    }
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evidence.add", self->diary != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evidence.cancel",
                                 daybook_importer_is_busy (self->importer));
}

static char *
describe (DaybookAttachment *a)
{
  GArray *incidents = daybook_attachment_get_incidents (a);
  g_autofree char *size = g_format_size (daybook_attachment_get_size (a));
  g_autoptr (GString) links = g_string_new (NULL);

  if (incidents == NULL || incidents->len == 0)
    /* TRANSLATORS: an exhibit not yet linked to any entry */
    g_string_append (links, _ ("Unlinked"));
  else
    {
      g_string_append (links, ngettext ("Entry", "Entries", incidents->len));
      for (guint i = 0; i < incidents->len; i++)
        g_string_append_printf (links, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : " ",
                                g_array_index (incidents, gint64, i));
    }
  return g_strdup_printf ("%s · %s · %s", size, daybook_attachment_get_media_type (a), links->str);
}

static void
setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *thumb = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *mark = gtk_label_new (NULL);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_size_request (thumb, 56, 56);
  gtk_widget_add_css_class (mark, "heading");
  gtk_widget_set_size_request (mark, 64, -1);
  gtk_label_set_xalign (GTK_LABEL (mark), 0);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (box), thumb);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, DaybookEvidencePage *self)
{
  DaybookAttachment *a = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *thumb = gtk_widget_get_first_child (box);
  GtkWidget *mark = gtk_widget_get_next_sibling (thumb);
  GtkWidget *text = gtk_widget_get_next_sibling (mark);
  GtkWidget *title = gtk_widget_get_first_child (text);
  g_autofree char *subtitle = describe (a);
  g_autofree char *label = NULL;
  GtkWidget *old;

  while ((old = gtk_widget_get_first_child (thumb)) != NULL)
    gtk_box_remove (GTK_BOX (thumb), old);
  if (self->diary != NULL)
    gtk_box_append (GTK_BOX (thumb), daybook_attachment_thumbnail_new (self->diary, a, 56));
  gtk_label_set_text (GTK_LABEL (mark), daybook_attachment_get_mark (a));
  gtk_label_set_text (GTK_LABEL (title), daybook_attachment_get_filename (a));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), subtitle);
  label = g_strdup_printf ("%s, %s, %s", daybook_attachment_get_mark (a),
                           daybook_attachment_get_filename (a), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
list_activate_cb (DaybookEvidencePage *self, guint position)
{
  g_autoptr (DaybookAttachment) a = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (a != NULL && self->diary != NULL)
    daybook_attachment_viewer_show (GTK_WIDGET (self), self->diary, a);
}

static void
unlinked_toggled_cb (DaybookEvidencePage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

static void
importer_progress_cb (DaybookEvidencePage *self)
{
  const char *name = daybook_importer_get_current_name (self->importer);
  g_autofree char *text = NULL;

  if (name == NULL)
    return;
  text = g_strdup_printf (_ ("Adding %s…"), name);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 daybook_importer_get_fraction (self->importer));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_state (self);
}

static void
importer_failed_cb (DaybookEvidencePage *self, const char *message)
{
  show_error (self, message);
}

static void
importer_idle_cb (DaybookEvidencePage *self)
{
  g_autoptr (GPtrArray) originals = daybook_importer_take_originals (self->importer);

  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  daybook_evidence_page_reload (self);
  daybook_remove_original_offer (GTK_WIDGET (self), originals);
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, DaybookEvidencePage *self)
{
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->diary == NULL)
    return FALSE;
  _daybook_evidence_page_add_files (self, g_value_get_boxed (value));
  return TRUE;
}

static void
add_action (GtkWidget *widget, const char *name, GVariant *param)
{
  daybook_files_chooser_show (widget, _ ("Add Evidence"), _ ("_Add"),
                              &DAYBOOK_EVIDENCE_PAGE (widget)->chooser,
                              (DaybookFilesChosenFunc)_daybook_evidence_page_add_files);
}

static void
cancel_action (GtkWidget *widget, const char *name, GVariant *param)
{
  daybook_importer_cancel (DAYBOOK_EVIDENCE_PAGE (widget)->importer);
}

static void
daybook_evidence_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (daybook_evidence_page_parent_class)->map (widget);
  /* Links change in the editor; the list is fresh each time it is shown. */
  daybook_evidence_page_reload (DAYBOOK_EVIDENCE_PAGE (widget));
}

static void
daybook_evidence_page_dispose (GObject *object)
{
  DaybookEvidencePage *self = DAYBOOK_EVIDENCE_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->importer != NULL)
    daybook_importer_cancel (self->importer);
  g_clear_object (&self->importer);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_EVIDENCE_PAGE);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->filtered);
  g_clear_object (&self->store);
  g_clear_object (&self->diary);

  G_OBJECT_CLASS (daybook_evidence_page_parent_class)->dispose (object);
}

static void
daybook_evidence_page_class_init (DaybookEvidencePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_evidence_page_dispose;
  daybook_page_class_install_properties (object_class);
  widget_class->map = daybook_evidence_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-evidence-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, DaybookEvidencePage, name)
  BIND (heading);
  BIND (unlinked_toggle);
  BIND (progress_revealer);
  BIND (progress_label);
  BIND (progress_bar);
  BIND (error_revealer);
  BIND (error_label);
  BIND (stack);
  BIND (empty_status);
  BIND (list_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlinked_toggled_cb);

  gtk_widget_class_install_action (widget_class, "evidence.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "evidence.cancel", NULL, cancel_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_evidence_page_init (DaybookEvidencePage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (DAYBOOK_TYPE_ATTACHMENT);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                              GTK_FILTER (self->filter));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (gtk_no_selection_new (
                                                g_object_ref (G_LIST_MODEL (self->filtered)))));

  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  self->importer = daybook_importer_new ();
  g_signal_connect_object (self->importer, "progress", G_CALLBACK (importer_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->importer, "failed", G_CALLBACK (importer_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->importer, "idle", G_CALLBACK (importer_idle_cb), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
}

static void
daybook_evidence_page_set_diary (DaybookPage *page, DaybookDiary *diary)
{
  DaybookEvidencePage *self = DAYBOOK_EVIDENCE_PAGE (page);

  if (diary == NULL)
    daybook_importer_cancel (self->importer);
  g_set_object (&self->diary, diary);
  show_error (self, NULL);
  daybook_evidence_page_reload (self);
}

static void
daybook_evidence_page_iface_init (DaybookPageInterface *iface)
{
  iface->set_diary = daybook_evidence_page_set_diary;
}

void
daybook_evidence_page_reload (DaybookEvidencePage *self)
{
  g_autoptr (GListModel) all = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (DAYBOOK_IS_EVIDENCE_PAGE (self));

  if (self->diary != NULL)
    {
      all = daybook_diary_list_attachments (self->diary, 0, &error);
      if (all == NULL)
        show_error (self, error->message);
      for (guint i = 0; all != NULL && i < g_list_model_get_n_items (all); i++)
        g_ptr_array_add (items, g_list_model_get_item (all, i));
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  update_state (self);
}

/**
 * daybook_evidence_page_get_model:
 *
 * Returns: (transfer none): the attachments shown, after the filter
 */
GListModel *
daybook_evidence_page_get_model (DaybookEvidencePage *self)
{
  g_return_val_if_fail (DAYBOOK_IS_EVIDENCE_PAGE (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

/**
 * _daybook_evidence_page_add_files:
 * @files: (element-type GFile): added unlinked, to be linked later
 */
void
_daybook_evidence_page_add_files (DaybookEvidencePage *self, GList *files)
{
  show_error (self, NULL);
  if (self->diary != NULL && files != NULL)
    daybook_importer_add_files (self->importer, self->diary, files, 0);
}

gboolean
_daybook_evidence_page_is_busy (DaybookEvidencePage *self)
{
  return daybook_importer_is_busy (self->importer);
}

void
_daybook_evidence_page_set_unlinked_only (DaybookEvidencePage *self, gboolean unlinked)
{
  gtk_toggle_button_set_active (self->unlinked_toggle, unlinked);
}
