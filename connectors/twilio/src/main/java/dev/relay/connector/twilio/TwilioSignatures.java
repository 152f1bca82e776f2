package dev.relay.connector.twilio;

import dev.relay.connector.spi.ChannelMetrics;
import dev.relay.connector.spi.RejectReason;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Twilio webhook must carry Twilio's signature over our public URL (as Twilio called it) and
 * its parameters, checked as Twilio's own libraries check it (twilio-node, twilio-python,
 * twilio-java): {@code base64(HMAC(auth token, URL + for each parameter name, sorted, each of its
 * distinct values, sorted: name + value))}, HMAC-SHA1 as Twilio signs today or HMAC-SHA256; the URL
 * with and without its default port (Twilio is not consistent); a JSON body is signed through the
 * {@code bodySHA256} query parameter (the hex SHA-256 of the raw body) instead of parameters.
 * Unsigned or wrongly signed → 403, and the handler never runs.
 */
final class TwilioSignatures {

  private static final Logger LOG = LoggerFactory.getLogger(TwilioSignatures.class);
  private static final List<String> ALGORITHMS = List.of("HmacSHA1", "HmacSHA256");

  private final TwilioOptions options;
  private final byte[] token;
  private final ChannelMetrics metrics;

  TwilioSignatures(TwilioOptions options, ChannelMetrics metrics) {
    this.options = options;
    this.metrics = metrics;
    this.token = options.authToken().getBytes(StandardCharsets.UTF_8);
  }

  void signed(RoutingContext rc, Consumer<RoutingContext> next) {
    String signature = rc.request().getHeader("X-Twilio-Signature");
    String url = options.publicUrl() + rc.request().uri();
    if (signature == null || !valid(url, signature, rc.request().formAttributes(), rc.request().getHeader("Content-Type"),
        rc.body() == null ? null : rc.body().asString())) {
      metrics.rejected(RejectReason.BAD_SIGNATURE);
      LOG.atWarn().addKeyValue("path", rc.request().path()).log("Twilio webhook refused: missing or wrong signature");
      fail(rc, 403, "forbidden", "missing or wrong X-Twilio-Signature");
      return;
    }
    next.accept(rc);
  }

  /** Whether {@code signature} is Twilio's for this request: its URL, and its form or its JSON body. */
  boolean valid(String url, String signature, MultiMap form, String contentType, String body) {
    String bodyHash = queryValue(url, "bodySHA256");
    boolean json = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    if (bodyHash != null && json) {
      if (body == null || !equal(HexFormat.of().formatHex(sha256(body)), bodyHash.toLowerCase(java.util.Locale.ROOT))) {
        return false;
      }
      form = MultiMap.caseInsensitiveMultiMap();
    }
    for (String candidate : urls(url)) {
      String data = candidate + parameters(form);
      for (String algorithm : ALGORITHMS) {
        if (equal(sign(algorithm, data), signature)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Each name, sorted, with each of its distinct values, sorted: what Twilio appends to the URL. */
  static String parameters(MultiMap form) {
    StringBuilder data = new StringBuilder();
    Set<String> names = new TreeSet<>(form.names());
    for (String name : names) {
      for (String value : new TreeSet<>(form.getAll(name))) {
        data.append(name).append(value);
      }
    }
    return data.toString();
  }

  /** The URL as called, and with its default port added or removed. */
  private static Set<String> urls(String url) {
    Set<String> urls = new LinkedHashSet<>();
    urls.add(url);
    try {
      URI uri = new URI(url);
      int standard = "https".equals(uri.getScheme()) ? 443 : 80;
      String authority = uri.getRawAuthority();
      String host = uri.getPort() < 0 ? authority : authority.substring(0, authority.lastIndexOf(':'));
      String rest = url.substring(url.indexOf(authority) + authority.length());
      urls.add(uri.getScheme() + "://" + host + rest);
      urls.add(uri.getScheme() + "://" + host + ":" + (uri.getPort() < 0 ? standard : uri.getPort()) + rest);
    } catch (URISyntaxException | RuntimeException e) {
      // not a URL we can vary: the one as called is checked
    }
    return urls;
  }

  private static String queryValue(String url, String name) {
    int query = url.indexOf('?');
    if (query < 0) {
      return null;
    }
    for (String pair : url.substring(query + 1).split("&")) {
      if (pair.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private String sign(String algorithm, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(token, algorithm));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant time, so a forger learns nothing from how long a wrong signature takes. */
  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static void fail(RoutingContext rc, int status, String code, String message) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"details\":[]}}");
  }
}
