package dev.relay.gateway.outbound;

import dev.relay.gateway.domain.Message;
import dev.relay.gateway.domain.RelayException;
import dev.relay.gateway.store.AttachmentStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Links to the files agents send where the channel hands over a link (web chat, MMS): {@code
 * <public URL>/files/<token>/<name>}, the token the attachment's id, type and expiry signed with
 * HMAC-SHA256 (the customer and Twilio have no session: the link is the permission). Served always
 * as a download, never rendered (same headers as an agent's download); a changed or expired token
 * is a 404, like an unknown one.
 */
public final class FileLinks {

  /** How long a link works: the customer may open an old chat later; the retention of attachments still applies. */
  static final Duration LIFETIME = Duration.ofDays(30);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

  private final byte[] key;
  private final String publicUrl;
  private final AttachmentStore files;
  private final Clock clock;

  /** @param publicUrl how customers reach the gateway (sms.publicUrl), or blank: then no links */
  public FileLinks(byte[] key, String publicUrl, AttachmentStore files, Clock clock) {
    this.key = key.clone();
    this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
    this.files = files;
    this.clock = clock;
  }

  public boolean available() {
    return publicUrl != null;
  }

  /** The link to {@code file}, working for {@link #LIFETIME} from {@code sentAt}; null without a public URL. */
  public String link(Message.Attachment file, Instant sentAt) {
    if (publicUrl == null) {
      return null;
    }
    long until = sentAt.plus(LIFETIME).getEpochSecond();
    String payload = file.id() + "|" + until + "|" + file.contentType();
    String token = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(mac(payload));
    return publicUrl + "/files/" + token + "/" + java.net.URLEncoder.encode(file.filename(), StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** Public: before authentication (the token is the permission). */
  public void mount(Router router) {
    router.get("/files/:token/:name").handler(this::serve);
  }

  private void serve(RoutingContext rc) {
    String[] parts = rc.pathParam("token").split("\\.", 2);
    String payload;
    try {
      payload = parts.length == 2 ? new String(UNB64.decode(parts[0]), StandardCharsets.UTF_8) : null;
      if (payload == null || !MessageDigest.isEqual(UNB64.decode(parts[1]), mac(payload))) {
        payload = null;
      }
    } catch (IllegalArgumentException e) {
      payload = null;
    }
    String[] fields = payload == null ? new String[0] : payload.split("\\|", 3);
    if (fields.length != 3 || Instant.ofEpochSecond(Long.parseLong(fields[1])).isBefore(clock.instant())) {
      rc.fail(RelayException.notFound("file"));
      return;
    }
    String contentType = fields[2];
    files.get(fields[0]).onSuccess(bytes -> {
      if (bytes.isEmpty()) {
        rc.fail(RelayException.notFound("file"));
        return;
      }
      rc.response()
          .putHeader("Content-Type", contentType)
          .putHeader("Content-Disposition", "attachment; filename*=UTF-8''"
              + java.net.URLEncoder.encode(rc.pathParam("name"), StandardCharsets.UTF_8).replace("+", "%20"))
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Content-Security-Policy", "sandbox; default-src 'none'")
          // The widget shows pictures as thumbnails on the company's site, a different origin.
          .putHeader("Cross-Origin-Resource-Policy", "cross-origin")
          .putHeader("Cache-Control", "private, no-store")
          .end(Buffer.buffer(bytes.get()));
    }).onFailure(rc::fail);
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return ByteBuffer.wrap(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8))).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
