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
