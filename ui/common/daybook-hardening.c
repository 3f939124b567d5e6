/* daybook-hardening.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-hardening"

#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include "daybook-hardening.h"

/**
 * daybook_harden_process:
 *
 * Keeps the decrypted diary and its keys out of core files, and other
 * programs of the same user from reading this one's memory (ptrace,
 * /proc/PID/mem). Skipped inside Flatpak, where a non-dumpable process
 * cannot use the portals (the file chooser among them); the sandbox
 * keeps other programs out there.
 *
 * Returns: %TRUE if hardened, %FALSE if skipped inside Flatpak
 */
gboolean
daybook_harden_process (void)
{
  struct rlimit no_core = { 0, 0 };

  /* Mesa would otherwise keep compiled shaders under ~/.cache: no content,
   * but a trace that Daybook ran. Must be set before GTK starts. */
  g_setenv ("MESA_SHADER_CACHE_DISABLE", "true", TRUE);

  if (g_getenv ("FLATPAK_ID") != NULL || g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return FALSE;

  setrlimit (RLIMIT_CORE, &no_core);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
  return TRUE;
}
