/* daybook-preferences-window.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-backup-page.h"
#include "daybook-preferences-window.h"
#include "daybook-security-group.h"
#include "daybook-swap.h"
#include "daybook-ui-util.h"

/* Preferences that could say something about the user live in the
 * encrypted diary, never in dconf. Each change is saved at once. */

#define DEFAULT_AUTOLOCK_MINUTES 5

struct _DaybookPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkSpinButton *autolock_spin;
  DaybookSecurityGroup *security_group;
  AdwPreferencesGroup *swap_group;
  AdwActionRow *swap_row;
  DaybookBackupPage *backup_page;

  DaybookDiary *diary;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (DaybookPreferencesWindow, daybook_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
autolock_changed_cb (DaybookPreferencesWindow *self)
{
  const char *keys[] = { DAYBOOK_SETTING_AUTOLOCK, NULL };
  g_autofree char *value = NULL;
  const char *values[2] = { NULL, NULL };
  g_autoptr (GError) error = NULL;

  if (self->loading || self->diary == NULL)
    return;
  value = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->autolock_spin));
  values[0] = value;
  if (!daybook_diary_set_settings (self->diary, keys, values, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (error->message));
}

static void
daybook_preferences_window_dispose (GObject *object)
{
  DaybookPreferencesWindow *self = DAYBOOK_PREFERENCES_WINDOW (object);

  g_clear_object (&self->diary);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (daybook_preferences_window_parent_class)->dispose (object);
}

static void
daybook_preferences_window_class_init (DaybookPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/org/daybook/Daybook/daybook-preferences-window.ui");
  g_type_ensure (DAYBOOK_TYPE_SECURITY_GROUP);
  g_type_ensure (DAYBOOK_TYPE_BACKUP_PAGE);

  gtk_widget_class_bind_template_child (widget_class, DaybookPreferencesWindow, autolock_spin);
  gtk_widget_class_bind_template_child (widget_class, DaybookPreferencesWindow, security_group);
  gtk_widget_class_bind_template_child (widget_class, DaybookPreferencesWindow, swap_group);
  gtk_widget_class_bind_template_child (widget_class, DaybookPreferencesWindow, swap_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookPreferencesWindow, backup_page);
  gtk_widget_class_bind_template_callback (widget_class, autolock_changed_cb);
}

/* A warning when what the window shows can end up on the disk
 * unencrypted (daybook-swap.c), or when that cannot be told; nothing
 * when swap is off or encrypted. */
static void
show_swap_warning (DaybookPreferencesWindow *self)
{
  gboolean hibernate = FALSE;
  DaybookSwapState state = daybook_swap_check ("/", &hibernate);
  g_autofree char *text = NULL;

  if (state == DAYBOOK_SWAP_PLAIN)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->swap_row),
                                     _ ("Swap space is not encrypted"));
      text = g_strconcat (
          _ ("When memory runs short, the system can move parts of what Daybook shows, such as "
             "entries and pictures, to the swap space on the disk, unencrypted. They can stay "
             "there after Daybook locks. To prevent this, turn on full-disk encryption or "
             "encrypted swap, or turn swap off."),
          hibernate ? " " : NULL,
          _ ("This computer can also hibernate, which writes all of its memory there."), NULL);
    }
  else if (state == DAYBOOK_SWAP_UNKNOWN)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->swap_row),
                                     _ ("Daybook cannot tell whether swap space is encrypted"));
      text = g_strdup (
          _ ("If it is not, parts of what Daybook shows, such as entries and pictures, can be "
             "written to the disk unencrypted when memory runs short or the computer "
             "hibernates. Full-disk encryption prevents this."));
    }
  if (text == NULL)
    return;
  adw_action_row_set_subtitle (self->swap_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->swap_group), TRUE);
}

static void
daybook_preferences_window_init (DaybookPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  daybook_window_size_follows_text (GTK_WINDOW (self));
  show_swap_warning (self);
}

GtkWidget *
daybook_preferences_window_new (DaybookDiary *diary)
{
  DaybookPreferencesWindow *self;
  g_autofree char *autolock = NULL;
  int minutes = DEFAULT_AUTOLOCK_MINUTES;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  self = g_object_new (DAYBOOK_TYPE_PREFERENCES_WINDOW, NULL);
  self->diary = g_object_ref (diary);
  daybook_security_group_set_diary (self->security_group, diary);
  daybook_backup_page_set_diary (self->backup_page, diary);

  autolock = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_AUTOLOCK);
  if (autolock != NULL && *autolock != '\0')
    minutes = (int)g_ascii_strtoll (autolock, NULL, 10);

  self->loading = TRUE;
  gtk_spin_button_set_value (self->autolock_spin, minutes);
  self->loading = FALSE;

  return GTK_WIDGET (self);
}
