package dev.relay.gateway.http;

import dev.relay.gateway.http.ClientConnections.Reason;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One connection's guard, just before Vert.x's handler in the Netty pipeline, where it sees decoded
 * requests and every answer. It drops a connection that sends no complete request head within the
 * header timeout of opening or of its last answer (slowloris, and idle keep-alive), a request whose
 * body stalls past the body timeout, and a peer that takes nothing we send for the write-stall
 * timeout. While a peer is not taking what we send it is not read either, so its pings and bad
 * frames cannot make us queue answers. All of it runs on the connection's event loop.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

  private final ClientConnections connections;
  private final String peer;
  /** The address whose slot this connection holds, or null (a trusted proxy's own connection). */
  private String counted;
  private ScheduledFuture<?> headerTimer;
  private ScheduledFuture<?> bodyTimer;
  private ScheduledFuture<?> stallTimer;
  private boolean webSocket;
  /** Requests whose answer is not complete yet (more than one when the client pipelines). */
  private int inFlight;
  private boolean readingStopped;

  ConnectionGuard(ClientConnections connections, String peer, String counted) {
    this.connections = connections;
    this.peer = peer;
    this.counted = counted;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    headerTimer = schedule(ctx, connections.limits().headerTimeout(), Reason.HEADER_TIMEOUT);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!webSocket && msg instanceof HttpRequest request) {
      headerTimer = cancel(headerTimer);
      inFlight++;
      if (isUpgrade(request) && counted == null && !takeForwardedSlot(request)) {
        ReferenceCountUtil.release(msg);
        refuse(ctx);
        return;
      }
      if (!(msg instanceof LastHttpContent)) {
        bodyTimer = schedule(ctx, connections.limits().bodyTimeout(), Reason.BODY_TIMEOUT);
      }
    } else if (!webSocket && msg instanceof LastHttpContent) {
      bodyTimer = cancel(bodyTimer);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!webSocket && msg instanceof HttpResponse response) {
      if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
        // A WebSocket now: its own rules (hello, auth, sizes) and the write stall apply, not the request timers.
        webSocket = true;
        headerTimer = cancel(headerTimer);
        bodyTimer = cancel(bodyTimer);
        // Vert.x puts the WebSocket's handler in the pipeline right after writing this answer.
        ctx.executor().execute(() -> UpgradedConnections.release(ctx.pipeline()));
      } else if (response.status().codeClass() != HttpStatusClass.INFORMATIONAL && msg instanceof LastHttpContent) {
        answered(ctx);
      }
    } else if (!webSocket && msg instanceof LastHttpContent) {
      answered(ctx);
    }
    ctx.write(msg, promise);
  }

  /** The answer is complete: the next request head is awaited (keep-alive), no longer than the header timeout. */
  private void answered(ChannelHandlerContext ctx) {
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight > 0) {
      return;
    }
    cancel(headerTimer);
    headerTimer = schedule(ctx, connections.limits().headerTimeout(), Reason.HEADER_TIMEOUT);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      stallTimer = cancel(stallTimer);
      if (readingStopped) {
        readingStopped = false;
        ctx.channel().config().setAutoRead(true);
      }
    } else {
      // What it sends us now would only be answered into the backlog (pongs, errors): stop reading it.
      readingStopped = true;
      ctx.channel().config().setAutoRead(false);
      cancel(stallTimer);
      stallTimer = schedule(ctx, connections.limits().writeStall(), Reason.WRITE_STALL);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel(headerTimer);
    cancel(bodyTimer);
    cancel(stallTimer);
    if (counted != null) {
      connections.release(counted);
      counted = null;
    }
    ctx.fireChannelInactive();
  }

  /** Through a trusted proxy, each forwarded client's WebSockets take its own slots. */
  private boolean takeForwardedSlot(HttpRequest request) {
    String client = connections.limits().proxies().client(peer, request.headers().get("X-Forwarded-For"));
    if (client.equals(peer)) {
      return true; // the proxy itself, or it named nobody: its connections are not counted
    }
    if (!connections.take(client)) {
      return false;
    }
    counted = client;
    return true;
  }

  private void refuse(ChannelHandlerContext ctx) {
    FullHttpResponse refused = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.TOO_MANY_REQUESTS,
        Unpooled.copiedBuffer("{\"error\":{\"code\":\"too_many_connections\",\"message\":\"too many open connections "
            + "from your address; close some and try again\",\"details\":[]}}", StandardCharsets.UTF_8));
    refused.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .set(HttpHeaderNames.CONTENT_LENGTH, refused.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, "close");
    ctx.writeAndFlush(refused).addListener(ChannelFutureListener.CLOSE);
  }

  private static boolean isUpgrade(HttpRequest request) {
    return "websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE));
  }

  private ScheduledFuture<?> schedule(ChannelHandlerContext ctx, Duration after, Reason reason) {
    return ctx.executor().schedule(() -> {
      connections.dropped(reason);
      // From this handler towards the socket: past Vert.x's handler, whose close would first wait
      // for everything queued to be sent, which a peer that does not read never lets happen.
      ctx.close();
    }, after.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Null, for the field that held the timer: a cancelled task still holds its closure (this guard's
   * context), which every idle WebSocket would keep for as long as it is open.
   */
  private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
    return null;
  }
}
