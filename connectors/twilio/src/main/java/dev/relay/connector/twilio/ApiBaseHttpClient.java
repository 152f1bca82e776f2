package dev.relay.connector.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;

/**
 * The Twilio SDK's HTTP-client extension point, used to send its requests to another API base
 * (a regional proxy, or the local Twilio test server in our tests) without patching the SDK: the
 * request is rebuilt with the same method, path, parameters, headers and auth on the new base. It
 * also sets Relay's own timeouts, so a hanging Twilio fails the call (to be retried) instead of
 * holding a worker thread.
 */
final class ApiBaseHttpClient extends HttpClient {

  private final URI base;
  private final NetworkHttpClient network;

  ApiBaseHttpClient(URI base, java.time.Duration timeout) {
    this.base = base;
    long ms = timeout.toMillis();
    RequestConfig timeouts = RequestConfig.custom()
        .setConnectTimeout(ms, TimeUnit.MILLISECONDS)
        .setConnectionRequestTimeout(ms, TimeUnit.MILLISECONDS)
        .setResponseTimeout(ms, TimeUnit.MILLISECONDS)
        .build();
    // The SDK puts its own request config (a 30 s wait for the answer) on every request; the first
    // step of the client's chain puts ours back, so a hanging Twilio times out when we said.
    this.network = new NetworkHttpClient(HttpClientBuilder.create().useSystemProperties()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout((int) ms, TimeUnit.MILLISECONDS).build())
            .setMaxConnPerRoute(10).setMaxConnTotal(20).build())
        .setDefaultRequestConfig(timeouts)
        .addExecInterceptorFirst("relay-timeouts", (request, scope, chain) -> {
          scope.clientContext.setRequestConfig(timeouts);
          return chain.proceed(request, scope);
        }));
  }

  /**
   * One attempt, never the SDK's own retries: it would post a text again after a 5xx or no
   * answer, which Twilio may have taken already (Messages have no idempotency key). Whether and
   * when to try again is Relay's, which knows what was sent (outbox, call jobs).
   */
  @Override
  public Response reliableRequest(Request request) {
    return makeRequest(request);
  }

  @Override
  public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
    return makeRequest(request);
  }

  @Override
  public Response makeRequest(Request request) {
    if (TwilioOptions.TWILIO_API.equals(base)) {
      return network.makeRequest(request);
    }
    URI original = URI.create(request.getUrl());
    String rewritten = base.getScheme() + "://" + base.getRawAuthority() + original.getRawPath();
    Request moved = new Request(request.getMethod(), rewritten);
    if (request.getAuthStrategy() != null) {
      moved.setAuth(request.getAuthStrategy());
    } else if (request.getUsername() != null) {
      moved.setAuth(request.getUsername(), request.getPassword());
    }
    moved.setContentType(request.getContentType());
    if (request.getBody() != null) {
      moved.setBody(request.getBody());
    }
    request.getPostParams().forEach((name, values) -> values.forEach(v -> moved.addPostParam(name, v)));
    request.getQueryParams().forEach((name, values) -> values.forEach(v -> moved.addQueryParam(name, v)));
    request.getHeaderParams().forEach((name, values) -> values.forEach(v -> moved.addHeaderParam(name, v)));
    return network.makeRequest(moved);
  }
}
