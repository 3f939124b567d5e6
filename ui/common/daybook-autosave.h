/* daybook-autosave.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_AUTOSAVE (daybook_autosave_get_type ())

G_DECLARE_FINAL_TYPE (DaybookAutosave, daybook_autosave, DAYBOOK, AUTOSAVE, GObject)

/**
 * DaybookAutosaveFuncs:
 * @save: in a worker thread: stores @item, the worker's own copy, in
 *   @target; @item then carries what storing gave it (a number, an id)
 * @saved: on the main thread, when a save in the background is done:
 *   @item is what was stored; @current is %FALSE when edits came in
 *   meanwhile (they are still unsaved)
 * @failed: on the main thread, when a save in the background failed
 * @save_again: on the main thread: save, in the background, the edits
 *   made while a save was under way (Ctrl+S was pressed meanwhile)
 *
 * What an editor gives its #DaybookAutosave. The owner passed to
 * daybook_autosave_new() is handed back to the main-thread functions.
 */
typedef struct
{
  gboolean (*save) (GObject *target, GObject *item, GError **error);
  void (*saved) (gpointer owner, GObject *item, gboolean current);
  void (*failed) (gpointer owner, const GError *error);
  void (*save_again) (gpointer owner);
} DaybookAutosaveFuncs;

DaybookAutosave *daybook_autosave_new (const DaybookAutosaveFuncs *funcs, gpointer owner);
void daybook_autosave_mark_dirty (DaybookAutosave *self);
void daybook_autosave_mark_clean (DaybookAutosave *self);
gboolean daybook_autosave_is_dirty (DaybookAutosave *self);
gboolean daybook_autosave_is_saving (DaybookAutosave *self);
gboolean daybook_autosave_save_again_later (DaybookAutosave *self);
void daybook_autosave_start (DaybookAutosave *self, GObject *target, GObject *item);
void daybook_autosave_forget (DaybookAutosave *self);
void daybook_autosave_disown (DaybookAutosave *self);
void daybook_autosave_wait (DaybookAutosave *self);
void daybook_autosave_wait_async (DaybookAutosave *self, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
gboolean daybook_autosave_wait_finish (DaybookAutosave *self, GAsyncResult *result, GError **error);

G_END_DECLS
