package dev.relay.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a real server (redis-server, a replica's link to its master) that a test
 * can freeze: while frozen, bytes are accepted but held, in both directions, as a hung network or
 * a stalled peer would; {@link #unfreeze()} lets them through in order. Plain threads, off every
 * event loop.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private volatile int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean frozen;
  private volatile boolean closed;

  private TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  /** A proxy on a free loopback port forwarding to {@code targetPort} on loopback. */
  public static TcpProxy to(int targetPort) {
    try {
      TcpProxy proxy = new TcpProxy(targetPort);
      Thread accept = new Thread(proxy::accept, "tcp-proxy-accept");
      accept.setDaemon(true);
      accept.start();
      return proxy;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  public String redisUrl() {
    return "redis://127.0.0.1:" + port();
  }

  /**
   * Sends new connections to {@code port} and closes the open ones, as a Sentinel-aware client
   * finds the new master after a failover.
   */
  public void retarget(int port) {
    targetPort = port;
    sockets.forEach(TcpProxy::quietlyClose);
    sockets.clear();
  }

  /** From now on nothing passes (connections stay open). */
  public void freeze() {
    frozen = true;
  }

  public void unfreeze() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          awaitThawed();
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // one side closed: close the other
      } finally {
        quietlyClose(from);
        quietlyClose(to);
      }
    }, "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void awaitThawed() throws InterruptedException {
    synchronized (gate) {
      while (frozen && !closed) {
        gate.wait(100);
      }
    }
  }

  private static void quietlyClose(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    unfreeze();
    try {
      listener.close();
    } catch (IOException ignored) {
      // already closed
    }
    sockets.forEach(TcpProxy::quietlyClose);
  }
}
