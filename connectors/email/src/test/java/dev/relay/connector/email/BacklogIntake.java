package dev.relay.connector.email;

import dev.relay.connector.spi.testing.RecordingSink;
import dev.relay.connector.spi.testing.TestContexts;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The connector alone in a JVM of its own, started by {@link BacklogMemoryTest} with a small heap:
 * takes the mailbox's backlog and says how many mails it stored. An OutOfMemoryError ends the
 * process (-XX:+ExitOnOutOfMemoryError), as it ends the gateway's container.
 */
public final class BacklogIntake {

  private BacklogIntake() {
  }

  /** @param args the IMAP URL, the SMTP URL, how many mails to wait for */
  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    RecordingSink sink = new RecordingSink();
    EmailConnector connector = new EmailConnector(EmailOptions.parse(args[0], args[1], "support@acme.test",
        Duration.ofMillis(500), null), EmailConnectorTest.KEY);
    connector.start(TestContexts.builder(vertx).inbound(sink).build()).toCompletionStage().toCompletableFuture().get();
    int expected = Integer.parseInt(args[2]);
    RecordingSink.waitUntil(() -> sink.stored().size() >= expected, Duration.ofMinutes(5));
    System.out.println("stored " + sink.stored().size() + " of " + expected + " with a heap of "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    connector.stop().toCompletionStage().toCompletableFuture().get();
    vertx.close();
    System.exit(0);
  }
}
