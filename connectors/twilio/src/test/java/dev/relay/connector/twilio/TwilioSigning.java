package dev.relay.connector.twilio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How Twilio signs a webhook, as its helper libraries compute it (twilio-node's
 * {@code getExpectedTwilioSignature}, twilio-python's {@code compute_signature}):
 * {@code base64(HMAC-SHA1(auth token, URL + each parameter name, sorted, followed by each of its
 * distinct values, sorted))}; a JSON webhook instead carries {@code bodySHA256} (hex SHA-256 of the
 * body) in its URL and is signed over the URL alone. For what plays Twilio's part: the local test
 * server and the load generator; Relay's own check is {@code TwilioSignatures}.
 */
public final class TwilioSigning {

  private TwilioSigning() {
  }

  public static String sign(String authToken, String url, Map<String, String> params) {
    return sign("HmacSHA1", authToken, url, params.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
  }

  /** A form where a name may come more than once, as posted, signed with {@code algorithm} (HmacSHA1, HmacSHA256). */
  public static String sign(String algorithm, String authToken, String url, List<Map.Entry<String, String>> form) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>(form.stream().distinct().toList());
    pairs.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
    StringBuilder data = new StringBuilder(url);
    pairs.forEach(p -> data.append(p.getKey()).append(p.getValue()));
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), algorithm));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The URL Twilio calls for a JSON body: {@code url} with the body's hash as {@code bodySHA256}. */
  public static String withBodyHash(String url, String body) {
    try {
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
      return url + (url.contains("?") ? "&" : "?") + "bodySHA256=" + hash;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
