package dev.relay.gateway.brand;

import dev.relay.gateway.domain.Brand;
import dev.relay.gateway.domain.FileTypes;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.http.Api;
import dev.relay.gateway.store.AuditStore;
import dev.relay.gateway.texts.TextCatalogue;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/admin/brand}: how the chat widget presents the company (name, colour, logo, greeting,
 * position, whether it asks the visitor's name), and {@code /chat/brand/logo}, the logo served to
 * every site that embeds the widget. A colour white text cannot be read on (below WCAG AA) is
 * refused; every refusal says what is wrong and changes nothing; every change is audited.
 */
public final class BrandRoutes {

  /** The path the widget loads the logo from; {@code ?v=} the logo's version, so caches never show an old one. */
  public static final String LOGO_PATH = "/chat/brand/logo";
  private static final Logger LOG = LoggerFactory.getLogger(BrandRoutes.class);
  /** Enough for a sharp logo at twice the header's size; the store keeps it whole. */
  static final int MAX_LOGO_BYTES = 256 * 1024;
  private static final int MAX_NAME = 60;
  private static final int MAX_GREETING = 300;
  private static final Set<String> FIELDS = Set.of("name", "colour", "greeting", "position", "askName");
  private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private final BrandBook book;
  private final AuditStore audit;
  private final Clock clock;

  public BrandRoutes(BrandBook book, AuditStore audit, Clock clock) {
    this.book = book;
    this.audit = audit;
    this.clock = clock;
  }

  /** The public logo, before {@code /api/*} (any site's visitors load it, signed in to nothing). */
  public void mountPublic(Router router) {
    router.get(LOGO_PATH).handler(this::serveLogo);
  }

  /** The logo's upload, with its own body limit: mounted before the API's smaller one. */
  public void mountUpload(Router router) {
    router.put("/api/admin/brand/logo").handler(BodyHandler.create(false).setBodyLimit(MAX_LOGO_BYTES))
        .handler(rc -> Api.respond(rc, 200, this::uploadLogo));
  }

  public void mount(Router router) {
    router.get("/api/admin/brand").handler(rc -> Api.respond(rc, 200, r -> Future.succeededFuture(view(book.current()))));
    router.put("/api/admin/brand").handler(rc -> Api.respond(rc, 200, this::save));
    router.delete("/api/admin/brand/logo").handler(rc -> Api.respond(rc, 200,
        r -> changed(r, "logo.removed", book.saveLogo(null, null))));
  }

  /** The brand as the admin page shows it: the settings, the colour's contrast, where the logo is. */
  static Map<String, Object> view(Brand brand) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", brand.name());
    view.put("colour", brand.colour());
    view.put("contrast", brand.colour() == null ? null : Contrast.ratio(brand.colour(), Contrast.WHITE));
    view.put("greeting", brand.greeting());
    view.put("position", brand.position());
    view.put("askName", brand.askName());
    view.put("logo", brand.logo() == null ? null : Map.of("type", brand.logo().type(), "size", brand.logo().size(),
        "url", logoUrl(brand.logo())));
    return view;
  }

  /** Where the widget loads {@code logo} from, relative to the gateway. */
  public static String logoUrl(Brand.Logo logo) {
    return logo == null ? null : LOGO_PATH + "?v=" + logo.version();
  }

  private Future<Map<String, Object>> save(RoutingContext rc) {
    Brand next = read(Api.body(rc));
    return changed(rc, "settings", book.save(next));
  }

  /** Every field at once (what is absent goes back to its default); all problems reported together. */
  static Brand read(JsonObject body) {
    List<String> problems = new ArrayList<>();
    body.fieldNames().stream().filter(f -> !FIELDS.contains(f)).sorted()
        .forEach(f -> problems.add(f + ": not a brand setting; expected " + String.join(", ", FIELDS.stream().sorted().toList())));
    String name = text(body, "name", "name", MAX_NAME, problems);
    String colour = colour(body.getValue("colour"), problems);
    Map<String, String> greeting = greeting(body.getValue("greeting"), problems);
    Brand.Position position = position(body.getValue("position"), problems);
    Object askName = body.getValue("askName");
    if (askName != null && !(askName instanceof Boolean)) {
      problems.add("askName: true or false");
    }
    if (!problems.isEmpty()) {
      throw RelayException.invalid(problems);
    }
    return new Brand(name, colour, greeting, position, Boolean.TRUE.equals(askName), null);
  }

  private static String text(JsonObject body, String field, String label, int max, List<String> problems) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.strip().length() > max) {
      problems.add(label + ": a text of at most " + max + " characters");
      return null;
    }
    return s.isBlank() ? null : s.strip();
  }

  private static String colour(Object value, List<String> problems) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || !Contrast.isHex(s)) {
      problems.add("colour: a colour as #rrggbb, such as #1f5fbf");
      return null;
    }
    double ratio = Contrast.ratio(s, Contrast.WHITE);
    if (ratio < Contrast.AA_TEXT) {
      problems.add("colour: white text on " + s + " has a contrast of " + ratio + ":1, below the " + Contrast.AA_TEXT
          + ":1 that WCAG AA asks for: visitors could not read the header and their own messages; choose a darker colour");
      return null;
    }
    return Contrast.normalise(s);
  }

  private static Map<String, String> greeting(Object value, List<String> problems) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject byLanguage)) {
      problems.add("greeting: an object by language, such as {\"fr\": \"Bonjour !\", \"en\": \"Hello!\"}");
      return Map.of();
    }
    Map<String, String> greeting = new LinkedHashMap<>();
    for (String tag : byLanguage.fieldNames()) {
      if (!TextCatalogue.LOCALES.contains(tag)) {
        problems.add("greeting." + tag + ": Relay speaks " + String.join(", ", TextCatalogue.LOCALES));
        continue;
      }
      String text = text(byLanguage, tag, "greeting." + tag, MAX_GREETING, problems);
      if (text != null) {
        greeting.put(tag, text);
      }
    }
    return greeting;
  }

  private static Brand.Position position(Object value, List<String> problems) {
    if (value == null) {
      return Brand.Position.RIGHT;
    }
    if (value instanceof String s && (s.equals("right") || s.equals("left"))) {
      return Brand.Position.valueOf(s.toUpperCase(Locale.ROOT));
    }
    problems.add("position: right or left (where the chat button sits on the page)");
    return null;
  }

  private Future<Map<String, Object>> uploadLogo(RoutingContext rc) {
    String declared = rc.request().getHeader("Content-Type");
    if (declared == null || !IMAGE_TYPES.contains(declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))) {
      throw RelayException.invalid(List.of("logo: send the image itself as image/png, image/jpeg, image/gif or"
          + " image/webp (SVG is not taken: it can carry scripts)"));
    }
    byte[] image = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
    String type = FileTypes.image(image).orElseThrow(() -> RelayException.invalid(List.of(
        "logo: these bytes are not a PNG, JPEG, GIF or WebP image")));
    return changed(rc, "logo", book.saveLogo(image, type));
  }

  private Future<Map<String, Object>> changed(RoutingContext rc, String what, Future<Brand> saved) {
    return saved
        .compose(brand -> audit.append(Api.actor(rc), "brand.changed", what, Map.of(), clock.instant()).map(brand))
        .onSuccess(brand -> LOG.atInfo().addKeyValue("what", what).log("widget brand changed"))
        .map(BrandRoutes::view);
  }

  private void serveLogo(RoutingContext rc) {
    Brand.Logo about = book.current().logo();
    byte[] image = book.logo().orElse(null);
    if (about == null || image == null) {
      rc.fail(404);
      return;
    }
    rc.response()
        .putHeader("Content-Type", about.type())
        // An image and nothing else, on any site that embeds the widget.
        .putHeader("Content-Security-Policy", "default-src 'none'")
        .putHeader("Cross-Origin-Resource-Policy", "cross-origin")
        .putHeader("Cache-Control", "public, max-age=86400")
        .end(io.vertx.core.buffer.Buffer.buffer(image));
  }
}
