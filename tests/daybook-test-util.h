/* daybook-test-util.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-behaviour.h"
#include "daybook-diary.h"
#include "daybook-verify.h"

G_BEGIN_DECLS

#define TEST_PASSPHRASE "correct horse battery staple"

/* A fresh diary for each test costs Argon2id twice (about a second); a
 * template made once per test program and copied costs it once per open. */
char *daybook_test_make_tmpdir (void);
void daybook_test_rm_rf (const char *dir);
void daybook_test_rm_copy (const char *dir);
void daybook_test_copy_tree (const char *from, const char *to);
void daybook_test_make_fast (const char *dir, const char *passphrase);
char *daybook_test_copy_template (void);
char *daybook_test_copy_fast_template (void);
const char *daybook_test_recovery_code (void);
DaybookSecret *daybook_test_secret (const char *text);
DaybookDiary *daybook_test_open (const char *dir);
GBytes *daybook_test_read (const char *path);
gboolean daybook_test_dir_contains (const char *dir, const char *needle);
void daybook_test_flip_byte (const char *path, goffset offset);
GPtrArray *daybook_test_list_evidence (const char *dir);
gint64 daybook_test_sql_count (DaybookDiary *diary, const char *sql);
void daybook_test_sqlcipher (const char *dir, const char *passphrase, const char *sql, char **out);

/* Adds the person @entries->person and three entries (10, 11 and 12
 * November 2026, 21:40 in London) to @diary. */
typedef struct
{
  const char *person;
  const char *title; /* "%u" in it becomes the entry's number, 1 to 3 */
  const char *narrative;
  const char *location;
  DaybookBehaviour types;
  gboolean second_private;
} DaybookTestEntries;

void daybook_test_add_entries (DaybookDiary *diary, const DaybookTestEntries *entries);

/* Runs the real daybook-cli ($DAYBOOK_CLI) with TZ=Europe/London, @input on
 * its standard input, and returns its exit status. */
int daybook_test_cli (const char *input, char **out, char **err, const char *first_arg,
                      ...) G_GNUC_NULL_TERMINATED;
int daybook_test_cli_argv (const char *input, char **out, char **err, const char *const *argv);
int daybook_test_cli_wrapped (const char *const *wrapper, const char *input, char **out, char **err,
                              const char *const *argv);
/* The same with `--diary DIR --passphrase-fd 0` before the arguments @args
 * (NULL-terminated), for a diary whose passphrase @input starts with. */
int daybook_test_cli_diary_valist (const char *dir, const char *input, char **out, char **err,
                                   va_list args);

/* Kills @proc with SIGKILL once it holds open a file in @folder (named or
 * not) of at least @min_size bytes; %FALSE if it finished first. */
gboolean daybook_test_kill_while_writing (GSubprocess *proc, const char *folder, goffset min_size);
/* How many entries @folder holds, hidden ones included. */
guint daybook_test_count_entries (const char *folder);

G_END_DECLS
