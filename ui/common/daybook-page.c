/* daybook-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-page"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "daybook-page.h"

/*
 * A page of the main view (GNOME Calendar's GcalView is the model). The
 * main view binds its leaflet's folding to every page's "folded" and
 * calls the rest through the interface. "folded" is the same for every
 * page, so it is kept here, as object data, rather than in each page:
 * daybook_page_class_install_properties() gives a page the property and
 * its accessors in one call.
 */

G_DEFINE_INTERFACE (DaybookPage, daybook_page, GTK_TYPE_WIDGET)

static GQuark folded_quark;

static gboolean
daybook_page_real_has_unsaved_changes (DaybookPage *self)
{
  return FALSE;
}

static gboolean
daybook_page_real_save (DaybookPage *self, gboolean force, GError **error)
{
  return TRUE;
}

static void
daybook_page_real_save_in_background (DaybookPage *self)
{
}

static void
daybook_page_real_discard (DaybookPage *self)
{
}

static DaybookAutosave *
daybook_page_real_get_autosave (DaybookPage *self)
{
  return NULL;
}

static void
save_now (GTask *task)
{
  DaybookPage *self = g_task_get_source_object (task);
  gboolean force = GPOINTER_TO_INT (g_task_get_task_data (task));
  GError *error = NULL;

  if (daybook_page_save (self, force, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
autosave_waited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!daybook_autosave_wait_finish (DAYBOOK_AUTOSAVE (source), result, &error))
    g_task_return_error (task, error);
  else
    save_now (task);
}

static void
daybook_page_default_init (DaybookPageInterface *iface)
{
  folded_quark = g_quark_from_static_string ("daybook-page-folded");

  iface->has_unsaved_changes = daybook_page_real_has_unsaved_changes;
  iface->save = daybook_page_real_save;
  iface->save_in_background = daybook_page_real_save_in_background;
  iface->discard = daybook_page_real_discard;
  iface->get_autosave = daybook_page_real_get_autosave;

  /**
   * DaybookPage:folded:
   *
   * Whether the window is narrow and the sidebar hidden: the page then
   * shows a way back to it.
   */
  g_object_interface_install_property (
      iface,
      g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

/**
 * daybook_page_class_install_properties:
 *
 * Gives a page class the interface's properties, with get_property and
 * set_property that keep them. Call from class_init. A page with
 * properties of its own sets its own get_property and set_property after
 * this call and chains to daybook_page_get_property() and
 * daybook_page_set_property() for the ids below DAYBOOK_PAGE_N_PROPS.
 */
void
daybook_page_class_install_properties (GObjectClass *klass)
{
  klass->get_property = daybook_page_get_property;
  klass->set_property = daybook_page_set_property;
  g_object_class_override_property (klass, DAYBOOK_PAGE_PROP_FOLDED, "folded");
}

void
daybook_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case DAYBOOK_PAGE_PROP_FOLDED:
      g_value_set_boolean (value, daybook_page_get_folded (DAYBOOK_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
daybook_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case DAYBOOK_PAGE_PROP_FOLDED:
      daybook_page_set_folded (DAYBOOK_PAGE (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/**
 * daybook_page_set_diary:
 * @diary: (nullable): the open diary, or %NULL to empty the page
 */
void
daybook_page_set_diary (DaybookPage *self, DaybookDiary *diary)
{
  g_return_if_fail (DAYBOOK_IS_PAGE (self));
  g_return_if_fail (diary == NULL || DAYBOOK_IS_DIARY (diary));

  DAYBOOK_PAGE_GET_IFACE (self)->set_diary (self, diary);
}

gboolean
daybook_page_has_unsaved_changes (DaybookPage *self)
{
  g_return_val_if_fail (DAYBOOK_IS_PAGE (self), FALSE);

  return DAYBOOK_PAGE_GET_IFACE (self)->has_unsaved_changes (self);
}

/**
 * daybook_page_save:
 * @force: keep what cannot be read (a date that does not parse) rather
 *   than fail: for locking and quitting
 *
 * Saves what the page edits, if anything, at once.
 */
gboolean
daybook_page_save (DaybookPage *self, gboolean force, GError **error)
{
  g_return_val_if_fail (DAYBOOK_IS_PAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DAYBOOK_PAGE_GET_IFACE (self)->save (self, force, error);
}

/**
 * daybook_page_save_async:
 * @force: as for daybook_page_save()
 *
 * Saves what the page edits once the save it has under way in the
 * background, if any, is done: without waiting on the main thread, and
 * without saving the same new entry twice.
 */
void
daybook_page_save_async (DaybookPage *self, gboolean force, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  DaybookAutosave *autosave;

  g_return_if_fail (DAYBOOK_IS_PAGE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, daybook_page_save_async);
  g_task_set_task_data (task, GINT_TO_POINTER (!!force), NULL);
  autosave = DAYBOOK_PAGE_GET_IFACE (self)->get_autosave (self);
  if (autosave == NULL)
    save_now (task);
  else
    daybook_autosave_wait_async (autosave, cancellable, autosave_waited_cb,
                                 g_steal_pointer (&task));
}

gboolean
daybook_page_save_finish (DaybookPage *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * daybook_page_save_in_background:
 *
 * Ctrl+S: saves without holding up typing. The page says when it is done
 * or why not.
 */
void
daybook_page_save_in_background (DaybookPage *self)
{
  g_return_if_fail (DAYBOOK_IS_PAGE (self));

  DAYBOOK_PAGE_GET_IFACE (self)->save_in_background (self);
}

void
daybook_page_discard (DaybookPage *self)
{
  g_return_if_fail (DAYBOOK_IS_PAGE (self));

  DAYBOOK_PAGE_GET_IFACE (self)->discard (self);
}

gboolean
daybook_page_get_folded (DaybookPage *self)
{
  g_return_val_if_fail (DAYBOOK_IS_PAGE (self), FALSE);

  return GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (self), folded_quark));
}

void
daybook_page_set_folded (DaybookPage *self, gboolean folded)
{
  g_return_if_fail (DAYBOOK_IS_PAGE (self));

  folded = !!folded;
  if (daybook_page_get_folded (self) == folded)
    return;
  g_object_set_qdata (G_OBJECT (self), folded_quark, GINT_TO_POINTER (folded));
  g_object_notify (G_OBJECT (self), "folded");
}

/**
 * daybook_page_add_toast:
 *
 * Shows @text briefly over the main view the page is in.
 */
void
daybook_page_add_toast (DaybookPage *self, const char *text)
{
  GtkWidget *overlay;
  AdwToast *toast;

  g_return_if_fail (DAYBOOK_IS_PAGE (self));
  g_return_if_fail (text != NULL);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/**
 * daybook_save_button_set_unsaved:
 * @button: a page's Save button
 * @unsaved: whether the page holds changes not stored yet
 *
 * The Save button is highlighted only while there is something to save,
 * so a highlighted button after Ctrl+S never suggests that something was
 * left unsaved.
 */
void
daybook_save_button_set_unsaved (GtkWidget *button, gboolean unsaved)
{
  g_return_if_fail (GTK_IS_WIDGET (button));

  if (unsaved)
    gtk_widget_add_css_class (button, "suggested-action");
  else
    gtk_widget_remove_css_class (button, "suggested-action");
  /* Not by colour alone (high contrast, colour blindness): in words too,
     shown on hover and read out by a screen reader. */
  {
    const char *plain = g_object_get_data (G_OBJECT (button), "daybook-plain-tooltip");
    g_autofree char *tooltip = NULL;

    if (plain == NULL)
      {
        const char *now = gtk_widget_get_tooltip_text (button);

        g_object_set_data_full (G_OBJECT (button), "daybook-plain-tooltip",
                                g_strdup (now != NULL ? now : ""), g_free);
        plain = g_object_get_data (G_OBJECT (button), "daybook-plain-tooltip");
      }
    if (unsaved)
      tooltip = plain[0] != '\0' ? g_strconcat (plain, "\n", _ ("Not saved"), NULL)
                                 : g_strdup (_ ("Not saved"));
    gtk_widget_set_tooltip_text (button, tooltip != NULL ? tooltip : plain);
  }
  if (unsaved)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    _ ("Not saved"), -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}
