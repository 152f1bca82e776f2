package dev.relay.connector.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;

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
    this.network = new NetworkHttpClient(org.apache.hc.client5.http.config.RequestConfig.custom()
        .setConnectTimeout(ms, java.util.concurrent.TimeUnit.MILLISECONDS)
        .setConnectionRequestTimeout(ms, java.util.concurrent.TimeUnit.MILLISECONDS)
        .setResponseTimeout(ms, java.util.concurrent.TimeUnit.MILLISECONDS)
        .build());
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
