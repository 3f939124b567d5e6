/* daybook-renderer.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <string.h>

#include "daybook-renderer.h"

/*
 * Which of GTK's renderers draws the window.
 *
 * GTK 4.8 draws with OpenGL whenever it can, even when OpenGL is only
 * Mesa's software rasteriser (llvmpipe: no graphics driver, a virtual
 * machine, Xvfb). There the GL renderer is no faster than cairo, and
 * the shaders LLVM compiles for it keep some 100 MB of the heap for as
 * long as the window lives (measured with heaptrack: 97 MB from Mesa's
 * llvmpipe, of a 124 MB peak). So with software OpenGL, Daybook draws
 * with cairo; with a real driver, GTK's own choice stands.
 *
 * Someone who chose a renderer (GSK_RENDERER) keeps it. One who chose
 * cairo does not need OpenGL at all: GDK is told not to load it
 * (GDK_DEBUG=gl-disable), which spares Mesa and LLVM's libraries, some
 * 50 MB more.
 */

/**
 * daybook_renderer_prepare:
 *
 * Before gtk_init(): when GSK_RENDERER=cairo was chosen, OpenGL is not
 * loaded at all.
 */
void
daybook_renderer_prepare (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");
  const char *debug = g_getenv ("GDK_DEBUG");
  g_autofree char *flags = NULL;

  if (g_strcmp0 (renderer, "cairo") != 0)
    return;
  if (debug != NULL && strstr (debug, "gl-disable") != NULL)
    return;
  flags = debug != NULL && *debug ? g_strconcat (debug, ",gl-disable", NULL)
                                  : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", flags, TRUE);
}

static gboolean
is_software (const char *renderer)
{
  return renderer != NULL
         && (strstr (renderer, "llvmpipe") != NULL || strstr (renderer, "softpipe") != NULL
             || strstr (renderer, "swrast") != NULL || strstr (renderer, "SWR") != NULL);
}

/**
 * daybook_renderer_choose:
 * @display: the display, before any window is shown on it
 *
 * With software OpenGL and no renderer chosen by the user, windows draw
 * with cairo (GSK_RENDERER, which GTK reads when it draws the first
 * window).
 *
 * Returns: the OpenGL renderer's name, "none" without OpenGL, or
 *   "chosen" when GSK_RENDERER was set already
 */
const char *
daybook_renderer_choose (GdkDisplay *display)
{
  static char name[128];
  g_autoptr (GdkGLContext) context = NULL;
  g_autoptr (GError) error = NULL;
  const char *renderer;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  if (g_getenv ("GSK_RENDERER") != NULL && *g_getenv ("GSK_RENDERER"))
    return "chosen";
  if (!gdk_display_prepare_gl (display, &error)
      || (context = gdk_display_create_gl_context (display, &error)) == NULL
      || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No OpenGL: %s", error != NULL ? error->message : "");
      return "none"; /* GTK draws with cairo by itself */
    }
  gdk_gl_context_make_current (context);
  renderer = (const char *)glGetString (GL_RENDERER);
  g_strlcpy (name, renderer != NULL ? renderer : "", sizeof name);
  gdk_gl_context_clear_current ();

  if (is_software (name))
    {
      g_debug ("Software OpenGL (%s): drawing with cairo", name);
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
    }
  return name;
}
