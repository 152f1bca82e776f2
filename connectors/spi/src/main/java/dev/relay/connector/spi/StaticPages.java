package dev.relay.connector.spi;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/** Serves a folder of pages from the classpath under a path, with the security headers every Relay page has. */
public final class StaticPages {

  /**
   * Same-origin only: pages talk to their own gateway; no inline scripts or styles; not framable.
   * {@code blob:} images: the widget previews a picture the visitor is sending from the file itself.
   */
  public static final String CONTENT_POLICY =
      "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; frame-ancestors 'none'";

  private StaticPages() {
  }

  /** Serves classpath folder {@code root} at {@code /<root>/}, and redirects {@code /<root>} there. */
  public static void mount(Router router, String root) {
    String base = "/" + root;
    // Vert.x matches "/x" for "/x/" too: redirect only the bare path, or the page would loop.
    router.get(base).handler(rc -> {
      if (base.equals(rc.request().path())) {
        rc.redirect(base + "/");
      } else {
        rc.next();
      }
    });
    router.get(base + "/*")
        .handler(rc -> {
          rc.response().putHeader("Content-Security-Policy", CONTENT_POLICY)
              .putHeader("X-Content-Type-Options", "nosniff")
              .putHeader("Referrer-Policy", "no-referrer");
          rc.next();
        })
        .handler(StaticHandler.create(root).setCachingEnabled(false));
  }
}
