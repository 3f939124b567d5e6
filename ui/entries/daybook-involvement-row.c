/* daybook-involvement-row.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-involvement-row"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-involvement-row.h"

/* A person named in an entry, with the part they played. Names complete
 * from People, so the same person is spelled the same way each time. */

struct _DaybookInvolvementRow
{
  GtkListBoxRow parent_instance;

  GtkEntry *name_entry;
  GtkDropDown *role_dropdown;
};

G_DEFINE_FINAL_TYPE (DaybookInvolvementRow, daybook_involvement_row, GTK_TYPE_LIST_BOX_ROW)

enum
{
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed_cb (DaybookInvolvementRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_action (GtkWidget *widget, const char *name, GVariant *param)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
daybook_involvement_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DAYBOOK_TYPE_INVOLVEMENT_ROW);

  G_OBJECT_CLASS (daybook_involvement_row_parent_class)->dispose (object);
}

static void
daybook_involvement_row_class_init (DaybookInvolvementRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_involvement_row_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-involvement-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookInvolvementRow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, DaybookInvolvementRow, role_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);

  gtk_widget_class_install_action (widget_class, "involvement.remove", NULL, remove_action);
}

static void
daybook_involvement_row_init (DaybookInvolvementRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * daybook_involvement_row_new:
 * @names: (nullable): a one-column string model of known people
 */
GtkWidget *
daybook_involvement_row_new (const char *name, DaybookRole role, GtkTreeModel *names)
{
  DaybookInvolvementRow *self = g_object_new (DAYBOOK_TYPE_INVOLVEMENT_ROW, NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name != NULL ? name : "");
  gtk_drop_down_set_selected (self->role_dropdown, role);

  if (names != NULL)
    {
      g_autoptr (GtkEntryCompletion) completion = gtk_entry_completion_new ();

      gtk_entry_completion_set_model (completion, names);
      gtk_entry_completion_set_text_column (completion, 0);
      gtk_entry_completion_set_inline_completion (completion, TRUE);
      gtk_entry_completion_set_popup_single_match (completion, FALSE);
      gtk_entry_set_completion (self->name_entry, completion);
    }

  return GTK_WIDGET (self);
}

const char *
daybook_involvement_row_get_name (DaybookInvolvementRow *self)
{
  g_return_val_if_fail (DAYBOOK_IS_INVOLVEMENT_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
}

DaybookRole
daybook_involvement_row_get_role (DaybookInvolvementRow *self)
{
  guint selected;

  g_return_val_if_fail (DAYBOOK_IS_INVOLVEMENT_ROW (self), DAYBOOK_ROLE_OTHER);

  selected = gtk_drop_down_get_selected (self->role_dropdown);
  return selected <= DAYBOOK_ROLE_OTHER ? (DaybookRole)selected : DAYBOOK_ROLE_OTHER;
}

void
daybook_involvement_row_focus (DaybookInvolvementRow *self)
{
  g_return_if_fail (DAYBOOK_IS_INVOLVEMENT_ROW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}
