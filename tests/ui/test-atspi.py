#!/usr/bin/python3
# test-atspi.py — the window as a screen reader reads it, through the
# accessibility bus
#
#   test-atspi.py DAYBOOK DAYBOOK-CLI     (under run-isolated.sh: its own
#                                          session bus and X server)
#
# Starts the accessibility bus of this session (at-spi-bus-launcher
# --launch-immediately, which starts its registry), then the real `daybook`
# binary with the bridge on, and walks every page it can reach from the
# keyboard (the sidebar's rows it clicks): welcome, create, recovery code,
# timeline, editor, every sidebar page, preferences, keyboard shortcuts, the
# main menu, unlock. On each it reads the whole accessible tree of every
# window through pyatspi, pages not shown included (GTK 4.8 keeps no
# "showing" state, so a screen reader's review reaches them too), and fails on
#   - a control (by its role) or a focusable node without a name,
#   - a name holding a mnemonic underscore ("_Unlock") or the same text
#     twice ("Unlock Unlock"),
#   - a name that is a type name (GtkLabel, AdwGizmo, DaybookTimeline…).
# What remains is GTK 4.8's and libadwaita 1.2's own: the internal parts of
# their composite widgets (AdwGizmo boxes, the preferences and shortcuts
# windows' own headers and stacks), which take a type name and which Daybook
# reaches only through the library's private children. They are listed in
# KNOWN below, each with its window and reason, and reported as TAP
# comments; one that no longer occurs fails the test, so the list stays true.
#
# Every process it starts (the launcher, its bus and registry, the window)
# carries DAYBOOK_ATSPI_RUN in its environment and is stopped at the end,
# on failure too; the last test line checks that none is left.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid

daybook, cli = sys.argv[1], sys.argv[2]
PASS = "purple otter climbs seven ladders"
RUN = uuid.uuid4().hex

# (role name, name, reason): what GTK 4.8 / libadwaita 1.2 expose that no
# accessible property set from Daybook can change.
# Each is (role, name, window, reason), names and windows as regular
# expressions; what matches is reported as a TAP comment, not a failure.
INSIDE = ("an internal child of a composite widget of the library, reached only "
          "through its private children; a layout box or page, not a control")
KNOWN = [
    ("filler", "AdwGizmo", ".*",
     "libadwaita 1.2's AdwGizmo (the halves of a header bar, a row's prefix and suffix "
     "boxes, a status page's parts) takes the generic role, which GTK 4.8 names by type; "
     "it holds Daybook's named controls, so it cannot be hidden from the bus. " + INSIDE),
    ("filler", "AdwIndicatorBin|AdwSqueezer|AdwViewSwitcherTitle|AdwViewSwitcherBar|AdwLeaflet"
     "|GtkActionBar", "Preferences",
     "AdwPreferencesWindow's own header and view switcher. " + INSIDE),
    ("page tab list", "AdwViewSwitcher", "Preferences",
     "AdwPreferencesWindow's view switcher. " + INSIDE),
    ("panel", "GtkStackPage", "Preferences|Keyboard Shortcuts",
     "the pages of AdwPreferencesWindow's and GtkShortcutsWindow's own stacks. " + INSIDE),
    ("panel", "_[0-9]+", "Keyboard Shortcuts",
     "GtkShortcutsSection names its pages of groups \"_1\", \"_2\"… " + INSIDE),
    ("filler", "GtkShortcutLabel", "Keyboard Shortcuts",
     "the keys drawn by GtkShortcutsShortcut; its row is named by the shortcut's title. "
     + INSIDE),
    ("filler", "GtkPopoverContent", ".*",
     "the box inside every GTK 4.8 popover. " + INSIDE),
    ("panel", "GtkStackPage", "Daybook", "the pages of a GtkPopoverMenu's own stack "
     "(main menu, submenus). " + INSIDE, r".*/menu\[\d+\]/[^/]*/scroll pane\[\d+\]/panel\[\d+\]/panel\[\d+\]"),
]

results = []
started = []
seen_known = set()


def tap(ok, what):
    results.append(ok)
    print(("ok" if ok else "not ok") + " %d - %s" % (len(results), what), flush=True)


def diag(text):
    for line in str(text).splitlines():
        print("# " + line, flush=True)


def env_for_children():
    env = dict(os.environ)
    env["DAYBOOK_ATSPI_RUN"] = RUN
    for var in ("NO_AT_BRIDGE", "GTK_A11Y", "G_DEBUG"):
        env.pop(var, None)
    env["GDK_BACKEND"] = "x11"
    env["TZ"] = "Europe/London"
    return env


def ours():
    """Processes carrying this run's marker."""
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/environ" % pid, "rb") as f:
                if ("DAYBOOK_ATSPI_RUN=" + RUN).encode() in f.read().split(b"\0"):
                    pids.append(int(pid))
        except OSError:
            pass
    return pids


def stop_all():
    for p in reversed(started):
        if p.poll() is None:
            p.terminate()
    for p in reversed(started):
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    for _ in range(50):
        if not ours():
            return []
        time.sleep(0.1)
    left = ours()
    for pid in left:
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                diag("stopping %d: %s" % (pid, f.read().replace(b"\0", b" ").decode()))
        except OSError:
            pass
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
    time.sleep(1)
    for pid in ours():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    time.sleep(0.5)
    return ours()


def key(*keys):
    subprocess.run(["xdotool", "key", "--clearmodifiers"] + list(keys), check=True)
    time.sleep(0.7)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "15", text], check=True)
    time.sleep(0.4)


# Checking names ----------------------------------------------------------

TYPE_NAME = re.compile(r"^(Gtk|Adw|Daybook|Gdk)[A-Z][A-Za-z0-9]*$")
MNEMONIC = re.compile(r"(^|[\s(“\"'])_[^\s_]")
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "menu item",
    "check menu item", "radio menu item", "link", "combo box", "spin button",
    "slider", "switch", "text", "entry", "password text", "list item",
    "page tab", "toggle", "menu button",
}


def repeated(name):
    words = name.replace("_", "").split()
    n = len(words)
    return n >= 2 and n % 2 == 0 and words[: n // 2] == words[n // 2:]


def walk(node, path, out, depth=0, window=""):
    if node is None or depth > 60:
        return
    try:
        role = node.getRoleName()
        name = node.name or ""
        states = node.getState()
    except Exception as e:  # a node that vanished while read
        diag("could not read %s: %s" % (path, e))
        return
    import pyatspi

    # Every node, shown or not: GTK 4.8 keeps no "showing" state and leaves
    # a stack's other pages their old size, so a screen reader's review can
    # land on any of them. What a page creates only when shown (rows,
    # dialogs) is read after the walk has opened it.
    focusable = states.contains(pyatspi.STATE_FOCUSABLE)
    if role in ("frame", "window", "dialog"):
        window = name
    out.append({"role": role, "name": name, "path": path, "focusable": focusable, "window": window,
                "sensitive": states.contains(pyatspi.STATE_SENSITIVE)})
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        walk(child, path + "/" + role + "[" + str(i) + "]", out, depth + 1, window)


def known(node):
    for k in KNOWN:
        if k[0] == node["role"] and re.fullmatch(k[1], node["name"]) and re.fullmatch(
                k[2], node["window"]) and (len(k) < 5 or re.fullmatch(k[4], node["path"])):
            return k
    return None


def problems_of(nodes):
    bad = []
    for n in nodes:
        role, name = n["role"], n["name"]
        # What a user lands on: a control's role, or focusable (boxes,
        # windows and scrolled views are focusable in GTK 4.8 without
        # being controls).
        is_control = role in CONTROL_ROLES or (
            n["focusable"] and role not in ("frame", "window", "dialog", "panel", "filler",
                                            "scroll pane", "label", "application"))
        why = None
        if TYPE_NAME.match(name):
            why = "a type name as its name"
        elif MNEMONIC.search(name):
            why = "a mnemonic underscore in its name"
        elif repeated(name):
            why = "the same text twice in its name"
        elif is_control and not name.strip():
            why = "a control without a name"
        if why is None:
            continue
        k = known(n)
        if k is not None:
            if k not in seen_known:
                diag("known defect of GTK 4.8 or libadwaita 1.2: %s %r in %r: %s"
                     % (n["role"], n["name"], n["window"], k[3]))
            seen_known.add(k)
            continue
        bad.append("%s %r in %r (%s)%s: %s" % (role, name, n["window"], n["path"],
                                              " focusable" if n["focusable"] else "", why))
    return bad


def app_node(timeout=30):
    import pyatspi

    end = time.time() + timeout
    while time.time() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            a = desktop.getChildAtIndex(i)
            try:
                if a is not None and a.name and "daybook" in a.name.lower():
                    return a
            except Exception:
                pass
        time.sleep(0.3)
    return None


def read_tree():
    app = app_node()
    if app is None:
        return None
    nodes = []
    walk(app, "app", nodes)
    return nodes


def check_page(what, expect=None):
    """Reads the tree; TAP line for @what. @expect: a name that must be there."""
    time.sleep(1.0)
    nodes = read_tree()
    if nodes is None:
        tap(False, "%s: the window is on the accessibility bus" % what)
        return None
    bad = problems_of(nodes)
    missing = expect is not None and not any(re.fullmatch(expect, n["name"]) for n in nodes)
    if missing:
        diag("%s: no node named %r; names seen:" % (what, expect))
        diag(", ".join(sorted({n["name"] for n in nodes if n["name"]})))
    for b in bad:
        diag(b)
    tap(not bad and not missing, "%s: every control named, no mnemonic, repeat or type name (%d nodes)"
        % (what, len(nodes)))
    if os.environ.get("DAYBOOK_ATSPI_DUMP"):
        for n in nodes:
            diag("%s%s %r%s" % (n["path"].count("/") * " ", n["role"], n["name"],
                                " F" if n["focusable"] else ""))
    return nodes


def wait_toasts_gone(timeout=15):
    """A toast lasts a few seconds, and libadwaita 1.2's toast widget takes
    its type name, as does its close button: a page is read once the toasts
    over it have gone, or the same page would pass or fail by how fast the
    tree was read."""
    end = time.time() + timeout
    while time.time() < end:
        nodes = read_tree()
        if nodes is not None and not any(n["name"] == "AdwToastWidget" for n in nodes):
            return
        time.sleep(0.5)


def find(name, role, node=None, depth=0):
    if node is None:
        node = app_node(5)
    if node is None or depth > 60:
        return None
    try:
        if node.name == name and node.getRoleName() == role:
            return node
        for i in range(node.childCount):
            found = find(name, role, node.getChildAtIndex(i), depth + 1)
            if found is not None:
                return found
    except Exception:
        pass
    return None


def click(name, role):
    import pyatspi

    node = find(name, role)
    if node is None:
        return False
    ext = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Daybook$"],
                         capture_output=True, text=True).stdout.split()
    subprocess.run(["xdotool", "mousemove", "--window", wid[0], str(ext.x + ext.width // 2),
                    str(ext.y + ext.height // 2), "click", "1"], check=True)
    time.sleep(1)
    return True


def start_daybook(diary, log):
    p = subprocess.Popen([daybook, "--diary", diary], env=env_for_children(),
                         stdout=log, stderr=subprocess.STDOUT)
    started.append(p)
    out = subprocess.run(["timeout", "30", "xdotool", "search", "--sync", "--onlyvisible",
                          "--name", "^Daybook$"], capture_output=True, text=True).stdout.split()
    if out:
        subprocess.run(["xdotool", "windowfocus", out[0]])
    time.sleep(1.5)
    return p


def main(work):
    diary = os.path.join(work, "diary")
    log = open(os.path.join(work, "log"), "w")

    launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                                env=env_for_children(), stdout=sys.stderr, stderr=sys.stderr)
    started.append(launcher)
    # The launcher answers on the session bus once its bus is up.
    # (Asking it for the address before then would start a second one.)
    up = False
    for _ in range(100):
        r = subprocess.run(["dbus-send", "--session", "--print-reply",
                            "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                            "org.freedesktop.DBus.NameHasOwner", "string:org.a11y.Bus"],
                           capture_output=True, text=True)
        if "boolean true" in r.stdout:
            up = True
            break
        time.sleep(0.1)
    tap(up, "the accessibility bus is up")

    # First run: welcome, passphrase, recovery code, timeline.
    app = start_daybook(diary, log)
    check_page("welcome page", "Create a Diary")
    key("Return")
    check_page("create page: passphrase")
    type_text(PASS)
    key("Return")
    type_text(PASS)
    key("Return")
    for _ in range(300):
        if os.path.exists(os.path.join(diary, "keys")):
            break
        time.sleep(0.1)
    time.sleep(2)
    check_page("create page: recovery code")
    key("space")
    key("Tab")
    key("Return")
    time.sleep(2)
    check_page("timeline (empty)", "Timeline")

    key("ctrl+n")
    type_text("Waiting outside my flat")
    key("ctrl+s")
    wait_toasts_gone()  # "Entry 1 saved"
    check_page("entry editor")
    key("Escape")
    check_page("timeline with an entry")

    # Every section of the sidebar, as a user clicks it (the pointer is
    # fine here; test-e2e.sh is the keyboard-only one).
    for section in ("Overview", "People", "Orders", "Police Contacts", "Case Details",
                    "Evidence", "Messages", "Report", "Timeline"):
        if click(section, "list item"):
            check_page("%s page" % section)
        else:
            tap(False, "%s page: its sidebar row is on the bus, named" % section)

    key("ctrl+comma")
    check_page("preferences window", "Preferences")
    key("Escape")
    key("ctrl+question")
    check_page("keyboard shortcuts window", "Shortcuts")
    key("Escape")
    key("F10")
    check_page("main menu", "Keyboard Shortcuts")
    key("Escape")

    # Quit, start again: the unlock page.
    key("ctrl+q")
    app.wait(20)
    app = start_daybook(diary, log)
    check_page("unlock page", "Unlock")
    type_text(PASS)
    key("Return")
    time.sleep(3)
    # The row read as one sentence: number, date, title.
    check_page("timeline after unlocking", r"Entry 1, .*, Waiting outside my flat")
    log.close()
    return app


def run():
    work = tempfile.mkdtemp(prefix="daybook-atspi-")
    try:
        main(work)
    except Exception as e:
        import traceback

        diag(traceback.format_exc())
        tap(False, "the walk ran to its end (%s)" % e)
    finally:
        try:
            with open(os.path.join(work, "log")) as f:
                log = f.read()
            if log.strip():
                diag("the window's log:")
                diag(log)
        except OSError:
            pass
        left = stop_all()
        if left:
            diag("still running at the end, stopped: %s" % left)
        tap(not left, "every process the test started has ended")
        subprocess.run(["rm", "-rf", work])
    for k in KNOWN:
        if k not in seen_known:
            diag("listed as a known defect but not seen: %r" % (k,))
    stale = [k for k in KNOWN if k not in seen_known]
    tap(not stale, "every listed known defect still occurs")
    print("1..%d" % len(results), flush=True)
    return 0 if all(results) else 1


sys.exit(run())
