/* daybook-demo.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-demo"

#include "config.h"

#include "daybook-i18n.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "daybook-attachment.h"
#include "daybook-demo.h"

/*
 * Clearly fictional sample data for trying Daybook, screenshots and
 * benchmarks. Every name says it is fictional, so a demo diary can never be
 * mistaken for a real account. The same seed gives the same diary.
 */

typedef struct
{
  const char *name;
  DaybookRole role;
  const char *description;
} DemoPerson;

static const DemoPerson people[] = {
  { "Jordan Sample (fictional)", DAYBOOK_ROLE_SUSPECT,
    "Former partner. About 1.80 m, short dark hair, often wears a grey hooded jacket." },
  { "Casey Example (fictional)", DAYBOOK_ROLE_WITNESS, "Neighbour at number 14." },
  { "Riley Placeholder (fictional)", DAYBOOK_ROLE_WITNESS, "Colleague at work." },
  { "Morgan Demo (fictional)", DAYBOOK_ROLE_OTHER,
    "Friend of the suspect who passes on messages." },
};

typedef struct
{
  DaybookBehaviour type;
  const char *title;
  const char *narrative;
  const char *location;
} DemoEvent;

static const DemoEvent events[] = {
  { DAYBOOK_BEHAVIOUR_FOLLOWING, "Followed home from the station",
    "I noticed the same grey hooded jacket behind me from the platform. I crossed the road twice "
    "and he crossed too. He stayed about twenty metres behind until my front gate, then walked "
    "past slowly and looked back at the house.",
    "Station Road to home (fictional)" },
  { DAYBOOK_BEHAVIOUR_CONTACT, "Messages from a new number",
    "Eleven text messages between 22:00 and 23:30 from a number I did not recognise. They used my "
    "childhood nickname, which only he uses. I did not reply. I took screenshots of all of them.",
    "Home" },
  { DAYBOOK_BEHAVIOUR_PUBLISHING, "Post about me on a community page",
    "A post appeared on the local community page with a photo of my car and my street name, saying "
    "I owed money. The account was created yesterday. Two neighbours mentioned it to me.",
    "Online" },
  { DAYBOOK_BEHAVIOUR_MONITORING, "Knew where I had been",
    "He sent a message saying he hoped I enjoyed my coffee at the place by the library. I had not "
    "told anyone where I was going. I checked my phone settings and found my location was shared "
    "with an account I do not know.",
    "Library café (fictional)" },
  { DAYBOOK_BEHAVIOUR_LOITERING, "Car parked outside work",
    "His car was parked across the road from my office when I arrived and was still there at "
    "lunch. The engine was running. A colleague saw it too.",
    "Outside the office (fictional)" },
  { DAYBOOK_BEHAVIOUR_PROPERTY, "Car tyre let down",
    "The front left tyre of my car was flat in the morning. The garage said the valve had been "
    "loosened, not punctured. This is the second time this month.",
    "Driveway" },
  { DAYBOOK_BEHAVIOUR_WATCHING, "Standing opposite the house",
    "At about 23:00 I saw someone standing under the street light opposite, looking at my window. "
    "When I turned the light on, they walked off towards the park.",
    "Outside home" },
  { DAYBOOK_BEHAVIOUR_THREAT, "Voicemail threat",
    "A voicemail said I would regret going to the police and that he knows where my sister lives. "
    "I saved the voicemail. I was shaking and could not sleep.",
    "Home" },
  { DAYBOOK_BEHAVIOUR_VIOLENCE, "Grabbed by the arm in the car park",
    "He came up behind me in the supermarket car park and grabbed my arm hard enough to leave a "
    "bruise, saying we needed to talk. A shopper shouted and he let go. I photographed the bruise "
    "the next day.",
    "Supermarket car park (fictional)" },
  { DAYBOOK_BEHAVIOUR_THIRD_PARTY, "Message passed on through a friend",
    "A mutual friend told me he asked her to tell me he is not going away and that I should "
    "unblock him. She said he asked where I work now.",
    "By phone" },
  { DAYBOOK_BEHAVIOUR_BREACH, "Contact despite the order",
    "He sent an e-mail even though the order says he must not contact me directly or indirectly. "
    "The e-mail was sent from his work address.",
    "Online" },
  { DAYBOOK_BEHAVIOUR_GIFT, "Flowers left on the doorstep",
    "A bunch of flowers was left on the doorstep with a card that said 'I will always be here'. No "
    "one rang the bell. The card was in his handwriting.",
    "Doorstep" },
  { DAYBOOK_BEHAVIOUR_OTHER, "Unknown delivery in my name",
    "A parcel I did not order arrived in my name, paid for with cash on delivery. The courier said "
    "it was ordered online last week.",
    "Home" },
};

static const char *impacts[] = {
  "I changed my route home and now take a taxi, which I cannot afford.",
  "I could not go to work the next day.",
  "I have stopped going to the gym in the evenings.",
  "I keep the curtains closed all day now.",
  "My children are frightened to play in the garden.",
  "",
};

static gboolean
save_people (DaybookDiary *diary, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr (DaybookPerson) person = daybook_person_new (people[i].name);

      daybook_person_set_role (person, people[i].role);
      daybook_person_set_field (person, DAYBOOK_PERSON_DESCRIPTION, people[i].description);
      if (i == 0)
        {
          daybook_person_set_field (person, DAYBOOK_PERSON_PHONES,
                                    "07700 900123 (fictional)\n07700 900456 (fictional)");
          daybook_person_set_field (person, DAYBOOK_PERSON_VEHICLES,
                                    "Blue hatchback, registration DEMO 123 (fictional)");
          daybook_person_set_field (person, DAYBOOK_PERSON_HANDLES,
                                    "@jordan_sample_demo (fictional)");
        }
      if (!daybook_diary_save_person (diary, person, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
save_case (DaybookDiary *diary, GError **error)
{
  const char *keys[] = {
    DAYBOOK_SETTING_OWNER_NAME,   DAYBOOK_SETTING_OWNER_INITIALS,
    DAYBOOK_SETTING_CASE_REF,     DAYBOOK_SETTING_CRIME_REF,
    DAYBOOK_SETTING_POLICE_FORCE, DAYBOOK_SETTING_ORDERS,
    DAYBOOK_SETTING_ADVOCATE,     NULL,
  };
  const char *values[] = {
    "Alex Demo (fictional)",
    "AD",
    "DEMO-0001",
    "DEMO/12345/26",
    "Example Constabulary (fictional)",
    "Stalking Protection Order (fictional): no contact, direct or indirect; not to enter Station "
    "Road.",
    "Sam Advocate (fictional), Example Advocacy Service",
    NULL,
  };

  return daybook_diary_set_settings (diary, keys, values, error);
}

static void
fill_incident (DaybookIncident *incident, GRand *rand, GTimeZone *tz, gint64 utc)
{
  const DemoEvent *event = &events[g_rand_int_range (rand, 0, G_N_ELEMENTS (events))];
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc);
  DaybookWhen when
      = { utc, g_time_zone_get_offset (tz, interval), (char *)g_time_zone_get_identifier (tz) };
  DaybookBehaviour types = event->type;
  int dice = g_rand_int_range (rand, 0, 100);

  if (g_rand_int_range (rand, 0, 4) == 0)
    types |= daybook_behaviour_nth (g_rand_int_range (rand, 0, DAYBOOK_N_BEHAVIOURS));

  daybook_incident_set_start (incident, &when);
  daybook_incident_set_precision (incident, dice < 70   ? DAYBOOK_PRECISION_EXACT
                                            : dice < 90 ? DAYBOOK_PRECISION_APPROXIMATE
                                                        : DAYBOOK_PRECISION_DAY);
  daybook_incident_set_title (incident, event->title);
  daybook_incident_set_narrative (incident, event->narrative);
  daybook_incident_set_location (incident, event->location);
  daybook_incident_set_types (incident, types);
  daybook_incident_add_person (incident, people[0].name, DAYBOOK_ROLE_SUSPECT);
  if (g_rand_int_range (rand, 0, 3) == 0)
    daybook_incident_add_person (incident,
                                 people[g_rand_int_range (rand, 1, G_N_ELEMENTS (people))].name,
                                 DAYBOOK_ROLE_WITNESS);
  daybook_incident_set_fear_of_violence (
      incident, (types & (DAYBOOK_BEHAVIOUR_THREAT | DAYBOOK_BEHAVIOUR_VIOLENCE)) != 0);
  daybook_incident_set_alarm_distress (incident, g_rand_int_range (rand, 0, 3) != 0);
  daybook_incident_set_impact (incident,
                               impacts[g_rand_int_range (rand, 0, G_N_ELEMENTS (impacts))]);
  if (g_rand_int_range (rand, 0, 5) == 0)
    {
      daybook_incident_set_police_reported (incident, TRUE);
      daybook_incident_set_police_ref (incident, "DEMO/12345/26");
      daybook_incident_set_police_officer (incident, "PC 0000 Example (fictional)");
    }
  if (g_rand_int_range (rand, 0, 10) == 0)
    {
      daybook_incident_set_private (incident, TRUE);
      daybook_incident_set_private_notes (incident,
                                          "I have not told my family about this one yet.");
    }
}

static int
compare_times (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/**
 * daybook_demo_fill:
 * @seed: the same seed gives the same diary
 *
 * Adds fictional case details, four people and @n_incidents incidents over
 * the months before now, getting more frequent towards the present, as a
 * course of conduct often does. One batch, one sync.
 */
gboolean
daybook_demo_fill (DaybookDiary *diary, guint n_incidents, guint32 seed, GError **error)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GTimeZone) tz = g_time_zone_new_local ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 span = MAX (120, (gint64)n_incidents / 2) * 86400;
  g_autoptr (GArray) times = NULL;

  if (!daybook_diary_begin_batch (diary, error))
    return FALSE;

  if (!save_case (diary, error) || !save_people (diary, error))
    goto fail;

  /* Entries are written down in the order things happen, so numbers
   * follow time, as in a real diary. */
  times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_incidents);
  for (guint i = 0; i < n_incidents; i++)
    {
      double x = g_rand_double (rand);
      /* Later incidents come closer together. */
      gint64 utc = now - span + (gint64)(span * (1.0 - (1.0 - x) * (1.0 - x))) - 3600;

      utc -= utc % 60;
      g_array_append_val (times, utc);
    }
  g_array_sort (times, compare_times);

  for (guint i = 0; i < n_incidents; i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();

      fill_incident (incident, rand, tz, g_array_index (times, gint64, i));
      if (!daybook_diary_save_incident (diary, incident, error))
        goto fail;
    }

  return daybook_diary_end_batch (diary, TRUE, error);

fail:
  daybook_diary_end_batch (diary, FALSE, NULL);
  return FALSE;
}

/* A fictional "photo": a plain picture, nothing that could be mistaken
 * for a real person or place. */
static GBytes *
sample_picture (GRand *rand, GError **error)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 640, 480);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 base[3] = { g_rand_int_range (rand, 60, 200), g_rand_int_range (rand, 60, 200),
                     g_rand_int_range (rand, 60, 200) };
  char *data = NULL;
  gsize len = 0;

  for (int y = 0; y < 480; y++)
    for (int x = 0; x < 640; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        gboolean band = (x / 80 + y / 60) % 2 == 0;

        for (int c = 0; c < 3; c++)
          p[c] = band ? base[c] : 255 - base[c];
      }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &data, &len, "png", error, NULL))
    return NULL;
  return g_bytes_new_take (data, len);
}

static GBytes *
sample_transcript (GRand *rand, guint serial)
{
  static const char *lines[] = {
    "Where are you? I know you're home.", "Why won't you answer me?",
    "I saw your car outside the gym.",    "You can't ignore me forever.",
    "I just want to talk. Pick up.",
  };
  g_autoptr (GString) text = g_string_new (NULL);

  g_string_append_printf (text, "SAMPLE DATA (fictional) - message transcript %u\n\n", serial);
  for (guint i = 0; i < 6; i++)
    g_string_append_printf (text, "[%02u:%02u] %s\n", 20 + i / 3, g_rand_int_range (rand, 0, 60),
                            lines[g_rand_int_range (rand, 0, G_N_ELEMENTS (lines))]);
  return g_string_free_to_bytes (g_steal_pointer (&text));
}

/**
 * daybook_demo_add_evidence:
 * @n_attachments: how many
 *
 * Attaches fictional pictures and message transcripts to random entries
 * (or to the evidence list, in a diary without entries), in one batch.
 */
gboolean
daybook_demo_add_evidence (DaybookDiary *diary, guint n_attachments, guint32 seed, GError **error)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed + 1);
  guint n_incidents = daybook_diary_count_incidents (diary);

  if (!daybook_diary_begin_batch (diary, error))
    return FALSE;

  for (guint i = 1; i <= n_attachments; i++)
    {
      gboolean picture = i % 2 == 1;
      g_autoptr (GBytes) bytes
          = picture ? sample_picture (rand, error) : sample_transcript (rand, i);
      g_autofree char *name
          = g_strdup_printf (picture ? "sample-photo-%u.png" : "sample-messages-%u.txt", i);
      gint64 number = n_incidents > 0 ? g_rand_int_range (rand, 1, n_incidents + 1) : 0;
      g_autoptr (DaybookAttachment) attachment = NULL;

      if (bytes == NULL)
        goto fail;
      attachment
          = daybook_diary_import_attachment_bytes (diary, bytes, name, number, NULL, NULL, error);
      if (attachment == NULL)
        goto fail;
    }

  return daybook_diary_end_batch (diary, TRUE, error);

fail:
  daybook_diary_end_batch (diary, FALSE, NULL);
  return FALSE;
}
