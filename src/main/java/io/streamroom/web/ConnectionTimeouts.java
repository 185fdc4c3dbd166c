package io.streamroom.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Bounds how long an HTTP connection may hold a socket without giving us a whole request. A request's
 * head (and for the API its body) must arrive within the request timeout of its first byte, however
 * slowly it trickles; a keep-alive connection waiting for its next request is closed after the idle
 * timeout. A request in progress is never idle: an MJPEG response, a SockJS stream or a WebSocket lives as
 * long as it likes (their own protocols watch them). Vert.x's idle timeout cannot tell a trickle from
 * traffic, so the first byte of each request is seen by a small Netty handler at the head of the pipeline.
 * Used on the HTTP verticle's event loop only.
 */
final class ConnectionTimeouts {
  private static final Logger log = LoggerFactory.getLogger(ConnectionTimeouts.class);
  private static final String BODY_TIMER = "bodyTimer";

  private final Vertx vertx;
  private final long requestMillis;
  private final long idleMillis;
  private final Map<HttpConnection, Watch> watches = new HashMap<>();

  ConnectionTimeouts(Vertx vertx, long requestMillis, long idleMillis) {
    this.vertx = vertx;
    this.requestMillis = requestMillis;
    this.idleMillis = idleMillis;
  }

  /** The server's connection handler. */
  void connected(HttpConnection connection) {
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    connection.closeHandler(v -> {
      vertx.cancelTimer(watch.timer);
      watches.remove(connection);
    });
    if (connection instanceof ConnectionBase base) {
      base.channel().pipeline().addFirst(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          watch.bytesArrived();
          ctx.fireChannelRead(msg);
        }
      });
    }
    watch.headStarted();
  }

  /** The first route: a request's head is in. */
  void requestArrived(RoutingContext ctx) {
    Watch watch = watches.get(ctx.request().connection());
    if (watch != null) watch.requestArrived(ctx);
    ctx.next();
  }

  /** Before the API's body handler: the body must be in by the request's deadline too, or 408. */
  void bodyDeadline(RoutingContext ctx) {
    Watch watch = watches.get(ctx.request().connection());
    long left = watch == null ? requestMillis : watch.headStartedAt + requestMillis - System.currentTimeMillis();
    long timer = vertx.setTimer(Math.max(1, left), t -> {
      log.debug("Body of {} {} from {} too slow", ctx.request().method(), ctx.request().path(), ctx.request().remoteAddress());
      if (ctx.response().headWritten()) {
        ctx.request().connection().close();
      } else {
        ApiResponses.errorAndClose(ctx, 408, "REQUEST_TIMEOUT",
            "The request did not arrive within " + requestMillis / 1000 + " s.");
      }
    });
    ctx.put(BODY_TIMER, timer);
    ctx.addEndHandler(v -> vertx.cancelTimer(timer));
    ctx.next();
  }

  /** After the API's body handler: the body is in. */
  void bodyArrived(RoutingContext ctx) {
    Long timer = ctx.get(BODY_TIMER);
    if (timer != null) vertx.cancelTimer(timer);
    ctx.next();
  }

  /** One connection: requests in progress, and the one timer that may close it. */
  private final class Watch {
    private final HttpConnection connection;
    private long timer = -1;
    private int inProgress;
    private boolean waitingForHead;
    private long headStartedAt;
    private boolean upgraded;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    void bytesArrived() {
      if (inProgress == 0 && !waitingForHead && !upgraded) headStarted();
    }

    void headStarted() {
      waitingForHead = true;
      headStartedAt = System.currentTimeMillis();
      arm(requestMillis, "its request did not arrive within " + requestMillis + " ms");
    }

    void requestArrived(RoutingContext ctx) {
      vertx.cancelTimer(timer);
      waitingForHead = false;
      inProgress++;
      HttpServerRequest request = ctx.request();
      // A WebSocket keeps its connection: nothing here may close it, whatever the upgrade's response says.
      if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) upgraded = true;
      ctx.addEndHandler(v -> requestEnded(ctx));
    }

    private void requestEnded(RoutingContext ctx) {
      HttpServerRequest request = ctx.request();
      inProgress--;
      if (upgraded && ctx.response().getStatusCode() >= 400) upgraded = false; // the upgrade was refused
      if (!request.isEnded() && hasBody(request)) {
        // Answered before its body was read (refused, or not a route that takes one): reading the rest
        // would only waste our time and bandwidth, so the connection ends here, or after a lingering close
        // when the refusal takes care of that (closing at once could reset the answer away).
        if (ctx.get(ApiResponses.LINGERING) == null) connection.close();
        return;
      }
      if (inProgress == 0 && !upgraded) {
        arm(idleMillis, "idle for " + idleMillis + " ms");
      }
    }

    private void arm(long millis, String why) {
      vertx.cancelTimer(timer);
      timer = vertx.setTimer(millis, t -> {
        log.debug("Closing HTTP connection from {}: {}", connection.remoteAddress(), why);
        connection.close();
      });
    }
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return (length != null && !length.trim().equals("0")) || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }
}
