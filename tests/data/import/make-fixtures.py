#!/usr/bin/env python3
# make-fixtures.py — writes the text fixtures of tests/data/import (README.md).
# Run from this folder; the files it writes are committed. Invisible
# characters are written as escapes here so they can be read.
LRM = '\u200e'; NNBSP = '\u202f'; NBSP = '\u00a0'; LRE = '\u202a'; PDF = '\u202c'
files = {}
files['whatsapp-android-dmy-24h.txt'] = [
    "12/03/2023, 09:01 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
    "12/03/2023, 09:02 - Sam Example: Where are you?",
    "12/03/2023, 09:02 - Sam Example: I know you're home.",
    "I can see the light on.",
    "Answer me.",
    "13/03/2023, 23:59 - " + LRE + "+44 7700 900123" + PDF + ": <Media omitted>",
    "14/03/2023, 00:00 - Jo: Stop messaging me",
    "14/03/2023, 00:01 - Sam Example: IMG-20230314-WA0001.jpg (file attached)",
    "look at this",
    "14/03/2023, 00:02 - Sam Example: This message was deleted",
    "14/03/2023, 00:03 - Sam Example: You will regret it <This message was edited>",
    "14/03/2023, 00:04 - Sam Example changed their phone number to a new number. Tap to message or add the new number.",
    "01/04/2023, 07:30 - Sam Example: Good morning",
]
files['whatsapp-android-mdy-12h.txt'] = [
    "3/14/23, 10:15" + NNBSP + "PM - Sam Example: Are you awake?",
    "3/14/23, 11:59" + NNBSP + "PM - Sam Example: Answer",
    "3/15/23, 12:00" + NNBSP + "AM - Jo: Leave me alone",
    "3/15/23, 12:30" + NNBSP + "PM - Sam Example: <Media omitted>",
    "4/1/23, 9:05" + NBSP + "AM - Sam Example: Last one",
]
files['whatsapp-ios-dmy.txt'] = [
    LRM + "[14/03/2023, 22:15:07] Sam Example: " + LRM + "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
    "[14/03/2023, 22:15:08] Sam Example: Hello",
    LRM + "[14/03/2023, 22:16:00] Sam Example: " + LRM + "image omitted",
    LRM + "[14/03/2023, 22:17:30] Sam Example: " + LRM + "<attached: 00000012-PHOTO-2023-03-14-22-17-30.jpg>",
    LRM + "[14/03/2023, 22:18:00] Sam Example: " + LRM + "<attached: 00000013-AUDIO-2023-03-14-22-18-00.opus>",
    "[15/03/2023, 01:02:03] Jo: Please stop",
    "that's enough",
]
files['whatsapp-ios-de.txt'] = [
    "[14.03.23, 22:15:07] Sam Example: Hallo",
    LRM + "[14.03.23, 22:16:00] Sam Example: " + LRM + "Bild weggelassen",
    LRM + "[14.03.23, 22:17:30] Sam Example: " + LRM + "<Anhang: 00000012-PHOTO-2023-03-14-22-17-30.jpg>",
    "[15.03.23, 07:00:00] Jo: Diese Nachricht wurde gel\u00f6scht.",
]
files['whatsapp-android-fi-klo.txt'] = [
    "14.3.2023 klo 22.15 - Sam Example: Moi",
    "15.3.2023 klo 7.05 - Jo: Lopeta",
]
files['whatsapp-android-ymd.txt'] = [
    "2023-03-04, 22:15 - Sam Example: first",
    "2023-03-05, 06:01 - Sam Example: second",
]
files['whatsapp-android-es-pm.txt'] = [
    "4/3/23, 10:15 p." + NBSP + "m. - Sam Example: <Multimedia omitido>",
    "14/3/23, 9:05 a." + NBSP + "m. - Sam Example: Se elimin\u00f3 este mensaje.",
    "14/3/23, 12:00 p." + NBSP + "m. - Jo: Basta",
]
files['whatsapp-ambiguous.txt'] = [
    "03/04/2023, 10:15 - Sam Example: first",
    "05/06/2023, 11:00 - Sam Example: second",
    "07/08/2023, 12:00 - Jo: third",
]
for name, lines in files.items():
    with open(name, 'w', encoding='utf-8', newline='') as f:
        f.write(''.join(l + ('\r\n' if 'android-ymd' in name else '\n') for l in lines))

# Telegram Desktop: one chat, and the whole export (chats.list, left_chats).
import json
single = {
    "name": "Sam Example", "type": "personal_chat", "id": 4242,
    "messages": [
        {"id": 1, "type": "message", "date": "2023-03-14T22:15:07", "date_unixtime": "1678832107",
         "from": "Sam Example", "from_id": "user4242", "text": "Hello", "text_entities": []},
        {"id": 2, "type": "message", "date": "2023-03-14T22:16:00", "date_unixtime": "1678832160",
         "edited": "2023-03-14T22:20:00", "edited_unixtime": "1678832400",
         "from": "Sam Example", "from_id": "user4242",
         "text": ["Look at ", {"type": "link", "text": "https://example.net/x"}, " now"]},
        {"id": 3, "type": "service", "date": "2023-03-14T23:00:00", "date_unixtime": "1678834800",
         "actor": "Sam Example", "actor_id": "user4242", "action": "phone_call",
         "discard_reason": "missed", "text": ""},
        {"id": 4, "type": "service", "date": "2023-03-14T23:05:00", "date_unixtime": "1678835100",
         "actor": "Sam Example", "actor_id": "user4242", "action": "phone_call",
         "duration_seconds": 65, "discard_reason": "hangup", "text": ""},
        {"id": 5, "type": "service", "date": "2023-03-14T23:10:00", "date_unixtime": "1678835400",
         "actor": "Jo", "actor_id": "user1", "action": "phone_call",
         "duration_seconds": 0, "discard_reason": "busy", "text": ""},
        {"id": 6, "type": "message", "date": "2023-03-15T07:00:00", "date_unixtime": "1678863600",
         "from": "Sam Example", "from_id": "user4242", "photo": "photos/photo_1@15-03-2023_07-00-00.jpg",
         "width": 800, "height": 600, "text": ""},
        {"id": 7, "type": "message", "date": "2023-03-15T07:01:00", "date_unixtime": "1678863660",
         "from": "Sam Example", "from_id": "user4242",
         "file": "(File not included. Change data exporting settings to download.)",
         "media_type": "voice_message", "text": ""},
        {"id": 8, "type": "message", "date": "2023-03-15T08:00:00", "date_unixtime": "1678867200",
         "from": "Jo", "from_id": "user1", "text": "Stop", "reply_to_message_id": 2},
    ]}
full = {"about": "x", "personal_information": {"first_name": "Jo"},
        "chats": {"about": "y", "list": [
            {"name": "Sam Example", "type": "personal_chat", "id": 4242, "messages": single["messages"][:2]},
            {"name": "New Account", "type": "personal_chat", "id": 777, "messages": [
                {"id": 1, "type": "message", "date": "2023-04-01T10:00:00", "date_unixtime": "1680343200",
                 "from": "New Account", "from_id": "user777", "text": "Remember me?",
                 "forwarded_from": "Sam Example"}]}]},
        "left_chats": {"about": "z", "list": [
            {"name": "Group", "type": "private_group", "id": 9, "messages": [
                {"id": 1, "type": "service", "date": "2023-02-01T10:00:00", "date_unixtime": "1675245600",
                 "actor": "Sam Example", "actor_id": "user4242", "action": "create_group", "title": "G",
                 "text": ""}]}]}}
with open('telegram-single.json', 'w', encoding='utf-8') as f:
    json.dump(single, f, indent=1, ensure_ascii=False)
with open('telegram-full.json', 'w', encoding='utf-8') as f:
    json.dump(full, f, indent=1, ensure_ascii=False)

# Spreadsheet diaries: ';' and Windows-1252 (Excel on Windows), ',' and
# UTF-8 with a quoted cell over two lines, and headers Daybook cannot map.
csv_1252 = ('Date;Time;Title;What happened;Where;Who;Police ref\r\n'
            '14/03/2023;22:15;Outside the caf\u00e9;He waited \u201cfor hours\u201d;High St;Sam;CR/123\r\n'
            '15/03/2023;07:05;Calls;Five calls \u2013 none answered;;Sam;\r\n'
            'not a date;;x;y;;;\r\n')
open('csv-semicolon-1252.csv', 'wb').write(csv_1252.encode('cp1252'))
csv_utf8 = ('\ufeffdate,time,title,description,location\n'
            '2023-03-14,10:15 PM,"Followed, again","He followed me\nfrom the station",Station\n'
            '2023-03-16,,Note,"She said ""stop""",\n')
open('csv-comma-utf8.csv', 'w', encoding='utf-8', newline='').write(csv_utf8)
open('csv-unknown-columns.csv', 'w').write('When,Happening,Notes,Notes\n14/03/2023,x,y,z\n')
# A diary kept in a French spreadsheet, saved by Excel on Windows: ';',
# Windows-1252, headers Daybook cannot map (the columns are given), the
# columns in another order, an unmapped column that must go nowhere, two
# names in one "who" cell, a row without a time, a row without a date.
csv_table = ('Jour;Heure;Qui;Titre;Lieu;Ce qui s\u2019est pass\u00e9;R\u00e9f police;Notes priv\u00e9es\r\n'
             '14/03/2023;22:15;Sam Example, Alex;Outside the caf\u00e9;High St;He waited \u201cfor hours\u201d;CR/123;not for the entry\r\n'
             '15/03/2023;;Sam Example;Flowers left;Front door;A bouquet \u2013 no card;;not for the entry\r\n'
             '16/03/2023;07:05;;Calls;;Five calls, none answered;;\r\n'
             'pas une date;;x;y;;z;;\r\n')
open('csv-table-1252.csv', 'wb').write(csv_table.encode('cp1252'))


# SMS Backup & Restore: messages (an emoji as two surrogate references, a
# control reference, a lone surrogate, a draft, an MMS with a picture and
# text, a raw byte that is not UTF-8), the same cut short, and calls of
# every type (7 is unknown) and a withheld number.
import base64
png = bytes.fromhex('89504e470d0a1a0a0000000d4948445200000001000000010806000000'
                    '1f15c4890000000d49444154789c6360000002000005000125a4c2d40000000049454e44ae426082')
b64 = base64.b64encode(png).decode()
sms = ('<?xml version=\'1.0\' encoding=\'UTF-8\' standalone=\'yes\' ?>\n'
'<!--File Created By SMS Backup & Restore v10.16.002 on 15/03/2023 10:00:00-->\n'
'<smses count="6" backup_set="x" backup_date="1678874400000" type="full">\n'
'  <sms protocol="0" address="+447700900123" date="1678615200000" type="1" subject="null" body="You can\'t hide &#55357;&#56832;" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="1678615199000" sub_id="1" readable_date="12 Mar 2023 10:00:00" contact_name="Sam Example" />\n'
'  <sms protocol="0" address="+447700900123" date="1678615260000" type="2" subject="null" body="Leave me alone&#10;Please" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="12 Mar 2023 10:01:00" contact_name="Sam Example" />\n'
'  <sms protocol="0" address="+447700900123" date="1678615320000" type="1" subject="null" body="bad &#1; ref and lone &#55357; half" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" readable_date="12 Mar 2023 10:02:00" contact_name="Sam Example" />\n'
'  <sms protocol="0" address="+447700900123" date="1678615380000" type="3" subject="null" body="a draft" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" contact_name="Sam Example" />\n'
'  <mms date="1678615440000" rr="129" sub="null" ct_t="application/vnd.wap.multipart.related" read_status="null" seen="1" msg_box="1" address="+447700900123" sub_cs="null" resp_st="null" retr_st="null" d_tm="null" text_only="0" exp="null" locked="0" m_id="x" st="null" retr_txt_cs="null" retr_txt="null" creator="null" date_sent="1678615439" read="1" m_size="400" rpt_a="null" ct_cls="null" pri="129" sub_id="1" tr_id="x" resp_txt="null" ct_l="null" m_cls="personal" d_rpt="129" v="18" _id="1" m_type="132" readable_date="12 Mar 2023 10:04:00" contact_name="Sam Example">\n'
'    <parts>\n'
'      <part seq="-1" ct="application/smil" name="null" chset="null" cd="null" fn="null" cid="&lt;smil&gt;" cl="smil.xml" ctt_s="null" ctt_t="null" text="&lt;smil&gt;&lt;/smil&gt;" />\n'
'      <part seq="0" ct="image/png" name="null" chset="null" cd="null" fn="null" cid="&lt;0&gt;" cl="IMG_0001.png" ctt_s="null" ctt_t="null" text="null" data="' + b64 + '" />\n'
'      <part seq="0" ct="text/plain" name="null" chset="106" cd="null" fn="null" cid="&lt;1&gt;" cl="text_0.txt" ctt_s="null" ctt_t="null" text="Outside your house" />\n'
'    </parts>\n'
'    <addrs>\n'
'      <addr address="+447700900123" type="137" charset="106" />\n'
'      <addr address="+447700900999" type="151" charset="106" />\n'
'    </addrs>\n'
'  </mms>\n'
'  <sms protocol="0" address="+447700900123" date="1678615500000" type="1" subject="null" body="raw \xff byte" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" contact_name="Sam Example" />\n'
'</smses>\n')
sms_bytes = sms.encode('utf-8').replace('\xff'.encode('utf-8'), b'\xff')
open('sms-mms.xml', 'wb').write(sms_bytes)
open('sms-truncated.xml', 'wb').write(sms_bytes[:1500])
calls = '<?xml version=\'1.0\' encoding=\'UTF-8\' standalone=\'yes\' ?>\n<calls count="7">\n'
for i, t in enumerate([1, 2, 3, 4, 5, 6, 7]):
    calls += ('  <call number="+447700900123" duration="%d" date="%d" type="%d" presentation="1" subscription_id="1" post_dial_digits="" readable_date="x" contact_name="Sam Example" />\n'
              % ((65 if t in (1, 2) else 0), 1678615200000 + i * 60000, t))
calls += '  <call number="" duration="0" date="1678615700000" type="3" presentation="2" contact_name="(Unknown)" />\n'
calls += '</calls>\n'
open('calls.xml', 'w').write(calls)

# E-mail: one .eml (CRLF, Authentication-Results folded, an encoded
# Subject, Latin-1 quoted-printable), and an mboxrd mailbox with a quoted
# "From " line, a quoted ">From " line, and a message without a Date.
eml = ("Return-Path: <sam@example.net>\r\n"
"Authentication-Results: mx.example.org;\r\n"
"\tdkim=pass header.d=example.net;\r\n"
"\tspf=pass smtp.mailfrom=sam@example.net;\r\n"
"\tdmarc=pass header.from=example.net\r\n"
"From: Sam Example <sam@example.net>\r\n"
"To: Jo <jo@example.org>\r\n"
"Reply-To: other@example.com\r\n"
"Subject: =?UTF-8?Q?You_can=E2=80=99t_ignore_me?=\r\n"
"Date: Tue, 14 Mar 2023 23:15:07 +0100\r\n"
"Message-ID: <1@example.net>\r\n"
"MIME-Version: 1.0\r\n"
"Content-Type: text/plain; charset=ISO-8859-1\r\n"
"Content-Transfer-Encoding: quoted-printable\r\n"
"\r\n"
"I saw you at the caf=E9 today.\r\n")
open('mail-one.eml', 'wb').write(eml.encode('ascii'))
mbox = ("From sam@example.net Wed Mar 15 08:00:00 2023\n"
"From: Sam Example <sam@example.net>\n"
"To: jo@example.org\n"
"Subject: first\n"
"Date: Wed, 15 Mar 2023 08:00:00 +0000\n"
"Message-ID: <2@example.net>\n"
"\n"
"Line one\n"
">From the start of a line\n"
">>From a quoted line\n"
"\n"
"\n"
"From jo@example.org Wed Mar 15 14:30:00 2023\n"
"From: Jo <jo@example.org>\n"
"To: Sam Example <sam@example.net>\n"
"Subject: second\n"
"Date: Wed, 15 Mar 2023 09:30:00 -0500\n"
"\n"
"Stop.\n"
"\n"
"From sam@example.net Wed Mar 15 15:00:00 2023\n"
"From: Sam Example <sam@example.net>\n"
"Subject: no date\n"
"\n"
"x\n"
"\n")
open('mail-mboxrd.mbox', 'w').write(mbox)
