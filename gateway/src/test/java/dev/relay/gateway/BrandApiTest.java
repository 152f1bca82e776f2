package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.ChatVisitor;
import dev.relay.gateway.support.GatewayTestCase;
import dev.relay.gateway.support.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Admins give the chat widget the company's look through {@code /api/admin/brand}; what a site's
 * widget reads ({@code /chat/texts}) and the logo it shows ({@code /chat/brand/logo}) follow. Bad
 * input is refused with what is wrong (422) and changes nothing.
 */
class BrandApiTest extends GatewayTestCase {

  static final String ADMIN = TestGateway.ADMIN_TOKEN;
  static final JsonObject BOULANGERIE = new JsonObject()
      .put("name", "Boulangerie Martin")
      .put("colour", "#7A1F3D")
      .put("greeting", new JsonObject().put("fr", "Bonjour\u202f! Une question sur votre commande\u202f?")
          .put("fr-CA", "Bonjour! Une question sur votre commande?").put("en", "Hello! A question about your order?"))
      .put("position", "left")
      .put("askName", true);

  /** A small PNG logo, as an admin would upload one: a burgundy square with a white croissant-ish disc. */
  static byte[] png() {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x7a1f3d));
    g.fillRect(0, 0, 64, 64);
    g.setColor(Color.WHITE);
    g.fillOval(12, 12, 40, 40);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  HttpResponse<Buffer> put(JsonObject brand) {
    return gateway.request(HttpMethod.PUT, "/api/admin/brand", ADMIN, brand);
  }

  HttpResponse<Buffer> upload(byte[] bytes, String type) {
    return gateway.request(HttpMethod.PUT, "/api/admin/brand/logo", ADMIN, Buffer.buffer(bytes), Map.of("Content-Type", type));
  }

  JsonObject widget(String locale) {
    return new JsonObject(gateway.request(HttpMethod.GET, "/chat/texts?locale=" + locale, null, null).bodyAsString());
  }

  @Test
  void aBrandSavedByAnAdminIsWhatTheWidgetReadsInTheVisitorsLanguage() {
    JsonObject saved = TestGateway.ok(put(BOULANGERIE), 200);
    assertEquals("#7a1f3d", saved.getString("colour"));
    assertEquals(10.04, saved.getDouble("contrast"), 0.001, "white on burgundy: the ratio the admin page shows");

    JsonObject quebec = widget("fr-CA").getJsonObject("brand");
    assertEquals("Boulangerie Martin", quebec.getString("name"));
    assertEquals("#7a1f3d", quebec.getString("colour"));
    assertEquals("Bonjour! Une question sur votre commande?", quebec.getString("greeting"));
    assertEquals("left", quebec.getString("position"));
    assertTrue(quebec.getBoolean("askName"));
    assertEquals("Bonjour\u202f! Une question sur votre commande\u202f?", widget("fr-FR").getJsonObject("brand").getString("greeting"));
    assertEquals(4000, widget("en").getJsonObject("limits").getInteger("maxTextLength"), "the widget counts against the real limit");
    assertEquals("brand.changed", gateway.get("/api/admin/audit", ADMIN).getJsonArray("items").getJsonObject(0).getString("action"));

    gateway.restart();
    assertEquals("Boulangerie Martin", widget("fr").getJsonObject("brand").getString("name"), "kept in the store");
  }

  @Test
  void withoutABrandTheWidgetGreetsInItsOwnWords() {
    JsonObject brand = widget("fr-FR").getJsonObject("brand");
    assertNull(brand.getString("name"));
    assertEquals("Bonjour\u202f! Posez-nous vos questions\u00a0: nous vous répondons ici.", brand.getString("greeting"));
    assertEquals("right", brand.getString("position"));
    assertNull(brand.getString("logo"));
  }

  @Test
  void aColourWhiteTextCannotBeReadOnIsRefusedAndNothingChanges() {
    TestGateway.ok(put(BOULANGERIE), 200);
    // Mustard yellow: 1.84:1 with white. Visitors could not read the header.
    HttpResponse<Buffer> refused = put(BOULANGERIE.copy().put("colour", "#f5b400").put("name", "Autre nom"));
    assertEquals(422, refused.statusCode());
    String details = refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").encode();
    assertTrue(details.contains("colour: white text on #f5b400 has a contrast of 1.84:1"), details);
    assertTrue(details.contains("4.5:1"), details);
    assertEquals("Boulangerie Martin", widget("fr").getJsonObject("brand").getString("name"), "nothing of it was saved");
    assertEquals("#7a1f3d", gateway.get("/api/admin/brand", ADMIN).getString("colour"));
  }

  @Test
  void everyProblemOfABadBrandIsSaidAtOnce() {
    HttpResponse<Buffer> refused = put(new JsonObject()
        .put("name", "x".repeat(61))
        .put("colour", "bordeaux")
        .put("greeting", new JsonObject().put("de", "Hallo").put("fr", "é".repeat(301)))
        .put("position", "top")
        .put("askName", "oui")
        .put("font", "Comic Sans"));
    assertEquals(422, refused.statusCode());
    List<Object> details = refused.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").getList();
    assertEquals(List.of(
        "font: not a brand setting; expected askName, colour, greeting, name, position",
        "name: a text of at most 60 characters",
        "colour: a colour as #rrggbb, such as #1f5fbf",
        "greeting.de: Relay speaks en, fr, fr-CA",
        "greeting.fr: a text of at most 300 characters",
        "position: right or left (where the chat button sits on the page)",
        "askName: true or false"), details);
    assertEquals(400, gateway.request(HttpMethod.PUT, "/api/admin/brand", ADMIN, "{not json").statusCode());
    assertNull(gateway.get("/api/admin/brand", ADMIN).getString("name"), "nothing changed");
  }

  @Test
  void theLogoIsAnImageServedToEverySiteAndAnythingElseIsRefused() {
    byte[] logo = png();
    JsonObject saved = TestGateway.ok(upload(logo, "image/png"), 200);
    String url = saved.getJsonObject("logo").getString("url");
    assertTrue(url.startsWith("/chat/brand/logo?v="), url);
    assertEquals(url, widget("fr").getJsonObject("brand").getString("logo"));

    HttpResponse<Buffer> served = gateway.request(HttpMethod.GET, url, null, null);
    assertEquals(200, served.statusCode());
    assertEquals("image/png", served.getHeader("Content-Type"));
    assertEquals("nosniff", served.getHeader("X-Content-Type-Options"));
    assertEquals("default-src 'none'", served.getHeader("Content-Security-Policy"));
    assertEquals("cross-origin", served.getHeader("Cross-Origin-Resource-Policy"), "sites on other origins show it");
    assertArrayEquals(logo, served.body().getBytes());

    String svg = "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
    HttpResponse<Buffer> script = upload(svg.getBytes(StandardCharsets.UTF_8), "image/svg+xml");
    assertEquals(422, script.statusCode());
    assertTrue(script.bodyAsString().contains("SVG is not taken"), script.bodyAsString());
    HttpResponse<Buffer> disguised = upload(svg.getBytes(StandardCharsets.UTF_8), "image/png");
    assertEquals(422, disguised.statusCode());
    assertTrue(disguised.bodyAsString().contains("not a PNG, JPEG, GIF or WebP image"), disguised.bodyAsString());
    byte[] huge = new byte[300 * 1024];
    System.arraycopy(logo, 0, huge, 0, logo.length);
    assertEquals(413, upload(huge, "image/png").statusCode(), "over 256 KB");
    assertEquals(401, gateway.request(HttpMethod.PUT, "/api/admin/brand/logo", null, Buffer.buffer(logo),
        Map.of("Content-Type", "image/png")).statusCode());
    assertArrayEquals(logo, gateway.request(HttpMethod.GET, url, null, null).body().getBytes(), "the logo is still the PNG");

    TestGateway.ok(gateway.request(HttpMethod.DELETE, "/api/admin/brand/logo", ADMIN, null), 200);
    assertEquals(404, gateway.request(HttpMethod.GET, url, null, null).statusCode());
    assertNull(widget("fr").getJsonObject("brand").getString("logo"));
  }

  @Test
  void theSurveyComesWithItsScoresForTheWidgetToOfferAsButtons() {
    String kristin = gateway.onlineAgent("Kristin Lavransdatter", "kristin@acme.test");
    try (ChatVisitor ann = gateway.newVisitor()) {
      String conversation = ann.say("Mon colis est en retard").getString("conversationId");
      gateway.post("/api/conversations/" + conversation + "/resolve", kristin, null, 200);
      JsonObject survey = ann.socket.next(f -> "notice".equals(f.getString("type")) && f.containsKey("survey"), "the survey");
      assertEquals(new JsonObject().put("min", 1).put("max", 5), survey.getJsonObject("survey"));
      assertTrue(survey.getString("text").contains("une note de 1 (mauvais) à 5 (excellent)"), "the text still says how to answer by writing");
    }
  }
}
