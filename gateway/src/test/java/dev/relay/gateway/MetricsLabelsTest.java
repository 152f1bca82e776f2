package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.support.Await;
import dev.relay.gateway.support.MutableClock;
import dev.relay.gateway.support.TestGateway;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
      HttpClient client = vertx.createHttpClient();
      for (int batch = 0; batch < 10; batch++) {
        List<Future<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          sent.add(send(client, gateway.port(), "BREW" + batch + "X" + i));
        }
        Await.result(Future.all(sent));
      }
      String metrics = gateway.request(HttpMethod.GET, "/metrics", TestGateway.ADMIN_TOKEN, null).bodyAsString();
      assertFalse(metrics.contains("BREW"), "no invented name reaches the scrape");
      assertTrue(metrics.contains("method=\"OTHER\""), metrics);
      assertTrue(metrics.contains("method=\"GET\""), "real methods keep their label");
      Set<String> labels = registry.getMeters().stream().map(m -> m.getId().getTag("method"))
          .filter(Objects::nonNull).collect(Collectors.toSet());
      assertEquals(Set.of("GET", "OTHER"), labels, "200 invented methods share one label");
      client.close();
    } finally {
      Await.result(vertx.close());
    }
  }

  private static Future<Integer> send(HttpClient client, int port, String method) {
    return client.request(HttpMethod.valueOf(method), port, "localhost", "/health/live")
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()))
        .recover(err -> Future.succeededFuture(-1));
  }
}
