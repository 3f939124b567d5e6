/* daybook-cli.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include "daybook-i18n.h"
#include <sodium.h>

#include "daybook-cli.h"

typedef struct
{
  const char *name;
  DaybookCliCommand run;
  const char *summary;
} Command;

static const Command commands[] = {
  { "init", daybook_cli_init, N_ ("Create a diary; shows the recovery code once") },
  { "add", daybook_cli_add, N_ ("Record a new incident; prints its entry number") },
  { "edit", daybook_cli_edit, N_ ("Change entry N (a new revision; nothing is overwritten)") },
  { "delete", daybook_cli_delete, N_ ("Delete entry N (its history is kept)") },
  { "list", daybook_cli_list, N_ ("List entries in the order they happened") },
  { "show", daybook_cli_show, N_ ("Show entry N, with --history its revisions") },
  { "search", daybook_cli_search, N_ ("Search every entry's text") },
  { "verify", daybook_cli_verify,
    N_ ("Check the hash chain, revisions and database; --since: what changed after a report") },
  { "passwd", daybook_cli_passwd, N_ ("Change the passphrase") },
  { "attach", daybook_cli_attach,
    N_ ("Attach files to entry N (0: unlinked evidence); prints their exhibit marks") },
  { "attachments", daybook_cli_attachments, N_ ("List the attachments, or those of entry N") },
  { "export-attachment", daybook_cli_export_attachment,
    N_ ("Write an attachment's original bytes to a file") },
  { "link", daybook_cli_link, N_ ("Link an attachment to entry N") },
  { "unlink", daybook_cli_unlink, N_ ("Unlink an attachment from entry N") },
  { "import", daybook_cli_import,
    N_ ("Import phone and mail exports (WhatsApp, SMS and calls, e-mail) as exhibits and "
        "messages") },
  { "messages", daybook_cli_messages,
    N_ ("List imported messages and calls, with the exhibit and line each came from") },
  { "people", daybook_cli_people, N_ ("List the people in the diary") },
  { "orders", daybook_cli_orders,
    N_ ("List the orders and their terms; orders add, edit N, delete N") },
  { "contacts", daybook_cli_contacts,
    N_ ("List the police contacts; contacts add, edit N, delete N") },
  { "case", daybook_cli_case, N_ ("Show or set the case details") },
  { "report", daybook_cli_report, N_ ("Write the PDF timeline report (-o OUT.pdf)") },
  { "statement", daybook_cli_statement,
    N_ ("Write a statement draft from the entries, as OpenDocument text (-o DRAFT.odt)") },
  { "impact-statement", daybook_cli_impact_statement,
    N_ ("Write a personal statement draft of the impact recorded, as OpenDocument text (-o "
        "VPS.odt)") },
  { "reports", daybook_cli_reports,
    N_ ("List the reports, backups, bundles and key hand-overs made, with their fingerprints") },
  { "pubkey", daybook_cli_pubkey,
    N_ ("Print the report-signing public key, or write its hand-over sheet (--handover)") },
  { "backup", daybook_cli_backup,
    N_ ("Write the whole diary, still encrypted, to one backup file") },
  { "restore", daybook_cli_restore, N_ ("Restore a backup into a new or empty folder") },
  { "bundle", daybook_cli_bundle,
    N_ ("Make a read-only, encrypted hand-over bundle of selected entries for an advocate") },
  { "demo", daybook_cli_demo, N_ ("Create a diary filled with fictional sample data") },
};

static void
print_usage (void)
{
  g_print (_ ("Usage: daybook-cli [--diary DIR] [--passphrase-fd N] COMMAND [OPTIONS]\n\n"
              "Daybook keeps an encrypted diary of incidents of stalking or harassment.\n\n"
              "Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-8s %s\n", commands[i].name, _ (commands[i].summary));
  g_print (
      _ ("\nGlobal options:\n"
         "  --diary DIR              the diary folder (default: $DAYBOOK_DIARY or "
         "~/.local/share/daybook/diary)\n"
         "  --passphrase-fd N        read the passphrase as one line from file descriptor N\n"
         "  --new-passphrase-fd N    read a new passphrase from file descriptor N\n"
         "  --recovery-code-fd N     unlock with the recovery code read from file descriptor N\n"
         "  --weak-passphrase        accept a new passphrase that is easy to guess\n\n"
         "Exit codes: 0 success, 1 failure, 2 usage error, 3 wrong passphrase, 4 diary damaged.\n"
         "Run “daybook-cli COMMAND --help” for a command's options.\n"));
}

/* Keys and diary text must not end up in a core file. */
static void
harden_process (void)
{
  struct rlimit no_core = { 0, 0 };

  setrlimit (RLIMIT_CORE, &no_core);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static gboolean
parse_fd (const char *text, int *fd)
{
  guint64 n;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, 1 << 20, &n, NULL))
    return FALSE;
  *fd = (int)n;
  return TRUE;
}

/* Takes "--opt VALUE" or "--opt=VALUE" at argv[*i]. */
static const char *
option_value (int argc, char **argv, int *i, const char *name)
{
  gsize len = strlen (name);

  if (strncmp (argv[*i], name, len) != 0)
    return NULL;
  if (argv[*i][len] == '=')
    return argv[*i] + len + 1;
  if (argv[*i][len] == '\0' && *i + 1 < argc)
    return argv[++*i];
  return NULL;
}

int
main (int argc, char **argv)
{
  DaybookCliContext ctx = { NULL, -1, -1, -1, FALSE, NULL };
  int i, status;

  harden_process ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, daybook_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (sodium_init () < 0)
    {
      g_printerr ("daybook-cli: %s\n", _ ("The cryptography library could not start."));
      return DAYBOOK_EXIT_FAILED;
    }

  for (i = 1; i < argc && argv[i][0] == '-'; i++)
    {
      const char *value;

      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          print_usage ();
          return DAYBOOK_EXIT_OK;
        }
      else if (strcmp (argv[i], "--version") == 0)
        {
          g_print ("daybook-cli %s\n", PACKAGE_VERSION);
          return DAYBOOK_EXIT_OK;
        }
      else if (strcmp (argv[i], "--weak-passphrase") == 0)
        ctx.weak_passphrase = TRUE;
      else if ((value = option_value (argc, argv, &i, "--diary")) != NULL)
        {
          g_free (ctx.dir);
          ctx.dir = g_strdup (value);
        }
      else if ((value = option_value (argc, argv, &i, "--passphrase-fd")) != NULL)
        {
          if (!parse_fd (value, &ctx.passphrase_fd))
            return daybook_cli_usage (_ ("--passphrase-fd needs a file descriptor number."));
        }
      else if ((value = option_value (argc, argv, &i, "--new-passphrase-fd")) != NULL)
        {
          if (!parse_fd (value, &ctx.new_passphrase_fd))
            return daybook_cli_usage (_ ("--new-passphrase-fd needs a file descriptor number."));
        }
      else if ((value = option_value (argc, argv, &i, "--recovery-code-fd")) != NULL)
        {
          if (!parse_fd (value, &ctx.recovery_code_fd))
            return daybook_cli_usage (_ ("--recovery-code-fd needs a file descriptor number."));
        }
      else
        return daybook_cli_usage (_ ("Unknown option %s. See “daybook-cli --help”."), argv[i]);
    }

  if (i >= argc)
    {
      print_usage ();
      return DAYBOOK_EXIT_USAGE;
    }

  if (ctx.dir == NULL)
    ctx.dir = daybook_diary_default_dir ();
  ctx.local = g_time_zone_new_local ();

  status = -1;
  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (strcmp (argv[i], commands[c].name) == 0)
      {
        g_set_prgname (commands[c].name);
        status = commands[c].run (&ctx, argc - i, argv + i);
        break;
      }
  if (status < 0)
    status = daybook_cli_usage (_ ("Unknown command “%s”. See “daybook-cli --help”."), argv[i]);

  g_free (ctx.dir);
  g_time_zone_unref (ctx.local);
  return status;
}
