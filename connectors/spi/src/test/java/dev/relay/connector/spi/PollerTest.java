package dev.relay.connector.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PollerTest {

  private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10), 2);

  @Test
  void waitsTheIntervalAfterSuccessAndBacksOffAfterFailuresInARow(Vertx vertx) {
    Poller poller = new Poller(vertx, Duration.ofSeconds(1), BACKOFF, Future::succeededFuture);
    List<Duration> waits = new ArrayList<>();
    for (boolean succeeded : new boolean[] {true, false, false, false, false, true, false}) {
      waits.add(poller.next(succeeded));
    }
    assertEquals(List.of(1L, 2L, 4L, 8L, 10L, 1L, 2L), waits.stream().map(Duration::toSeconds).toList(),
        "a success resets the count");
  }

  @Test
  void runsPassesOneAfterAnotherOnTimersUntilStopped(Vertx vertx, VertxTestContext test) {
    AtomicInteger passes = new AtomicInteger();
    AtomicInteger underWay = new AtomicInteger();
    Poller[] poller = new Poller[1];
    poller[0] = new Poller(vertx, Duration.ofMillis(1), Backoff.fixed(Duration.ofMillis(1)), () -> {
      test.verify(() -> assertEquals(0, underWay.getAndIncrement(), "never two passes at once"));
      int n = passes.incrementAndGet();
      if (n == 5) {
        poller[0].stop();
        vertx.setTimer(50, id -> test.verify(() -> {
          assertEquals(5, passes.get(), "no pass after stop");
          assertFalse(poller[0].running());
          test.completeNow();
        }));
      }
      // Completes later, on a timer, so an overlapping pass would show.
      return vertx.timer(2).onComplete(r -> underWay.decrementAndGet())
          .compose(v -> n % 2 == 0 ? Future.failedFuture("down") : Future.succeededFuture());
    });
    poller[0].start(Duration.ZERO);
  }

  @Test
  void aPassThatThrowsCountsAsAFailure(Vertx vertx, VertxTestContext test) {
    AtomicInteger passes = new AtomicInteger();
    Poller[] poller = new Poller[1];
    poller[0] = new Poller(vertx, Duration.ofMillis(1), Backoff.fixed(Duration.ofMillis(1)), () -> {
      if (passes.incrementAndGet() == 2) {
        poller[0].stop();
        test.completeNow();
      }
      throw new IllegalStateException("bug in the pass");
    });
    poller[0].start(Duration.ZERO);
  }
}
