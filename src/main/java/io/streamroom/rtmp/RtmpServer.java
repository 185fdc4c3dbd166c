package io.streamroom.rtmp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

import java.time.Duration;

/**
 * An RTMP ingest server for OBS, FFmpeg and other publishers, many at once (no playback). Each connection
 * does the handshake, connect, createStream and publish; {@link RtmpPublishers} decides about each publish
 * and gives the {@link RtmpSink} its media go to. Connections live on the event loop of the context that
 * called {@link #listen}.
 */
public final class RtmpServer {
  /** Publishers send C1 at once and C2 within a round trip: 10 s is a stuck client or not a publisher. */
  static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** A live publisher sends media many times a second: 30 s without a byte is a dead one. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final RtmpPublishers publishers;
  private final Duration handshakeTimeout;
  private final Duration idleTimeout;
  private NetServer server;

  public RtmpServer(Vertx vertx, RtmpPublishers publishers) {
    this(vertx, publishers, HANDSHAKE_TIMEOUT, IDLE_TIMEOUT);
  }

  /** With other timeouts: tests cross them without waiting for the real ones. */
  RtmpServer(Vertx vertx, RtmpPublishers publishers, Duration handshakeTimeout, Duration idleTimeout) {
    this.vertx = vertx;
    this.publishers = publishers;
    this.handshakeTimeout = handshakeTimeout;
    this.idleTimeout = idleTimeout;
  }

  /** @return the bound port (port 0 binds any free one) */
  public Future<Integer> listen(String host, int port) {
    if (server != null) throw new IllegalStateException("already listening");
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
    server.connectHandler(socket -> new RtmpConnection(vertx, socket, publishers, handshakeTimeout.toMillis(), idleTimeout.toMillis()));
    return server.listen(port, host).map(NetServer::actualPort);
  }

  /** Stops listening and closes every connection (their sinks end). */
  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
