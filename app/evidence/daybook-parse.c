/* daybook-parse.c — the helper that parses evidence from outside
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-parse"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <seccomp.h>
#include <glib.h>

#include "daybook-metadata.h"
#include "daybook-parse-helper.h"
#include "daybook-parse-protocol.h"
#include "daybook-thumbnail.h"

/*
 * `daybook-parse MODE [MEDIA-TYPE]`: reads a file's bytes on stdin, parses
 * them with exiv2, GMime or gdk-pixbuf and writes one reply on stdout
 * (daybook-parse-protocol.h). Daybook starts it for every file from outside
 * (daybook-parse-client.c) so that a crafted image or e-mail that takes over
 * a parser finds itself in a process without the diary's keys, without its
 * files and without a way out:
 *
 * - started with an empty environment and no open file but stdin, stdout
 *   and stderr (it closes any other before reading);
 * - under bubblewrap when it works (new namespaces for everything, network
 *   included; /usr read-only and nothing else of the file system);
 * - in any case: no new privileges, not dumpable, no core, limits on CPU
 *   time, memory and file size, and, before the first byte is parsed, a
 *   seccomp filter that refuses opening files for writing, every change to
 *   the file system, sockets, executing programs, ptrace and signals to
 *   other processes.
 *
 * DAYBOOK_PARSE_TEST (set only by the tests, through the parent) makes it
 * crash, hang or lie after the filter is in place, or try what the filter
 * forbids and report the errno, so the tests attack the real thing.
 */

#if defined(__SANITIZE_ADDRESS__)
#define DAYBOOK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DAYBOOK_SANITIZED 1
#endif
#endif

#ifdef DAYBOOK_SANITIZED
/* LeakSanitizer stops the world with ptrace, which the filter refuses. */
const char *__asan_default_options (void);
const char *
__asan_default_options (void)
{
  return "detect_leaks=0:abort_on_error=1";
}
#endif

#define CPU_SECONDS 30
#define ADDRESS_SPACE (2048ul * 1024 * 1024)

static char fds_at_start[256];

/* The descriptors it was started with, before it closes any: what the
 * parent let through. */
static void
note_open_fds (void)
{
  DIR *dir = opendir ("/proc/self/fd");
  GString *list = g_string_new (NULL);
  struct dirent *entry;

  if (dir == NULL)
    g_string_append (list, "unknown");
  while (dir != NULL && (entry = readdir (dir)) != NULL)
    {
      if (entry->d_name[0] == '.' || atoi (entry->d_name) == dirfd (dir))
        continue;
      g_string_append_printf (list, "%s%s", list->len > 0 ? "," : "", entry->d_name);
    }
  if (dir != NULL)
    closedir (dir);
  g_strlcpy (fds_at_start, list->str, sizeof fds_at_start);
  g_string_free (list, TRUE);
}

static void
close_other_fds (void)
{
  if (syscall (SYS_close_range, 3u, ~0u, 0u) != 0)
    for (int fd = 3; fd < 65536; fd++)
      close (fd);
}

static void
limit (int resource, rlim_t value)
{
  struct rlimit rl = { value, value };

  setrlimit (resource, &rl);
}

/* Run as root (or with file capabilities), it keeps none: without
 * CAP_SYS_PTRACE it cannot read a not-dumpable Daybook's memory through
 * /proc, without CAP_DAC_OVERRIDE no file the owner could not. */
static void
drop_capabilities (void)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2] = { { 0 } };

  for (int cap = 0; cap < 64; cap++)
    prctl (PR_CAPBSET_DROP, cap, 0, 0, 0);
  prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  syscall (SYS_capset, &header, data);
}

static void
limit_self (rlim_t cpu_seconds)
{
  drop_capabilities ();
  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
  limit (RLIMIT_CORE, 0);
  limit (RLIMIT_CPU, cpu_seconds);
  limit (RLIMIT_FSIZE, 0);
#ifndef DAYBOOK_SANITIZED
  /* AddressSanitizer reserves terabytes of shadow memory. */
  limit (RLIMIT_AS, ADDRESS_SPACE);
#endif
}

static gboolean
deny (scmp_filter_ctx ctx, int err, int syscall)
{
  /* A system call this architecture lacks (-EDOM..) is not an error. */
  int rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (err), syscall, 0);

  return rc == 0 || syscall < 0;
}

/* Everything not listed stays allowed: exiv2, GMime, gdk-pixbuf's loaders
 * and the sanitizers need memory, threads, reading their own modules. */
static gboolean
load_filter (void)
{
  static const int denied[] = {
    /* no network, no other way out */
    SCMP_SYS (socket),
    SCMP_SYS (socketpair),
    SCMP_SYS (connect),
    SCMP_SYS (bind),
    SCMP_SYS (listen),
    SCMP_SYS (accept),
    SCMP_SYS (accept4),
    SCMP_SYS (sendto),
    SCMP_SYS (sendmsg),
    SCMP_SYS (sendmmsg),
    /* no other program, no other process */
    SCMP_SYS (execve),
    SCMP_SYS (execveat),
    SCMP_SYS (ptrace),
    SCMP_SYS (process_vm_readv),
    SCMP_SYS (process_vm_writev),
    SCMP_SYS (pidfd_open),
    SCMP_SYS (pidfd_getfd),
    SCMP_SYS (pidfd_send_signal),
    SCMP_SYS (tkill),
    SCMP_SYS (kcmp),
    /* no change to any file */
    SCMP_SYS (creat),
    SCMP_SYS (truncate),
    SCMP_SYS (unlink),
    SCMP_SYS (unlinkat),
    SCMP_SYS (rename),
    SCMP_SYS (renameat),
    SCMP_SYS (renameat2),
    SCMP_SYS (mkdir),
    SCMP_SYS (mkdirat),
    SCMP_SYS (rmdir),
    SCMP_SYS (link),
    SCMP_SYS (linkat),
    SCMP_SYS (symlink),
    SCMP_SYS (symlinkat),
    SCMP_SYS (chmod),
    SCMP_SYS (fchmod),
    SCMP_SYS (fchmodat),
    SCMP_SYS (chown),
    SCMP_SYS (fchown),
    SCMP_SYS (lchown),
    SCMP_SYS (fchownat),
    SCMP_SYS (mknod),
    SCMP_SYS (mknodat),
    SCMP_SYS (utime),
    SCMP_SYS (utimes),
    SCMP_SYS (utimensat),
    SCMP_SYS (futimesat),
    SCMP_SYS (setxattr),
    SCMP_SYS (lsetxattr),
    SCMP_SYS (fsetxattr),
    SCMP_SYS (removexattr),
    SCMP_SYS (lremovexattr),
    SCMP_SYS (fremovexattr),
    SCMP_SYS (name_to_handle_at),
    SCMP_SYS (open_by_handle_at),
    /* no new view of the system */
    SCMP_SYS (mount),
    SCMP_SYS (umount2),
    SCMP_SYS (pivot_root),
    SCMP_SYS (chroot),
    SCMP_SYS (unshare),
    SCMP_SYS (setns),
    SCMP_SYS (open_tree),
    SCMP_SYS (move_mount),
    SCMP_SYS (fsopen),
    SCMP_SYS (fsconfig),
    SCMP_SYS (fsmount),
    SCMP_SYS (fspick),
    /* no kernel surface a parser never needs */
    SCMP_SYS (bpf),
    SCMP_SYS (perf_event_open),
    SCMP_SYS (userfaultfd),
    SCMP_SYS (keyctl),
    SCMP_SYS (add_key),
    SCMP_SYS (request_key),
    SCMP_SYS (io_uring_setup),
    SCMP_SYS (io_uring_enter),
    SCMP_SYS (io_uring_register),
    SCMP_SYS (init_module),
    SCMP_SYS (finit_module),
    SCMP_SYS (delete_module),
    SCMP_SYS (kexec_load),
    SCMP_SYS (kexec_file_load),
    SCMP_SYS (reboot),
    SCMP_SYS (swapon),
    SCMP_SYS (swapoff),
    SCMP_SYS (acct),
    SCMP_SYS (quotactl),
    SCMP_SYS (personality),
    SCMP_SYS (memfd_create),
  };
  static const int opens[][2] = { { SCMP_SYS (open), 1 }, { SCMP_SYS (openat), 2 } };
  static const unsigned int write_flags[] = { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND };
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  gboolean ok = ctx != NULL;
  pid_t self = getpid ();

  for (gsize i = 0; ok && i < G_N_ELEMENTS (denied); i++)
    ok = deny (ctx, EPERM, denied[i]);
  /* open() and openat() only to read; openat2() hides its flags in memory
   * the filter cannot see, and the C library falls back to openat(). */
  for (gsize i = 0; ok && i < G_N_ELEMENTS (opens); i++)
    for (gsize j = 0; ok && j < G_N_ELEMENTS (write_flags); j++)
      {
        struct scmp_arg_cmp cmp
            = { opens[i][1], SCMP_CMP_MASKED_EQ, write_flags[j], write_flags[j] };

        if (write_flags[j] == O_WRONLY || write_flags[j] == O_RDWR)
          cmp = (struct scmp_arg_cmp){ opens[i][1], SCMP_CMP_MASKED_EQ, O_ACCMODE, write_flags[j] };
        ok = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), opens[i][0], 1, cmp) == 0;
      }
  ok = ok && seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (openat2), 0) == 0;
  /* Signals only to itself (abort() is tgkill to itself). */
  ok = ok
       && seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (kill), 1,
                            SCMP_A0 (SCMP_CMP_NE, (scmp_datum_t)self))
              == 0
       && seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (tgkill), 1,
                            SCMP_A0 (SCMP_CMP_NE, (scmp_datum_t)self))
              == 0;
  /* No typing into a terminal it might share. */
  ok = ok
       && seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (ioctl), 1,
                            SCMP_A1 (SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCSTI))
              == 0;
  ok = ok && seccomp_load (ctx) == 0;
  if (ctx != NULL)
    seccomp_release (ctx);
  return ok;
}

/* ---- replies ---------------------------------------------------------------- */

gboolean
_daybook_parse_write_all (int fd, const void *data, gsize len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
reply (GVariant *value)
{
  g_autoptr (GVariant) owned = g_variant_ref_sink (value);
  guint8 header[8];
  gsize size = g_variant_get_size (owned);
  g_autofree guint8 *data = g_malloc (MAX (size, 1));

  g_variant_store (owned, data);
  memcpy (header, DAYBOOK_PARSE_MAGIC, 4);
  header[4] = size >> 24;
  header[5] = size >> 16;
  header[6] = size >> 8;
  header[7] = size;
  return _daybook_parse_write_all (STDOUT_FILENO, header, sizeof header)
         && _daybook_parse_write_all (STDOUT_FILENO, data, size);
}

/* (uubay): width, height, has alpha, rows packed without padding. */
static GVariant *
pixels_variant (GdkPixbuf *pixbuf)
{
  int width, height, channels, stride;
  const guint8 *pixels;
  guint8 *packed;
  gsize row;

  if (pixbuf == NULL || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8
      || gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB)
    return g_variant_new ("(uub@ay)", 0, 0, FALSE,
                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, NULL, 0, 1));
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  row = (gsize)width * channels;
  packed = g_malloc (row * height);
  for (int y = 0; y < height; y++)
    memcpy (packed + y * row, pixels + (gsize)y * stride, row);
  return g_variant_new ("(uub@ay)", width, height, gdk_pixbuf_get_has_alpha (pixbuf),
                        g_variant_new_from_data (G_VARIANT_TYPE_BYTESTRING, packed, row * height,
                                                 TRUE, g_free, packed));
}

static GVariant *
metadata_variant (DaybookParsed *parsed)
{
  GVariantBuilder strings, numbers;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gint32 orientation = 1;

  g_variant_builder_init (&strings, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_init (&numbers, G_VARIANT_TYPE ("a{sd}"));
  json_object_iter_init (&iter, parsed->metadata);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (g_str_equal (name, "orientation"))
        orientation = (gint32)json_node_get_int (node);
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_variant_builder_add (&strings, "{ss}", name, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        g_variant_builder_add (&numbers, "{sd}", name, json_node_get_double (node));
    }
  return g_variant_new ("(xssa{ss}a{sd}i@(uubay))", parsed->taken_at,
                        parsed->exif_time != NULL ? parsed->exif_time : "",
                        parsed->exif_offset != NULL ? parsed->exif_offset : "", &strings, &numbers,
                        orientation, pixels_variant (parsed->thumbnail));
}

/* ---- the attacks the tests make ------------------------------------------- */

static char *
try_forbidden (const char *what)
{
  int fd = -1;
  int err = 0;

  if (g_str_equal (what, "write"))
    {
      /* Somewhere that is writable without the sandbox: the temporary folder. */
      fd = open ("/tmp/daybook-parse-escape", O_WRONLY | O_CREAT | O_TRUNC, 0600);
      err = errno;
      if (fd >= 0)
        unlink ("/tmp/daybook-parse-escape");
    }
  else if (g_str_equal (what, "read-write"))
    {
      fd = open ("/dev/null", O_RDWR);
      err = errno;
    }
  else if (g_str_equal (what, "socket"))
    {
      fd = socket (AF_INET, SOCK_STREAM, 0);
      err = errno;
    }
  else if (g_str_equal (what, "unix-socket"))
    {
      fd = socket (AF_UNIX, SOCK_STREAM, 0);
      err = errno;
    }
  else if (g_str_equal (what, "exec"))
    {
      char *argv[] = { (char *)"/bin/true", NULL };
      char *envp[] = { NULL };

      execve (argv[0], argv, envp);
      err = errno;
    }
  else if (g_str_equal (what, "kill-parent"))
    {
      fd = kill (getppid (), 0);
      err = errno;
    }
  else if (g_str_equal (what, "ptrace"))
    {
      fd = (int)syscall (SYS_ptrace, 16 /* PTRACE_ATTACH */, getppid (), 0, 0);
      err = errno;
    }
  else if (g_str_has_prefix (what, "mem-"))
    {
      /* Daybook's memory, keys and all, as /proc shows it. */
      g_autofree char *path = g_strdup_printf ("/proc/%d/mem", atoi (what + 4));

      fd = open (path, O_RDONLY);
      err = errno;
    }
  else if (g_str_equal (what, "fds"))
    return g_strdup_printf ("fds %s", fds_at_start);
  else
    return g_strdup ("unknown");

  if (fd >= 0)
    return g_strdup ("allowed");
  return g_strdup_printf ("errno %d", err);
}

static void
act_out (const char *test)
{
  if (test == NULL)
    return;
  if (g_str_equal (test, "abort"))
    abort ();
  if (g_str_equal (test, "segv"))
    raise (SIGSEGV);
  if (g_str_equal (test, "hang"))
    for (;;)
      pause ();
  if (g_str_equal (test, "spin"))
    for (volatile guint64 i = 0;; i++)
      ;
  if (g_str_equal (test, "garbage"))
    {
      static const char junk[] = "DBP1\xff\xff\xff\xf0 not what was asked";

      _daybook_parse_write_all (STDOUT_FILENO, junk, sizeof junk - 1);
      exit (0);
    }
  if (g_str_equal (test, "flood"))
    {
      static guint8 block[65536];

      memset (block, 'x', sizeof block);
      while (_daybook_parse_write_all (STDOUT_FILENO, block, sizeof block))
        ;
      exit (0);
    }
  if (g_str_equal (test, "silent"))
    exit (0);
}

/* ---- main ------------------------------------------------------------------- */

static GBytes *
read_stdin (gsize max)
{
  GByteArray *buf = g_byte_array_new ();
  guint8 chunk[65536];
  ssize_t n;

  while ((n = read (STDIN_FILENO, chunk, sizeof chunk)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || buf->len + (gsize)n > max)
        {
          g_byte_array_unref (buf);
          return NULL;
        }
      g_byte_array_append (buf, chunk, n);
    }
  return g_byte_array_free_to_bytes (buf);
}

/**
 * _daybook_parse_main:
 * @extra: (nullable): a mode a higher layer adds (the importers' parsers):
 *   it runs confined like the others, its filter loaded, stdin not read
 *
 * The helper's main(): confines itself, then runs the mode argv[1] names.
 *
 * Returns: the exit status
 */
int
_daybook_parse_main (int argc, char **argv, const DaybookParseMode *extra)
{
  const char *mode = argc > 1 ? argv[1] : "";
  const char *media_type = argc > 2 ? argv[2] : "";
  const char *test = g_getenv ("DAYBOOK_PARSE_TEST");
  g_autoptr (GBytes) bytes = NULL;
  gboolean ok = FALSE;

  note_open_fds ();
  close_other_fds ();
  if (extra != NULL && g_str_equal (mode, extra->name))
    {
      /* Its input may be hundreds of megabytes: the mode reads it as it
       * goes, after the filter is in place. */
      limit_self (extra->cpu_seconds);
      if (!load_filter ())
        return 2;
      act_out (test);
      return extra->run (argc - 2, argv + 2);
    }
  limit_self (CPU_SECONDS);
  _daybook_metadata_init ();
  /* Reads the loaders' list now; a loader itself is opened read-only later. */
  g_slist_free (gdk_pixbuf_get_formats ());

  bytes = read_stdin (g_str_equal (mode, "image") ? DAYBOOK_PARSE_MAX_IMAGE_INPUT
                                                  : DAYBOOK_PARSE_MAX_INPUT);
  if (bytes == NULL || !load_filter ())
    return 2;
  act_out (test);

  if (g_str_equal (mode, "probe"))
    ok = reply (g_variant_new_string ("ok"));
  else if (g_str_equal (mode, "try"))
    {
      g_autofree char *text = try_forbidden (media_type);

      ok = reply (g_variant_new_string (text));
    }
  else if (g_str_equal (mode, "metadata"))
    {
      g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
      g_auto (DaybookParsed) parsed = { 0 };

      _daybook_extract_metadata_from_stream (stream, media_type, g_bytes_get_size (bytes), &parsed);
      ok = reply (metadata_variant (&parsed));
    }
  else if (g_str_equal (mode, "image"))
    {
      g_autoptr (GdkPixbuf) pixbuf = _daybook_decode_image (bytes, DAYBOOK_PARSE_MAX_PIXELS);

      ok = reply (pixels_variant (pixbuf));
    }
  return ok ? 0 : 1;
}
