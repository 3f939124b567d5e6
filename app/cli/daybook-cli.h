/* daybook-cli.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "daybook-diary.h"
#include "daybook-error.h"
#include "daybook-exports.h"
#include "daybook-query.h"

G_BEGIN_DECLS

/* Exit codes: the command-line contract in DESIGN.md. */
#define DAYBOOK_EXIT_OK 0
#define DAYBOOK_EXIT_FAILED 1
#define DAYBOOK_EXIT_USAGE 2
#define DAYBOOK_EXIT_DAMAGED 4 /* as daybook_error_exit_code (DAYBOOK_ERROR_DAMAGED) */

/**
 * DaybookCliContext:
 * @dir: the diary folder (--diary, $DAYBOOK_DIARY or the default)
 * @passphrase_fd: --passphrase-fd, or -1 to ask on the terminal
 * @new_passphrase_fd: --new-passphrase-fd, or -1
 * @recovery_code_fd: --recovery-code-fd, or -1
 * @local: the local time zone, for times without an offset
 */
typedef struct
{
  char *dir;
  int passphrase_fd;
  int new_passphrase_fd;
  int recovery_code_fd;
  gboolean weak_passphrase;
  GTimeZone *local;
} DaybookCliContext;

typedef int (*DaybookCliCommand) (DaybookCliContext *ctx, int argc, char **argv);

/* Helpers for commands (daybook-cli-util.c). */
int daybook_cli_fail (GError *error);
int daybook_cli_usage (const char *format, ...) G_GNUC_PRINTF (1, 2);
gboolean daybook_cli_parse (GOptionContext *options, int *argc, char ***argv);
DaybookSecret *daybook_cli_read_secret (int fd, const char *prompt, gboolean confirm,
                                        GError **error);
DaybookDiary *daybook_cli_open (DaybookCliContext *ctx, GError **error);
gboolean daybook_cli_check_new_passphrase (DaybookCliContext *ctx, const DaybookSecret *passphrase,
                                           GError **error);
DaybookDiary *daybook_cli_create (DaybookCliContext *ctx, gboolean json, GError **error);
void daybook_cli_print_json (JsonNode *node);
gboolean daybook_cli_parse_number (const char *text, gint64 *number, GError **error);
gboolean daybook_cli_parse_query (DaybookCliContext *ctx, DaybookQuery *query, const char *from,
                                  const char *to, char **types, char **people, GError **error);
gboolean daybook_cli_parse_types (char **types, DaybookBehaviour *out, GError **error);

/* The register and "verify --since" (daybook-cli-history.c). */
DaybookExport *daybook_cli_find_export (DaybookDiary *diary, const char *kind, const char *ref);
void daybook_cli_print_export (DaybookDiary *diary, const char *kind, const char *ref);
DaybookSince *daybook_cli_check_since (DaybookDiary *diary, const char *text, char **head,
                                       GError **error);
void daybook_cli_print_since (const char *head, const DaybookSince *since);
void daybook_cli_add_since_json (JsonBuilder *b, const char *head, const DaybookSince *since);

/* Orders, breaches and police contacts (daybook-cli-registers.c). */
gboolean daybook_cli_parse_breach (const char *text, DaybookBreach *breach, GError **error);
void daybook_cli_describe_registers (DaybookDiary *diary, DaybookIncident *incident,
                                     JsonNode *root);
void daybook_cli_print_registers (DaybookDiary *diary, DaybookIncident *incident);

/* Commands. */
int daybook_cli_init (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_add (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_edit (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_delete (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_list (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_show (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_search (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_verify (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_passwd (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_demo (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_people (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_case (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_backup (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_restore (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_bundle (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_report (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_reports (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_statement (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_impact_statement (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_pubkey (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_attach (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_attachments (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_export_attachment (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_link (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_unlink (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_orders (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_contacts (DaybookCliContext *ctx, int argc, char **argv);
int daybook_cli_messages (DaybookCliContext *ctx, int argc, char **argv);
gboolean daybook_cli_add_cited_messages (DaybookDiary *diary, gint64 number, GTimeZone *zone,
                                         JsonNode *root, GError **error);
gboolean daybook_cli_print_cited_messages (DaybookDiary *diary, gint64 number, GTimeZone *zone,
                                           GError **error);
int daybook_cli_import (DaybookCliContext *ctx, int argc, char **argv);

G_END_DECLS
