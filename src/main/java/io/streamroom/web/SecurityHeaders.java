package io.streamroom.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.XFrameHandler;

/**
 * Headers that tell browsers to trust nothing but our own files: every answer (page, API, video) gets them.
 * The page is ES modules and a stylesheet from this server with no inline script or style; the only
 * other sources it uses are blob: pictures (live frames) and recordings, data: images (the favicon, video
 * posters) and WebSockets to this host.
 */
final class SecurityHeaders {
  /** What the page may load; anything else is refused by the browser and reported as a violation. */
  static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' blob: data:",
      "media-src 'self' blob:", // decrypted voice and video messages, and a recording played back before it is sent
      "connect-src 'self'", // includes ws:// and wss:// to this host
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'");

  private SecurityHeaders() {}

  static void install(Router router) {
    CSPHandler csp = CSPHandler.create();
    for (String directive : CONTENT_SECURITY_POLICY.split("; ")) {
      int space = directive.indexOf(' ');
      csp.setDirective(directive.substring(0, space), directive.substring(space + 1));
    }
    router.route().handler(csp);
    router.route().handler(XFrameHandler.create(XFrameHandler.DENY));
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    });
  }
}
