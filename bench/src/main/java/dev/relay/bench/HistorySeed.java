package dev.relay.bench;

import dev.relay.connector.spi.Address;
import dev.relay.gateway.domain.Conversation;
import dev.relay.gateway.domain.Customer;
import dev.relay.gateway.domain.Satisfaction;
import dev.relay.gateway.store.Store;
import dev.relay.gateway.store.embedded.EmbeddedStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Customers with a long past, written through the gateway's own store before the gateway starts
 * (a thousand conversations each would otherwise be a thousand HTTP round trips): each has the
 * phone number {@code String.format(numbers, i)} and {@code past} resolved conversations, the
 * newest one rated. Run by {@link Bench} as its own process, with the gateway's jar on the class path:
 * {@code HistorySeed <data dir> <customers> <past> <numbers>}. The embedded store only: the scenario
 * runs on the gateway that runs every phase.
 */
public final class HistorySeed {

  private HistorySeed() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    Clock clock = Clock.systemUTC();
    Store store = EmbeddedStore.open(vertx, Path.of(args[0]), clock).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    int customers = Integer.parseInt(args[1]);
    int past = Integer.parseInt(args[2]);
    Instant start = clock.instant().minus(Duration.ofDays(past));
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < customers; i++) {
      Address phone = new Address(Address.PHONE, String.format(args[3], i));
      Customer draft = Customer.first("cus_past" + i, phone, null, start);
      all.add(store.customers().findOrCreate(phone, draft).compose(c -> conversations(store, c.id(), past, start)));
    }
    Future.all(all).toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    store.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.println("seeded " + customers + " customers with " + past + " past conversations each");
    System.exit(0);
  }

  /** One conversation after another, as they happened: opened, resolved the next day; the last one rated. */
  private static Future<Void> conversations(Store store, String customerId, int past, Instant start) {
    Future<Void> chain = Future.succeededFuture();
    for (int n = 0; n < past; n++) {
      Instant day = start.plus(Duration.ofDays(n));
      boolean last = n == past - 1;
      String id = "cnv_" + customerId + "_" + n;
      chain = chain.compose(v -> store.conversations().openFor(customerId,
              Conversation.open(id, customerId, null, "sms", day, null)))
          .compose(opened -> store.conversations().update(id, c -> {
            Conversation resolved = c.resolved(day.plus(Duration.ofHours(2)));
            return last ? resolved.surveyed(Satisfaction.asked("agt_past", day).answered(4, day)) : resolved;
          }))
          .mapEmpty();
    }
    return chain;
  }
}
