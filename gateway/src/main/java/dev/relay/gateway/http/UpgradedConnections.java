package dev.relay.gateway.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of the HTTP connection a WebSocket was upgraded from (decision 0031). Vert.x 5.0 keeps,
 * in the handler the upgrade puts in the pipeline, the factory that made the WebSocket's connection,
 * and the factory holds the HTTP connection, its request, response, headers and write queue: 6.4 KiB
 * for as long as the WebSocket is open, a third of an idle chat socket. The factory has run by then
 * ({@code handlerAdded}, once) and is never read again; dropping it changes nothing but what the
 * garbage collector may take. Should Vert.x rename the field, nothing is released and the test that
 * watches the upgraded connection being collected fails.
 */
final class UpgradedConnections {

  private static final Logger LOG = LoggerFactory.getLogger(UpgradedConnections.class);
  /** The handler's factory, or null when this Vert.x has no such field (then nothing is released). */
  private static final Field FACTORY = factoryField();

  private UpgradedConnections() {
  }

  /** Once the upgrade has put the WebSocket's own handler in {@code pipeline}: drops its factory. */
  static void release(ChannelPipeline pipeline) {
    ChannelHandler handler = pipeline.get("handler");
    // Still the HTTP connection's handler (the upgrade failed, or has not replaced it): nothing to drop.
    if (FACTORY == null || !(handler instanceof VertxHandler<?> upgraded) || upgraded.getConnection() == null
        || upgraded.getConnection() instanceof HttpConnection) {
      return;
    }
    try {
      FACTORY.set(upgraded, null);
    } catch (IllegalAccessException | RuntimeException e) {
      LOG.atDebug().setCause(e).log("the upgraded HTTP connection stays referenced");
    }
  }

  private static Field factoryField() {
    try {
      Field field = VertxHandler.class.getDeclaredField("connectionFactory");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.atWarn().addKeyValue("error", e.toString())
          .log("Vert.x's upgrade handler has no factory to drop: each WebSocket keeps its HTTP connection");
      return null;
    }
  }
}
