package dev.relay.connector.twilio;

import dev.relay.connector.spi.Calls.RecordingAudio;
import dev.relay.connector.spi.Calls.RecordingMissing;
import dev.relay.connector.spi.ChannelMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Streams a recording's audio from Twilio, as its REST API documents: {@code GET
 * /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3} with the account's basic auth.
 * Twilio may answer with a redirect to its media storage, a pre-signed address that refuses a
 * second authentication: that hop is followed without the credentials. Non-blocking (Vert.x's own
 * client), so no worker thread is held for the length of a recording.
 */
final class RecordingMedia {

  private static final Pattern SID = Pattern.compile("RE[0-9a-fA-F]{32}");
  private static final int MAX_REDIRECTS = 3;

  private final TwilioOptions options;
  private final HttpClient client;
  private final ChannelMetrics metrics;

  RecordingMedia(TwilioOptions options, Vertx vertx, ChannelMetrics metrics) {
    this.options = options;
    this.metrics = metrics;
    int timeout = (int) options.timeout().toMillis();
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout)
        .setIdleTimeout(timeout).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS));
  }

  Future<RecordingAudio> fetch(String recordingSid) {
    if (recordingSid == null || !SID.matcher(recordingSid).matches()) {
      return Future.failedFuture(new RecordingMissing(String.valueOf(recordingSid)));
    }
    String url = options.apiBase().toString().replaceAll("/+$", "") + "/2010-04-01/Accounts/" + options.accountSid()
        + "/Recordings/" + recordingSid + ".mp3";
    String auth = "Basic " + Base64.getEncoder().encodeToString((options.accountSid() + ":" + options.authToken())
        .getBytes(StandardCharsets.UTF_8));
    // A connection that fails or times out counts as a failed fetch too, not only an error status.
    return get(url, auth, 0).onFailure(err -> metrics.providerFetch(false)).compose(response -> {
      if (response.statusCode() == 200) {
        metrics.providerFetch(true);
        String length = response.getHeader("Content-Length");
        return Future.succeededFuture(new RecordingAudio(response.getHeader("Content-Type") == null ? "audio/mpeg"
            : response.getHeader("Content-Type"), length == null ? -1 : Long.parseLong(length), response));
      }
      response.resume();
      if (response.statusCode() == 404) {
        metrics.providerFetch(false);
        return Future.failedFuture(new RecordingMissing(recordingSid));
      }
      metrics.providerFetch(false);
      return Future.failedFuture(new IllegalStateException("Twilio answered " + response.statusCode()
          + " for recording " + recordingSid));
    });
  }

  /** One GET, paused as it arrives so not a byte is lost before the caller pipes it; redirects without the credentials. */
  private Future<HttpClientResponse> get(String url, String authorization, int hops) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .setTimeout(options.timeout().toMillis());
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return client.request(request).compose(r -> r.send()).compose(response -> {
      response.pause();
      String location = response.getHeader("Location");
      if (response.statusCode() / 100 == 3 && location != null && hops < MAX_REDIRECTS) {
        response.resume();
        return get(java.net.URI.create(url).resolve(location).toString(), null, hops + 1);
      }
      return Future.succeededFuture(response);
    });
  }

  Future<Void> close() {
    return client.close();
  }
}
