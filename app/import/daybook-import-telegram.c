/* daybook-import-telegram.c — Telegram Desktop's result.json (one chat or the whole export)
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "daybook-error.h"
#include "daybook-import-parser.h"

/*
 * One chat: { "name", "type", "id", "messages": [ … ] }; the whole export:
 * { "chats": { "list": [ one chat, … ] }, "left_chats": { "list": … } }.
 * A message: "type" "message" or "service"; "date_unixtime" (a string of
 * digits; "date", the wall-clock time, when it is missing), "from",
 * "from_id", "text" as a string or an array of strings and entities
 * ({ "type", "text" }), "edited_unixtime", "photo" or "file" (a path in
 * the export folder, or "(File not included…)"), "forwarded_from",
 * "reply_to_message_id". A call is a service message with "action"
 * "phone_call", "actor", "actor_id", "duration_seconds" and
 * "discard_reason" (missed, busy, hangup, disconnect).
 *
 * json-glib reads a document whole, so the file is refused past
 * DAYBOOK_IMPORT_MAX_TELEGRAM (its tree takes several times its size).
 * The record's "line" is the message's position in the file, from 1.
 */

#define DAYBOOK_IMPORT_MAX_TELEGRAM (16u * 1024 * 1024)

static const char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_int (JsonObject *o, const char *name, gint64 *out)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64, out,
                                     NULL);
  return FALSE;
}

/* "text": a string, or strings and entities one after the other. */
static char *
message_text (JsonObject *o)
{
  JsonNode *node = json_object_get_member (o, "text");
  GString *out = g_string_new (NULL);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append (out, json_node_get_string (node));
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *parts = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (parts) && out->len < DAYBOOK_IMPORT_MAX_TEXT;
           i++)
        {
          JsonNode *part = json_array_get_element (parts, i);

          if (JSON_NODE_HOLDS_VALUE (part) && json_node_get_value_type (part) == G_TYPE_STRING)
            g_string_append (out, json_node_get_string (part));
          else if (JSON_NODE_HOLDS_OBJECT (part))
            {
              const char *text = member_string (json_node_get_object (part), "text");

              if (text != NULL)
                g_string_append (out, text);
            }
        }
    }
  return g_string_free (out, FALSE);
}

/* "2023-03-14T22:15:07": the wall-clock time, counted as if UTC. */
static gboolean
local_seconds (const char *text, gint64 *out)
{
  int y, mo, d, h, mi, s;
  g_autoptr (GDateTime) dt = NULL;

  if (text == NULL || sscanf (text, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return FALSE;
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static gboolean
is_me (DaybookImportEmitter *emitter, const char *name, const char *id)
{
  const char *me = emitter->options->me;

  return me != NULL && (g_strcmp0 (name, me) == 0 || g_strcmp0 (id, me) == 0);
}

static const char *
call_outcome (const char *reason, gint64 duration, gboolean out)
{
  if (out)
    return "outgoing";
  if (g_strcmp0 (reason, "missed") == 0)
    return "missed";
  if (g_strcmp0 (reason, "busy") == 0)
    return "rejected";
  if (duration > 0)
    return "answered";
  /* Hung up or cut off before anyone spoke. */
  return "missed";
}

static gboolean
one_message (DaybookImportEmitter *emitter, JsonObject *m, const char *chat, guint number,
             GError **error)
{
  g_autoptr (GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *text = NULL;
  DaybookImportRecord r = { 0 };
  const char *type = member_string (m, "type");
  const char *from, *from_id, *media = NULL;
  gboolean service = g_strcmp0 (type, "service") == 0;
  gint64 seconds, value;

  if (member_int (m, "date_unixtime", &seconds))
    r.basis = "utc";
  else if (local_seconds (member_string (m, "date"), &seconds))
    r.basis = "local";
  else
    {
      _daybook_import_skip (emitter, number, DAYBOOK_IMPORT_SKIP_MESSAGE_NO_DATE, NULL, NULL);
      return TRUE;
    }
  if (member_int (m, "id", &value))
    g_hash_table_insert (headers, (char *)"telegram-id",
                         g_strdup_printf ("%" G_GINT64_FORMAT, value));
  if (chat != NULL)
    g_hash_table_insert (headers, (char *)"chat", g_strdup (chat));
  if (member_int (m, "edited_unixtime", &value))
    {
      g_hash_table_insert (headers, (char *)"edited", g_strdup ("1"));
      g_hash_table_insert (headers, (char *)"edited-at",
                           g_strdup_printf ("%" G_GINT64_FORMAT, value));
    }
  if (member_string (m, "forwarded_from") != NULL)
    g_hash_table_insert (headers, (char *)"forwarded-from",
                         g_strdup (member_string (m, "forwarded_from")));
  if (member_int (m, "reply_to_message_id", &value))
    g_hash_table_insert (headers, (char *)"reply-to-id",
                         g_strdup_printf ("%" G_GINT64_FORMAT, value));

  text = message_text (m);
  r.seconds = seconds;
  r.line = number;
  r.text = text;
  r.media_state = "";
  r.outcome = "";
  r.duration_s = -1;
  r.headers = headers;
  from = member_string (m, service ? "actor" : "from");
  from_id = member_string (m, service ? "actor_id" : "from_id");
  if (service && g_strcmp0 (member_string (m, "action"), "phone_call") == 0)
    {
      gboolean out = is_me (emitter, from, from_id);
      gint64 duration = -1;

      member_int (m, "duration_seconds", &duration);
      r.kind = "call";
      r.direction = out ? "out" : "in";
      r.sender = from;
      r.address = from_id;
      r.outcome = call_outcome (member_string (m, "discard_reason"), duration, out);
      r.duration_s = duration >= 0 && duration <= G_MAXINT32 ? (gint32)duration : -1;
      if (member_string (m, "discard_reason") != NULL)
        g_hash_table_insert (headers, (char *)"discard-reason",
                             g_strdup (member_string (m, "discard_reason")));
    }
  else if (service)
    {
      const char *action = member_string (m, "action");

      r.kind = "system";
      r.direction = "system";
      if (text[0] == '\0')
        {
          g_free (text);
          text = g_strdup_printf ("%s%s%s", from != NULL ? from : "", from != NULL ? ": " : "",
                                  action != NULL ? action : "service message");
          r.text = text;
        }
    }
  else
    {
      r.kind = "message";
      r.direction = is_me (emitter, from, from_id) ? "out" : "in";
      r.sender = from;
      r.address = from_id;
      media = member_string (m, "photo");
      if (media == NULL)
        media = member_string (m, "file");
      if (media != NULL && g_str_has_prefix (media, "(File "))
        r.media_state = "omitted";
      else if (media != NULL && media[0] != '\0')
        {
          /* The JSON alone does not hold the file. */
          r.media_name = media;
          r.media_state = "missing";
        }
    }
  return _daybook_import_emit_record (emitter, &r, error);
}

static gboolean
one_chat (DaybookImportEmitter *emitter, JsonObject *chat, guint *number, GError **error)
{
  JsonNode *node = json_object_get_member (chat, "messages");
  const char *name = member_string (chat, "name");
  JsonArray *messages;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;
  messages = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *m = json_array_get_element (messages, i);

      ++*number;
      if (!JSON_NODE_HOLDS_OBJECT (m))
        {
          _daybook_import_skip (emitter, *number, DAYBOOK_IMPORT_SKIP_MESSAGE_NOT_OBJECT, NULL,
                                NULL);
          continue;
        }
      if (!one_message (emitter, json_node_get_object (m), name, *number, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
chat_list (DaybookImportEmitter *emitter, JsonObject *root, const char *member, guint *number,
           GError **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonNode *list_node;
  JsonArray *list;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  list_node = json_object_get_member (json_node_get_object (node), "list");
  if (list_node == NULL || !JSON_NODE_HOLDS_ARRAY (list_node))
    return TRUE;
  list = json_node_get_array (list_node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *chat = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_OBJECT (chat)
          && !one_chat (emitter, json_node_get_object (chat), number, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_daybook_import_telegram (GInputStream *input, DaybookImportEmitter *emitter, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  guint8 chunk[65536];
  JsonNode *root;
  JsonObject *top;
  guint number = 0;

  emitter->format = "telegram";
  for (;;)
    {
      gssize n = g_input_stream_read (input, chunk, sizeof chunk, NULL, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (buf->len + (gsize)n > DAYBOOK_IMPORT_MAX_TELEGRAM)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("This Telegram export is larger than %u MiB, more than Daybook reads "
                          "at once; nothing was imported. In Telegram Desktop export one chat "
                          "at a time (the chat's menu, Export chat history, format JSON) and "
                          "import each."),
                       DAYBOOK_IMPORT_MAX_TELEGRAM / (1024 * 1024));
          return FALSE;
        }
      g_byte_array_append (buf, chunk, n);
    }
  if (!json_parser_load_from_data (parser, (const char *)buf->data, buf->len, &local))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("This Telegram export is not readable JSON (%s)."), local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("This JSON file is not a Telegram export (no chat in it)."));
      return FALSE;
    }
  top = json_node_get_object (root);
  if (json_object_has_member (top, "messages"))
    return one_chat (emitter, top, &number, error);
  if (!json_object_has_member (top, "chats"))
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("This JSON file is not a Telegram export (no chat in it)."));
      return FALSE;
    }
  return chat_list (emitter, top, "chats", &number, error)
         && chat_list (emitter, top, "left_chats", &number, error);
}
