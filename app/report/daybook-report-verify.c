/* daybook-report-verify.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <inttypes.h>

#include "daybook-i18n.h"

#include "daybook-report-private.h"

/* The last page: how anyone can check, with stock tools and without
 * Daybook, that the report is unchanged since it was signed and the
 * exhibits match their checksums, and what that does not show. */

static void
add_step (DaybookFlow *flow, const char *title)
{
  DaybookBlock *block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, title);

  block->keep_with_next = TRUE;
  block->space_before = 14;
}

static void
add_para (DaybookFlow *flow, const char *text)
{
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_BODY, text)->space_before = 5;
}

static void
add_command (DaybookFlow *flow, const char *command)
{
  double indent = DAYBOOK_MM (6);
  PangoLayout *layout = _daybook_report_new_layout (
      flow->report, DAYBOOK_STYLE_MONO, _daybook_report_body_width (flow->report) - indent);
  DaybookBlock *block;

  pango_layout_set_text (layout, command, -1);
  block = _daybook_flow_add_layout (flow, layout);
  block->indent = indent;
  block->space_before = 5;
}

/* At most this many entries are named on the verify page; the rest are
 * counted. */
#define MAX_NAMED 30

/* Times come from the computer's clock. A change recorded earlier than one
 * saved before it is named, so a reader knows which times to doubt. Only the
 * entries in this report are named; the others are counted. */
static void
add_clock (DaybookReport *self, DaybookFlow *flow)
{
  g_autoptr (GString) named = g_string_new (NULL);
  g_autoptr (GHashTable) shown = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *text = NULL;
  guint n = self->clock_regressions->len, others = 0, n_named = 0, unnamed = 0;

  if (n == 0)
    {
      add_para (flow, _ ("Times come from the computer's clock. No change in the diary was "
                         "recorded at a time earlier than a change saved before it."));
      return;
    }

  for (guint i = 0; i < self->numbers->len; i++)
    g_hash_table_add (shown, &g_array_index (self->numbers, gint64, i));
  for (guint i = 0; i < n; i++)
    {
      const DaybookClockRegression *r = self->clock_regressions->pdata[i];

      if (g_strcmp0 (r->entity, "incident") != 0 || !g_hash_table_contains (shown, &r->entity_id))
        others++;
      else if (n_named++ < MAX_NAMED)
        /* TRANSLATORS: an entry and one of its revisions, in a list */
        g_string_append_printf (named, _ ("%sentry %" PRId64 " (revision %u)"),
                                named->len ? ", " : "", r->entity_id, r->revision);
      else
        unnamed++;
    }
  if (unnamed > 0)
    g_string_append_printf (named,
                            g_dngettext (GETTEXT_PACKAGE, " and %u more change to these entries",
                                         " and %u more changes to these entries", unnamed),
                            unnamed);

  text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "Clock set back: times come from the computer's clock, and %u change in the "
                   "diary was recorded at a time earlier than a change saved before it. Its time "
                   "is printed as the clock gave it: either this clock or the earlier one was "
                   "wrong.",
                   "Clock set back: times come from the computer's clock, and %u changes in the "
                   "diary were recorded at a time earlier than a change saved before them. Their "
                   "times are printed as the clock gave them: either this clock or the earlier "
                   "one was wrong.",
                   n),
      n);
  add_para (flow, text);
  if (named->len > 0)
    {
      g_autofree char *list = g_strdup_printf (_ ("In this report: %s."), named->str);
      add_para (flow, list);
    }
  if (others > 0)
    {
      g_autofree char *rest = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE,
                       "%u of them concerns an entry, person, exhibit or the case details not "
                       "shown in this report.",
                       "%u of them concern entries, people, exhibits or the case details not "
                       "shown in this report.",
                       others),
          others);
      add_para (flow, rest);
    }
}

static guint
verify_n_items (DaybookReport *self)
{
  return 1;
}

/**
 * _daybook_report_dup_key_handover:
 *
 * Returns: (transfer full): one sentence on the report key: to whom and
 *   when it was last handed over, that it was not, or that there is none
 */
char *
_daybook_report_dup_key_handover (DaybookReport *self)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *date = NULL;

  if (self->key == NULL)
    return g_strdup (_ ("This report was made from a hand-over bundle, which has no report key "
                        "of its own, so it is not signed."));
  if (self->key->given_to == NULL)
    return g_strdup (_ ("This key had not been handed over to the police when this report was "
                        "made: ask the diary keeper for its hand-over sheet before relying on a "
                        "signature."));
  utc = g_date_time_new_from_unix_utc (self->key->given_at);
  local = g_date_time_to_timezone (utc, self->local_tz);
  /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
     %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
     in your language's order.
     xgettext:no-c-format */
  date = daybook_date_time_format (local, _ ("%-d %b %Y"));
  if (self->key->given_to[0] == '\0')
    /* TRANSLATORS: %s is a date */
    return g_strdup_printf (_ ("This key was handed over on %s, on a hand-over sheet apart from "
                               "any report; no officer was named."),
                            date);
  /* TRANSLATORS: the officer's name or number, then a date */
  return g_strdup_printf (
      _ ("This key was given to %s on %s, on a hand-over sheet apart from any report."),
      self->key->given_to, date);
}

static void
add_signature (DaybookReport *self, DaybookFlow *flow)
{
  g_autofree char *handover = _daybook_report_dup_key_handover (self);
  g_autofree char *intro = NULL;
  g_autofree char *comment = NULL;

  add_step (flow, _ ("1. The report"));
  if (self->key == NULL)
    {
      add_para (flow, handover);
      return;
    }

  intro = g_strdup_printf (
      _ ("A report may come with a signature file of the same name ending in “.minisig”. It is "
         "made with this diary’s report key, whose id is %s. %s"),
      self->key->key_id, handover);
  add_para (flow, intro);
  add_para (flow, _ ("Check the signature with the free tool minisign and the public key file "
                     "(KEY.pub) that came with the key’s hand-over sheet, never with a key "
                     "printed in a report: whoever edits a report can print a key of their own. "
                     "The key id on the hand-over sheet must equal the key id above."));
  add_command (flow, "minisign -Vm report.pdf -p KEY.pub");
  comment = g_strdup_printf (
      _ ("A good report prints “Signature and comment signature verified” and a trusted comment "
         "naming this report (%s), the diary fingerprint, the number of entries (%u) and when it "
         "was generated. If even one byte of the PDF was changed, or another key signed it, "
         "minisign says the verification failed."),
      self->report_id, self->n_incidents);
  add_para (flow, comment);
  add_para (flow,
            _ ("A good signature shows that the PDF is unchanged since this diary’s report key "
               "signed it. It does not show that what the report says is true, nor when the "
               "report was made: every time in it comes from the diary keeper’s computer clock. "
               "Anyone who can open the diary can sign with its key."));
}

static void
verify_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  guint n_exhibits = self->exhibits->get_n_exhibits (self->exhibits);
  g_autofree char *fingerprint = NULL;
  g_autofree char *link = NULL;
  g_autofree char *since = g_strdup_printf ("daybook-cli verify --since %s", self->fingerprint);

  _daybook_flow_add_heading (flow, _ ("How to verify this report"));
  /* It may follow a short exhibit schedule on the same page. */
  ((DaybookBlock *)g_ptr_array_index (flow->blocks, 0))->space_before = 28;
  _daybook_flow_set_continued (flow, _ ("How to verify this report (continued)"));
  add_para (flow, _ ("These checks need no Daybook and no access to the diary. In the commands, "
                     "use the names of the files you received instead of report.pdf, KEY.pub and "
                     "FILE."));

  add_signature (self, flow);
  add_para (flow, _ ("To note exactly which file you received, record its SHA-256 checksum:"));
  add_command (flow, "sha256sum report.pdf");

  add_step (flow, _ ("2. The exhibits"));
  if (n_exhibits == 0)
    add_para (flow, _ ("This report lists no exhibits."));
  else
    {
      add_para (flow, _ ("Each exhibit is handed over as its original file. Its checksum must "
                         "equal the SHA-256 in the exhibit schedule, character for character:"));
      add_command (flow, "sha256sum FILE");
    }

  add_step (flow, _ ("3. The diary"));
  link = _daybook_report_format_link (self->chain_length);
  fingerprint = g_strdup_printf (
      _ ("The diary fingerprint %s, %s, sums up every entry and every change made through "
         "Daybook up to when this report was made: Daybook keeps every change and links it into "
         "a chain of checksums. A later report from the same diary shows the same fingerprint if "
         "nothing has changed since. On the diary keeper’s computer, “daybook-cli verify” "
         "re-checks the whole chain and every exhibit’s checksum."),
      self->fingerprint, link);
  add_para (flow, fingerprint);
  add_clock (self, flow);
  add_para (flow, _ ("Later, this command on the diary keeper’s computer recomputes the chain from "
                     "the diary’s history and says whether this report’s fingerprint is still one "
                     "of its links, and which entries were added, edited or deleted since. Type "
                     "the fingerprint from this page, not from the diary; spaces do not matter:"));
  add_command (flow, since);
  add_para (flow, _ ("If the history was rewritten, cut short or put back from an older copy, it "
                     "says the fingerprint is not contained. It cannot show what the diary keeper "
                     "changed before this report was made: the chain is a checksum, not a seal, "
                     "and someone holding the diary’s key could rewrite the history and its "
                     "checksums before a report left the computer."));
}

const DaybookSection _daybook_report_verify = {
  FALSE,
  verify_n_items,
  verify_build,
};
