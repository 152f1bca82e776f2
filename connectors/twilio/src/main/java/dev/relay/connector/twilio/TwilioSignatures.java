package dev.relay.connector.twilio;

import com.twilio.security.RequestValidator;
import dev.relay.connector.spi.ChannelMetrics;
import dev.relay.connector.spi.RejectReason;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Twilio webhook must carry Twilio's signature over our public URL (as Twilio called it) and
 * its form parameters; the SDK's RequestValidator checks it. Unsigned or wrongly signed → 403, and
 * the handler never runs.
 */
final class TwilioSignatures {

  private static final Logger LOG = LoggerFactory.getLogger(TwilioSignatures.class);

  private final TwilioOptions options;
  private final RequestValidator validator;
  private final ChannelMetrics metrics;

  TwilioSignatures(TwilioOptions options, ChannelMetrics metrics) {
    this.options = options;
    this.metrics = metrics;
    this.validator = new RequestValidator(options.authToken());
  }

  void signed(RoutingContext rc, Consumer<RoutingContext> next) {
    String signature = rc.request().getHeader("X-Twilio-Signature");
    String url = options.publicUrl() + rc.request().uri();
    Map<String, String> params = new HashMap<>();
    rc.request().formAttributes().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    if (signature == null || !validator.validate(url, params, signature)) {
      metrics.rejected(RejectReason.BAD_SIGNATURE);
      LOG.atWarn().addKeyValue("path", rc.request().path()).log("Twilio webhook refused: missing or wrong signature");
      fail(rc, 403, "forbidden", "missing or wrong X-Twilio-Signature");
      return;
    }
    next.accept(rc);
  }

  static void fail(RoutingContext rc, int status, String code, String message) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"details\":[]}}");
  }
}
