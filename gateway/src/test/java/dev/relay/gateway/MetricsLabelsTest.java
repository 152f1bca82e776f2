package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.MutableClock;
import dev.relay.gateway.support.RawHttp;
import dev.relay.gateway.support.TestGateway;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An anonymous client must not be able to grow the metrics (and the heap) by inventing request methods. */
class MetricsLabelsTest {

  @TempDir
  Path data;

  @Test
  void inventedMethodsShareOneLabelInsteadOfAMeterEach() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = RelayVertx.create(registry);
    try (TestGateway gateway = TestGateway.start(vertx, data, Map.of(), new MutableClock(TestGateway.START), registry)) {
      // Raw requests, one connection each: what an attacker sends, with no client pool in the way.
      for (int i = 0; i < 200; i++) {
        String answer = RawHttp.exchange(vertx, gateway.port(),
            "BREW" + i + " /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 4"), answer);
      }
      String metrics = gateway.request(HttpMethod.GET, "/metrics", TestGateway.ADMIN_TOKEN, null).bodyAsString();
      assertFalse(metrics.contains("BREW"), "no invented name reaches the scrape");
      assertTrue(metrics.contains("method=\"OTHER\""), metrics);
      assertTrue(metrics.contains("method=\"GET\""), "real methods keep their label");
      Set<String> labels = registry.getMeters().stream().map(m -> m.getId().getTag("method"))
          .filter(Objects::nonNull).collect(Collectors.toSet());
      assertEquals(Set.of("GET", "OTHER"), labels, "200 invented methods share one label");
    } finally {
      Await.result(vertx.close());
    }
  }
}
