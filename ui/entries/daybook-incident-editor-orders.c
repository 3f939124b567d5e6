/* daybook-incident-editor-orders.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-incident-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-incident-editor-private.h"
#include "daybook-registers.h"
#include "daybook-ui-format.h"

/*
 * Orders and police contacts in the incident editor. The breaches are
 * part of the entry: a check per term of each order, collected into the
 * editor's copy and saved with it (one revision of the entry). A term
 * removed from its order, or an order deleted, still shows when this
 * entry marks it, so the mark can be read and taken off.
 *
 * The contacts an entry was reported in belong to the contacts: ticking
 * one changes that contact at once (daybook_diary_set_incident_contacts(),
 * a revision of the contact), after saving a new entry so it has a number.
 */

static void
clear_rows (AdwExpanderRow *expander, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_expander_row_remove (expander, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
check_row (const char *title, const char *subtitle, gboolean active, GtkWidget **check_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row,
                                  NULL, -1);
  g_object_set_data (G_OBJECT (row), "daybook-check", check);
  *check_out = check;
  return row;
}

static GtkCheckButton *
row_check (gpointer row)
{
  return g_object_get_data (G_OBJECT (row), "daybook-check");
}

/* "Order 1, term 2, Order 1, term 4": what is ticked, for the folded row. */
static void
update_breaches_subtitle (DaybookIncidentEditor *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->breach_rows->len; i++)
    {
      gpointer row = g_ptr_array_index (self->breach_rows, i);

      if (!gtk_check_button_get_active (row_check (row)))
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      /* TRANSLATORS: an order's number, then the number of one of its terms */
      g_string_append_printf (
          text, _ ("Order %d, term %u"),
          GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "daybook-order")),
          GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "daybook-term")));
    }
  if (text->len == 0)
    g_string_append (text, self->breach_rows->len > 0
                               ? _ ("None marked")
                               : _ ("No orders yet: add them on the Orders page"));
  adw_expander_row_set_subtitle (self->breaches_expander, text->str);
}

static void
breach_toggled_cb (DaybookIncidentEditor *self)
{
  update_breaches_subtitle (self);
  _daybook_incident_editor_mark_dirty (self);
}

static void
add_breach_row (DaybookIncidentEditor *self, DaybookOrder *order, gint64 order_id,
                const DaybookOrderTerm *term, guint number, gboolean active)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = order != NULL ? daybook_order_dup_title (order) : NULL;
  GtkWidget *check;
  GtkWidget *row;

  if (term != NULL && term->deleted)
    /* TRANSLATORS: an order's number, a term's number and its text; the term was removed */
    title = g_strdup_printf (_ ("Order %d, term %u (removed): %s"), (int)order_id, number,
                             term->text);
  else if (term != NULL)
    /* TRANSLATORS: an order's number, a term's number and its text */
    title = g_strdup_printf (_ ("Order %d, term %u: %s"), (int)order_id, number, term->text);
  else
    title = g_strdup_printf (_ ("Order %d, term %u"), (int)order_id, number);
  if (order != NULL && daybook_order_get_deleted_at (order) != 0)
    {
      g_autofree char *deleted = g_strdup_printf (_ ("%s (deleted)"), subtitle);

      g_free (subtitle);
      subtitle = g_steal_pointer (&deleted);
    }
  row = check_row (title, subtitle, active, &check);
  gtk_widget_set_name (row, "breach");
  g_object_set_data (G_OBJECT (row), "daybook-order", GINT_TO_POINTER ((int)order_id));
  g_object_set_data (G_OBJECT (row), "daybook-term", GUINT_TO_POINTER (number));
  g_signal_connect_object (check, "toggled", G_CALLBACK (breach_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  adw_expander_row_add_row (self->breaches_expander, row);
  g_ptr_array_add (self->breach_rows, row);
}

static gboolean
has_row (DaybookIncidentEditor *self, gint64 order_id, guint term)
{
  for (guint i = 0; i < self->breach_rows->len; i++)
    {
      gpointer row = g_ptr_array_index (self->breach_rows, i);

      if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "daybook-order")) == order_id
          && GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "daybook-term")) == term)
        return TRUE;
    }
  return FALSE;
}

static void
fill_breaches (DaybookIncidentEditor *self)
{
  DaybookIncident *inc = self->incident;
  g_autoptr (GListModel) orders = NULL;

  clear_rows (self->breaches_expander, self->breach_rows);
  if (self->diary != NULL && inc != NULL)
    orders = daybook_diary_list_orders (self->diary, NULL);
  for (guint i = 0; orders != NULL && i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr (DaybookOrder) order = g_list_model_get_item (orders, i);
      gint64 id = daybook_order_get_id (order);

      for (guint t = 0; t < daybook_order_get_n_terms (order); t++)
        {
          const DaybookOrderTerm *term = daybook_order_get_term (order, t);
          gboolean marked = daybook_incident_has_breach (inc, id, term->number);

          if (!term->deleted || marked)
            add_breach_row (self, order, id, term, term->number, marked);
        }
    }
  /* Marks of a deleted order still show, so they can be read and taken off. */
  for (guint i = 0; inc != NULL && self->diary != NULL && i < daybook_incident_get_n_breaches (inc);
       i++)
    {
      const DaybookBreach *breach = daybook_incident_get_breach (inc, i);
      g_autoptr (DaybookOrder) order = NULL;

      if (has_row (self, breach->order_id, breach->term))
        continue;
      order = daybook_diary_get_order (self->diary, breach->order_id, NULL);
      add_breach_row (self, order, breach->order_id,
                      order != NULL ? daybook_order_find_term (order, breach->term) : NULL,
                      breach->term, TRUE);
    }
  update_breaches_subtitle (self);
}

/**
 * _daybook_incident_editor_collect_breaches:
 *
 * The ticked terms into the editor's copy of the entry.
 */
void
_daybook_incident_editor_collect_breaches (DaybookIncidentEditor *self)
{
  daybook_incident_clear_breaches (self->incident);
  for (guint i = 0; i < self->breach_rows->len; i++)
    {
      gpointer row = g_ptr_array_index (self->breach_rows, i);

      if (gtk_check_button_get_active (row_check (row)))
        daybook_incident_add_breach (
            self->incident, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "daybook-order")),
            GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "daybook-term")));
    }
}

/* Police contacts */

static void
update_contacts_subtitle (DaybookIncidentEditor *self)
{
  guint n = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->contact_rows->len; i++)
    if (gtk_check_button_get_active (row_check (g_ptr_array_index (self->contact_rows, i))))
      n++;
  if (self->contact_rows->len == 0)
    text = g_strdup (_ ("No police contacts yet: add them on the Police Contacts page"));
  else if (n == 0)
    /* TRANSLATORS: the entry breaches no order term */
    text = g_strdup (_ ("None"));
  else
    text = g_strdup_printf (ngettext ("In %u contact", "In %u contacts", n), n);
  adw_expander_row_set_subtitle (self->contacts_expander, text);
}

static void fill_contacts (DaybookIncidentEditor *self);

static void
contact_toggled_cb (DaybookIncidentEditor *self)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  gint64 number;

  if (self->loading || self->incident == NULL || self->diary == NULL)
    return;
  /* A new entry is saved first: a contact names entries by number. */
  if (daybook_incident_get_number (self->incident) <= 0)
    {
      daybook_autosave_mark_dirty (self->autosave);
      if (!daybook_incident_editor_save (self, FALSE, NULL))
        {
          fill_contacts (self);
          return;
        }
    }
  number = daybook_incident_get_number (self->incident);
  for (guint i = 0; i < self->contact_rows->len; i++)
    {
      gpointer row = g_ptr_array_index (self->contact_rows, i);
      gint64 id = *(gint64 *)g_object_get_data (G_OBJECT (row), "daybook-contact");

      if (gtk_check_button_get_active (row_check (row)))
        g_array_append_val (ids, id);
    }
  if (!daybook_diary_set_incident_contacts (self->diary, number, (const gint64 *)ids->data,
                                            ids->len, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      fill_contacts (self);
      return;
    }
  update_contacts_subtitle (self);
}

static gboolean
in_array (GArray *ids, gint64 id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
fill_contacts (DaybookIncidentEditor *self)
{
  DaybookIncident *inc = self->incident;
  g_autoptr (GListModel) contacts = NULL;
  g_autoptr (GArray) linked = NULL;
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  clear_rows (self->contacts_expander, self->contact_rows);
  if (self->diary != NULL && inc != NULL)
    {
      contacts = daybook_diary_list_contacts (self->diary, NULL);
      if (daybook_incident_get_number (inc) > 0)
        linked = daybook_diary_list_incident_contacts (self->diary,
                                                       daybook_incident_get_number (inc), NULL);
    }
  for (guint i = 0; contacts != NULL && i < g_list_model_get_n_items (contacts); i++)
    {
      g_autoptr (DaybookPoliceContact) contact = g_list_model_get_item (contacts, i);
      gint64 id = daybook_police_contact_get_id (contact);
      g_autofree char *when = daybook_format_when_in_language (
          daybook_police_contact_get_when (contact), DAYBOOK_PRECISION_EXACT, NULL);
      /* TRANSLATORS: when the police were contacted, then how (999, 101, online…) */
      g_autofree char *title = g_strdup_printf (
          _ ("%s, %s"), when,
          daybook_contact_how_get_label (daybook_police_contact_get_how (contact)));
      const char *reference = daybook_police_contact_get_field (contact, DAYBOOK_CONTACT_REFERENCE);
      const char *force = daybook_police_contact_get_field (contact, DAYBOOK_CONTACT_FORCE);
      g_autofree char *subtitle = *reference != '\0' && *force != '\0'
                                      ? g_strdup_printf ("%s · %s", force, reference)
                                      : g_strdup (*reference != '\0' ? reference : force);
      GtkWidget *check;
      GtkWidget *row = check_row (title, subtitle, in_array (linked, id), &check);

      gtk_widget_set_name (row, "contact");
      g_object_set_data_full (G_OBJECT (row), "daybook-contact", g_memdup2 (&id, sizeof id),
                              g_free);
      g_signal_connect_object (check, "toggled", G_CALLBACK (contact_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      adw_expander_row_add_row (self->contacts_expander, row);
      g_ptr_array_add (self->contact_rows, row);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->contacts_expander),
                            self->diary == NULL || !daybook_diary_is_read_only (self->diary));
  update_contacts_subtitle (self);
  self->loading = was_loading;
}

/**
 * _daybook_incident_editor_fill_orders:
 *
 * The orders' terms and the police contacts, for self->incident.
 */
void
_daybook_incident_editor_fill_orders (DaybookIncidentEditor *self)
{
  fill_breaches (self);
  fill_contacts (self);
}

void
_daybook_incident_editor_init_orders (DaybookIncidentEditor *self)
{
  self->breach_rows = g_ptr_array_new ();
  self->contact_rows = g_ptr_array_new ();
}

void
_daybook_incident_editor_dispose_orders (DaybookIncidentEditor *self)
{
  g_clear_pointer (&self->breach_rows, g_ptr_array_unref);
  g_clear_pointer (&self->contact_rows, g_ptr_array_unref);
}
