package dev.relay.gateway;

import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The Vert.x instance with its HTTP, pool and JVM metrics in the gateway's registry. Every label
 * comes from a closed set: Netty accepts any request method name, and labelling requests with the
 * raw name let a client create a meter per invented method until the heap was gone.
 */
public final class RelayVertx {

  private static final Set<HttpMethod> KNOWN_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

  private RelayVertx() {
  }

  public static Vertx create(PrometheusMeterRegistry registry) {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metricsOptions()))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  private static MicrometerMetricsOptions metricsOptions() {
    Set<Label> labels = EnumSet.copyOf(MicrometerMetricsOptions.DEFAULT_LABELS);
    labels.remove(Label.HTTP_METHOD);
    return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        .setLabels(labels)
        .setServerRequestTagsProvider(RelayVertx::methodTag)
        .setClientRequestTagsProvider(RelayVertx::methodTag);
  }

  /** The request's method as the label Vert.x would give it, or "OTHER" for a name no route serves. */
  private static Iterable<Tag> methodTag(HttpRequest request) {
    HttpMethod method = request.method();
    return List.of(Tag.of("method", KNOWN_METHODS.contains(method) ? method.name() : "OTHER"));
  }
}
