/* daybook-schema.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-schema"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-bytes.h"
#include "daybook-chain.h"
#include "daybook-schema.h"
#include "daybook-sql.h"
#include "daybook-error.h"

/*
 * Migrations, one per schema version, run in order inside one transaction
 * each. `PRAGMA user_version` says which have run. A migration is never
 * edited once released: add the next one.
 *
 * Times are Unix seconds in UTC. Incidents keep the offset and zone name in
 * force where they happened beside each instant. Rows are never really
 * deleted: `deleted_at` marks them, and the revision history keeps every
 * version, so entry numbers are never reused (AUTOINCREMENT also guarantees
 * that).
 */
static const char *migrations[] = {
  /* 1: incidents, people, case details, history, search */
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"

  "CREATE TABLE incidents ("
  "  number INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  start_utc INTEGER NOT NULL,"
  "  start_offset INTEGER NOT NULL,"
  "  start_zone TEXT,"
  "  end_utc INTEGER,"
  "  end_offset INTEGER,"
  "  end_zone TEXT,"
  "  precision TEXT NOT NULL CHECK (precision IN ('exact', 'approximate', 'day')),"
  "  recorded_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  title TEXT NOT NULL,"
  "  narrative TEXT NOT NULL,"
  "  location TEXT NOT NULL,"
  "  fear_of_violence INTEGER NOT NULL,"
  "  alarm_distress INTEGER NOT NULL,"
  "  impact TEXT NOT NULL,"
  "  police_reported INTEGER NOT NULL,"
  "  police_ref TEXT NOT NULL,"
  "  police_officer TEXT NOT NULL,"
  "  police_date TEXT NOT NULL,"
  "  private_notes TEXT NOT NULL,"
  "  private INTEGER NOT NULL);"
  /* Covers the timeline query, so its first screen reads no table pages. */
  "CREATE INDEX incidents_by_start ON incidents (start_utc, number, deleted_at, private);"

  "CREATE TABLE incident_types ("
  "  number INTEGER NOT NULL REFERENCES incidents (number),"
  "  type TEXT NOT NULL,"
  "  PRIMARY KEY (number, type)) WITHOUT ROWID;"
  "CREATE INDEX incident_types_by_type ON incident_types (type, number);"

  "CREATE TABLE people ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  aliases TEXT NOT NULL,"
  "  description TEXT NOT NULL,"
  "  phones TEXT NOT NULL,"
  "  emails TEXT NOT NULL,"
  "  handles TEXT NOT NULL,"
  "  vehicles TEXT NOT NULL,"
  "  notes TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  deleted_at INTEGER);"
  "CREATE UNIQUE INDEX people_by_name ON people (name COLLATE NOCASE) WHERE deleted_at IS NULL;"

  "CREATE TABLE incident_people ("
  "  number INTEGER NOT NULL REFERENCES incidents (number),"
  "  person_id INTEGER NOT NULL REFERENCES people (id),"
  "  name TEXT NOT NULL," /* as written in the entry */
  "  role TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (number, person_id)) WITHOUT ROWID;"
  "CREATE INDEX incident_people_by_person ON incident_people (person_id, number);"

  /* The history: one row per create, edit or delete of anything, with its
   * canonical snapshot, chained by SHA-256 links in id order. */
  "CREATE TABLE revisions ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  entity TEXT NOT NULL,"
  "  entity_id INTEGER NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('create', 'edit', 'delete')),"
  "  at INTEGER NOT NULL,"
  "  snapshot TEXT NOT NULL,"
  "  link BLOB NOT NULL,"
  "  UNIQUE (entity, entity_id, revision));"

  "CREATE VIRTUAL TABLE incidents_fts USING fts4 ("
  "  title, narrative, location, people, impact, police, notes,"
  "  tokenize=unicode61 \"remove_diacritics=1\");",

  /* 2: evidence attachments. The original's bytes live in fixed-size
   * chunks in the encrypted database; the file name is kept as the bytes
   * the file system gave (it may not be UTF-8). Links to entries are part
   * of the attachment's own revisions, so entries' history is unchanged. */
  "CREATE TABLE attachments ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  serial INTEGER NOT NULL,"
  "  mark TEXT NOT NULL,"
  "  filename BLOB NOT NULL,"
  "  media_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  sha256 BLOB NOT NULL,"
  "  mtime INTEGER NOT NULL,"
  "  imported_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  description TEXT NOT NULL,"
  "  taken_at INTEGER,"
  "  metadata TEXT NOT NULL,"
  "  thumbnail BLOB);"
  "CREATE INDEX attachments_by_sha256 ON attachments (sha256);"
  "CREATE INDEX attachments_by_size ON attachments (size);"

  "CREATE TABLE attachment_chunks ("
  "  attachment_id INTEGER NOT NULL REFERENCES attachments (id),"
  "  seq INTEGER NOT NULL,"
  "  data BLOB NOT NULL,"
  "  UNIQUE (attachment_id, seq));"

  "CREATE TABLE attachment_links ("
  "  attachment_id INTEGER NOT NULL REFERENCES attachments (id),"
  "  number INTEGER NOT NULL REFERENCES incidents (number),"
  "  PRIMARY KEY (attachment_id, number)) WITHOUT ROWID;"
  "CREATE INDEX attachment_links_by_number ON attachment_links (number, attachment_id);",

  /* 3: an attachment's bytes in an evidence file of their own, sealed with
   * their own key (daybook-blob.c); rows without one keep their bytes in
   * attachment_chunks, as version 2 stored them. */
  "ALTER TABLE attachments ADD COLUMN blob TEXT;"
  "ALTER TABLE attachments ADD COLUMN blob_key BLOB;"
  "CREATE UNIQUE INDEX attachments_by_blob ON attachments (blob) WHERE blob IS NOT NULL;",

  /* 4: what left the diary, and the key that signs reports.
   *
   * `exports` is the register of the reports, backups, bundles and report
   * key hand-overs this diary made: never their contents, only what lets a
   * later check find them in the chain (the head and the number of links
   * then) and what was chosen. It is bookkeeping, outside the chain.
   *
   * `report_keys` holds the seed of the Ed25519 key that signs reports: a
   * random key of the diary's own, so a passphrase change or a rekey does
   * not change it. `key_handovers` remembers when, and to whom, its public
   * half was given. */
  "CREATE TABLE exports ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('report', 'backup', 'bundle', 'key')),"
  "  ref TEXT NOT NULL,"
  "  head BLOB,"
  "  length INTEGER NOT NULL,"
  "  selection TEXT NOT NULL,"
  "  made_at INTEGER NOT NULL);"
  "CREATE INDEX exports_by_ref ON exports (ref);"

  "CREATE TABLE report_keys ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  seed BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL);"

  "CREATE TABLE key_handovers ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  key_id INTEGER NOT NULL REFERENCES report_keys (id),"
  "  given_to TEXT NOT NULL,"
  "  given_at INTEGER NOT NULL);",

  /* 5: what an officer acts on, and what phones and mail hold.
   *
   * Orders (with numbered terms), breaches of a term by an entry, and
   * police contacts (with the entries reported in them) keep the pattern of
   * entries and people: a revision number, `deleted_at`, a revision row for
   * every change. Terms are never renumbered; a removed term keeps its
   * number and text with `deleted_at`, so a breach of it stays readable.
   *
   * Messages and calls are imported from an exhibit (`message_sources`
   * names it, the format and the choices made), never edited. `line` is
   * the line or element number in the original; `digest` identifies a
   * message across overlapping exports of the same conversation (it
   * includes how many identical messages came before it in its file, so two
   * equal messages in one minute stay two). `person_identifiers` lets one
   * person hold several numbers, addresses and account names. */
  /* -- orders, breaches, police contacts */
  "CREATE TABLE orders ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL,"
  "  court TEXT NOT NULL,"
  "  reference TEXT NOT NULL,"
  "  made_on TEXT NOT NULL," /* YYYY-MM-DD, or '' when not known */
  "  served_on TEXT NOT NULL,"
  "  expires_on TEXT NOT NULL,"
  "  document INTEGER REFERENCES attachments (id),"
  "  notes TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  deleted_at INTEGER);"

  "CREATE TABLE order_terms ("
  "  order_id INTEGER NOT NULL REFERENCES orders (id),"
  "  number INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  deleted_at INTEGER,"
  "  PRIMARY KEY (order_id, number)) WITHOUT ROWID;"

  "CREATE TABLE incident_breaches ("
  "  number INTEGER NOT NULL REFERENCES incidents (number),"
  "  order_id INTEGER NOT NULL REFERENCES orders (id),"
  "  term INTEGER NOT NULL,"
  "  PRIMARY KEY (number, order_id, term)) WITHOUT ROWID;"
  "CREATE INDEX incident_breaches_by_order ON incident_breaches (order_id, term, number);"

  "CREATE TABLE police_contacts ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at_utc INTEGER NOT NULL,"
  "  at_offset INTEGER NOT NULL,"
  "  at_zone TEXT,"
  "  force_name TEXT NOT NULL,"
  "  officer TEXT NOT NULL,"
  "  collar TEXT NOT NULL,"
  "  reference TEXT NOT NULL,"
  "  how TEXT NOT NULL,"
  "  reported TEXT NOT NULL,"
  "  said TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  deleted_at INTEGER);"

  "CREATE TABLE contact_incidents ("
  "  contact_id INTEGER NOT NULL REFERENCES police_contacts (id),"
  "  number INTEGER NOT NULL REFERENCES incidents (number),"
  "  PRIMARY KEY (contact_id, number)) WITHOUT ROWID;"
  "CREATE INDEX contact_incidents_by_number ON contact_incidents (number, contact_id);"

  /* -- imported messages and calls */
  "CREATE TABLE message_sources ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  attachment_id INTEGER NOT NULL REFERENCES attachments (id),"
  "  format TEXT NOT NULL,"
  "  time_zone TEXT NOT NULL,"
  "  date_order TEXT NOT NULL,"
  "  options TEXT NOT NULL," /* JSON: who is "me", mbox flavour, CSV columns */
  "  imported_at INTEGER NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  deleted_at INTEGER);"
  "CREATE INDEX message_sources_by_attachment ON message_sources (attachment_id);"

  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  source_id INTEGER NOT NULL REFERENCES message_sources (id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('message', 'call', 'email', 'system')),"
  "  direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'system')),"
  "  sent_utc INTEGER NOT NULL,"
  "  sent_offset INTEGER NOT NULL,"
  "  sent_zone TEXT,"
  "  time_flag TEXT NOT NULL," /* '', 'gap' or 'overlap' (a local time the zone skipped or repeated)
                                */
  "  sender TEXT NOT NULL,"    /* as the file names them */
  "  address TEXT NOT NULL,"   /* number, e-mail address or account id */
  "  person_id INTEGER REFERENCES people (id),"
  "  recipients TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  line INTEGER NOT NULL,"
  "  media_id INTEGER REFERENCES attachments (id),"
  "  media_name TEXT NOT NULL,"
  "  media_state TEXT NOT NULL," /* '', 'present', 'missing' or 'omitted' */
  "  outcome TEXT NOT NULL," /* calls: answered, missed, rejected, blocked, voicemail, outgoing */
  "  duration_s INTEGER,"
  "  headers TEXT NOT NULL," /* JSON: e-mail headers, edited/deleted markers */
  "  digest BLOB NOT NULL);"
  "CREATE INDEX messages_by_time ON messages (sent_utc, id);"
  "CREATE INDEX messages_by_source ON messages (source_id, line);"
  "CREATE INDEX messages_by_person ON messages (person_id, sent_utc);"
  "CREATE UNIQUE INDEX messages_by_digest ON messages (digest);"

  "CREATE TABLE message_links ("
  "  number INTEGER NOT NULL REFERENCES incidents (number),"
  "  message_id INTEGER NOT NULL REFERENCES messages (id),"
  "  PRIMARY KEY (number, message_id)) WITHOUT ROWID;"
  "CREATE INDEX message_links_by_message ON message_links (message_id, number);"

  "CREATE VIRTUAL TABLE messages_fts USING fts4 ("
  "  sender, text,"
  "  tokenize=unicode61 \"remove_diacritics=1\");"

  "CREATE TABLE person_identifiers ("
  "  kind TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'account', 'name')),"
  "  value TEXT NOT NULL," /* normalised: digits and a leading +, lower-case address */
  "  person_id INTEGER NOT NULL REFERENCES people (id),"
  "  PRIMARY KEY (kind, value)) WITHOUT ROWID;"
  "CREATE INDEX person_identifiers_by_person ON person_identifiers (person_id);",

  /* 6: the search text stored once.
   *
   * Until now each search table kept its own copy of every word it indexed
   * (a diary took about 8.5 times its text on disk, the copy 15 % of it),
   * and a size per row that nothing reads. Now the entries' index reads
   * its text from `incidents_fts_source`, a view of the entries not
   * deleted, and the messages' index from `messages` itself
   * (external-content FTS4 tables), without the sizes (matchinfo=fts3).
   *
   * The rule that comes with it: an entry's index row is deleted BEFORE its
   * row, people or deleted mark change (FTS4 reads the words to remove from
   * the view), and inserted from the view itself after, so the index always
   * holds exactly the view's words (daybook-diary-incidents.c). Messages
   * are never edited. Both indexes are rebuilt from the rows, merged into
   * one segment each; `_daybook_schema_migrate()` then gives the freed
   * pages back (VACUUM). The entries' index merges its new segments two at
   * a time as entries are saved (automerge=2), which keeps it about 6 %
   * smaller than FTS4's default of 8. */
  "DROP TABLE incidents_fts;"
  "CREATE VIEW incidents_fts_source AS SELECT"
  "  i.number AS rowid, i.title AS title, i.narrative AS narrative, i.location AS location,"
  "  coalesce((SELECT group_concat(p.name || char(10), '') FROM incident_people p"
  "            WHERE p.number = i.number), '') AS people,"
  "  i.impact AS impact, i.police_ref || char(10) || i.police_officer AS police,"
  "  i.private_notes AS notes"
  "  FROM incidents i WHERE i.deleted_at IS NULL;"
  "CREATE VIRTUAL TABLE incidents_fts USING fts4 ("
  "  content=\"incidents_fts_source\", matchinfo=fts3,"
  "  title, narrative, location, people, impact, police, notes,"
  "  tokenize=unicode61 \"remove_diacritics=1\");"
  "INSERT INTO incidents_fts (incidents_fts) VALUES ('rebuild');"
  "INSERT INTO incidents_fts (incidents_fts) VALUES ('optimize');"
  "INSERT INTO incidents_fts (incidents_fts) VALUES ('automerge=2');"

  "DROP TABLE messages_fts;"
  "CREATE VIRTUAL TABLE messages_fts USING fts4 ("
  "  content=\"messages\", matchinfo=fts3,"
  "  sender, text,"
  "  tokenize=unicode61 \"remove_diacritics=1\");"
  "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');"
  "INSERT INTO messages_fts (messages_fts) VALUES ('optimize');",

  /* 7: an entry's latest revision without its snapshot. The entry's row
   * (with its types, people and breach marks) holds exactly what that
   * snapshot would, and every entry's latest snapshot was most of the
   * history's bytes. The snapshot may now be NULL; Daybook leaves it NULL
   * only for an entry's latest revision, rebuilds it from the row when it is
   * read, and writes it out, checked against its link, before the row
   * changes (daybook-diary-incidents.c). The migration hook
   * (_daybook_diary_migrate_hook) empties the existing latest snapshots
   * only where the rebuilt one is the same byte for byte; then the file is
   * compacted (VACUUM). */
  "CREATE TABLE revisions_7 ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  entity TEXT NOT NULL,"
  "  entity_id INTEGER NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('create', 'edit', 'delete')),"
  "  at INTEGER NOT NULL,"
  "  snapshot TEXT CHECK (snapshot IS NOT NULL OR entity = 'incident'),"
  "  link BLOB NOT NULL,"
  "  UNIQUE (entity, entity_id, revision));"
  "INSERT INTO revisions_7 (id, entity, entity_id, revision, action, at, snapshot, link)"
  "  SELECT id, entity, entity_id, revision, action, at, snapshot, link FROM revisions"
  "  ORDER BY id;"
  "DROP TABLE revisions;"
  "ALTER TABLE revisions_7 RENAME TO revisions;",

  /* 8: a diary about three times its text on disk.
   *
   * - Two indexes no query used (every filter by type or person probes
   *   the entry's own rows by number: EXPLAIN QUERY PLAN) are dropped.
   * - An entry's person keeps the name as written only where it differs
   *   from the person's name in People (NULL otherwise; nearly always):
   *   readers take coalesce (name, the person's name), and a trigger writes
   *   the old name out into those rows before a person's name changes, so
   *   what each entry wrote never changes.
   * - The entries' index is merged into one segment.
   * - The file gives free pages back (auto_vacuum = INCREMENTAL, set by
   *   `_daybook_schema_migrate_full()` with the VACUUM after it; a new
   *   diary has it from the start), and Daybook returns them when the
   *   diary closes or locks (`PRAGMA incremental_vacuum`). */
  "DROP INDEX incident_types_by_type;"
  "DROP INDEX incident_people_by_person;"
  "DROP VIEW incidents_fts_source;"
  "CREATE TABLE incident_people_8 ("
  "  number INTEGER NOT NULL REFERENCES incidents (number),"
  "  person_id INTEGER NOT NULL REFERENCES people (id),"
  "  name TEXT," /* as written in the entry; NULL: the person's name in People */
  "  role TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (number, person_id)) WITHOUT ROWID;"
  "INSERT INTO incident_people_8 (number, person_id, name, role, position)"
  "  SELECT ip.number, ip.person_id,"
  "  nullif (ip.name, (SELECT p.name FROM people p WHERE p.id = ip.person_id)),"
  "  ip.role, ip.position FROM incident_people ip ORDER BY ip.number, ip.person_id;"
  "DROP TABLE incident_people;"
  "ALTER TABLE incident_people_8 RENAME TO incident_people;"
  "CREATE TRIGGER people_name_kept_in_entries BEFORE UPDATE OF name ON people"
  "  WHEN new.name IS NOT old.name BEGIN"
  "  UPDATE incident_people SET name = old.name WHERE person_id = old.id AND name IS NULL;"
  "  END;"
  "CREATE VIEW incidents_fts_source AS SELECT"
  "  i.number AS rowid, i.title AS title, i.narrative AS narrative, i.location AS location,"
  "  coalesce((SELECT group_concat(" DAYBOOK_SCHEMA_WRITTEN_NAME (
      "p") " || char(10), '')"
           "            FROM incident_people p WHERE p.number = i.number), '') AS people,"
           "  i.impact AS impact, i.police_ref || char(10) || i.police_officer AS police,"
           "  i.private_notes AS notes"
           "  FROM incidents i WHERE i.deleted_at IS NULL;"
           "INSERT INTO incidents_fts (incidents_fts) VALUES ('optimize');",
};

/**
 * _daybook_schema_migrate:
 *
 * Brings the database up to the newest schema. A database newer than this
 * program is refused rather than guessed at.
 */
gboolean
_daybook_schema_migrate (sqlite3 *db, GError **error)
{
  return _daybook_schema_migrate_full (db, NULL, NULL, error);
}

/**
 * _daybook_schema_migrate_full:
 * @hook: (nullable): called inside each migration's transaction, after its
 *   SQL, with the version it brings the database to: for what SQL alone
 *   cannot do (schema 7 needs the entries' snapshots, made above this layer)
 *
 * _daybook_schema_migrate() with a hook.
 */
gboolean
_daybook_schema_migrate_full (sqlite3 *db, DaybookSchemaHook hook, gpointer data, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  int version;

  stmt = _daybook_sql_prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _daybook_sql_error (db, sqlite3_errcode (db), error);
  version = sqlite3_column_int (stmt, 0);
  /* Done with: a statement left open would block DROP TABLE and VACUUM. */
  sqlite3_reset (stmt);

  if (version > (int)G_N_ELEMENTS (migrations))
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
          _ ("This diary was written by a newer version of Daybook. Update Daybook to open it."));
      return FALSE;
    }

  for (int v = version; v < (int)G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (!_daybook_sql_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!_daybook_sql_exec (db, migrations[v], error)
          || (hook != NULL && !hook (db, v + 1, data, error))
          || !_daybook_sql_exec (db, bump, error) || !_daybook_sql_exec (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  /* The search tables' old copies of the text (6), the latest snapshots
   * (7) and the names and indexes of 8 left free pages; they are zeroed
   * (secure_delete), and VACUUM gives them back to the file system. From
   * 8 the file can give free pages back by itself (auto_vacuum), which
   * only a VACUUM can switch on in a file that has tables: a diary that
   * does not have it yet gets it here, also when an earlier VACUUM
   * failed. It runs after the commits, so a failure here loses nothing:
   * the diary is migrated, only larger than it need be, and the next open
   * tries again. */
  if (version > 0 && _daybook_sql_int (db, "PRAGMA auto_vacuum", -1) != 2)
    {
      if (sqlite3_exec (db, "PRAGMA auto_vacuum = INCREMENTAL; VACUUM", NULL, NULL, NULL)
          != SQLITE_OK)
        g_debug ("VACUUM after the migration failed: %s", sqlite3_errmsg (db));
    }
  /* A new diary's migrations dropped tables too. */
  else if (version < (int)G_N_ELEMENTS (migrations))
    _daybook_schema_give_back_pages (db);

  return TRUE;
}

/**
 * _daybook_schema_latest:
 *
 * Returns: the schema version this program writes
 */
int
_daybook_schema_latest (void)
{
  return (int)G_N_ELEMENTS (migrations);
}

/**
 * _daybook_schema_version:
 *
 * Returns: the schema version of @db (a bundle keeps the one it was made with)
 */
int
_daybook_schema_version (sqlite3 *db)
{
  return _daybook_sql_int (db, "PRAGMA user_version", 0);
}

/**
 * _daybook_schema_give_back_pages:
 *
 * Gives the free pages of @db back to the file system (schema 8's
 * auto_vacuum = INCREMENTAL; they are zeroed already, secure_delete). Quick:
 * it moves at most the pages at the end of the file. A failure loses
 * nothing: the file stays larger until the next time.
 */
void
_daybook_schema_give_back_pages (sqlite3 *db)
{
  if (sqlite3_exec (db, "PRAGMA incremental_vacuum", NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Free pages not given back: %s", sqlite3_errmsg (db));
}
