/* daybook-cli-util.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>
#include "daybook-i18n.h"

#include "daybook-cli.h"
#include "daybook-strength.h"

#define MAX_SECRET 1024

/**
 * daybook_cli_fail:
 * @error: (transfer full): what went wrong
 *
 * Prints @error as one sentence on stderr.
 *
 * Returns: the exit code for it
 */
int
daybook_cli_fail (GError *error)
{
  int code = daybook_error_exit_code (error);

  g_printerr ("daybook-cli: %s\n", error->message);
  g_error_free (error);
  return code;
}

int
daybook_cli_usage (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("daybook-cli: %s\n", message);
  return DAYBOOK_EXIT_USAGE;
}

/**
 * daybook_cli_parse:
 *
 * Parses a command's options; on a mistake prints one sentence.
 */
gboolean
daybook_cli_parse (GOptionContext *options, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;

  g_option_context_set_help_enabled (options, TRUE);
  if (!g_option_context_parse (options, argc, argv, &error))
    {
      /* TRANSLATORS: the first %s is what was wrong with the command line, the second
         the command's name ("daybook-cli add --help"); keep "daybook-cli" and "--help". */
      g_printerr (_ ("daybook-cli: %s. See “daybook-cli %s --help”.\n"), error->message,
                  g_get_prgname () ? g_get_prgname () : "");
      return FALSE;
    }
  return TRUE;
}

/* One line from @fd, byte by byte so that what follows the line (an
 * entry's text on the same pipe) stays unread. */
static DaybookSecret *
read_line_fd (int fd, GError **error)
{
  g_autoptr (DaybookSecret) secret = daybook_secret_new (MAX_SECRET);
  guint8 *buf = daybook_secret_get_data (secret);
  gsize len = 0;

  for (;;)
    {
      guint8 c;
      ssize_t n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("Could not read the passphrase from file descriptor %d."), fd);
          return NULL;
        }
      if (n == 0 || c == '\n')
        break;
      if (len == MAX_SECRET)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("The passphrase is too long (at most %d bytes)."), MAX_SECRET);
          return NULL;
        }
      buf[len++] = c;
    }

  if (len > 0 && buf[len - 1] == '\r')
    len--;
  daybook_secret_set_size (secret, len);
  return g_steal_pointer (&secret);
}

static DaybookSecret *
read_tty (const char *prompt, GError **error)
{
  g_autoptr (DaybookSecret) secret = NULL;
  struct termios saved, quiet;
  int fd = open ("/dev/tty", O_RDWR | O_CLOEXEC);

  if (fd < 0 || tcgetattr (fd, &saved) != 0)
    {
      if (fd >= 0)
        close (fd);
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("No terminal to ask for the passphrase: give it with --passphrase-fd."));
      return NULL;
    }

  quiet = saved;
  quiet.c_lflag &= ~(ECHO | ECHONL);
  quiet.c_lflag |= ICANON;
  if (write (fd, prompt, strlen (prompt)) < 0 || tcsetattr (fd, TCSAFLUSH, &quiet) != 0)
    {
      close (fd);
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("Could not switch off echo on the terminal."));
      return NULL;
    }

  secret = read_line_fd (fd, error);
  tcsetattr (fd, TCSAFLUSH, &saved);
  if (write (fd, "\n", 1) < 0)
    { /* the newline is cosmetic */
    }
  close (fd);

  return g_steal_pointer (&secret);
}

/**
 * daybook_cli_read_secret:
 * @fd: a file descriptor to read one line from, or -1 for the terminal
 * @confirm: on a terminal, ask twice and compare
 *
 * Passphrases come only from the terminal (without echo) or a file
 * descriptor: never from the command line or the environment, where other
 * users and shell history could see them.
 *
 * Returns: (transfer full) (nullable): the secret, in secure memory
 */
DaybookSecret *
daybook_cli_read_secret (int fd, const char *prompt, gboolean confirm, GError **error)
{
  g_autoptr (DaybookSecret) first = NULL;
  g_autoptr (DaybookSecret) again = NULL;

  if (fd >= 0)
    return read_line_fd (fd, error);

  first = read_tty (prompt, error);
  if (first == NULL || !confirm)
    return g_steal_pointer (&first);

  again = read_tty (_ ("Type it again: "), error);
  if (again == NULL)
    return NULL;
  if (!daybook_secret_equal (first, again))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The two passphrases are not the same."));
      return NULL;
    }
  return g_steal_pointer (&first);
}

/**
 * daybook_cli_check_new_passphrase:
 *
 * Refuses a new passphrase that is easy to guess (score below
 * %DAYBOOK_SCORE_FAIR), unless --weak-passphrase was given: then it only
 * warns on stderr.
 *
 * Returns: whether @passphrase may be used
 */
gboolean
daybook_cli_check_new_passphrase (DaybookCliContext *ctx, const DaybookSecret *passphrase,
                                  GError **error)
{
  if (daybook_passphrase_score_secret (passphrase) >= DAYBOOK_SCORE_FAIR)
    return TRUE;

  if (ctx->weak_passphrase)
    {
      g_printerr ("daybook-cli: %s\n",
                  _ ("Warning: the new passphrase is easy to guess. Anyone who tries common "
                     "passwords could open the diary; change it soon with “daybook-cli passwd”."));
      return TRUE;
    }

  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
               _ ("This passphrase is easy to guess: choose a longer one, such as four or five "
                  "unrelated words, or give --weak-passphrase to use it anyway."));
  return FALSE;
}

/* Saved changes found missing, or a key file found altered, at open are
 * told at every command, not only by verify. */
static void
warn_missing (DaybookDiary *diary)
{
  if (diary != NULL && daybook_diary_get_key_notice (diary) != NULL)
    g_printerr ("daybook-cli: %s\n", daybook_diary_get_key_notice (diary));
  if (diary != NULL && daybook_diary_get_missing (diary) != NULL)
    g_printerr ("daybook-cli: %s\n", daybook_diary_get_missing (diary));
}

/**
 * daybook_cli_open:
 *
 * Opens the diary with the passphrase, or with the recovery code when
 * --recovery-code-fd was given.
 *
 * Returns: (transfer full) (nullable): the open diary
 */
DaybookDiary *
daybook_cli_open (DaybookCliContext *ctx, GError **error)
{
  g_autoptr (DaybookSecret) secret = NULL;
  DaybookDiary *diary;

  if (!daybook_diary_exists (ctx->dir))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                   _ ("There is no diary in %s. Create one with “daybook-cli init”."), ctx->dir);
      return NULL;
    }

  if (ctx->recovery_code_fd >= 0)
    {
      secret = daybook_cli_read_secret (ctx->recovery_code_fd, _ ("Recovery code: "), FALSE, error);
      diary = secret ? daybook_diary_open_with_recovery_code (ctx->dir, secret, error) : NULL;
      warn_missing (diary);
      return diary;
    }

  secret = daybook_cli_read_secret (ctx->passphrase_fd, _ ("Passphrase: "), FALSE, error);
  diary = secret ? daybook_diary_open (ctx->dir, secret, error) : NULL;
  warn_missing (diary);
  return diary;
}

/**
 * daybook_cli_create:
 *
 * Creates a diary and shows its recovery code, once.
 *
 * Returns: (transfer full) (nullable): the new, open diary
 */
DaybookDiary *
daybook_cli_create (DaybookCliContext *ctx, gboolean json, GError **error)
{
  g_autoptr (DaybookSecret) passphrase = NULL;
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookDiary) diary = NULL;

  if (daybook_diary_exists (ctx->dir))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _ ("There is already a diary in %s. Daybook never overwrites a diary."),
                   ctx->dir);
      return NULL;
    }

  passphrase = daybook_cli_read_secret (ctx->passphrase_fd, _ ("New passphrase: "), TRUE, error);
  if (passphrase == NULL || !daybook_cli_check_new_passphrase (ctx, passphrase, error))
    return NULL;

  diary = daybook_diary_create (ctx->dir, passphrase, &code, error);
  if (diary == NULL)
    return NULL;

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *id = daybook_diary_dup_id (diary);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "dir");
      json_builder_add_string_value (b, ctx->dir);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "recovery_code");
      json_builder_add_string_value (b, (const char *)daybook_secret_peek (code));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      daybook_cli_print_json (root);
    }
  else
    {
      g_print (_ ("Created a diary in %s.\n\n"), ctx->dir);
      g_autoptr (DaybookSecret) lines = daybook_recovery_code_format_lines (code, "\n    ");

      g_print (
          _ ("This is your recovery code. It is shown only this once. Write it down and keep it\n"
             "somewhere safe, away from this computer: with it you can set a new passphrase\n"
             "if you forget yours. Nobody else can recover the diary.\n\n"));
      g_print ("    %s\n\n", (const char *)daybook_secret_peek (lines));
    }

  return g_steal_pointer (&diary);
}

void
daybook_cli_print_json (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

gboolean
daybook_cli_parse_number (const char *text, gint64 *number, GError **error)
{
  guint64 n;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &n, NULL))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, _ ("“%s” is not an entry number."),
                   text ? text : "");
      return FALSE;
    }
  *number = (gint64)n;
  return TRUE;
}

gboolean
daybook_cli_parse_types (char **types, DaybookBehaviour *out, GError **error)
{
  *out = 0;
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (types[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          DaybookBehaviour b;
          g_autofree char *id = g_strstrip (g_strdup (parts[j]));

          if (!daybook_behaviour_from_id (id, &b))
            {
              g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("“%s” is not a behaviour type. Use one of: following, contact, "
                              "publishing, monitoring, loitering, property, watching, threat, "
                              "violence, third-party, breach, gift, other."),
                           g_utf8_validate (id, -1, NULL) ? id : "?");
              return FALSE;
            }
          *out |= b;
        }
    }
  return TRUE;
}

/* The first instant after the day @text names, in local time. */
static gboolean
end_of_day (DaybookCliContext *ctx, const char *text, gint64 *out, GError **error)
{
  DaybookWhen when = { 0 };
  g_autoptr (GDateTime) day = NULL;
  g_autoptr (GDateTime) next = NULL;
  g_autofree char *next_text = NULL;
  gboolean ok;

  if (!daybook_when_parse (text, ctx->local, &when, NULL, error))
    return FALSE;
  day = daybook_when_to_date_time (&when);
  next = g_date_time_add_days (day, 1);
  next_text = g_date_time_format (next, "%Y-%m-%d");
  daybook_when_clear (&when);
  ok = daybook_when_parse (next_text, ctx->local, &when, NULL, error);
  *out = when.utc;
  daybook_when_clear (&when);
  return ok;
}

/**
 * daybook_cli_parse_query:
 *
 * Fills @query from --from, --to (a date alone includes that whole day),
 * --type and --person.
 */
gboolean
daybook_cli_parse_query (DaybookCliContext *ctx, DaybookQuery *query, const char *from,
                         const char *to, char **types, char **people, GError **error)
{
  if (from != NULL)
    {
      DaybookWhen when = { 0 };

      if (!daybook_when_parse (from, ctx->local, &when, NULL, error))
        return FALSE;
      query->from = when.utc;
      daybook_when_clear (&when);
    }

  if (to != NULL)
    {
      DaybookWhen when = { 0 };
      gboolean date_only;

      if (!daybook_when_parse (to, ctx->local, &when, &date_only, error))
        return FALSE;
      query->to = when.utc + 1;
      daybook_when_clear (&when);
      if (date_only && !end_of_day (ctx, to, &query->to, error))
        return FALSE;
    }

  if (!daybook_cli_parse_types (types, &query->types, error))
    return FALSE;

  if (people != NULL && people[0] != NULL)
    {
      if (people[1] != NULL)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, _ ("Give --person once."));
          return FALSE;
        }
      if (!g_utf8_validate (people[0], -1, NULL))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("The person's name is not UTF-8 text."));
          return FALSE;
        }
      daybook_query_set_person (query, people[0]);
    }

  return TRUE;
}
