#!/usr/bin/env python3
# check-layers.py — the tree's layers, held to what HACKING.md says.
#
# Copyright 2026 The Daybook authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads every #include of app/ and ui/ and fails (exit 1, one line per
# problem) when
#   - a file includes a header of a higher layer,
#   - two folders include each other, directly or round a circle,
#   - anything under app/ includes GTK, GDK or libadwaita,
#   - a folder is in no layer (a new folder must be placed in LAYERS).
#
#   check-layers.py [SOURCE_ROOT]      check the tree
#   check-layers.py --self-test        prove each rule fires on a small tree

import os
import re
import sys
import tempfile

# Lowest first. Folders on one line are one layer: they may use each other,
# but not round a circle.
LAYERS = [
    ["app/storage"],
    ["app/model"],
    ["app/diary"],
    ["app/evidence"],
    ["app/backup", "app/report", "app/verify", "app/demo", "app/import"],
    ["app/cli"],
    ["ui/common"],
    ["ui/unlock", "ui/entries", "ui/people", "ui/registers", "ui/overview", "ui/case", "ui/evidence", "ui/report", "ui/backup"],
    ["ui/shell"],
]

# Generated at build time; each belongs to the layer that generates it.
GENERATED = {
    "config.h": None,  # any layer
    "daybook-enums.h": "app/model",
    "daybook-resources.h": "ui/shell",
}

TOOLKIT = re.compile(r'#\s*include\s*<(gtk/|gdk/|adwaita\.h|gtk\.h)')
LOCAL = re.compile(r'#\s*include\s*"([^"]+)"')


def layer_of(folder):
    for i, group in enumerate(LAYERS):
        if folder in group:
            return i
    return None


def sources(root):
    for top in ("app", "ui"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith((".c", ".h")):
                    path = os.path.join(dirpath, name)
                    yield os.path.relpath(path, root).replace(os.sep, "/")


def check(root):
    problems = []
    files = sorted(sources(root))
    by_name = {}
    for f in files:
        by_name.setdefault(os.path.basename(f), []).append(f)
    for name, places in by_name.items():
        if len(places) > 1 and name.endswith(".h"):
            problems.append("%s: one header name in two places: %s" % (name, ", ".join(places)))

    folder_edges = {}
    for f in files:
        folder = os.path.dirname(f)
        mine = layer_of(folder)
        if mine is None:
            problems.append("%s: folder %s is in no layer (add it to LAYERS in tests/check-layers.py and to HACKING.md)" % (f, folder))
            continue
        with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        for n, line in enumerate(text.splitlines(), 1):
            if f.startswith("app/") and TOOLKIT.search(line):
                problems.append("%s:%d: the core includes the toolkit: %s" % (f, n, line.strip()))
            m = LOCAL.search(line)
            if not m:
                continue
            inc = m.group(1)
            base = os.path.basename(inc)
            if base in GENERATED:
                target_folder = GENERATED[base]
            elif base in by_name:
                target_folder = os.path.dirname(by_name[base][0])
            else:
                problems.append("%s:%d: includes %s, which is not in app/ or ui/" % (f, n, inc))
                continue
            if target_folder is None or target_folder == folder:
                continue
            theirs = layer_of(target_folder)
            if theirs is None:
                continue  # reported for that folder's own files
            if theirs > mine:
                problems.append("%s:%d: %s (layer %d) includes %s from %s (layer %d), a higher layer"
                                % (f, n, folder, mine, base, target_folder, theirs))
            folder_edges.setdefault(folder, set()).add(target_folder)

    # Circles between folders (same-layer folders may use each other one way).
    state = {}
    stack = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(folder_edges.get(node, ())):
            if state.get(nxt) == 1:
                circle = stack[stack.index(nxt):] + [nxt]
                problems.append("folders include each other in a circle: " + " -> ".join(circle))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(folder_edges):
        if node not in state:
            visit(node)
    return problems


def self_test():
    cases = {
        "upward include": {"app/storage/a.c": '#include "daybook-diary.h"\n',
                           "app/diary/daybook-diary.h": ""},
        "toolkit in the core": {"app/model/a.c": "#include <gtk/gtk.h>\n"},
        "folder circle": {"app/backup/a.c": '#include "r.h"\n', "app/backup/b.h": "",
                          "app/report/r.h": "", "app/report/c.c": '#include "b.h"\n'},
        "unplaced folder": {"app/elsewhere/a.c": ""},
        "unknown header": {"app/model/a.c": '#include "missing.h"\n'},
    }
    failures = 0
    for name, tree in cases.items():
        with tempfile.TemporaryDirectory(prefix="daybook-layers-") as root:
            for path, text in tree.items():
                os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
                with open(os.path.join(root, path), "w") as fh:
                    fh.write(text)
            found = check(root)
        ok = len(found) > 0
        print("%s %d - the check fails on: %s" % ("ok" if ok else "not ok", list(cases).index(name) + 1, name))
        failures += not ok
    with tempfile.TemporaryDirectory(prefix="daybook-layers-") as root:
        os.makedirs(os.path.join(root, "app/diary"))
        os.makedirs(os.path.join(root, "app/storage"))
        with open(os.path.join(root, "app/diary/d.c"), "w") as fh:
            fh.write('#include "config.h"\n#include "s.h"\n')
        open(os.path.join(root, "app/storage/s.h"), "w").close()
        found = check(root)
    print("%s %d - a downward include passes" % ("ok" if not found else "not ok", len(cases) + 1))
    failures += bool(found)
    print("1..%d" % (len(cases) + 1))
    return 1 if failures else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--self-test":
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(root)
    for p in problems:
        print("not ok - " + p)
    if not problems:
        print("ok 1 - every include goes down the layers, no folder circles, no toolkit in app/")
    print("1..%d" % max(1, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
