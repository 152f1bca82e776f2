package dev.relay.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain TCP socket that does the handshake and then never reads: the peer
 * a slowloris script or a stuck phone is. Its receive buffer is small, so what the gateway sends it
 * piles up on the gateway's side, as it would across the internet.
 */
public final class SilentPeer implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  private SilentPeer(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
  }

  /** Connects to {@code path} and reads the 101 answer's head only. */
  public static SilentPeer upgrade(int port, String path) {
    try {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
      SilentPeer peer = new SilentPeer(socket);
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      peer.out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String head = peer.readHead();
      if (!head.startsWith("HTTP/1.1 101")) {
        throw new AssertionError("no upgrade: " + head);
      }
      return peer;
    } catch (IOException e) {
      throw new AssertionError("could not connect", e);
    }
  }

  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder();
    socket.setSoTimeout(5_000);
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** A masked text frame, as a browser sends it. */
  public static byte[] text(String text) {
    return frame(0x1, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A masked ping with the largest payload a control frame may carry (125 bytes): each asks for a pong as big. */
  public static byte[] ping() {
    return frame(0x9, new byte[125]);
  }

  private static byte[] frame(int opcode, byte[] payload) {
    if (payload.length > 125) {
      throw new IllegalArgumentException("short frames only");
    }
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) (0x80 | opcode);
    frame[1] = (byte) (0x80 | payload.length);
    // The mask is all zeros: allowed, and the payload is then sent as is.
    System.arraycopy(payload, 0, frame, 6, payload.length);
    return frame;
  }

  /**
   * Sends {@code frame} again and again, up to {@code budget} bytes, never reading; stops early when
   * the gateway stops taking them and drops the connection.
   *
   * @return the bytes sent
   */
  public long flood(byte[] frame, long budget, Duration within) {
    long sent = 0;
    long deadline = System.nanoTime() + within.toNanos();
    byte[] batch = new byte[frame.length * Math.max(1, 8192 / frame.length)];
    for (int i = 0; i + frame.length <= batch.length; i += frame.length) {
      System.arraycopy(frame, 0, batch, i, frame.length);
    }
    // A blocked write returns only when the gateway reads or drops us: give up at the deadline.
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(within.toMillis());
        socket.close();
      } catch (InterruptedException | IOException ignored) {
        // the flood ended first
      }
    }, "silent-peer-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      while (sent < budget && System.nanoTime() < deadline) {
        out.write(batch);
        sent += batch.length;
      }
    } catch (IOException dropped) {
      // the gateway closed the connection
    } finally {
      watchdog.interrupt();
    }
    return sent;
  }

  /**
   * True when the gateway has dropped the connection within {@code within}: reading (now, at last)
   * reaches the end or a reset instead of an endless backlog.
   */
  public boolean droppedWithin(Duration within) {
    if (socket.isClosed()) {
      return false; // we gave up on a blocked flood ourselves: the gateway never dropped us
    }
    long deadline = System.nanoTime() + within.toNanos();
    byte[] sink = new byte[65536];
    try {
      socket.setSoTimeout(200);
      while (System.nanoTime() < deadline) {
        try {
          if (in.read(sink) < 0) {
            return true;
          }
        } catch (java.net.SocketTimeoutException quiet) {
          // the connection is open and silent: keep looking until the deadline
        }
      }
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
