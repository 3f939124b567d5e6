#!/usr/bin/env python3
# check-po.py — the translation files, held to what HACKING.md says.
#
# Copyright 2026 The Daybook authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   check-po.py potfiles SOURCE_ROOT   every .c/.h/.ui under app/ and ui/ that marks a
#                                      string for translation is in po/POTFILES.in, and
#                                      every file POTFILES.in names exists
#   check-po.py msgfmt SOURCE_ROOT     every language in po/LINGUAS has a po/LANG.po,
#                                      and `msgfmt --check` accepts every po/*.po
#   check-po.py --self-test            prove the potfiles check fires on a small tree
#
# TAP on stdout; exit 1 on any failure. A missing msgfmt is a failure, not a skip.

import os
import re
import shutil
import subprocess
import sys
import tempfile

# _( N_( C_( NC_( Q_( and the plural and context calls, with or without GNU's space
# before the parenthesis; in .ui files translatable="yes".
MARK_C = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2)\s*\(')
MARK_UI = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
# A GLib format macro inside a translatable string: xgettext stops the string
# there (it knows only <inttypes.h>'s PRI… macros), so the catalogue holds a
# cut-off msgid and the whole string stays in English. Use "%" PRId64.
GLIB_FORMAT_IN_MARK = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)\s*\(\s*'
    r'(?:[A-Z_]+\s*,\s*)?(?:"(?:[^"\\\n]|\\.)*"\s*)+G_G[A-Z0-9]+_FORMAT')


def strip_c_comments(text):
    # Comments may quote a call ("use _ () here"); they do not make a file translatable.
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    text = re.sub(r'//[^\n]*', '', text)
    # Nor does a macro that defines _ () itself (app/storage/daybook-i18n.h).
    return re.sub(r'^\s*#\s*define[^\n]*', '', text, flags=re.M)


def marks_strings(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    if path.endswith(".ui"):
        return MARK_UI.search(text) is not None
    return MARK_C.search(strip_c_comments(text)) is not None


def read_list(path):
    entries = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                entries.append(line)
    return entries


def potfiles_problems(root):
    problems = []
    listed = read_list(os.path.join(root, "po", "POTFILES.in"))
    for f in listed:
        if not os.path.exists(os.path.join(root, f)):
            problems.append("po/POTFILES.in names %s, which does not exist" % f)
    seen = set()
    for f in listed:
        if f in seen:
            problems.append("po/POTFILES.in names %s twice" % f)
        seen.add(f)
    for top in ("app", "ui"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if not name.endswith((".c", ".h", ".ui")):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
                if rel not in seen and marks_strings(os.path.join(root, rel)):
                    problems.append("%s marks strings for translation but is not in po/POTFILES.in" % rel)
                if name.endswith(".c"):
                    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
                        m = GLIB_FORMAT_IN_MARK.search(strip_c_comments(fh.read()))
                    if m:
                        problems.append("%s puts a G_G…_FORMAT macro in a translatable string, which "
                                        "xgettext cuts there: use \"%%\" PRId64 (%s)" % (rel, m.group(0)[:60]))
    return problems


def run_potfiles(root):
    problems = potfiles_problems(root)
    for i, p in enumerate(problems):
        print("not ok %d - %s" % (i + 1, p))
    if not problems:
        print("ok 1 - every file with translatable strings is in po/POTFILES.in, and every file it names exists")
    print("1..%d" % max(1, len(problems)))
    return 1 if problems else 0


def run_msgfmt(root):
    msgfmt = shutil.which("msgfmt")
    n = 0
    failures = 0
    if msgfmt is None:
        print("not ok 1 - msgfmt is not installed (Debian: gettext)")
        print("1..1")
        return 1
    po = os.path.join(root, "po")
    langs = read_list(os.path.join(po, "LINGUAS"))
    line_langs = []
    for entry in langs:
        line_langs.extend(entry.split())
    for lang in line_langs:
        n += 1
        ok = os.path.exists(os.path.join(po, lang + ".po"))
        failures += not ok
        print("%s %d - po/LINGUAS names %s and po/%s.po exists" % ("ok" if ok else "not ok", n, lang, lang))
    for name in sorted(os.listdir(po)):
        if not name.endswith(".po"):
            continue
        n += 1
        r = subprocess.run([msgfmt, "--check", "-o", os.devnull, os.path.join(po, name)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        ok = r.returncode == 0
        failures += not ok
        print("%s %d - msgfmt --check po/%s" % ("ok" if ok else "not ok", n, name))
        if not ok:
            for line in r.stdout.splitlines()[:40]:
                print("# " + line)
        if name[:-3] not in line_langs:
            n += 1
            failures += 1
            print("not ok %d - po/%s is not named in po/LINGUAS" % (n, name))
    if n == 0:
        n = 1
        failures += 1
        print("not ok 1 - po/LINGUAS names no language and po/ holds no catalogue")
    print("1..%d" % n)
    return 1 if failures else 0


def self_test():
    failures = 0
    cases = {
        "a .c file with _ () missing": ("app/x/a.c", 'const char *s = _ ("Hello");\n', True),
        "a .c file with C_() missing": ("ui/y/b.c", 'x = C_("verb", "Open");\n', True),
        "a .c file with g_dngettext missing": ("app/x/c.c", 'g_dngettext (D, "a", "b", n);\n', True),
        "a .ui file with translatable= missing": ("ui/y/d.ui", '<property name="label" translatable="yes">Hi</property>\n', True),
        "a file that only mentions _ () in a comment": ("app/x/e.c", '/* use _ () */\nint x;\n', False),
        "a file without translatable strings": ("app/x/f.c", 'int add_ (int a);\nint y = add_(1);\n', False),
    }
    glib_format = 'g_print (_ ("Entry %" G_GINT64_FORMAT), n);\n'
    with tempfile.TemporaryDirectory(prefix="daybook-potfiles-") as root:
        os.makedirs(os.path.join(root, "po"))
        os.makedirs(os.path.join(root, "ui", "y"))
        with open(os.path.join(root, "ui", "y", "g.c"), "w") as fh:
            fh.write(glib_format)
        with open(os.path.join(root, "po", "POTFILES.in"), "w") as fh:
            fh.write("ui/y/g.c\n")
        glib_format_fails = any("G_G" in p for p in potfiles_problems(root))
        with open(os.path.join(root, "ui", "y", "g.c"), "w") as fh:
            fh.write(glib_format.replace('" G_GINT64_FORMAT', '" PRId64'))
        prid64_passes = not potfiles_problems(root)
    n = 0
    for name, (path, text, should_fail) in cases.items():
        with tempfile.TemporaryDirectory(prefix="daybook-potfiles-") as root:
            os.makedirs(os.path.join(root, "po"))
            os.makedirs(os.path.join(root, os.path.dirname(path)))
            with open(os.path.join(root, path), "w") as fh:
                fh.write(text)
            with open(os.path.join(root, "po", "POTFILES.in"), "w") as fh:
                fh.write("")
            found = potfiles_problems(root)
            n += 1
            ok = bool(found) == should_fail
            failures += not ok
            print("%s %d - %s: %s" % ("ok" if ok else "not ok", n, name, "fails" if should_fail else "passes"))
            # Listed, the same file passes.
            with open(os.path.join(root, "po", "POTFILES.in"), "w") as fh:
                fh.write("# a comment\n" + path + "\n")
            n += 1
            ok = not potfiles_problems(root)
            failures += not ok
            print("%s %d - %s, once listed, passes" % ("ok" if ok else "not ok", n, name))
    with tempfile.TemporaryDirectory(prefix="daybook-potfiles-") as root:
        os.makedirs(os.path.join(root, "po"))
        with open(os.path.join(root, "po", "POTFILES.in"), "w") as fh:
            fh.write("app/gone.c\n")
        n += 1
        ok = any("does not exist" in p for p in potfiles_problems(root))
        failures += not ok
        print("%s %d - POTFILES.in naming a missing file fails" % ("ok" if ok else "not ok", n))
    n += 1
    failures += not glib_format_fails
    print("%s %d - G_GINT64_FORMAT in a translatable string fails" % ("ok" if glib_format_fails else "not ok", n))
    n += 1
    failures += not prid64_passes
    print("%s %d - PRId64 in a translatable string passes" % ("ok" if prid64_passes else "not ok", n))
    print("1..%d" % n)
    return 1 if failures else 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) == 3 and argv[1] == "potfiles":
        return run_potfiles(argv[2])
    if len(argv) == 3 and argv[1] == "msgfmt":
        return run_msgfmt(argv[2])
    sys.stderr.write("usage: check-po.py potfiles|msgfmt SOURCE_ROOT | --self-test\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
