/* daybook-create-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-create-page"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "daybook-ui-util.h"

#include "daybook-create-page.h"
#include "daybook-diary.h"
#include "daybook-keyfile.h"
#include "daybook-passphrase.h"
#include "daybook-ui-format.h"

/*
 * First run: a welcome, then the passphrase (twice, with a strength meter
 * and a plain warning), then the recovery code, shown once. The diary is
 * handed to the window only after the code was confirmed written down.
 */

struct _DaybookCreatePage
{
  GtkWidget parent_instance;

  GtkStack *steps;
  GtkWidget *start_button;
  GtkPasswordEntry *passphrase_entry;
  GtkPasswordEntry *repeat_entry;
  GtkLevelBar *strength_bar;
  GtkLabel *strength_label;
  GtkWidget *weak_box;
  GtkCheckButton *weak_check;
  GtkLabel *error_label;
  GtkSpinner *spinner;
  GtkLabel *progress_label;
  GtkLabel *code_label;
  GtkCheckButton *written_check;

  char *dir;
  GCancellable *cancellable;
  DaybookDiary *diary;
};

G_DEFINE_FINAL_TYPE (DaybookCreatePage, daybook_create_page, GTK_TYPE_WIDGET)

enum
{
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (DaybookCreatePage *self, gboolean busy)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* A focused entry made insensitive never gets its focus-out: move the
   * focus away first. */
  if (busy && root != NULL)
    gtk_root_set_focus (root, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->repeat_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->weak_check), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.create", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.back", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), busy);
}

static void
show_error (DaybookCreatePage *self, const char *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
}

static void
clear_entries (DaybookCreatePage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_entry), "");
}

static void
update_continue (DaybookCreatePage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.continue",
                                 gtk_check_button_get_active (self->written_check));
}

static void
passphrase_changed_cb (DaybookCreatePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_entry));
  DaybookStrength strength = daybook_passphrase_strength (text, NULL);

  gtk_level_bar_set_value (self->strength_bar, strength);
  gtk_label_set_text (self->strength_label, daybook_strength_get_label (strength));
  /* A screen reader reads the meter's value in words, as it is shown. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->strength_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                  daybook_strength_get_label (strength), -1);
  /* "Use it anyway" holds for the passphrase it was ticked for only. */
  gtk_check_button_set_active (self->weak_check, FALSE);
  gtk_widget_set_visible (self->weak_box,
                          strength != DAYBOOK_STRENGTH_NONE && daybook_strength_is_weak (strength));
  show_error (self, NULL);
}

static void
weak_toggled_cb (DaybookCreatePage *self)
{
  show_error (self, NULL);
}

static void
repeat_changed_cb (DaybookCreatePage *self)
{
  show_error (self, NULL);
}

static void
passphrase_activate_cb (DaybookCreatePage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->repeat_entry));
}

static void
repeat_activate_cb (DaybookCreatePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "create.create", NULL);
}

static void
created_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookCreatePage) self = user_data;
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) shown = NULL;

  diary = daybook_diary_create_finish (result, &code, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (diary == NULL)
    {
      show_error (self, error->message);
      return;
    }

  self->diary = g_steal_pointer (&diary);
  shown = daybook_recovery_code_format_lines (code, "\n");
  gtk_label_set_text (self->code_label, (const char *)daybook_secret_peek (shown));
  gtk_check_button_set_active (self->written_check, FALSE);
  update_continue (self);
  gtk_stack_set_visible_child_name (self->steps, "recovery");
  gtk_widget_grab_focus (GTK_WIDGET (self->written_check));
}

static void
start_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookCreatePage *self = DAYBOOK_CREATE_PAGE (widget);

  gtk_stack_set_visible_child_name (self->steps, "passphrase");
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_entry));
}

static void
back_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookCreatePage *self = DAYBOOK_CREATE_PAGE (widget);

  clear_entries (self);
  show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->steps, "welcome");
  gtk_widget_grab_focus (self->start_button);
}

static void
create_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookCreatePage *self = DAYBOOK_CREATE_PAGE (widget);
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_entry));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_entry));
  DaybookPassphraseProblem problem
      = daybook_passphrase_check (pass, repeat, gtk_check_button_get_active (self->weak_check));
  g_autoptr (DaybookSecret) secret = NULL;

  if (problem != DAYBOOK_PASSPHRASE_OK)
    {
      /* Emptying the entry clears the message: empty it first. */
      if (problem == DAYBOOK_PASSPHRASE_MISMATCH)
        gtk_editable_set_text (GTK_EDITABLE (self->repeat_entry), "");
      show_error (self, daybook_passphrase_problem_message (problem));
      gtk_widget_grab_focus (problem == DAYBOOK_PASSPHRASE_MISMATCH
                                 ? GTK_WIDGET (self->repeat_entry)
                                 : GTK_WIDGET (self->passphrase_entry));
      return;
    }

  /* From here on the passphrase lives only in secure memory. */
  secret = daybook_secret_new_from_data (pass, strlen (pass));
  clear_entries (self);
  show_error (self, NULL);
  set_busy (self, TRUE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  daybook_diary_create_async (self->dir, secret, self->cancellable, created_cb,
                              g_object_ref (self));
}

static void
continue_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookCreatePage *self = DAYBOOK_CREATE_PAGE (widget);
  g_autoptr (DaybookDiary) diary = g_steal_pointer (&self->diary);

  if (diary == NULL || !gtk_check_button_get_active (self->written_check))
    return;

  gtk_label_set_text (self->code_label, "");
  gtk_check_button_set_active (self->written_check, FALSE);
  gtk_stack_set_visible_child_name (self->steps, "welcome");
  g_signal_emit (self, signals[CREATED], 0, diary);
}

static void
daybook_create_page_dispose (GObject *object)
{
  DaybookCreatePage *self = DAYBOOK_CREATE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->diary != NULL)
    daybook_diary_close (self->diary);
  g_clear_object (&self->diary);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_CREATE_PAGE);
  daybook_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (daybook_create_page_parent_class)->dispose (object);
}

static void
daybook_create_page_finalize (GObject *object)
{
  DaybookCreatePage *self = DAYBOOK_CREATE_PAGE (object);

  g_free (self->dir);

  G_OBJECT_CLASS (daybook_create_page_parent_class)->finalize (object);
}

static void
daybook_create_page_class_init (DaybookCreatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_create_page_dispose;
  object_class->finalize = daybook_create_page_finalize;

  /**
   * DaybookCreatePage::created:
   * @diary: the new diary, open
   *
   * The diary exists and its recovery code was written down.
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, DAYBOOK_TYPE_DIARY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-create-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, steps);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, passphrase_entry);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, repeat_entry);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, strength_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, weak_box);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, weak_check);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, code_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookCreatePage, written_check);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, repeat_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, weak_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, repeat_activate_cb);

  gtk_widget_class_install_action (widget_class, "create.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "create.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "create.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "create.continue", NULL, continue_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_create_page_init (DaybookCreatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW, 2.0);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 4.0);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL, 5.0);
  g_signal_connect_object (self->written_check, "notify::active", G_CALLBACK (update_continue),
                           self, G_CONNECT_SWAPPED);
  update_continue (self);
}

void
daybook_create_page_set_dir (DaybookCreatePage *self, const char *dir)
{
  g_return_if_fail (DAYBOOK_IS_CREATE_PAGE (self));

  g_free (self->dir);
  self->dir = g_strdup (dir);
}

/**
 * daybook_create_page_get_step:
 *
 * Returns: "welcome", "passphrase" or "recovery"
 */
const char *
daybook_create_page_get_step (DaybookCreatePage *self)
{
  g_return_val_if_fail (DAYBOOK_IS_CREATE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->steps);
}

/**
 * daybook_create_page_focus:
 *
 * Puts the focus where the current step starts, so that the whole first
 * run can be done from the keyboard.
 */
void
daybook_create_page_focus (DaybookCreatePage *self)
{
  const char *step;

  g_return_if_fail (DAYBOOK_IS_CREATE_PAGE (self));

  step = gtk_stack_get_visible_child_name (self->steps);
  if (g_strcmp0 (step, "passphrase") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_entry));
  else if (g_strcmp0 (step, "recovery") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->written_check));
  else
    gtk_widget_grab_focus (self->start_button);
}
