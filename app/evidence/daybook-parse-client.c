/* daybook-parse-client.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-parse"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "daybook-i18n.h"
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "daybook-metadata.h"
#include "daybook-parse-client.h"
#include "daybook-parse-protocol.h"

/*
 * Evidence comes from the abuser: a photo they sent, an e-mail they wrote.
 * Its bytes are parsed (EXIF, e-mail headers, image decoding) only in the
 * helper `daybook-parse` (daybook-parse.c), never in this process, which
 * holds the diary's keys. Here: start the helper confined (bubblewrap when
 * it works on this computer, else the helper's own seccomp filter and
 * limits), feed it the stored copy's bytes through a socket, read at most a
 * few bytes more than the answer can need, within a time limit, and check
 * every field of the answer. A helper that crashes, hangs, floods or lies
 * gives an attachment without metadata or a picture without a preview, and
 * nothing else: the import goes on.
 */

#define DEFAULT_TIMEOUT_MS 30000
#define CHUNK (64 * 1024)
#define HEADER_LEN 8
/* The longest a metadata reply can be: a thumbnail and a few strings. */
#define MAX_METADATA_REPLY (DAYBOOK_PARSE_THUMB_SIZE * DAYBOOK_PARSE_THUMB_SIZE * 4 + 1024 * 1024)
#define MAX_IMAGE_REPLY ((gsize)DAYBOOK_PARSE_MAX_PIXELS * 4 + 1024)
#define MAX_AUDIO_REPLY (DAYBOOK_PARSE_MAX_AUDIO_BYTES + 1024)
/* Decoding half an hour of sound takes longer than reading a photo. */
#define AUDIO_TIMEOUT_MS 150000
#define WAV_HEADER 44
#define MAX_STRING 16384
#define MAX_EXIF_TIME 64

G_LOCK_DEFINE_STATIC (settings);
static DaybookSandbox forced_sandbox = DAYBOOK_SANDBOX_AUTO;
static char *test_hook;
static guint timeout_ms = DEFAULT_TIMEOUT_MS;
static gboolean keep_sandbox; /* tests: no --die-with-parent */

/* ---- finding and confining the helper -------------------------------------- */

static const char *
helper_path (void)
{
  const char *path = g_getenv ("DAYBOOK_PARSE_HELPER");

  return path != NULL && path[0] == '/' ? path : DAYBOOK_PARSE_PATH;
}

static void
add (GPtrArray *argv, const char *arg)
{
  g_ptr_array_add (argv, g_strdup (arg));
}

/* /usr read-only, and /lib, /bin… as they are here (links on a merged /usr);
 * a new empty root, read-only; new namespaces for all, the network too. */
static void
add_bwrap (GPtrArray *argv, const char *helper)
{
  static const char *const top[] = { "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin" };

  add (argv, DAYBOOK_BWRAP_PATH);
  add (argv, "--unshare-all");
  G_LOCK (settings);
  if (!keep_sandbox)
    add (argv, "--die-with-parent");
  G_UNLOCK (settings);
  /* It names its sandbox's first process here (child_end). */
  add (argv, "--info-fd");
  add (argv, "3");
  add (argv, "--new-session");
  add (argv, "--cap-drop");
  add (argv, "ALL");
  add (argv, "--ro-bind");
  add (argv, "/usr");
  add (argv, "/usr");
  for (gsize i = 0; i < G_N_ELEMENTS (top); i++)
    {
      g_autofree char *target = g_file_read_link (top[i], NULL);
      struct stat st;

      if (target != NULL)
        {
          add (argv, "--symlink");
          add (argv, target);
          add (argv, top[i]);
        }
      else if (stat (top[i], &st) == 0 && S_ISDIR (st.st_mode))
        {
          add (argv, "--ro-bind");
          add (argv, top[i]);
          add (argv, top[i]);
        }
    }
  add (argv, "--proc");
  add (argv, "/proc");
  add (argv, "--dev");
  add (argv, "/dev");
  if (!g_str_has_prefix (helper, "/usr/"))
    {
      add (argv, "--ro-bind");
      add (argv, helper);
      add (argv, helper);
    }
  add (argv, "--chdir");
  add (argv, "/");
  add (argv, "--remount-ro");
  add (argv, "/");
}

static void
set_nonblocking (int fd)
{
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK);
}

/* bubblewrap's --info-fd: "child-pid" is its sandbox's first process, as
 * seen from here; 0 if it did not say (yet) within @wait_ms. */
static GPid
sandbox_pid (int info_fd, int wait_ms)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gint64 deadline = g_get_monotonic_time () + (gint64)wait_ms * 1000;
  char buf[1024];
  gsize len = 0;

  while (len < sizeof buf - 1)
    {
      struct pollfd pfd = { info_fd, POLLIN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      ssize_t n;

      if (left <= 0 || poll (&pfd, 1, (int)left) <= 0)
        break;
      n = read (info_fd, buf + len, sizeof buf - 1 - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      len += n;
      buf[len] = '\0';
      /* It writes one object and keeps the pipe open in the sandbox. */
      if (strchr (buf, '}') != NULL)
        break;
    }
  buf[len] = '\0';
  if (json_parser_load_from_data (parser, buf, len, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *info = json_node_get_object (json_parser_get_root (parser));
      gint64 pid = json_object_get_int_member_with_default (info, "child-pid", 0);

      if (pid > 1 && pid <= G_MAXINT32)
        return (GPid)pid;
    }
  return 0;
}

/* The parent of @pid, from /proc; 0 if it is gone. */
static GPid
parent_of (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int)pid);
  g_autofree char *stat = NULL;
  const char *end;
  char state;
  int ppid = 0;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL
      || sscanf (end + 1, " %c %d", &state, &ppid) != 2)
    return 0;
  return ppid;
}

/*
 * Ends bubblewrap's sandbox itself: SIGKILL to its first process (PID 1
 * of the sandbox's PID namespace) ends every process in it. bubblewrap's
 * --die-with-parent should do this once bubblewrap is killed, but a
 * sandbox was once seen to outlive a killed test, still parsing and still
 * holding its standard error. The process is only signalled through a
 * pidfd taken while bubblewrap is still its parent, so never another
 * process that came to have the same number.
 */
static void
kill_sandbox (DaybookParseChild *child)
{
  GPid inner = sandbox_pid (child->info_fd, 1000);
  int pidfd;

  if (inner == 0)
    return;
  pidfd = (int)syscall (SYS_pidfd_open, inner, 0);
  if (pidfd < 0)
    return;
  if (parent_of (inner) == child->pid)
    syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
  close (pidfd);
}

/**
 * _daybook_parse_child_end:
 * @kill_it: stop it first (SIGKILL, the sandbox with it)
 * @status: (out) (optional): its wait status
 *
 * Waits for a helper started by _daybook_parse_spawn() and closes what is
 * left of it.
 */
void
_daybook_parse_child_end (DaybookParseChild *child, gboolean kill_it, int *status)
{
  int ignored;

  if (kill_it)
    {
      if (child->info_fd >= 0)
        kill_sandbox (child);
      kill (child->pid, SIGKILL);
    }
  while (waitpid (child->pid, status != NULL ? status : &ignored, 0) < 0 && errno == EINTR)
    ;
  if (child->info_fd >= 0)
    close (child->info_fd);
  child->info_fd = -1;
}

/* Waits for the helper to exit until @deadline; kills it after. */
static gboolean
reap (DaybookParseChild *child, gint64 deadline)
{
  int status;
  pid_t done;

  while ((done = waitpid (child->pid, &status, WNOHANG)) == 0 || (done < 0 && errno == EINTR))
    {
      if (g_get_monotonic_time () >= deadline)
        {
          _daybook_parse_child_end (child, TRUE, NULL);
          return FALSE;
        }
      g_usleep (1000);
    }
  if (child->info_fd >= 0)
    close (child->info_fd);
  child->info_fd = -1;
  return done == child->pid && WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

typedef struct
{
  GInputStream *input;
  guint8 *pending;
  gsize pending_off;
  gsize pending_len;
  gboolean input_done;
} Feed;

/* Sends what the helper can take now; FALSE if @input failed. */
static gboolean
feed (Feed *feed, int *fd)
{
  ssize_t sent;

  if (feed->pending_off == feed->pending_len && !feed->input_done)
    {
      gssize n = feed->input != NULL
                     ? g_input_stream_read (feed->input, feed->pending, CHUNK, NULL, NULL)
                     : 0;

      if (n < 0)
        return FALSE;
      feed->pending_off = 0;
      feed->pending_len = n;
      feed->input_done = n == 0;
    }
  if (feed->pending_off == feed->pending_len)
    {
      /* All sent: the helper reads end of file. */
      close (*fd);
      *fd = -1;
      return TRUE;
    }
  sent = send (*fd, feed->pending + feed->pending_off, feed->pending_len - feed->pending_off,
               MSG_NOSIGNAL | MSG_DONTWAIT);
  if (sent > 0)
    feed->pending_off += sent;
  else if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
    {
      /* It stopped reading; its answer (or its end) tells the rest. */
      close (*fd);
      *fd = -1;
    }
  return TRUE;
}

/*
 * spawn_helper:
 * @args: the helper's arguments after its path, %NULL-terminated
 * @in_fd: (out): a socket to write its stdin to (send() never raises SIGPIPE)
 * @out_fd: (out): its stdout, non-blocking
 *
 * Starts the helper confined: bubblewrap for BWRAP, else its own filter;
 * an empty environment but the tests' hook; every other descriptor closed.
 */
static gboolean
spawn_helper (const char *const *args, DaybookSandbox sandbox, DaybookParseChild *child, int *in_fd,
              int *out_fd, GError **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) envp = g_ptr_array_new_with_free_func (g_free);
  const char *helper = helper_path ();
  int sock[2] = { -1, -1 };
  int info[2] = { -1, -1 };
  int info_target = 3;
  GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD;

#if !defined(__SANITIZE_ADDRESS__)
  /* A sanitizer's report on the helper is wanted on the test's output. */
  flags |= G_SPAWN_STDERR_TO_DEV_NULL;
#endif

  if (sandbox == DAYBOOK_SANDBOX_BWRAP)
    add_bwrap (argv, helper);
  add (argv, helper);
  for (gsize i = 0; args[i] != NULL; i++)
    add (argv, args[i]);
  g_ptr_array_add (argv, NULL);

  /* Nothing of this process's environment: only the tests' hook. */
  G_LOCK (settings);
  if (test_hook != NULL)
    g_ptr_array_add (envp, g_strconcat ("DAYBOOK_PARSE_TEST=", test_hook, NULL));
  G_UNLOCK (settings);
  g_ptr_array_add (envp, NULL);

  /* A socket, not a pipe: send() without SIGPIPE when the helper is gone. */
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "socketpair: %s",
                   g_strerror (errno));
      return FALSE;
    }
  if (sandbox == DAYBOOK_SANDBOX_BWRAP && !g_unix_open_pipe (info, FD_CLOEXEC, error))
    {
      close (sock[0]);
      close (sock[1]);
      return FALSE;
    }
  /* Every other descriptor is closed in the child (no LEAVE_DESCRIPTORS_OPEN). */
  if (!g_spawn_async_with_pipes_and_fds (
          "/", (const char *const *)argv->pdata, (const char *const *)envp->pdata, flags, NULL,
          NULL, sock[1], -1, -1, &info[1], &info_target, info[1] >= 0 ? 1 : 0, &child->pid, NULL,
          out_fd, NULL, error))
    {
      g_debug ("cannot start %s", helper);
      close (sock[0]);
      close (sock[1]);
      if (info[0] >= 0)
        {
          close (info[0]);
          close (info[1]);
        }
      return FALSE;
    }
  close (sock[1]);
  if (info[1] >= 0)
    close (info[1]);
  child->info_fd = info[0];
  *in_fd = sock[0];
  set_nonblocking (*out_fd);
  return TRUE;
}

/*
 * run_helper:
 * @input: (nullable): the bytes it parses; none if %NULL
 * @max_reply: the longest answer accepted
 *
 * Returns: (transfer full) (nullable): the answer of type @type, not yet
 *   checked; %NULL if the helper failed, took too long or said too much
 */
static GVariant *
run_helper (const char *mode, const char *arg, GInputStream *input, const char *type,
            gsize max_reply, DaybookSandbox sandbox)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *pending = g_malloc (CHUNK);
  const char *args[] = { mode, arg, NULL };
  Feed fd_feed = { input, pending, 0, 0, FALSE };
  int out_fd = -1;
  int in_fd = -1;
  gint64 deadline;
  guint32 len;
  DaybookParseChild child;
  gboolean ok = TRUE;

  G_LOCK (settings);
  deadline = g_get_monotonic_time ()
             + (gint64)(g_str_equal (mode, "audio") && timeout_ms == DEFAULT_TIMEOUT_MS
                            ? AUDIO_TIMEOUT_MS
                            : timeout_ms)
                   * 1000;
  G_UNLOCK (settings);
  if (!spawn_helper (args, sandbox, &child, &in_fd, &out_fd, &error))
    return NULL;

  while (ok)
    {
      struct pollfd fds[2] = { { out_fd, POLLIN, 0 }, { in_fd, POLLOUT, 0 } };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      guint8 buf[CHUNK];
      ssize_t n;
      int ready;

      if (left <= 0)
        {
          ok = FALSE;
          break;
        }
      ready = poll (fds, in_fd >= 0 ? 2 : 1, (int)MIN (left, 1000));
      if (ready < 0 && errno != EINTR)
        ok = FALSE;
      if (ready <= 0)
        continue;
      if (in_fd >= 0 && fds[1].revents & (POLLERR | POLLHUP))
        {
          close (in_fd);
          in_fd = -1;
        }
      else if (in_fd >= 0 && fds[1].revents & POLLOUT)
        ok = feed (&fd_feed, &in_fd);
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
        {
          n = read (out_fd, buf, sizeof buf);
          if (n == 0)
            break;
          if (n < 0 && errno != EAGAIN && errno != EINTR)
            ok = FALSE;
          if (n > 0)
            g_byte_array_append (out, buf, n);
          if (out->len > HEADER_LEN + max_reply)
            ok = FALSE;
        }
    }
  if (in_fd >= 0)
    close (in_fd);
  close (out_fd);
  if (!ok)
    {
      _daybook_parse_child_end (&child, TRUE, NULL);
      return NULL;
    }
  if (!reap (&child, deadline) || out->len < HEADER_LEN
      || memcmp (out->data, DAYBOOK_PARSE_MAGIC, 4) != 0)
    return NULL;
  len = (guint32)out->data[4] << 24 | (guint32)out->data[5] << 16 | (guint32)out->data[6] << 8
        | out->data[7];
  if (len != out->len - HEADER_LEN)
    return NULL;
  {
    g_autoptr (GBytes) all = g_byte_array_free_to_bytes (g_steal_pointer (&out));
    g_autoptr (GBytes) body = g_bytes_new_from_bytes (all, HEADER_LEN, len);

    /* Not trusted: GVariant checks the serialisation as it is read. */
    return g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (type), body, FALSE));
  }
}

/* Bubblewrap when it works on this computer (user namespaces may be off,
 * as in some containers); the answer is kept for the process. */
static DaybookSandbox
detect_sandbox (void)
{
  g_autoptr (GVariant) answer = NULL;

  if (!g_file_test (DAYBOOK_BWRAP_PATH, G_FILE_TEST_IS_EXECUTABLE))
    return DAYBOOK_SANDBOX_FORK;
  answer = run_helper ("probe", NULL, NULL, "s", 64, DAYBOOK_SANDBOX_BWRAP);
  if (answer != NULL && g_str_equal (g_variant_get_string (answer, NULL), "ok"))
    return DAYBOOK_SANDBOX_BWRAP;
  g_debug ("bubblewrap does not work here; the parser runs under its own filter only");
  return DAYBOOK_SANDBOX_FORK;
}

/**
 * _daybook_parse_get_sandbox:
 *
 * Returns: how the helper is confined in this process: BWRAP or FORK
 */
DaybookSandbox
_daybook_parse_get_sandbox (void)
{
  static gsize detected = 0;
  DaybookSandbox forced;

  G_LOCK (settings);
  forced = forced_sandbox;
  G_UNLOCK (settings);
  if (forced != DAYBOOK_SANDBOX_AUTO)
    return forced;
  if (g_once_init_enter (&detected))
    g_once_init_leave (&detected, (gsize)detect_sandbox ());
  return (DaybookSandbox)detected;
}

static GVariant *
run (const char *mode, const char *arg, GInputStream *input, const char *type, gsize max_reply)
{
  return run_helper (mode, arg, input, type, max_reply, _daybook_parse_get_sandbox ());
}

/**
 * _daybook_parse_spawn:
 * @args: the helper's arguments (mode first), %NULL-terminated
 * @child: (out): the helper; the caller ends it with _daybook_parse_child_end()
 * @in_fd: (out): a socket to its stdin (use send() with MSG_NOSIGNAL)
 * @out_fd: (out): its stdout, non-blocking
 *
 * Starts the parsing helper confined as for every other parse, for a
 * caller that speaks its own protocol with it (the importers).
 */
gboolean
_daybook_parse_spawn (const char *const *args, DaybookParseChild *child, int *in_fd, int *out_fd,
                      GError **error)
{
  return spawn_helper (args, _daybook_parse_get_sandbox (), child, in_fd, out_fd, error);
}

/* How long a helper may stay silent (ms), as set for the tests. */
guint
_daybook_parse_get_timeout (void)
{
  guint ms;

  G_LOCK (settings);
  ms = timeout_ms;
  G_UNLOCK (settings);
  return ms;
}

/* Tests: bubblewrap without --die-with-parent, to see the sandbox ended
 * by child_end alone. */
void
_daybook_parse_set_keep_sandbox_for_tests (gboolean keep)
{
  G_LOCK (settings);
  keep_sandbox = keep;
  G_UNLOCK (settings);
}

void
_daybook_parse_set_sandbox_for_tests (DaybookSandbox sandbox)
{
  G_LOCK (settings);
  forced_sandbox = sandbox;
  G_UNLOCK (settings);
}

/* @test: (nullable): DAYBOOK_PARSE_TEST for the helpers started from now */
void
_daybook_parse_set_test_for_tests (const char *test)
{
  G_LOCK (settings);
  g_free (test_hook);
  test_hook = g_strdup (test);
  G_UNLOCK (settings);
}

/* @timeout_ms: 0 for the default */
void
_daybook_parse_set_timeout_for_tests (guint ms)
{
  G_LOCK (settings);
  timeout_ms = ms > 0 ? ms : DEFAULT_TIMEOUT_MS;
  G_UNLOCK (settings);
}

/**
 * _daybook_parse_try:
 * @what: "write", "read-write", "socket", "unix-socket", "exec",
 *   "kill-parent", "ptrace", "mem-PID" (open /proc/PID/mem) or "fds"
 *
 * Has the helper try, inside its sandbox, what it must not be able to do.
 *
 * Returns: (transfer full) (nullable): "errno N", "allowed", or for "fds"
 *   the descriptors it started with ("fds 0,1,2")
 */
char *
_daybook_parse_try (const char *what, GError **error)
{
  g_autoptr (GVariant) answer = run ("try", what, NULL, "s", 4096);

  if (answer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the helper gave no answer");
      return NULL;
    }
  return g_variant_dup_string (answer, NULL);
}

/* ---- checking the answers ---------------------------------------------------- */

/* The EXIF orientation, as gdk_pixbuf_apply_embedded_orientation() reads it. */
GdkPixbuf *
_daybook_orient_pixbuf (GdkPixbuf *pixbuf, int orientation)
{
  g_autoptr (GdkPixbuf) turned = NULL;

  switch (orientation)
    {
    case 2:
      return gdk_pixbuf_flip (pixbuf, TRUE);
    case 3:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
    case 4:
      return gdk_pixbuf_flip (pixbuf, FALSE);
    case 5:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
      return gdk_pixbuf_flip (turned, TRUE);
    case 6:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
    case 7:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
      return gdk_pixbuf_flip (turned, TRUE);
    case 8:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
    default:
      return g_object_ref (pixbuf);
    }
}

/* Pixels (uubay) within @max_side and @max_pixels, or NULL. */
static GdkPixbuf *
checked_pixels (GVariant *pixels, guint max_side, gint64 max_pixels)
{
  g_autoptr (GVariant) data = g_variant_get_child_value (pixels, 3);
  g_autoptr (GBytes) bytes = NULL;
  guint32 width, height;
  gboolean alpha;
  int channels;

  g_variant_get_child (pixels, 0, "u", &width);
  g_variant_get_child (pixels, 1, "u", &height);
  g_variant_get_child (pixels, 2, "b", &alpha);
  channels = alpha ? 4 : 3;
  if (width == 0 || height == 0 || width > max_side || height > max_side
      || (gint64)width * height > max_pixels
      || g_variant_get_size (data) != (gsize)width * height * channels)
    return NULL;
  bytes = g_variant_get_data_as_bytes (data);
  return gdk_pixbuf_new_from_bytes (bytes, GDK_COLORSPACE_RGB, alpha, 8, (int)width, (int)height,
                                    (int)width * channels);
}

/* "2026:03:01 21:40:05" with an optional "+01:00"; a camera without an
 * offset recorded its own local time, taken to be this computer's zone. */
static gint64
parse_exif_time (const char *text, const char *offset)
{
  g_autoptr (GTimeZone) zone = NULL;
  g_autoptr (GDateTime) dt = NULL;
  int y, mo, d, h, mi, s;

  if (text == NULL || sscanf (text, "%d:%d:%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6)
    return 0;
  if (offset != NULL && offset[0] != '\0')
    zone = g_time_zone_new_identifier (offset);
  if (zone == NULL)
    zone = g_time_zone_new_local ();
  dt = g_date_time_new (zone, y, mo, d, h, mi, s);
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static const char *
short_string (GVariant *value, gsize max)
{
  gsize len = 0;
  const char *text = g_variant_get_string (value, &len);

  return len <= max && g_utf8_validate (text, len, NULL) ? text : "";
}

/* Valid UTF-8, cut at a character before @max bytes. */
static char *
capped (const char *text, gsize len)
{
  const char *end = text + MIN (len, MAX_STRING);

  if (!g_utf8_validate (text, len, NULL))
    return NULL;
  if (len > MAX_STRING)
    end = g_utf8_find_prev_char (text, end + 1);
  return g_strndup (text, end - text);
}

static gboolean
number_ok (const char *name, double value)
{
  if (!isfinite (value))
    return FALSE;
  if (g_str_equal (name, "gps_latitude"))
    return value >= -90 && value <= 90;
  if (g_str_equal (name, "gps_longitude"))
    return value >= -180 && value <= 180;
  return fabs (value) < 1e6; /* altitude, metres */
}

/* Only these names reach the diary, in this order. */
static const char *const string_names[] = {
  "date_taken", "camera_make",   "camera_model", "email_from",
  "email_to",   "email_subject", "email_date",
};
static const char *const number_names[] = { "gps_latitude", "gps_longitude", "gps_altitude" };

static void
read_metadata (GVariant *answer, DaybookExtracted *out)
{
  g_autoptr (GVariant) strings = g_variant_get_child_value (answer, 3);
  g_autoptr (GVariant) numbers = g_variant_get_child_value (answer, 4);
  g_autoptr (GVariant) pixels = g_variant_get_child_value (answer, 6);
  g_autoptr (GVariant) exif_time = g_variant_get_child_value (answer, 1);
  g_autoptr (GVariant) exif_offset = g_variant_get_child_value (answer, 2);
  g_autoptr (GdkPixbuf) thumb = NULL;
  gint64 taken_at;
  gint32 orientation;

  g_variant_get_child (answer, 0, "x", &taken_at);
  g_variant_get_child (answer, 5, "i", &orientation);

  for (gsize i = 0; i < G_N_ELEMENTS (string_names); i++)
    {
      g_autoptr (GVariant) value
          = g_variant_lookup_value (strings, string_names[i], G_VARIANT_TYPE_STRING);
      g_autofree char *text = NULL;
      gsize len;
      const char *raw;

      if (value == NULL)
        continue;
      raw = g_variant_get_string (value, &len);
      text = capped (raw, len);
      if (text != NULL && text[0] != '\0')
        json_object_set_string_member (out->metadata, string_names[i], text);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (number_names); i++)
    {
      g_autoptr (GVariant) value
          = g_variant_lookup_value (numbers, number_names[i], G_VARIANT_TYPE_DOUBLE);

      if (value != NULL && number_ok (number_names[i], g_variant_get_double (value)))
        json_object_set_double_member (out->metadata, number_names[i],
                                       g_variant_get_double (value));
    }
  if (orientation >= 1 && orientation <= 8)
    json_object_set_int_member (out->metadata, "orientation", orientation);
  else
    orientation = 1;

  /* An e-mail's Date, or the EXIF date in this computer's zone; years
   * 1900 to 2200, anything else is not believed. */
  if (g_variant_get_size (exif_time) > 1)
    taken_at = parse_exif_time (short_string (exif_time, MAX_EXIF_TIME),
                                short_string (exif_offset, MAX_EXIF_TIME));
  if (taken_at >= G_GINT64_CONSTANT (-2208988800) && taken_at <= G_GINT64_CONSTANT (7258118400))
    out->taken_at = taken_at;

  /* Daybook turns and encodes the pixels itself: no PNG from the helper is
   * ever decoded in this process. */
  thumb = checked_pixels (pixels, DAYBOOK_PARSE_THUMB_SIZE,
                          (gint64)DAYBOOK_PARSE_THUMB_SIZE * DAYBOOK_PARSE_THUMB_SIZE);
  if (thumb != NULL)
    {
      g_autoptr (GdkPixbuf) upright = _daybook_orient_pixbuf (thumb, orientation);
      g_autofree char *png = NULL;
      gsize png_len;

      if (upright != NULL && gdk_pixbuf_save_to_buffer (upright, &png, &png_len, "png", NULL, NULL))
        {
          out->thumbnail = g_bytes_new_take (g_steal_pointer (&png), png_len);
          json_object_set_boolean_member (out->metadata, "thumbnail", TRUE);
        }
    }
}

/**
 * _daybook_parse_reply_for_tests:
 * @reply: the body of an answer, as the helper would send it
 *
 * What Daybook keeps of a metadata answer, for the tests that forge one.
 *
 * Returns: (transfer full): the metadata
 */
JsonObject *
_daybook_parse_reply_for_tests (GBytes *reply, gint64 *taken_at, GBytes **thumbnail)
{
  g_autoptr (GVariant) answer = g_variant_ref_sink (
      g_variant_new_from_bytes (G_VARIANT_TYPE (DAYBOOK_PARSE_METADATA_TYPE), reply, FALSE));
  DaybookExtracted out = { json_object_new (), 0, NULL };

  read_metadata (answer, &out);
  *taken_at = out.taken_at;
  *thumbnail = out.thumbnail;
  return out.metadata;
}

static gboolean
is_parsed (const char *media_type)
{
  return g_str_has_prefix (media_type, "image/") || g_str_equal (media_type, "message/rfc822")
         || g_str_equal (media_type, "message/news")
         || g_str_equal (media_type, "application/mbox");
}

/*
 * _daybook_extract_metadata:
 * @content: (transfer full): the stored copy
 * @out: (out caller-allocates): filled in; clear with _daybook_extracted_clear()
 *
 * Has the helper read what it can from a stored copy. Never fails: a file
 * that cannot be parsed, or a helper that fails, gives an empty metadata
 * object and no thumbnail.
 */
void
_daybook_extract_metadata (DaybookContent *content, const char *media_type, DaybookExtracted *out)
{
  guint64 size = _daybook_content_get_size (content);
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GVariant) answer = NULL;

  out->metadata = json_object_new ();
  out->taken_at = 0;
  out->thumbnail = NULL;
  if (size == 0 || size > DAYBOOK_PARSE_MAX_INPUT || !is_parsed (media_type))
    {
      _daybook_content_free (content);
      return;
    }
  stream = _daybook_attachment_stream_new_for_content (content);
  answer = run ("metadata", media_type, stream, DAYBOOK_PARSE_METADATA_TYPE, MAX_METADATA_REPLY);
  if (answer != NULL)
    read_metadata (answer, out);
}

void
_daybook_extracted_clear (DaybookExtracted *out)
{
  g_clear_pointer (&out->metadata, json_object_unref);
  g_clear_pointer (&out->thumbnail, g_bytes_unref);
}

/**
 * _daybook_parse_image:
 * @bytes: a whole image file
 * @orientation: the EXIF orientation, 1 to 8
 *
 * Has the helper decode an image; turns it upright.
 *
 * Returns: (transfer full) (nullable): the image
 */
GdkPixbuf *
_daybook_parse_image (GBytes *bytes, int orientation, GError **error)
{
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr (GVariant) answer = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;

  if (g_bytes_get_size (bytes) <= DAYBOOK_PARSE_MAX_IMAGE_INPUT)
    answer = run ("image", NULL, stream, DAYBOOK_PARSE_PIXELS_TYPE, MAX_IMAGE_REPLY);
  if (answer != NULL)
    pixbuf = checked_pixels (answer, G_MAXINT / 4, DAYBOOK_PARSE_MAX_PIXELS);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("This image cannot be read; it may be damaged or of a kind Daybook "
                              "does not know. Its details are shown."));
      return NULL;
    }
  return _daybook_orient_pixbuf (pixbuf, orientation);
}

static void
put_le (guint8 *at, guint32 value, int bytes)
{
  for (int i = 0; i < bytes; i++)
    at[i] = (guint8)(value >> (8 * i));
}

static void
wipe_free (gpointer data)
{
  guint8 *buf = data;
  gsize *size = (gsize *)(buf - sizeof (gsize));

  sodium_memzero (buf, *size);
  g_free (size);
}

/* A buffer of @size bytes that is wiped when freed with wipe_free(). */
static guint8 *
wiped_alloc (gsize size)
{
  gsize *block = g_malloc (sizeof (gsize) + size);

  *block = size;
  return (guint8 *)(block + 1);
}

/**
 * _daybook_parse_audio:
 * @bytes: a recording, as stored
 * @cut: (out) (optional): set when only its first
 *   DAYBOOK_PARSE_AUDIO_MINUTES minutes were decoded
 *
 * Has the helper decode the first audio stream of @bytes and wraps the
 * checked samples in a WAV file made here, so that the player in this
 * process parses only Daybook's own WAV. Wiped when freed.
 *
 * Returns: (transfer full) (nullable): WAV bytes
 */
GBytes *
_daybook_parse_audio (GBytes *bytes, gboolean *cut, GError **error)
{
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr (GVariant) answer = NULL;
  g_autoptr (GVariant) samples = NULL;
  guint32 rate = 0, channels = 0;
  gboolean was_cut = FALSE;
  const guint8 *pcm = NULL;
  gsize len = 0;
  guint8 *wav;

  if (g_bytes_get_size (bytes) <= DAYBOOK_PARSE_MAX_IMAGE_INPUT)
    answer = run ("audio", NULL, stream, DAYBOOK_PARSE_AUDIO_TYPE, MAX_AUDIO_REPLY);
  if (answer != NULL)
    {
      g_variant_get (answer, "(uub@ay)", &rate, &channels, &was_cut, &samples);
      pcm = g_variant_get_fixed_array (samples, &len, 1);
    }
  if (answer == NULL || rate != DAYBOOK_PARSE_AUDIO_RATE || (channels != 1 && channels != 2)
      || len == 0 || len % (2 * channels) != 0
      || len > DAYBOOK_PARSE_MAX_AUDIO_FRAMES * 2 * channels)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("This recording cannot be played here; it may be damaged or of a "
                              "kind Daybook does not know. Export it to play it elsewhere."));
      return NULL;
    }

  wav = wiped_alloc (WAV_HEADER + len);
  memcpy (wav, "RIFF", 4);
  put_le (wav + 4, (guint32)(WAV_HEADER - 8 + len), 4);
  memcpy (wav + 8, "WAVEfmt ", 8);
  put_le (wav + 16, 16, 4);
  put_le (wav + 20, 1, 2); /* PCM */
  put_le (wav + 22, channels, 2);
  put_le (wav + 24, rate, 4);
  put_le (wav + 28, rate * channels * 2, 4);
  put_le (wav + 32, channels * 2, 2);
  put_le (wav + 34, 16, 2);
  memcpy (wav + 36, "data", 4);
  put_le (wav + 40, (guint32)len, 4);
  memcpy (wav + WAV_HEADER, pcm, len);
  if (cut != NULL)
    *cut = was_cut;
  return g_bytes_new_with_free_func (wav, WAV_HEADER + len, wipe_free, wav);
}
