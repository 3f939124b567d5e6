/* daybook-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "daybook-autosave.h"
#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_PAGE (daybook_page_get_type ())

G_DECLARE_INTERFACE (DaybookPage, daybook_page, DAYBOOK, PAGE, GtkWidget)

/**
 * DaybookPageInterface:
 * @set_diary: shows @diary, or empties the page and drops its models for
 *   %NULL; does not save (required)
 * @has_unsaved_changes: whether something typed is not saved yet
 * @save: saves what the page edits at once; @force keeps what cannot be
 *   read rather than failing (locking cannot wait for the user)
 * @save_in_background: Ctrl+S: saves without holding up typing; the page
 *   says when it is done, or why not
 * @discard: drops unsaved edits, because the user said so
 * @get_autosave: the page's saves in the background, for
 *   daybook_page_save_async() to wait for; %NULL if it has none
 *
 * What the main view does with every page, so that it iterates its pages
 * instead of naming them. Only @set_diary is required: a page that edits
 * nothing keeps the defaults. Every page also has the #DaybookPage:folded
 * property (see daybook_page_class_install_properties()).
 */
struct _DaybookPageInterface
{
  GTypeInterface parent_iface;

  void (*set_diary) (DaybookPage *self, DaybookDiary *diary);
  gboolean (*has_unsaved_changes) (DaybookPage *self);
  gboolean (*save) (DaybookPage *self, gboolean force, GError **error);
  void (*save_in_background) (DaybookPage *self);
  void (*discard) (DaybookPage *self);
  DaybookAutosave *(*get_autosave) (DaybookPage *self);
};

/* The property id daybook_page_class_install_properties() gives "folded";
 * a page with properties of its own numbers them from DAYBOOK_PAGE_N_PROPS. */
enum
{
  DAYBOOK_PAGE_PROP_FOLDED = 1,
  DAYBOOK_PAGE_N_PROPS
};

void daybook_page_set_diary (DaybookPage *self, DaybookDiary *diary);
gboolean daybook_page_has_unsaved_changes (DaybookPage *self);
gboolean daybook_page_save (DaybookPage *self, gboolean force, GError **error);
void daybook_page_save_async (DaybookPage *self, gboolean force, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
gboolean daybook_page_save_finish (DaybookPage *self, GAsyncResult *result, GError **error);
void daybook_page_save_in_background (DaybookPage *self);
void daybook_page_discard (DaybookPage *self);
gboolean daybook_page_get_folded (DaybookPage *self);
void daybook_page_set_folded (DaybookPage *self, gboolean folded);
void daybook_page_add_toast (DaybookPage *self, const char *text);
void daybook_save_button_set_unsaved (GtkWidget *button, gboolean unsaved);

void daybook_page_class_install_properties (GObjectClass *klass);
void daybook_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec);
void daybook_page_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec);

G_END_DECLS
