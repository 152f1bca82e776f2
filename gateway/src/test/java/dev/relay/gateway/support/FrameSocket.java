package dev.relay.gateway.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A real WebSocket client that keeps every JSON frame it receives, for a test to take in any order. */
public final class FrameSocket implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket ws;
  private final List<JsonObject> received = new ArrayList<>();
  private volatile boolean closed;

  private FrameSocket(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(text -> {
      synchronized (received) {
        received.add(new JsonObject(text));
        received.notifyAll();
      }
    });
    ws.closeHandler(v -> {
      closed = true;
      synchronized (received) {
        received.notifyAll();
      }
    });
  }

  public static FrameSocket connect(Vertx vertx, int port, String path) {
    return connect(vertx, port, path, Map.of());
  }

  /** A socket whose upgrade request carries these headers (a browser's Cookie and Origin). */
  public static FrameSocket connect(Vertx vertx, int port, String path, Map<String, String> headers) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setPort(port).setHost("localhost").setURI(path);
    headers.forEach(options::addHeader);
    WebSocket ws = Await.result(client.connect(options));
    return new FrameSocket(client, ws);
  }

  public FrameSocket send(JsonObject frame) {
    Await.result(ws.writeTextMessage(frame.encode()));
    return this;
  }

  public FrameSocket sendRaw(String text) {
    Await.result(ws.writeTextMessage(text));
    return this;
  }

  /** Takes the first frame received (now or within the timeout) that matches. */
  public JsonObject next(Predicate<JsonObject> matching, String description) {
    long deadline = System.currentTimeMillis() + Await.TIMEOUT.toMillis();
    synchronized (received) {
      while (true) {
        for (int i = 0; i < received.size(); i++) {
          if (matching.test(received.get(i))) {
            return received.remove(i);
          }
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || closed) {
          return fail("no frame " + description + " (closed=" + closed + "); received: " + received);
        }
        try {
          received.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return fail("interrupted");
        }
      }
    }
  }

  public JsonObject next(String type) {
    return next(f -> type.equals(f.getString("type")), "of type " + type);
  }

  /** Asserts that no frame matching arrives within a short quiet period. */
  public void expectNone(Predicate<JsonObject> matching, String description, long quietMs) {
    long deadline = System.currentTimeMillis() + quietMs;
    synchronized (received) {
      while (System.currentTimeMillis() < deadline) {
        for (JsonObject frame : received) {
          if (matching.test(frame)) {
            fail("unexpected frame " + description + ": " + frame);
          }
        }
        try {
          received.wait(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  public boolean isClosed() {
    return closed;
  }

  public Short closeStatus() {
    return ws.closeStatusCode();
  }

  public void waitClosed() {
    long deadline = System.currentTimeMillis() + Await.TIMEOUT.toMillis();
    synchronized (received) {
      while (!closed) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          fail("socket still open; received: " + received);
        }
        try {
          received.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      Await.result(ws.close());
    }
    client.close();
  }
}
