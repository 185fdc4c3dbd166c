package io.streamroom.tcp;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.connlog.ConnectionLog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The telnet door: accepts TCP connections and gives each a {@link TelnetSession}. Deployed once per
 * core; Vert.x spreads connections over the instances, and the node-wide {@link ChannelFanout} lets users
 * on different instances share channels.
 */
public final class TcpChatVerticle extends VerticleBase {
  /** How long users get to receive the goodbye line when the server stops. */
  private static final long SHUTDOWN_GRACE_MILLIS = 2000;
  private static final String GOODBYE = "The server is going down. Bye.";

  private final TcpSettings settings;
  private final ChannelFanout fanout;
  private final ConnectionLog connectionLog;
  private final Set<TelnetSession> sessions = new HashSet<>();
  private NetServer server;
  private OutputBatch batch;

  private TcpChatVerticle(TcpSettings settings, ChannelFanout fanout, ConnectionLog connectionLog) {
    this.settings = settings;
    this.fanout = fanout;
    this.connectionLog = connectionLog;
  }

  /** A factory for every instance on this node; they share one fan-out. */
  public static Supplier<TcpChatVerticle> factory(Config config, Vertx vertx, ConnectionLog connectionLog) {
    TcpSettings settings = TcpSettings.from(config);
    ChannelFanout fanout = new ChannelFanout(vertx, settings.httpBase());
    return () -> new TcpChatVerticle(settings, fanout, connectionLog);
  }

  @Override
  public Future<?> start() {
    batch = new OutputBatch(context);
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setTcpKeepAlive(true));
    server.connectHandler(this::accept);
    return server.listen(settings.port(), settings.host()).recover(e -> Future.failedFuture(ConfigException.of(
        Setting.TCP_PORT, "cannot listen on " + settings.host() + ":" + settings.port() + " (" + e.getMessage() + ")")));
  }

  private void accept(NetSocket socket) {
    KeepAlive.apply(socket, settings.keepAliveSeconds());
    TelnetSession session = new TelnetSession(vertx, socket, fanout, settings, batch, connectionLog);
    sessions.add(session);
    session.onClose(() -> sessions.remove(session));
    session.start();
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> goodbyes = new ArrayList<>();
    for (TelnetSession session : List.copyOf(sessions)) {
      goodbyes.add(session.shutdown(GOODBYE));
    }
    if (!goodbyes.isEmpty()) {
      connectionLog.record(ConnectionEvent.NOTIFICATION_SENT, "server", "to " + goodbyes.size()
          + (goodbyes.size() == 1 ? " telnet user: " : " telnet users: ") + GOODBYE);
    }
    return Future.join(goodbyes)
        .timeout(SHUTDOWN_GRACE_MILLIS, TimeUnit.MILLISECONDS)
        .transform(done -> server.close());
  }
}
