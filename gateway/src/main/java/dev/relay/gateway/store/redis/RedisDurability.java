package dev.relay.gateway.store.redis;

import dev.relay.gateway.domain.RelayException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.function.Function;

/**
 * How many replicas must have an inbound message before it is acknowledged to its channel, and how
 * long to wait for them ({@code WAIT}). Redis replicates asynchronously: a master that acks a
 * write and dies before a replica got it loses it when that replica is promoted. With
 * {@code replicas} null ("auto") Relay waits for one replica whenever the master has any, and for
 * none on a master without replicas; 0 never waits. On a Cluster each master the write reached is
 * asked on its own ({@link ClusterDurableWrite}).
 */
public record RedisDurability(Integer replicas, Duration timeout) {

  public static final RedisDurability AUTO = new RedisDurability(null, Duration.ofSeconds(1));

  /** "auto" or a count, as configured. */
  public static RedisDurability of(String replicas, Duration timeout) {
    return new RedisDurability("auto".equals(replicas) ? null : Integer.valueOf(replicas), timeout);
  }

  boolean off() {
    return replicas != null && replicas == 0;
  }

  /** The replicas to wait for, given how many the master has now. */
  int needed(int connected) {
    return replicas == null ? Math.min(1, connected) : replicas;
  }

  /** The replicas connected to the node that answered {@code role} ({@code ROLE}); none for a node that is not a master. */
  static int connectedReplicas(Response role) {
    return "master".equals(role.get(0).toString()) ? role.get(2).size() : 0;
  }

  /**
   * {@code WAIT count timeout} on {@code connection}, the one that made the writes; fewer replicas
   * in time → "unavailable" (not acknowledged, the channel sends it again).
   */
  Future<Void> confirm(Function<Request, Future<Response>> connection, int count) {
    if (count == 0) {
      return Future.succeededFuture();
    }
    return connection.apply(Request.cmd(Command.WAIT).arg(count).arg(timeout.toMillis())).compose(acked ->
        acked.toInteger() >= count ? Future.<Void>succeededFuture()
            : Future.failedFuture(RelayException.unavailable("stored, but only " + acked.toInteger() + " of " + count
                + " Redis replica(s) confirmed it within " + timeout.toMillis() + " ms; not acknowledged, send it again")));
  }
}
